// Host simulator: sends a case to the panel the way the relay console does and shows what the
// panel sends back (insert-draft fills the reply box, send appends an outbound message).
const CASES = {
  'ja-line': {
    conversation: { id: 'demo-ja-line-1', channel: 'line', locale: 'ja', country: 'JP',
      order: { number: 'PD-104233', delivery_date: '2026-11-25', items: 2 } },
    contact: { name: '山田 花子', locale: 'ja', country: 'JP', time_zone: 'Asia/Tokyo' },
    agent: { name: '佐藤' },
    messages: [{ direction: 'in', at: new Date(Date.now() - 25 * 60e3).toISOString(), text: '先週注文したPD-104233の商品がまだ届きません。いつ届きますか？配送日数を教えてください。' }],
  },
  'pt-whatsapp': {
    conversation: { id: 'demo-pt-wa-1', channel: 'whatsapp', locale: 'pt-BR', country: 'BR',
      order: { number: 'PD-220871', return_deadline: '2026-12-20' } },
    contact: { name: 'Ana', locale: 'pt-BR', country: 'BR', time_zone: 'America/Sao_Paulo' },
    agent: { name: 'Rafa' },
    // Inside WhatsApp's 24-hour window whenever the demo runs: written an hour ago.
    messages: [{ direction: 'in', at: new Date(Date.now() - 3600e3).toISOString(), text: 'Oi! Quero devolver o pedido PD-220871, o tamanho ficou pequeno. Como faço a devolução?' }],
  },
  'ar-whatsapp': {
    conversation: { id: 'demo-ar-wa-1', channel: 'whatsapp', locale: 'ar', country: 'AE',
      order: { number: 'PD-330912', delivery_date: '2026-11-27' } },
    // Opted in to WhatsApp updates at checkout; her last message is days old, so the window is closed.
    contact: { name: 'سارة', locale: 'ar', country: 'AE', time_zone: 'Asia/Dubai',
      consent: { status: 'opted_in', channel: 'whatsapp', at: '2026-11-12T10:00:00Z' } },
    agent: { name: 'Omar' },
    messages: [{ direction: 'in', at: new Date(Date.now() - 50 * 3600e3).toISOString(), text: 'مرحبا، متى يصل طلبي PD-330912؟ ما هي مدة الشحن؟' }],
  },
  'en-email': {
    conversation: { id: 'demo-en-mail-1', channel: 'email', locale: 'en', country: 'US', subject: 'Refund for my order',
      order: { number: 'PD-118250', return_deadline: '2026-12-05' } },
    contact: { name: 'Ms Lee', locale: 'en', country: 'US', time_zone: 'America/New_York' },
    agent: { name: 'Jordan' },
    messages: [{ direction: 'in', at: new Date(Date.now() - 3 * 3600e3).toISOString(), text: 'Hi, I returned order PD-118250 last week. When will the refund show on my card?' }],
  },
  'en-legal': {
    conversation: { id: 'demo-en-chat-2', channel: 'webchat', locale: 'en', country: 'GB' },
    contact: { name: 'Tom', locale: 'en-GB', country: 'GB', time_zone: 'Europe/London' },
    agent: { name: 'Jordan' },
    messages: [{ direction: 'in', at: new Date(Date.now() - 600e3).toISOString(),
      text: 'Third time asking. If my refund for PD-118990 is not back by Friday I am taking you to small claims court.' }],
  },
  'es-angry': {
    conversation: { id: 'demo-es-wa-3', channel: 'whatsapp', locale: 'es', country: 'ES' },
    contact: { name: 'Lucía', locale: 'es-ES', country: 'ES', time_zone: 'Europe/Madrid' },
    agent: { name: 'Jordan' },
    messages: [{ direction: 'in', at: new Date(Date.now() - 300e3).toISOString(),
      text: 'Perfecto, el repuesto también llegó roto. Es la cuarta vez que escribo.' }],
  },
};

const frame = document.getElementById('assist');
const select = document.getElementById('case-select');
const params = new URLSearchParams(location.search);
let current = params.get('case') || 'ja-line';
const lang = params.get('lang');
if (lang) frame.src = `/assist/index.html?host=relay-console&lang=${encodeURIComponent(lang)}`;

for (const id of Object.keys(CASES)) select.append(new Option(id, id, false, id === current));
select.addEventListener('change', () => { current = select.value; show(); sendCase(); });

function show() {
  const list = document.getElementById('messages');
  list.replaceChildren(...CASES[current].messages.map((m) => {
    const li = document.createElement('li');
    li.className = m.direction;
    li.dir = 'auto';
    li.textContent = m.text;
    return li;
  }));
}
function sendCase() { frame.contentWindow.postMessage({ type: 'parley:conversation', ...CASES[current] }, location.origin); }

window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || event.origin !== location.origin) return;
  const msg = event.data || {};
  if (msg.type === 'parley:ready') sendCase();
  if (msg.type === 'parley:insert-draft') document.getElementById('reply').value = msg.text;
  if (msg.type === 'parley:assign' && typeof msg.queue === 'string') document.getElementById('queue').textContent = msg.queue;
  if (msg.type === 'parley:send') {
    CASES[current].messages.push({ direction: 'out', text: msg.text });
    show();
    document.getElementById('sent').textContent = `sent (${msg.text.length} characters)`;
  }
});
show();
