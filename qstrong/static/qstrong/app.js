/* qstrong page helpers. No inline script anywhere (CSP): behaviour hangs on data-* attributes. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  function formatBytes(bytes) {
    if (bytes >= 1024 * 1024 * 1024) return (bytes / 1024 / 1024 / 1024).toFixed(1) + " GB";
    if (bytes >= 1024 * 1024) return (bytes / 1024 / 1024).toFixed(1) + " MB";
    if (bytes >= 1024) return (bytes / 1024).toFixed(1) + " KB";
    return bytes + " B";
  }

  /* <form data-confirm="…">: ask before a destructive POST (archive, restore). */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    /* <button data-busy-text="…">: show that a long upload is running and prevent double posts. */
    var button = form.querySelector("button[type=submit][data-busy-text]");
    if (button && !form.hasAttribute("hx-get") && !form.hasAttribute("hx-post")) {
      window.setTimeout(function () {
        button.disabled = true;
        button.innerHTML =
          '<span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>' +
          button.getAttribute("data-busy-text");
      }, 0);
    }
  });

  /* <input type=file data-max-bytes=N data-too-big="…">: refuse an oversized file before upload. */
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file") return;
    var limit = parseInt(input.getAttribute("data-max-bytes") || "0", 10);
    var file = input.files && input.files[0];
    var message = "";
    if (limit && file && file.size > limit) {
      message = (input.getAttribute("data-too-big") || "File too large: %s").replace(
        "%s",
        formatBytes(limit)
      );
    }
    input.setCustomValidity(message);
    input.classList.toggle("is-invalid", message !== "");
    var feedback = input.parentElement && input.parentElement.querySelector(".qs-file-feedback");
    if (feedback) feedback.textContent = message;
  });

  /* A failed htmx refresh (server error, network) must not fail silently. */
  function showRequestError(text) {
    var holder = document.getElementById("qs-messages");
    if (!holder) return;
    var alert = document.createElement("div");
    alert.className = "alert alert-danger alert-dismissible fade show";
    alert.setAttribute("role", "alert");
    alert.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", "Close");
    alert.appendChild(close);
    holder.appendChild(alert);
  }

  ready(function () {
    var body = document.body;
    document.body.addEventListener("htmx:responseError", function () {
      showRequestError(body.getAttribute("data-error-text") || "Request failed.");
    });
    document.body.addEventListener("htmx:sendError", function () {
      showRequestError(body.getAttribute("data-offline-text") || "Network error.");
    });
  });
})();
