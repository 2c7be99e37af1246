// Chatwoot simulator: the conversation payload has Chatwoot's shapes (message_type 0/1, created_at
// in seconds, meta.sender, Channel::Whatsapp, a private note). ?panel=ORIGIN serves the panel from
// another origin, ?trust=ORIGIN tells the panel which Chatwoot origin to trust (default: this one).
const params = new URLSearchParams(location.search);
const panelOrigin = params.get('panel') || location.origin;
const trust = params.get('trust') || location.origin;
const minutesAgo = (m) => Math.floor(Date.now() / 1000) - m * 60;

const conversation = {
  id: 4127, status: 'open', inbox_id: 3, labels: ['vip'],
  meta: {
    channel: 'Channel::Whatsapp',
    sender: { id: 88, name: 'Lucía Fernández', phone_number: '+34600111222',
      additional_attributes: { country_code: 'es', city: 'Sevilla' },
      custom_attributes: { locale: 'es', time_zone: 'Europe/Madrid', order_number: 'PD-550123',
        consent: { status: 'opted_in', channel: 'whatsapp', at: '2026-10-01T10:00:00Z' } } },
    assignee: { id: 5, name: 'Marta' },
  },
  messages: [
    { id: 1, content: 'Hola, hice el pedido PD-550123 hace dos semanas.', message_type: 0, created_at: minutesAgo(50), private: false },
    { id: 2, content: 'VIP customer, be nice', message_type: 1, created_at: minutesAgo(45), private: true },
    { id: 3, content: '¿Dónde está mi pedido? Todavía no ha llegado y lo necesito para el viernes.', message_type: 0, created_at: minutesAgo(40), private: false },
  ],
};
const appContext = JSON.stringify({ event: 'appContext', data: { conversation, contact: conversation.meta.sender, currentAgent: { id: 5, name: 'Marta', email: 'marta@example.com' } } });

const frame = document.getElementById('assist');
frame.src = `${panelOrigin}/assist/index.html?host=chatwoot&origin=${encodeURIComponent(trust)}`;
// Chatwoot pushes the context when the app tab opens, and again whenever the app asks.
frame.addEventListener('load', () => frame.contentWindow.postMessage(appContext, panelOrigin));
let asked = 0;
window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || event.origin !== panelOrigin) return;
  if (event.data === 'chatwoot-dashboard-app:fetch-info') {
    document.getElementById('asked').textContent = `fetch-info ${++asked}`;
    frame.contentWindow.postMessage(appContext, panelOrigin);
  }
});
document.getElementById('messages').replaceChildren(...conversation.messages.filter((m) => !m.private).map((m) => {
  const li = document.createElement('li');
  li.className = m.message_type === 0 ? 'in' : 'out';
  li.textContent = m.content;
  return li;
}));
