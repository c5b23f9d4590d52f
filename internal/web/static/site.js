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

  // The menu is a <details> element so that it works without script; on
  // wide screens it should simply be open.
  var menu = document.querySelector(".menu");
  if (menu && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 60em)");
    var sync = function () { if (wide.matches) { menu.open = true; } };
    sync();
    wide.addEventListener("change", sync);
  }
})();
