// The knowledge base learns from the workspace (issue 22), through the real relay: the pack's
// history file (kb/history.jsonl: customers' words with the article that answered them) is never a
// public file; agents read it, with what the relay learnt, from GET /api/v1/packs/{id}/kb-history;
// an article a customer confirms is learnt with the question it answered, the bot's own index
// takes it at once (the same question next time finds the article with more confidence), a
// return about the same issue takes it back, and the Assist panel, given the agent's token by the
// console, indexes the whole history (without a token, none of it).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, launchBrowser, startRelay, consoleSignIn } from './browser.mjs';
import { api, newVisitor } from './relay-client.mjs';

const AGENT = 'learning-agent-token';
const QUESTION = 'How do I return an item?';
const PACKED = { text: 'the jeans are too long, can I send them back', article_id: 'returns.en' };

// A root of its own: the demo site with a history file in the demo pack (the repository's pack has none).
const root = mkdtempSync(join(tmpdir(), 'parley-learning-'));
cpSync(join(ROOT, 'site'), join(root, 'site'), { recursive: true });
for (const dir of ['models', 'build', 'wasm', 'widget', 'assist']) symlinkSync(join(ROOT, dir), join(root, dir));
writeFileSync(join(root, 'site/packs/demo/kb/history.jsonl'), `${JSON.stringify(PACKED)}\n\n`);
const workspace = join(root, 'workspace.json');
writeFileSync(workspace, JSON.stringify({ automation: { enabled: true } }));

let relay, agent;
before(async () => {
  relay = await startRelay({ args: ['--root', root, '--workspace', workspace, '--agent-token', AGENT] });
  agent = api(relay.url, AGENT);
});
after(async () => {
  await relay?.stop();
  rmSync(root, { recursive: true, force: true });
});

function rawGet(path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: relay.port, path }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function until(check, what, ms = 20000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const history = async () => {
  const r = await agent('GET', '/api/v1/packs/demo/kb-history');
  assert.equal(r.status, 200, r.text);
  return r.json;
};

// A visitor asks; resolves with the bot's decision once it has replied to this message.
async function ask(visitor, conversation, text, { choice } = {}) {
  const body = { idempotency_key: `${text}-${Math.random()}`, text };
  if (choice) body.choice = choice;
  const sent = await visitor.call('POST', `/api/v1/conversations/${conversation}/messages`, body);
  assert.equal(sent.status, 201, sent.text);
  await until(async () => {
    const r = await agent('GET', `/api/v1/conversations/${conversation}/messages?after=${sent.json.seq}&limit=50`);
    return r.json?.messages?.some((m) => m.author.type !== 'visitor');
  }, `the bot's reply to "${text}"`);
  return (await agent('GET', `/api/v1/conversations/${conversation}`)).json.automation;
}

async function conversationOf(visitor) {
  const r = await visitor.call('POST', '/api/v1/conversations', { channel: 'webchat', locale: 'en' });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

test('the pack\'s history file is no public file, whatever the path', async () => {
  for (const path of ['/packs/demo/kb/history.jsonl', '/packs/demo/kb/./history.jsonl', '/packs/demo//kb/history.jsonl', '/packs/demo/kb/%68istory.jsonl']) {
    const r = await rawGet(path);
    assert.equal(r.status, 404, path);
    assert.ok(!r.text.includes(PACKED.text), path);
  }
  assert.equal((await rawGet('/packs/demo/kb/en.json')).status, 200);
});

test('agents read the history with their token; no token, a wrong one or a visitor\'s are refused', async () => {
  const h = await history();
  assert.equal(h.pack, 'demo');
  assert.equal(h.from_pack, 1);
  assert.deepEqual(h.history[0], PACKED);
  const visitor = await newVisitor(relay.url);
  for (const [call, status] of [[api(relay.url), 401], [api(relay.url, 'nope'), 401], [visitor.call, 403]]) {
    const r = await call('GET', '/api/v1/packs/demo/kb-history');
    assert.equal(r.status, status, r.text);
    assert.equal(typeof r.json.error.code, 'string');
    assert.ok(!r.text.includes(PACKED.text));
  }
  assert.equal((await agent('GET', '/api/v1/packs/nope/kb-history')).status, 404);
});

test('a confirmed article is learnt with its question, the bot answers it more surely next time, and a return takes it back', async () => {
  const before = await history();
  const visitor = await newVisitor(relay.url);
  const first = await conversationOf(visitor);
  const answered = await ask(visitor, first, QUESTION);
  assert.match(answered.rule, /^kb_answer/, JSON.stringify(answered));
  assert.equal(answered.reason.params.article, 'returns.en');
  const confidenceBefore = answered.reason.params.confidence;

  assert.equal((await ask(visitor, first, 'Yes, thanks', { choice: 'yes' })).rule, 'confirmed');
  const learnt = await until(async () => { const h = await history(); return h.learnt > before.learnt ? h : null; }, 'the learnt answer');
  assert.deepEqual([learnt.history.at(-1).text, learnt.history.at(-1).article_id], [QUESTION, 'returns.en']);
  assert.equal(learnt.from_pack, 1, 'the pack\'s own lines stay first');

  // Another customer asks the same way: the bot's index has learnt it.
  const second = await conversationOf(visitor);
  const again = await ask(visitor, second, QUESTION);
  assert.equal(again.reason.params.article, 'returns.en');
  assert.ok(again.reason.params.confidence > confidenceBefore, `${again.reason.params.confidence} > ${confidenceBefore}`);

  // Back about the same issue in the first conversation: the resolution and what it taught are taken back.
  const back = await ask(visitor, first, 'I still need to return an item, how do I return it?');
  assert.equal(back.rule, 'returned', JSON.stringify(back));
  const after = await history();
  assert.equal(after.learnt, learnt.learnt - 1);
  assert.equal((await rawGet('/healthz')).status, 200);
});

test('an agent\'s reply that cites an article teaches the customer\'s words with it, once; a visitor cannot say so; an agent can take a pair back', async () => {
  const before = (await history()).learnt;
  const visitor = await newVisitor(relay.url);
  const c = await conversationOf(visitor);
  const words = 'the zip on my jacket gave up after three weeks';
  const sent = await visitor.call('POST', `/api/v1/conversations/${c}/messages`, { idempotency_key: 'zip', text: words });
  assert.equal(sent.status, 201, sent.text);
  const reply = { idempotency_key: 'agent-zip', text: 'Sorry about that: our warranty covers it.', article: 'warranty.en' };
  assert.equal((await agent('POST', `/api/v1/conversations/${c}/messages`, reply)).status, 201);
  assert.equal((await agent('POST', `/api/v1/conversations/${c}/messages`, reply)).status, 200, 'the same key again is the same reply');
  const h = await history();
  assert.equal(h.learnt, before + 1);
  const { learnt_id: learntId, conversation_id: from, ...pair } = h.history.at(-1);
  assert.deepEqual(pair, { text: words, article_id: 'warranty.en' });
  assert.equal(from, c);
  assert.ok(Number.isInteger(learntId));
  const forged = await visitor.call('POST', `/api/v1/conversations/${c}/messages`, { idempotency_key: 'v2', text: 'hi', article: 'warranty.en' });
  assert.equal(forged.status, 400);
  assert.equal(forged.json.error.path, '/article');
  const empty = await agent('POST', `/api/v1/conversations/${c}/messages`, { idempotency_key: 'a3', text: 'x', article: '' });
  assert.equal(empty.status, 400);
  assert.equal((await history()).learnt, before + 1);

  // A pair learnt wrongly is removed by an agent; only an agent may, and only once.
  const forget = `/api/v1/kb-learnt/${learntId}/forget`;
  for (const [call, status] of [[api(relay.url), 401], [visitor.call, 403]]) assert.equal((await call('POST', forget)).status, status);
  const gone = await agent('POST', forget);
  assert.equal(gone.status, 200, gone.text);
  assert.equal(gone.json.forgotten, learntId);
  assert.equal((await history()).learnt, before);
  assert.equal((await agent('POST', forget)).status, 404);
  assert.equal((await agent('POST', '/api/v1/kb-learnt/abc/forget')).status, 404);
});

test('Assist in the console indexes the history it reads with the agent\'s token; on its own it has none', async () => {
  const lines = (await history()).history.length;
  assert.ok(lines >= 1);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const problems = await consoleSignIn(page, relay.url, AGENT);
    const panel = page.frameLocator('#assist-host iframe');
    await panel.locator('html[data-ready="true"]').waitFor({ timeout: 60000 });
    await panel.locator('#internal[data-learnt]').waitFor({ state: 'attached' });
    assert.equal(await panel.locator('#internal').getAttribute('data-learnt'), String(lines));
    assert.deepEqual(problems, []);
    const alone = await browser.newPage();
    await alone.goto(`${relay.url}/assist/index.html`);
    await alone.locator('html[data-ready="true"]').waitFor({ timeout: 60000 });
    assert.equal(await alone.locator('#internal').getAttribute('data-learnt'), '0');
  } finally {
    await browser.close();
  }
});
