// The demo's provider channels (`tools/dev demo`): the provider simulators (tests/sim) on loopback,
// a workspace whose channels point at them, and a "customer's phone" page. On the page you write
// as a WhatsApp, LINE, Telegram, SMS, Messenger, Instagram, WeChat or e-mail customer: each message
// reaches the relay as that provider's signed webhook, exactly as the provider would send it, and
// the agent's replies appear as the provider received them (with their delivery statuses called
// back to the relay). Nothing leaves the machine.
//
//   node tools/demo/phone.mjs --relay http://127.0.0.1:8080 --port 8090 --workspace FILE
// writes FILE (the relay's --workspace) once the simulators listen, then serves the page.
import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProviders } from '../../tests/sim/index.mjs';
import { inboundText, wechatQuery } from '../../tests/sim/webhooks.mjs';
import { workspace as simWorkspace } from '../../tests/sim/workspace.mjs';
import { rememberReplyToken, replyOf } from './replies.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const USAGE = 'usage: node tools/demo/phone.mjs --relay URL --port N --workspace FILE [--base FILE]';

function options(argv) {
  const o = { relay: 'http://127.0.0.1:8080', port: 8090, workspace: '', base: '' };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--help') { console.log(USAGE); process.exit(0); }
    if (!['--relay', '--port', '--workspace', '--base'].includes(k) || i + 1 >= argv.length) {
      console.error(`phone.mjs: ${i + 1 >= argv.length && k.startsWith('--') ? `${k} needs a value` : `unknown option ${k}`}\n${USAGE}`);
      process.exit(2);
    }
    o[k.slice(2)] = argv[++i];
  }
  if (!o.workspace) { console.error(`phone.mjs: --workspace is required\n${USAGE}`); process.exit(2); }
  o.port = Number(o.port);
  return o;
}

const opts = options(process.argv.slice(2));
const relayPort = Number(new URL(opts.relay).port || 80);
const providers = await startProviders();
// The test workspace's accounts (made-up secrets), every API and SMTP on the simulators, over the
// demo's own workspace settings if given.
const channels = simWorkspace({ port: relayPort, apiBase: providers.url, smtpPort: providers.smtpPort });
const base = opts.base ? JSON.parse(readFileSync(opts.base, 'utf8')) : {};
// The demo runs the self-service bot (issue 15) unless the base workspace says otherwise.
const ws = { automation: { enabled: true }, ...base, ...channels };
writeFileSync(opts.workspace, JSON.stringify(ws, null, 2));
providers.attach({ relayUrl: opts.relay, workspace: ws });

const sent = [];  // what the customer wrote: {channel, from, text, at, status}
const PAGES = { '/': ['phone.html', 'text/html'], '/phone.js': ['phone.js', 'text/javascript'], '/phone.css': ['phone.css', 'text/css'] };
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

async function post(channel, from, name, text) {
  const w = inboundText(ws, channel, { from, name, text });
  if (channel === 'line') rememberReplyToken(JSON.parse(w.body).events[0].replyToken, from);
  const query = channel === 'wechat' ? `?${wechatQuery(ws)}` : '';
  const res = await fetch(`${opts.relay}/webhooks/${channel}${query}`, { method: 'POST', headers: w.headers, body: w.body });
  return { status: res.status, text: await res.text() };
}

const seenAt = new WeakMap();  // a provider request → when the phone first saw it
function thread(channel, from) {
  const out = sent.filter((m) => m.channel === channel && m.from === from).map((m) => ({ ...m, direction: 'in' }));
  for (const r of providers.received(channel)) {
    const reply = replyOf(channel, r);
    if (!seenAt.has(r)) seenAt.set(r, Date.now());
    if (reply && reply.to === from) out.push({ direction: 'out', text: reply.text, at: seenAt.get(r), errors: r.errors });
  }
  return out.sort((a, b) => a.at - b.at);
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  let raw = '';
  for await (const chunk of req) {
    raw += chunk;
    if (raw.length > 64 * 1024) throw new Error('body over 64 KiB');
  }
  return JSON.parse(raw);
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  try {
    if (req.method === 'GET' && PAGES[url.pathname]) {
      const [file, type] = PAGES[url.pathname];
      res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' });
      res.end(readFileSync(join(HERE, file)));
    } else if (req.method === 'POST' && url.pathname === '/api/send') {
      const { channel, from, name, text } = await readJson(req);
      if (!ws.channels[channel]) return json(res, 400, { error: { code: 'unknown_channel', message: `no channel ${channel}` } });
      if (typeof from !== 'string' || !from || typeof text !== 'string' || !text.trim())
        return json(res, 400, { error: { code: 'missing_field', message: 'from and text are required' } });
      const answer = await post(channel, from, typeof name === 'string' ? name : '', text);
      sent.push({ channel, from, text, at: Date.now(), status: answer.status });
      json(res, answer.status === 200 ? 200 : 502, { relay_status: answer.status, relay_answer: answer.text });
    } else if (req.method === 'GET' && url.pathname === '/api/thread') {
      json(res, 200, { messages: thread(url.searchParams.get('channel') ?? '', url.searchParams.get('from') ?? '') });
    } else {
      json(res, 404, { error: { code: 'not_found', message: url.pathname } });
    }
  } catch (e) {
    json(res, 400, { error: { code: 'bad_request', message: e.message } });
  }
});
server.listen(opts.port, '127.0.0.1', () => {
  console.log(`  http://127.0.0.1:${opts.port}/   the customer's phone: write on WhatsApp, LINE, Telegram, SMS, Messenger, Instagram, WeChat or e-mail`);
});
const stop = () => { server.close(); providers.stop().finally(() => process.exit(0)); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
