// A small client for the Zendesk Apps framework (ZAF) iframe protocol, written from its public
// documentation and wire format (Zendesk's SDK is not vendored: the panel needs five calls of it).
//
// Zendesk loads an app's iframe with `?origin=<the agent's Zendesk origin>&app_guid=<id>` (or the
// same in the hash). Every message either way is a JSON string posted between the frame and
// window.parent, on that origin only:
//
//   frame -> Zendesk  {key: "iframe.handshake", message: {version}, appGuid, instanceGuid}
//                     {key: "iframe.on:<event>", message: {subscriberCount}, appGuid, instanceGuid}
//                     {id, request: "get"|"set"|"invoke", params, appGuid, instanceGuid}
//                         get: ["ticket.subject", …]   set: {path: value}   invoke: {name: [args…]}
//                     {key: "request:<n>", message: {url, type, …}, appGuid, instanceGuid}
//   Zendesk -> frame  {key: "zaf.app.registered", message: {metadata, context}}   (then requests flow)
//                     {key: "zaf.<event>", message}       e.g. zaf.ticket.updated, zaf.ticket.submit.done
//                     {id, result: {<path>: value, errors: {<path>: {…}}}} or {id, error}
//                     {key: "zaf.request:<n>.done"|".fail", message: {responseArgs: [data, status, xhr]}}
//
// Messages from any other window or origin are ignored (hosts.js `listen`).
import { listen } from '../js/hosts.js';

// The SDK version this client speaks (Zendesk's SDK 2.x reports its own version the same way).
export const ZAF_VERSION = '2.0';
const TIMEOUT_MS = 10000;  // Zendesk's SDK gives up on an unanswered request after 10 s too

/** ZAF's two parameters from the frame URL's query, else its hash; null when either is missing. */
export function zafParams(search = '', hash = '') {
  const q = new URLSearchParams(search);
  const h = new URLSearchParams(String(hash).replace(/^#/, ''));
  const origin = q.get('origin') || h.get('origin');
  const appGuid = q.get('app_guid') || h.get('app_guid');
  return origin && appGuid ? { origin, appGuid } : null;
}

export class ZafClient {
  constructor({ origin, appGuid, source = window.parent, win = window, timeout = TIMEOUT_MS }) {
    this.origin = origin;
    this.appGuid = appGuid;
    this.source = source;
    this.timeout = timeout;
    this.ready = false;
    this.handlers = new Map();
    this.pending = new Map();
    this.queued = [];
    this.ids = 0;
    this.requests = 0;
    this.metadata = null;
    this.context = null;
    this.stop = listen(source, [origin], (data) => this.receive(data), win);
  }

  /** Say hello to Zendesk; it answers with app.registered, after which requests are sent. */
  start() {
    this.post({ key: 'iframe.handshake', message: { version: ZAF_VERSION } }, true);
    return new Promise((resolve) => this.on('app.registered', resolve));
  }

  post(msg, now = false) {
    const text = JSON.stringify({ ...msg, appGuid: this.appGuid, instanceGuid: this.appGuid });
    if (this.ready || now) this.source.postMessage(text, this.origin);
    else this.queued.push(text);  // like the SDK: nothing but the handshake before registration
  }

  receive(raw) {
    let data = raw;
    if (typeof raw === 'string') {
      try { data = JSON.parse(raw); } catch { return; }
    }
    if (!data || typeof data !== 'object') return;
    if (data.id !== undefined && this.pending.has(data.id)) {
      const { resolve, reject, timer } = this.pending.get(data.id);
      this.pending.delete(data.id);
      clearTimeout(timer);
      if (data.error) reject(zafError(data.error));
      else resolve(data.result);
      return;
    }
    if (typeof data.key !== 'string' || !data.key.startsWith('zaf.')) return;
    const name = data.key.slice(4);
    if (name === 'app.registered') {
      if (this.ready) return;  // registered once; a second one is not Zendesk's
      this.ready = true;
      this.metadata = data.message?.metadata ?? null;
      this.context = data.message?.context ?? null;
      for (const text of this.queued.splice(0)) this.source.postMessage(text, this.origin);
    }
    for (const handler of this.handlers.get(name) || []) handler(data.message);
  }

  /** Subscribe to a framework event (app.registered, ticket.updated, ticket.submit.done, …). */
  on(name, handler) {
    const list = this.handlers.get(name) || [];
    list.push(handler);
    this.handlers.set(name, list);
    // Zendesk binds an event for the frame on its first subscriber; app.registered is always sent.
    if (name !== 'app.registered') this.post({ key: `iframe.on:${name}`, message: { subscriberCount: list.length } });
  }

  call(request, params) {
    const id = ++this.ids;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.pending.delete(id); reject(new Error(`ZAF ${request}: no answer`)); }, this.timeout);
      this.pending.set(id, { resolve, reject, timer });
      this.post({ id, request, params });
    });
  }

  /** get("ticket.subject") or get([...paths]) -> {<path>: value, errors}; a single path's error rejects. */
  async get(paths) {
    const list = Array.isArray(paths) ? paths : [paths];
    const result = await this.call('get', list);
    return single(paths, result);
  }

  async set(path, value) { return single(path, await this.call('set', { [path]: value })); }

  /** invoke("ticket.comment.appendText", text): ZAF actions take their arguments as a list. */
  async invoke(name, ...args) { return single(name, await this.call('invoke', { [name]: args })); }

  /** Zendesk's request proxy: the agent's session reaches the Support API without a token in the app. */
  request(options) {
    const key = `request:${++this.requests}`;
    return new Promise((resolve, reject) => {
      this.on(`${key}.done`, (m) => resolve(m?.responseArgs?.[0]));
      this.on(`${key}.fail`, (m) => reject(new Error(`ZAF request ${options.url}: ${m?.responseArgs?.[0]?.status ?? 'failed'}`)));
      this.post({ key, message: typeof options === 'string' ? { url: options } : options });
    });
  }
}

function single(path, result) {
  const err = typeof path === 'string' ? result?.errors?.[path] : null;
  if (err) throw zafError({ ...err, path });
  return result || {};
}

function zafError(error) {
  const e = new Error(`${error.path ? `"${error.path}" ` : ''}${error.message || error.msg || 'ZAF error'}`);
  if (error.name) e.name = error.name;
  return e;
}
