// The extension's service worker: opens the side panel from the toolbar button and keeps the
// conversation of the page the agent looked at last, as its content script read it. A report is
// kept only when Chrome says it comes from our own content script on a trusted origin
// (config.json, written at build time); anything else is dropped. The panel reads the kept one
// from chrome.storage.session (which content scripts cannot write) and checks the origin again.
import { trustedSender } from './assist/js/hosts.js';

const config = fetch(chrome.runtime.getURL('config.json')).then((r) => r.json());

chrome.runtime.onInstalled.addListener(() => {
  chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => {});
});

chrome.runtime.onMessage.addListener((msg, sender) => {
  if (!msg || msg.type !== 'parley:conversation') return;
  config.then(async ({ origins }) => {
    const origin = trustedSender(sender, { extensionId: chrome.runtime.id, origins });
    if (!origin) return;
    await chrome.storage.session.set({ current: { tabId: sender.tab.id, origin, conversation: msg.conversation ?? null, at: Date.now() } });
  });
});
