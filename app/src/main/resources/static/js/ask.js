// Asking with live progress: the question runs as server-sent events (planning, each tool call,
// composing); when the answer is stored, the page shows it. Without JavaScript the form posts.
(function () {
  'use strict';
  var form = document.querySelector('form[data-ask]');
  if (!form) { return; }
  var input = form.querySelector('input[name=question]');
  var progress = form.querySelector('[data-progress]');

  document.querySelectorAll('[data-suggest]').forEach(function (chip) {
    chip.addEventListener('click', function (event) {
      event.preventDefault();
      input.value = chip.getAttribute('data-suggest');
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    });
  });

  function line(text, cls) {
    var li = document.createElement('li');
    li.textContent = text;
    if (cls) { li.className = cls; }
    progress.appendChild(li);
    return li;
  }

  form.addEventListener('submit', function (event) {
    if (!window.EventSource || !input.value.trim()) { return; }
    event.preventDefault();
    progress.innerHTML = '';
    progress.hidden = false;
    var button = form.querySelector('button[type=submit]');
    button.disabled = true;
    var params = new URLSearchParams({ question: input.value.trim() });
    var source = form.querySelector('select[name=dataSourceId]');
    if (source && source.value) { params.set('dataSourceId', source.value); }
    var stream = new EventSource(form.action + '/stream?' + params.toString());
    var pending = {};
    stream.addEventListener('planning', function () { line('Planning which tools to call…'); });
    stream.addEventListener('tool-start', function (e) {
      var d = JSON.parse(e.data);
      var key = d.tool + JSON.stringify(d.arguments);
      pending[key] = pending[key] || [];
      pending[key].push(line('Calling ' + d.tool + '…', 'running'));
    });
    stream.addEventListener('tool-end', function (e) {
      var d = JSON.parse(e.data);
      var item = Object.keys(pending).filter(function (k) { return k.indexOf(d.tool) === 0 && pending[k].length; })[0];
      var li = item ? pending[item].shift() : line('');
      li.textContent = d.tool + ': ' + d.status.toLowerCase() + ' in ' + d.durationMs + ' ms';
      li.className = d.status === 'OK' ? 'done' : 'failed';
    });
    stream.addEventListener('composing', function () { line('Composing the answer…'); });
    stream.addEventListener('result', function (e) {
      stream.close();
      window.location.href = form.action + '?id=' + encodeURIComponent(JSON.parse(e.data).id);
    });
    stream.onerror = function () {
      stream.close();
      button.disabled = false;
      line('The connection broke before the answer arrived. Try again.', 'failed');
    };
  });
})();
