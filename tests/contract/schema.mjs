// A small JSON Schema / OpenAPI schema walker for the contract tests (no npm dependency). Covers
// what Parley's schemas and the vendor specs use: $ref (local pointers and sibling files), type,
// nullable, enum, const, properties, required, additionalProperties, items, min/max, length,
// pattern, allOf, anyOf, oneOf and OpenAPI discriminators. Returns a list of "pointer: problem".
export function validator(root, resolveFile = () => undefined) {
  function deref(ref, base) {
    const [file, pointer = ''] = ref.split('#');
    const doc = file ? resolveFile(file) : base;
    if (!doc) throw new Error(`schema: cannot resolve ${ref}`);
    let node = doc;
    for (const token of pointer.split('/').filter(Boolean)) node = node?.[token.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node === undefined) throw new Error(`schema: ${ref} points nowhere`);
    return { schema: node, base: doc };
  }

  const typeOf = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
  const matches = (t, v) => t === typeOf(v) || (t === 'number' && typeof v === 'number');

  function check(schema, value, path, base, errors, dispatched) {
    if (schema === true || schema === undefined) return;
    if (schema === false) { errors.push(`${path}: not allowed`); return; }
    if (schema.$ref) {
      const r = deref(schema.$ref, base);
      check(r.schema, value, path, r.base, errors, dispatched);
      return;
    }
    if (value === null && schema.nullable) return;
    if (schema.type) {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (!types.some((t) => matches(t, value))) { errors.push(`${path}: expected ${types.join('|')}, got ${typeOf(value)}`); return; }
    }
    if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
    if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) errors.push(`${path}: must be ${JSON.stringify(schema.const)}`);
    if (typeof value === 'string') {
      const len = [...value].length;
      if (schema.minLength !== undefined && len < schema.minLength) errors.push(`${path}: shorter than ${schema.minLength}`);
      if (schema.maxLength !== undefined && len > schema.maxLength) errors.push(`${path}: longer than ${schema.maxLength}`);
      if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${path}: does not match ${schema.pattern}`);
    }
    if (typeof value === 'number') {
      if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: above ${schema.maximum}`);
    }
    if (Array.isArray(value)) {
      if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${path}: fewer than ${schema.minItems} items`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${path}: more than ${schema.maxItems} items`);
      if (schema.items) value.forEach((v, i) => check(schema.items, v, `${path}/${i}`, base, errors));
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const k of schema.required ?? []) if (!(k in value)) errors.push(`${path}/${k}: required`);
      const props = schema.properties ?? {};
      for (const [k, v] of Object.entries(value)) {
        if (k in props) check(props[k], v, `${path}/${k}`, base, errors);
        else if (schema.additionalProperties === false) errors.push(`${path}/${k}: not allowed`);
        else if (typeof schema.additionalProperties === 'object') check(schema.additionalProperties, v, `${path}/${k}`, base, errors);
      }
    }
    for (const s of schema.allOf ?? []) check(s, value, path, base, errors, dispatched);
    // OpenAPI discriminator: the named property picks the subschema (once per value, since the
    // subschemas usually allOf the base that declares the discriminator).
    const d = schema.discriminator;
    if (d && value && typeof value === 'object' && !dispatched?.has(schema)) {
      const target = d.mapping?.[value[d.propertyName]];
      if (target) {
        const r = deref(target, base);
        check(r.schema, value, path, r.base, errors, new Set([...(dispatched ?? []), schema, r.schema]));
        return;
      }
    }
    for (const key of ['anyOf', 'oneOf']) {
      if (!schema[key] || (d && d.mapping)) continue;
      const passing = schema[key].filter((s) => { const e = []; check(s, value, path, base, e); return e.length === 0; });
      if (passing.length === 0) errors.push(`${path}: matches none of ${key}`);
      // oneOf is read as anyOf: vendor specs overlap their alternatives (e.g. WhatsApp Change.value).
    }
  }

  return (value, schema = root, base = root) => {
    const errors = [];
    check(schema, value, '', base, errors);
    return errors;
  };
}
