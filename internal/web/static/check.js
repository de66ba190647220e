// check.js: the forms' check on entry, and the first error in view.
//
//   <input data-check="KIND" [data-check-max="W"]>   on change, ask the server
//        (GET /check, the same validators the form is sent to) and show the
//        answer next to the field: a refusal, or what an amount was read as
//
// When a page comes back with errors (a 422), the first field with an error
// is focused and scrolled into view; without a field, the first error is.
(function () {
  "use strict";

  // slot returns the element that shows field's check, made on first use.
  function slot(field) {
    var next = field.nextElementSibling;
    if (next && next.classList.contains("check")) {
      return next;
    }
    var s = document.createElement("span");
    s.className = "check";
    s.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", s);
    return s;
  }

  function check(field) {
    var q = "kind=" + encodeURIComponent(field.getAttribute("data-check")) +
      "&v=" + encodeURIComponent(field.value);
    var max = field.getAttribute("data-check-max");
    if (max) {
      q += "&max=" + encodeURIComponent(max);
    }
    var seq = (field.__checkSeq || 0) + 1;
    field.__checkSeq = seq;
    fetch("/check?" + q, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (res) { return res.ok ? res.text() : ""; })
      .then(function (html) {
        if (field.__checkSeq !== seq) {
          return; // a later edit asked again
        }
        var s = slot(field);
        // the server's refusal from the last send is stale now
        var old = s.nextElementSibling;
        if (old && old.classList.contains("err") && !old.classList.contains("check")) {
          old.remove();
        }
        s.innerHTML = html; // the server escapes the message
        if (s.querySelector(".err")) {
          field.setAttribute("aria-invalid", "true");
        } else {
          field.removeAttribute("aria-invalid");
        }
      })
      .catch(function () {});
  }

  document.addEventListener("change", function (ev) {
    var f = ev.target;
    if (f && f.hasAttribute && f.hasAttribute("data-check")) {
      check(f);
    }
  });

  // fieldOf returns the input an error belongs to: the field it follows, or
  // the one in the same table cell or label.
  function fieldOf(err) {
    var sel = "input:not([type=hidden]), select, textarea";
    var prev = err.previousElementSibling;
    if (prev && prev.classList.contains("check")) {
      prev = prev.previousElementSibling;
    }
    if (prev && prev.matches(sel)) {
      return prev;
    }
    if (prev && prev.matches("label")) { // <label>… <input></label><span class="err">
      var inner = prev.querySelector(sel);
      if (inner) {
        return inner;
      }
    }
    var box = err.closest("td, label, .field");
    return box ? box.querySelector(sel) : null;
  }

  function firstError() {
    var errs = document.querySelectorAll("main .err");
    for (var i = 0; i < errs.length; i++) {
      var f = fieldOf(errs[i]);
      if (f) {
        f.setAttribute("aria-invalid", "true");
        f.focus({preventScroll: true});
        f.scrollIntoView({block: "center"});
        return;
      }
    }
    if (errs.length > 0) {
      errs[0].scrollIntoView({block: "center"});
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", firstError);
  } else {
    firstError();
  }
})();
