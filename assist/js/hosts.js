// Which host the panel runs in, whom it trusts there, and the message plumbing every adapter
// shares. The panel itself never knows: it calls connectHost() and gets {insertDraft, send?,
// assign?} back (or null: no host, the panel only analyses).
//
// One rule for every host: a message is read only when it comes from the window the host is
// (the embedding parent, or the extension's own service worker) on an origin the panel was told
// to trust. Everything else is dropped without a word, so a page that frames the panel, or a
// frame beside it, cannot feed it a conversation or read its drafts.

// Host adapters, by name. Each exports connect(panel, options) -> {name, insertDraft, send?, assign?}.
export const HOSTS = {
  'relay-console': () => import('../hosts/relay-console.js'),
  chatwoot: () => import('../hosts/chatwoot.js'),
  zendesk: () => import('../hosts/zendesk.js'),
  extension: () => import('../hosts/extension.js'),
};

/**
 * The host this page runs in: the Chrome extension when the page is the extension's own; else,
 * when framed, `?host=` when given, Zendesk when the frame carries ZAF's `origin` and `app_guid`
 * (Zendesk adds them to every app iframe's URL), the relay console otherwise; unframed, none.
 */
export function pickHost({ search = '', protocol = 'https:', framed = false } = {}) {
  const params = new URLSearchParams(search);
  if (protocol === 'chrome-extension:') return 'extension';  // the side panel: no parent window
  // Every other host embeds the panel in a frame; unframed, the page only analyses.
  if (!framed) return null;
  const named = params.get('host');
  if (named) return Object.hasOwn(HOSTS, named) && named !== 'extension' ? named : null;
  if (params.get('origin') && params.get('app_guid')) return 'zendesk';
  return 'relay-console';
}

/** Only what parses as an http(s) URL, reduced to its origin ("https://a.example"); the rest is dropped. */
export function originsFrom(values) {
  const out = [];
  for (const v of values || []) {
    try {
      const u = new URL(String(v));
      if ((u.protocol === 'https:' || u.protocol === 'http:') && !out.includes(u.origin)) out.push(u.origin);
    } catch { /* not a URL: never trusted */ }
  }
  return out;
}

/** True when a message event comes from `source` on one of `origins` (exact match, never a prefix). */
export function trustedEvent(event, { source, origins }) {
  return Boolean(event) && event.source === source && typeof event.origin === 'string' && origins.includes(event.origin);
}

/** Listen to messages from `source` on `origins` only; returns a function that stops listening. */
export function listen(source, origins, handler, win = globalThis.window) {
  const onMessage = (event) => { if (trustedEvent(event, { source, origins })) handler(event.data, event.origin); };
  win.addEventListener('message', onMessage);
  return () => win.removeEventListener('message', onMessage);
}

// Zendesk gives its app frames the agent's Zendesk origin in `?origin=`; the frame's URL is the
// attacker's to choose, so the panel only believes origins that are Zendesk's own (https,
// <subdomain>.zendesk.com) or loopback (the simulator, a developer's machine) — the same list
// Zendesk's own SDK accepts — plus any the installer named with `?trust=`.
const ZENDESK = /^https:\/\/[a-z0-9][a-z0-9-]*\.zendesk\.com$/;
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/;
export function zendeskOriginAllowed(origin, extra = []) {
  const [o] = originsFrom([origin]);
  return Boolean(o) && o === origin && (ZENDESK.test(o) || LOOPBACK.test(o) || extra.includes(o));
}

/**
 * An extension message's sender as Chrome reports it (not as the message claims): our own
 * extension's content script, in a tab, on a trusted origin. Returns that origin, or null.
 */
export function trustedSender(sender, { extensionId, origins }) {
  if (!sender || sender.id !== extensionId || !sender.tab || typeof sender.tab.id !== 'number') return null;
  const origin = sender.origin || originsFrom([sender.url])[0];
  return origin && origins.includes(origin) ? origin : null;
}

/**
 * Connect the panel to the host it runs in. Null when there is none, or when the host refuses
 * (e.g. an origin it must not trust): the panel then analyses but inserts and sends nothing.
 */
export async function connectHost(panel, win = window) {
  const name = pickHost({ search: win.location.search, protocol: win.location.protocol, framed: win.parent !== win });
  if (!name) return null;
  try {
    const { connect } = await HOSTS[name]();
    return await connect(panel);
  } catch (e) {
    console.warn(`Parley Assist: not connected to ${name}: ${e.message}`);
    return null;
  }
}
