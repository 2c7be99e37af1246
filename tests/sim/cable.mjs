// A minimal RFC 6455 websocket server on Node's http 'upgrade' (Node has no built-in server):
// text frames, close and ping from the client, unfragmented frames of any length. For the
// Chatwoot simulator's ActionCable endpoint only.
import { createHash } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(opcode, payload) {
  const body = Buffer.from(payload);
  const head = body.length < 126 ? Buffer.from([0x80 | opcode, body.length])
    : body.length < 65536 ? Buffer.from([0x80 | opcode, 126, body.length >> 8, body.length & 255])
      : (() => { const b = Buffer.alloc(10); b[0] = 0x80 | opcode; b[1] = 127; b.writeBigUInt64BE(BigInt(body.length), 2); return b; })();
  return Buffer.concat([head, body]);
}

/** Accept the upgrade; returns {send(text), close(), drop(), onText, onClose} or null if refused. */
export function accept(req, socket) {
  const key = req.headers['sec-websocket-key'];
  if (req.headers.upgrade?.toLowerCase() !== 'websocket' || !key) {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    return null;
  }
  const acceptKey = createHash('sha1').update(key + GUID).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey}\r\n\r\n`);
  socket.setNoDelay(true);
  const conn = { open: true, onText: () => {}, onClose: () => {} };
  let buf = Buffer.alloc(0);
  const end = () => { if (conn.open) { conn.open = false; conn.onClose(); } };
  socket.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (buf.length < 2) return;
      const opcode = buf[0] & 15, masked = buf[1] & 128;
      let len = buf[1] & 127, off = 2;
      if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); off = 4; }
      else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); off = 10; }
      const need = off + (masked ? 4 : 0) + len;
      if (buf.length < need) return;
      const mask = masked ? buf.subarray(off, off + 4) : null;
      const data = Buffer.from(buf.subarray(off + (masked ? 4 : 0), need));
      if (mask) for (let i = 0; i < data.length; i++) data[i] ^= mask[i & 3];
      buf = buf.subarray(need);
      if (opcode === 1) conn.onText(data.toString('utf8'));
      else if (opcode === 8) { if (conn.open) socket.end(frame(8, data.subarray(0, 2))); end(); return; }
      else if (opcode === 9) socket.write(frame(10, data));
    }
  });
  socket.on('close', end);
  socket.on('error', end);
  conn.send = (text) => { if (conn.open) socket.write(frame(1, text)); };
  conn.close = () => { if (conn.open) socket.end(frame(8, Buffer.from([3, 232]))); end(); };
  /** A network cut: no close frame, the TCP connection just dies. */
  conn.drop = () => { socket.destroy(); end(); };
  return conn;
}
