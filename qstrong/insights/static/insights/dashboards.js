/* Dashboards: draw each chart from its JSON spec (json_script), drill down on click, PNG export.
   No inline script (CSP); charts are re-drawn after htmx swaps in a new period. */
(function () {
  "use strict";

  var PALETTE = ["#1f5fa8", "#e8853d", "#3a9d6b", "#c94c4c", "#7a5cc2", "#2aa3b8", "#b8962a", "#6b7785"];

  function lang() {
    return (document.documentElement.lang || "zh-Hans").toLowerCase().indexOf("en") === 0 ? "EN" : "ZH";
  }

  function axis(unit, position) {
    return {
      type: "value",
      name: unit || "",
      position: position,
      nameTextStyle: { color: "#6b7785" },
      axisLabel: { color: "#6b7785" },
      splitLine: { show: position === "left" || position === "bottom", lineStyle: { color: "#eef0f3" } }
    };
  }

  function optionFor(full) {
    var spec = Object.assign({}, full, {
      series: full.series.filter(function (s) { return !s.hidden; })
    });
    var units = spec.axisUnits || [spec.unit || "", ""];
    var pie = spec.series.length === 1 && spec.series[0].kind === "pie";
    var legend = { top: 0, type: "scroll", data: spec.series.map(function (s) { return s.name; }) };
    if (pie) {
      return {
        color: PALETTE,
        tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
        legend: { bottom: 0, type: "scroll" },
        series: [{
          type: "pie", radius: ["38%", "68%"], center: ["50%", "46%"],
          label: { formatter: "{b}\n{c}" },
          data: spec.categories.map(function (name, i) { return { name: name, value: spec.series[0].data[i] }; })
        }]
      };
    }
    var hasRight = spec.series.some(function (s) { return s.axis === 1; });
    var category = {
      type: "category", data: spec.categories,
      axisLabel: { color: "#39424e", interval: 0, overflow: "truncate", width: spec.horizontal ? 120 : 80 }
    };
    var values = [axis(units[0], spec.horizontal ? "bottom" : "left")];
    if (hasRight) values.push(axis(units[1], spec.horizontal ? "top" : "right"));
    var series = spec.series.map(function (s) {
      var item = {
        name: s.name, type: s.kind === "line" ? "line" : "bar", data: s.data,
        connectNulls: false, barMaxWidth: 28, emphasis: { focus: "series" }
      };
      if (s.stack) item.stack = s.stack;
      if (s.axis === 1) {
        if (spec.horizontal) item.xAxisIndex = 1; else item.yAxisIndex = 1;
        item.symbolSize = 7;
      }
      return item;
    });
    return {
      color: PALETTE,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: legend,
      grid: { left: 12, right: hasRight ? 24 : 16, top: hasRight && spec.horizontal ? 56 : 40, bottom: 8, containLabel: true },
      xAxis: spec.horizontal ? values : category,
      yAxis: spec.horizontal ? category : values,
      series: series
    };
  }

  function draw(el) {
    if (!window.echarts || el.getAttribute("data-drawn") === "1") return;
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source) return;
    var spec = JSON.parse(source.textContent);
    var rows = spec.horizontal ? spec.categories.length : 0;
    el.style.height = Math.max(320, rows * 26 + 80) + "px";
    var chart = window.echarts.init(el, null, { locale: lang(), renderer: "canvas" });
    chart.setOption(optionFor(spec));
    el.setAttribute("data-drawn", "1");
    if (spec.links && spec.links.length) {
      el.style.cursor = "pointer";
      chart.on("click", function (params) {
        var url = spec.links[params.dataIndex];
        if (url) window.location.assign(url);
      });
    }
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(draw);
  }

  function downloadPng(button) {
    var id = button.getAttribute("data-chart-png");
    var el = document.querySelector('[data-chart="chart-spec-' + id + '"]');
    var chart = el && window.echarts && window.echarts.getInstanceByDom(el);
    if (!chart) return;
    var url = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#ffffff" });
    var link = document.createElement("a");
    link.href = url;
    link.download = (button.getAttribute("data-filename") || id) + ".png";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-chart-png]");
    if (button) downloadPng(button);
  });

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
  window.addEventListener("resize", function () {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = window.echarts && window.echarts.getInstanceByDom(el);
      if (chart) chart.resize();
    });
  });
})();
