/* The lazy policy panel on the enterprise page: one quiet retry after a failed load (a busy
   server, a dropped connection) before the page reports the error. No inline script (CSP). */
(function () {
  "use strict";

  function retryOnce(event) {
    var panel = event.currentTarget;
    if (panel.getAttribute("data-retried")) return;
    panel.setAttribute("data-retried", "1");
    event.stopPropagation();
    window.setTimeout(function () {
      window.htmx.trigger(panel, "qs-retry");
    }, 700);
  }

  function start() {
    var panel = document.getElementById("policy-panel");
    if (!panel) return;
    panel.addEventListener("htmx:responseError", retryOnce);
    panel.addEventListener("htmx:sendError", retryOnce);
  }

  if (document.readyState !== "loading") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
