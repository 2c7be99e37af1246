// Parley Assist: the knowledge the panel searches. The pack's public articles; with the agent's
// relay token, the agents-only articles and the workspace's knowledge history (customers' words
// with the article that answered them: the pack's kb/history.jsonl and the answers customers
// confirmed to the relay's bot), which join the index so a paraphrase finds its article.
import { fetchHistory, fetchInternal, Refused, relayOrigin, saveToken } from './internal.js';
import { $, el, state, status, t } from './ui.js';

// The pack's public files carry no agents-only article (the relay withholds them): with the
// agent's token they come from the relay, join the index (search finds them for the agent; a draft
// never cites them) and are listed under "For agents only". Without a token, or when the relay
// refuses it, the panel works on the public articles alone and says so (internal.js).
export async function loadInternal() {
  const pack = state.pack;
  state.internal = [];
  state.history = [];
  state.internalNote = '';
  if (state.token) {
    try {
      const from = { origin: relayOrigin(state.host), packId: pack.manifest.id, token: state.token };
      state.internal = await fetchInternal(from);
      if (state.signIn) saveToken(state.token);
      // Customers' words are agents' material too. Without them search still works, as before.
      state.history = await fetchHistory(from).catch((e) => { console.warn(`Parley Assist: no knowledge history: ${e.message}`); return []; });
    } catch (e) {
      if (e instanceof Refused && state.signIn) {  // a token typed here and refused: forget it, ask again
        state.token = null;
        saveToken(null);
        state.internalNote = t('internalRefused');
      } else {
        state.internalNote = t('internalUnavailable', e.message);
      }
    }
  }
  const built = await state.core.call('knowledge.index', { index_id: `pack-${pack.manifest.id}`, articles: [...pack.articles, ...state.internal],
    history: state.history.length ? state.history : undefined });
  state.indexId = built.index_id;
  $('internal').dataset.learnt = String(built.learnt || 0);  // hosts and tests can tell what the index learnt from
  showInternal();
}

// The agents-only articles, those the current case's search found first; the sign-in form while
// a host that hands no token has none.
export function showInternal() {
  const asking = state.signIn && !state.token;
  $('internal').hidden = !state.internal.length && !state.internalNote && !asking;
  $('internal-signin').hidden = !asking;
  $('internal-signout').hidden = !(state.signIn && state.token);
  status('internal-status', state.internalNote);
  const found = new Set(state.hits.filter((h) => h.audience === 'internal').map((h) => h.article_id));
  const list = [...state.internal].sort((a, b) => found.has(b.id) - found.has(a.id));
  $('internal-list').replaceChildren(...list.map((a) => el('li', { 'data-article': a.id, class: found.has(a.id) ? 'relevant' : undefined },
    el('details', {}, el('summary', { lang: a.locale || undefined, dir: 'auto' }, a.title, found.has(a.id) ? el('span', { class: 'tag' }, t('internalMatch')) : ''),
      el('p', { lang: a.locale || undefined, dir: 'auto' }, a.body)))));
}
