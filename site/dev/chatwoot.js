// The widget tag with data-parley-backend="chatwoot", its Chatwoot origin and inbox taken from this
// page's query (a development page: a real site writes them into the tag).
(function () {
  var q = new URLSearchParams(location.search);
  var s = document.createElement('script');
  s.src = '/widget/loader.js';
  s.dataset.parleyWorkspace = 'demo';
  s.dataset.parleyBackend = 'chatwoot';
  s.dataset.parleyChatwootUrl = q.get('chatwoot') || '';
  s.dataset.parleyInbox = q.get('inbox') || '';
  document.head.appendChild(s);
})();
