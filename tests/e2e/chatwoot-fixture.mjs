// The widget on a Chatwoot backend, as a web team deploys it without Parley's relay: the widget's
// files from a static server on loopback with the chat app's strict CSP widened to the Chatwoot
// origin (docs/widget.md, "Chatwoot"), a shop page embedding the loader with data-parley-backend,
// and the Chatwoot simulator (tests/sim/chatwoot.mjs) on another loopback port.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { ROOT } from './browser.mjs';

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.html': 'text/html; charset=utf-8', '.wasm': 'application/wasm', '.dat': 'application/octet-stream', '.bin': 'application/octet-stream' };

/** The wasm core: the one PARLEY_WASM_DIST names, else this tree's build; without it the core is absent. */
export const WASM_DIST = process.env.PARLEY_WASM_DIST || join(ROOT, 'build', 'wasm', 'dist');

/** The chat app's CSP on a Chatwoot backend: the relay's policy, connect-src adding Chatwoot's http and ws origins. */
export function chatAppCsp(chatwootUrl, frameAncestors = "'self'") {
  const u = new URL(chatwootUrl);
  const ws = `${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}`;
  return `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob: ${u.origin}; ` +
    `connect-src 'self' ${u.origin} ${ws}; worker-src 'self'; frame-src 'self'; frame-ancestors ${frameAncestors}; base-uri 'none'; object-src 'none'; form-action 'self'`;
}

export function shopPage({ chatwootUrl, inbox, userId, identifierHash }) {
  const identity = userId ? ` data-parley-user-id="${userId}" data-parley-identifier-hash="${identifierHash}"` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tern &amp; Co. on Chatwoot</title>
<script async src="/widget/loader.js" data-parley-workspace="demo" data-parley-backend="chatwoot" data-parley-chatwoot-url="${chatwootUrl}" data-parley-inbox="${inbox}"${identity}></script></head>
<body><main><h1>Tern &amp; Co.</h1><p>The shop's chat runs on a Chatwoot inbox.</p></main></body></html>`;
}

/** Serve the widget and a shop page; `page(query)` gives the shop's URL (?user=…&hash=… sign the visitor in). */
export async function startWidgetSite(chatwoot) {
  // As the relay does: the built chat app (widget/build-app.mjs) when there is one, else the sources.
  const built = join(ROOT, 'build', 'wasm', 'widget-app');
  const mounts = [['/core/', WASM_DIST], ['/wasm-js/', join(ROOT, 'wasm', 'js')], ...(existsSync(join(built, 'chatwoot.js')) ? [['/widget/app/', built]] : []),
    ['/widget/', join(ROOT, 'widget')], ['/models/', join(ROOT, 'models')]];
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/') {
      res.writeHead(200, { 'Content-Type': TYPES['.html'], 'Content-Security-Policy': `default-src 'self'; frame-src 'self'; base-uri 'none'; object-src 'none'` });
      return res.end(shopPage({ chatwootUrl: chatwoot.url, inbox: chatwoot.inbox, userId: url.searchParams.get('user'), identifierHash: url.searchParams.get('hash') }));
    }
    const file = mounts.filter(([p]) => url.pathname.startsWith(p))
      .map(([p, dir]) => [dir, normalize(join(dir, decodeURIComponent(url.pathname.slice(p.length))))])
      .find(([dir, f]) => f.startsWith(dir) && existsSync(f) && statSync(f).isFile())?.[1];
    if (!file) { res.writeHead(404); return res.end(); }
    const headers = { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
    if (url.pathname.startsWith('/widget/app/')) headers['Content-Security-Policy'] = chatAppCsp(chatwoot.url);
    res.writeHead(200, headers);
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { url: base, page: (q = '') => `${base}/${q}`, stop: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections?.(); }) };
}
