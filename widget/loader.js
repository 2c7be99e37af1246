/* Parley loader (host page): ≤ 3 KB gzip, CSP-clean (loader.css, no eval, nonce kept). The chat
   app is an iframe on the widget's origin, made on first open. docs/widget.md */
(function (w, d) {
  var me = d.currentScript || d.querySelector('script[data-parley-workspace]');
  if (!me || w.__parley) return;
  w.__parley = 1;
  var ds = me.dataset, base = new URL('.', me.src), origin = base.origin;
  var nonce = me.nonce || ds.parleyNonce || '';
  var ss = w.sessionStorage, ls = w.localStorage;
  // Launcher labels = app/i18n/*.json "launcher" (a test checks).
  var L = { en: 'Chat with us', ja: 'チャットで相談', ko: '채팅 상담', 'zh-Hans': '在线咨询', 'pt-BR': 'Fale conosco',
    es: 'Chatea con nosotros', ar: 'تحدث معنا', de: 'Chatten Sie mit uns', fr: 'Discutez avec nous' };
  var cfg = { workspace: ds.parleyWorkspace, locale: ds.parleyLocale || navigator.language,
    position: ds.parleyPosition, relay: ds.parleyRelay, backend: ds.parleyBackend, chatwoot: ds.parleyChatwootUrl, inbox: ds.parleyInbox };
  var handlers = {}, user = ds.parleyUserId ? { user_id: ds.parleyUserId, identifier_hash: ds.parleyIdentifierHash } : null, cart = null, custom = {}, frame, box, btn, badge, opened = false, ready = false, out = [];

  function get(k, s) { try { return JSON.parse((s || ss).getItem('parley:' + k)); } catch (e) { return null; } }
  function put(k, v, s) { try { (s || ss).setItem('parley:' + k, JSON.stringify(v)); } catch (e) { /* storage off */ } }
  function emit(ev, a) { (handlers[ev] || []).forEach(function (f) { try { f(a); } catch (e) { /* host bug */ } }); }
  function lang(l) {
    l = String(l || 'en');
    if (/^zh/i.test(l)) return 'zh-Hans';
    if (/^pt/i.test(l)) return 'pt-BR';
    l = l.split('-')[0].toLowerCase();
    return L[l] ? l : 'en';
  }

  // Session context: landing page's campaign (kept for the session), pages seen (SPA too).
  var utm = get('utm') || {}, pages = get('pages') || [];
  new URLSearchParams(location.search).forEach(function (v, k) { if (/^utm_/.test(k)) utm[k.slice(4)] = v.slice(0, 200); });
  put('utm', utm);
  function page() {
    var u = location.href;
    if (pages[pages.length - 1] !== u) { pages.push(u); pages = pages.slice(-50); put('pages', pages); }
    send('context', { context: context() });
  }
  function context() {
    var tz; try { tz = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { tz = ''; }
    return { page_url: location.href, page_title: d.title, referrer: d.referrer, utm: utm, locale: navigator.language, timezone: tz,
      cart: cart, pages_seen: pages.slice(), custom: custom };
  }
  ['pushState', 'replaceState'].forEach(function (n) {
    var orig = history[n];
    history[n] = function () { var r = orig.apply(this, arguments); page(); return r; };
  });
  w.addEventListener('popstate', page);
  w.addEventListener('hashchange', page);

  // To the app: queued until it is ready; only to the widget's origin.
  function send(type, m) {
    m = m || {};
    m.parley = 1;
    m.type = type;
    if (ready) frame.contentWindow.postMessage(m, origin); else if (frame) out.push(m);
  }
  w.addEventListener('message', function (e) {
    var m = e.data;
    if (!frame || e.source !== frame.contentWindow || e.origin !== origin || !m || m.parley !== 1) return;
    if (m.type === 'ready') {
      ready = true;
      send('init', { config: cfg, user: user, context: context(), open: opened });
      out.splice(0).forEach(function (x) { frame.contentWindow.postMessage(x, origin); });
    } else if (m.type === 'close') api.close();
    else if (m.type === 'unread') {
      var n = Math.max(0, Math.min(99, m.count | 0));
      badge.textContent = n ? String(n) : '';
      badge.hidden = !n;
      emit('unread', n);
    } else if (m.type === 'message' && m.message && typeof m.message === 'object') emit('message', m.message);
    else if (m.type === 'active') put('active', !!m.active, ls);
  });

  function mount() {
    if (box) return;
    var css = d.createElement('link');
    css.rel = 'stylesheet';
    css.href = base + 'loader.css';
    if (nonce) css.nonce = nonce;
    d.head.appendChild(css);
    box = d.createElement('div');
    box.className = 'parley-box';
    box.hidden = true;
    btn = d.createElement('button');
    btn.type = 'button';
    btn.className = 'parley-launcher';
    btn.setAttribute('aria-expanded', 'false');
    btn.setAttribute('aria-label', L[lang(cfg.locale)]);
    var icon = d.createElementNS('http://www.w3.org/2000/svg', 'svg'), p = d.createElementNS(icon.namespaceURI, 'path');
    icon.setAttribute('viewBox', '0 0 24 24');
    icon.setAttribute('aria-hidden', 'true');
    p.setAttribute('d', 'M4 4h16v12H8l-4 4z');
    icon.appendChild(p);
    badge = d.createElement('span');
    badge.className = 'parley-badge';
    badge.hidden = true;
    btn.appendChild(icon);
    btn.appendChild(badge);
    btn.addEventListener('click', function () { opened ? api.close() : api.open(); });
    var root = d.createElement('div');
    root.className = 'parley-root';
    if (cfg.position === 'left' || (lang(cfg.locale) === 'ar' && cfg.position !== 'right')) root.classList.add('parley-left');
    root.appendChild(box);
    root.appendChild(btn);
    d.body.appendChild(root);
    if (get('active', ls)) setTimeout(load, 1500);  // a returning visitor: load quietly so replies raise the badge
  }
  function load() {
    if (frame) return;
    frame = d.createElement('iframe');
    frame.className = 'parley-frame';
    frame.title = L[lang(cfg.locale)];
    var q = new URLSearchParams({ workspace: cfg.workspace || '', locale: lang(cfg.locale) });
    ['relay', 'backend', 'chatwoot', 'inbox'].forEach(function (k) { if (cfg[k]) q.set(k, cfg[k]); });
    frame.src = base + 'app/index.html?' + q;
    box.appendChild(frame);
  }

  var api = {
    boot: function (o) {
      o = o || {};
      ['workspace', 'locale', 'position', 'relay'].forEach(function (k) { if (o[k]) cfg[k] = o[k]; });
      if (o.user) api.setUser(o.user);
      if (o.context) api.setContext(o.context);
      mount();
    },
    setUser: function (u) { user = u || null; send('user', { user: user }); },
    setContext: function (c) {
      c = c || {};
      if ('cart' in c) cart = c.cart;
      if (c.custom) for (var k in c.custom) custom[k] = c.custom[k];
      send('context', { context: context() });
    },
    open: function () {
      mount();
      load();
      opened = true;
      box.hidden = false;
      btn.setAttribute('aria-expanded', 'true');
      btn.classList.add('parley-open');
      d.documentElement.classList.add('parley-is-open');
      send('open', { open: true });
      emit('open');
    },
    close: function () {
      if (!opened) return;
      opened = false;
      box.hidden = true;
      btn.setAttribute('aria-expanded', 'false');
      btn.classList.remove('parley-open');
      d.documentElement.classList.remove('parley-is-open');
      send('open', { open: false });
      btn.focus();
      emit('close');
    },
    on: function (ev, f) { if (typeof f === 'function') (handlers[ev] = handlers[ev] || []).push(f); },
    off: function (ev, f) { handlers[ev] = (handlers[ev] || []).filter(function (g) { return g !== f; }); }
  };

  function Parley(cmd) {
    var f = api[cmd];
    if (f) f.apply(null, [].slice.call(arguments, 1));
  }
  var q = (w.Parley && w.Parley.q) || [];
  w.Parley = Parley;
  page();
  function start() {
    for (var i = 0; i < q.length; i++) Parley.apply(null, q[i]);
    if (cfg.workspace) mount();
  }
  if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', start); else start();
})(window, document);
