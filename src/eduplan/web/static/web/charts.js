/* Draw every chart on the page: <div class="chart" data-chart="ID"> with its option in <script id="ID" type="application/json">. */
(function () {
  "use strict";
  var charts = [];
  function draw(root) {
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var source = document.getElementById(el.dataset.chart);
      if (!source) return;
      var option = JSON.parse(source.textContent);
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option);
      el.dataset.drawn = "1";
      charts.push(chart);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  // A panel swapped in by htmx replaces its placeholder (outerHTML): look at the whole page once it settles.
  document.addEventListener("htmx:afterSettle", function () { draw(document); });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
