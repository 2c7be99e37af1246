// Contract tests: our webhook fixtures conform to the vendors' own specs (../shared/specs), what
// the core makes of them conforms to Parley's schemas (schemas/), and schemas and core agree.
// The core is the full wasm build when present (channels.* are not in the widget core),
// else the native CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseYaml } from './yaml.mjs';
import { validator } from './schema.mjs';

const ROOT = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
// PARLEY_SHARED overrides where ../shared is, as it does for the parley CLI.
const SPECS = join(process.env.PARLEY_SHARED ?? join(ROOT, '..', 'shared'), 'specs');
const FIX = join(ROOT, 'tests', 'contract', 'fixtures');
const fixture = (name) => readFileSync(join(FIX, name), 'utf8');
const json = (path) => JSON.parse(readFileSync(path, 'utf8'));

async function core() {
  if (existsSync(join(ROOT, 'build', 'wasm', 'dist', 'parley-widget.wasm'))) {
    const { loadCore } = await import('../wasm/cores.mjs');
    const c = await loadCore('full');
    return { kind: 'wasm widget', call: (m, r) => JSON.parse(c.callJson(m, JSON.stringify(r))) };
  }
  const bin = join(ROOT, 'build', 'native', 'parley');
  assert.ok(existsSync(bin), 'build the wasm widget core or the native CLI first');
  return {
    kind: 'native',
    call: (m, r) => JSON.parse(spawnSync(bin, ['call', m], { input: JSON.stringify(r), encoding: 'utf8' }).stdout),
  };
}

const ours = {};
for (const f of ['channel', 'message', 'contact', 'session', 'conversation', 'case', 'channel-profile'])
  ours[`${f}.schema.json`] = json(join(ROOT, 'schemas', `${f}.schema.json`));
const oursValidator = (name) => validator(ours[name], (file) => ours[file]);

// Whether `tree` holds an object deep-equal to `part` (key order aside: the core sorts keys).
function containsDeep(tree, part) {
  try { assert.deepStrictEqual(tree, part); return true; } catch { /* keep looking */ }
  return tree !== null && typeof tree === 'object' && Object.values(tree).some((v) => containsDeep(v, part));
}

test('WhatsApp fixtures conform to Meta\'s WebhookPayload schema', () => {
  const spec = parseYaml(readFileSync(join(SPECS, 'meta-whatsapp-openapi', 'business-messaging-api_v23.0.yaml'), 'utf8'));
  // Meta's v23.0 spec builds its incoming-message schemas on the *send* API's
  // BaseMessageProperties (messaging_product, recipient_type, to — absent from webhooks) and maps
  // the discriminator "text" to the outbound TextMessage, so as published it rejects every real
  // webhook, including its own examples. Patch exactly that, with the base its examples show.
  const s = spec.components.schemas;
  s.WebhookMessageBase = { type: 'object', required: ['from', 'id', 'timestamp', 'type'],
    properties: { from: { type: 'string' }, id: { type: 'string' }, timestamp: { type: 'string', pattern: '^[0-9]+$' }, type: { type: 'string' } } };
  for (const name of ['TextMessage_2', 'InteractiveMessageReply']) {
    assert.deepEqual(s[name].allOf[0], { $ref: '#/components/schemas/BaseMessageProperties' }, `${name}: spec changed, revisit the patch`);
    s[name].allOf[0] = { $ref: '#/components/schemas/WebhookMessageBase' };
  }
  s.IncomingMessage.discriminator.mapping.text = '#/components/schemas/TextMessage_2';
  const validate = validator(spec);
  const payload = s.WebhookPayload;
  for (const f of ['whatsapp_messages.json', 'whatsapp_status.json']) assert.deepEqual(validate(JSON.parse(fixture(f)), payload), [], f);
  // The walker really checks: a body that is not a string is caught.
  const bad = JSON.parse(fixture('whatsapp_messages.json'));
  bad.entry[0].changes[0].value.messages[0].text = { body: 42 };
  assert.notDeepEqual(validate(bad, payload), []);
});

test('LINE fixture conforms to webhook.yml CallbackRequest', () => {
  const spec = parseYaml(readFileSync(join(SPECS, 'line-openapi', 'webhook.yml'), 'utf8'));
  const validate = validator(spec);
  const schema = spec.components.schemas.CallbackRequest;
  assert.deepEqual(validate(JSON.parse(fixture('line_callback.json')), schema), []);
  const bad = JSON.parse(fixture('line_callback.json'));
  bad.destination = 'not-a-bot-id';
  delete bad.events[0].message.id;
  const errors = validate(bad, schema);
  assert.ok(errors.some((e) => e.startsWith('/destination')), errors.join('\n'));
  assert.ok(errors.some((e) => e.startsWith('/events/0/message/id')), errors.join('\n'));
});

// api.json describes types as field lists ("Integer", "Array of PhotoSize", …), not JSON Schema.
function telegramCheck(types, typeName, value, path, errors) {
  const scalars = { Integer: (v) => Number.isInteger(v), Float: (v) => typeof v === 'number', String: (v) => typeof v === 'string', Boolean: (v) => typeof v === 'boolean', True: (v) => v === true };
  if (typeName.startsWith('Array of ')) {
    if (!Array.isArray(value)) return errors.push(`${path}: expected an array`);
    return value.forEach((v, i) => telegramCheck(types, typeName.slice(9), v, `${path}/${i}`, errors));
  }
  if (scalars[typeName]) return scalars[typeName](value) || errors.push(`${path}: expected ${typeName}`);
  const t = types[typeName];
  if (!t) return errors.push(`${path}: unknown type ${typeName}`);
  if (t.subtypes) return; // union types (e.g. MessageOrigin): not needed by the fixtures
  if (!value || typeof value !== 'object') return errors.push(`${path}: expected ${typeName}`);
  const fields = new Map(t.fields.map((f) => [f.name, f]));
  for (const f of t.fields) if (f.required && !(f.name in value)) errors.push(`${path}/${f.name}: required`);
  for (const [k, v] of Object.entries(value)) {
    const f = fields.get(k);
    if (!f) { errors.push(`${path}/${k}: not a field of ${typeName}`); continue; }
    const alt = f.types.map((ty) => { const e = []; telegramCheck(types, ty, v, `${path}/${k}`, e); return e; });
    if (!alt.some((e) => e.length === 0)) errors.push(...alt[0]);
  }
}

test('Telegram fixture conforms to the Bot API Update type', () => {
  const { types } = json(join(SPECS, 'telegram-bot-api-spec', 'api.json'));
  const errors = [];
  telegramCheck(types, 'Update', JSON.parse(fixture('telegram_update.json')), '', errors);
  assert.deepEqual(errors, []);
  const bad = JSON.parse(fixture('telegram_update.json'));
  bad.message.date = '2025-06-08';
  bad.message.chat.kind = 'private';
  const e2 = [];
  telegramCheck(types, 'Update', bad, '', e2);
  assert.deepEqual(e2.sort(), ['/message/chat/kind: not a field of Chat', '/message/date: expected Integer']);
});

test('Twilio fixture uses SIDs in the shapes the Twilio spec defines', () => {
  const spec = json(join(SPECS, 'twilio-oai', 'twilio_api_v2010.json'));
  const props = spec.components.schemas['api.v2010.account.message'].properties;
  const form = new URLSearchParams(fixture('twilio_sms.form'));
  const validate = validator(spec);
  assert.deepEqual(validate(form.get('MessageSid'), props.sid), []);
  assert.deepEqual(validate(form.get('AccountSid'), props.account_sid), []);
  assert.deepEqual(validate(form.get('MessagingServiceSid'), props.messaging_service_sid), []);
  assert.notDeepEqual(validate('XX1f0e8ae6ade43cb3c0ce4525424e404f', props.sid), []);
});

test('normalised inbound messages conform to schemas/message.schema.json and keep the raw payload', async () => {
  const c = await core();
  const hub = (s, b) => 'sha256=' + createHmac('sha256', s).update(b).digest('hex');
  const cases = [
    ['whatsapp', 'whatsapp_messages.json', (b) => ({ 'X-Hub-Signature-256': hub('k', b) }), 2],
    ['messenger', 'messenger_page.json', (b) => ({ 'X-Hub-Signature-256': hub('k', b) }), 1],
    ['instagram', 'instagram.json', (b) => ({ 'X-Hub-Signature-256': hub('k', b) }), 1],
    ['line', 'line_callback.json', (b) => ({ 'x-line-signature': createHmac('sha256', 'k').update(b).digest('base64') }), 1],
    ['telegram', 'telegram_update.json', () => ({ 'X-Telegram-Bot-Api-Secret-Token': 'k' }), 1],
  ];
  const validate = oursValidator('message.schema.json');
  for (const [channel, file, headers, count] of cases) {
    const body = fixture(file);
    const answer = c.call('channels.inbound', { channel, headers: headers(body), body, secret: 'k' });
    assert.ok(!answer.error, `${c.kind} ${channel}: ${JSON.stringify(answer.error)}`);
    assert.equal(answer.messages.length, count, channel);
    for (const { message, dedupe_key } of answer.messages) {
      assert.match(dedupe_key, new RegExp(`^(${channel}|line|telegram):`));
      const { at_ms, raw, ...canonical } = message;
      assert.deepEqual(validate(canonical), [], `${channel}: ${JSON.stringify(canonical)}`);
      assert.equal(Date.parse(message.at), at_ms);
      assert.ok(containsDeep(JSON.parse(body), raw), `${channel}: raw is the provider's own object`);
    }
  }
});

test('schemas and model.parse_* agree on the golden cases', async () => {
  const c = await core();
  const which = { 'model.parse_message': ['message', 'message.schema.json'], 'model.parse_contact': ['contact', 'contact.schema.json'],
    'model.parse_session': ['session', 'session.schema.json'], 'model.parse_conversation': ['conversation', 'conversation.schema.json'],
    'model.parse_case': ['case', 'case.schema.json'] };
  let checked = 0;
  for (const line of readFileSync(join(ROOT, 'tests', 'golden', 'model.jsonl'), 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const g = JSON.parse(line);
    if (!which[g.method]) continue;
    const [key, schema] = which[g.method];
    const schemaErrors = oursValidator(schema)(g.request[key]);
    const answer = c.call(g.method, g.request);
    // The core may be stricter (cross-field rules); it may never accept what the schema rejects.
    if (!answer.error) assert.deepEqual(schemaErrors, [], `${g.name}: core accepted, schema rejected`);
    if (schemaErrors.length) assert.ok(answer.error, `${g.name}: schema rejected, core accepted`);
    // When the schema rejects, it points where the core points.
    if (schemaErrors.length && answer.error) assert.ok(schemaErrors.some((e) => `/${key}${e}`.startsWith(answer.error.path)), `${g.name}: ${schemaErrors} vs ${answer.error.path}`);
    checked++;
  }
  assert.ok(checked >= 10);
});

test('every channel profile conforms to schemas/channel-profile.schema.json, overrides included', async () => {
  const c = await core();
  const validate = oursValidator('channel-profile.schema.json');
  const { profiles } = c.call('channels.profile', {});
  assert.equal(profiles.length, 14);
  for (const p of profiles) assert.deepEqual(validate(p), [], p.id);
  const over = c.call('channels.profile', { channel: 'wechat', overrides: { text: { max: 600, unit: 'code_points' } } }).profile;
  assert.deepEqual(validate(over), []);
  assert.deepEqual(over.overridden, ['/text/max', '/text/unit']);
});
