// The MRI viewer: a stack of frames drawn by the server through the
// window asked for (internal/dicom renders them; the browser shows PNGs).
// Wheel, arrow keys and a slider move through a series; the whole series
// is fetched ahead, nearest frames first. A drag with the right button or
// Shift previews a new window with a CSS filter at once and asks the
// server for the exact one when the drag ends. Ctrl and the wheel zoom,
// a drag pans, M measures a length in millimetres from the pixel
// spacing. Labels on the edges come from the image's orientation.
(function () {
  "use strict";
  var root = document.getElementById("viewer");
  if (!root) return;
  var base = root.dataset.base;
  var stage = document.getElementById("viewer-stage"), canvas = document.getElementById("viewer-canvas");
  var img = document.createElement("img"), svg = document.getElementById("viewer-overlay");
  img.id = "viewer-image";
  img.alt = "";
  canvas.insertBefore(img, svg);
  var slider = document.getElementById("viewer-slider"), info = document.getElementById("viewer-info");
  var presetBox = document.getElementById("viewer-preset"), winText = document.getElementById("viewer-window");
  var measureBtn = document.getElementById("viewer-measure");
  var slices = [], at = 0, urls = new Map(), loading = new Map(), generation = 0;
  var win = {preset: "file"};              // or {wc, ww}
  var view = {scale: 1, x: 0, y: 0};
  var measuring = false, line = null;
  var stats = {shown: 0, loaded: 0};
  window.clinicViewer = {stats: stats, step: function (d) { go(at + d); }, count: function () { return slices.length; }};

  function query() {
    return win.preset ? "?preset=" + encodeURIComponent(win.preset) : "?wc=" + win.wc.toFixed(1) + "&ww=" + win.ww.toFixed(1);
  }
  function src(i) { var s = slices[i]; return base + "/images/" + s.instance + "/" + s.frame + query(); }

  // load fetches one frame as a blob URL, once per window.
  function load(i) {
    var key = src(i);
    if (urls.has(key)) return Promise.resolve(urls.get(key));
    if (loading.has(key)) return loading.get(key);
    var p = fetch(key, {credentials: "same-origin"}).then(function (r) {
      if (!r.ok) throw new Error("status " + r.status);
      return r.blob();
    }).then(function (b) {
      var u = URL.createObjectURL(b);
      urls.set(key, u);
      loading.delete(key);
      stats.loaded++;
      return u;
    }, function (e) { loading.delete(key); throw e; });
    loading.set(key, p);
    return p;
  }

  // prefetch loads the series outward from the frame shown, four at once.
  function prefetch() {
    var gen = generation, order = [];
    for (var d = 1; d < slices.length; d++) {
      if (at + d < slices.length) order.push(at + d);
      if (at - d >= 0) order.push(at - d);
    }
    var next = 0;
    function more() {
      if (gen !== generation || next >= order.length) return;
      load(order[next++]).then(more, more);
    }
    for (var k = 0; k < 4; k++) more();
  }

  function go(i) {
    if (!slices.length) return;
    at = Math.max(0, Math.min(slices.length - 1, i));
    slider.value = at;
    var s = slices[at], want = src(at);
    info.textContent = "Image " + (at + 1) + " of " + slices.length + (s.noPreview ? ": " + s.noPreview : "");
    labels(s.orientation);
    load(at).then(function (u) {
      if (src(at) !== want) return;
      img.src = u;
      stats.shown++;
    }, function () { info.textContent += " (this image cannot be shown)"; });
  }

  function openSeries(id) {
    fetch(base + "/series/" + id, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (list) {
      slices = list;
      generation++;
      clearLine();
      slider.max = Math.max(0, slices.length - 1);
      if (!slices.length) { info.textContent = "This series holds no images to show."; return; }
      var s = slices[0];
      svg.setAttribute("viewBox", "0 0 " + s.columns + " " + s.rows);
      fit(s);
      go(Math.floor(slices.length / 2));
      prefetch();
      stage.focus();
    });
  }

  // fit sizes the canvas to the stage with the image's proportions.
  function fit(s) {
    var w = stage.clientWidth, h = stage.clientHeight || w;
    var k = Math.min(w / s.columns, h / s.rows);
    canvas.style.width = Math.round(s.columns * k) + "px";
    canvas.style.height = Math.round(s.rows * k) + "px";
    view = {scale: 1, x: 0, y: 0};
    place();
  }
  function place() { canvas.style.transform = "translate(" + view.x + "px," + view.y + "px) scale(" + view.scale + ")"; }

  // letters names a direction in the patient's coordinates (DICOM LPS).
  function letters(v) {
    var names = [["R", "L"], ["A", "P"], ["F", "H"]], out = "";
    [0, 1, 2].sort(function (a, b) { return Math.abs(v[b]) - Math.abs(v[a]); }).forEach(function (k) {
      if (Math.abs(v[k]) > 0.25) out += names[k][v[k] > 0 ? 1 : 0];
    });
    return out;
  }
  function labels(o) {
    var ids = ["lab-right", "lab-left", "lab-bottom", "lab-top"], text = ["", "", "", ""];
    if (o && o.length === 6) {
      var row = o.slice(0, 3), col = o.slice(3, 6);
      text = [letters(row), letters(row.map(function (x) { return -x; })), letters(col), letters(col.map(function (x) { return -x; }))];
    }
    ids.forEach(function (id, k) { document.getElementById(id).textContent = text[k]; });
  }

  // setWindow asks for frames through w; the frames in hand are dropped.
  function setWindow(w) {
    win = w;
    urls.forEach(function (u) { URL.revokeObjectURL(u); });
    urls.clear();
    generation++;
    img.style.filter = "";
    winText.textContent = w.preset ? "" : "centre " + Math.round(w.wc) + ", width " + Math.round(w.ww);
    go(at);
    prefetch();
  }
  presetBox.addEventListener("change", function () { setWindow({preset: presetBox.value}); });

  // current is the window in numbers, for a drag to start from.
  function current() {
    if (!win.preset) return {wc: win.wc, ww: win.ww};
    var s = slices[at] || {};
    if (win.preset === "soft-tissue") return {wc: 40, ww: 400};
    if (win.preset === "bone") return {wc: 400, ww: 1800};
    if (s.ww) return {wc: s.wc, ww: s.ww};
    return {wc: 1024, ww: 2048};
  }

  stage.addEventListener("wheel", function (e) {
    e.preventDefault();
    if (e.ctrlKey) {
      view.scale = Math.max(0.25, Math.min(16, view.scale * (e.deltaY < 0 ? 1.15 : 1 / 1.15)));
      place();
      return;
    }
    go(at + (e.deltaY > 0 ? 1 : -1));
  }, {passive: false});
  stage.addEventListener("keydown", function (e) {
    var d = {ArrowDown: 1, ArrowRight: 1, PageDown: 10, ArrowUp: -1, ArrowLeft: -1, PageUp: -10}[e.key];
    if (d) { e.preventDefault(); go(at + d); }
    if (e.key === "m" || e.key === "M") toggleMeasure();
    if (e.key === "+") { view.scale *= 1.25; place(); }
    if (e.key === "-") { view.scale /= 1.25; place(); }
  });
  slider.addEventListener("input", function () { go(parseInt(slider.value, 10)); });
  stage.addEventListener("contextmenu", function (e) { e.preventDefault(); });

  // Drags: the window (right button or Shift), a measurement, or panning.
  stage.addEventListener("pointerdown", function (e) {
    if (!slices.length) return;
    stage.setPointerCapture(e.pointerId);
    var x0 = e.clientX, y0 = e.clientY, start = current(), pan = {x: view.x, y: view.y}, p0 = point(e);
    var mode = e.button === 2 || e.shiftKey ? "window" : measuring ? "measure" : "pan";
    var next = start;
    function move(ev) {
      var dx = ev.clientX - x0, dy = ev.clientY - y0;
      if (mode === "window") {
        next = {wc: start.wc + dy * start.ww / 256, ww: Math.max(1, start.ww * Math.exp(dx / 200))};
        var contrast = start.ww / next.ww, shift = (start.wc - next.wc) / start.ww;
        img.style.filter = "contrast(" + contrast.toFixed(3) + ") brightness(" + (1 + shift).toFixed(3) + ")";
        winText.textContent = "centre " + Math.round(next.wc) + ", width " + Math.round(next.ww);
      } else if (mode === "measure") {
        drawLine(p0, point(ev));
      } else {
        view.x = pan.x + dx; view.y = pan.y + dy; place();
      }
    }
    function up() {
      stage.removeEventListener("pointermove", move);
      stage.removeEventListener("pointerup", up);
      if (mode === "window" && next !== start) { presetBox.value = ""; setWindow({wc: next.wc, ww: next.ww}); }
    }
    stage.addEventListener("pointermove", move);
    stage.addEventListener("pointerup", up);
  });

  // point is where a pointer is, in the image's pixels.
  function point(e) {
    var p = svg.createSVGPoint();
    p.x = e.clientX; p.y = e.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  function toggleMeasure() {
    measuring = !measuring;
    measureBtn.setAttribute("aria-pressed", String(measuring));
    stage.classList.toggle("measuring", measuring);
  }
  measureBtn.addEventListener("click", toggleMeasure);
  document.getElementById("viewer-reset").addEventListener("click", function () {
    if (slices.length) fit(slices[at]);
    clearLine();
  });
  function clearLine() { while (svg.firstChild) svg.removeChild(svg.firstChild); line = null; }

  // drawLine draws a measurement and its length: columns times the column
  // spacing, rows times the row spacing.
  function drawLine(a, b) {
    clearLine();
    var ns = "http://www.w3.org/2000/svg", s = slices[at];
    line = document.createElementNS(ns, "line");
    [["x1", a.x], ["y1", a.y], ["x2", b.x], ["y2", b.y]].forEach(function (kv) { line.setAttribute(kv[0], kv[1]); });
    line.setAttribute("class", "viewer-line");
    svg.appendChild(line);
    var label = document.createElementNS(ns, "text");
    label.setAttribute("x", b.x + 3); label.setAttribute("y", b.y - 3);
    label.setAttribute("class", "viewer-length");
    var sp = s.spacing && s.spacing.length === 2 ? s.spacing : null;
    var dx = b.x - a.x, dy = b.y - a.y;
    label.textContent = sp ? Math.hypot(dx * sp[1], dy * sp[0]).toFixed(1) + " mm" : Math.hypot(dx, dy).toFixed(0) + " pixels (no spacing in the file)";
    svg.appendChild(label);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".viewer-pick"), function (b) {
    b.addEventListener("click", function () {
      Array.prototype.forEach.call(document.querySelectorAll(".viewer-pick"), function (x) { x.removeAttribute("aria-current"); });
      b.setAttribute("aria-current", "true");
      openSeries(b.dataset.series);
    });
  });
  var first = document.querySelector(".viewer-pick");
  if (first) first.click();
})();
