(function () {
  "use strict";
  var doc = document;
  var data = {};
  try {
    var dataEl = doc.getElementById("policylint-data");
    data = JSON.parse(dataEl ? dataEl.textContent : "{}") || {};
  } catch (e) {
    data = {};
  }
  var rewrites = data.rewrites || {};
  var announcer = doc.getElementById("announcer");

  function announce(message) {
    if (!announcer) return;
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = message; }, 30);
  }

  function norm(text) {
    return (text || "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  /* -- filters ------------------------------------------------------------------ */
  var panel = doc.getElementById("filters");
  var search = doc.getElementById("filter-search");
  var category = doc.getElementById("filter-category");
  var reset = doc.getElementById("filter-reset");
  var status = doc.getElementById("filter-status");
  var severityBoxes = doc.querySelectorAll("#filters input[name='severity']");
  var cards = doc.querySelectorAll("[data-finding]");
  var provisions = doc.querySelectorAll("[data-provision]");
  var texts = new Map();

  function textOf(el) {
    if (!texts.has(el)) {
      var section = el.closest("[data-doc]");
      var where = section ? section.getAttribute("data-doc") : "";
      texts.set(el, norm(el.textContent + " " + where));
    }
    return texts.get(el);
  }

  function words(el, many, one) {
    return (el.getAttribute(many) || el.getAttribute(one) || "").split(" ").filter(Boolean);
  }

  /* a card holds every finding on one clause: it matches when any of them does */
  function matches(el, query, cat, severities) {
    if (cat && words(el, "data-categories", "data-category").indexOf(cat) === -1) return false;
    var anySeverity = words(el, "data-severities", "data-severity").some(function (s) {
      return severities[s];
    });
    if (!anySeverity) return false;
    if (!query.length) return true;
    var text = textOf(el);
    return query.every(function (word) { return text.indexOf(word) !== -1; });
  }

  function apply() {
    var query = norm(search.value).split(" ").filter(Boolean);
    var cat = category.value;
    var severities = {};
    each(severityBoxes, function (box) { severities[box.value] = box.checked; });
    var shown = 0;
    each(cards, function (card) {
      var ok = matches(card, query, cat, severities);
      card.hidden = !ok;
      if (ok) shown += 1;
    });
    each(provisions, function (p) { p.hidden = !matches(p, query, cat, severities); });
    each(doc.querySelectorAll("[data-group]"), function (group) {
      group.hidden = !group.querySelector("[data-finding]:not([hidden])");
    });
    each(doc.querySelectorAll("[data-doc]"), function (section) {
      var empty = section.querySelector(".filtered-empty");
      if (empty) empty.hidden = !!section.querySelector("[data-finding]:not([hidden])");
    });
    var total = cards.length;
    status.textContent = "Showing " + shown + " of " + total +
      (total === 1 ? " flagged clause" : " flagged clauses");
    doc.body.setAttribute("data-visible-findings", String(shown));
  }

  function resetFilters() {
    search.value = "";
    category.value = "";
    each(severityBoxes, function (box) { box.checked = true; });
    apply();
  }

  if (panel && search && category && status) {
    panel.hidden = false;
    search.addEventListener("input", apply);
    category.addEventListener("change", apply);
    each(severityBoxes, function (box) { box.addEventListener("change", apply); });
    if (reset) {
      reset.addEventListener("click", function () {
        resetFilters();
        search.focus();
      });
    }
    apply();
  }

  /* -- jumps: never under the sticky filter bar, never to a filtered-out card ------ */
  var root = doc.documentElement;

  function stickyOffset() {
    var offset = 0;
    if (panel && !panel.hidden && window.getComputedStyle(panel).position === "sticky") {
      offset = panel.getBoundingClientRect().height;
    }
    root.style.setProperty("--sticky-offset", Math.ceil(offset) + "px");
  }

  stickyOffset();
  window.addEventListener("resize", stickyOffset);
  if (window.ResizeObserver && panel) {
    new window.ResizeObserver(stickyOffset).observe(panel);
  }

  doc.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (!link || !panel || !search) return;
    var target = doc.getElementById(link.getAttribute("href").slice(1));
    if (target && (target.hidden || target.closest("[hidden]"))) resetFilters();
    stickyOffset();
  });

  /* -- copy buttons ------------------------------------------------------------- */
  function fallbackCopy(text) {
    var area = doc.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    doc.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = doc.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    doc.body.removeChild(area);
    return ok;
  }

  function copied(button, ok) {
    var label = button.querySelector("span");
    announce(ok ? "Copied" : "Could not copy; select the text and copy it by hand");
    if (!ok || !label) return;
    button.classList.add("copied");
    label.textContent = "Copied";
    window.setTimeout(function () {
      button.classList.remove("copied");
      label.textContent = "Copy";
    }, 2000);
  }

  function copy(button) {
    var key = button.getAttribute("data-copy");
    var target = doc.getElementById(key);
    var text = Object.prototype.hasOwnProperty.call(rewrites, key)
      ? rewrites[key]
      : (target ? target.textContent : "");
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { copied(button, true); },
        function () { copied(button, fallbackCopy(text)); }
      );
    } else {
      copied(button, fallbackCopy(text));
    }
  }

  each(doc.querySelectorAll("button[data-copy]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copy(button); });
  });

  doc.body.setAttribute("data-js", "ready");
})();
