// Asking with live progress: the question is posted like the form, and the answer streams back as
// server-sent events (planning, each tool call, composing); when it is stored, the page shows it.
// Asking changes state, so it is a POST with the CSRF token, read with fetch(): EventSource can
// only GET. Without JavaScript (or fetch streams) the form posts and the page shows the answer.
(function () {
  'use strict';
  var form = document.querySelector('form[data-ask]');
  if (!form) { return; }
  var input = form.querySelector('input[name=question]');
  var progress = form.querySelector('[data-progress]');
  var streams = !!(window.fetch && window.TextDecoder && window.ReadableStream && window.URLSearchParams);

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

  // Reads a text/event-stream body as it arrives and hands each complete event to onEvent(name, data).
  function readEvents(body, onEvent) {
    var reader = body.getReader();
    var decoder = new TextDecoder();
    var buffer = '';
    var name = '';
    var data = [];

    function field(text) {
      if (text === '') {
        if (data.length) { onEvent(name || 'message', data.join('\n')); }
        name = '';
        data = [];
        return;
      }
      if (text.charAt(0) === ':') { return; } // a comment, such as a keep-alive
      var colon = text.indexOf(':');
      var key = colon < 0 ? text : text.slice(0, colon);
      var value = colon < 0 ? '' : text.slice(colon + 1).replace(/^ /, '');
      if (key === 'event') { name = value; } else if (key === 'data') { data.push(value); }
    }

    function lines(final) {
      var at;
      while ((at = buffer.search(/[\r\n]/)) >= 0) {
        // A '\r' that ends the chunk may be the first half of '\r\n': it waits for the next one.
        if (buffer.charAt(at) === '\r' && at === buffer.length - 1 && !final) { break; }
        var end = buffer.charAt(at) === '\r' && buffer.charAt(at + 1) === '\n' ? at + 2 : at + 1;
        field(buffer.slice(0, at));
        buffer = buffer.slice(end);
      }
      if (final) {
        if (buffer) { field(buffer); }
        buffer = '';
        field('');
      }
    }

    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) {
          buffer += decoder.decode();
          lines(true);
          return;
        }
        buffer += decoder.decode(chunk.value, { stream: true });
        lines(false);
        return pump();
      });
    }
    return pump();
  }

  // The refusal the server answers with (400 and a JSON message), or a general sentence.
  function refusal(response) {
    var general = 'The question could not be asked (' + response.status + '). Try again.';
    var type = response.headers.get('Content-Type') || '';
    if (type.indexOf('application/json') !== 0) { return Promise.resolve(general); }
    return response.json().then(function (body) { return body && body.message ? body.message : general; }, function () { return general; });
  }

  form.addEventListener('submit', function (event) {
    if (!streams || !input.value.trim()) { return; }
    event.preventDefault();
    progress.innerHTML = '';
    progress.hidden = false;
    var button = form.querySelector('button[type=submit]');
    button.disabled = true;

    var body = new URLSearchParams();
    body.set('question', input.value.trim());
    var source = form.querySelector('select[name=dataSourceId]');
    if (source && source.value) { body.set('dataSourceId', source.value); }
    var headers = { 'Accept': 'text/event-stream', 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' };
    var header = document.querySelector('meta[name="_csrf_header"]');
    var token = document.querySelector('meta[name="_csrf"]');
    if (header && token) {
      headers[header.content] = token.content;
    } else {
      var hidden = form.querySelector('input[name=_csrf]');
      if (hidden) { body.set('_csrf', hidden.value); }
    }

    var pending = {};
    var done = false;
    function failed(text) {
      button.disabled = false;
      line(text, 'failed');
    }
    var handlers = {
      'planning': function () { line('Planning which tools to call…'); },
      'tool-start': function (d) {
        var key = d.tool + JSON.stringify(d.arguments);
        pending[key] = pending[key] || [];
        pending[key].push(line('Calling ' + d.tool + '…', 'running'));
      },
      'tool-end': function (d) {
        var item = Object.keys(pending).filter(function (k) { return k.indexOf(d.tool) === 0 && pending[k].length; })[0];
        var li = item ? pending[item].shift() : line('');
        li.textContent = d.tool + ': ' + d.status.toLowerCase() + ' in ' + d.durationMs + ' ms';
        li.className = d.status === 'OK' ? 'done' : 'failed';
      },
      'composing': function () { line('Composing the answer…'); },
      'result': function (d) {
        done = true;
        window.location.href = form.action + '?id=' + encodeURIComponent(d.id);
      },
      'error': function (d) {
        done = true;
        failed(d && d.message ? d.message : 'The answer could not be composed. Try again.');
      }
    };

    fetch(form.action + '/stream', { method: 'POST', headers: headers, body: body, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok || !response.body) {
          return refusal(response).then(function (text) { done = true; failed(text); });
        }
        return readEvents(response.body, function (name, data) {
          var handle = handlers[name];
          if (!handle || done) { return; }
          var parsed;
          try { parsed = JSON.parse(data); } catch (e) { parsed = null; }
          handle(parsed);
        });
      })
      .catch(function () { /* reported below, like a stream that ends without a result */ })
      .then(function () {
        if (!done) { failed('The connection broke before the answer arrived. Try again.'); }
      });
  });
})();
