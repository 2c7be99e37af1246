// A small YAML reader for the block-style subset OpenAPI files use (mappings, sequences, plain and
// quoted scalars, multi-line scalars, block scalars, one-line flow collections). Written for the
// contract tests so they need no npm dependency; not a general YAML parser (no anchors, tags, docs).
export function parseYaml(text) {
  const lines = [];
  for (const raw of text.split(/\r?\n/)) {
    if (!raw.trim() || raw.trim().startsWith('#') || raw.trim() === '---') { lines.push(null); continue; }
    lines.push(raw.replace(/\t/g, '  '));
  }
  let i = 0;
  const indentOf = (l) => l.length - l.trimStart().length;
  const skip = () => { while (i < lines.length && lines[i] === null) i++; };
  const isSeq = (t) => t === '-' || t.startsWith('- ');
  const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s'"\[{#-][^#]*?|-[^\s][^#]*?)\s*:(?:\s+|$)/;

  function node(ind) {
    skip();
    if (i >= lines.length) return null;
    const t = lines[i].trimStart();
    return isSeq(t) ? sequence(indentOf(lines[i])) : mapping(indentOf(lines[i]));
  }

  function mapping(ind) {
    const out = {};
    for (skip(); i < lines.length; skip()) {
      const l = lines[i];
      if (indentOf(l) !== ind || isSeq(l.trimStart())) break;
      const t = l.trimStart();
      const m = KEY.exec(t);
      if (!m) throw new Error(`yaml: expected "key:" at line ${i + 1}: ${t}`);
      const key = scalar(m[1], true);
      const rest = t.slice(m[0].length);
      i++;
      out[key] = value(rest, ind);
    }
    return out;
  }

  function sequence(ind) {
    const out = [];
    for (skip(); i < lines.length; skip()) {
      const l = lines[i];
      if (indentOf(l) !== ind || !isSeq(l.trimStart())) break;
      const rest = l.trimStart().slice(1).trimStart();
      if (!rest) { i++; out.push(node(ind + 1)); continue; }
      if (KEY.test(rest) && !/^[\[{]/.test(rest)) {  // a quoted key ("$ref": …) too
        lines[i] = ' '.repeat(ind + 2) + rest;  // "- key: v" is a mapping indented past the dash
        out.push(mapping(ind + 2));
        continue;
      }
      i++;
      out.push(value(rest, ind));
    }
    return out;
  }

  // The value after "key:" or "- ": nested node, block scalar, or (multi-line) scalar.
  function value(rest, ind) {
    if (!rest) {
      skip();
      if (i >= lines.length) return null;
      const n = indentOf(lines[i]);
      const t = lines[i].trimStart();
      // A plain scalar may start on the next, deeper line ("description:\n    Some text.").
      if (n > ind && !isSeq(t) && !KEY.test(t)) { i++; return value(t, ind); }
      if (n > ind || (n === ind && isSeq(t))) return node(n);
      return null;
    }
    if (/^[|>][+-]?$/.test(rest)) {
      const parts = [];
      let base = -1;
      for (; i < lines.length; i++) {
        if (lines[i] === null) { parts.push(''); continue; }
        const n = indentOf(lines[i]);
        if (n <= ind) break;
        if (base < 0) base = n;
        parts.push(lines[i].slice(Math.min(base, n)));
      }
      while (parts.length && parts[parts.length - 1] === '') parts.pop();
      return rest[0] === '|' ? parts.join('\n') + '\n' : parts.join(' ') + '\n';
    }
    let text = rest;
    for (skip(); i < lines.length && indentOf(lines[i]) > ind; skip()) text += ' ' + lines[i++].trim();
    return scalar(text.trim(), false);
  }

  function scalar(s, isKey) {
    if (s.startsWith('"')) return JSON.parse(s.replace(/\\\//g, '/').replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1'));
    if (s.startsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
    if (isKey) return s;
    if (s.startsWith('[') || s.startsWith('{')) return flow(s);
    if (s === 'true') return true;
    if (s === 'false') return false;
    if (s === 'null' || s === '~') return null;
    if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s)) return Number(s);
    return s;
  }

  // One-line flow collections: [a, b], {a: 1}, nested.
  function flow(s) {
    let p = 0;
    const ws = () => { while (s[p] === ' ') p++; };
    function item() {
      ws();
      if (s[p] === '[') { p++; const a = []; ws(); if (s[p] === ']') { p++; return a; } for (;;) { a.push(item()); ws(); if (s[p] === ',') { p++; continue; } p++; return a; } }
      if (s[p] === '{') { p++; const o = {}; ws(); if (s[p] === '}') { p++; return o; } for (;;) { ws(); const k = atom(':'); p++; o[k] = item(); ws(); if (s[p] === ',') { p++; continue; } p++; return o; } }
      return scalar(atom(',]}'), false);
    }
    function atom(stops) {
      ws();
      const q = s[p];
      if (q === '"' || q === "'") { const start = p++; while (p < s.length && s[p] !== q) p += s[p] === '\\' && q === '"' ? 2 : 1; p++; return s.slice(start, p); }
      const start = p;
      while (p < s.length && !stops.includes(s[p])) p++;
      return s.slice(start, p).trim();
    }
    return item();
  }

  return node(0);
}
