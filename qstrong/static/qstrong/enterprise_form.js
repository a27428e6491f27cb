/* The enterprise form: add membership rows, and offer only the chosen chain's segments.
   Without this script the form still works: it always shows a few empty rows. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  /* <select data-segment-select>: hide the segments of the other chains in the same row. */
  function narrowSegments(row) {
    var chain = row.querySelector("select[data-chain-select]");
    var segment = row.querySelector("select[data-segment-select]");
    if (!chain || !segment) return;
    var code = chain.value;
    Array.prototype.forEach.call(segment.querySelectorAll("option[data-chain]"), function (option) {
      var other = option.getAttribute("data-chain") !== code;
      option.hidden = other;
      option.disabled = other;
      if (other && option.selected) segment.value = "";
    });
    Array.prototype.forEach.call(segment.querySelectorAll("optgroup"), function (group) {
      group.hidden = group.querySelector("option:not([hidden])") === null;
    });
  }

  function addRow(prefix) {
    var template = document.querySelector('template[data-formset-template="' + prefix + '"]');
    var body = document.querySelector('[data-formset-body="' + prefix + '"]');
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    if (!template || !body || !total) return;
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) return;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    body.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var row = body.lastElementChild;
    if (row) {
      narrowSegments(row);
      var first = row.querySelector("select, input");
      if (first) first.focus();
    }
  }

  ready(function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-chain-row]"), narrowSegments);
    Array.prototype.forEach.call(document.querySelectorAll("[data-formset-add]"), function (btn) {
      btn.classList.remove("d-none");
      btn.addEventListener("click", function () {
        addRow(btn.getAttribute("data-formset-add"));
      });
    });
    document.addEventListener("change", function (event) {
      var target = event.target;
      if (target instanceof HTMLSelectElement && target.hasAttribute("data-chain-select")) {
        var row = target.closest("[data-chain-row]");
        if (row) narrowSegments(row);
      }
    });
  });
})();
