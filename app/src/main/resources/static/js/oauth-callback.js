// The vendor sent the person back here, inside the popup: tell the page that opened it, then close.
(function () {
  'use strict';
  var body = document.body;
  var result = {
    type: 'sightline-oauth',
    success: body.getAttribute('data-oauth-result') === 'success',
    pendingId: body.getAttribute('data-pending-id'),
    message: body.getAttribute('data-message'),
    next: body.getAttribute('data-next')
  };
  if (window.opener && !window.opener.closed) {
    window.opener.postMessage(result, window.location.origin);
    window.close();
  }
})();
