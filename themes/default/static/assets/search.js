// search.js: the site search. It loads the static index written by
// generator/search piece by piece (script files, over HTTP as from file://),
// runs queries with the same rules as generator/search/query.go, and drives
// the search box in the header and the /search/ page. No framework.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="wrapup-root"]');
  var root = meta ? meta.getAttribute("content") : "./";
  var base = root + "search/";
  var fromDisk = location.protocol === "file:";
  // STOP mirrors the English stop words of github.com/kljensen/snowball
  // (a Go test keeps the two lists equal).
  var STOP = new Set(("a about above after again against all am an and any are as at be because been before being below " +
    "between both but by can did do does doing don down during each few for from further had has have having he her here " +
    "hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on " +
    "once only or other our ours ourselves out over own s same she should so some such t than that the their theirs them " +
    "themselves then there these they this those through to too under until up very was we were what when where which " +
    "while who whom why will with you your yours yourself yourselves").split(" "));
  var KIND_LABEL = { window: "Window", section: "Section", task: "Task", step: "Step", went_well: "Went well",
    went_wrong: "Went wrong", lucky: "Lucky", action: "Action", idea: "Idea", person: "Person", page: "Page" };
  var FACET_LABEL = { kind: "Kind", system: "System", tag: "Tag", person: "Person", outcome: "Outcome", year: "Year", action: "Action" };
  var MAX_PREFIX_CHUNKS = 2, MAX_PREFIX_TERMS = 32, MIN_PREFIX = 2, PAGE = 20;
  // EXACT_BONUS, MAX_MASK_FORMS and TOP_K are exactBonus, maxMaskForms and
  // TopK of generator/search/index.go; MAX_SUGGESTIONS is MaxSuggestions.
  var EXACT_BONUS = 256, MAX_MASK_FORMS = 31, MAX_SUGGESTIONS = 3, TOP_K = 20;

  // ---- loading -------------------------------------------------------------
  // Every index file is a script that calls wrapupSearchData(name, data): a
  // script tag loads it the same way over HTTP and from file://, where fetch
  // is not allowed.
  // A file whose data is a string is packed: the base64 of zlib-compressed
  // JSON (document fragments, facet values), inflated by the browser.
  var files = {}, waiting = {};
  window.wrapupSearchData = function (name, data) {
    if (waiting[name]) { waiting[name](typeof data === "string" ? unpack(data) : data); delete waiting[name]; }
  };
  function unpack(s) {
    if (!window.DecompressionStream) { return Promise.reject(new Error("this browser cannot read the compressed index")); }
    var stream = new Blob([b64bytes(s)]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).json();
  }
  function load(name) {
    if (!files[name]) {
      files[name] = new Promise(function (resolve, reject) {
        waiting[name] = resolve;
        var s = document.createElement("script");
        s.src = base + name + ".js";
        // The entry is never cached: it names the hashed files of this build.
        if (name === "entry" && !fromDisk) { s.src += "?v=" + Date.now(); }
        s.onload = function () {
          if (waiting[name]) { delete waiting[name]; reject(new Error("no index data in " + s.src)); }
          s.remove();
        };
        s.onerror = function () { delete waiting[name]; s.remove(); reject(new Error("cannot load " + s.src)); };
        document.head.appendChild(s);
      });
      files[name].catch(function () { delete files[name]; });
    }
    return files[name];
  }

  // ---- text ----------------------------------------------------------------
  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter("en", { granularity: "word" }) : null;
  function fold(s) {
    return s.normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC").toLowerCase().replace(/ß/g, "ss").replace(/’/g, "'");
  }
  // segments: every piece of text, with word: true for words (letters or digits).
  function segments(text) {
    var out = [];
    if (segmenter) {
      for (var s of segmenter.segment(text)) { out.push({ text: s.segment, word: /[\p{L}\p{N}]/u.test(s.segment) }); }
    } else {
      text.split(/([\p{L}\p{N}_'’.]+)/u).forEach(function (t) { if (t) { out.push({ text: t, word: /[\p{L}\p{N}]/u.test(t) }); } });
    }
    return out;
  }
  function words(text) {
    var out = [], pos = 0;
    segments(text).forEach(function (s) {
      if (!s.word) { return; }
      var form = fold(s.text);
      out.push({ form: form, pos: pos++, stop: STOP.has(form) });
    });
    return out;
  }

  // ---- index lookups -------------------------------------------------------
  function bound(list, key) { // the last range whose first key is <= key
    var lo = 0, hi = list.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (list[mid][0] <= key) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }
  function chunkFor(entry, form) { return load(entry.t[bound(entry.t, form)][1]); }
  function b64bytes(s) {
    var bin = atob(s), b = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { b[i] = bin.charCodeAt(i); }
    return b;
  }
  function varints(bytes) {
    var out = [], v = 0, shift = 0;
    for (var i = 0; i < bytes.length; i++) {
      v += (bytes[i] & 127) * Math.pow(2, shift);
      if (bytes[i] < 128) { out.push(v); v = 0; shift = 0; } else { shift += 7; }
    }
    return out;
  }
  // postings: a term's documents in id order, {doc, imp}; with positions set
  // (phrases), each with pos, its positions, from the positions files.
  var postingsCache = {}, positionsCache = {};
  async function postings(entry, term, positions) {
    var list = postingsCache[term];
    if (!list) {
      var m = await load(entry.m);
      var file = await load(m.p[bound(m.p, term)][1]);
      // The number of forms with masks, then per document: the id gap,
      // the impact and, with forms, the mask (encodePostings in write.go).
      var b = b64bytes(file[term] || ""), i = 0, doc = 0;
      var uvarint = function () {
        var v = 0, shift = 0, c;
        do { c = b[i++]; v += (c & 127) * Math.pow(2, shift); shift += 7; } while (c >= 128);
        return v;
      };
      list = [];
      var masked = b.length ? uvarint() > 0 : false;
      while (i < b.length) {
        doc += uvarint();
        var p = { doc: doc, imp: b[i++] };
        if (masked) { p.mask = uvarint(); }
        list.push(p);
      }
      postingsCache[term] = list;
    }
    if (positions && !positionsCache[term]) {
      var mp = await load(entry.m);
      var pf = await load(mp.pos[bound(mp.pos, term)][1]);
      var vs = varints(b64bytes(pf[term] || "")), k = 0;
      list.forEach(function (p) {
        var n = vs[k++], pos = [], at = 0;
        for (var j = 0; j < n; j++) { at += vs[k++]; pos.push(at); }
        p.pos = pos;
      });
      positionsCache[term] = true;
    }
    return list;
  }
  // facetColumn: the facet values of a term's documents, doc -> values per
  // facet (entry.facets order), from the facets files (see encodeFacets in
  // generator/search/facets.go for the format).
  var facetCache = {};
  async function facetColumn(entry, term) {
    if (!facetCache[term]) {
      var m = await load(entry.m), list = await postings(entry, term);
      var file = await load(m.f[bound(m.f, term)][1]);
      var b = b64bytes(file[term] || ""), i = 0;
      var next = function () {
        var v = 0, shift = 0, c;
        do { c = b[i++]; v += (c & 127) * Math.pow(2, shift); shift += 7; } while (c >= 128);
        return v;
      };
      var values = function () { var out = [], n = next(); for (var k = 0; k < n; k++) { out.push(next()); } return out; };
      var kinds = entry.values[0].length, outcomes = entry.values[4].length, win = null, col = new Map();
      list.forEach(function (p) {
        var head = next(), newWindow = head % 2;
        head = (head - newWindow) / 2;
        var kind = head % kinds, action = (head - kind) / kinds, tags = values(), people = values();
        if (newWindow) {
          var systems = values(), oy = next();
          win = { systems: systems, outcome: oy ? [(oy - 1) % outcomes] : [], year: oy ? [Math.floor((oy - 1) / outcomes)] : [] };
        }
        col.set(p.doc, [[kind], win.systems, tags, people, win.outcome, win.year, action ? [action - 1] : []]);
      });
      facetCache[term] = col;
    }
    return facetCache[term];
  }
  // facets returns the facet values of every document a query can return:
  // each result holds every clause, so the documents of one clause are
  // enough, the one with the fewest (a phrase: its rarest word).
  async function facets(entry, parsed) {
    var best = null, least = Infinity;
    parsed.clauses.forEach(function (c) {
      var terms = c.terms;
      if (c.phrase) {
        terms = [c.phrase.map(function (p) { return p.term; }).sort(function (a, b) { return parsed.info[a][0] - parsed.info[b][0]; })[0]];
      }
      var n = terms.reduce(function (sum, t) { return sum + parsed.info[t][0]; }, 0);
      if (n < least) { least = n; best = terms; }
    });
    var cols = await Promise.all(best.map(function (t) { return facetColumn(entry, t); }));
    if (cols.length === 1) { return cols[0]; }
    var all = new Map();
    cols.forEach(function (col) { col.forEach(function (v, d) { all.set(d, v); }); });
    return all;
  }

  // parse resolves a query into clauses: {terms, data} for a word (data: the
  // chunk entries of its terms) or {phrase: [{term, offset}]}. null: a word is
  // unknown and nothing can match.
  async function parse(entry, q) {
    q = q.replace(/[“”]/g, '"');
    var typing = q !== "" && !/\s$/.test(q) && !q.endsWith('"');
    var parts = q.split('"'), clauses = [], info = {};
    for (var i = 0; i < parts.length; i++) {
      var inPhrase = i % 2 === 1;
      var toks = words(parts[i]).filter(function (t) { return !t.stop; });
      if (inPhrase && toks.length > 1) {
        var phrase = [];
        for (var t of toks) {
          var c = await chunkFor(entry, t.form), term = c.f[t.form];
          if (term === undefined) { return null; }
          info[term] = c.s[term];
          phrase.push({ term: term, offset: t.pos - toks[0].pos });
        }
        clauses.push({ phrase: phrase, forms: toks.map(function (t) { return t.form; }) });
        continue;
      }
      for (var k = 0; k < toks.length; k++) {
        var form = toks[k].form, cl = { terms: [], forms: [form] };
        var chunk = await chunkFor(entry, form);
        if (chunk.f[form] !== undefined) { cl.terms.push(chunk.f[form]); cl.form = form; info[chunk.f[form]] = chunk.s[chunk.f[form]]; }
        if (!inPhrase && i === parts.length - 1 && k === toks.length - 1 && typing) {
          cl.prefix = form;
          (await expand(entry, form)).forEach(function (e) {
            if (cl.terms.indexOf(e.term) < 0) { cl.terms.push(e.term); }
            info[e.term] = e.data;
          });
        }
        if (!cl.terms.length) { return null; }
        clauses.push(cl);
      }
    }
    return { clauses: clauses, info: info };
  }
  async function expand(entry, prefix) {
    if (Array.from(prefix).length < MIN_PREFIX) { return []; }
    var first = bound(entry.t, prefix), last = bound(entry.t, prefix + "\u{10FFFF}");
    if (last - first + 1 > MAX_PREFIX_CHUNKS) { return []; }
    var forms = [], seen = {}, out = [];
    for (var ci = first; ci <= last; ci++) {
      var c = await load(entry.t[ci][1]);
      Object.keys(c.f).forEach(function (f) { if (f.startsWith(prefix)) { forms.push([f, c.f[f], c.s[c.f[f]]]); } });
    }
    forms.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
    forms.forEach(function (f) { if (!seen[f[1]]) { seen[f[1]] = true; out.push({ term: f[1], data: f[2] }); } });
    out.sort(function (a, b) { return b.data[0] - a.data[0]; }); // stable: ties keep word order
    return out.slice(0, MAX_PREFIX_TERMS);
  }

  // search runs a query. With quick set (the header box), a one-word query
  // answers from the best results its chunk carries, without postings, and
  // a query with an unknown word gets no suggestions (suggestions is null):
  // the header box asks for them once typing pauses, not for every
  // half-typed word.
  async function search(q, filters, quick, full) {
    var entry = await load("entry");
    var parsed = await parse(entry, q);
    if (!parsed || !parsed.clauses.length) {
      return { entry: entry, results: [], total: 0, counts: null, parsed: parsed, suggestions: parsed ? [] : quick ? null : await suggest(entry, q) };
    }
    var cl = parsed.clauses, noFilter = !Object.keys(filters).length;
    if (!full && noFilter && cl.length === 1 && cl[0].terms && (cl[0].terms.length === 1 || quick)) {
      var best = {};
      cl[0].terms.forEach(function (term, k) {
        var data = parsed.info[term], top = data[1], stride = data[3] ? 3 : 2;
        var exact = k === 0 && cl[0].form ? exactTest(data, cl[0].form) : function () { return false; };
        for (var i = 0; i < top.length; i += stride) {
          var score = top[i + 1] + (exact(top[i + 2]) ? EXACT_BONUS : 0);
          best[top[i]] = Math.max(best[top[i]] || 0, score);
        }
      });
      var res = Object.keys(best).map(function (d) { return { doc: +d, score: best[d] }; }).sort(order);
      var one = cl[0].terms.length === 1, data = parsed.info[cl[0].terms[0]];
      var total = one ? data[0] : Math.max.apply(null, cl[0].terms.map(function (t) { return parsed.info[t][0]; }));
      // A term of several forms carries the best TOP_K of each form: only
      // the first TOP_K are sure to be the query's best (topPostings).
      if (total > TOP_K) { res = res.slice(0, TOP_K); }
      return { entry: entry, results: res, total: total, exactTotal: one, counts: one ? countsFrom(entry, data[2]) : null, parsed: parsed, partial: total > res.length };
    }
    var scores = null;
    for (var c of cl) {
      var s = await evalClause(entry, c, parsed);
      if (!scores) { scores = s; continue; }
      scores.forEach(function (v, d) { if (s.has(d)) { scores.set(d, v + s.get(d)); } else { scores.delete(d); } });
    }
    if (quick && noFilter) { // the header box shows no counts: leave the facet table unloaded
      var quickRes = [];
      scores.forEach(function (score, d) { quickRes.push({ doc: d, score: score }); });
      quickRes.sort(order);
      return { entry: entry, results: quickRes, total: quickRes.length, exactTotal: true, counts: null, parsed: parsed };
    }
    var fx = await facets(entry, parsed), results = [], counts = {};
    scores.forEach(function (score, d) {
      var combo = fx.get(d);
      for (var f in filters) {
        var fi = entry.facets.indexOf(f), vi = entry.values[fi].indexOf(filters[f]);
        if (fi < 0 || (combo[fi] || []).indexOf(vi) < 0) { return; }
      }
      results.push({ doc: d, score: score });
      combo.forEach(function (vals, fi) {
        (vals || []).forEach(function (vi) {
          var name = entry.facets[fi], value = entry.values[fi][vi];
          counts[name] = counts[name] || {};
          counts[name][value] = (counts[name][value] || 0) + 1;
        });
      });
    });
    results.sort(order);
    return { entry: entry, results: results, total: results.length, exactTotal: true, counts: counts, parsed: parsed };
  }
  function order(a, b) { return b.score - a.score || a.doc - b.doc; }
  // exactTest returns whether a document, by its mask, holds form, a form of
  // the term whose chunk data is data (Term.exact in generator/search/index.go).
  function exactTest(data, form) {
    var forms = data[3];
    if (!forms) { return function () { return true; }; }
    var bit = forms.indexOf(form);
    if (bit < 0 || bit >= MAX_MASK_FORMS) { return function () { return false; }; }
    return function (mask) { return ((mask || 0) & (1 << bit)) !== 0; };
  }
  function countsFrom(entry, flat) {
    var counts = {};
    Object.keys(flat).forEach(function (fi) {
      var name = entry.facets[fi], list = flat[fi];
      counts[name] = {};
      for (var i = 0; i < list.length; i += 2) { counts[name][entry.values[fi][list[i]]] = list[i + 1]; }
    });
    return counts;
  }
  async function evalClause(entry, c, parsed) {
    var out = new Map();
    if (!c.phrase) {
      for (var k = 0; k < c.terms.length; k++) {
        var term = c.terms[k];
        var exact = k === 0 && c.form ? exactTest(parsed.info[term], c.form) : function () { return false; };
        (await postings(entry, term)).forEach(function (p) {
          out.set(p.doc, Math.max(out.get(p.doc) || 0, p.imp + (exact(p.mask) ? EXACT_BONUS : 0)));
        });
      }
      return out;
    }
    var lists = [];
    for (var pt of c.phrase) {
      var m = new Map();
      (await postings(entry, pt.term, true)).forEach(function (p) { m.set(p.doc, p); });
      lists.push(m);
    }
    lists[0].forEach(function (p, doc) {
      var score = p.imp, starts = p.pos;
      for (var k = 1; k < c.phrase.length && starts.length; k++) {
        var q = lists[k].get(doc);
        if (!q) { starts = []; break; }
        score += q.imp;
        var have = new Set(q.pos), off = c.phrase[k].offset;
        starts = starts.filter(function (s) { return have.has(s + off); });
      }
      if (starts.length) { out.set(doc, score); }
    });
    return out;
  }

  // suggest returns queries to try instead of q, best first: its unknown
  // words replaced by the closest indexed words (Suggest in
  // generator/search/suggest.go, rule for rule).
  async function suggest(entry, q) {
    var segs = segments(q.replace(/[“”]/g, '"')), texts = segs.map(function (s) { return s.text; }), unknown = [];
    for (var i = 0; i < segs.length; i++) {
      if (!segs[i].word) { continue; }
      var form = fold(segs[i].text);
      if (STOP.has(form)) { continue; }
      var chunk = await chunkFor(entry, form);
      if (chunk.f[form] !== undefined) { continue; }
      // The lists of the words whose first or second letter is this word's
      // first or second letter (lookupKeys in suggest.go).
      var m = await load(entry.m), r = Array.from(form), keys = [r[0], "2" + r[0]], pool = [];
      if (r.length > 1 && r[1] !== r[0]) { keys.push(r[1], "2" + r[1]); }
      for (var key of keys) {
        var name = m.s ? m.s[key] : null;
        if (name) { pool = pool.concat((await load(name))[key] || []); }
      }
      var cands = closest(form, pool);
      if (!cands.length) { return []; }
      unknown.push({ seg: i, cands: cands });
    }
    if (!unknown.length) { return []; }
    var withWords = function (pick) {
      var out = texts.slice();
      unknown.forEach(function (w) { out[w.seg] = pick(w); });
      return out.join("");
    };
    var out = [withWords(function (w) { return w.cands[0]; })];
    if (unknown.length === 1) {
      unknown[0].cands.slice(1).forEach(function (c) { out.push(withWords(function () { return c; })); });
    }
    return out;
  }
  // closest: up to MAX_SUGGESTIONS forms of list ([form, df] or [form, df,
  // term]) within the edits allowed of form: fewest edits, most documents,
  // alphabetical; one form per term.
  function closest(form, list) {
    var q = Array.from(form), limit = q.length <= 4 ? 1 : 2, cands = [];
    list.forEach(function (e) {
      var r = Array.from(e[0]);
      if (Math.abs(r.length - q.length) > limit) { return; }
      var d = editDistance(q, r);
      if (d <= limit) { cands.push({ form: e[0], edits: d, df: e[1], term: e.length > 2 ? e[2] : e[0] }); }
    });
    cands.sort(function (a, b) { return a.edits - b.edits || b.df - a.df || (a.form < b.form ? -1 : a.form > b.form ? 1 : 0); });
    var out = [], seen = {};
    for (var c of cands) {
      if (seen[c.term]) { continue; }
      seen[c.term] = true;
      out.push(c.form);
      if (out.length === MAX_SUGGESTIONS) { break; }
    }
    return out;
  }
  // editDistance: optimal string alignment distance of two arrays of
  // characters (insert, delete, substitute, swap neighbours).
  function editDistance(a, b) {
    var prev2 = [], prev = [], cur = [];
    for (var j = 0; j <= b.length; j++) { prev[j] = j; }
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) { cur[j] = Math.min(cur[j], prev2[j - 2] + 1); }
      }
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  // views returns what results show, from the chunks already loaded or from
  // the document store: {kind, url, text, title, date, outcome}.
  async function views(entry, parsed, results) {
    var chunks = [], names = [];
    Object.keys(files).forEach(function (n) { if (n.startsWith("t/")) { chunks.push(files[n]); names.push(n); } });
    chunks = await Promise.all(chunks);
    if (parsed) {
      // termOf: the term of a form, from the chunks loaded; null when the
      // form's chunk is loaded and does not have it (not indexed), undefined
      // when its chunk is not loaded.
      var byName = {};
      names.forEach(function (n, i) { byName[n] = chunks[i]; });
      parsed.termOf = function (form) {
        var c = byName[entry.t[bound(entry.t, form)][1]];
        if (!c) { return undefined; }
        return c.f[form] === undefined ? null : c.f[form];
      };
    }
    var m = null, starts = null;
    // Results past the chunks' best ones: their fragments load in parallel.
    return Promise.all(results.map(async function (r) {
      for (var c of chunks) {
        var v = c.d[r.doc];
        if (v) { return { kind: entry.kinds[v[0]], url: v[1], text: v[2], title: v[3], date: v[4], outcome: v[5] }; }
      }
      if (!m) { m = await load(entry.m); starts = m.d.map(function (x) { return [x[0]]; }); }
      return fragmentView(entry, await load(m.d[bound(starts, r.doc)][1]), r.doc);
    }));
  }
  // fragmentView reads a document from a fragment of the document store
  // (docFragment in generator/search/write.go): [kind, text, url, title]
  // without a window; else [kind, text] or [kind, text, URL suffix], where a
  // window document opens the next window of frag.w and the anchors not
  // stored are numbered in order, as nextAnchor does.
  function fragmentView(entry, frag, doc) {
    var w = -1, count = null;
    for (var i = 0; i <= doc - frag.first; i++) {
      var d = frag.d[i], kind = entry.kinds[d[0]], suffix = "";
      if (d.length === 4) {
        if (i === doc - frag.first) { return { kind: kind, url: d[2], text: d[1], title: d[3], date: "", outcome: "" }; }
        continue;
      }
      if (kind === "window") {
        w++;
        count = { task: 0, step: 0, went_well: 0, went_wrong: 0, action: 0, idea: 0 };
      } else {
        suffix = "#" + nextAnchor(count, kind);
      }
      if (d.length === 3) { suffix = d[2]; }
      if (i === doc - frag.first) {
        var win = frag.w[w];
        return { kind: kind, url: win[0] + suffix, text: d[1], title: win[1], date: win[2], outcome: win[3] };
      }
    }
    throw new Error("document " + doc + " is not in its fragment");
  }
  // nextAnchor is the anchor the parser gives the next item of a kind in a
  // window (anchorCounter in generator/search/write.go).
  function nextAnchor(count, kind) {
    switch (kind) {
      case "task": count.step = 0; return "task-" + (++count.task);
      case "step": return "task-" + count.task + "-" + (++count.step);
      case "went_well": return "went-well-" + (++count.went_well);
      case "went_wrong": return "went-wrong-" + (++count.went_wrong);
      case "action": return "action-" + (++count.action);
      case "idea": return "idea-" + (++count.idea);
    }
    return "";
  }
  function href(entry, url) {
    var hash = "", i = url.indexOf("#");
    if (i >= 0) { hash = url.slice(i); url = url.slice(0, i); }
    url = root + url.replace(/^\//, "");
    if (entry.file && url.endsWith("/")) { url += "index.html"; }
    return url + hash;
  }

  // ---- rendering -----------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = text; }
    return e;
  }
  // highlight marks the words of text that the query matched. Each query
  // word marks the words written as it was (folded: "customers" marks
  // "Customers", not "custom"), and the word being typed the words it
  // starts; only when the text has none of those does a query word mark
  // the other forms of its stem, the reason the text was found. A form's
  // stem comes from the term chunks loaded; for a form whose chunk is not
  // loaded, a word starting with the stem stands for it.
  function highlight(text, parsed) {
    var frag = document.createDocumentFragment(), segs = segments(text), marked = [];
    var forms = segs.map(function (s) { return s.word ? fold(s.text) : ""; });
    if (parsed) {
      parsed.clauses.forEach(function (c) {
        var words = c.phrase ? c.phrase.map(function (p, i) { return { form: c.forms[i], terms: [p.term] }; })
          : [{ form: c.forms[0], terms: c.terms.slice(0, c.form ? 1 : 0), prefix: c.prefix }];
        words.forEach(function (w) {
          var hits = [];
          forms.forEach(function (f, i) { if (f && (f === w.form || (w.prefix && f.startsWith(w.prefix)))) { hits.push(i); } });
          if (!hits.length) {
            forms.forEach(function (f, i) {
              if (!f || STOP.has(f)) { return; }
              var t = parsed.termOf ? parsed.termOf(f) : undefined;
              if (t === undefined ? w.terms.some(function (x) { return x.length >= 3 && f.startsWith(x); }) : w.terms.indexOf(t) >= 0) { hits.push(i); }
            });
          }
          hits.forEach(function (i) { marked[i] = true; });
        });
      });
    }
    segs.forEach(function (s, i) {
      frag.appendChild(marked[i] ? el("mark", null, s.text) : document.createTextNode(s.text));
    });
    return frag;
  }
  function resultItem(entry, v, parsed, tag) {
    var li = el(tag || "li", "sr-item");
    var a = el("a", "sr-link");
    a.href = href(entry, v.url);
    var head = el("span", "sr-head");
    head.appendChild(el("span", "sr-kind kind-" + v.kind, KIND_LABEL[v.kind] || v.kind));
    head.appendChild(el("span", "sr-title", v.title));
    a.appendChild(head);
    var text = el("span", "sr-text");
    text.appendChild(highlight(v.text, parsed));
    a.appendChild(text);
    if (v.date || v.outcome) {
      var metaLine = el("span", "sr-meta");
      if (v.date) {
        var when = el("time", null, dayLabel(v.date));
        when.setAttribute("datetime", v.date);
        metaLine.appendChild(when);
      }
      if (v.outcome) { metaLine.appendChild(el("span", "badge " + (v.outcome === "missed" ? "missed" : v.outcome), v.outcome)); }
      a.appendChild(metaLine);
    }
    li.appendChild(a);
    return li;
  }
  // dayLabel writes an index date (2013-01-19) as the pages write dates
  // ("19 Jan 2013", render's dayLabel); anything else is shown as it is.
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function dayLabel(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
    if (!m || +m[2] < 1 || +m[2] > 12) { return iso; }
    return (+m[3]) + " " + MONTHS[+m[2] - 1] + " " + m[1];
  }
  // emptyState says a query found nothing and offers what to try instead;
  // link makes the URL of a suggested query.
  function emptyState(q, parsed, suggestions, link) {
    var box = el("div", "sr-empty");
    if (parsed && !parsed.clauses.length) {
      box.appendChild(el("p", null, "Only common words in “" + q + "”: add a word that says what you are looking for."));
    } else {
      box.appendChild(el("p", null, "Nothing found for “" + q + "”."));
      if (suggestions && suggestions.length) {
        var p = el("p", "sr-suggest", "Did you mean ");
        suggestions.forEach(function (s, i) {
          if (i > 0) { p.appendChild(document.createTextNode(i === suggestions.length - 1 ? " or " : ", ")); }
          var a = el("a", "sr-suggestion", s);
          a.href = link(s);
          p.appendChild(a);
        });
        p.appendChild(document.createTextNode("?"));
        box.appendChild(p);
      }
      box.appendChild(el("p", "note", "Try fewer words, another spelling, or the start of a word. Quotes find exact phrases: \"rollback script\"."));
    }
    return box;
  }

  // ---- header box ------------------------------------------------------------
  function headerBox() {
    var form = document.querySelector("form.search-box");
    if (!form) { return; }
    var input = form.querySelector("input"), pop = form.querySelector(".search-pop");
    var pageLink = form.querySelector("a.search-page-link");
    var searchPage = pageLink ? pageLink.getAttribute("href") : root + "search/";
    var active = -1, seq = 0, timer = 0, SUGGEST_PAUSE = 400;
    function items() { return Array.prototype.slice.call(pop.querySelectorAll(".sr-item a")); }
    function close() { pop.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }
    function move(d) {
      var list = items();
      if (!list.length) { return; }
      if (active >= 0) { list[active].parentNode.classList.remove("is-active"); }
      active = (active + d + list.length) % list.length;
      list[active].parentNode.classList.add("is-active");
      list[active].scrollIntoView({ block: "nearest" });
      input.setAttribute("aria-activedescendant", list[active].parentNode.id);
    }
    async function update() {
      var q = input.value, mine = ++seq;
      if (!q.trim()) { close(); return; }
      try {
        var r = await search(q, {}, true);
        var vs = await views(r.entry, r.parsed, r.results.slice(0, 8));
        if (mine !== seq) { return; }
        pop.textContent = "";
        var link = function (s) { return searchPage + "?q=" + encodeURIComponent(s); };
        if (!vs.length) {
          var empty = emptyState(q, r.parsed, r.suggestions, link);
          pop.appendChild(empty);
          if (r.suggestions === null) {
            // Did you mean, once the person stops typing.
            setTimeout(async function () {
              if (mine !== seq) { return; }
              var sugg = await suggest(r.entry, q);
              if (mine !== seq || !sugg.length) { return; }
              empty.replaceWith(emptyState(q, r.parsed, sugg, link));
            }, SUGGEST_PAUSE);
          }
        } else {
          var ul = el("ul", "sr-list");
          vs.forEach(function (v, i) { var li = resultItem(r.entry, v, r.parsed); li.id = "sr-opt-" + i; li.setAttribute("role", "option"); ul.appendChild(li); });
          pop.appendChild(ul);
        }
        var all = el("a", "sr-all", r.total ? "All " + (r.exactTotal ? r.total : r.total + "+") + " results →" : "Open the search page →");
        all.href = searchPage + "?q=" + encodeURIComponent(q.trim());
        pop.appendChild(all);
        pop.hidden = false;
        input.setAttribute("aria-expanded", "true");
        active = -1;
      } catch (e) {
        pop.textContent = "";
        pop.appendChild(el("p", "sr-empty", "Search is not available: " + e.message));
        pop.hidden = false;
      }
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 60); });
    input.addEventListener("focus", function () { if (input.value.trim() && pop.childNodes.length) { pop.hidden = false; } });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); if (pop.hidden) { update(); } else { move(1); } }
      else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
      else if (e.key === "Escape") { close(); input.blur(); }
      else if (e.key === "Enter") {
        e.preventDefault();
        var list = items();
        if (active >= 0 && list[active]) { location.href = list[active].href; }
        else if (input.value.trim()) { location.href = searchPage + "?q=" + encodeURIComponent(input.value.trim()); }
      }
    });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) { close(); } });
    document.addEventListener("keydown", function (e) {
      var t = e.target, typingElsewhere = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (e.key === "/" && !typingElsewhere && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); input.focus(); input.select(); }
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
  }

  // ---- /search/ page ---------------------------------------------------------
  function searchPage() {
    var page = document.getElementById("search-page");
    if (!page) { return; }
    var input = document.getElementById("search-q"), status = document.getElementById("search-status");
    var list = document.getElementById("search-results"), side = document.getElementById("search-filters");
    var more = document.getElementById("search-more");
    page.classList.add("is-ready");
    var state = readURL(), shown = 0, current = null, seq = 0;
    input.value = state.q;
    function readURL() {
      var p = new URLSearchParams(location.search), f = {};
      ["kind", "system", "tag", "person", "outcome", "year", "action"].forEach(function (k) { if (p.get(k)) { f[k] = p.get(k); } });
      return { q: p.get("q") || "", filters: f };
    }
    function writeURL(replace) {
      var p = new URLSearchParams();
      if (state.q) { p.set("q", state.q); }
      Object.keys(state.filters).forEach(function (k) { p.set(k, state.filters[k]); });
      var url = location.pathname + (p.toString() ? "?" + p : "");
      try { history[replace ? "replaceState" : "pushState"](null, "", url); } catch (e) { /* file:// in some browsers */ }
    }
    async function run() {
      var mine = ++seq;
      list.textContent = ""; side.textContent = ""; more.hidden = true; shown = 0;
      if (!state.q.trim()) { status.textContent = "Type what you are looking for: a system, an error, a lesson."; return; }
      status.textContent = "Searching…";
      try {
        var r = await search(state.q, state.filters, false);
        if (mine !== seq) { return; }
        current = r;
        status.textContent = r.total ? r.total + (r.total === 1 ? " result" : " results") + " for “" + state.q + "”" : "";
        if (!r.total) { list.appendChild(emptyState(state.q, r.parsed, r.suggestions, function (s) { return "?q=" + encodeURIComponent(s); })); }
        filtersView(r);
        await showMore();
      } catch (e) {
        status.textContent = "Search is not available: " + e.message;
      }
    }
    async function showMore() {
      var r = current;
      if (shown >= r.results.length && r.total > shown) {
        // The first page came from the chunk; the rest needs the postings.
        r = current = await search(state.q, state.filters, false, true);
      }
      var batch = r.results.slice(shown, shown + PAGE);
      var vs = await views(r.entry, r.parsed, batch);
      vs.forEach(function (v) { list.appendChild(resultItem(r.entry, v, r.parsed)); });
      shown += batch.length;
      more.hidden = shown >= r.total;
    }
    function filtersView(r) {
      side.textContent = "";
      if (!r.counts) { return; }
      r.entry.facets.forEach(function (name, fi) {
        var counts = r.counts[name];
        if (!counts || !Object.keys(counts).length) { return; }
        var box = el("fieldset", "facet");
        box.appendChild(el("legend", null, FACET_LABEL[name] || name));
        var ul = el("ul");
        r.entry.values[fi].forEach(function (value) {
          var n = counts[value];
          if (!n) { return; }
          var li = el("li"), b = el("button", "facet-value" + (state.filters[name] === value ? " is-on" : ""));
          b.type = "button";
          b.setAttribute("aria-pressed", state.filters[name] === value ? "true" : "false");
          b.dataset.facet = name; b.dataset.value = value;
          var label = name === "kind" ? KIND_LABEL[value] : name === "person" ? (r.entry.names[value] || value) : name === "tag" ? "#" + value : value;
          b.appendChild(el("span", "fv-label", label));
          b.appendChild(el("span", "fv-count", String(n)));
          li.appendChild(b);
          ul.appendChild(li);
        });
        box.appendChild(ul);
        side.appendChild(box);
      });
      if (Object.keys(state.filters).length) {
        var clear = el("button", "facet-clear", "Clear filters");
        clear.type = "button";
        side.appendChild(clear);
      }
    }
    side.addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b) { return; }
      if (b.classList.contains("facet-clear")) { state.filters = {}; }
      else if (state.filters[b.dataset.facet] === b.dataset.value) { delete state.filters[b.dataset.facet]; }
      else { state.filters[b.dataset.facet] = b.dataset.value; }
      writeURL(false); run();
    });
    more.addEventListener("click", showMore);
    var timer = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = input.value; writeURL(true); run(); }, 120);
    });
    document.getElementById("search-form").addEventListener("submit", function (e) {
      e.preventDefault(); state.q = input.value; writeURL(false); run();
    });
    window.addEventListener("popstate", function () { state = readURL(); input.value = state.q; run(); });
    if (!state.q) { input.focus(); }
    run();
  }

  headerBox();
  searchPage();
})();
