// Agents-only articles: where the panel gets the agent's relay token, and how it reads the pack's
// internal articles (and its knowledge history) with it. The pack's public files never carry them (the relay withholds them).
//
// The relay console hands its own token to the panel (`parley:auth`). The other hosts (a Chatwoot
// dashboard app, Zendesk, the Chrome side panel) know their own agent, not Parley's, so there the
// agent signs in once in the panel with a relay agent token. It is kept in this frame's session
// storage only (partitioned per helpdesk by the browser, gone with the tab), sent only to the relay
// as a Bearer header, and never posted to the host.

const KEY = 'parley.assist.token';

/** The agent token this frame was signed in with, or null. */
export function savedToken(storage = globalThis.sessionStorage) {
  try { return storage?.getItem(KEY) || null; } catch { return null; }  // storage may be blocked in a third-party frame
}

export function saveToken(token, storage = globalThis.sessionStorage) {
  try { if (token) storage?.setItem(KEY, token); else storage?.removeItem(KEY); } catch { /* kept in memory only */ }
}

/**
 * The relay the internal articles come from: the panel's own origin when the relay serves it (the
 * console, Chatwoot and Zendesk frame it from the relay), else the one the host names (the
 * extension's config). An https origin, or http on loopback; anything else is refused.
 */
export function relayOrigin(host, here = globalThis.location) {
  const named = host?.relay;
  if (!named) return here.origin;
  const u = new URL(named);
  const loopback = u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !loopback) throw new Error(`relay ${named}: https only (or http on loopback)`);
  return u.origin;
}

export class Refused extends Error {}

// GET one of the pack's agents-only routes with the agent's token; Refused when the relay says no.
async function readForAgents({ origin, packId, token, fetchImpl = globalThis.fetch }, route) {
  const res = await fetchImpl(`${origin}/api/v1/packs/${encodeURIComponent(packId)}/${route}`,
    { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store', credentials: 'omit' });
  if (res.status === 401 || res.status === 403) throw new Refused(`HTTP ${res.status}`);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json();
}

/** The pack's agents-only articles, read with the agent's token; Refused when the relay says no. */
export async function fetchInternal(from) {
  const body = await readForAgents(from, 'internal-articles');
  if (!Array.isArray(body?.articles)) throw new Error('no article list in the answer');
  return body.articles.map((a) => ({ ...a, audience: 'internal' }));
}

/** The workspace's knowledge history ([{text, article_id}]), read the same way. */
export async function fetchHistory(from) {
  const body = await readForAgents(from, 'kb-history');
  if (!Array.isArray(body?.history)) throw new Error('no history list in the answer');
  return body.history.filter((h) => typeof h?.text === 'string' && typeof h?.article_id === 'string');
}
