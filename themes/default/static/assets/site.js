// site.js: small enhancements of the default theme, each optional: the page
// reads and works the same without script. It draws the light/dark switch,
// a copy button on every code block, the filter and sort of window lists,
// and marks the current section in a window page's table of contents.
(function () {
  "use strict";
  var doc = document.documentElement;

  // ---- light/dark switch --------------------------------------------------
  // scheme.js has already applied a saved choice; with none the page follows
  // the system. The switch stores the reader's choice in localStorage.
  var systemDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function scheme() {
    var s = doc.getAttribute("data-scheme");
    if (s === "light" || s === "dark") { return s; }
    return systemDark && systemDark.matches ? "dark" : "light";
  }
  function initScheme() {
    var btn = document.querySelector(".scheme-switch");
    if (!btn) { return; }
    function show() {
      var dark = scheme() === "dark";
      btn.setAttribute("aria-pressed", dark ? "true" : "false");
      btn.title = dark ? "Use the light theme" : "Use the dark theme";
    }
    btn.hidden = false;
    show();
    btn.addEventListener("click", function () {
      var next = scheme() === "dark" ? "light" : "dark";
      doc.setAttribute("data-scheme", next);
      try { localStorage.setItem("wrapup-scheme", next); } catch (e) { /* not saved: this page only */ }
      show();
    });
    if (systemDark && systemDark.addEventListener) { systemDark.addEventListener("change", show); }
  }

  // ---- copy buttons -------------------------------------------------------
  function initCopy() {
    var blocks = document.querySelectorAll(".code");
    if (!blocks.length || !(navigator.clipboard || document.queryCommandSupported)) { return; }
    Array.prototype.forEach.call(blocks, function (block) {
      var bar = block.querySelector(".code-bar");
      var pre = block.querySelector("pre");
      if (!bar || !pre) { return; }
      var btn = document.createElement("button");
      btn.type = "button";
      btn.className = "code-copy";
      btn.textContent = "Copy";
      var lang = block.getAttribute("data-lang");
      btn.setAttribute("aria-label", lang ? "Copy the " + lang + " code" : "Copy the code");
      var status = document.createElement("span");
      status.className = "vh";
      status.setAttribute("role", "status");
      bar.appendChild(btn);
      bar.appendChild(status);
      btn.addEventListener("click", function () {
        var text = pre.innerText.replace(/\n$/, "");
        copyText(text).then(function () { done("Copied", "Code copied"); }, function () { done("Select and copy", "Copy failed: select the code and copy it"); });
      });
      function done(label, said) {
        btn.textContent = label;
        status.textContent = said;
        setTimeout(function () { btn.textContent = "Copy"; status.textContent = ""; }, 2000);
      }
    });
  }
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) { return navigator.clipboard.writeText(text); }
    // Plain http on an intranet has no clipboard API: copy through a
    // selection, as browsers still allow on a click.
    return new Promise(function (resolve, reject) {
      var ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.style.position = "fixed"; ta.style.opacity = "0";
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(ta);
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  // ---- filter and sort of a window list ------------------------------------
  // The rows carry data-outcome, data-year, data-systems, data-date and
  // data-overrun. Filtering hides rows and empty years; sorting by anything
  // but date shows one list without year headings. A list of several pages
  // loads the others (over HTTP; not from file://) the first time a filter or
  // sort needs them, so the choice covers every window. The choice is kept in
  // the address (?outcome=missed&sort=overrun), so it can be shared.
  function initFilter() {
    var form = document.getElementById("list-filter");
    if (!form) { return; }
    var lists = Array.prototype.slice.call(document.querySelectorAll("main ol.rows"));
    var rows = [];
    lists.forEach(function (ol) {
      Array.prototype.forEach.call(ol.children, function (li) {
        if (li.classList.contains("row")) { rows.push({ li: li, home: ol, order: rows.length, here: true }); }
      });
    });
    if (!rows.length) { return; }
    var flat = document.createElement("ol");
    flat.className = "rows rows-sorted";
    flat.hidden = true;
    lists[0].parentNode.insertBefore(flat, lists[0].previousElementSibling || lists[0]);
    var status = form.querySelector(".filter-status");
    var pages = Number(form.getAttribute("data-pages") || "1");
    var baseLink = form.querySelector(".list-base");
    var loaded = pages <= 1, loading = false;
    var params = new URLSearchParams(location.search);
    ["outcome", "system", "year", "sort"].forEach(function (k) {
      var v = params.get(k);
      if (v !== null && form.elements[k]) { form.elements[k].value = v; }
    });
    form.hidden = false;
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("change", apply);
    apply();

    function choice() {
      return { outcome: form.elements.outcome.value, system: form.elements.system.value, year: form.elements.year.value, sort: form.elements.sort.value || "date" };
    }
    // loadAll fetches every page of the list but this one, in order, and
    // adds their rows (links made absolute) after this page's, in date order.
    function loadAll() {
      if (loaded || loading || !baseLink || location.protocol === "file:" || !window.fetch) { return; }
      loading = true;
      status.textContent = "Loading all " + pages + " pages…";
      var base = new URL(baseLink.getAttribute("href"), location.href);
      var here = location.pathname;
      var urls = [];
      for (var n = 1; n <= pages; n++) { urls.push(new URL(n === 1 ? "" : "page/" + n + "/", base)); }
      Promise.all(urls.map(function (u) {
        if (u.pathname === here) { return Promise.resolve(null); }
        return fetch(u.href).then(function (r) { if (!r.ok) { throw new Error(r.status + " " + u.href); } return r.text(); })
          .then(function (html) { return { url: u, doc: new DOMParser().parseFromString(html, "text/html") }; });
      })).then(function (docs) {
        var before = [], after = [], past = false;
        docs.forEach(function (d) {
          if (!d) { past = true; return; }
          Array.prototype.forEach.call(d.doc.querySelectorAll("main ol.rows > li.row"), function (li) {
            Array.prototype.forEach.call(li.querySelectorAll("a[href]"), function (a) { a.href = new URL(a.getAttribute("href"), d.url).href; });
            var node = document.importNode(li, true);
            (past ? after : before).push(node);
          });
        });
        var mine = rows.slice();
        rows = [];
        before.concat(mine.map(function (r) { return r.li; }), after).forEach(function (li, i) {
          var r = mine.filter(function (m) { return m.li === li; })[0];
          rows.push(r ? { li: li, home: r.home, order: i, here: true } : { li: li, home: flat, order: i, here: false });
        });
        loaded = true;
        loading = false;
        apply();
      }).catch(function () {
        loading = false;
        pages = -pages; // say the filter covers this page only
        apply();
      });
    }

    function apply() {
      var f = choice();
      var active = !!(f.outcome || f.system || f.year);
      var flatMode = f.sort !== "date" || (active && loaded && pages > 1);
      if ((active || f.sort !== "date") && !loaded && pages > 1) { loadAll(); }
      var shown = 0, total = 0;
      rows.forEach(function (r) {
        var d = r.li.dataset;
        var ok = (!f.outcome || d.outcome === f.outcome) &&
          (!f.year || d.year === f.year) &&
          (!f.system || (" " + (d.systems || "") + " ").indexOf(" " + f.system + " ") >= 0);
        // Rows of other pages show only while the list is filtered or sorted.
        if (!r.here && !flatMode) { ok = false; } else { total++; }
        r.li.hidden = !ok;
        if (ok) { shown++; }
      });
      var sorted = rows.slice();
      if (!flatMode) {
        sorted.forEach(function (r) { if (r.here) { r.home.appendChild(r.li); } });
      } else {
        sorted.sort(function (a, b) {
          if (f.sort === "overrun") {
            var x = overrun(a), y = overrun(b);
            if (x !== y) { return y - x; }
            return a.order - b.order;
          }
          return f.sort === "date-asc" ? b.order - a.order : a.order - b.order;
        });
        sorted.forEach(function (r) { flat.appendChild(r.li); });
      }
      flat.hidden = !flatMode;
      lists.forEach(function (ol) {
        var any = !flatMode && Array.prototype.some.call(ol.children, function (li) { return !li.hidden; });
        ol.hidden = !any;
        var h = ol.previousElementSibling;
        if (h && h.classList.contains("year")) { h.hidden = !any; }
      });
      var years = document.querySelector("main .years");
      if (years) { years.hidden = flatMode || !!f.year; }
      var pager = document.querySelector("main .pager");
      if (pager) { pager.hidden = flatMode && loaded; }
      if (!loading) {
        status.textContent = (active ? shown + " of " + total + " windows" : total + " windows") +
          (f.sort === "overrun" ? ", longest overrun first" : f.sort === "date-asc" ? ", oldest first" : "") +
          (pages < 0 ? " on this page (the other pages could not be loaded)" : pages > 1 && !flatMode ? " on this page (of " + pages + " pages)" : "") + ".";
      }
      var q = new URLSearchParams(location.search);
      ["outcome", "system", "year"].forEach(function (k) { if (f[k]) { q.set(k, f[k]); } else { q.delete(k); } });
      if (f.sort !== "date") { q.set("sort", f.sort); } else { q.delete("sort"); }
      var s = q.toString();
      if (history.replaceState && location.protocol !== "file:") {
        history.replaceState(null, "", location.pathname + (s ? "?" + s : "") + location.hash);
      }
    }
    function overrun(r) {
      var v = r.li.dataset.overrun;
      return v === undefined || v === "" ? -Infinity : Number(v);
    }
  }

  // ---- table of contents ---------------------------------------------------
  // The link of the section being read is marked (aria-current), so the
  // sticky table of contents says where the reader is.
  function initToc() {
    var toc = document.querySelector(".page-toc");
    if (!toc || !window.IntersectionObserver) { return; }
    var links = {};
    Array.prototype.forEach.call(toc.querySelectorAll("a[href^='#']"), function (a) { links[decodeURIComponent(a.hash.slice(1))] = a; });
    var current = null;
    var seen = new Map();
    var obs = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { seen.set(e.target.id, e.isIntersecting); });
      var first = null;
      Array.prototype.forEach.call(document.querySelectorAll(".window-sections > section[id], .window-sections > .body-section[id]"), function (s) {
        if (!first && seen.get(s.id) && links[s.id]) { first = s.id; }
      });
      if (first && first !== current) {
        if (current && links[current]) { links[current].removeAttribute("aria-current"); }
        links[first].setAttribute("aria-current", "true");
        current = first;
      }
    }, { rootMargin: "0px 0px -60% 0px" });
    Object.keys(links).forEach(function (id) { var el = document.getElementById(id); if (el) { obs.observe(el); } });
  }

  // ---- "/" on the search page ------------------------------------------------
  // The header's search box is hidden there (the page has its own big one),
  // so the "/" shortcut goes to the page's box.
  function initSlash() {
    var q = document.getElementById("search-q");
    if (!q) { return; }
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) { return; }
      e.preventDefault();
      q.focus();
      q.select();
    });
  }

  // ---- wide tables in the text ---------------------------------------------
  // A Markdown table scrolls inside its own box (style.css); one that does
  // scroll is made focusable, so that a keyboard can scroll it too.
  function initTables() {
    Array.prototype.forEach.call(document.querySelectorAll(".body-section table, .prose table"), function (table) {
      if (table.scrollWidth > table.clientWidth + 1 && !table.hasAttribute("tabindex")) { table.setAttribute("tabindex", "0"); }
    });
  }

  function init() { initScheme(); initCopy(); initFilter(); initToc(); initSlash(); initTables(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
