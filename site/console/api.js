// The relay API as the console uses it (docs/relay-api.yaml). Errors are thrown as ApiError with
// the relay's {code, message, path}.
export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = error?.code || 'network';
    this.path = error?.path || '';
    this.details = error || {};
  }
}

export function relayApi(token) {
  async function call(method, path, body) {
    let res;
    try {
      res = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
    } catch {
      throw new ApiError(0, { code: 'network', message: 'network error' });
    }
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new ApiError(res.status, json?.error);
    return json;
  }
  return {
    inbox: (status) => call('GET', `/api/v1/conversations${status ? `?status=${encodeURIComponent(status)}` : ''}`),
    conversation: (id) => call('GET', `/api/v1/conversations/${encodeURIComponent(id)}`),
    async messages(id) {
      const all = [];
      let after = 0;
      for (;;) {
        const page = await call('GET', `/api/v1/conversations/${encodeURIComponent(id)}/messages?after=${after}&limit=500`);
        all.push(...page.messages);
        if (!page.has_more || page.messages.length === 0) return all;
        after = page.messages[page.messages.length - 1].seq;
      }
    },
    // `extra`: what a provider channel needs besides the text (template, tag, subject).
    send: (id, text, key, extra = {}) => call('POST', `/api/v1/conversations/${encodeURIComponent(id)}/messages`, { idempotency_key: key, text, ...extra }),
    channel: (id) => call('GET', `/api/v1/conversations/${encodeURIComponent(id)}/channel`),
    read: (id, seq) => call('POST', `/api/v1/conversations/${encodeURIComponent(id)}/read`, { seq }),
    status: (id, status) => call('POST', `/api/v1/conversations/${encodeURIComponent(id)}/status`, { status }),
    typing: (id, typing) => call('POST', `/api/v1/conversations/${encodeURIComponent(id)}/typing`, { typing }),
    // EventSource resumes with Last-Event-ID by itself after a dropped connection.
    events: () => new EventSource(`/api/v1/events?token=${encodeURIComponent(token)}`),
    attachmentUrl: (a) => `${a.url}?token=${encodeURIComponent(token)}`,
  };
}
