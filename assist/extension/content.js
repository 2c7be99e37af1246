// Parley Assist's content script: reads the conversation on the agent's page and puts drafts in
// its reply box. Two kinds of page:
//   - the relay's agent console (/console/): the selected conversation as the console shows it
//   - any helpdesk page that marks its conversation up with data-parley-* attributes:
//       <article data-parley-conversation="T-1" data-parley-channel="email" data-parley-locale="en"
//                data-parley-subject="…" data-parley-contact-name="…" data-parley-contact-email="…"
//                data-parley-contact-country="GB" data-parley-contact-time-zone="Europe/London"
//                data-parley-agent="…">
//         <p data-parley-message data-parley-direction="in|out" data-parley-at="ISO time">text</p>
//         <textarea data-parley-reply></textarea>
//       </article>
// It reports to the extension (never to the page) when the conversation changes, and only acts on
// messages from its own extension. Whether the page's origin is trusted is decided by the
// extension from Chrome's own account of the sender, not here.
(() => {
  const text = (node) => (node?.textContent || '').trim();
  const iso = (v) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : null);

  function readConsole() {
    const body = document.getElementById('conv-body');
    const selected = document.querySelector('.inbox-item[aria-current="true"]');
    if (!body || body.hidden || !selected || !document.getElementById('reply-text')) return null;
    const messages = [...document.querySelectorAll('#messages li.message')].map((li) => ({
      direction: li.classList.contains('from-agent') ? 'out' : li.classList.contains('from-system') ? 'system' : 'in',
      text: text(li.querySelector('.bubble .text')),
      at: iso(li.querySelector('.meta time')?.getAttribute('datetime')),
    }));
    return {
      conversation: { id: `relay-${selected.dataset.id}`, channel: document.querySelector('#conv-channel .channel-chip')?.dataset.channel || 'webchat' },
      messages,
      contact: { name: text(document.getElementById('conv-title')) || undefined },
      agent: {},
    };
  }

  function readMarkup() {
    const root = document.querySelector('[data-parley-conversation]');
    if (!root) return null;
    const d = root.dataset;
    const messages = [...root.querySelectorAll('[data-parley-message]')].map((m) => ({
      direction: ['in', 'out', 'system'].includes(m.dataset.parleyDirection) ? m.dataset.parleyDirection : 'in',
      text: text(m),
      at: iso(m.dataset.parleyAt),
    }));
    const contact = { name: d.parleyContactName, email: d.parleyContactEmail, locale: d.parleyContactLocale || d.parleyLocale,
      country: d.parleyContactCountry, time_zone: d.parleyContactTimeZone };
    return {
      conversation: { id: d.parleyConversation, channel: d.parleyChannel || 'email', locale: d.parleyLocale, subject: d.parleySubject,
        country: d.parleyContactCountry },
      messages,
      contact,
      agent: { name: d.parleyAgent },
    };
  }

  const read = () => readConsole() || readMarkup();
  const replyBox = () => (readConsole() ? document.getElementById('reply-text') : document.querySelector('[data-parley-reply]'));

  let last = null;
  function report(force = false) {
    const c = read();
    const key = JSON.stringify(c);
    if (!force && key === last) return;
    last = key;
    chrome.runtime.sendMessage({ type: 'parley:conversation', conversation: c }).catch(() => { /* extension reloading */ });
    document.documentElement.dataset.parleyReported = String(Number(document.documentElement.dataset.parleyReported || 0) + 1);
  }

  function insert(draft) {
    const box = replyBox();
    if (!box) return { ok: false, reason: 'no reply box on this page' };
    if (box.isContentEditable) {
      box.focus();
      document.execCommand('insertText', false, draft);
    } else {
      box.value = box.value ? `${box.value}\n${draft}` : draft;
      box.dispatchEvent(new Event('input', { bubbles: true }));  // the page's own listeners see the edit
    }
    return { ok: true };
  }

  chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || !msg) return;
    if (msg.type === 'parley:insert' && typeof msg.text === 'string') sendResponse(insert(msg.text));
  });

  let timer = null;
  new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(report, 200); })
    .observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true,
      attributeFilter: ['hidden', 'aria-current', 'data-parley-conversation', 'data-parley-direction'] });
  // The tab the agent comes back to becomes the panel's conversation again.
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') report(true); });
  report(true);
})();
