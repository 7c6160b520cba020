// Auto-refresh: the page reloads on the chosen schedule; each reload runs every tile again.
(function () {
  'use strict';
  var every = { '5M': 5 * 60 * 1000, '1H': 60 * 60 * 1000, '1D': 24 * 60 * 60 * 1000 }[document.body.getAttribute('data-auto-refresh')];
  if (every) { setTimeout(function () { window.location.reload(); }, every); }
  document.querySelectorAll('[data-submit-on-change]').forEach(function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });
})();
