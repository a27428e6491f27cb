// Coverage page: the bar chart of eligible / pushed / granted / needs-data per region.
(function () {
  "use strict";

  function draw() {
    var holder = document.getElementById("coverage-chart");
    var source = document.getElementById("coverage-chart-data");
    if (!holder || !source || typeof window.echarts === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(holder);
    var series = function (key, name, color) {
      return { name: name, type: "bar", data: data[key], itemStyle: { color: color }, barMaxWidth: 28 };
    };
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 56 },
      xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: data.labels.length > 8 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        series("eligible", holder.dataset.seriesEligible, "#1f4e79"),
        series("pushed", holder.dataset.seriesPushed, "#2e86c1"),
        series("granted", holder.dataset.seriesGranted, "#27ae60"),
        series("needs_data", holder.dataset.seriesNeeds, "#f0ad4e"),
      ],
    });
    window.addEventListener("resize", function () {
      chart.resize();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
