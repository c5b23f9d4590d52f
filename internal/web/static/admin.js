// The back office's small enhancements. Every form works without them.
(function () {
  "use strict";

  // Live preview: the Markdown editor posts its text to the server, which
  // renders it with the public site's renderer, and shows the result.
  var editor = document.querySelector("textarea[data-preview]");
  if (editor) {
    var target = document.getElementById(editor.getAttribute("data-preview"));
    var timer = null, inflight = null;
    var refresh = function () {
      if (inflight) inflight.abort();
      inflight = new AbortController();
      var body = new URLSearchParams({ body: editor.value });
      fetch("/admin/preview", { method: "POST", body: body, signal: inflight.signal, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { target.innerHTML = html; })
        .catch(function () {});
    };
    editor.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
    refresh();
  }

  // Buttons that need a second thought: a confirm() before the form goes.
  document.querySelectorAll("button[data-confirm]").forEach(function (b) {
    b.addEventListener("click", function (e) {
      if (!window.confirm(b.getAttribute("data-confirm"))) e.preventDefault();
    });
  });
})();
