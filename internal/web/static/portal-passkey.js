// Passkeys in the patient portal: signing in with one the browser holds
// for the site, and making one for the signed-in account. The server
// keeps each ceremony's challenge; this script only carries the options
// to the browser's WebAuthn API and its answer back.
(function () {
  "use strict";
  var supported = window.PublicKeyCredential && PublicKeyCredential.parseCreationOptionsFromJSON &&
    PublicKeyCredential.parseRequestOptionsFromJSON;

  function post(url, body) {
    var init = { method: "POST", credentials: "same-origin", headers: {} };
    if (body) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) {
          throw new Error(data.error || "Something went wrong. Please try again, or call us.");
        }
        return data;
      });
    });
  }

  function say(el, err) {
    el.textContent = err && err.name === "NotAllowedError"
      ? "No passkey was used. You can try again, or use an emailed link."
      : (err && err.message) || String(err);
    el.hidden = false;
  }

  var box = document.getElementById("passkey-box");
  var signIn = document.getElementById("passkey-sign-in");
  if (box && signIn && supported) {
    box.hidden = false;
    signIn.addEventListener("click", function () {
      var out = document.getElementById("passkey-status");
      out.hidden = true;
      post("/portal/passkey/options").then(function (o) {
        return navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(o.publicKey) });
      }).then(function (cred) {
        return post("/portal/passkey/sign-in", cred.toJSON());
      }).then(function (done) {
        location.assign(done.to);
      }).catch(function (err) { say(out, err); });
    });
  }

  var add = document.getElementById("passkey-add");
  if (add) {
    if (!supported) {
      document.getElementById("passkey-unsupported").hidden = false;
      add.hidden = true;
      return;
    }
    add.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var out = document.getElementById("passkey-status");
      out.hidden = true;
      post("/portal/passkeys/options").then(function (o) {
        return navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(o.publicKey) });
      }).then(function (cred) {
        return post("/portal/passkeys", { name: document.getElementById("f-passkey-name").value, credential: cred.toJSON() });
      }).then(function (done) {
        location.assign(done.to);
      }).catch(function (err) { say(out, err); });
    });
  }
})();
