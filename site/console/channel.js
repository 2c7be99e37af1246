// The channel of a conversation as the agent sees it: a label in the inbox, who the customer is on
// that channel, whether a free-form reply may go out now (the relay's GET …/channel, decided by the
// core's channels.window and channels.consent), what the reply needs outside the window (an
// approved template, the HUMAN_AGENT tag, an e-mail subject), and each reply's delivery status.
// The relay enforces the same rules at send time; this only tells the agent before they try.
import { el, formatTime } from './render.js';
import { t } from './strings.js';

export const CHANNELS = ['webchat', 'whatsapp', 'messenger', 'instagram', 'line', 'telegram', 'sms', 'wechat', 'wecom', 'kakao_chat', 'email'];

export const channelName = (id) => t(`channel_${id}`) === `channel_${id}` ? id : t(`channel_${id}`);

export function channelChip(id) {
  return el('span', { class: `channel-chip channel-${id}`, 'data-channel': id, text: channelName(id || 'webchat') });
}

// The customer's handle on the channel: a phone number, an e-mail address, a LINE or Telegram id.
export function contactHandle(c) {
  const id = c.contact?.id;
  if (!id) return '';
  if (c.channel === 'whatsapp' && /^\d+$/.test(id)) return `+${id}`;
  return id;
}

// One sentence for each reason code the core gives; the core's English message otherwise.
function reasonText(r, channel) {
  const key = `why_${r.code}`;
  const s = t(key, { channel: channelName(channel) });
  if (s !== key) return s;
  // A code this console has no sentence for yet: the core's English message, as a sentence.
  const m = String(r.message || r.code || '');
  return m ? m[0].toUpperCase() + m.slice(1) + (/[.!?]$/.test(m) ? '' : '.') : '';
}

// Outside Meta's window a person replies with HUMAN_AGENT (7 days); the other tags are for
// automated, non-promotional updates, so they are offered only when HUMAN_AGENT is not.
function tagOption(w) {
  const tags = (w.options || []).filter((o) => o.tag);
  return tags.find((o) => o.tag === 'HUMAN_AGENT') || tags[0] || null;
}

const at = (iso) => (iso ? formatTime(Date.parse(iso), true) : '');

/** The state line(s) under the conversation title; `state` is the relay's GET …/channel. */
export function channelStateNodes(state) {
  if (!state || state.channel === 'webchat') return [];
  const w = state.window || {};
  const nodes = [];
  const blocked = state.consent && state.consent.may_send === false;
  let cls = 'open';
  let headline;
  if (blocked) { cls = 'closed'; headline = t('window_blocked'); }
  else if (w.free_form && w.until) headline = t('window_open_until', { time: at(w.until) });
  else if (w.free_form) headline = t('window_open');
  else if (tagOption(w)) {
    cls = 'limited';
    const o = tagOption(w);
    headline = o.until ? t('window_tag_only', { tag: o.tag, time: at(o.until) }) : t('window_tag_any', { tag: o.tag });
  }
  else if (w.requires === 'approved_template') { cls = 'limited'; headline = t('window_template_only'); }
  else { cls = 'closed'; headline = t('window_closed'); }
  nodes.push(el('p', { class: `window-state window-${cls}`, 'data-window': cls, text: headline }));
  const why = [...(w.reasons || []), ...((state.consent?.reasons) || [])].map((r) => reasonText(r, state.channel));
  if (w.delivery === 'push') why.push(t('line_push'));
  if (Number.isFinite(w.messages_left)) why.push(t('messages_left', { count: w.messages_left }));
  if (why.length) nodes.push(el('p', { class: 'window-why', text: why.join(' ') }));
  return nodes;
}

/**
 * The extra reply fields a channel needs now. Returns {nodes, read()} where read() gives the
 * fields to add to the message (template, tag, subject) or throws an Error naming what is missing.
 */
export function composeExtras(state, conversation) {
  if (!state || state.channel === 'webchat') return { nodes: [], read: () => ({}) };
  const w = state.window || {};
  const nodes = [];
  let read = () => ({});
  if (state.channel === 'email') {
    const subject = el('input', { id: 'reply-subject', type: 'text', maxlength: 998, value: conversation.subject_reply || '' });
    nodes.push(el('label', { class: 'extra' }, el('span', { text: t('email_subject') }), subject));
    read = () => (subject.value.trim() ? { subject: subject.value.trim() } : {});
  } else if (!w.free_form && tagOption(w)) {
    const { tag } = tagOption(w);
    const box = el('input', { id: 'reply-tag', type: 'checkbox', value: tag });
    nodes.push(el('label', { class: 'extra' }, box, el('span', { text: t('use_tag', { tag }) })));
    read = () => {
      if (!box.checked) throw new Error(t('tag_needed', { tag }));
      return { tag };
    };
  } else if (!w.free_form && w.requires === 'approved_template' && (state.template_details || []).length) {
    const details = state.template_details;
    const select = el('select', { id: 'reply-template' }, ...details.map((d) => el('option', { value: d.name, text: `${d.name} (${d.language})` })));
    const params = el('div', { class: 'template-params' });
    const showParams = () => {
      const d = details.find((x) => x.name === select.value);
      params.replaceChildren(...Array.from({ length: d?.parameters || 0 }, (_, i) =>
        el('input', { type: 'text', class: 'template-param', 'aria-label': t('template_param', { n: i + 1 }), placeholder: t('template_param', { n: i + 1 }) })));
    };
    select.addEventListener('change', showParams);
    showParams();
    nodes.push(el('label', { class: 'extra' }, el('span', { text: t('template') }), select), params,
      el('p', { class: 'hint', text: t('template_hint') }));
    read = () => {
      const values = [...params.querySelectorAll('input')].map((i) => i.value.trim());
      const missing = values.findIndex((v) => !v);
      if (missing >= 0) throw new Error(t('template_param_missing', { n: missing + 1 }));
      return { template: { name: select.value, parameters: values } };
    };
  }
  return { nodes, read };
}

/** A reply's delivery on its channel: pending, sent, delivered, read, failed, unknown. */
export function deliveryNode(m) {
  if (m.direction !== 'outbound' || !m.delivery_status) return null;
  const s = m.delivery_status;
  const label = t(`delivery_${s}`) === `delivery_${s}` ? s : t(`delivery_${s}`);
  const node = el('span', { class: `delivery delivery-${s}`, 'data-delivery': s, text: label });
  if (m.delivery_error && (s === 'failed' || s === 'unknown' || s === 'pending')) {
    node.title = m.delivery_error.message || m.delivery_error.code;
    node.append(` (${m.delivery_error.message || m.delivery_error.code})`);
  }
  return node;
}

/** What a refused send (409/422 from the relay) means for the agent. */
export function refusalText(error) {
  if (!error) return '';
  const known = t(`refused_${error.code}`);
  return known === `refused_${error.code}` ? error.message : known;
}
