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

  /* Unsaved work is kept in this browser under `storageKey` until a save succeeds. A copy that
     autosave could not save at all (another tab or person saved first, the session ended) is
     set aside under `keptKey`, which only the comparison offered on the next visit removes:
     another tab of the same report saving its own work must not forget it. */
  var keptKey = storageKey + "-kept";
  function entriesOf(data) {
    var entries = [];
    data.forEach(function (value, name) { if (name !== "csrf_token") { entries.push([name, value]); } });
    return entries;
  }
  /* What the server holds as far as this page knows (as loaded, then as last saved): kept
     with the copy, so that the comparison lists only what was changed here. */
  var baseJson = JSON.stringify(entriesOf(new FormData(form)));  /* written once per save, not per keystroke */
  function keepLocally(key) {
    try {
      localStorage.setItem(key || storageKey, '{"revision":' + JSON.stringify(revisionInput.value) + ',"entries":' +
                           JSON.stringify(entriesOf(new FormData(form))) + ',"base":' + baseJson + ',"at":' + Date.now() + "}");
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
    if (stopped) { keepLocally(keptKey); return; }  /* typed after a conflict: set aside with the rest */
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

  /* The inline messages of the last calculation: errors first, then warnings, each at its
     field (or row, or table) and named in that element's aria-describedby. */
  function describedElement(target) {
    if (target.matches("details[data-row]")) { return own(target, "[data-row-fields]")[0] || target; }
    return target;
  }

  function messageAnchor(target) {
    if (target.matches("[data-row]")) { return own(target, "summary, legend")[0] || null; }
    if (target.matches("[data-table]")) { return target.querySelector(":scope > h3"); }
    var field = target.closest(".field");
    var label = field && field.querySelector("label");
    return label && label.parentNode === field ? label : null;
  }

  function markProblems(problems) {
    var gone = {};
    form.querySelectorAll("[data-live-problem], [data-problem-for]").forEach(function (node) {
      if (node.id) { gone[node.id] = true; }
      node.remove();
    });
    form.querySelectorAll("[aria-describedby]").forEach(function (node) {
      var kept = node.getAttribute("aria-describedby").split(/\s+/).filter(function (id) { return id && !gone[id]; });
      if (kept.length) { node.setAttribute("aria-describedby", kept.join(" ")); } else { node.removeAttribute("aria-describedby"); }
    });
    form.querySelectorAll(".field-error, .field-warning").forEach(function (node) {
      if (!node.hasAttribute("data-ack")) { node.classList.remove("field-error", "field-warning"); }
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (node) { node.removeAttribute("aria-invalid"); });
    var last = {}, count = {};
    problems.forEach(function (problem) {
      var target = document.getElementById(problem.id);
      if (!target || !form.contains(target)) { return; }
      var error = problem.severity === "error";
      var field = target.matches("[data-row], [data-table]") ? null : target.closest(".field");
      if (field) {
        if (error) { field.classList.remove("field-warning"); field.classList.add("field-error"); }
        else if (!field.classList.contains("field-error")) { field.classList.add("field-warning"); }
      }
      var message = document.createElement("p");
      message.className = error ? "error-message" : "warning-message";
      count[problem.id] = (count[problem.id] || 0) + 1;
      message.id = problem.id + "-m" + (count[problem.id] - 1);
      message.dataset.liveProblem = "1";
      message.textContent = problem.message;
      var anchor = last[problem.id] || messageAnchor(target);
      if (anchor) { anchor.insertAdjacentElement("afterend", message); }
      else { (field || target).insertBefore(message, (field || target).firstChild); }
      last[problem.id] = message;
      var described = describedElement(target);
      var ids = (described.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      ids.push(message.id);
      described.setAttribute("aria-describedby", ids.join(" "));
      if (error && target.matches("input, select, textarea")) { target.setAttribute("aria-invalid", "true"); }
    });
  }

  /* The step "Explanations of warnings", as the server renders it for the last calculation:
     one box per warning. A reason typed in a box stays with its warning (path and code) while
     the warning lasts, and comes back if the warning goes and returns. */
  var ackHolder = form.querySelector("[data-acknowledgements]");
  var typedReasons = {};
  function ackKey(box) { return box.dataset.path + "\u0000" + box.dataset.code; }
  function ackSignature(container) {
    return Array.prototype.map.call(container.querySelectorAll("[data-ack]"), function (box) {
      return ackKey(box) + "\u0000" + box.querySelector("label").textContent;
    }).join("\u0001");
  }

  function updateAcknowledgements(html) {
    if (!ackHolder || typeof html !== "string") { return; }
    var fresh = document.createElement("div");
    fresh.innerHTML = html;
    if (ackSignature(fresh) === ackSignature(ackHolder)) { return; }  /* the same warnings: leave the typing alone */
    var focused = document.activeElement, focusKey = null, start = 0, end = 0, shown = {}, returned = false;
    ackHolder.querySelectorAll("[data-ack]").forEach(function (box) {
      var area = box.querySelector("textarea"), key = ackKey(box);
      typedReasons[key] = area.value;
      shown[key] = true;
      if (area === focused) { focusKey = key; start = area.selectionStart; end = area.selectionEnd; }
    });
    ackHolder.replaceChildren.apply(ackHolder, Array.prototype.slice.call(fresh.childNodes));
    ackHolder.querySelectorAll("[data-ack]").forEach(function (box) {
      var area = box.querySelector("textarea"), key = ackKey(box);
      /* What the box held a moment ago is newer than the server's copy (typed during the save). */
      var back = !shown[key] && Boolean(typedReasons[key]) && !area.value;
      if (shown[key] || back) { area.value = typedReasons[key] || ""; }
      returned = returned || back;
      if (key === focusKey) { area.focus(); area.setSelectionRange(start, end); }
    });
    if (returned) { schedule(); }  /* a warning came back with its reason: save that reason */
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
      baseJson = JSON.stringify(entriesOf(body));
      revisionInput.value = String(data.revision);
      panel.innerHTML = data.panel_html;
      markProblems(data.problems);
      updateAcknowledgements(data.acknowledgements_html);
      forgetLocal();
      var time = new Date(data.saved_at);
      setStatus(form.dataset.textSaved + " " + time.toLocaleTimeString("vi-VN", {hour: "2-digit", minute: "2-digit"}), "saved");
    }).catch(function (error) {
      var kind = (error && error.kind) || "failed";
      keepLocally(kind === "failed" ? storageKey : keptKey);
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

  /* Work kept in this browser (a lost session or connection, a save refused after another
     tab saved) is offered back on the next visit, compared field by field with the saved
     version (kept-copy.js). Until the person decides, it stays, under its own key. */
  function readStored(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function takeKept() {
    var aside = readStored(keptKey);
    if (aside) { return aside; }
    var latest = readStored(storageKey);
    if (latest) {
      try { localStorage.setItem(keptKey, JSON.stringify(latest)); } catch (e) { return latest; }
      forgetLocal();
    }
    return latest;
  }

  /* Saves a whole set of form entries (the kept copy) over the current revision. */
  function saveEntries(entries) {
    var body = new FormData();
    entries.forEach(function (entry) { if (entry[0] !== "csrf_token" && entry[0] !== "revision") { body.append(entry[0], entry[1]); } });
    var token = form.querySelector('[name="csrf_token"]').value;
    body.append("csrf_token", token);
    body.append("revision", revisionInput.value);
    setStatus(form.dataset.textSaving, "saving");
    return fetch(form.dataset.autosaveUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRFToken": token}
    }).then(function (response) {
      if (response.status === 409 || response.status === 412) { setStatus(form.dataset.textConflict, "error"); throw new Error("conflict"); }
      if (!response.ok || response.redirected) { setStatus(form.dataset.textFailed, "error"); throw new Error("failed"); }
      return response.json();
    });
  }

  function offerRestore() {
    if (typeof window.intakeKeptCopy !== "function") { return; }
    window.intakeKeptCopy({
      form: form, takeKept: takeKept, valuesOf: valuesOf, expandRow: expandRow, saveEntries: saveEntries,
      revision: function () { return revisionInput.value; },
      forgetKept: function () { try { localStorage.removeItem(keptKey); } catch (e) {} }
    });
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
  /* "← Bước trước" / "Bước tiếp →", named with the step they lead to ("Bước tiếp: III. Nguồn
     phát thải…"); the arrows are decoration. */
  function stepButton(words, target, arrowFirst) {
    var button = document.createElement("button");
    button.type = "button"; button.className = "button secondary";
    var arrow = document.createElement("span");
    arrow.setAttribute("aria-hidden", "true");
    arrow.textContent = arrowFirst ? "← " : " →";
    var heading = sectionNodes[target].querySelector("h2");
    button.setAttribute("aria-label", words + ": " + (heading ? heading.textContent.trim() : ""));
    if (arrowFirst) { button.append(arrow, words); } else { button.append(words, arrow); }
    button.addEventListener("click", function () { window.scrollTo(0, 0); showStep(target, true); });
    return button;
  }
  sectionNodes.forEach(function (section, index) {
    var holder = section.querySelector("[data-step-buttons]");
    if (!holder) { return; }
    if (index > 0) { holder.appendChild(stepButton(form.dataset.textPrevious, index - 1, true)); }
    if (index < sectionNodes.length - 1) { holder.appendChild(stepButton(form.dataset.textNext, index + 1, false)); }
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
