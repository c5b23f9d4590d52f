// The MRI review's uploader: resumable uploads over tus 1.0 to
// /mri-review/files, with a folder picker, drag and drop of folders, ZIPs
// and files, per-file and overall progress with speed and time left,
// pause and resume. Each file's upload address is remembered in
// localStorage under a fingerprint of the file, so that after a dropped
// connection, a reload or a closed laptop a HEAD request finds the offset
// the server holds and the upload goes on from there.
(function () {
  "use strict";
  var root = document.getElementById("mri-upload");
  if (!root || !window.fetch || !window.XMLHttpRequest) return;
  var endpoint = root.dataset.endpoint;
  var pickers = root.querySelector(".mri-pickers");
  pickers.hidden = false;
  var list = document.getElementById("mri-list");
  var bar = document.getElementById("mri-progress");
  var status = document.getElementById("mri-status");
  var pause = document.getElementById("mri-pause");
  var MIN_CHUNK = 256 << 10, MAX_CHUNK = 16 << 20, TARGET_SECONDS = 8, PARALLEL = 3;

  var files = [];        // every file chosen: {file, path, sent, done, failed, row, xhr}
  var paused = false;
  var running = 0;
  var samples = [];      // [time, total bytes sent] for the speed

  function b64(s) {
    var bytes = new TextEncoder().encode(s), bin = "";
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin);
  }

  function mb(n) { return (n / 1e6).toFixed(n < 1e7 ? 1 : 0) + " MB"; }

  function fingerprint(f) {
    var text = "mri-upload:" + f.path + ":" + f.file.size + ":" + f.file.lastModified;
    if (!window.crypto || !crypto.subtle) return Promise.resolve(text);
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (h) {
      return "mri-upload:" + Array.prototype.map.call(new Uint8Array(h), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
    });
  }

  function add(file, path) {
    var f = {file: file, path: path || file.webkitRelativePath || file.name, sent: 0, done: false, failed: false, chunk: 2 << 20};
    f.row = document.createElement("li");
    f.row.innerHTML = '<span class="mri-name"></span> <progress max="100" value="0"></progress> <span class="mri-state meta"></span>';
    f.row.querySelector(".mri-name").textContent = f.path;
    list.appendChild(f.row);
    files.push(f);
  }

  function show(f, text) {
    f.row.querySelector("progress").value = f.file.size ? Math.floor(100 * f.sent / f.file.size) : 100;
    f.row.querySelector(".mri-state").textContent = text;
  }

  function headers(extra) {
    var h = {"Tus-Resumable": "1.0.0"};
    for (var k in extra) h[k] = extra[k];
    return h;
  }

  // offsetOf asks the server how much of an upload it holds, or -1 when it
  // knows no such upload (then it is created anew).
  function offsetOf(url) {
    return fetch(url, {method: "HEAD", headers: headers({}), credentials: "same-origin", cache: "no-store"}).then(function (r) {
      if (r.status === 404 || r.status === 410) return -1;
      if (!r.ok) throw new Error("status " + r.status);
      return parseInt(r.headers.get("Upload-Offset"), 10);
    });
  }

  function create(f, key) {
    var meta = "filename " + b64(f.file.name) + ",relativePath " + b64(f.path) + ",filetype " + b64(f.file.type || "");
    return fetch(endpoint, {method: "POST", credentials: "same-origin",
      headers: headers({"Upload-Length": String(f.file.size), "Upload-Metadata": meta})}).then(function (r) {
      if (r.status !== 201) return r.text().then(function (t) { throw fatal(t || "status " + r.status); });
      // The path only: the upload stays on this page's origin whatever
      // address the server names (behind a proxy, say).
      f.url = new URL(r.headers.get("Location"), location.href).pathname;
      localStorage.setItem(key, f.url);
      return 0;
    });
  }

  function fatal(message) { var e = new Error(message); e.fatal = true; return e; }

  function start(f) {
    return fingerprint(f).then(function (key) {
      f.key = key;
      if (localStorage.getItem(key) === "done") return f.file.size; // sent before this page was loaded
      f.url = f.url || localStorage.getItem(key);
      var at = f.url ? offsetOf(f.url) : Promise.resolve(-1);
      return at.then(function (off) { return off >= 0 ? off : create(f, key); });
    }).then(function (off) {
      f.sent = off;
      return send(f);
    });
  }

  // send PATCHes chunk after chunk, each sized to take about
  // TARGET_SECONDS at the speed the last one went.
  function send(f) {
    if (f.sent >= f.file.size) return finish(f);
    if (paused) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var end = Math.min(f.file.size, f.sent + f.chunk), began = Date.now(), base = f.sent;
      var xhr = f.xhr = new XMLHttpRequest();
      xhr.open("PATCH", f.url);
      var h = headers({"Upload-Offset": String(f.sent), "Content-Type": "application/offset+octet-stream"});
      for (var k in h) xhr.setRequestHeader(k, h[k]);
      xhr.upload.onprogress = function (e) { f.sent = base + e.loaded; show(f, mb(f.sent) + " of " + mb(f.file.size)); overall(); };
      xhr.onload = function () {
        f.xhr = null;
        if (xhr.status === 204) {
          f.sent = parseInt(xhr.getResponseHeader("Upload-Offset"), 10);
          var secs = Math.max((Date.now() - began) / 1000, 0.05);
          f.chunk = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.round((end - base) / secs * TARGET_SECONDS)));
          resolve(send(f));
        } else if (xhr.status >= 400 && xhr.status < 500 && xhr.status !== 409 && xhr.status !== 423) {
          reject(fatal(xhr.responseText || "status " + xhr.status));
        } else {
          reject(new Error("status " + xhr.status));
        }
      };
      xhr.onerror = function () { f.xhr = null; reject(new Error("network")); };
      xhr.onabort = function () { f.xhr = null; f.sent = base; resolve(); };
      xhr.send(f.file.slice(f.sent, end));
    });
  }

  function finish(f) {
    f.done = true;
    localStorage.setItem(f.key, "done");
    show(f, "sent");
    return Promise.resolve();
  }

  // run keeps PARALLEL uploads going; a failed one waits and tries again,
  // asking the server for its offset first.
  function run() {
    while (!paused && running < PARALLEL) {
      var f = files.find(function (x) { return !x.done && !x.failed && !x.active; });
      if (!f) break;
      f.active = true;
      running++;
      (function (f) {
        start(f).then(function () { next(f); }, function (err) {
          if (err.fatal) {
            f.failed = true;
            show(f, "not sent: " + err.message);
            return next(f);
          }
          f.tries = (f.tries || 0) + 1;
          show(f, "connection lost; trying again");
          setTimeout(function () { next(f); }, Math.min(30000, 1000 * Math.pow(2, f.tries)));
        });
      })(f);
    }
    overall();
  }

  function next(f) { f.active = false; running--; run(); }

  function overall() {
    var total = 0, sent = 0, left = 0, failed = 0;
    files.forEach(function (f) {
      total += f.file.size;
      sent += f.done ? f.file.size : f.sent;
      if (f.failed) failed++;
      else if (!f.done) left++;
    });
    var now = Date.now();
    samples.push([now, sent]);
    while (samples.length > 2 && now - samples[0][0] > 10000) samples.shift();
    var dt = (now - samples[0][0]) / 1000, speed = dt > 0.5 ? (sent - samples[0][1]) / dt : 0;
    bar.value = total ? Math.floor(100 * sent / total) : 0;
    bar.textContent = bar.value + "%";
    var text = mb(sent) + " of " + mb(total) + " sent";
    if (speed > 0 && left) text += ", " + mb(speed) + "/s, about " + eta((total - sent) / speed) + " left";
    if (paused) text += " (paused)";
    if (!left && files.length && failed) {
      text = (files.length - failed) + " of " + files.length + " files are sent; the others say below why not.";
    } else if (!left && files.length) {
      text = (files.length === 1 ? "The file is sent." : "All " + files.length + " files are sent.") + " Check what we read next.";
    }
    status.textContent = text;
    pause.disabled = !left;
  }

  function eta(s) {
    if (s < 60) return Math.ceil(s) + " seconds";
    if (s < 3600) return Math.ceil(s / 60) + " minutes";
    return (s / 3600).toFixed(1) + " hours";
  }

  function choose(items) {
    items.forEach(function (it) { add(it.file, it.path); });
    run();
  }

  // entries reads a dropped folder, batch after batch, into files with
  // their paths.
  function entries(entry, path, out) {
    if (entry.isFile) {
      return new Promise(function (resolve) {
        entry.file(function (file) { out.push({file: file, path: path + file.name}); resolve(); }, function () { resolve(); });
      });
    }
    var reader = entry.createReader();
    return new Promise(function (resolve) {
      var all = [];
      (function more() {
        reader.readEntries(function (batch) {
          if (!batch.length) {
            Promise.all(all.map(function (e) { return entries(e, path + entry.name + "/", out); })).then(resolve);
            return;
          }
          all = all.concat(Array.prototype.slice.call(batch));
          more();
        }, function () { resolve(); });
      })();
    });
  }

  function pick(input) {
    input.addEventListener("change", function () {
      choose(Array.prototype.map.call(input.files, function (f) { return {file: f, path: f.webkitRelativePath || f.name}; }));
      input.value = "";
    });
  }
  var folder = document.getElementById("mri-folder");
  folder.setAttribute("webkitdirectory", ""); // a folder picker, where the browser has one
  if (!("webkitdirectory" in folder)) document.querySelector('label[for="mri-folder"]').hidden = true;
  pick(folder);
  pick(document.getElementById("mri-files"));

  var drop = document.getElementById("mri-drop");
  ["dragenter", "dragover"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
  drop.addEventListener("drop", function (e) {
    e.preventDefault();
    drop.classList.remove("over");
    var out = [], items = e.dataTransfer.items, waits = [];
    for (var i = 0; items && i < items.length; i++) {
      var entry = items[i].webkitGetAsEntry && items[i].webkitGetAsEntry();
      if (entry) waits.push(entries(entry, "", out));
    }
    if (!waits.length) {
      Array.prototype.forEach.call(e.dataTransfer.files, function (f) { out.push({file: f, path: f.name}); });
    }
    Promise.all(waits).then(function () { choose(out); });
  });

  pause.addEventListener("click", function () {
    paused = !paused;
    pause.textContent = paused ? "Resume" : "Pause";
    if (paused) files.forEach(function (f) { if (f.xhr) f.xhr.abort(); });
    else run();
    overall();
  });
  window.addEventListener("online", function () {
    files.forEach(function (f) { f.tries = 0; });
    run();
  });
})();
