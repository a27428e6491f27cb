/* Map of Shanxi: counties coloured by the chosen metric (visualMap), only inside the viewer's
   jurisdiction; by county or by city; click → the city's counties and the county's card.
   Shapes and values come from the page's JSON endpoints; no inline script (CSP). */
(function () {
  "use strict";

  var GREY = "#e5e7eb";

  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : [];
  }

  function init() {
    var el = document.getElementById("shanxi-map");
    if (!el || typeof echarts === "undefined") { return; }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    var state = {
      counties: readJson("map-counties"),
      cities: readJson("map-cities"),
      level: "county",
      city: "",
      metric: document.getElementById("map-metric"),
      period: document.getElementById("map-period"),
      geo: null
    };
    var title = document.getElementById("map-title");
    var back = document.getElementById("map-back");
    var card = document.getElementById("county-card");
    chart.showLoading({ text: "" });

    function cityOf(code) { return code.slice(0, 4) + "00"; }

    function cityValue(code) {
      var found = state.cities.filter(function (c) { return c.code === code; })[0];
      return found || { name: code, value: null, inScope: false };
    }

    function unit() {
      var option = state.metric.options[state.metric.selectedIndex];
      var match = option ? option.textContent.match(/（(.*)）$/) : null;
      return match ? match[1] : "";
    }

    function items() {
      var list = state.counties.filter(function (c) { return !state.city || c.city === state.city; });
      return list.map(function (c) {
        var city = cityValue(c.city);
        var byCity = state.level === "city" && !state.city;
        var value = byCity ? city.value : c.value;
        var inside = byCity ? city.inScope : c.inScope;
        var item = { name: c.code, value: value === null ? NaN : value, county: c.name, cityName: city.name, inScope: inside };
        if (!inside || value === null) { item.itemStyle = { areaColor: GREY }; }
        return item;
      });
    }

    function draw() {
      var data = items();
      var values = data.filter(function (d) { return d.inScope && !isNaN(d.value); }).map(function (d) { return d.value; });
      var max = Math.max.apply(null, values.concat([1]));
      var mapName = state.city ? "shanxi-" + state.city : "shanxi";
      if (state.city && !echarts.getMap(mapName)) {
        echarts.registerMap(mapName, {
          type: "FeatureCollection",
          features: state.geo.features.filter(function (f) { return f.properties.city === state.city; })
        });
      }
      chart.setOption({
        tooltip: {
          trigger: "item",
          formatter: function (p) {
            var d = p.data || {};
            var byCity = state.level === "city" && !state.city;
            var name = byCity ? d.cityName : (d.cityName + " · " + d.county);
            if (!d.inScope) { return name + "<br>" + el.dataset.labelGrey; }
            return name + "<br>" + (isNaN(d.value) ? el.dataset.labelNone : d.value + " " + unit());
          }
        },
        visualMap: {
          min: 0, max: max, left: 12, bottom: 16, calculable: true,
          inRange: { color: ["#e8eef7", "#9cb9dc", "#4f7fb8", "#1f5fa8", "#0a2a52"] }
        },
        series: [{
          type: "map", map: mapName, nameProperty: "adcode", roam: false, selectedMode: false,
          layoutCenter: ["50%", "50%"], layoutSize: "96%",
          label: { show: !!state.city, fontSize: 11, color: "#1f2933",
                   formatter: function (p) { return (p.data && p.data.county) || p.name; } },
          itemStyle: { borderColor: "#fff", borderWidth: 0.8, areaColor: GREY },
          emphasis: { label: { show: true, formatter: function (p) { return (p.data && p.data.county) || p.name; } },
                      itemStyle: { areaColor: "#f3c26b" } },
          data: data
        }]
      }, true);
      back.classList.toggle("d-none", !state.city);
      el.dataset.drawn = state.metric.value + "|" + state.level + "|" + state.city;
    }

    function refresh() {
      var params = new URLSearchParams({ metric: state.metric.value, period: state.period ? state.period.value : "" });
      fetch(el.dataset.dataUrl + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (payload) {
          state.counties = payload.counties;
          state.cities = payload.cities;
          state.period.innerHTML = "";
          payload.periods.forEach(function (p) {
            var option = document.createElement("option");
            option.value = p.key; option.textContent = p.label; option.selected = p.key === payload.period;
            state.period.appendChild(option);
          });
          var hasPeriods = payload.periods.length > 0;
          state.period.classList.toggle("d-none", !hasPeriods);
          document.getElementById("map-period-label").classList.toggle("d-none", !hasPeriods);
          var periodLabel = hasPeriods ? " · " + state.period.options[state.period.selectedIndex].textContent : "";
          title.textContent = payload.metric.label + periodLabel;
          params.set("period", payload.period);
          if (window.history && window.history.replaceState) { window.history.replaceState(null, "", "?" + params.toString()); }
          draw();
        });
    }

    function showCounty(code) {
      fetch(el.dataset.countyUrl.replace("000000", code), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { card.innerHTML = html; });
    }

    chart.on("click", function (p) {
      if (!p.data) { return; }
      var atProvince = !state.city;
      if (atProvince) {
        state.city = cityOf(p.name);
        draw();
      }
      if (!atProvince || state.level === "county") { showCounty(p.name); }
    });
    back.addEventListener("click", function () { state.city = ""; card.innerHTML = ""; draw(); });
    state.metric.addEventListener("change", function () { state.period.value = ""; refresh(); });
    state.period.addEventListener("change", refresh);
    document.querySelectorAll("[data-map-level]").forEach(function (button) {
      button.addEventListener("click", function () {
        state.level = button.dataset.mapLevel;
        state.city = "";
        document.querySelectorAll("[data-map-level]").forEach(function (b) { b.classList.toggle("active", b === button); });
        draw();
      });
    });
    window.addEventListener("resize", function () { chart.resize(); });

    fetch(el.dataset.geoUrl, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (geo) {
        state.geo = geo;
        echarts.registerMap("shanxi", geo);
        chart.hideLoading();
        draw();
      })
      .catch(function () { chart.hideLoading(); el.textContent = "底图加载失败 / base map failed to load"; });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
