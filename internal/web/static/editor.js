// The post editor's enhancements: autosave and the image picker. The form
// works without them ("Save draft" or "Save changes for later" by hand,
// and the picker's Markdown copied into the text).
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  if (!form) return;
  var status = document.getElementById("autosave-status");
  var body = document.getElementById("f-body");

  // The editor's work as it would be sent, less the button and the base
  // it started from: what autosave compares with what it last saved.
  var snapshot = function () {
    var data = new FormData(form);
    data.delete("action");
    data.delete("base");
    return new URLSearchParams(data).toString();
  };
  var withBase = function (text) {
    var p = new URLSearchParams(text);
    p.set("base", form.elements.base.value);
    return p;
  };

  var saved = snapshot();
  var timer = null, busy = false, submitting = false;
  var delay = 3000; // at most one save every three seconds while typing

  var say = function (text) { if (status) status.textContent = text; };

  // answer applies autosave's reply: a new post, once saved as a draft,
  // gets its own address, and the form and this page follow it.
  var answer = function (reply) {
    if (reply.edit) {
      form.setAttribute("action", reply.edit);
      form.setAttribute("data-autosave", reply.autosave);
      form.elements.base.value = reply.base;
      history.replaceState(null, "", reply.edit);
    }
  };

  var save = function () {
    timer = null;
    var now = snapshot();
    if (submitting || now === saved) return;
    if (busy) { schedule(); return; }
    busy = true;
    say("Saving…");
    fetch(form.getAttribute("data-autosave"), {
      method: "POST", body: withBase(now), credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (r) {
      return r.json().then(function (reply) { return { ok: r.ok, reply: reply }; },
        function () { return { ok: false, reply: { message: "Not saved (the server answered " + r.status + "). We will try again." } }; });
    }).then(function (res) {
      if (res.ok) {
        saved = now;
        answer(res.reply);
      }
      say(res.reply.message);
    }).catch(function () {
      say("Not saved: the server cannot be reached. We will try again as you type.");
    }).then(function () {
      busy = false;
      if (holding) {
        holding = false;
        form.requestSubmit(held);
      }
    });
  };

  var schedule = function () {
    if (timer === null) timer = setTimeout(save, delay);
  };

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  // A button pressed while a new post's first autosave is on its way
  // waits for it, so that the form goes to the draft it makes rather than
  // making a second post at the same address.
  var holding = false, held = null;
  form.addEventListener("submit", function (e) {
    clearTimeout(timer);
    timer = null;
    if (busy && form.getAttribute("action") === "/admin/posts/new") {
      e.preventDefault();
      holding = true;
      held = e.submitter || null;
      return;
    }
    submitting = true;
  });

  // A tab closed or hidden before the next save sends what is unsaved.
  // Browsers send at most 64 KB this way: in a longer text, what was
  // typed since the last autosave, a few seconds' work, can be lost.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "hidden" || submitting) return;
    var now = snapshot();
    if (now !== saved && navigator.sendBeacon) {
      var sent = navigator.sendBeacon(form.getAttribute("data-autosave"), withBase(now));
      if (sent) saved = now;
    }
  });

  // The picker: each image's button puts its Markdown, with its
  // description, where the cursor is in the text, on a paragraph of its own.
  document.querySelectorAll("button[data-insert]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () {
      var md = b.getAttribute("data-insert");
      var start = body.selectionStart, end = body.selectionEnd, text = body.value;
      var before = text.slice(0, start), after = text.slice(end);
      var lead = before === "" || /\n\n$/.test(before) ? "" : (/\n$/.test(before) ? "\n" : "\n\n");
      var trail = after === "" || /^\n\n/.test(after) ? "" : (/^\n/.test(after) ? "\n" : "\n\n");
      body.value = before + lead + md + trail + after;
      var at = before.length + lead.length + md.length;
      body.focus();
      body.setSelectionRange(at, at);
      body.dispatchEvent(new Event("input", { bubbles: true }));
      say("Inserted the image “" + md.slice(2, md.indexOf("](")) + "”.");
    });
  });
})();
