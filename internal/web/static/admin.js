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

  // The calendar's grid: the arrow keys move between the times and
  // appointments of the grid, a column or a row at a time, and the grid
  // opens at the line of now or at the first working hour.
  var sched = document.querySelector("table[data-sched]");
  if (sched) {
    var body = sched.tBodies[0], matrix = [], r, c, i, k;
    for (r = 0; r < body.rows.length; r++) matrix[r] = matrix[r] || [];
    for (r = 0; r < body.rows.length; r++) {
      c = 0;
      for (i = 1; i < body.rows[r].cells.length; i++) { // cells[0] is the time
        while (matrix[r][c]) c++;
        var cell = body.rows[r].cells[i];
        for (k = 0; k < cell.rowSpan && r + k < body.rows.length; k++) {
          matrix[r + k] = matrix[r + k] || [];
          matrix[r + k][c] = cell;
        }
        c++;
      }
    }
    var steps = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    sched.addEventListener("keydown", function (e) {
      var step = steps[e.key], td = e.target.closest && e.target.closest("td");
      if (!step || !td || e.altKey || e.ctrlKey || e.metaKey) return;
      var row = td.parentNode.sectionRowIndex, col = matrix[row].indexOf(td);
      if (step[0] > 0) row += td.rowSpan - 1;
      for (var y = row + step[0], x = col + step[1]; matrix[y] && x >= 0 && x < matrix[y].length; y += step[0], x += step[1]) {
        var at = matrix[y][x], link = at && at !== td && at.querySelector("a");
        if (link) {
          e.preventDefault();
          link.focus();
          return;
        }
      }
    });
    var wrap = sched.parentNode, mark = sched.querySelector("tbody th.now") || sched.querySelector("td.open");
    if (mark && wrap.scrollHeight > wrap.clientHeight) {
      wrap.scrollTop += mark.getBoundingClientRect().top - wrap.getBoundingClientRect().top - sched.tHead.getBoundingClientRect().height - 8;
    }
  }

  // The block form starts at the chosen clinician's first hour of the day
  // shown, at that hour's office.
  var blockFor = document.querySelector("select[data-block-provider]");
  if (blockFor) {
    blockFor.addEventListener("change", function () {
      var o = blockFor.options[blockFor.selectedIndex], start = document.getElementById("b-start"), loc = document.getElementById("b-location");
      if (o.dataset.start && start) start.value = o.dataset.start;
      if (o.dataset.location && loc) loc.value = o.dataset.location;
    });
  }

  // Buttons that need a second thought: a confirm() before the form goes.
  document.querySelectorAll("button[data-confirm]").forEach(function (b) {
    b.addEventListener("click", function (e) {
      if (!window.confirm(b.getAttribute("data-confirm"))) e.preventDefault();
    });
  });
})();
