/* The outreach statistics chart: activities and distinct enterprises per period (ECharts). */
(function () {
  "use strict";
  function draw() {
    var holder = document.getElementById("outreach-chart");
    var source = document.getElementById("outreach-chart-data");
    if (!holder || !source || typeof window.echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(holder);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: [data.labels.activities, data.labels.enterprises] },
      grid: { left: 40, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: data.periods },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: data.labels.activities, type: "bar", barMaxWidth: 48, data: data.activities, itemStyle: { color: "#1f4e79" } },
        { name: data.labels.enterprises, type: "bar", barMaxWidth: 48, data: data.enterprises, itemStyle: { color: "#2a9d8f" } }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState !== "loading") draw();
  else document.addEventListener("DOMContentLoaded", draw);
})();
