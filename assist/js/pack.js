// The workspace pack: the manifest and the files it names, fetched once. Files owned by other
// modules (routing, review, SLA …) may be missing from a pack; they are then simply null.
export async function loadPack(baseUrl) {
  const base = new URL(baseUrl, location.href);
  const get = async (file, optional = false) => {
    const res = await fetch(new URL(file, base));
    if (!res.ok) {
      if (optional) return null;
      throw new Error(`pack file ${file}: HTTP ${res.status}`);
    }
    return res.json();
  };
  const manifest = await get('pack.json');
  const files = manifest.files || {};
  const kbFiles = await Promise.all((files.kb || []).map((f) => get(f)));
  const articles = kbFiles.flatMap((kb) => kb.articles.map((a) => ({ locale: kb.locale, ...a })));
  const templateFiles = await Promise.all((files.templates || []).map((f) => get(f)));
  const templates = templateFiles.flatMap((file) => file.templates.map((t) => ({ ...t, frame: file.email || null })));
  const optional = async (key) => (files[key] ? get(files[key], true).catch(() => null) : null);
  const [lint, taxonomy, routing, review, sla, businessHours] = await Promise.all(
    ['lint', 'taxonomy', 'routing', 'review', 'sla', 'business_hours'].map(optional));
  return { manifest, articles, templates, lint, taxonomy, routing, review, sla, businessHours };
}

/** The market (country, locale, time zone, channels) a conversation belongs to. */
export function marketFor(pack, { country, locale }) {
  const markets = pack.manifest.markets || [];
  return markets.find((m) => m.country === country)
    || markets.find((m) => m.locale === locale)
    || markets.find((m) => m.locale.split('-')[0] === String(locale || '').split('-')[0])
    || null;
}

// When a locale has no template for the conversation's channel, the nearest one is adapted: chat
// channels lend to each other first, e-mail last. The draft is then rendered for the real channel
// (its limits and formatting), so a Japanese LINE template answers a Japanese web chat.
const CHAT_ORDER = ['webchat', 'line', 'whatsapp', 'kakao_chat', 'messenger', 'instagram', 'telegram', 'wechat', 'sms', 'email'];

/** Templates for a locale and channel (exact locale first, then same language, then adapted from another channel). */
export function templatesFor(pack, locale, channel) {
  const lang = String(locale || '').split('-')[0];
  const inLocale = (list) => {
    const exact = list.filter((t) => t.locale === locale);
    return exact.length ? exact : list.filter((t) => t.locale.split('-')[0] === lang);
  };
  const own = inLocale(pack.templates.filter((t) => t.channel === channel));
  if (own.length) return own;
  const order = channel === 'email' ? [...CHAT_ORDER].reverse() : CHAT_ORDER;
  for (const other of order) {
    const lent = inLocale(pack.templates.filter((t) => t.channel === other));
    if (lent.length) return lent.map((t) => ({ ...t, id: `${t.id}@${channel}`, channel, adaptedFrom: t.channel, frame: channel === 'email' ? t.frame : null }));
  }
  return [];
}
