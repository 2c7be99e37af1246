// The customer's phone (tools/demo/phone.mjs serves it): the customer's messages and the agent's
// replies on the chosen channel, polled from the demo server. Text only, never HTML.
const STRINGS = {
  en: { title: 'The customer\'s phone', language: 'Language', channel: 'Channel', from: 'You are', name: 'Name', message: 'Message',
    send: 'Send', email: 'E-mail', thread: 'Conversation', you: 'You', agent: 'The shop', not_sent: 'Not delivered to the relay: {why}',
    invalid: 'The provider simulator found this request invalid: {why}',
    hint: 'Write as a customer on any channel. Each message reaches the relay as the provider\'s signed webhook; the agent\'s replies arrive here through the provider simulator.' },
  ja: { title: 'お客様のスマートフォン', language: '言語', channel: 'チャネル', from: 'あなた', name: '名前', message: 'メッセージ',
    send: '送信', email: 'メール', thread: '会話', you: 'あなた', agent: 'ショップ', not_sent: 'リレーに届きませんでした: {why}',
    invalid: 'プロバイダーのシミュレーターがこのリクエストを不正と判定しました: {why}',
    hint: 'どのチャネルでもお客様として書き込めます。メッセージはプロバイダーの署名付き Webhook としてリレーに届き、担当者の返信はプロバイダーのシミュレーター経由でここに表示されます。' },
};
let lang = navigator.language?.startsWith('ja') ? 'ja' : 'en';
const t = (k, v = {}) => (STRINGS[lang][k] ?? STRINGS.en[k]).replace(/\{(\w+)\}/g, (_, n) => v[n] ?? '');
const $ = (id) => document.getElementById(id);
// A plausible handle per channel for the demo customer (each channel names people its own way).
const HANDLES = { whatsapp: '818012345678', line: 'U1a2b3c4d5e6f708192a3b4c5d6e7f809', telegram: '424242001', sms: '+818012345678',
  messenger: '6543210987654321', instagram: '1789001234567890', wechat: 'oAiko_demo_openid', email: 'aiko@example.jp' };

function applyLanguage() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  document.title = t('title');
  render();
}

let last = [];
function render() {
  $('thread').replaceChildren(...last.map((m) => {
    const li = document.createElement('li');
    li.className = m.direction === 'in' ? 'in' : 'out';
    li.textContent = m.text;
    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = `${m.direction === 'in' ? t('you') : t('agent')} · ${new Date(m.at).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' })}`;
    if (m.errors?.length) { li.classList.add('invalid'); meta.textContent += ` · ${t('invalid', { why: m.errors.join('; ') })}`; }
    li.append(meta);
    return li;
  }));
}

async function refresh() {
  const q = new URLSearchParams({ channel: $('channel').value, from: $('from').value });
  try {
    const { messages } = await (await fetch(`/api/thread?${q}`)).json();
    if (JSON.stringify(messages) !== JSON.stringify(last)) { last = messages; render(); }
  } catch { /* the next poll tries again */ }
}

async function send(e) {
  e.preventDefault();
  const text = $('text').value.trim();
  if (!text) return;
  $('error').textContent = '';
  const res = await fetch('/api/send', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channel: $('channel').value, from: $('from').value, name: $('name').value, text }) });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) { $('error').textContent = t('not_sent', { why: body.relay_answer || body.error?.message || res.status }); return; }
  $('text').value = '';
  refresh();
}

$('lang').value = lang;
$('lang').addEventListener('change', (e) => { lang = e.target.value; applyLanguage(); });
// Who you are is kept per channel (and across reloads): switching channel and back keeps the
// handle you typed, so the same customer's thread comes back.
const handleKey = (channel) => `parley-phone:from:${channel}`;
const handleFor = (channel) => sessionStorage.getItem(handleKey(channel)) || HANDLES[channel];
$('channel').addEventListener('change', () => { $('from').value = handleFor($('channel').value); refresh(); });
$('from').addEventListener('change', () => {
  const v = $('from').value.trim();
  if (v) sessionStorage.setItem(handleKey($('channel').value), v); else $('from').value = handleFor($('channel').value);
  refresh();
});
$('compose').addEventListener('submit', send);
$('text').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) send(e);
});
$('from').value = handleFor($('channel').value);
applyLanguage();
setInterval(refresh, 1000);
refresh();
