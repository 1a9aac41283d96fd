package search_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/output"
	"github.com/wrapup/wrapup/generator/search"
	"github.com/wrapup/wrapup/internal/browsertest"
)

// browserSite is three windows; "firewall" is in went-wrong items of two,
// in the title of one, and in an action.
var browserSite = fstest.MapFS{
	"wrapup.yaml": {Data: []byte("title: Wrap-ups\nbase_url: https://intranet.example.com/it/wrapups/\n")},
	"content/windows/2024-05-01-db-upgrade.md": {Data: []byte(`---
title: Database upgrade
start: 2024-05-01 22:00
planned_end: 2024-05-02 02:00
end: 2024-05-02 01:00
impact: none
attendees: [kim, lee]
systems: [postgresql]
---
We upgraded the databases.

## Tasks
1. Upgrade the primary @kim [done]

## What went wrong
- A firewall rule blocked the replication traffic @kim #network
- The rollback script had not been tested @lee

## Next time
- [ ] Export firewall rules before the window @lee
`)},
	"content/windows/2023-02-03-firewall-swap.md": {Data: []byte(`---
title: Firewall replacement
start: 2023-02-03 22:00
planned_end: 2023-02-04 02:00
end: 2023-02-04 03:00
impact: minor
attendees: [raj]
systems: [network]
---
New firewalls for the data centre.

## Tasks
1. Swap the units @raj [done]

## What went wrong
- Firewalls came up with an empty rule set @raj
`)},
	"content/windows/2022-01-01-mail.md": {Data: []byte(`---
title: Mail relay move
start: 2022-01-01 22:00
planned_end: 2022-01-02 02:00
end: 2022-01-02 01:00
impact: none
systems: [mail]
---
Moved the relays.

## Tasks
1. Move the relays [done]
`)},
}

// expected is what the Go engine answers: the client must agree.
func expected(t *testing.T, q string, filters map[string]string) []string {
	site, diags := build.Parse(browserSite, build.Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	rs, _ := search.New(site, []string{"kim", "lee", "raj"}).Search(q, filters)
	var out []string
	for _, r := range rs {
		out = append(out, r.Doc.URL())
	}
	return out
}

// netLog counts the bytes of every response body the page receives.
type netLog struct {
	mu    sync.Mutex
	bytes map[string]int64
	urls  map[network.RequestID]string
}

func listen(l *netLog) func(ev any) {
	return func(ev any) {
		l.mu.Lock()
		defer l.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventResponseReceived:
			l.urls[e.RequestID] = e.Response.URL
		case *network.EventDataReceived:
			l.bytes[l.urls[e.RequestID]] += e.DataLength
		}
	}
}

func (l *netLog) total(under string) (n int64, files int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for u, b := range l.bytes {
		if strings.Contains(u, under) {
			n += b
			files++
		}
	}
	return n, files
}

// answered waits until the header box shows its answer to what the box
// holds: the box answers each pause in the typing, and the answer to the
// first letters can show before the one to the last.
func answered() chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](`(() => {
		const a = document.querySelector(".search-pop a.sr-all"), input = document.querySelector("form.search-box input");
		return !!a && a.offsetParent !== null && a.getAttribute("href").endsWith("?q=" + encodeURIComponent(input.value.trim()));
	})()`)
}

const listJS = `Array.from(document.querySelectorAll(%q)).map(a => a.href)`

func links(ctx context.Context, t *testing.T, sel string) []string {
	t.Helper()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(listJS, sel)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkOrder compares result links with the Go engine's URLs; fix maps a URL
// to the form the page links to.
func checkOrder(t *testing.T, got, want []string, fix func(string) string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("results %q, want %q", got, want)
	}
	for i, w := range want {
		if !strings.HasSuffix(got[i], fix(w)) {
			t.Errorf("result %d = %s, want ...%s", i, got[i], fix(w))
		}
	}
}

// TestBrowserHeaderBoxOverHTTPUnderSubPath types "firewall" into the header
// box of a site served under /it/wrapups/, checks the results and their order
// against the Go engine, opens one with the keyboard, and uses the search
// page with filters read from and written to the URL.
func TestBrowserHeaderBoxOverHTTPUnderSubPath(t *testing.T) {
	ctx := browsertest.New(t)
	mem := output.NewMemory()
	if _, err := build.Build(browserSite, build.Options{}, mem); err != nil {
		t.Fatal(err)
	}
	served := fstest.MapFS{}
	for name, data := range mem.Files() {
		served[name] = &fstest.MapFile{Data: data}
	}
	base := browsertest.Serve(t, served, "/it/wrapups/")
	log := &netLog{bytes: map[string]int64{}, urls: map[network.RequestID]string{}}
	if err := chromedp.Listen(ctx, listen(log)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"windows/"),
		chromedp.WaitVisible("form.search-box input"),
		chromedp.KeyEvent("/"),
		chromedp.KeyEvent("firewall"),
		answered(),
	)
	if err != nil {
		t.Fatal(err)
	}
	sub := func(u string) string { return "/it/wrapups" + u }
	want := expected(t, "firewall", nil)
	checkOrder(t, links(ctx, t, ".search-pop .sr-item a"), want, sub)
	marks, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".search-pop mark")).map(m => m.textContent)`))
	if err != nil || len(marks) == 0 || !strings.HasPrefix(strings.ToLower(marks[0]), "firewall") {
		t.Errorf("highlighted words = %q (%v)", marks, err)
	}
	n, files := log.total("/search/")
	t.Logf("first query loaded %d bytes of index in %d files", n, files)
	// The index is scripts only; the entry is asked for with a cache buster.
	log.mu.Lock()
	for u := range log.bytes {
		if strings.Contains(u, "/search/") && strings.Contains(u, ".json") {
			t.Errorf("loaded %s: the index is scripts only", u)
		}
		if strings.Contains(u, "/search/entry.js") && !strings.Contains(u, "entry.js?v=") {
			t.Errorf("entry loaded as %s, without a cache-busting query", u)
		}
	}
	log.mu.Unlock()

	// Arrow down and Enter open the first result at its anchor.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible("article.window")); err != nil {
		t.Fatal(err)
	}
	url, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.HasSuffix(url, sub(want[0])) {
		t.Errorf("Enter opened %s, want %s", url, want[0])
	}

	// The search page reads ?q= and filters from the URL, with counts.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/?q=firewall&kind=went_wrong"), chromedp.WaitVisible("#search-results .sr-item"),
		chromedp.WaitVisible(`.facet-value[aria-pressed="true"]`)); err != nil {
		t.Fatal(err)
	}
	checkOrder(t, links(ctx, t, "#search-results .sr-item a"), expected(t, "firewall", map[string]string{"kind": "went_wrong"}), sub)
	// Result dates read as the pages write them, the ISO date kept for machines.
	dates, err := chromedp.Run(ctx, chromedp.Evaluate[[][2]string](`[...document.querySelectorAll("#search-results .sr-meta time")].map(t => [t.textContent, t.getAttribute("datetime")])`))
	if err != nil {
		t.Fatal(err)
	}
	if len(dates) == 0 {
		t.Error("no result shows its date")
	}
	for _, d := range dates {
		if !regexp.MustCompile(`^[1-9][0-9]? (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4}$`).MatchString(d[0]) || !regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`).MatchString(d[1]) {
			t.Errorf("a result's date reads %q (datetime %q), want \"19 Jan 2013\" (2013-01-19)", d[0], d[1])
		}
	}
	pressed, _ := chromedp.Run(ctx, chromedp.Text(`.facet-value[aria-pressed="true"]`))
	if !strings.HasPrefix(pressed, "Went wrong") || !strings.HasSuffix(pressed, "2") {
		t.Errorf("pressed filter reads %q", pressed)
	}
	// Clicking a year writes it into the URL and narrows the results.
	if err := chromedp.Do(ctx, chromedp.Click(`.facet-value[data-facet="year"][data-value="2023"]`),
		chromedp.WaitVisible(`.facet-value[data-facet="year"][aria-pressed="true"]`)); err != nil {
		t.Fatal(err)
	}
	url, _ = chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(url, "year=2023") {
		t.Errorf("URL after the year filter: %s", url)
	}
	checkOrder(t, links(ctx, t, "#search-results .sr-item a"), expected(t, "firewall", map[string]string{"kind": "went_wrong", "year": "2023"}), sub)
}

// TestBrowserFromDisk opens a FileMode build from file://, where fetch is
// not allowed: the index comes as script files.
func TestBrowserFromDisk(t *testing.T) {
	ctx := browsertest.New(t)
	dir := t.TempDir()
	mem := output.NewMemory()
	if _, err := build.Build(browserSite, build.Options{FileMode: true}, mem); err != nil {
		t.Fatal(err)
	}
	for name, data := range mem.Files() {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root := "file://" + filepath.ToSlash(dir) + "/"
	err := chromedp.Do(ctx,
		chromedp.Navigate(root+"index.html"),
		chromedp.WaitVisible("form.search-box input"),
		chromedp.SendKeys("form.search-box input", "firewall"),
		answered(),
	)
	if err != nil {
		t.Fatal(err)
	}
	disk := func(u string) string {
		if i := strings.Index(u, "#"); i >= 0 {
			return u[:i] + "index.html" + u[i:]
		}
		return u + "index.html"
	}
	checkOrder(t, links(ctx, t, ".search-pop .sr-item a"), expected(t, "firewall", nil), disk)
	if err := chromedp.Do(ctx, chromedp.Navigate(root+"search/index.html?q=rollback"), chromedp.WaitVisible("#search-results .sr-item")); err != nil {
		t.Fatal(err)
	}
	checkOrder(t, links(ctx, t, "#search-results .sr-item a"), expected(t, "rollback", nil), disk)
	// Two words read postings; a quoted phrase reads positions too.
	for _, q := range []string{"rollback script ", `"rollback script"`, "firewall rules export "} {
		if err := chromedp.Do(ctx, chromedp.Navigate(root+"search/index.html?q="+strings.ReplaceAll(q, " ", "+")), chromedp.WaitVisible("#search-results .sr-item")); err != nil {
			t.Fatal(q, err)
		}
		checkOrder(t, links(ctx, t, "#search-results .sr-item a"), expected(t, q, nil), disk)
	}
}

// BenchmarkBrowserFirstQuery counts what Chromium loads for a first query
// (empty cache, plain static server, no compression): search.js and every
// index file, in the header box of a window list, or on the search page
// with a filter. Set WRAPUP_SITE to a built site folder (wrapup build --dest).
func BenchmarkBrowserFirstQuery(b *testing.B) {
	dir := os.Getenv("WRAPUP_SITE")
	if dir == "" {
		b.Skip("set WRAPUP_SITE to a built site folder to run this benchmark")
	}
	cases := []struct{ name, page, typed, wait string }{
		{"firewall", "windows/", "firewall", ""},
		{"postgresql", "windows/", "postgresql", ""},
		{"rollback_script", "windows/", "rollback script", ""},
		{"firewall_rule_replication", "windows/", "firewall rule replication", ""},
		{"quoted_rollback_script", "windows/", `"rollback script"`, ""},
		{"page_firewall_kind_went_wrong", "search/?q=firewall&kind=went_wrong", "", "#search-results .sr-item"},
		{"page_rolback_did_you_mean", "search/?q=rolback", "", "#search-results .sr-suggestion"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var total, files int64
			for b.Loop() {
				ctx := browsertest.New(b)
				base := browsertest.Serve(b, os.DirFS(dir), "/it/wrapups/")
				log := &netLog{bytes: map[string]int64{}, urls: map[network.RequestID]string{}}
				if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
					b.Fatal(err)
				}
				if err := chromedp.Listen(ctx, listen(log)); err != nil {
					b.Fatal(err)
				}
				if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
					b.Fatal(err)
				}
				actions := []chromedp.Action[chromedp.Void]{chromedp.Navigate(base + c.page)}
				if c.typed != "" {
					actions = append(actions, chromedp.WaitVisible("form.search-box input"), chromedp.SendKeys("form.search-box input", c.typed),
						answered())
				} else {
					actions = append(actions, chromedp.WaitVisible(c.wait))
				}
				if err := chromedp.Do(ctx, actions...); err != nil {
					b.Fatal(err)
				}
				log.mu.Lock()
				total, files = 0, 0
				for u, n := range log.bytes {
					if strings.Contains(u, "/assets/search.js") || (strings.Contains(u, "/search/") && strings.Contains(u, ".js")) {
						total += n
						files++
						b.Logf("%8d %s", n, u)
					}
				}
				log.mu.Unlock()
			}
			b.ReportMetric(float64(total), "bytes")
			b.ReportMetric(float64(files), "files")
		})
	}
}

// largerSite has more "firewall" results than a chunk carries (TopK), so
// that the client reads the document store and the facets files: windows
// of several years and outcomes, a planned one, tasks with steps, items
// with tags and people, open and done actions, ideas and free sections.
func largerSite() fstest.MapFS {
	site := fstest.MapFS{
		"wrapup.yaml": {Data: []byte("title: Wrap-ups\nbase_url: https://intranet.example.com/it/wrapups/\n")},
	}
	people := []string{"kim", "lee", "raj", "ann"}
	systems := []string{"network", "postgresql", "mail"}
	for i := 0; i < 24; i++ {
		day := fmt.Sprintf("20%02d-%02d-%02d", 20+i%4, 1+i%12, 1+i%27)
		id := fmt.Sprintf("%s-w%d", day, i)
		held := i%7 != 3
		fm := fmt.Sprintf("title: %s window %d\nstart: %s 22:00\nplanned_end: %s 23:30\n", []string{"Firewall", "Database", "Relay"}[i%3], i, day, day)
		if held {
			end := "23:00"
			if i%5 == 0 {
				end = "23:59" // late: a missed window
			}
			fm += fmt.Sprintf("end: %s %s\nimpact: none\n", day, end)
		}
		fm += fmt.Sprintf("attendees: [%s, %s]\nsystems: [%s]\n", people[i%4], people[(i+1)%4], strings.Join(systems[:1+i%3], ", "))
		status := " [done]"
		if !held {
			status = ""
		}
		action := "[ ]"
		if i%2 == 0 {
			action = "[x]"
		}
		done := ""
		if i%2 == 0 {
			done = " done:" + day
		}
		body := fmt.Sprintf(`We replaced rule set %d.

## Tasks
1. Update the firewall rules @%s%s
   1. Export the firewall rule set
   2. Check the replication rule
2. Restart the relays%s
`, i, people[i%4], status, status)
		if held {
			body += fmt.Sprintf(`
## What went well
- The firewall rule review was quick @%s #review

## What went wrong
- A firewall rule blocked the replication traffic @%s #network
- The rollback script was not tested @%s #testing #network

## Next time
- %s Test the firewall rule rollback script @%s%s

## Ideas
- Keep firewall rules in version control #review

## Timeline
At 22:10 the firewall rule change started.
`, people[(i+2)%4], people[i%4], people[(i+3)%4], action, people[(i+1)%4], done)
		}
		site["content/windows/"+id+".md"] = &fstest.MapFile{Data: []byte("---\n" + fm + "---\n" + body)}
	}
	return site
}

// TestBrowserMatchesEngineOnLargerSite runs queries with and without
// filters on the search page and compares every result (all pages of
// them, from the chunks and the document store) and every facet count with
// the Go engine's, over HTTP and from disk.
func TestBrowserMatchesEngineOnLargerSite(t *testing.T) {
	fsys := largerSite()
	site, diags := build.Parse(fsys, build.Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	ix := search.New(site, []string{"ann", "kim", "lee", "raj"})
	if rs, _ := ix.Search("firewall ", nil); len(rs) <= 2*search.TopK {
		t.Fatalf("the site has %d firewall results: too few to need the document store", len(rs))
	}
	cases := []struct {
		q       string
		filters map[string]string
	}{
		{"firewall ", nil},
		{"firewall ", map[string]string{"kind": "went_wrong"}},
		{"firewall ", map[string]string{"year": "2022", "person": "kim"}},
		{"rule ", map[string]string{"outcome": "missed"}},
		{"firewall rule ", nil},
		{"firewall rule ", map[string]string{"action": "done"}},
		{"firewall rule ", map[string]string{"system": "mail", "tag": "network"}},
		{`"rollback script" firewall `, nil},
		{`"firewall rule"`, map[string]string{"kind": "step"}},
		{"rules ", nil}, // "rules" ranks above "rule": the chunk's best of each form, then every page
		{"rule ", nil},
		{"replica", nil}, // typing: a prefix
		{"rule replica", map[string]string{"kind": "task"}},
	}
	ctx := browsertest.New(t)
	for _, mode := range []struct {
		name string
		opts build.Options
	}{{"http", build.Options{}}, {"disk", build.Options{FileMode: true}}} {
		mem := output.NewMemory()
		if _, err := build.Build(fsys, mode.opts, mem); err != nil {
			t.Fatal(err)
		}
		var root, page string
		fix := func(u string) string { return "/it/wrapups" + u }
		if mode.opts.FileMode {
			dir := t.TempDir()
			for name, data := range mem.Files() {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			root, page = "file://"+filepath.ToSlash(dir)+"/", "search/index.html"
			fix = func(u string) string {
				if i := strings.Index(u, "#"); i >= 0 {
					return u[:i] + "index.html" + u[i:]
				}
				return u + "index.html"
			}
		} else {
			served := fstest.MapFS{}
			for name, data := range mem.Files() {
				served[name] = &fstest.MapFile{Data: data}
			}
			root, page = browsertest.Serve(t, served, "/it/wrapups/"), "search/"
		}
		for _, c := range cases {
			rs, counts := ix.Search(c.q, c.filters)
			var want []string
			for _, r := range rs {
				want = append(want, r.Doc.URL())
			}
			q := "?q=" + strings.ReplaceAll(strings.ReplaceAll(c.q, " ", "+"), `"`, "%22")
			for _, f := range search.FacetNames {
				if v := c.filters[f]; v != "" {
					q += "&" + f + "=" + v
				}
			}
			name := mode.name + " " + q
			wait := "#search-results .sr-item"
			if len(want) == 0 {
				wait = "#search-results .sr-empty"
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(root+page+q), chromedp.WaitVisible(wait)); err != nil {
				t.Fatal(name, err)
			}
			// Every page of results.
			for {
				more, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.getElementById("search-more").hidden`))
				if err != nil {
					t.Fatal(name, err)
				}
				if !more {
					break
				}
				n := len(links(ctx, t, "#search-results .sr-item a"))
				if err := chromedp.Do(ctx, chromedp.Click("#search-more"),
					chromedp.WaitVisible(fmt.Sprintf("#search-results li.sr-item:nth-of-type(%d)", n+1))); err != nil {
					t.Fatal(name, err)
				}
			}
			t.Run(name, func(t *testing.T) {
				checkOrder(t, links(ctx, t, "#search-results .sr-item a"), want, fix)
			})
			shown, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]map[string]string](`(() => {
				const out = {};
				for (const b of document.querySelectorAll(".facet-value")) {
					(out[b.dataset.facet] = out[b.dataset.facet] || {})[b.dataset.value] = b.querySelector(".fv-count").textContent;
				}
				return out;
			})()`))
			if err != nil {
				t.Fatal(name, err)
			}
			wantCounts := map[string]map[string]string{}
			for f, vs := range counts {
				for v, n := range vs {
					if wantCounts[f] == nil {
						wantCounts[f] = map[string]string{}
					}
					wantCounts[f][v] = fmt.Sprint(n)
				}
			}
			if len(want) > 0 && !reflect.DeepEqual(shown, wantCounts) {
				t.Errorf("%s: counts %v, want %v", name, shown, wantCounts)
			}
		}
	}
}
