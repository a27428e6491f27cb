/* Chain graph: segments as columns (upstream → downstream), enterprises as nodes, supply links
   as edges. Industry view colours columns by stage; bottleneck view by the segment's band.
   Data comes from json_script (#chain-graph-data); no inline script (CSP). */
(function () {
  "use strict";

  var STAGE_FILLS = { upstream: "#eef3fa", midstream: "#e8eef7", downstream: "#e2eaf5", "": "#f4f6f8" };
  var EN = (document.documentElement.lang || "").toLowerCase().indexOf("en") === 0;
  var T = EN
    ? { score: "Bottleneck score", risks: "Supplier concentration", problems: "Open problems behind it",
        hidden: "more outside your jurisdiction", open: "click to open the registry record", none: "none" }
    : { score: "瓶颈分", risks: "供应集中风险", problems: "计分问题",
        hidden: "个辖区外问题（不显示名称）", open: "点击打开企业档案", none: "无" };

  function esc(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function columnFill(col, view) {
    if (view === "bottleneck" && col.scored) { return col.fill; }
    return STAGE_FILLS[col.stage] || STAGE_FILLS[""];
  }

  function roleColour(data, role) {
    for (var i = 0; i < data.roles.length; i++) {
      if (data.roles[i].role === role) { return data.roles[i].colour; }
    }
    return "#6b7785";
  }

  function segmentHtml(col) {
    var html = "<div class='fw-semibold mb-1'>" + esc(col.name) + (col.stageLabel ? " · " + esc(col.stageLabel) : "") + "</div>";
    if (col.scored) {
      html += "<div><span class='badge qs-band qs-band-" + esc(col.band) + "'>" + T.score + " " + col.score + " · " + esc(col.bandLabel) + "</span></div>";
      html += "<div class='text-secondary mt-1'>" + esc(col.explanation) + "</div>";
      if (col.problems.length || col.hiddenProblems) {
        html += "<div class='mt-1'>" + T.problems + "：" + col.problems.map(esc).join("；");
        if (col.hiddenProblems) { html += (col.problems.length ? "；" : "") + col.hiddenProblems + " " + T.hidden; }
        html += "</div>";
      }
    }
    if (col.risks.length) {
      html += "<div class='text-danger mt-1'>⚠ " + T.risks + "：" + col.risks.map(esc).join("；") + "</div>";
    }
    return html;
  }

  function option(data, view, width) {
    var ncol = Math.max(data.columns.length, 1);
    var rows = Math.max(data.height, 1);
    var colPx = width / ncol;
    var byKey = {};
    data.columns.forEach(function (c) { byKey[c.key] = c; });
    var backgrounds = {
      type: "custom",
      name: "segments",
      silent: false,
      z: 1,
      data: data.columns.map(function (c) { return [c.x, 0, c.key]; }),
      encode: { x: 0, y: 1 },
      renderItem: function (params, api) {
        var col = data.columns[params.dataIndex];
        var topLeft = api.coord([col.x - 0.46, -1.7]);
        var bottomRight = api.coord([col.x + 0.46, rows - 0.4]);
        var children = [
          { type: "rect", shape: { x: topLeft[0], y: topLeft[1], width: bottomRight[0] - topLeft[0], height: bottomRight[1] - topLeft[1], r: 8 },
            style: { fill: columnFill(col, view), stroke: "#dbe2ea" } },
          { type: "text", style: { x: topLeft[0] + 10, y: topLeft[1] + 10, text: col.name, fontSize: 14, fontWeight: "bold", fill: "#1f2933",
            width: bottomRight[0] - topLeft[0] - 60, overflow: "truncate" } },
          { type: "text", style: { x: bottomRight[0] - 10, y: topLeft[1] + 12, text: col.stageLabel, fontSize: 12, fill: "#64748b", align: "right" } }
        ];
        if (view === "bottleneck" && col.scored) {
          children.push({ type: "rect", shape: { x: topLeft[0] + 10, y: topLeft[1] + 34, width: bottomRight[0] - topLeft[0] - 20, height: 20, r: 10 }, style: { fill: col.colour } });
          children.push({ type: "text", style: { x: (topLeft[0] + bottomRight[0]) / 2, y: topLeft[1] + 38, text: T.score + " " + col.score + " · " + col.bandLabel, fill: "#fff", fontSize: 12, align: "center" } });
        } else if (col.risks.length) {
          children.push({ type: "text", style: { x: topLeft[0] + 10, y: topLeft[1] + 38, text: "⚠ " + T.risks, fill: "#c94c4c", fontSize: 12 } });
        }
        return { type: "group", children: children };
      },
      tooltip: {
        formatter: function (p) { return "<div style='max-width:360px;white-space:normal'>" + segmentHtml(data.columns[p.dataIndex]) + "</div>"; }
      }
    };
    var nodes = data.nodes.map(function (n) {
      var colour = roleColour(data, n.role);
      return {
        id: n.key, name: n.label, value: [n.x, n.y], raw: n,
        symbol: "rect", symbolSize: [colPx * 0.8, 26],
        itemStyle: { color: "#fff", borderColor: colour, borderWidth: 1.6, borderType: n.role === "hidden" ? "dashed" : "solid" },
        label: {
          show: true, position: "inside", width: Math.max(colPx * 0.8 - 16, 70), overflow: "truncate",
          formatter: "{r|" + n.roleLabel + "} " + n.label.replace(/[{}|]/g, ""),
          rich: { r: { color: "#fff", backgroundColor: colour, borderRadius: 3, padding: [2, 4], fontSize: 11 } },
          color: "#1f2933", fontSize: 12
        },
        cursor: n.url ? "pointer" : "default"
      };
    });
    // Edges run from the supplier's right edge to the customer's left edge (a lines series in
    // the same grid): graph links would end hidden under the wide node boxes.
    var half = 0.4;
    var nodeByKey = {};
    data.nodes.forEach(function (n) { nodeByKey[n.key] = n; });
    var lines = data.edges.map(function (e) {
      var a = nodeByKey[e.source], b = nodeByKey[e.target];
      var from = [a.x + (b.x >= a.x ? half : -half), a.y];
      var to = [b.x + (b.x > a.x ? -half : half), b.y];
      return { coords: [from, to], raw: e, lineStyle: { width: Math.min(1.2 + e.count * 0.4, 4), curveness: b.x === a.x ? 0.6 : 0.15 } };
    });
    var edgeSeries = {
      type: "lines", coordinateSystem: "cartesian2d", z: 2, data: lines,
      symbol: ["none", "arrow"], symbolSize: 9,
      lineStyle: { color: "#8a97a8", opacity: 0.95 },
      emphasis: { lineStyle: { width: 3, color: "#0f3a6e" } },
      tooltip: {
        formatter: function (p) {
          var e = p.data.raw;
          return esc(nodeByKey[e.source].label) + " → " + esc(nodeByKey[e.target].label) +
            (e.products.length ? "<br>" + esc(e.products.join("、")) : "");
        }
      }
    };
    return {
      animation: false,
      tooltip: { trigger: "item", confine: true },
      grid: { left: 4, right: 4, top: 8, bottom: 8 },
      xAxis: { type: "value", min: -0.5, max: ncol - 0.5, show: false },
      yAxis: { type: "value", min: -1.75, max: rows - 0.35, inverse: true, show: false },
      series: [backgrounds, {
        type: "graph", coordinateSystem: "cartesian2d", z: 3, layout: "none",
        data: nodes, links: [],
        emphasis: { itemStyle: { shadowBlur: 6, shadowColor: "rgba(15,58,110,0.35)" } },
        tooltip: {
          formatter: function (p) {
            var n = p.data.raw;
            var col = byKey[n.column];
            return "<b>" + esc(n.label) + "</b><br>" + esc(n.roleLabel) + (n.region ? " · " + esc(n.region) : "") +
              "<br>" + esc(col ? col.name : "") + (n.url ? "<br><span style='color:#64748b'>" + T.open + "</span>" : "");
          }
        }
      }, edgeSeries]
    };
  }

  function init() {
    var el = document.getElementById("chain-graph");
    var source = document.getElementById("chain-graph-data");
    if (!el || !source || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var view = el.dataset.view || "industry";
    el.style.height = Math.max(300, 110 + Math.max(data.height, 1) * 44) + "px";
    var chart = echarts.init(el, null, { renderer: "svg" });
    var detail = document.getElementById("graph-detail");
    function draw() {
      chart.setOption(option(data, view, el.clientWidth), true);
      el.dataset.drawn = view;
    }
    draw();
    chart.on("click", function (p) {
      if (p.seriesType === "graph" && p.dataType === "node" && p.data.raw.url) {
        window.location.href = p.data.raw.url;
      } else if (p.seriesType === "custom") {
        var col = data.columns[p.dataIndex];
        detail.innerHTML = segmentHtml(col);
        document.querySelectorAll("[data-segment-row]").forEach(function (row) {
          row.classList.toggle("table-active", row.dataset.segmentRow === col.key);
        });
      }
    });
    document.querySelectorAll("[data-graph-view]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        view = button.dataset.graphView;
        el.dataset.view = view;
        document.querySelectorAll("[data-graph-view]").forEach(function (b) { b.classList.toggle("active", b === button); });
        document.querySelectorAll("[data-svg-link]").forEach(function (a) { a.href = a.dataset.base + "?view=" + view; });
        if (window.history && window.history.replaceState) { window.history.replaceState(null, "", "?view=" + view); }
        draw();
      });
    });
    window.addEventListener("resize", function () { chart.resize(); draw(); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
