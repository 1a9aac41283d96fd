// The wrap-up meeting page of a window (/windows/<id>/wrap-up/). Without
// this script the page shows the agenda, the attendees and the actions to
// review. With it: a timer that walks the agenda in the minutes wrapup.yaml
// gives each item, a chip per attendee to tap once they have spoken, fields
// to jot what was said, all kept in localStorage under the window's id, and
// the sections as Markdown with the speakers' handles, so that the window
// page's participation comes from what was said.
//
// Tests drive time through window.wrapupClock (a function returning
// milliseconds) and redraw with window.wrapupMeeting.refresh().
(function () {
  "use strict";
  var page = document.getElementById("meeting");
  if (!page) return;
  var now = function () { return window.wrapupClock ? window.wrapupClock() : Date.now(); };
  var rootMeta = document.querySelector('meta[name="wrapup-root"]');
  var root = new URL(rootMeta ? rootMeta.content : "./", location.href).pathname;
  var key = "wrapup:" + root + ":wrap-up:" + page.dataset.window;
  var SPOKEN = { went_well: 1, went_wrong: 1, lucky: 1, ideas: 1 }; // FORMAT.md rule 19
  var HANDLE = /(^|[\s(\[{"'])@([a-z0-9][a-z0-9._-]*)/gi;

  var agenda = [].map.call(page.querySelectorAll("[data-agenda]"), function (li) {
    return { li: li, key: li.dataset.agenda, label: li.querySelector(".ag-label").textContent, ms: (+li.dataset.minutes || 0) * 60000, left: li.querySelector("[data-left]") };
  });
  var ends = [], total = 0;
  agenda.forEach(function (a) { total += a.ms; ends.push(total); });
  var chips = [].slice.call(page.querySelectorAll("[data-handle]"));
  var attendees = chips.map(function (c) { return c.dataset.handle; });
  var sections = [].map.call(page.querySelectorAll("[data-section]"), function (s) {
    return { el: s, kind: s.dataset.section, heading: s.dataset.heading, list: s.querySelector(".mt-items"), form: s.querySelector("[data-add]") };
  });

  function fresh() {
    var s = { v: 1, timer: { acc: 0, since: null }, heard: {}, items: {} };
    sections.forEach(function (sec) {
      s.items[sec.kind] = [].map.call(sec.list.children, function (li) { return li.dataset.md; });
    });
    return s;
  }
  function load() {
    try {
      var s = JSON.parse(localStorage.getItem(key) || "null");
      if (s && s.v === 1) return s;
    } catch (e) { /* unreadable: start again */ }
    return fresh();
  }
  var state = load(), saved = true;
  function save() {
    try { localStorage.setItem(key, JSON.stringify(state)); saved = true; } catch (e) { saved = false; }
    draw();
  }

  // The timer: acc is the time run before the last Start, since when it
  // was started (null while paused).
  function elapsed() { var t = state.timer; return t.acc + (t.since ? now() - t.since : 0); }
  function current(e) { for (var i = 0; i < ends.length; i++) if (e < ends[i]) return i; return ends.length; }
  function mmss(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }
  var startBtn = page.querySelector("[data-start]");
  startBtn.addEventListener("click", function () {
    var t = state.timer;
    if (t.since) { t.acc += now() - t.since; t.since = null; } else t.since = now();
    save();
  });
  page.querySelector("[data-next]").addEventListener("click", function () {
    var i = current(elapsed());
    if (i >= ends.length) return;
    state.timer.acc = ends[i];
    if (state.timer.since) state.timer.since = now();
    save();
  });
  page.querySelector("[data-reset]").addEventListener("click", function () {
    state.timer = { acc: 0, since: null };
    save();
  });

  chips.forEach(function (c) {
    c.disabled = false; // the chips do something only with this script
    c.addEventListener("click", function () {
      var h = c.dataset.handle;
      if (state.heard[h]) delete state.heard[h]; else { state.heard[h] = now(); state.speaker = h; }
      save();
    });
  });

  function handles(md) {
    var out = [], m;
    HANDLE.lastIndex = 0;
    while ((m = HANDLE.exec(md))) out.push(m[2].toLowerCase().replace(/[._-]+$/, ""));
    return out;
  }
  // Who the notes say spoke: the handles of went-well, went-wrong, lucky and
  // idea items, as the build counts them.
  function inNotes() {
    var set = {};
    sections.forEach(function (sec) {
      if (!SPOKEN[sec.kind]) return;
      (state.items[sec.kind] || []).forEach(function (md) { handles(md).forEach(function (h) { set[h] = true; }); });
    });
    return set;
  }

  sections.forEach(function (sec) {
    var input = sec.form.elements.text, who = sec.form.elements.who;
    sec.form.addEventListener("submit", function (e) {
      e.preventDefault();
      var text = input.value.replace(/\s+/g, " ").trim();
      if (!text) return;
      var h = who.value;
      if (h && handles(text).indexOf(h) < 0) text += " @" + h;
      if (sec.kind === "next_time" && !/^\[[ xX]\] /.test(text)) text = "[ ] " + text;
      (state.items[sec.kind] = state.items[sec.kind] || []).push(text);
      input.value = "";
      save();
      input.focus();
    });
  });

  function markdown() {
    var out = [];
    sections.forEach(function (sec) {
      var items = state.items[sec.kind] || [];
      if (!items.length) return;
      if (out.length) out.push("");
      out.push("## " + sec.heading);
      items.forEach(function (md) { out.push("- " + md); });
    });
    return out.length ? out.join("\n") + "\n" : "";
  }

  // The timer and agenda, redrawn every second.
  function tick() {
    var e = elapsed(), i = current(e), running = !!state.timer.since;
    agenda.forEach(function (a, k) {
      a.li.className = k < i ? "is-done" : k === i && (running || e > 0) ? "is-current" : "";
      a.left.textContent = k === i && (running || e > 0) ? mmss(ends[k] - e) + " left" : "";
    });
    page.querySelector("[data-current]").textContent = i < agenda.length ? agenda[i].label : "Time is up";
    page.querySelector("[data-clock]").textContent = i < agenda.length ? mmss(ends[i] - e) : "+" + mmss(e - total);
    page.querySelector("[data-total]").textContent = mmss(Math.min(e, total)) + " of " + mmss(total) + (running ? "" : e ? " · paused" : "");
    var box = page.querySelector("[data-timer]");
    box.dataset.over = i >= agenda.length ? "true" : "false";
    box.dataset.last = i < agenda.length && ends[i] - e <= 60000 ? "true" : "false";
    // The fields of the item under discussion stand out.
    sections.forEach(function (sec) {
      sec.el.dataset.current = (running || e > 0) && i < agenda.length && sec.el.dataset.agendaOf === agenda[i].key ? "true" : "false";
    });
    startBtn.textContent = running ? "Pause" : e ? "Resume" : "Start";
  }

  function draw() {
    tick();

    // Participation: tapped, or named in the notes.
    var notes = inNotes(), heard = 0, written = 0, still = [], unwritten = [];
    chips.forEach(function (c) {
      var h = c.dataset.handle, tapped = !!state.heard[h], said = !!notes[h];
      c.setAttribute("aria-pressed", tapped || said ? "true" : "false");
      c.dataset.current = state.speaker === h ? "true" : "false";
      if (tapped || said) heard++; else still.push(c.textContent.trim());
      if (said) written++; else if (tapped) unwritten.push("@" + h);
    });
    var count = page.querySelector("[data-count]"), stillBox = page.querySelector("[data-still]");
    if (count) {
      count.innerHTML = "";
      var big = document.createElement("strong");
      big.dataset.heard = heard;
      big.textContent = heard + " of " + attendees.length + " heard";
      count.appendChild(big);
      var w = document.createElement("span");
      w.dataset.written = written;
      w.textContent = " · " + written + " of " + attendees.length + " in the notes (what the window page will count)";
      count.appendChild(w);
      // Someone the notes name who is not in attendees is a warning in the
      // build, and not counted: say so while it is easy to fix.
      var strangers = Object.keys(notes).filter(function (h) { return attendees.indexOf(h) < 0; }).map(function (h) { return "@" + h; });
      stillBox.textContent = (still.length ? "Still to be heard: " + still.join(", ") + "." : "Everyone has been heard.") +
        (unwritten.length ? " Nothing jotted yet for " + unwritten.join(", ") + "." : "") +
        (strangers.length ? " Not in attendees (add to the front matter): " + strangers.join(", ") + "." : "");
      stillBox.dataset.done = still.length ? "false" : "true";
    }

    // Notes: each section's items, newest last, with a remove button, and
    // the speaker preselected in every field.
    sections.forEach(function (sec) {
      sec.list.innerHTML = "";
      (state.items[sec.kind] || []).forEach(function (md, k) {
        var li = document.createElement("li");
        li.dataset.md = md;
        li.appendChild(document.createTextNode(md + " "));
        var x = document.createElement("button");
        x.type = "button";
        x.className = "tool-link";
        x.textContent = "remove";
        x.setAttribute("aria-label", "Remove: " + md);
        x.addEventListener("click", function () { state.items[sec.kind].splice(k, 1); save(); });
        li.appendChild(x);
        sec.list.appendChild(li);
      });
      if (sec.kind !== "next_time" && state.speaker && document.activeElement !== sec.form.elements.who) sec.form.elements.who.value = state.speaker;
    });
    page.querySelector("[data-md-out]").value = markdown();
    var copied = page.querySelector("[data-copied]");
    if (!saved) copied.textContent = "This browser does not keep the notes (storage is off): copy them before you leave.";
  }

  page.querySelector("[data-copy-btn]").addEventListener("click", function () {
    var out = page.querySelector("[data-md-out]"), done = page.querySelector("[data-copied]");
    var fallback = function () {
      out.focus();
      out.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      done.textContent = ok ? "Copied." : "Select the text above and copy it.";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(out.value).then(function () { done.textContent = "Copied."; }, fallback);
    } else fallback();
  });
  page.querySelector("[data-clear]").addEventListener("click", function () {
    if (!confirm("Clear the timer, the chips and the notes of this wrap-up, in this browser?")) return;
    state = fresh();
    save();
  });

  page.querySelector("[data-timer]").hidden = false;
  page.querySelector("[data-notes-js]").hidden = false;
  var help = page.querySelector("[data-chip-help]");
  if (help) help.hidden = false;
  window.addEventListener("storage", function (ev) { if (ev.key === key) { state = load(); draw(); } });
  window.wrapupMeeting = { refresh: draw };
  draw();
  setInterval(tick, 1000);
})();
