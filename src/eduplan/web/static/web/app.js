/* Behaviour every page shares. */
(function () {
  "use strict";
  // htmx does not swap an error response: show its message (the .error-box of the error page) above the form.
  document.addEventListener("htmx:responseError", function (event) {
    var page = new DOMParser().parseFromString(event.detail.xhr.responseText, "text/html");
    var box = page.querySelector(".error-box") || page.querySelector("main") || page.body;
    var note = document.createElement("div");
    note.className = "error-box";
    note.textContent = box ? box.textContent.trim() : String(event.detail.xhr.status);
    event.detail.elt.insertAdjacentElement("beforebegin", note);
  });
  // A form marked data-swap-errors shows a refused request (400) in place: its fields with their messages.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var source = event.detail.requestConfig ? event.detail.requestConfig.elt : event.detail.elt;
    if (event.detail.xhr.status === 400 && source && source.closest("[data-swap-errors]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // <span data-elapsed>: the seconds since it appeared, so a long wait (a plan file being read) visibly goes on.
  setInterval(function () {
    document.querySelectorAll("[data-elapsed]").forEach(function (el) {
      if (!el.dataset.since) el.dataset.since = String(Date.now());
      el.textContent = String(Math.round((Date.now() - Number(el.dataset.since)) / 1000));
    });
  }, 1000);
  // <select data-autosubmit>: choosing sends its form (no inline handler: the Content-Security-Policy forbids them).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) el.form.submit();
  });
  // The grouped menu (<details class="menu">): one open at a time, closed by a click elsewhere or Escape.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("header.top details.menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      document.querySelectorAll("header.top details.menu[open]").forEach(function (menu) {
        menu.removeAttribute("open");
      });
    }
  });
})();
