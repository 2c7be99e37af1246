// The bot's messages in the chat: a knowledge-base answer as an article card inside its bubble,
// and the bot's quick replies as buttons under its newest message. The words come from the relay
// (the workspace pack, in the customer's language); everything stays text nodes.
import { t } from './i18n.js';
import { renderText } from './render.js';

/** Mark a bot bubble and, for an answer, show the cited article as a card within its text. */
export function decorateBotMessage(el, bot, text) {
  el.classList.add('bot');
  const a = bot.article;
  if (!a || typeof a.title !== 'string' || typeof a.snippet !== 'string') return;
  const body = el.querySelector('.text');
  const cited = `${a.title}\n${a.snippet}`;
  const at = text.indexOf(cited);
  if (!body || at < 0) return;  // the text was changed on the way: it stays as it is
  body.textContent = '';
  const before = document.createElement('span');
  renderText(before, text.slice(0, at).trimEnd());
  const card = document.createElement('article');
  card.className = 'kb-card';
  card.setAttribute('aria-label', t('kb_article'));
  const h = document.createElement('h3');
  h.textContent = a.title;
  h.dir = 'auto';
  const p = document.createElement('p');
  p.dir = 'auto';
  renderText(p, a.snippet);
  card.append(h, p);
  const after = document.createElement('span');
  renderText(after, text.slice(at + cited.length).trimStart());
  body.append(before, card, after);
}

/** Remove the quick replies of an older message. */
export function clearQuickReplies(log) {
  for (const g of log.querySelectorAll('.quick-replies')) g.remove();
}

/** Buttons for the bot's choices after `el`; `onPick({id, label})` sends the pick. */
export function showQuickReplies(log, el, bot, onPick) {
  const choices = Array.isArray(bot.choices) ? bot.choices.filter((c) => c && typeof c.id === 'string' && typeof c.label === 'string') : [];
  if (!choices.length) return;
  const group = document.createElement('div');
  group.className = 'quick-replies';
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', t('quick_replies'));
  for (const c of choices) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = c.id === 'handoff' || c.id === 'no' ? 'quick-reply to-person' : 'quick-reply';
    b.dataset.choice = c.id;
    b.dir = 'auto';
    b.textContent = c.label;
    b.addEventListener('click', () => {
      group.remove();
      onPick(c);
    });
    group.append(b);
  }
  el.after(group);
}
