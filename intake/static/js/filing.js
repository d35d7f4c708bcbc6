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

  /* Rows. The server renders a row with the fields of its category only, and a long table's
     rows collapsed (their values in hidden inputs). Each table block holds, once, a <template>
     of the fields of each category (data-variant) and one of a new row: opening a collapsed
     row, or changing a row's category, takes the row's fields from them. */
  function own(row, selector) {
    return Array.prototype.filter.call(row.querySelectorAll(selector), function (node) {
      return node.closest("[data-row]") === row;
    });
  }

  function blockOf(row) { return row.parentNode.closest("[data-table]"); }

  function rowIndex(row) { var match = /-(\d+)$/.exec(row.id); return match ? match[1] : "0"; }

  function fromTemplate(block, selector, index) {
    var template = block.querySelector(":scope > template" + selector);
    if (!template) { return null; }
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.split(block.dataset.placeholder).join(String(index));
    return holder;
  }

  function valuesOf(container) {
    var values = {};
    container.querySelectorAll("input, select, textarea").forEach(function (input) {
      if (!input.name || ((input.type === "checkbox" || input.type === "radio") && !input.checked)) { return; }
      (values[input.name] = values[input.name] || []).push(input.value);
    });
    return values;
  }

  function setValues(container, values) {
    container.querySelectorAll("input, select, textarea").forEach(function (input) {
      var given = values[input.name];
      if (!given) { return; }
      if (input.type === "checkbox") { input.checked = given.indexOf(input.value) >= 0; return; }
      if (input.tagName === "SELECT" && !Array.prototype.some.call(input.options, function (o) { return o.value === given[0]; })) {
        var option = document.createElement("option");
        option.value = given[0]; option.textContent = given[0];
        input.appendChild(option);
      }
      input.value = given[0];
    });
  }

  /* The fields of `category` for a row, keeping every value typed so far: a value of a field
     that does not apply to the new category stays (the checks then say so) rather than vanish. */
  function fieldsFor(row, category) {
    var block = blockOf(row);
    var holder = own(row, "[data-row-fields]")[0];
    if (!block || !holder) { return; }
    var fresh = fromTemplate(block, '[data-variant="' + CSS.escape(category || "") + '"]', rowIndex(row));
    if (!fresh) { return; }
    var values = valuesOf(holder);
    var names = {};
    fresh.querySelectorAll("[name]").forEach(function (input) { names[input.name] = true; });
    setValues(fresh, values);
    Object.keys(values).forEach(function (name) {
      if (names[name] || values[name].join("") === "") { return; }
      var kept = holder.querySelector('[name="' + CSS.escape(name) + '"]');
      var field = kept && kept.closest(".field");
      if (field && field.parentNode === holder) { fresh.appendChild(field); return; }
      values[name].forEach(function (value) {
        var hidden = document.createElement("input");
        hidden.type = "hidden"; hidden.name = name; hidden.value = value;
        fresh.appendChild(hidden);
      });
    });
    holder.replaceChildren.apply(holder, Array.prototype.slice.call(fresh.childNodes));
    holder.removeAttribute("data-collapsed");
    holder.setAttribute("role", "group");
    var summary = own(row, "summary")[0];
    if (summary && summary.id) { holder.setAttribute("aria-labelledby", summary.id); }
    var button = own(row, "[data-open-row]")[0];
    if (button) { button.remove(); }
  }

  function categoryOf(row) {
    var block = blockOf(row);
    var key = block && block.dataset.discriminator;
    if (!key) { return ""; }
    var input = own(row, "[name]").filter(function (node) { return node.name.slice(-key.length - 1) === "." + key; })[0];
    return input ? input.value : "";
  }

  /* A collapsed row opens with every field of its category. */
  function expandRow(row) {
    var holder = own(row, "[data-row-fields]")[0];
    if (holder && holder.hasAttribute("data-collapsed")) { fieldsFor(row, categoryOf(row)); }
  }

  function updateSummary(row) {
    var target = own(row, "[data-row-summary]")[0];
    if (!target) { return; }
    var parts = own(row, ".field[data-summary] input, .field[data-summary] select, .field[data-discriminator] select").map(function (input) {
      if (input.tagName === "SELECT") { return input.value ? input.options[input.selectedIndex].text : ""; }
      return input.value;
    }).filter(function (text) { return text !== ""; });
    target.textContent = parts.length > 2 ? parts.slice(0, 2).join(" · ") + " · " + parts.slice(2).join(" ") : parts.join(" · ");
  }

  function renumber(block) {
    block.querySelectorAll(":scope > .rows > [data-row]").forEach(function (row, index) {
      var number = row.querySelector("[data-row-number]");
      if (number) { number.textContent = String(index + 1); }
    });
  }

  function addRow(block) {
    var index = parseInt(block.dataset.nextIndex || "0", 10);
    block.dataset.nextIndex = String(index + 1);
    var holder = fromTemplate(block, "[data-row-template]", index);
    var row = holder.firstElementChild;
    block.querySelector(":scope > .rows").appendChild(row);
    renumber(block);
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) { first.focus(); }
  }

  form.addEventListener("toggle", function (event) {
    var row = event.target;
    if (row.matches && row.matches("details[data-row]") && row.open) { expandRow(row); }
  }, true);

  form.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-row]");
    if (add) {
      event.preventDefault();
      addRow(add.closest("[data-table]"));
      schedule();
      return;
    }
    var opener = event.target.closest("[data-open-row]");
    if (opener) {
      event.preventDefault();
      var collapsed = opener.closest("[data-row]");
      collapsed.open = true;
      expandRow(collapsed);
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
    if (row && event.target.closest(".field[data-discriminator]")) {
      fieldsFor(row, event.target.value);
    }
    if (row) { updateSummary(row); }
    schedule();
  });
  form.addEventListener("input", function () { schedule(); });

  var dirty = false;
  function schedule() {
    if (stopped) { return; }
    dirty = true;
    keepLocally();
    clearTimeout(timer);
    timer = setTimeout(save, 600);
  }

  /* Leaving the page (closing the tab, switching app on a phone) sends what is not saved yet,
     in a request that outlives the page (keepalive; its CSRF token travels in the body too).
     Browsers cap such a request at 64 KB: a larger form is kept in this browser instead, and
     offered back on the next visit. */
  function flush() {
    if (!dirty || stopped) { return; }
    clearTimeout(timer);
    keepLocally();
    if (inFlight) { pending = true; return; }
    save(true);
  }
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") { flush(); } });
  window.addEventListener("pagehide", flush);

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

  function save(keep) {
    if (stopped) { return; }
    if (inFlight) { pending = true; return; }
    inFlight = true;
    dirty = false;
    setStatus(form.dataset.textSaving, "saving");
    var body = new FormData(form);
    fetch(form.dataset.autosaveUrl, {
      method: "POST", body: body, credentials: "same-origin", keepalive: keep === true,
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
  function showStep(index, focus) {
    sectionNodes.forEach(function (section, i) { section.hidden = i !== index; });
    if (focus) {  /* a keyboard or screen-reader user lands on the new step's heading */
      var heading = sectionNodes[index] && sectionNodes[index].querySelector("h2");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
    }
    stepLinks.forEach(function (link, i) {
      if (i === index) { link.setAttribute("aria-current", "step"); } else { link.removeAttribute("aria-current"); }
    });
  }
  stepLinks.forEach(function (link, index) {
    link.addEventListener("click", function (event) { event.preventDefault(); showStep(index, true); });
  });
  sectionNodes.forEach(function (section, index) {
    var holder = section.querySelector("[data-step-buttons]");
    if (!holder) { return; }
    if (index > 0) {
      var previous = document.createElement("button");
      previous.type = "button"; previous.className = "button secondary";
      previous.textContent = "← " + form.dataset.textPrevious;
      previous.addEventListener("click", function () { window.scrollTo(0, 0); showStep(index - 1, true); });
      holder.appendChild(previous);
    }
    if (index < sectionNodes.length - 1) {
      var next = document.createElement("button");
      next.type = "button"; next.className = "button secondary";
      next.textContent = form.dataset.textNext + " →";
      next.addEventListener("click", function () { window.scrollTo(0, 0); showStep(index + 1, true); });
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
    for (var row = target.closest("details[data-row]"); row; row = row.parentNode.closest("details[data-row]")) {
      row.open = true;
    }
    target.scrollIntoView({block: "center"});
    if (target.focus) { target.focus(); }
  });

  offerRestore();
  var hash = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
  var start = hash && hash.closest(".form-section") ? sectionNodes.indexOf(hash.closest(".form-section")) : 0;
  showStep(start);
  form.addEventListener("submit", function () { clearTimeout(timer); forgetLocal(); });
}());
