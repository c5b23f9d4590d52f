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

  // Booking: the clinician list shows only those at the chosen office, the
  // open times show one day at a time as tabs, and the week links load the
  // next week in place. Without script the same page works as plain links.
  var choice = document.querySelector("form.booking-choice");
  if (choice) {
    var office = choice.querySelector("#f-location");
    var doctor = choice.querySelector("#f-doctor");
    var filter = function () {
      Array.prototype.forEach.call(doctor.options, function (o) {
        var at = o.getAttribute("data-locations");
        o.hidden = !!(office.value && at && at.split(" ").indexOf(office.value) < 0);
        if (o.hidden && o.selected) { doctor.value = ""; }
      });
    };
    office.addEventListener("change", filter);
    filter();
  }
  var tabDays = function (slots) {
    var days = slots.querySelectorAll(".slot-day");
    if (days.length < 2) { return; }
    var tabs = document.createElement("div");
    tabs.className = "slot-tabs";
    tabs.setAttribute("role", "tablist");
    tabs.setAttribute("aria-label", "Days");
    var show = function (i) {
      days.forEach(function (d, j) { d.hidden = i !== j; });
      tabs.querySelectorAll("button").forEach(function (b, j) { b.setAttribute("aria-selected", String(i === j)); b.tabIndex = i === j ? 0 : -1; });
    };
    days.forEach(function (d, i) {
      var b = document.createElement("button");
      b.type = "button";
      b.id = "slot-tab-" + i;
      b.setAttribute("role", "tab");
      b.setAttribute("aria-controls", "slot-day-" + i);
      d.id = "slot-day-" + i;
      d.setAttribute("role", "tabpanel");
      d.setAttribute("aria-labelledby", b.id);
      b.textContent = d.querySelector("h3 .day").textContent;
      b.addEventListener("click", function () { show(i); });
      b.addEventListener("keydown", function (e) {
        var n = e.key === "ArrowRight" ? i + 1 : e.key === "ArrowLeft" ? i - 1 : -1;
        if (n >= 0 && n < days.length) { show(n); tabs.children[n].focus(); e.preventDefault(); }
      });
      tabs.appendChild(b);
    });
    days[0].parentNode.insertBefore(tabs, days[0]);
    show(0);
  };
  var slots = document.querySelector("[data-slots]");
  if (slots && window.fetch && window.DOMParser) {
    tabDays(slots);
    slots.addEventListener("click", function (e) {
      var a = e.target.closest(".pager a");
      if (!a) { return; }
      e.preventDefault();
      fetch(a.href, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html").querySelector("[data-slots]");
        if (!next) { window.location = a.href; return; }
        slots.replaceChildren.apply(slots, Array.prototype.slice.call(next.childNodes));
        history.replaceState(null, "", a.href);
        tabDays(slots);
        var h = slots.querySelector("h2");
        h.tabIndex = -1;
        h.focus();
      }).catch(function () { window.location = a.href; });
    });
    slots.querySelector("h2").tabIndex = -1;
  }
})();
