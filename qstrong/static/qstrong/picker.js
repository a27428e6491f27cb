/* The enterprise picker (casework, quality): search by name or USCC (≤20 results), pick into chips that post ids. */
(function () {
  "use strict";

  function chip(picker, item) {
    var span = document.createElement("span");
    span.className = "qs-chip";
    span.dataset.id = String(item.id);
    var label = document.createElement("span");
    label.textContent = item.name;
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = picker.dataset.name;
    input.value = String(item.id);
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn-close";
    remove.setAttribute("aria-label", (picker.dataset.remove || "") + " " + item.name);
    remove.dataset.removeChip = "";
    span.append(label, input, remove);
    return span;
  }

  function setup(picker) {
    var input = picker.querySelector("[data-picker-input]");
    var results = picker.querySelector("[data-results]");
    var chips = picker.querySelector("[data-chips]");
    var max = parseInt(picker.dataset.max || "0", 10);
    var timer = null;
    var seq = 0;
    var active = -1;

    function close() {
      results.hidden = true;
      results.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      active = -1;
    }

    function pick(item) {
      if (chips.querySelector('[data-id="' + item.id + '"]')) { close(); input.value = ""; return; }
      if (max === 1) chips.replaceChildren();
      else if (max > 1 && chips.children.length >= max) return;
      chips.append(chip(picker, item));
      chips.classList.add("mb-1");
      input.value = "";
      close();
      input.focus();
    }

    function render(data) {
      results.replaceChildren();
      if (!data.results.length) {
        var empty = document.createElement("div");
        empty.className = "list-group-item small text-secondary";
        empty.textContent = picker.dataset.empty || "";
        results.append(empty);
      }
      data.results.forEach(function (item) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "list-group-item list-group-item-action py-1";
        button.setAttribute("role", "option");
        var name = document.createElement("div");
        name.textContent = item.name;
        var meta = document.createElement("div");
        meta.className = "small text-secondary qs-mono";
        meta.textContent = item.uscc + (item.region ? " · " + item.region : "");
        button.append(name, meta);
        button.addEventListener("click", function () { pick(item); });
        results.append(button);
      });
      results.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function search() {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      var mine = ++seq;
      fetch(picker.dataset.url + "?q=" + encodeURIComponent(q), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) { if (mine === seq) render(data); })
        .catch(function () { close(); });
    }

    function move(step) {
      var options = results.querySelectorAll("[role=option]");
      if (!options.length) return;
      active = (active + step + options.length) % options.length;
      options.forEach(function (o, i) { o.classList.toggle("active", i === active); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter") {
        // Enter picks the highlighted (or the only) result and never submits the form.
        event.preventDefault();
        var options = results.querySelectorAll("[role=option]");
        var target = options[active >= 0 ? active : 0];
        if (target && (active >= 0 || options.length === 1)) target.click();
      }
    });
    chips.addEventListener("click", function (event) {
      var button = event.target.closest("[data-remove-chip]");
      if (button) button.closest(".qs-chip").remove();
    });
    document.addEventListener("click", function (event) {
      if (!picker.contains(event.target)) close();
    });
  }

  function init() {
    document.querySelectorAll("[data-picker]").forEach(setup);
  }
  if (document.readyState !== "loading") init();
  else document.addEventListener("DOMContentLoaded", init);
})();
