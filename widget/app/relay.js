// Relay client for the chat app: the HTTP API and the event stream of docs/relay-api.yaml.
// Same origin as the app (the relay serves both), so the strict CSP's connect-src 'self' holds.

/** An answer from the relay that is not 2xx. `retry` tells a temporary failure from a refusal. */
export class RelayError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || `http_${status}`;
    this.path = e.path || '';
    // 0 = network down; 408/429/5xx = try again later; any other 4xx = this request will never work.
    this.retry = status === 0 || status === 408 || status === 429 || status >= 500;
  }
}

export function createRelay(base) {
  let token = null;

  async function request(method, path, body, headers = {}) {
    const h = { ...headers };
    if (token) h.Authorization = `Bearer ${token}`;
    let payload = body;
    if (body !== undefined && !(body instanceof Blob)) {
      h['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(new URL(path, base), { method, headers: h, body: payload, cache: 'no-store' });
    } catch {
      throw new RelayError(0, { error: { code: 'network', message: 'network unreachable' } });
    }
    if (res.status === 204) return null;
    let data = null;
    try { data = await res.json(); } catch { /* not JSON: a proxy page, a half-closed connection */ }
    if (!res.ok) throw new RelayError(res.status, data);
    if (data === null) throw new RelayError(502, null);
    return data;
  }

  return {
    get token() { return token; },
    setToken(t) { token = t; },
    workspace: () => request('GET', '/api/v1/workspace'),
    createVisitor: (body) => request('POST', '/api/v1/visitors', body || {}),
    updateVisitor: (body) => request('POST', '/api/v1/visitors/me', body),
    me: () => request('GET', '/api/v1/visitors/me'),
    conversations: () => request('GET', '/api/v1/conversations'),
    createConversation: (body) => request('POST', '/api/v1/conversations', body),
    conversation: (id) => request('GET', `/api/v1/conversations/${encodeURIComponent(id)}`),
    updateContext: (id, ctx) => request('POST', `/api/v1/conversations/${encodeURIComponent(id)}/context`, { session_context: ctx }),
    messages: (id, after) => request('GET', `/api/v1/conversations/${encodeURIComponent(id)}/messages?after=${after | 0}&limit=500`),
    send: (id, msg) => request('POST', `/api/v1/conversations/${encodeURIComponent(id)}/messages`, msg),
    typing: (id, typing) => request('POST', `/api/v1/conversations/${encodeURIComponent(id)}/typing`, { typing }),
    read: (id, seq) => request('POST', `/api/v1/conversations/${encodeURIComponent(id)}/read`, { seq }),
    csat: (id, score) => request('POST', `/api/v1/conversations/${encodeURIComponent(id)}/csat`, { score }),
    upload: (blob, filename) => request('POST', `/api/v1/attachments?filename=${encodeURIComponent(filename || 'file')}`,
      blob, { 'Content-Type': blob.type || 'application/octet-stream' }),
    /** URL an <img>/<a> can open without headers (the relay accepts ?token= there). */
    fileUrl: (url) => { const u = new URL(url, base); u.searchParams.set('token', token); return u.href; },
    /**
     * Live events of one conversation. EventSource reconnects by itself and resends Last-Event-ID,
     * so the relay replays what was missed; `onopen` lets the caller catch up by seq as well.
     */
    events(conversationId, handlers) {
      const u = new URL('/api/v1/events', base);
      u.searchParams.set('token', token);
      u.searchParams.set('conversation', conversationId);
      const es = new EventSource(u.href);
      for (const type of ['message', 'typing', 'read', 'status', 'csat']) {
        es.addEventListener(type, (e) => {
          let data;
          try { data = JSON.parse(e.data); } catch { return; }
          if (data && typeof data === 'object' && handlers[type]) handlers[type](data);
        });
      }
      es.onopen = () => handlers.open && handlers.open();
      es.onerror = () => handlers.error && handlers.error(es.readyState);
      return es;
    },
  };
}
