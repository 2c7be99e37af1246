// Telegram's MarkdownV2 as the Bot API parses it (core.telegram.org/bots/api#markdownv2-style):
// `_ * [ ] ( ) ~ \` > # + - = | { } . !` are reserved and must be escaped with `\` outside entities;
// inside `code` and ```pre``` only ` and \ are; inside a link's (url) only ) and \ are.
// Returns {text, errors}: the text after parsing (what the 4096 limit counts) and what Telegram
// would refuse ("Bad Request: can't parse entities: …").
const RESERVED = new Set('_*[]()~`>#+-=|{}.!');
const TOGGLES = ['||', '__', '*', '_', '~']; // longest first

export function parseMarkdownV2(src) {
  const errors = [];
  const open = [];   // entity markers not closed yet
  let text = '';
  let i = 0;
  let expandable = false;   // inside a **>expandable blockquote, which ends with || at a line end
  const reserved = (c, at) => errors.push(`character '${c}' at ${at} is reserved and must be escaped with '\\'`);
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      if (i + 1 >= src.length) { reserved('\\', i); i++; continue; }
      text += src[i + 1]; i += 2; continue;
    }
    if (c === '`') {
      const fence = src.startsWith('```', i) ? '```' : '`';
      let j = i + fence.length;
      let inner = '';
      for (; j < src.length && !src.startsWith(fence, j); j++) {
        if (src[j] === '\\' && j + 1 < src.length) inner += src[++j];
        else inner += src[j];
      }
      if (j >= src.length) { errors.push(`can't find end of ${fence === '`' ? 'code' : 'pre'} entity at ${i}`); break; }
      text += fence === '```' ? inner.replace(/^[^\n]*\n/, '') : inner;
      i = j + fence.length; continue;
    }
    if (c === '[') { open.push({ m: '[', at: i }); i++; continue; }
    if (c === ']') {
      const top = open.at(-1);
      if (top?.m !== '[' || src[i + 1] !== '(') { reserved(']', i); i++; continue; }
      open.pop();
      let j = i + 2;
      for (; j < src.length && src[j] !== ')'; j++) if (src[j] === '\\') j++;
      if (j >= src.length) { errors.push(`can't find end of a URL at ${i + 1}`); break; }
      i = j + 1; continue;
    }
    if (c === '>' && (i === 0 || src[i - 1] === '\n')) { i++; continue; }   // a blockquote line
    if (src.startsWith('**>', i) && (i === 0 || src[i - 1] === '\n')) { expandable = true; i += 3; continue; }
    if (expandable && src.startsWith('||', i) && (i + 2 === src.length || src[i + 2] === '\n')) { expandable = false; i += 2; continue; }
    const toggle = TOGGLES.find((m) => src.startsWith(m, i));
    if (toggle) {
      const k = open.findLastIndex((o) => o.m === toggle);
      if (k >= 0 && k === open.length - 1) open.pop();
      else if (k >= 0) errors.push(`entity '${toggle}' at ${i} closes across '${open.at(-1).m}'`);
      else open.push({ m: toggle, at: i });
      i += toggle.length; continue;
    }
    if (RESERVED.has(c)) reserved(c, i);
    text += c; i++;
  }
  for (const o of open) errors.push(`can't find end of the entity '${o.m}' opened at ${o.at}`);
  return { text, errors };
}
