// wrapup dev server: live reload over Server-Sent Events, on the port that
// serves the site. The server sends a "hello" event on every connection and
// a "build" event after every rebuild.
(function () {
  "use strict";
  if (window.__wrapupLiveReload) return;
  window.__wrapupLiveReload = true;

  var script = document.currentScript;
  var eventsURL = new URL("events", script.src).href;
  var meta = document.querySelector('meta[name="wrapup-root"]');
  var rootURL = new URL(meta ? meta.content : "./", location.href);
  // The build this page came from, as the server's Server-Timing header
  // names it: a stream that connects after a newer build (saved while the
  // page loaded) then reloads at its first hello instead of taking the newer
  // build for the page's own. Browsers show the header to scripts in secure
  // contexts only (loopback is one); elsewhere the first hello is the page's.
  var lastID = pageBuild();
  var overlay = null;

  function pageBuild() {
    try {
      var nav = performance.getEntriesByType("navigation")[0];
      var timings = (nav && nav.serverTiming) || [];
      for (var i = 0; i < timings.length; i++) {
        if (timings[i].name === "wrapup" && timings[i].description) return timings[i].description;
      }
    } catch (e) { /* no Performance API: take the first hello */ }
    return null;
  }

  // The page's URL relative to the site root, as the server names pages:
  // "/windows/x/", "/404.html".
  function pagePath() {
    var p = location.pathname;
    if (p.indexOf(rootURL.pathname) === 0) p = p.slice(rootURL.pathname.length);
    p = "/" + p.replace(/^\/+/, "");
    return p.replace(/index\.html$/, "");
  }

  // The overlay brings its own style: a site's theme may replace style.css.
  var css = [
    "#wrapup-error-overlay{position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.55);display:flex;align-items:flex-start;justify-content:center;padding:6vh 1rem;overflow:auto;font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif}",
    "#wrapup-error-overlay .wrapup-error-box{background:#fff;color:#1a1a1a;border-top:6px solid #b3261e;border-radius:8px;max-width:52rem;width:100%;padding:1.25rem 1.5rem;box-shadow:0 10px 40px rgba(0,0,0,.35)}",
    "#wrapup-error-overlay h2{margin:0 0 .25rem;font-size:1.25rem;color:#b3261e}",
    "#wrapup-error-overlay p{margin:0 0 1rem;color:#555}",
    "#wrapup-error-overlay ol{margin:0 0 1rem;padding-left:1.25rem}",
    "#wrapup-error-overlay li{margin:.5rem 0}",
    "#wrapup-error-overlay .wrapup-error-where{display:block;font:600 .95rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#1a1a1a;overflow-wrap:anywhere}",
    "#wrapup-error-overlay .wrapup-error-message{display:block;white-space:pre-wrap;overflow-wrap:anywhere}",
    "#wrapup-error-overlay .wrapup-error-source{margin:.4rem 0 0;padding:.5rem .75rem;background:#f4f4f4;color:#1a1a1a;border-radius:4px;overflow:auto;tab-size:4;font:.9rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}",
    "#wrapup-error-overlay button{font:inherit;padding:.3rem .9rem;border:1px solid #888;border-radius:6px;background:#f3f3f3;color:#1a1a1a;cursor:pointer}",
    "@media (prefers-color-scheme: dark){#wrapup-error-overlay .wrapup-error-box{background:#1e1e1e;color:#eee}#wrapup-error-overlay p{color:#bbb}#wrapup-error-overlay .wrapup-error-where{color:#fff}#wrapup-error-overlay h2{color:#ff8a80}#wrapup-error-overlay .wrapup-error-source{background:#2a2a2a;color:#eee}#wrapup-error-overlay button{background:#333;color:#eee;border-color:#666}}"
  ].join("\n");

  function showErrors(errors) {
    hideErrors();
    if (!document.getElementById("wrapup-error-style")) {
      var st = document.createElement("style");
      st.id = "wrapup-error-style";
      st.textContent = css;
      document.head.appendChild(st);
    }
    overlay = document.createElement("div");
    overlay.id = "wrapup-error-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", "wrapup-error-title");
    var box = document.createElement("div");
    box.className = "wrapup-error-box";
    var h = document.createElement("h2");
    h.id = "wrapup-error-title";
    h.textContent = errors.length === 1 ? "The site did not build: 1 error" : "The site did not build: " + errors.length + " errors";
    box.appendChild(h);
    var note = document.createElement("p");
    note.textContent = "Fix the file and save it: this page reloads by itself. Until then it shows the last good build.";
    box.appendChild(note);
    var list = document.createElement("ol");
    errors.forEach(function (e) {
      var li = document.createElement("li");
      var where = document.createElement("code");
      where.className = "wrapup-error-where";
      where.textContent = e.where;
      li.appendChild(where);
      var msg = document.createElement("span");
      msg.className = "wrapup-error-message";
      msg.textContent = e.message; // text, never HTML: messages quote the author's file
      li.appendChild(msg);
      if (e.source) {
        // The line as written, with a caret under the column.
        var pre = document.createElement("pre");
        pre.className = "wrapup-error-source";
        var num = String(e.line);
        pre.textContent = num + " | " + e.source + "\n" + num.replace(/./g, " ") + " | " + (e.caret || "");
        li.appendChild(pre);
      }
      list.appendChild(li);
    });
    box.appendChild(list);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", hideErrors);
    box.appendChild(close);
    overlay.appendChild(box);
    document.body.appendChild(overlay);
  }

  function hideErrors() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  function swapStylesheets(id) {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var u = new URL(link.href);
      u.searchParams.set("wrapup", id);
      // Load the new sheet beside the old one and drop the old one when it
      // has loaded, so the page never shows unstyled.
      var next = link.cloneNode();
      next.href = u.href;
      next.addEventListener("load", function () { link.remove(); });
      next.addEventListener("error", function () { next.remove(); });
      link.after(next);
    });
  }

  // goToNearestParent leaves a page that no longer exists for the closest
  // folder above it that does.
  function goToNearestParent() {
    var parts = pagePath().split("/").filter(Boolean);
    function tryNext() {
      parts.pop();
      var target = new URL(parts.length ? parts.join("/") + "/" : "./", rootURL).href;
      if (!parts.length) { location.href = target; return; }
      fetch(target, { method: "HEAD", cache: "no-store" }).then(function (r) {
        if (r.ok) location.href = target; else tryNext();
      }, function () { location.href = target; });
    }
    tryNext();
  }

  function onBuild(b) {
    var had = overlay !== null;
    lastID = b.id;
    if (!b.ok) { showErrors(b.errors || []); return; }
    if (had) { location.reload(); return; }
    if (b.css) { swapStylesheets(b.id); return; }
    var here = pagePath();
    if ((b.removed || []).indexOf(here) >= 0) { goToNearestParent(); return; }
    if (b.all || (b.updated || []).indexOf(here) >= 0) location.reload();
  }

  var es = null;

  function connect() {
    if (es) return;
    es = new EventSource(eventsURL);
    es.addEventListener("hello", function (ev) {
      var b = JSON.parse(ev.data);
      // A different id after a reconnect: the server restarted or rebuilt
      // while we were away.
      if (lastID !== null && b.id !== lastID) { location.reload(); return; }
      lastID = b.id;
      if (!b.ok) showErrors(b.errors || []); else hideErrors();
    });
    es.addEventListener("build", function (ev) { onBuild(JSON.parse(ev.data)); });
    // EventSource reconnects by itself (the server asks for 500ms).
  }

  // A page kept in the back-forward cache would keep its stream open, and
  // after a few pages the browser's six connections per host are all held
  // by hidden pages: every further load waits. Close the stream when the
  // page is hidden; open it again when the page comes back from the cache
  // (the hello event then reloads it when the site was rebuilt meanwhile).
  window.addEventListener("pagehide", function () {
    if (es) es.close();
    es = null;
  });
  window.addEventListener("pageshow", function (ev) {
    if (!ev.persisted) return;
    // Left before its first hello, the page cannot tell whether the site
    // was rebuilt while it was away: reload it to be sure.
    if (lastID === null) { location.reload(); return; }
    connect();
  });
  connect();
})();
