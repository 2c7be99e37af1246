// What a provider received from the relay, as the customer's phone shows it: who it is for and its
// text, per provider's request shape (tests/sim records the requests as received).
const lineTokens = new Map();  // LINE reply token → the user whose webhook carried it

/** The demo remembers which user a LINE reply token was given for (a reply names only the token). */
export function rememberReplyToken(token, user) { if (token) lineTokens.set(token, user); }

// An e-mail's text/plain part (quoted-printable or 8bit), from the raw RFC 5322 message.
function emailText(raw) {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  let part = raw;
  if (boundary) part = raw.split(`--${boundary}`).find((p) => /content-type:\s*text\/plain/i.test(p)) ?? '';
  const cut = part.indexOf('\r\n\r\n');
  const head = cut < 0 ? '' : part.slice(0, cut);
  let body = cut < 0 ? part : part.slice(cut + 4);
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    const bytes = [];
    const soft = body.replace(/=\r\n/g, '');
    for (let i = 0; i < soft.length; i++) {
      if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) { bytes.push(parseInt(soft.slice(i + 1, i + 3), 16)); i += 2; }
      else bytes.push(...Buffer.from(soft[i], 'utf8'));
    }
    body = Buffer.from(bytes).toString('utf8');
  } else if (/content-transfer-encoding:\s*base64/i.test(head)) {
    body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return body.replace(/\r\n/g, '\n').trim();
}

// The bot's buttons / quick replies, shown under the text as the phone would draw them.
const withOptions = (text, labels) => (labels.length ? `${text}\n${labels.map((l) => `[ ${l} ]`).join(' ')}` : text);

/** {to, text} of one request the simulator received on `channel`, or null when it is not a reply. */
export function replyOf(channel, r) {
  const b = r.body ?? {};
  switch (channel) {
    case 'whatsapp':
      if (b.type === 'interactive') {  // reply buttons, or a list's menu button (☰) and its rows
        const i = b.interactive ?? {}, a = i.action ?? {};
        if (i.type === 'list') return { to: b.to, text: withOptions(`${i.body?.text ?? ''}\n☰ ${a.button ?? ''}`, (a.sections ?? []).flatMap((s) => (s.rows ?? []).map((r) => r.title))) };
        return { to: b.to, text: withOptions(i.body?.text ?? '', (a.buttons ?? []).map((x) => x.reply?.title)) };
      }
      return { to: b.to, text: b.text?.body ?? (b.template ? `[${b.template.name}] ${(b.template.components ?? []).flatMap((c) => (c.parameters ?? []).map((p) => p.text)).join(' · ')}` : '') };
    case 'messenger': case 'instagram':
      return { to: b.recipient?.id, text: withOptions(b.message?.text ?? '', (b.message?.quick_replies ?? []).map((q) => q.title)) };
    case 'line':
      return { to: b.to ?? lineTokens.get(b.replyToken), text: withOptions((b.messages ?? []).map((m) => m.text).join('\n'),
        (b.messages ?? []).flatMap((m) => (m.quickReply?.items ?? []).map((i) => i.action?.label))) };
    case 'telegram':
      return { to: String(b.chat_id ?? ''), text: b.text ?? '' };
    case 'sms':
      return { to: b.To, text: b.Body ?? '' };
    case 'wechat':
      return { to: b.touser, text: b.text?.content ?? '' };
    case 'email':
      return { to: (b.to ?? [])[0], text: emailText(b.data ?? '') };
    default:
      return null;
  }
}
