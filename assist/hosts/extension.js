// Host adapter: the Chrome side panel (assist/extension/). The panel is the extension's own page
// (no parent window); the conversation comes from the content script of the page the agent looked
// at last, kept by the service worker in chrome.storage.session together with the origin Chrome
// reported for it. The panel opens it only when that origin is one the extension was built to
// trust (config.json), and inserts drafts by asking that tab's content script.
export async function connect(panel, { chrome = globalThis.chrome } = {}) {
  const { origins = [], relay } = await (await fetch(chrome.runtime.getURL('config.json'))).json();
  let current = null;
  let shown = '';
  const take = (rec) => {
    if (!rec || typeof rec.tabId !== 'number' || !origins.includes(rec.origin) || !rec.conversation?.conversation) return;
    current = rec;
    const key = JSON.stringify([rec.tabId, rec.conversation]);
    if (key === shown) return;  // the same page reporting again (tab shown again): nothing new
    shown = key;
    panel.openConversation(structuredClone(rec.conversation));
  };
  chrome.storage.onChanged.addListener((changes, area) => { if (area === 'session' && changes.current) take(changes.current.newValue); });
  take((await chrome.storage.session.get('current')).current);

  return {
    name: 'extension',
    relay,  // where the agent signs in for the agents-only articles (the panel's own origin is the extension's)
    async insertDraft(text) {
      if (!current) throw new Error('no page to insert into');
      const r = await chrome.tabs.sendMessage(current.tabId, { type: 'parley:insert', text });
      if (!r?.ok) throw new Error(r?.reason || 'not inserted');
      return 'inserted';
    },
    // No send: the agent sends from the page's own reply box.
  };
}
