// DOM builders for the console. Everything a customer wrote goes in through textContent or
// attribute values only, never as HTML.
import { channelChip, channelName, contactHandle, deliveryNode } from './channel.js';
import { language, t } from './strings.js';

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

export function formatTime(ms, withDate = false) {
  if (!ms) return '';
  const opts = withDate ? { dateStyle: 'medium', timeStyle: 'short' } : { hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(language(), opts).format(new Date(ms));
}

export function visitorName(conversation) {
  const v = conversation.visitor || {};
  // On a provider channel the customer is known by the channel's name for them, else their handle.
  return conversation.contact?.name || v.name || contactHandle(conversation) || `${t('visitor')} ${conversation.visitor_id.slice(-6)}`;
}

export function inboxItem(c, selected) {
  const unread = c.unread_for_agent || 0;
  const button = el('button', { type: 'button', class: 'inbox-item', 'data-id': c.id, 'aria-current': selected ? 'true' : null },
    el('span', { class: 'inbox-name', text: visitorName(c) }),
    el('span', { class: 'inbox-badges' }, channelChip(c.channel),
      el('span', { class: `badge status-${c.status}`, text: t(`status_${c.status}`) })),
    unread > 0 ? el('span', { class: 'unread', 'aria-label': t('unread', { count: unread }), text: String(unread) }) : null,
    el('span', { class: 'inbox-preview', text: c.last_message ? c.last_message.text : t('no_messages') }),
    el('time', { class: 'inbox-time', datetime: new Date(c.last_message_at || c.created_at).toISOString(),
      text: formatTime(c.last_message_at || c.created_at) }));
  return el('li', {}, button);
}

export function messageItem(m, { readSeqVisitor, attachmentUrl }) {
  const who = m.author.type === 'agent' ? (m.author.name || t('agent')) : m.author.type === 'system' ? (m.channel_data?.bot ? t('bot_author', { name: m.author.name || t('system') }) : t('system')) : (m.author.name && m.author.name !== 'Visitor' ? m.author.name : t('visitor'));
  const body = el('div', { class: 'bubble' });
  if (m.text) body.append(el('p', { class: 'text', text: m.text }));
  const tpl = m.channel_data?.template;
  if (tpl) body.append(el('p', { class: 'template-used', text: t('template_sent', { name: tpl.name, params: (tpl.parameters || []).join(', ') }) }));
  if (m.channel_data?.auto_reply) body.append(el('p', { class: 'auto-reply', text: t('auto_reply') }));
  for (const a of m.attachments || []) {
    const link = el('a', { href: attachmentUrl(a), download: a.filename || a.id, rel: 'noopener', text: t('attachment', { name: a.filename || a.id }) });
    body.append(el('p', { class: 'attachment' }, link));
  }
  // A provider's media (WeCom) is fetched after the message is stored: say so until it is, and why not if it failed.
  const media = m.channel_data?.media;
  if (media?.state === 'pending') body.append(el('p', { class: 'attachment pending', text: t('media_pending') }));
  if (media?.state === 'failed') {
    body.append(el('p', { class: 'attachment media-error', 'data-code': m.channel_data.media_error?.code || '',
      text: t('media_failed', { reason: m.channel_data.media_error?.message || m.channel_data.media_error?.code || '?' }) }));
  }
  if (m.masked && m.masked.length) {
    body.append(el('p', { class: 'masked', text: t('masked', { types: [...new Set(m.masked.map((x) => x.type))].join(', ') }) }));
  }
  const meta = el('p', { class: 'meta' },
    el('span', { class: 'author', text: who }), ' · ',
    el('time', { datetime: new Date(m.created_at).toISOString(), text: formatTime(m.created_at) }));
  const delivery = deliveryNode(m);
  if (delivery) meta.append(' · ', delivery);
  else if (m.author.type === 'agent' && readSeqVisitor >= m.seq) meta.append(' · ', el('span', { class: 'seen', text: t('seen') }));
  return el('li', { class: `message from-${m.author.type}`, 'data-seq': m.seq }, meta, body);
}

function valueNode(value) {
  if (value === undefined || value === null || value === '') return el('span', { class: 'none', text: t('ctx_none') });
  if (typeof value !== 'object') return document.createTextNode(String(value));
  if (Array.isArray(value)) {
    if (!value.length) return el('span', { class: 'none', text: t('ctx_none') });
    return el('ul', {}, ...value.map((item) => el('li', {}, valueNode(item))));
  }
  return el('span', { text: Object.entries(value).map(([k, v]) => `${k}: ${v}`).join(' · ') });
}

export function contextRows(c) {
  const s = c.session_context || {};
  const v = c.visitor || {};
  const utm = s.utm ? Object.entries(s.utm).map(([k, val]) => `${k}=${val}`).join(', ') : '';
  const cart = (s.cart || []).map((item) => {
    const label = item.name || item.title || item.sku || item.id || '';
    const qty = item.qty ?? item.quantity;
    const price = item.price !== undefined ? ` — ${item.price}${item.currency ? ` ${item.currency}` : ''}` : '';
    return `${qty !== undefined ? `${qty} × ` : ''}${label}${item.sku && label !== item.sku ? ` (${item.sku})` : ''}${price}`;
  });
  const pages = (s.pages_seen || []).map((p) => (typeof p === 'string' ? p : [p.title, p.url].filter(Boolean).join(' — ')));
  // Self-service: what the bot decided and, once a person has the case, everything it gathered —
  // the agent never asks again for what the customer already gave.
  const a = c.automation || {};
  const h = a.handoff || {};
  const tried = [...(h.flows_tried || []).map((f) => t('bot_tried_flow', { flow: f })), ...(h.articles_tried || []).map((id) => t('bot_article', { id }))];
  const errors = (h.connector_errors || []).map((e) => `${e.connector} ${e.status || ''} ${e.error || ''}`.trim());
  const rows = [
    ['ctx_bot', a.reason ? t(`bot_${a.action}`, { reason: a.reason.text || a.rule }) : ''],
    ['ctx_handoff_queue', h.queue ? `${h.queue} — ${h.rule}` : ''],
    ['ctx_handoff_intent', h.intent ? `${h.intent} (${Math.round((h.confidence || 0) * 100)}%, ${h.tier || ''})` : ''],
    ['ctx_handoff_fields', h.fields && Object.keys(h.fields).length ? h.fields : ''],
    ['ctx_handoff_tried', tried],
    ['ctx_handoff_errors', errors],
    ['ctx_handoff_words', h.customer_words || []],
    ['ctx_channel', c.channel && c.channel !== 'webchat' ? [channelName(c.channel), contactHandle(c)].filter(Boolean).join(' · ') : ''],
    ['ctx_opted_out', c.contact?.opted_out ? t('yes') : ''],
    ['ctx_email', v.email],
    ['ctx_page', s.page_url],
    ['ctx_title', s.page_title],
    ['ctx_referrer', s.referrer],
    ['ctx_utm', utm],
    ['ctx_locale', s.locale || c.locale],
    ['ctx_timezone', s.timezone],
    ['ctx_cart', cart],
    ['ctx_pages_seen', pages],
    ['ctx_custom', s.custom && Object.keys(s.custom).length ? s.custom : ''],
    ['ctx_started', formatTime(c.created_at, true)],
    ['ctx_csat', c.csat ? `${t('csat_value', { score: c.csat.score })}${c.csat.comment ? ` — ${c.csat.comment}` : ''}` : ''],
  ];
  const out = [];
  for (const [key, value] of rows) {
    const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length);
    // Keep the panel short: only what is known (a provider channel has no page to show).
    if (empty && (key !== 'ctx_page' || (c.channel && c.channel !== 'webchat'))) continue;
    out.push(el('dt', { text: t(key) }), el('dd', { 'data-key': key }, valueNode(value)));
  }
  return out;
}
