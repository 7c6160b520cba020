// Draws every [data-chart] element with ECharts; the option was built on the server.
(function () {
  'use strict';
  function draw() {
    if (!window.echarts) { return; }
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      if (el.getAttribute('data-drawn')) { return; }
      var chart = window.echarts.init(el, null, { renderer: 'canvas' });
      chart.setOption(JSON.parse(el.getAttribute('data-chart')));
      el.setAttribute('data-drawn', '1');
      window.addEventListener('resize', function () { chart.resize(); });
    });
  }
  window.sightlineDrawCharts = draw;
  document.addEventListener('DOMContentLoaded', draw);
  window.addEventListener('load', draw);
})();
