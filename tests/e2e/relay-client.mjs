// A small client for the relay API in tests: JSON requests with a token, and an SSE reader over
// fetch (node has no EventSource) that parses frames as the EventSource spec does.

export function api(base, token) {
  return async function call(method, path, body, { headers = {}, raw } = {}) {
    const h = { ...headers };
    if (token) h.Authorization = `Bearer ${token}`;
    let payload;
    if (raw !== undefined) payload = raw;
    else if (body !== undefined) { payload = JSON.stringify(body); h['Content-Type'] = 'application/json'; }
    else if (method === 'POST') payload = '';
    const res = await fetch(base + path, { method, headers: h, body: payload });
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, json, text, headers: res.headers };
  };
}

export async function newVisitor(base, body = {}) {
  const r = await api(base)('POST', '/api/v1/visitors', body);
  if (r.status !== 201) throw new Error(`visitor: ${r.status} ${r.text}`);
  return { ...r.json, call: api(base, r.json.token) };
}

/** Open an SSE stream; `next(pred, ms)` resolves with the next event matching `pred`. */
export async function openStream(url, { lastEventId } = {}) {
  const controller = new AbortController();
  const headers = lastEventId !== undefined ? { 'Last-Event-ID': String(lastEventId) } : {};
  const res = await fetch(url, { headers, signal: controller.signal });
  const events = [];
  const waiters = [];
  let buffer = '';
  let ended = false;
  let frame = { data: [] };
  const dispatch = () => {
    if (frame.data.length) {
      const e = { id: frame.id, event: frame.event || 'message', data: JSON.parse(frame.data.join('\n')) };
      events.push(e);
      for (const w of [...waiters]) w();
    }
    frame = { data: [] };
  };
  const pump = (async () => {
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += dec.decode(value, { stream: true });
        let i;
        while ((i = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, i);
          buffer = buffer.slice(i + 1);
          if (line === '') { dispatch(); continue; }
          if (line.startsWith(':')) continue;
          const c = line.indexOf(':');
          const field = c < 0 ? line : line.slice(0, c);
          const value2 = c < 0 ? '' : line.slice(c + 1).replace(/^ /, '');
          if (field === 'data') frame.data.push(value2);
          else if (field === 'id') frame.id = value2;
          else if (field === 'event') frame.event = value2;
        }
      }
    } catch { /* aborted */ }
    ended = true;
    for (const w of [...waiters]) w();
  })();
  let cursor = 0;
  return {
    status: res.status,
    events,
    get ended() { return ended; },  // the server closed the stream (or close() was called)
    async next(pred = () => true, ms = 5000) {
      const deadline = Date.now() + ms;
      for (;;) {
        while (cursor < events.length) {
          const e = events[cursor++];
          if (pred(e)) return e;
        }
        const left = deadline - Date.now();
        if (ended) throw new Error(`the stream ended; got ${JSON.stringify(events.map((e) => e.event))}`);
        if (left <= 0) throw new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events.map((e) => e.event))}`);
        await new Promise((resolve) => {
          const w = () => { clearTimeout(t); waiters.splice(waiters.indexOf(w), 1); resolve(); };
          const t = setTimeout(w, left);
          waiters.push(w);
        });
      }
    },
    close() { controller.abort(); return pump; },
  };
}
