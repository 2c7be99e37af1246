// UI strings of the agent console. Add a language by adding a table with the same keys;
// `{name}` placeholders are filled by t(key, vars).
export const STRINGS = {
  en: {
    title: 'Parley agent console',
    skip_to_reply: 'Skip to reply',
    language: 'Language',
    logout: 'Sign out',
    metrics_link: 'Metrics',
    login_title: 'Sign in',
    token_label: 'Agent token',
    token_hint: 'The relay prints the token when it starts (demo: demo-agent).',
    login: 'Sign in',
    login_failed: 'That token was not accepted.',
    network_error: 'The relay cannot be reached.',
    inbox: 'Inbox',
    filter_status: 'Filter by status',
    filter_all: 'All',
    inbox_empty: 'No conversations yet.',
    no_selection: 'Select a conversation.',
    status: 'Status',
    status_open: 'Open',
    status_waiting_on_agent: 'Waiting on agent',
    status_waiting_on_customer: 'Waiting on customer',
    status_resolved: 'Resolved',
    status_closed: 'Closed',
    messages: 'Messages',
    reply_label: 'Reply',
    reply_placeholder: 'Write a reply… (Enter sends, Shift+Enter for a new line)',
    send: 'Send',
    send_failed: 'Not sent: {reason}. Your text is kept; send again to retry.',
    unread: '{count} unread',
    visitor: 'Visitor',
    verified: 'verified',
    you: 'You',
    agent: 'Agent',
    system: 'System',
    typing: '{name} is typing…',
    seen: 'Seen',
    masked: 'Masked before sending: {types}',
    attachment: 'Attachment: {name}',
    no_messages: 'No messages yet.',
    context: 'Session context',
    ctx_page: 'Page',
    ctx_title: 'Page title',
    ctx_referrer: 'Referrer',
    ctx_utm: 'Campaign (UTM)',
    ctx_locale: 'Locale',
    ctx_timezone: 'Time zone',
    ctx_cart: 'Cart',
    ctx_pages_seen: 'Pages seen',
    ctx_custom: 'Custom attributes',
    ctx_email: 'E-mail',
    ctx_started: 'Started',
    ctx_csat: 'Rating',
    ctx_none: '—',
    csat_value: '{score} / 5',
    connected: 'Live',
    reconnecting: 'Reconnecting…',
    assist: 'Assist',
    assist_frame: 'Assist panel',
  },
  ja: {
    title: 'Parley エージェントコンソール',
    skip_to_reply: '返信へ移動',
    language: '言語',
    logout: 'サインアウト',
    metrics_link: '指標',
    login_title: 'サインイン',
    token_label: 'エージェントトークン',
    token_hint: 'トークンはリレー起動時に表示されます（デモ: demo-agent）。',
    login: 'サインイン',
    login_failed: 'このトークンは受け付けられませんでした。',
    network_error: 'リレーに接続できません。',
    inbox: '受信箱',
    filter_status: 'ステータスで絞り込み',
    filter_all: 'すべて',
    inbox_empty: '会話はまだありません。',
    no_selection: '会話を選択してください。',
    status: 'ステータス',
    status_open: 'オープン',
    status_waiting_on_agent: 'エージェント対応待ち',
    status_waiting_on_customer: 'お客様の返信待ち',
    status_resolved: '解決済み',
    status_closed: 'クローズ',
    messages: 'メッセージ',
    reply_label: '返信',
    reply_placeholder: '返信を入力…（Enter で送信、Shift+Enter で改行）',
    send: '送信',
    send_failed: '送信できませんでした: {reason}。入力内容は残っています。もう一度送信してください。',
    unread: '未読 {count} 件',
    visitor: '訪問者',
    verified: '認証済み',
    you: 'あなた',
    agent: 'エージェント',
    system: 'システム',
    typing: '{name} が入力中…',
    seen: '既読',
    masked: '送信前にマスク済み: {types}',
    attachment: '添付ファイル: {name}',
    no_messages: 'メッセージはまだありません。',
    context: 'セッション情報',
    ctx_page: 'ページ',
    ctx_title: 'ページタイトル',
    ctx_referrer: '参照元',
    ctx_utm: 'キャンペーン (UTM)',
    ctx_locale: 'ロケール',
    ctx_timezone: 'タイムゾーン',
    ctx_cart: 'カート',
    ctx_pages_seen: '閲覧ページ',
    ctx_custom: 'カスタム属性',
    ctx_email: 'メール',
    ctx_started: '開始',
    ctx_csat: '評価',
    ctx_none: '—',
    csat_value: '{score} / 5',
    connected: 'ライブ',
    reconnecting: '再接続中…',
    assist: 'アシスト',
    assist_frame: 'アシストパネル',
  },
};

let current = 'en';

export function setLanguage(lang) {
  current = STRINGS[lang] ? lang : 'en';
  document.documentElement.lang = current;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of document.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  document.title = t('title');
  return current;
}

export function language() { return current; }

export function pickLanguage(saved, browser) {
  if (saved && STRINGS[saved]) return saved;
  for (const l of browser || []) {
    const base = String(l).toLowerCase().split('-')[0];
    if (STRINGS[base]) return base;
  }
  return 'en';
}

export function t(key, vars = {}) {
  const s = STRINGS[current][key] ?? STRINGS.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : `{${k}}`));
}
