// Host adapter: a Zendesk Support ticket sidebar app (ZAF; assist/zendesk/manifest.json points
// the sidebar at …/assist/index.html and Zendesk adds ?origin=…&app_guid=… to it).
//
//   reads   ticket.id, ticket.subject, ticket.status, ticket.tags, ticket.via, ticket.requester,
//           currentUser (ZAF get); the comments from the Support API through ZAF's request proxy
//           (/api/v2/tickets/{id}/comments.json: public flag, author_id and created_at), else
//           ZAF's own ticket.comments (no times) when the proxy is refused
//   writes  ticket.comment.appendText (Insert puts the draft in the agent's reply; the agent
//           submits the ticket in Zendesk, so there is no Send here)
//   follows ticket.submit.done and ticket.updated (re-read; the case reopens only when its
//           comments changed), and resizes the sidebar frame to the panel's height
//
// The `origin` Zendesk passes is believed only when it is a Zendesk (or loopback) origin
// (hosts.js zendeskOriginAllowed); then only messages from window.parent on exactly that origin
// are read (zaf-client.js).
import { originsFrom, zendeskOriginAllowed } from '../js/hosts.js';
import { ZafClient, zafParams } from '../zendesk/zaf-client.js';

export function connect(panel, { search = location.search, hash = location.hash, source = window.parent } = {}) {
  const zaf = zafParams(search, hash);
  const extra = originsFrom(new URLSearchParams(search).getAll('trust'));
  if (!zaf || !zendeskOriginAllowed(zaf.origin, extra)) throw new Error(`zendesk host: origin ${zaf?.origin} is not a Zendesk origin`);
  const client = new ZafClient({ origin: zaf.origin, appGuid: zaf.appGuid, source });

  let shown = '';
  let reading = Promise.resolve();
  const refresh = () => {
    reading = reading.then(async () => {
      const c = await readTicket(client);
      const key = JSON.stringify([c.conversation.id, c.messages.map((m) => [m.direction, m.text, m.at])]);
      if (!c.conversation.id || key === shown) return;
      shown = key;
      panel.openConversation(c);
    }).catch((e) => console.warn(`Parley Assist (Zendesk): ${e.message}`));
    return reading;
  };
  let timer = null;
  client.on('ticket.submit.done', refresh);
  client.on('ticket.updated', () => { clearTimeout(timer); timer = setTimeout(refresh, 300); });
  client.start().then(() => { refresh(); fitFrame(client); });

  return {
    name: 'zendesk',
    async insertDraft(text) {
      await client.invoke('ticket.comment.appendText', text);
      return 'inserted';
    },
    // No send and no assign: the agent submits (and assigns groups) in Zendesk itself.
  };
}

// The sidebar frame is as tall as Zendesk makes it; the panel asks for its own height.
function fitFrame(client) {
  let last = 0;
  const fit = () => {
    // The body's own extent, not the document's (which is at least the frame's current height).
    const h = Math.ceil(document.body.getBoundingClientRect().bottom + window.scrollY) + 8;
    if (Math.abs(h - last) < 8) return;
    last = h;
    client.invoke('resize', { width: '100%', height: `${h}px` }).catch(() => {});
  };
  new ResizeObserver(fit).observe(document.body);
  fit();
}

async function readTicket(client) {
  const paths = ['ticket.id', 'ticket.subject', 'ticket.status', 'ticket.tags', 'ticket.via', 'ticket.requester', 'currentUser'];
  const t = await client.get(paths);
  const id = t['ticket.id'];
  let comments;
  try {
    const page = await client.request({ url: `/api/v2/tickets/${encodeURIComponent(id)}/comments.json?sort_order=asc`, type: 'GET', dataType: 'json' });
    comments = fromApi(page?.comments, t['ticket.requester']?.id);
  } catch {
    comments = fromZaf((await client.get('ticket.comments'))['ticket.comments']);
  }
  return ticketToCase({ ...t, comments });
}

/** The Support API's comments (newest last): private notes dropped; the requester's are inbound. */
export function fromApi(list, requesterId) {
  return (Array.isArray(list) ? list : []).filter((c) => c && c.public !== false).map((c) => ({
    direction: c.author_id === requesterId ? 'in' : 'out',
    text: String(c.plain_body ?? c.body ?? ''),
    at: typeof c.created_at === 'string' && !Number.isNaN(Date.parse(c.created_at)) ? new Date(c.created_at).toISOString() : null,
  }));
}

/** ZAF's ticket.comments (HTML values, author roles, no times; a note is dropped only when it says public: false). */
export function fromZaf(list) {
  return (Array.isArray(list) ? list : []).filter((c) => c && c.public !== false).map((c) => ({
    direction: c?.author?.role === 'end-user' ? 'in' : 'out',
    text: htmlText(c?.value),
    at: null,
  }));
}

function htmlText(html) {
  const doc = new DOMParser().parseFromString(String(html ?? ''), 'text/html');
  return (doc.body.textContent || '').trim();
}

/** ZAF's answers (plus the comments) as the panel's {conversation, messages, contact, agent}. */
export function ticketToCase(t) {
  const requester = t['ticket.requester'] || {};
  const locale = canonicalLocale(requester.locale);
  const contact = {
    name: requester.name || undefined,
    email: requester.email || undefined,
    locale,
    time_zone: requester.timeZone?.ianaName || undefined,
  };
  const conversation = {
    id: t['ticket.id'] ? `zendesk-${t['ticket.id']}` : '',
    channel: channelOf(t['ticket.via']?.channel),
    subject: t['ticket.subject'] || undefined,
    status: t['ticket.status'] || undefined,
    labels: Array.isArray(t['ticket.tags']) ? t['ticket.tags'] : [],
    locale,
  };
  return { conversation, messages: t.comments || [], contact, agent: { name: t.currentUser?.name || undefined } };
}

function canonicalLocale(l) {
  try { return l ? Intl.getCanonicalLocales(String(l))[0] : undefined; } catch { return undefined; }
}

// Zendesk's via.channel names as Parley's channel ids; a ticket from a form, the API or anything
// unknown is answered like e-mail (a ticket reply is an e-mail to the requester).
const CHANNELS = {
  email: 'email', web: 'email', mobile: 'email', api: 'email',
  chat: 'webchat', native_messaging: 'webchat', messaging: 'webchat', sunshine_conversations_api: 'webchat',
  whatsapp: 'whatsapp', sunshine_conversations_whatsapp: 'whatsapp',
  line: 'line', sunshine_conversations_line: 'line',
  sms: 'sms', sunshine_conversations_twilio: 'sms',
  facebook: 'messenger', sunshine_conversations_facebook_messenger: 'messenger',
  instagram_dm: 'instagram', sunshine_conversations_instagram: 'instagram',
  telegram: 'telegram', sunshine_conversations_telegram: 'telegram',
  wechat: 'wechat', sunshine_conversations_wechat: 'wechat',
};
export function channelOf(via) { return CHANNELS[via] || 'email'; }
