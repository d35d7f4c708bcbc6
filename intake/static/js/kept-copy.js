/* The copy of the form kept in this browser (filing.js keeps one while changes are unsaved: a
   lost connection, an expired session, a save refused because another tab or a colleague saved
   first). On the next visit it is compared with the saved version, field by field: each field
   whose kept value differs is named as the page shows it (step › table › row › label), with
   both values, and the person takes the kept value of a field, the whole kept copy, or
   discards it. Nothing is dropped without being asked. */
(function () {
  "use strict";

  function text(node) { return node ? node.textContent.replace(/\s+/g, " ").trim() : ""; }

  /* A label's words without the required-field star. */
  function labelText(label) {
    var copy = label.cloneNode(true);
    copy.querySelectorAll(".required").forEach(function (star) { star.remove(); });
    return text(copy);
  }

  function rowCaption(row) {
    var legend = row.querySelector(":scope > legend");
    if (legend) { return text(legend); }
    var number = row.querySelector(":scope > summary [data-row-number]");
    var summary = row.querySelector(":scope > summary [data-row-summary]");
    return [text(number), text(summary)].filter(Boolean).join(". ");
  }

  /* Where a node sits, as the page shows it: "III. Nguồn phát thải › Nguồn phát thải › 2. S2 · …". */
  function placeOf(node, form) {
    var parts = [];
    for (var at = node; at && at !== form; at = at.parentElement) {
      if (at.matches("[data-row]")) { parts.unshift(rowCaption(at)); }
      else if (at.matches("[data-table]")) { parts.unshift(text(at.querySelector(":scope > h3"))); }
      else if (at.matches("fieldset.group")) { parts.unshift(text(at.querySelector(":scope > legend"))); }
      else if (at.matches(".form-section")) { parts.unshift(text(at.querySelector("h2"))); }
    }
    return parts.filter(Boolean);
  }

  function valuesByName(entries) {
    var values = {};
    entries.forEach(function (entry) { (values[entry[0]] = values[entry[0]] || []).push(String(entry[1])); });
    return values;
  }

  function start(api) {
    var form = api.form, texts = form.dataset;
    var kept = api.takeKept();
    if (!kept || !Array.isArray(kept.entries)) { return; }
    var ACK = /^acknowledgements\[\d+\]\.(path|code|reason)$/;
    function ordinary(entries) {
      return entries.filter(function (entry) { return entry[0] !== "csrf_token" && entry[0] !== "revision" && entry[0].charAt(0) !== "_"; });
    }
    var keptValues = valuesByName(ordinary(kept.entries));
    /* What the page held before the person's changes (a copy from before this was recorded:
       every kept value counts as a change). */
    var baseValues = Array.isArray(kept.base) ? valuesByName(ordinary(kept.base)) : null;
    function same(a, b) { return (a || []).join("\u0000") === (b || []).join("\u0000"); }
    function changedHere(name) { return !baseValues || !same(keptValues[name], baseValues[name]); }

    /* The explanations of a set of values, by warning: {path + code: reason}. */
    function reasonsOf(values) {
      var reasons = {};
      Object.keys(values || {}).forEach(function (name) {
        var match = /^(acknowledgements\[\d+\])\.reason$/.exec(name);
        if (!match) { return; }
        var path = (values[match[1] + ".path"] || [""])[0], code = (values[match[1] + ".code"] || [""])[0];
        reasons[path + "\u0000" + code] = values[name][0] || "";
      });
      return reasons;
    }
    var keptReasons = reasonsOf(keptValues), baseReasons = baseValues ? reasonsOf(baseValues) : null;
    function reasonChangedHere(key) { return !baseReasons || (baseReasons[key] || "") !== (keptReasons[key] || ""); }

    function named(name) { return Array.prototype.slice.call(form.querySelectorAll('[name="' + CSS.escape(name) + '"]')); }

    function current() { return api.valuesOf(form); }

    /* Rows shown collapsed hold their values in hidden inputs: a row with a difference is
       opened first, so that its fields (with their labels) are there to compare and take. */
    function openRowsOf(names) {
      names.forEach(function (name) {
        var input = named(name)[0];
        var row = input && input.type === "hidden" ? input.closest("details[data-row]") : null;
        if (row) { row.open = true; api.expandRow(row); }
      });
    }

    function shown(inputs, values) {
      if (!values || values.join("") === "") { return "—"; }
      var first = inputs[0];
      return values.map(function (value) {
        if (first && first.tagName === "SELECT") {
          var option = Array.prototype.find.call(first.options, function (o) { return o.value === value; });
          return option ? text(option) : value;
        }
        if (first && first.type === "checkbox") {
          var box = inputs.filter(function (i) { return i.value === value; })[0];
          return box && box.closest("label") ? text(box.closest("label")) : value;
        }
        return value;
      }).join(", ");
    }

    function setField(name, values) {
      var inputs = named(name);
      inputs.forEach(function (input) {
        if (input.type === "checkbox") { input.checked = values.indexOf(input.value) >= 0; return; }
        var value = values[0] || "";
        if (input.tagName === "SELECT" && value && !Array.prototype.some.call(input.options, function (o) { return o.value === value; })) {
          var option = document.createElement("option");
          option.value = value; option.textContent = value;
          input.appendChild(option);
        }
        input.value = value;
      });
      /* As if typed: a new category brings its fields, the row's summary and the autosave follow. */
      if (inputs[0]) { inputs[0].dispatchEvent(new Event("change", {bubbles: true})); }
    }

    /* The differences: ordinary fields by name; explanations of warnings by warning (path and
       code), whatever their position in the list. */
    /* The names of the ordinary fields changed here (not the explanations of warnings). */
    function changedNames(now) {
      var names = {};
      Object.keys(keptValues).concat(Object.keys(baseValues || now)).forEach(function (name) {
        if (!ACK.test(name) && name !== "csrf_token" && name !== "revision" && name.charAt(0) !== "_" && changedHere(name)) { names[name] = true; }
      });
      return names;
    }

    function differences() {
      var now = current();
      var changed = Object.keys(changedNames(now)).filter(function (name) { return !same(keptValues[name], now[name]); });
      openRowsOf(changed);
      now = current();
      var items = [], unnamed = 0;
      changed.forEach(function (name) {
        if (same(keptValues[name], now[name])) { return; }
        var inputs = named(name).filter(function (input) { return input.type !== "hidden"; });
        var label = inputs[0] && inputs[0].closest(".field") && inputs[0].closest(".field").querySelector("label");
        if (!label) { unnamed += 1; return; }  /* a row the saved version no longer has: only with the whole copy */
        items.push({place: placeOf(label, form).concat([labelText(label)]), saved: shown(inputs, now[name]),
                    kept: shown(inputs, keptValues[name]),
                    take: function () { setField(name, keptValues[name] || []); }});
      });
      form.querySelectorAll("[data-ack]").forEach(function (box) {
        var area = box.querySelector("textarea"), key = box.dataset.path + "\u0000" + box.dataset.code;
        var reason = keptReasons[key];
        if (reason === undefined || reason === area.value || !reasonChangedHere(key)) { return; }
        items.push({place: placeOf(box, form).concat([labelText(box.querySelector("label"))]),
                    saved: area.value || "—", kept: reason || "—",
                    take: function () { area.value = reason; area.dispatchEvent(new Event("input", {bubbles: true})); }});
      });
      return {items: items, unnamed: unnamed};
    }

    /* "The whole kept copy": the saved version with every change made here laid over it
       (rows added or removed here included); what others changed meanwhile stays. */
    function merged() {
      var now = current(), names = changedNames(now), out = [];
      Object.keys(now).forEach(function (name) {
        if (!ACK.test(name) && !names[name]) { now[name].forEach(function (value) { out.push([name, value]); }); }
      });
      ordinary(kept.entries).forEach(function (entry) { if (names[entry[0]]) { out.push(entry); } });
      var reasons = reasonsOf(now);
      Object.keys(keptReasons).forEach(function (key) { if (reasonChangedHere(key)) { reasons[key] = keptReasons[key]; } });
      Object.keys(reasons).forEach(function (key, index) {
        var parts = key.split("\u0000"), row = "acknowledgements[" + index + "].";
        out.push([row + "path", parts[0]], [row + "code", parts[1]], [row + "reason", reasons[key]]);
      });
      return out;
    }

    function element(tag, className, content) {
      var node = document.createElement(tag);
      if (className) { node.className = className; }
      if (content !== undefined) { node.textContent = content; }
      return node;
    }

    var found = differences();
    if (!found.items.length && !found.unnamed) { api.forgetKept(); return; }

    var box = element("section", "notice notice-warning kept-copy");
    box.setAttribute("aria-labelledby", "kept-copy-title");
    box.setAttribute("data-kept-copy", "");
    box.appendChild(element("h2", "", texts.textKeptTitle)).id = "kept-copy-title";
    box.appendChild(element("p", "", kept.revision !== api.revision() ? texts.textKeptConflict : texts.textRestore));
    var table = element("table", "table kept-copy-table");
    var head = table.createTHead().insertRow();
    [texts.textKeptField, texts.textKeptSaved, texts.textKeptKept, texts.textKeptChoice].forEach(function (title) {
      var th = element("th", "", title); th.scope = "col"; head.appendChild(th);
    });
    var body = table.createTBody();
    var open = found.items.length;
    found.items.forEach(function (item) {
      var row = body.insertRow();
      var th = element("th", "", item.place.join(" › ")); th.scope = "row"; row.appendChild(th);
      row.appendChild(element("td", "kept-saved", item.saved));
      row.appendChild(element("td", "kept-kept", item.kept));
      var cell = row.insertCell();
      var take = element("button", "button secondary", texts.textKeptTake);
      take.type = "button";
      take.setAttribute("aria-label", texts.textKeptTake + ": " + item.place[item.place.length - 1]);
      take.addEventListener("click", function () {
        item.take();
        cell.replaceChildren(element("span", "tag ok", texts.textKeptTaken));
        open -= 1;
        if (open === 0 && !found.unnamed) { api.forgetKept(); }
      });
      cell.appendChild(take);
    });
    if (found.items.length) { box.appendChild(table); }
    if (found.unnamed) { box.appendChild(element("p", "hint", texts.textKeptRows)); }
    var actions = element("p", "kept-copy-actions");
    var whole = element("button", "button", texts.textKeptWhole);
    whole.type = "button";
    whole.addEventListener("click", function () {
      whole.disabled = true;
      api.saveEntries(merged()).then(function () { api.forgetKept(); window.location.reload(); },
                                         function () { whole.disabled = false; });
    });
    var discard = element("button", "button secondary", texts.textKeptDiscard);
    discard.type = "button";
    discard.addEventListener("click", function () { api.forgetKept(); box.remove(); });
    actions.appendChild(whole);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(discard);
    box.appendChild(actions);
    form.insertBefore(box, form.firstChild);
  }

  window.intakeKeptCopy = start;
}());
