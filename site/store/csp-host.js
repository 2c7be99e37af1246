// Counts Content-Security-Policy violations on the strict host page (the e2e test reads it).
window.Parley = window.Parley || function () { (window.Parley.q = window.Parley.q || []).push(arguments); };
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
  document.getElementById('violations').textContent = `CSP violations: ${window.__cspViolations.length}`;
});
window.Parley('setContext', { custom: { page: 'csp-host' } });
