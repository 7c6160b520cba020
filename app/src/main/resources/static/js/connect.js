// "Authorize with ...": the vendor's sign-in opens in a popup; the callback page reports back
// with postMessage and closes itself. Without JavaScript (or with popups blocked) the form
// simply takes the whole window to the vendor and back.
(function () {
  'use strict';

  function csrfHeaders() {
    var header = document.querySelector('meta[name="_csrf_header"]');
    var token = document.querySelector('meta[name="_csrf"]');
    var headers = { 'Accept': 'application/json' };
    if (header && token) { headers[header.content] = token.content; }
    return headers;
  }

  function showError(message) {
    var box = document.querySelector('[data-connect-error]');
    if (box) { box.textContent = message; box.hidden = false; box.scrollIntoView({ block: 'nearest' }); }
  }

  document.querySelectorAll('form[data-authorize]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!form.reportValidity()) { return; }
      var popup = window.open('', 'sightline-authorize', 'popup,width=520,height=720');
      if (!popup) { return; } // Popups blocked: let the form take the whole window.
      event.preventDefault();
      var status = form.querySelector('[data-connect-status]');
      var button = form.querySelector('button[type=submit]');
      if (status) { status.textContent = 'Waiting for you to sign in and grant access in the other window…'; }
      if (button) { button.disabled = true; }
      var errorBox = document.querySelector('[data-connect-error]');
      if (errorBox) { errorBox.hidden = true; }
      var finished = false;

      function done() {
        finished = true;
        if (button) { button.disabled = false; }
        if (status) { status.textContent = ''; }
      }

      window.addEventListener('message', function onMessage(message) {
        if (message.origin !== window.location.origin || !message.data || message.data.type !== 'sightline-oauth') { return; }
        window.removeEventListener('message', onMessage);
        done();
        if (message.data.success) {
          window.location.href = message.data.next;
        } else {
          showError(message.data.message || 'Nothing was connected.');
        }
      });

      fetch(form.action, { method: 'POST', headers: csrfHeaders(), body: new URLSearchParams(new FormData(form)), credentials: 'same-origin' })
        .then(function (response) {
          // Only JSON is read as JSON: a session that ended sends the sign-in page, a server error an HTML page.
          var type = response.headers.get('Content-Type') || '';
          if (type.indexOf('application/json') !== 0) {
            throw new Error(response.redirected || response.url.indexOf('/login') >= 0
              ? 'Your session has ended. Reload the page and sign in again.'
              : 'The authorization could not be started (' + response.status + '). Try again.');
          }
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (result) {
          if (!result.ok) { throw new Error(result.body.message || 'Could not start the authorization.'); }
          popup.location.href = result.body.authorizationUrl;
          var watcher = setInterval(function () {
            if (finished) { clearInterval(watcher); return; }
            if (popup.closed) {
              clearInterval(watcher);
              setTimeout(function () {
                if (!finished) {
                  done();
                  showError('The sign-in window was closed before access was granted. Nothing was connected; you can try again.');
                }
              }, 400);
            }
          }, 500);
        })
        .catch(function (error) {
          popup.close();
          done();
          showError(error.message);
        });
    });
  });
})();
