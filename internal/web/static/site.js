// Progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Video FAQ: load the video player only when the visitor asks for it, so
  // that no third party is contacted just by opening the page.
  document.querySelectorAll(".video-frame[data-embed]").forEach(function (frame) {
    var src = frame.getAttribute("data-embed");
    if (!/^https:\/\/www\.youtube-nocookie\.com\/embed\/[\w-]+$/.test(src)) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "video-play";
    button.textContent = "Play video: " + frame.getAttribute("data-title");
    button.addEventListener("click", function () {
      var iframe = document.createElement("iframe");
      iframe.src = src + "?autoplay=1";
      iframe.title = frame.getAttribute("data-title");
      iframe.allow = "autoplay; encrypted-media; picture-in-picture";
      iframe.allowFullscreen = true;
      frame.replaceChildren(iframe);
      iframe.focus();
    });
    frame.replaceChildren(button);
  });

  // A form sent back with mistakes: bring its summary into view and read it
  // out, as the page otherwise opens at the top, far from the fields.
  var problem = document.querySelector(".alert[role=alert]");
  if (problem && document.querySelector("[aria-invalid=true]")) {
    problem.tabIndex = -1;
    problem.focus();
  }

  // The menu is a <details> element so that it works without script. On
  // wide screens it is simply open; on narrow ones it drops down over the
  // page, and Escape or a click elsewhere closes it again.
  var menu = document.querySelector(".menu");
  if (menu && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 64em)");
    var sync = function () { menu.open = wide.matches; };
    sync();
    wide.addEventListener("change", sync);
    var close = function () {
      if (menu.open && !wide.matches) {
        menu.open = false;
        return true;
      }
      return false;
    };
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && close()) {
        menu.querySelector("summary").focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!menu.contains(event.target)) {
        close();
      }
    });
  }
})();
