// Helpers shared by the widget's end-to-end tests: open the widget on a page, act as the agent
// through the relay API, wait for conditions without fixed sleeps.
import assert from 'node:assert/strict';

export const AGENT_TOKEN = process.env.PARLEY_AGENT_TOKEN || 'demo-agent';

/** Poll `fn` until it returns a truthy value (or throw with `what` after `ms`). */
export async function until(fn, what, ms = 20000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The chat app's frame once it says it is ready. */
export async function appFrame(page) {
  const frame = await until(() => page.frames().find((f) => f.url().includes('/widget/app/')), 'the chat app frame');
  await frame.waitForSelector('html[data-ready="1"]', { state: 'attached', timeout: 20000 });
  return frame;
}

/** Click the launcher and return the ready app frame. */
export async function openWidget(page) {
  await page.click('.parley-launcher');
  return appFrame(page);
}

export async function typeAndSend(frame, text) {
  await frame.fill('#input', text);
  await frame.press('#input', 'Enter');
}

/** Texts of the messages in the log, in display order. */
export function logTexts(frame) {
  return frame.$$eval('#log .msg .text', (els) => els.map((e) => e.textContent));
}

/** Act as an agent (or a given visitor token) against the relay's HTTP API. */
export function api(relayUrl, token = AGENT_TOKEN) {
  async function call(method, path, body) {
    const res = await fetch(`${relayUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
  const ok = async (p) => { const r = await p; assert.ok(r.status < 300, `HTTP ${r.status}: ${JSON.stringify(r.body)}`); return r.body; };
  return {
    call,
    conversations: () => ok(call('GET', '/api/v1/conversations')).then((b) => b.conversations),
    conversation: (id) => ok(call('GET', `/api/v1/conversations/${id}`)),
    messages: (id) => ok(call('GET', `/api/v1/conversations/${id}/messages?after=0&limit=500`)).then((b) => b.messages),
    reply: (id, text) => ok(call('POST', `/api/v1/conversations/${id}/messages`, { idempotency_key: `agent-${Date.now()}-${Math.random()}`, text })),
    typing: (id, typing) => call('POST', `/api/v1/conversations/${id}/typing`, { typing }),
    read: (id, seq) => ok(call('POST', `/api/v1/conversations/${id}/read`, { seq })),
    status: (id, status) => ok(call('POST', `/api/v1/conversations/${id}/status`, { status })),
  };
}

/** The visitor's session as the chat app stored it (token, conversation id). */
export function session(frame, workspace = 'demo') {
  return frame.evaluate((ws) => JSON.parse(localStorage.getItem(`parley:${ws}`) || '{}'), workspace);
}
