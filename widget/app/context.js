// Session context from the host page, reduced to what the relay's SessionContext schema accepts
// (docs/relay-api.yaml): known keys, bounded strings, scalar values. A host that passes something
// odd loses that field, never the customer's message.

const str = (v, n) => (typeof v === 'string' ? v.slice(0, n) : undefined);
const scalar = (v) => v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string';

function scalars(o, maxKeys) {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return undefined;
  const out = {};
  for (const [k, v] of Object.entries(o).slice(0, maxKeys)) {
    if (scalar(v) && !(typeof v === 'number' && !Number.isFinite(v))) out[k.slice(0, 64)] = typeof v === 'string' ? v.slice(0, 1000) : v;
  }
  return out;
}

export function cleanContext(c) {
  const out = {};
  const put = (k, v) => { if (v !== undefined && v !== '') out[k] = v; };
  put('page_url', str(c.page_url, 2048));
  put('page_title', str(c.page_title, 512));
  put('referrer', str(c.referrer, 2048));
  put('locale', str(c.locale, 35));
  put('timezone', str(c.timezone, 64));
  if (c.utm && typeof c.utm === 'object') {
    const utm = {};
    for (const k of ['source', 'medium', 'campaign', 'term', 'content']) if (typeof c.utm[k] === 'string') utm[k] = c.utm[k].slice(0, 256);
    if (Object.keys(utm).length) out.utm = utm;
  }
  if (Array.isArray(c.cart)) out.cart = c.cart.slice(0, 100).map((i) => scalars(i, 20)).filter(Boolean);
  if (Array.isArray(c.pages_seen)) {
    out.pages_seen = c.pages_seen.filter((p) => typeof p === 'string').slice(-100).map((p) => p.slice(0, 2048));
  }
  const custom = scalars(c.custom, 50);
  if (custom && Object.keys(custom).length) out.custom = custom;
  // The relay caps the serialised context at 32 KiB: drop the bulkiest parts first.
  for (const k of ['pages_seen', 'cart', 'custom']) if (JSON.stringify(out).length > 30000) delete out[k];
  return out;
}
