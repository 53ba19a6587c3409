/* Draw every chart on the page: <div class="chart" data-chart="ID"> with its option in <script id="ID" type="application/json">.
   An option may carry, besides ECharts' own keys: geoUrl (the GeoJSON of its map on this server, registered before
   drawing) and links (area name → URL); a data item may carry url. A click on an item or area with a URL opens it
   (a path on this server only): the drill-down from a figure to the list behind it. */
(function () {
  "use strict";
  var charts = [];
  var maps = {};
  function local(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/";
  }
  function geoJson(url) {
    if (!maps[url]) maps[url] = fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); });
    return maps[url];
  }
  function show(el, option) {
    var links = option.links || {};
    delete option.links;
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    chart.on("click", function (p) {
      var url = (p.data && p.data.url) || links[p.name];
      if (local(url)) window.location.assign(url);
    });
    el.dataset.drawn = "1";
    charts.push(chart);
  }
  function draw(root) {
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.drawn || el.dataset.drawing) return;
      var source = document.getElementById(el.dataset.chart);
      if (!source) return;
      var option = JSON.parse(source.textContent);
      var url = option.geoUrl;
      delete option.geoUrl;
      if (local(url) && option.geo) {
        el.dataset.drawing = "1";
        geoJson(url).then(function (geo) {
          if (!echarts.getMap(option.geo.map)) echarts.registerMap(option.geo.map, geo);
          show(el, option);
        });
      } else {
        show(el, option);
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  // A panel swapped in by htmx replaces its placeholder (outerHTML): look at the whole page once it settles.
  document.addEventListener("htmx:afterSettle", function () { draw(document); });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
