// The run sheet of a window (/windows/<id>/run/). Without this script the
// page is the numbered list of tasks and steps. With it: a clock against
// the planned end, a tick per step and a status per task, each recorded with
// its time in localStorage (per window, so a reload or a dropped connection
// loses nothing), and the ## Tasks section as Markdown with statuses and
// actual: durations, ready to paste into the window file.
//
// Tests drive time through window.wrapupClock (a function returning
// milliseconds) and redraw with window.wrapupRunSheet.refresh().
(function () {
  "use strict";
  var sheet = document.getElementById("runsheet");
  if (!sheet) return;
  var now = function () { return window.wrapupClock ? window.wrapupClock() : Date.now(); };
  var tz = sheet.dataset.tz || "UTC";
  var start = Date.parse(sheet.dataset.start), plannedEnd = Date.parse(sheet.dataset.plannedEnd);
  var rootMeta = document.querySelector('meta[name="wrapup-root"]');
  var root = new URL(rootMeta ? rootMeta.content : "./", location.href).pathname;
  var key = "wrapup:" + root + ":run:" + sheet.dataset.window;
  var STATUSES = [["done", "Done"], ["partial", "Partial"], ["failed", "Failed"], ["rolled-back", "Rolled back"], ["dropped", "Dropped"]];

  function load() {
    try {
      var s = JSON.parse(localStorage.getItem(key) || "null");
      if (s && s.v === 2) return follow(s);
    } catch (e) { /* unreadable: start again */ }
    return { v: 2, tasks: {}, steps: {}, finished: null, impact: sheet.dataset.impact || "" };
  }
  // What was recorded stays with its task or step when the plan is edited
  // and the site rebuilt during the window: each record keeps the Markdown
  // of what it was for, and moves to the task or step that now has it.
  function follow(s) {
    [["tasks", tasks], ["steps", steps]].forEach(function (kind) {
      var old = s[kind[0]] || {}, byMd = {}, out = {};
      Object.keys(old).forEach(function (n) { if (old[n] && old[n].md) byMd[old[n].md] = old[n]; });
      kind[1].forEach(function (x) {
        var v = old[x.n];
        if (!v || v.md !== x.md) v = byMd[x.md];
        if (v) out[x.n] = v;
      });
      s[kind[0]] = out;
    });
    return s;
  }
  var saved = true;
  function save() {
    try { localStorage.setItem(key, JSON.stringify(state)); saved = true; } catch (e) { saved = false; }
    draw();
  }

  // Times in the site's time zone: "22:05", and "2013-01-19 22:05" for end:.
  var parts = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  function fields(ms) {
    var o = {};
    parts.formatToParts(new Date(ms)).forEach(function (p) { o[p.type] = p.value; });
    return o;
  }
  function clock(ms) { var f = fields(ms); return f.hour + ":" + f.minute; }
  function stamp(ms) { var f = fields(ms); return f.year + "-" + f.month + "-" + f.day + " " + f.hour + ":" + f.minute; }
  // Minutes as the format writes durations: 45m, 1h10m, 2h.
  function dur(min) {
    var h = Math.floor(min / 60), m = min % 60;
    return (h ? h + "h" : "") + (m || !h ? m + "m" : "");
  }
  function span(ms) {
    var min = Math.round(Math.abs(ms) / 60000), h = Math.floor(min / 60);
    if (h >= 48) return Math.round(h / 24) + " days";
    return (h ? h + "h " : "") + (min % 60) + "m";
  }

  var tasks = [].map.call(sheet.querySelectorAll("[data-task]"), function (li) {
    return {
      li: li, n: li.dataset.task, md: li.dataset.md, planned: +li.dataset.planned || 0,
      actual: +li.dataset.actual || 0, recorded: li.dataset.status,
      steps: [].map.call(li.querySelectorAll("[data-step]"), function (s) {
        return { li: s, n: s.dataset.step, md: s.dataset.md, recorded: s.dataset.status };
      })
    };
  });
  var steps = [];
  tasks.forEach(function (t) { steps = steps.concat(t.steps); });
  var state = load();
  function taskState(t) { return state.tasks[t.n] || { md: t.md }; }
  function status(t) { var s = taskState(t); return s.status !== undefined ? s.status : t.recorded; }
  function stepDone(s) { var v = state.steps[s.n]; return v ? !!v.at : s.recorded === "done"; }

  // A task's actual time runs from its Start (or the end of the task
  // finished before it, or the window's start) to when its status was set.
  function actual(t) {
    var s = taskState(t);
    if (!s.ended) return status(t) && status(t) !== "dropped" ? t.actual : 0;
    var from = s.started;
    if (!from) {
      from = state.started || start;
      tasks.forEach(function (o) {
        var e = taskState(o).ended;
        if (o !== t && e && e <= s.ended && e > from) from = e;
      });
    }
    return Math.max(1, Math.round((s.ended - from) / 60000));
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function button(label, cls, fn) {
    var b = el("button", "tool-btn " + (cls || ""), label);
    b.type = "button";
    b.addEventListener("click", fn);
    return b;
  }

  // Controls: a Start and a button per status for each task, a tick per step.
  tasks.forEach(function (t) {
    var bar = el("div", "rs-controls");
    t.startBtn = button("Start", "rs-start", function () {
      var s = state.tasks[t.n] = taskState(t);
      s.started = s.started ? null : now();
      save();
    });
    bar.appendChild(t.startBtn);
    t.statusBtns = STATUSES.map(function (st) {
      var b = button(st[1], "rs-status s-" + st[0], function () {
        var s = state.tasks[t.n] = taskState(t);
        if (status(t) === st[0]) { s.status = ""; s.ended = null; } else { s.status = st[0]; s.ended = st[0] === "dropped" ? null : now(); }
        save();
      });
      b.dataset.status = st[0];
      bar.appendChild(b);
      return b;
    });
    t.info = el("span", "rs-info");
    bar.appendChild(t.info);
    t.li.querySelector(".rs-line").after(bar);
    var rec = t.li.querySelector("[data-recorded]");
    if (rec) rec.remove();
    t.steps.forEach(function (s) {
      s.box = el("button", "rs-tick");
      s.box.type = "button";
      s.box.setAttribute("aria-label", "Step " + s.n + " done");
      s.box.addEventListener("click", function () {
        state.steps[s.n] = { at: stepDone(s) ? 0 : now(), md: s.md };
        save();
      });
      s.time = el("span", "rs-info");
      var line = s.li.querySelector(".rs-line");
      line.prepend(s.box);
      line.append(s.time);
    });
  });

  var clockBox = sheet.querySelector("[data-clock]");
  var copyBox = sheet.querySelector("[data-copy]");
  var out = sheet.querySelector("[data-md-out]");
  var notes = sheet.querySelector("[data-notes]");
  var impact = sheet.querySelector("[data-impact]");
  var finishBtn = sheet.querySelector("[data-finish]");
  clockBox.hidden = false;
  copyBox.hidden = false;
  impact.value = state.impact || "";
  impact.addEventListener("change", function () { state.impact = impact.value; save(); });
  finishBtn.addEventListener("click", function () { state.finished = state.finished ? null : now(); save(); });
  sheet.querySelector("[data-clear]").addEventListener("click", function () {
    if (!confirm("Clear every tick and time of this run sheet, in this browser?")) return;
    state = { v: 2, tasks: {}, steps: {}, finished: null, impact: "" };
    impact.value = "";
    save();
  });
  sheet.querySelector("[data-copy-btn]").addEventListener("click", function () {
    var done = sheet.querySelector("[data-copied]");
    var text = out.value;
    var fallback = function () {
      out.focus();
      out.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      done.textContent = ok ? "Copied." : "Select the text above and copy it.";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done.textContent = "Copied."; }, fallback);
    } else fallback();
  });

  function markdown() {
    var lines = [], missing = [];
    if (state.finished) lines.push("end: " + stamp(state.finished));
    if (state.impact) lines.push("impact: " + state.impact);
    if (lines.length) lines.push("");
    lines.push("## Tasks");
    tasks.forEach(function (t) {
      var st = status(t), line = t.n + ". " + t.md;
      if (st) line += " [" + st + "]"; else missing.push(t.n);
      if (t.planned) line += " planned:" + dur(t.planned);
      var a = st && st !== "dropped" ? actual(t) : 0;
      if (a) line += " actual:" + dur(a);
      lines.push(line);
      var pad = new Array(t.n.length + 3).join(" ");
      t.steps.forEach(function (s, i) {
        lines.push(pad + (i + 1) + ". " + s.md + (stepDone(s) ? " [done]" : s.recorded && s.recorded !== "done" ? " [" + s.recorded + "]" : ""));
      });
    });
    return { text: lines.join("\n") + "\n", missing: missing };
  }

  function draw() {
    var t0 = now(), from = state.started || start;
    var left = plannedEnd - t0, remaining = 0, open = 0;
    tasks.forEach(function (t) {
      var s = taskState(t), st = status(t);
      t.li.dataset.state = st || (s.started ? "running" : "");
      if (!st) { open++; remaining += t.planned; }
      t.startBtn.setAttribute("aria-pressed", s.started ? "true" : "false");
      t.startBtn.textContent = s.started ? "Started " + clock(s.started) : "Start";
      t.startBtn.hidden = !!st;
      t.statusBtns.forEach(function (b) { b.setAttribute("aria-pressed", b.dataset.status === st ? "true" : "false"); });
      var info = "";
      if (st && s.ended) info = st.replace("-", " ") + " " + clock(s.ended) + " · took " + dur(actual(t));
      else if (st && t.actual) info = "took " + dur(t.actual);
      else if (s.started) info = "running " + span(t0 - s.started) + (t.planned ? " of " + dur(t.planned) : "");
      t.info.textContent = info;
      t.steps.forEach(function (p) {
        var on = stepDone(p), at = state.steps[p.n] && state.steps[p.n].at;
        p.box.setAttribute("aria-pressed", on ? "true" : "false");
        p.box.textContent = on ? "✓" : "";
        p.li.dataset.state = on ? "done" : "";
        p.time.textContent = on && at ? " " + clock(at) : "";
      });
    });
    var end = state.finished || (sheet.dataset.end ? Date.parse(sheet.dataset.end) : 0);
    var lines = [];
    lines.push("<strong>" + clock(t0) + "</strong> now");
    if (end) {
      var over = end - plannedEnd;
      lines.push("finished " + clock(end) + ", " + (over > 0 ? span(over) + " late" : over < 0 ? span(over) + " early" : "on time"));
    } else if (t0 < from) {
      lines.push("starts in " + span(from - t0));
    } else {
      lines.push("running " + span(t0 - from));
      lines.push(left >= 0 ? '<span class="ok">' + span(left) + " to the planned end " + clock(plannedEnd) + "</span>" : '<span class="no">' + span(left) + " past the planned end " + clock(plannedEnd) + "</span>");
      if (open) lines.push(open + (open === 1 ? " task" : " tasks") + " left" + (remaining ? ", " + dur(remaining) + " planned" : "") + (remaining * 60000 > left ? ' <span class="no">(over the time left)</span>' : ""));
    }
    if (!saved) lines.push('<span class="no">this browser does not keep the sheet (storage is off)</span>');
    clockBox.innerHTML = "<p>" + lines.join(" · ") + "</p>";
    finishBtn.textContent = state.finished ? "Finished " + clock(state.finished) + " (undo)" : "Window finished now";
    var md = markdown();
    out.value = md.text;
    var n = [];
    if (md.missing.length) n.push("No status yet for task " + md.missing.join(", ") + ": a held window needs one for every task.");
    if (!state.finished && !sheet.dataset.end) n.push("Press “Window finished now” at the end to get the end: line.");
    if (state.finished && !state.impact) n.push("Choose the production impact: a held window needs impact:.");
    notes.textContent = n.join(" ");
  }

  window.addEventListener("storage", function (e) { if (e.key === key) { state = load(); draw(); } });
  window.wrapupRunSheet = { refresh: draw };
  draw();
  setInterval(draw, 5000);
})();
