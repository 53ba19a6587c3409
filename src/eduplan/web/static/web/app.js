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
  // <select data-autosubmit>: choosing sends its form (no inline handler: the Content-Security-Policy forbids them).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) el.form.submit();
  });
})();
