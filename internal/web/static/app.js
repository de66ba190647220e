// jixiao — confirmation before consequential actions and a warning before
// unsaved edits are lost. Plain script, no build step, no inline code (the
// Content-Security-Policy allows scripts from /static only).
//
//   <form data-confirm="…">               ask before the form is sent
//   <button data-confirm="…">              ask before this button sends its form
//   <button data-confirm-count="SELECTOR"  ask only when SELECTOR (inside the
//           data-confirm="… {n} …">        form) matches; {n} is the count
//   <form data-unsaved>                    warn before leaving with unsaved edits;
//                                          every other form that sends (POST)
//                                          warns too, unless data-unsaved="off"
//
// The message is written by the server in the page's language and names
// what will happen and to how many people or records. Cancel leaves the page
// as it was: nothing is sent. The dialog's labels come from <body data-…>.
(function () {
  "use strict";

  function label(key, fallback) {
    return (document.body && document.body.dataset[key]) || fallback;
  }

  var dialog = null;
  var pending = null;

  function build() {
    dialog = document.createElement("dialog");
    dialog.id = "confirm-dialog";
    dialog.className = "confirm";
    var title = document.createElement("h2");
    title.textContent = label("confirmTitle", "请确认");
    var msg = document.createElement("p");
    msg.id = "confirm-message";
    var row = document.createElement("div");
    row.className = "actions";
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.id = "confirm-cancel";
    cancel.className = "secondary";
    cancel.textContent = label("confirmCancel", "取消");
    var ok = document.createElement("button");
    ok.type = "button";
    ok.id = "confirm-ok";
    ok.textContent = label("confirmOk", "确定");
    cancel.addEventListener("click", function () {
      pending = null;
      dialog.close("cancel");
    });
    ok.addEventListener("click", function () {
      var go = pending;
      pending = null;
      dialog.close("ok");
      if (go) {
        go();
      }
    });
    dialog.addEventListener("cancel", function () { // Esc
      pending = null;
    });
    row.appendChild(cancel);
    row.appendChild(ok);
    dialog.appendChild(title);
    dialog.appendChild(msg);
    dialog.appendChild(row);
    document.body.appendChild(dialog);
  }

  function ask(message, go) {
    if (!dialog) {
      build();
    }
    dialog.querySelector("#confirm-message").textContent = message;
    pending = go;
    dialog.showModal();
    dialog.querySelector("#confirm-cancel").focus(); // the safe choice is the default
  }

  // messageFor returns the confirmation text for sending form with button
  // btn, or "" when no confirmation is needed.
  function messageFor(form, btn) {
    var el = btn && btn.hasAttribute("data-confirm") ? btn : form;
    var msg = el.getAttribute("data-confirm");
    if (!msg) {
      return "";
    }
    var sel = el.getAttribute("data-confirm-count");
    if (sel) {
      // the form's controls, those outside it by form="…" included
      var n = Array.prototype.filter.call(form.elements, function (el) {
        return el.matches(sel);
      }).length;
      if (n === 0) {
        return "";
      }
      msg = msg.split("{n}").join(String(n));
    }
    return msg;
  }

  var dirty = [];

  function markDirty(form) {
    if (dirty.indexOf(form) < 0) {
      dirty.push(form);
      form.classList.add("dirty");
    }
  }

  function clean(form) {
    var i = dirty.indexOf(form);
    if (i >= 0) {
      dirty.splice(i, 1);
    }
    form.classList.remove("dirty");
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var btn = ev.submitter;
    if (form.__confirmed) {
      form.__confirmed = false;
      clean(form);
      return;
    }
    var msg = messageFor(form, btn);
    if (!msg) {
      clean(form);
      return;
    }
    ev.preventDefault();
    ev.stopImmediatePropagation();
    ask(msg, function () {
      form.__confirmed = true;
      if (btn && btn.form === form) {
        form.requestSubmit(btn);
      } else {
        form.requestSubmit();
      }
    });
  }, true);

  // guarded reports whether leaving form with edits must warn: a form
  // marked data-unsaved, and every form that sends something (POST) — a
  // reason typed for a write-off, a town's reply, a comment — unless marked
  // data-unsaved="off".
  function guarded(form) {
    if (form.hasAttribute("data-unsaved")) {
      return form.getAttribute("data-unsaved") !== "off";
    }
    return (form.getAttribute("method") || "").toLowerCase() === "post";
  }

  function onEdit(ev) {
    var form = ev.target && ev.target.form;
    if (form && guarded(form)) {
      markDirty(form);
    }
  }
  document.addEventListener("input", onEdit);
  document.addEventListener("change", onEdit);

  window.addEventListener("beforeunload", function (ev) {
    if (dirty.length > 0) {
      ev.preventDefault();
      ev.returnValue = "";
    }
  });
})();

// <button data-print>: print the page (the list print views, list_print.go).
document.addEventListener("click", function (e) {
  if (e.target.closest && e.target.closest("[data-print]")) {
    window.print();
  }
});

// <input type="checkbox" data-check-all="SELECTOR">: ticks or clears every
// SELECTOR box on the page (a town's bulk reply, audit_suspects.html).
document.addEventListener("change", function (e) {
  var sel = e.target.getAttribute && e.target.getAttribute("data-check-all");
  if (sel) {
    document.querySelectorAll(sel).forEach(function (box) {
      box.checked = e.target.checked;
    });
  }
});
