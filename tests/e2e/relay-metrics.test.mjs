// The relay's metrics routes (docs/metrics.md): the export the CLI reads, the figures with the
// workspace's settings, the per-conversation CSV, agents only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startRelay, ROOT } from './browser.mjs';
import { api, newVisitor } from './relay-client.mjs';

let relay, agent;
before(async () => {
  relay = await startRelay({ args: ['--agent-token', 'metrics-agent'] });
  agent = api(relay.url, 'metrics-agent');
});
after(() => relay.stop());

test('a conversation answered and resolved shows in the figures, the export and the CSV', async () => {
  const v = await newVisitor(relay.url);
  const c = (await v.call('POST', '/api/v1/conversations', {})).json;
  await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'm1', text: 'where is order PD-104233?' });
  await new Promise((r) => setTimeout(r, 50));
  await agent('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'a1', text: 'On its way' });
  await v.call('POST', `/api/v1/conversations/${c.id}/messages`, { idempotency_key: 'm2', text: 'PD-104233 you said?' });
  await agent('POST', `/api/v1/conversations/${c.id}/status`, { status: 'resolved' });
  await v.call('POST', `/api/v1/conversations/${c.id}/csat`, { score: 5 });

  const m = await agent('GET', '/api/v1/metrics?group_by=channel');
  assert.equal(m.status, 200, m.text);
  const mine = m.json.by.channel.webchat;
  assert.ok(mine.ids.includes(c.id));
  assert.ok(m.json.overall.first_response.median >= 50);
  assert.equal(m.json.overall.csat.positive, 1);
  assert.equal(m.json.overall.customer_effort.re_explanations, 1);  // the order number, given twice

  const csv = await agent('GET', '/api/v1/metrics?format=csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const [head, ...rows] = csv.text.trim().split('\n');
  const row = rows.find((r) => r.includes(c.id)).split(',');
  assert.equal(row[head.split(',').indexOf('resolution_type')], 'human');

  // The export is what `parley metrics` reads: the same figures from the CLI.
  const ex = await agent('GET', '/api/v1/metrics/export');
  assert.equal(ex.status, 200);
  assert.ok(ex.text.trim().split('\n').every((l) => JSON.parse(l).conversation));
  const cli = spawnSync(join(ROOT, 'build/native/parley'), ['metrics', '--now', String(Date.now())], { input: ex.text, encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stdout);
  assert.equal(JSON.parse(cli.stdout).overall.first_response.median, m.json.overall.first_response.median);
});

test('from, to and channel choose the conversations the figures are about', async () => {
  const all = (await agent('GET', '/api/v1/metrics')).json.overall.conversations;
  assert.ok(all >= 1);
  const future = new Date(Date.now() + 86400000).toISOString();
  assert.equal((await agent('GET', `/api/v1/metrics?from=${future}`)).json.overall.conversations, 0);
  assert.equal((await agent('GET', `/api/v1/metrics?to=${future}`)).json.overall.conversations, all);
  assert.equal((await agent('GET', '/api/v1/metrics?from=0&channel=webchat')).json.overall.conversations, all);
  assert.equal((await agent('GET', '/api/v1/metrics?channel=sms')).json.overall.conversations, 0);
  const bad = await agent('GET', '/api/v1/metrics?from=yesterday');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.path, '?from');
});

test('visitors may not read metrics; a bad group or format names the parameter', async () => {
  const v = await newVisitor(relay.url);
  assert.equal((await v.call('GET', '/api/v1/metrics')).status, 403);
  assert.equal((await api(relay.url)('GET', '/api/v1/metrics/export')).status, 401);
  const bad = await agent('GET', '/api/v1/metrics?group_by=colour');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.path, '?group_by');
  assert.equal((await agent('GET', '/api/v1/metrics?format=xml')).json.error.path, '?format');
});
