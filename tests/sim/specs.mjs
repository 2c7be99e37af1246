// The vendors' specs (../shared/specs), loaded once, and the checks the simulators run with them:
// a request body against the operation's request schema (tests/contract/schema.mjs), plus what a
// walker of OpenAPI schemas does not report by itself: fields the schema does not declare.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../contract/yaml.mjs';
import { validator } from '../contract/schema.mjs';

const ROOT = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
// PARLEY_SHARED overrides where ../shared is, as it does for the parley CLI and the contract tests.
export const SPECS = join(process.env.PARLEY_SHARED ?? join(ROOT, '..', 'shared'), 'specs');

const FILES = {
  whatsapp: ['meta-whatsapp-openapi/business-messaging-api_v23.0.yaml', parseYaml],
  line: ['line-openapi/messaging-api.yml', parseYaml],
  lineWebhook: ['line-openapi/webhook.yml', parseYaml],
  telegram: ['telegram-bot-api-spec/api.json', JSON.parse],
  twilio: ['twilio-oai/twilio_api_v2010.json', JSON.parse],
};
const loaded = {};

/** The parsed spec `name` (whatsapp, line, lineWebhook, telegram, twilio). */
export function spec(name) {
  if (!loaded[name]) {
    const [file, parse] = FILES[name];
    const doc = parse(readFileSync(join(SPECS, file), 'utf8'));
    if (doc.components?.schemas) openAllOf(doc.components.schemas);
    loaded[name] = { doc, validate: validator(doc) };
  }
  return loaded[name];
}

// Meta's spec closes the members of its allOf compositions (TextMessage = allOf[BaseMessageProperties,
// {additionalProperties:false, …}]), which in JSON Schema rejects the base's own fields: as published
// it refuses its own examples. The members are opened here; undeclared fields are found by
// `undeclared()` over the whole composition instead.
function openAllOf(schemas) {
  const visit = (s) => {
    if (!s || typeof s !== 'object') return;
    if (Array.isArray(s.allOf)) {
      if (s.additionalProperties === false) delete s.additionalProperties;
      for (const m of s.allOf) if (m && m.additionalProperties === false) delete m.additionalProperties;
    }
    for (const v of Object.values(s)) visit(v);
  };
  visit(schemas);
}

function deref(doc, ref) {
  let node = doc;
  for (const t of ref.replace(/^#/, '').split('/').filter(Boolean)) node = node?.[t.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node;
}

// The schema nodes that apply to `value`: through $ref, allOf, the discriminator's choice and the
// anyOf/oneOf alternatives the value satisfies.
function applicable(name, schema, value, out = []) {
  const { doc, validate } = spec(name);
  if (!schema || typeof schema !== 'object' || out.includes(schema)) return out;
  if (schema.$ref) return applicable(name, deref(doc, schema.$ref), value, out);
  out.push(schema);
  for (const s of schema.allOf ?? []) applicable(name, s, value, out);
  const target = schema.discriminator?.mapping?.[value?.[schema.discriminator.propertyName]];
  if (target) applicable(name, deref(doc, target), value, out);
  else for (const key of ['anyOf', 'oneOf']) {
    const alts = schema[key] ?? [];
    const passing = alts.filter((s) => validate(value, s).length === 0);
    for (const s of passing.length ? passing : alts) applicable(name, s, value, out);
  }
  return out;
}

/** Fields of `value` that no applicable schema declares ("/path: not in the spec"). */
export function undeclared(name, schema, value, path = '', errors = []) {
  const nodes = applicable(name, schema, value);
  if (Array.isArray(value)) {
    const items = nodes.map((n) => n.items).filter(Boolean);
    if (items.length) value.forEach((v, i) => items.forEach((s) => undeclared(name, s, v, `${path}/${i}`, errors)));
  } else if (value && typeof value === 'object') {
    const declaring = nodes.filter((n) => n.properties);
    const maps = nodes.map((n) => n.additionalProperties).filter((a) => a && typeof a === 'object');
    if (!declaring.length && !maps.length) return errors; // a free-form object
    for (const [k, v] of Object.entries(value)) {
      const subs = declaring.map((n) => n.properties[k]).filter(Boolean);
      if (!subs.length && !maps.length) errors.push(`${path}/${k}: not in the spec`);
      for (const s of subs.length ? subs : maps) undeclared(name, s, v, `${path}/${k}`, errors);
    }
  }
  return [...new Set(errors)];
}

/** Every way `value` departs from `schema` in spec `name`: the walker's findings and undeclared fields. */
export function specErrors(name, schema, value) {
  const { validate } = spec(name);
  const found = validate(value, schema);
  return [...found, ...undeclared(name, schema, value).filter((e) => !found.includes(e.replace('not in the spec', 'not allowed')))];
}

/** The schema of a path's POST request body (application/json unless `type` says otherwise). */
export function requestSchema(name, path, type = 'application/json') {
  return spec(name).doc.paths[path].post.requestBody.content[type].schema;
}

// ---- Telegram: api.json lists each method's fields with Bot API type names, not JSON Schema. ----

const SCALARS = { Integer: Number.isInteger, Float: (v) => typeof v === 'number', String: (v) => typeof v === 'string',
  Boolean: (v) => typeof v === 'boolean', True: (v) => v === true };

function telegramValue(types, type, v, path) {
  if (type.startsWith('Array of ')) {
    if (!Array.isArray(v)) return [`${path}: expected ${type}`];
    return v.flatMap((x, i) => telegramValue(types, type.slice(9), x, `${path}/${i}`));
  }
  if (SCALARS[type]) return SCALARS[type](v) ? [] : [`${path}: expected ${type}`];
  const t = types[type];
  if (!t) return [`${path}: unknown type ${type}`];
  if (t.subtypes) {
    const each = t.subtypes.map((s) => telegramValue(types, s, v, path));
    return each.some((e) => !e.length) ? [] : [`${path}: none of ${t.subtypes.join(', ')}`];
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [`${path}: expected ${type}`];
  return telegramFields(types, t.fields ?? [], v, path, type);
}

function telegramFields(types, fields, v, path, what) {
  const errors = [];
  const byName = new Map(fields.map((f) => [f.name, f]));
  for (const f of fields) if (f.required && !(f.name in v)) errors.push(`${path}/${f.name}: required`);
  for (const [k, x] of Object.entries(v)) {
    const f = byName.get(k);
    if (!f) { errors.push(`${path}/${k}: not a field of ${what}`); continue; }
    const alts = f.types.map((ty) => telegramValue(types, ty, x, `${path}/${k}`));
    if (!alts.some((e) => !e.length)) errors.push(...alts[0]);
  }
  return errors;
}

/** A Bot API method call's parameters against api.json (fields, required, types). */
export function telegramMethodErrors(method, params) {
  const { types, methods } = spec('telegram').doc;
  return telegramFields(types, methods[method].fields, params, '', method);
}

/** A value against a Bot API type (e.g. the Message a sendMessage answer carries). */
export function telegramTypeErrors(type, value) {
  return telegramValue(spec('telegram').doc.types, type, value, '');
}
