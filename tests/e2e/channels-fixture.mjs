// What the channel tests share: a workspace with an account per channel (secrets made up for the
// test, base URLs on loopback), a relay started on it, and signed webhook requests.
//
// The signatures follow the relay's contract (docs/relay.md, "Provider channels"); the workspace,
// the signatures and the payloads are tests/sim's (workspace.mjs, webhooks.mjs: the smallest
// payload each provider's webhook reference allows, checked against ../shared/specs/ there).
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startRelay, ROOT } from './browser.mjs';
import { workspace } from '../sim/workspace.mjs';
import { inboundText, signatureHeaders, wechatQuery } from '../sim/webhooks.mjs';

export { inboundText, signatureHeaders, wechatQuery, workspace };

export const AGENT = 'channels-agent-token';

/** A relay on a workspace from `workspace(options)`; resolves to the relay plus that workspace. */
export async function startChannelRelay(options = {}) {
  const port = options.port || (await freePort());
  const ws = workspace({ ...options, port });
  const file = join(mkdtempSync(join(tmpdir(), 'parley-ws-')), 'workspace.json');
  writeFileSync(file, JSON.stringify(ws));
  const relay = await startRelay({ port, data: options.data, args: ['--agent-token', AGENT, '--workspace', file] });
  return { relay, ws, file };
}

/** POST a webhook; resolves to {status, json, text}. */
export async function postWebhook(relay, channel, { body, headers, query = '' }) {
  const res = await fetch(`${relay.url}/webhooks/${channel}${query ? `?${query}` : ''}`, { method: 'POST', headers, body });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* text answers: WeChat's success */ }
  return { status: res.status, json, text, headers: res.headers };
}

export const CHANNELS = ['whatsapp', 'messenger', 'instagram', 'line', 'telegram', 'sms', 'wechat', 'email'];

/** Channels this build's core can read: a probe webhook answers 501 channel_not_supported otherwise. */
export async function supportedChannels(relay, ws) {
  const out = [];
  for (const c of CHANNELS.filter((x) => ws.channels[x])) {
    const probe = inboundText(ws, c, { text: 'probe' });
    // A wrong signature: a supported channel says 401 and stores nothing; an unsupported one 501.
    const headers = { ...probe.headers };
    for (const k of Object.keys(headers)) if (k.includes('signature') || k.includes('secret')) headers[k] = 'x';
    const query = c === 'wechat' ? wechatQuery(ws, { token: 'wrong' }) : '';
    const r = await postWebhook(relay, c, { body: probe.body, headers, query });
    if (r.status === 401) out.push(c);
  }
  return out;
}

/** tests/sim's simulators when that branch has landed; null otherwise. */
export async function providerSimulators() {
  const file = join(ROOT, 'tests', 'sim', 'index.mjs');
  if (!existsSync(file)) return null;
  const sim = await import(file);
  return typeof sim.startProviders === 'function' ? sim : null;
}
