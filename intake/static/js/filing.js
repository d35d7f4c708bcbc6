/* The guided form, enhanced: steps, repeatable rows, category-dependent fields, autosave with
   a visible state, conflict and session-expiry detection, and a local copy of unsaved work.
   Without this script the form still works: it posts the whole form and the server re-renders. */
(function () {
  "use strict";
  var form = document.querySelector("[data-filing-form]");
  if (!form) { return; }
  var statusBox = document.querySelector("[data-autosave-status]");
  var panel = document.querySelector("[data-result-panel]");
  var revisionInput = form.querySelector("[data-revision]");
  var storageKey = "intake-draft-" + form.dataset.reportId;
  var timer = null, inFlight = false, pending = false, stopped = false;

  function setStatus(text, state) {
    statusBox.textContent = text;
    statusBox.className = "autosave-status" + (state ? " autosave-" + state : "");
  }

  function keepLocally() {
    try {
      var entries = [];
      new FormData(form).forEach(function (value, key) { if (key !== "csrf_token") { entries.push([key, value]); } });
      localStorage.setItem(storageKey, JSON.stringify({revision: revisionInput.value, entries: entries, at: Date.now()}));
    } catch (e) { /* private mode or full storage: the server copy is all we have */ }
  }

  function forgetLocal() { try { localStorage.removeItem(storageKey); } catch (e) {} }

  /* Category-dependent fields: show only those that apply to the row's category. */
  function own(row, selector) {
    return Array.prototype.filter.call(row.querySelectorAll(selector), function (node) {
      return node.closest("[data-row]") === row;
    });
  }

  function applyVariants(row) {
    var selector = own(row, "[data-discriminator] select")[0];
    if (!selector) { return; }
    var category = selector.value;
    own(row, "[data-applies]").forEach(function (field) {
      var applies = field.dataset.applies.split(" ").indexOf(category) >= 0;
      var hasValue = Array.prototype.some.call(field.querySelectorAll("input, select, textarea"),
        function (input) { return input.value !== ""; });
      field.hidden = !applies && !hasValue;
    });
  }

  function renumber(block) {
    block.querySelectorAll(":scope > .rows > [data-row]").forEach(function (row, index) {
      var number = row.querySelector("[data-row-number]");
      if (number) { number.textContent = String(index + 1); }
    });
  }

  function addRow(block) {
    var template = block.querySelector(":scope > template[data-row-template]");
    var index = parseInt(block.dataset.nextIndex || "0", 10);
    block.dataset.nextIndex = String(index + 1);
    var html = template.innerHTML.split("__INDEX__").join(String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    block.querySelector(":scope > .rows").appendChild(row);
    wireRow(row);
    renumber(block);
    var first = row.querySelector("input, select, textarea");
    if (first) { first.focus(); }
  }

  function wireRow(row) {
    applyVariants(row);
    row.querySelectorAll("[data-row]").forEach(applyVariants);
  }

  form.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-row]");
    if (add) {
      event.preventDefault();
      addRow(add.closest("[data-table]"));
      schedule();
      return;
    }
    var remove = event.target.closest("[data-remove-row]");
    if (remove) {
      event.preventDefault();
      var row = remove.closest("[data-row]");
      var block = row.closest("[data-table]");
      row.remove();
      renumber(block);
      schedule();
    }
  });

  form.addEventListener("change", function (event) {
    var row = event.target.closest("[data-row]");
    if (row && event.target.closest("[data-discriminator]")) { applyVariants(row); }
    schedule();
  });
  form.addEventListener("input", function () { schedule(); });

  function schedule() {
    if (stopped) { return; }
    keepLocally();
    clearTimeout(timer);
    timer = setTimeout(save, 1200);
  }

  function markProblems(problems) {
    form.querySelectorAll("[data-live-problem]").forEach(function (node) { node.remove(); });
    form.querySelectorAll("[data-problem-for]").forEach(function (node) { node.remove(); });
    form.querySelectorAll(".field-error, .field-warning").forEach(function (node) {
      node.classList.remove("field-error", "field-warning");
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (node) { node.removeAttribute("aria-invalid"); });
    problems.forEach(function (problem) {
      var input = document.getElementById(problem.id);
      if (!input) { return; }
      var field = input.closest(".field") || input;
      field.classList.add(problem.severity === "error" ? "field-error" : "field-warning");
      var message = document.createElement("p");
      message.className = problem.severity === "error" ? "error-message" : "warning-message";
      message.dataset.liveProblem = "1";
      message.textContent = problem.message;
      var label = field.querySelector("label");
      if (label && label.parentNode === field) { label.insertAdjacentElement("afterend", message); }
      else { field.insertBefore(message, field.firstChild); }
      if (problem.severity === "error" && input.matches("input, select, textarea")) {
        input.setAttribute("aria-invalid", "true");
      }
    });
  }

  function save() {
    if (stopped) { return; }
    if (inFlight) { pending = true; return; }
    inFlight = true;
    setStatus(form.dataset.textSaving, "saving");
    var body = new FormData(form);
    fetch(form.dataset.autosaveUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": body.get("csrf_token")}
    }).then(function (response) {
      if (response.status === 401 || response.redirected) { throw {kind: "expired"}; }
      if (response.status === 409 || response.status === 412) { throw {kind: "conflict"}; }
      if (!response.ok) { throw {kind: "failed"}; }
      return response.json();
    }).then(function (data) {
      revisionInput.value = String(data.revision);
      panel.innerHTML = data.panel_html;
      markProblems(data.problems);
      forgetLocal();
      var time = new Date(data.saved_at);
      setStatus(form.dataset.textSaved + " " + time.toLocaleTimeString("vi-VN", {hour: "2-digit", minute: "2-digit"}), "saved");
    }).catch(function (error) {
      keepLocally();
      var kind = (error && error.kind) || "failed";
      if (kind === "conflict") {
        stopped = true;
        setStatus(form.dataset.textConflict, "error");
      } else if (kind === "expired") {
        stopped = true;
        setStatus(form.dataset.textExpired, "error");
        var link = document.createElement("a");
        link.href = form.dataset.loginUrl;
        link.textContent = " →";
        statusBox.appendChild(link);
      } else {
        setStatus(form.dataset.textFailed, "error");
      }
    }).finally(function () {
      inFlight = false;
      if (pending && !stopped) { pending = false; save(); }
    });
  }

  /* Work typed before a lost session or a lost connection is offered back. */
  function offerRestore() {
    var saved;
    try { saved = JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { saved = null; }
    if (!saved || saved.revision !== revisionInput.value) {
      if (saved && saved.revision !== revisionInput.value) { forgetLocal(); }
      return;
    }
    var box = document.createElement("div");
    box.className = "notice notice-warning";
    box.setAttribute("role", "alert");
    box.textContent = form.dataset.textRestore + " ";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button secondary";
    button.textContent = form.dataset.textRestoreButton;
    button.addEventListener("click", function () {
      saved.entries.forEach(function (entry) {
        var input = form.querySelector('[name="' + CSS.escape(entry[0]) + '"]');
        if (input && input.type !== "hidden") { input.value = entry[1]; }
      });
      box.remove();
      save();
    });
    box.appendChild(button);
    form.insertBefore(box, form.firstChild);
  }

  /* Steps: one section at a time, with previous/next buttons and a progress marker. */
  var sectionNodes = Array.prototype.slice.call(form.querySelectorAll(".form-section"));
  var stepLinks = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
  function showStep(index) {
    sectionNodes.forEach(function (section, i) { section.hidden = i !== index; });
    stepLinks.forEach(function (link, i) {
      if (i === index) { link.setAttribute("aria-current", "step"); } else { link.removeAttribute("aria-current"); }
    });
  }
  stepLinks.forEach(function (link, index) {
    link.addEventListener("click", function (event) { event.preventDefault(); showStep(index); });
  });
  sectionNodes.forEach(function (section, index) {
    var holder = section.querySelector("[data-step-buttons]");
    if (!holder) { return; }
    if (index > 0) {
      var previous = document.createElement("button");
      previous.type = "button"; previous.className = "button secondary";
      previous.textContent = "←";
      previous.addEventListener("click", function () { showStep(index - 1); window.scrollTo(0, 0); });
      holder.appendChild(previous);
    }
    if (index < sectionNodes.length - 1) {
      var next = document.createElement("button");
      next.type = "button"; next.className = "button secondary";
      next.textContent = "→";
      next.addEventListener("click", function () { showStep(index + 1); window.scrollTo(0, 0); });
      holder.appendChild(next);
    }
  });
  /* A link to a field (from the problem list) opens its step. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-goto]");
    if (!link) { return; }
    var target = document.getElementById(link.dataset.goto);
    if (!target) { return; }
    event.preventDefault();
    var section = target.closest(".form-section");
    if (section) { showStep(sectionNodes.indexOf(section)); }
    var row = target.closest("[data-row]");
    if (row) { row.querySelectorAll("[hidden]").forEach(function (node) { node.hidden = false; }); }
    target.scrollIntoView({block: "center"});
    if (target.focus) { target.focus(); }
  });

  form.querySelectorAll("[data-row]").forEach(applyVariants);
  offerRestore();
  var hash = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
  var start = hash && hash.closest(".form-section") ? sectionNodes.indexOf(hash.closest(".form-section")) : 0;
  showStep(start);
  form.addEventListener("submit", function () { clearTimeout(timer); forgetLocal(); });
}());
