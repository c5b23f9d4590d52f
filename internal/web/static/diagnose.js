// "Diagnose my pain": every screen works without this file. With it, the
// question's heading takes the focus after each step, so that a screen
// reader reads the new question, and the body outline can be used.
(function () {
  "use strict";

  var heading = document.querySelector("[data-focus]");
  if (heading) {
    heading.focus();
  }

  var outline = document.querySelector("[data-outline]");
  var list = document.querySelector("[data-outline-list]");
  if (!outline || !list) {
    return;
  }
  function box(value) {
    return list.querySelector("input[value='" + value + "']");
  }
  function sync() {
    outline.querySelectorAll(".region").forEach(function (region) {
      var input = box(region.getAttribute("data-value"));
      region.setAttribute("aria-checked", input && input.checked ? "true" : "false");
    });
  }
  function toggle(region) {
    var input = box(region.getAttribute("data-value"));
    if (input) {
      input.checked = !input.checked;
      sync();
    }
  }
  outline.querySelectorAll(".region").forEach(function (region) {
    region.addEventListener("click", function () { toggle(region); });
    region.addEventListener("keydown", function (e) {
      if (e.key === " " || e.key === "Enter") {
        e.preventDefault();
        toggle(region);
      }
    });
  });
  list.addEventListener("change", sync);
  outline.hidden = false;
  sync();
})();
