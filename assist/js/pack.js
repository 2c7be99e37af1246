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

/** Templates for a locale and channel (exact locale first, then same language). */
export function templatesFor(pack, locale, channel) {
  const lang = String(locale || '').split('-')[0];
  const exact = pack.templates.filter((t) => t.locale === locale && t.channel === channel);
  if (exact.length) return exact;
  return pack.templates.filter((t) => t.locale.split('-')[0] === lang && t.channel === channel);
}
