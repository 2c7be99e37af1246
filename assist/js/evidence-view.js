// Parley Assist: the evidence viewer. Every step of the case is in the evidence chain
// (evidence.js); here the agent sees it, verifies it and exports it as JSON Lines.
import { $, el, level, notAvailable, state, status, t } from './ui.js';

export function showEvidence() {
  const ev = state.evidence;
  $('evidence-verify').disabled = !state.core.has('evidence.verify');
  $('evidence-export').disabled = !ev.available;
  if (!ev.available) {
    $('evidence-list').replaceChildren();
    status('evidence-status', notAvailable('evidence.append'));
    return;
  }
  $('evidence-list').replaceChildren(...ev.records.map((r, i) => el('li', {},
    el('span', { class: 'kind', 'data-kind': r.kind }, `${r.seq ?? i + 1}. ${level('ev', r.kind)}`), ' ',
    el('span', { class: 'note' }, r.actor === 'customer' ? t('actor_customer') : r.actor), ' ',
    el('code', {}, String(r.hash || '').slice(0, 12)))));
}

export async function verifyEvidence() {
  try {
    const r = await state.evidence.verify();
    status('evidence-status', r.valid ? t('verifyOk', r.length) : t('verifyBad', r.first_bad_seq ?? '?'));
  } catch (e) {
    status('evidence-status', e.message);
  }
}

export async function exportEvidence() {
  const text = await state.evidence.exportJsonl();
  const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
  const a = el('a', { href: url, download: `evidence-${state.evidence.caseId}.jsonl` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  status('evidence-status', t('exported', state.evidence.records.length));
}
