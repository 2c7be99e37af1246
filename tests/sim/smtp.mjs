// A real SMTP server on loopback (RFC 5321: 220 greeting, EHLO/HELO, MAIL FROM, RCPT TO, DATA with
// dot-unstuffing, RSET, NOOP, QUIT) and a checker of the RFC 5322 / MIME message it receives.
import { createServer } from 'node:net';

const HOST = 'sim.parley.test';
const ADDRESS = /^<([^<>\s]*)>(?:\s+(.*))?$/;

/**
 * Listens on 127.0.0.1; `onMessage({from, to, data, errors})` is called for each DATA and resolves
 * to the reply ("250 …", or a fault such as "451 …"). Resolves to {port, close()}.
 */
export function startSmtp(onMessage) {
  const sockets = new Set();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buf = Buffer.alloc(0);
    let greeted = false;
    let tx = null;           // {from, to:[]} once MAIL FROM is accepted
    let data = null;         // the DATA lines while reading them
    let bareLf = false;
    // State changes at once, in the order commands arrive (pipelining); replies go out in that
    // order too, each after the one before (a DATA reply waits for onMessage).
    let queue = Promise.resolve();
    const write = (line) => { if (!socket.destroyed) socket.write(`${line}\r\n`); };
    const say = (line) => { queue = queue.then(() => write(line)); };

    function command(line) {
      const verb = line.slice(0, 4).toUpperCase();
      const arg = line.slice(4).trim();
      if (verb === 'EHLO' || verb === 'HELO') {
        if (!arg) return say('501 5.5.4 Syntax: EHLO hostname');
        greeted = true; tx = null;
        if (verb === 'HELO') return say(`250 ${HOST}`);
        return say([`250-${HOST} greets ${arg}`, '250-8BITMIME', '250-SMTPUTF8', '250-SIZE 26214400', '250 PIPELINING'].join('\r\n'));
      }
      if (verb === 'QUIT') { say('221 2.0.0 Bye'); queue = queue.then(() => socket.end()); return; }
      if (verb === 'NOOP') return say('250 2.0.0 OK');
      if (verb === 'RSET') { tx = null; return say('250 2.0.0 OK'); }
      if (verb === 'MAIL') {
        if (!greeted) return say('503 5.5.1 EHLO first');
        if (tx) return say('503 5.5.1 Nested MAIL command');
        const m = ADDRESS.exec(/^FROM:\s*(.*)$/i.exec(line.slice(5))?.[1] ?? '');
        if (!m) return say('501 5.1.7 Syntax: MAIL FROM:<address>');
        tx = { from: m[1], to: [], params: m[2] ?? '' };
        return say('250 2.1.0 OK');
      }
      if (verb === 'RCPT') {
        if (!tx) return say('503 5.5.1 MAIL first');
        const m = ADDRESS.exec(/^TO:\s*(.*)$/i.exec(line.slice(5))?.[1] ?? '');
        if (!m || !m[1].includes('@')) return say('501 5.1.3 Syntax: RCPT TO:<address>');
        tx.to.push(m[1]);
        return say('250 2.1.5 OK');
      }
      if (verb === 'DATA') {
        if (!tx || !tx.to.length) return say('503 5.5.1 RCPT first');
        data = []; bareLf = false;
        return say('354 End data with <CR><LF>.<CR><LF>');
      }
      return say('500 5.5.2 Command not recognized');
    }

    function dataLine(line) {
      if (line === '.') {
        const msg = { ...tx, data: data.join('\r\n') + (data.length ? '\r\n' : ''), bareLf };
        data = null; tx = null;
        queue = queue.then(() => onMessage(msg)).then(write, (e) => write(`451 4.3.0 ${e.message}`));
        return;
      }
      data.push(line.startsWith('.') ? line.slice(1) : line);   // dot-unstuffing
    }

    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (let end; (end = buf.indexOf('\r\n')) >= 0;) {
        const raw = buf.subarray(0, end);
        buf = buf.subarray(end + 2);
        const line = raw.toString('utf8');
        if (!data) { command(line); continue; }
        if (line.includes('\n')) bareLf = true;
        for (const part of line.split('\n')) if (data) dataLine(part); else command(part);
      }
    });
    say(`220 ${HOST} ESMTP simulator ready`);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({
      port: server.address().port,
      close: () => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
    }));
  });
}

// ---- RFC 5322 / MIME ------------------------------------------------------------------------

const MSG_ID = /<[^<>@\s]+@[^<>@\s]+>/g;
const DATE = /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s+)?\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{4}\s+\d{2}:\d{2}(?::\d{2})?\s+(?:[+-]\d{4}|GMT|UT)$/;

/** Header fields of an entity (unfolded, names lower-cased; repeated names kept in order) and its body. */
export function splitEntity(text) {
  const cut = text.indexOf('\r\n\r\n');
  const head = cut < 0 ? text : text.slice(0, cut);
  const body = cut < 0 ? '' : text.slice(cut + 4);
  const fields = [];
  for (const line of head.split('\r\n')) {
    if (/^[ \t]/.test(line) && fields.length) fields.at(-1)[1] += ` ${line.trim()}`;
    else if (line) {
      const colon = line.indexOf(':');
      fields.push(colon > 0 ? [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] : [line, null]);
    }
  }
  return { fields, body, hasBody: cut >= 0 };
}

const param = (value, name) => {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value ?? '');
  return m ? (m[1] ?? m[2]) : null;
};

function checkEntity(text, path, errors, top) {
  const { fields, body, hasBody } = splitEntity(text);
  const get = (n) => fields.find(([k]) => k === n)?.[1];
  for (const [k, v] of fields) if (v === null) errors.push(`${path}: header line without a colon: ${k.slice(0, 40)}`);
  if (top && !hasBody) errors.push('no empty line between the header and the body');
  for (const [k, v] of fields) {
    if (v !== null && /[^\x00-\x7f]/.test(v) && !top?.smtputf8) errors.push(`${path}${k}: non-ASCII header text must be RFC 2047 encoded`);
  }
  const type = (get('content-type') ?? 'text/plain').toLowerCase();
  const cte = (get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (!['7bit', '8bit', 'binary', 'quoted-printable', 'base64'].includes(cte)) errors.push(`${path}content-transfer-encoding: unknown ${cte}`);
  if (cte === 'quoted-printable') {
    body.split('\r\n').forEach((l, i) => {
      if (Buffer.byteLength(l) > 76) errors.push(`${path}body line ${i + 1}: quoted-printable line over 76 characters`);
      if (/=(?![0-9A-F]{2}|$)/.test(l)) errors.push(`${path}body line ${i + 1}: bad quoted-printable escape`);
      if (/[^\x20-\x7e\t]/.test(l)) errors.push(`${path}body line ${i + 1}: raw octet in quoted-printable`);
    });
  }
  if (type.startsWith('text/') && /[^\x00-\x7f]/.test(body) && cte === '7bit') errors.push(`${path}body: 8-bit text declared 7bit`);
  if (type.startsWith('multipart/')) {
    const boundary = param(get('content-type'), 'boundary');
    if (!boundary) { errors.push(`${path}content-type: multipart without a boundary`); return; }
    if (boundary.length > 70) errors.push(`${path}content-type: boundary over 70 characters`);
    const lines = body.split('\r\n');
    const opens = lines.map((l, i) => (l.trimEnd() === `--${boundary}` ? i : -1)).filter((i) => i >= 0);
    const close = lines.findIndex((l) => l.trimEnd() === `--${boundary}--`);
    if (!opens.length) errors.push(`${path}body: no --${boundary} delimiter`);
    if (close < 0) errors.push(`${path}body: no closing --${boundary}-- delimiter`);
    if (close >= 0 && opens.some((i) => i > close)) errors.push(`${path}body: a part after the closing delimiter`);
    const ends = [...opens.slice(1), close < 0 ? lines.length : close];
    const parts = opens.map((start, n) => lines.slice(start + 1, ends[n]).join('\r\n'));
    if (type.startsWith('multipart/alternative') && parts.length < 2) errors.push(`${path}body: multipart/alternative with fewer than 2 parts`);
    parts.forEach((p, n) => checkEntity(p, `${path}part ${n + 1}: `, errors, null));
  }
  return { fields, get, type };
}

/** An RFC 5322 message as SMTP DATA delivered it: {headers, errors}. */
export function checkMessage(data, { bareLf = false, smtputf8 = false } = {}) {
  const errors = [];
  if (bareLf || /(?<!\r)\n/.test(data)) errors.push('bare LF: lines must end in CRLF');
  if (/\r(?!\n)/.test(data)) errors.push('bare CR in the message');
  data.split('\r\n').forEach((l, i) => { if (Buffer.byteLength(l) > 998) errors.push(`line ${i + 1}: over 998 octets`); });
  const { fields, get } = checkEntity(data, '', errors, { smtputf8 });
  const headers = {};
  for (const [k, v] of fields) if (v !== null) headers[k] = k in headers ? [].concat(headers[k], v) : v;
  for (const name of ['message-id', 'date', 'from', 'to', 'subject']) if (!get(name)) errors.push(`${name}: required`);
  for (const name of ['message-id', 'date', 'from', 'to', 'subject', 'in-reply-to', 'references', 'mime-version', 'content-type']) {
    if (Array.isArray(headers[name])) errors.push(`${name}: appears more than once`);
  }
  const id = get('message-id');
  if (id && !/^<[^<>@\s]+@[^<>@\s]+>$/.test(id)) errors.push(`message-id: not a msg-id: ${id}`);
  const date = get('date');
  if (date && (!DATE.test(date) || Number.isNaN(Date.parse(date)))) errors.push(`date: not an RFC 5322 date-time: ${date}`);
  for (const name of ['in-reply-to', 'references']) {
    const v = get(name);
    if (v !== undefined && (!v.match(MSG_ID) || v.replace(MSG_ID, '').trim() !== '')) errors.push(`${name}: not a list of msg-ids: ${v}`);
  }
  for (const name of ['from', 'to']) {
    const v = get(name);
    if (v && !/[^\s<>@]+@[^\s<>@]+/.test(v)) errors.push(`${name}: no address: ${v}`);
  }
  if (get('mime-version') === undefined) errors.push('mime-version: required for a MIME message');
  else if (get('mime-version').replace(/\(.*?\)/g, '').trim() !== '1.0') errors.push(`mime-version: must be 1.0`);
  return { headers, errors };
}
