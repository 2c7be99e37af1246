// Host adapter: a Chatwoot dashboard app (Settings → Integrations → Dashboard apps, URL
// …/assist/index.html?host=chatwoot&origin=https://chat.example.com).
//
//   Chatwoot -> panel  JSON string {event: "appContext", data: {conversation, contact, currentAgent}}
//                      whenever the agent opens the app tab or asks for it again
//   panel -> Chatwoot  "chatwoot-dashboard-app:fetch-info"   ask for the context now
//
// Chatwoot's dashboard apps cannot write into the reply box or send on the agent's behalf, so this
// host inserts by copying the draft to the clipboard and has no send: the agent pastes the reply
// in Chatwoot, where Chatwoot's own rules and audit apply. The browser enforces who may embed the
// panel (the relay's frame-ancestors list); here only messages from the embedding window on the
// configured origin are read.
import { listen, originsFrom } from '../js/hosts.js';

export const FETCH_INFO = 'chatwoot-dashboard-app:fetch-info';

export function connect(panel, { allowedOrigins = originsFrom(new URLSearchParams(location.search).getAll('origin')), target = window.parent, clipboard = navigator.clipboard } = {}) {
  if (!target || target === window) throw new Error('chatwoot host: the panel is not embedded');
  if (!allowedOrigins.length) throw new Error('chatwoot host: no Chatwoot origin configured (?origin=…)');
  listen(target, allowedOrigins, (data) => {
    const context = parseAppContext(data);
    if (context) panel.openConversation(context);
  });
  for (const origin of allowedOrigins) target.postMessage(FETCH_INFO, origin);

  return {
    name: 'chatwoot',
    async insertDraft(text) {
      await clipboard.writeText(text);
      return 'copied';
    },
    // No send and no assign: Chatwoot keeps those in its own UI.
  };
}

/** The appContext event (a JSON string) as the panel's {conversation, messages, contact, agent}; null otherwise. */
export function parseAppContext(data) {
  if (typeof data !== 'string') return null;
  let msg;
  try { msg = JSON.parse(data); } catch { return null; }
  if (!msg || msg.event !== 'appContext' || !msg.data || typeof msg.data !== 'object') return null;
  const { conversation: cw, contact: person = {}, currentAgent = {} } = msg.data;
  if (!cw || typeof cw !== 'object') return null;
  const sender = cw.meta?.sender || {};
  const who = { ...sender, ...person };
  const attrs = { ...(sender.additional_attributes || {}), ...(who.additional_attributes || {}) };
  const custom = { ...(cw.custom_attributes || {}), ...(who.custom_attributes || {}) };
  const contact = {
    name: who.name || undefined,
    email: who.email || undefined,
    phone: who.phone_number || undefined,
    country: (attrs.country_code || custom.country || '').toUpperCase() || undefined,
    locale: custom.locale || attrs.browser_language || cw.additional_attributes?.browser_language || undefined,
    time_zone: custom.time_zone || custom.timezone || undefined,
  };
  if (custom.consent && typeof custom.consent === 'object') contact.consent = custom.consent;
  const conversation = {
    id: `chatwoot-${cw.id}`,
    channel: channelOf(cw.meta?.channel || cw.channel || cw.inbox?.channel_type),
    locale: contact.locale,
    country: contact.country,
    status: cw.status,
    subject: cw.additional_attributes?.mail_subject || undefined,
    labels: Array.isArray(cw.labels) ? cw.labels : [],
  };
  if (custom.order_number) conversation.order = { number: String(custom.order_number) };
  const messages = (Array.isArray(cw.messages) ? cw.messages : [])
    .filter((m) => m && !m.private)  // private notes are for agents, never part of the customer thread
    .map((m) => ({
      direction: m.message_type === 0 ? 'in' : m.message_type === 1 || m.message_type === 3 ? 'out' : 'system',
      text: typeof m.content === 'string' ? m.content : '',
      at: Number.isFinite(m.created_at) ? new Date(m.created_at * 1000).toISOString() : null,
    }))
    .sort((a, b) => String(a.at).localeCompare(String(b.at)));
  return { conversation, messages, contact, agent: { name: currentAgent.name || undefined } };
}

// Chatwoot's inbox types as Parley's channel ids (CHANNELS.md).
const CHANNELS = {
  'Channel::WebWidget': 'webchat', 'Channel::Whatsapp': 'whatsapp', 'Channel::Line': 'line', 'Channel::Email': 'email',
  'Channel::Sms': 'sms', 'Channel::TwilioSms': 'sms', 'Channel::FacebookPage': 'messenger', 'Channel::Instagram': 'instagram',
  'Channel::Telegram': 'telegram', 'Channel::Api': 'webchat',
};
export function channelOf(type) { return CHANNELS[type] || 'webchat'; }
