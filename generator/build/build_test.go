package build

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestFormatExampleExport builds the example window of FORMAT.md and checks
// data/windows.json against the contract's example, field by field.
func TestFormatExampleExport(t *testing.T) {
	site, want := siteFromTxtar(t, "format-example.txtar")
	mem, res := buildMemory(t, site, Options{})
	if len(res.Diagnostics) != 0 {
		t.Errorf("unexpected diagnostics: %v", res.Diagnostics)
	}
	got, ok := mem.Get("data/windows.json")
	if !ok {
		t.Fatal("data/windows.json not written")
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(want["windows.json"], &w); err != nil {
		t.Fatal(err)
	}
	for _, problem := range jsonSubset("", w, g) {
		t.Error(problem)
	}
}

// jsonSubset lists where got differs from want. Objects in got may have more
// fields than want ("more fields may be added"); arrays must match in length.
func jsonSubset(at string, want, got any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: got %v, want an object", at, got)}
		}
		var out []string
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				out = append(out, fmt.Sprintf("%s.%s: missing", at, k))
				continue
			}
			out = append(out, jsonSubset(at+"."+k, wv, gv)...)
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s: got %v, want %v", at, got, want)}
		}
		var out []string
		for i := range w {
			out = append(out, jsonSubset(fmt.Sprintf("%s[%d]", at, i), w[i], g[i])...)
		}
		return out
	default:
		if fmt.Sprint(want) != fmt.Sprint(got) || (want == nil) != (got == nil) {
			return []string{fmt.Sprintf("%s: got %v, want %v", at, got, want)}
		}
		return nil
	}
}

// TestGoldenWindowPage compares the rendered window page of the FORMAT.md
// example with testdata/golden/window.html (go test -update rewrites it).
func TestGoldenWindowPage(t *testing.T) {
	site, _ := siteFromTxtar(t, "format-example.txtar")
	mem, _ := buildMemory(t, site, Options{})
	got, ok := mem.Get("windows/2013-01-19-postgres-upgrade/index.html")
	if !ok {
		t.Fatal("window page not written")
	}
	golden := filepath.Join("testdata", "golden", "window.html")
	if *update {
		os.MkdirAll(filepath.Dir(golden), 0o755)
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGoldenWindowPage -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("window page differs from %s; run with -update after checking the change:\n%s", golden, firstDiff(string(want), string(got)))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, x, y)
		}
	}
	return ""
}

// TestWindowPageShowsTheWrapUp checks what a reader of a window page needs.
func TestWindowPageShowsTheWrapUp(t *testing.T) {
	site, _ := siteFromTxtar(t, "format-example.txtar")
	mem, _ := buildMemory(t, site, Options{})
	page := string(must(mem.Get("windows/2013-01-19-postgres-upgrade/index.html")))
	for _, want := range []string{
		`id="task-1"`, `id="task-1-1"`, `id="task-1-2"`, `id="task-3"`,
		`>1.1</a>`, `>1.2</a>`,
		`<code>pg_upgrade</code>`,
		"Changes made", "No production impact", "On time", "20m early",
		"2 days", ">late<", "1.05×", "5 of 7 spoke",
		`href="../../people/jane/"`, `href="../../tags/communication/"`, `href="../../systems/postgresql/"`,
		"Jane Park", `due <time datetime="2013-02-10">10 Feb 2013</time>`, `done <time datetime="2013-01-25">25 Jan 2013</time>`,
		`class="status st-dropped"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("window page lacks %q", want)
		}
	}
	for _, unwanted := range []string{"@jane", "[done]", "planned:60m", "#communication\n"} {
		if strings.Contains(page, unwanted) {
			t.Errorf("window page shows the raw token %q", unwanted)
		}
	}
}

func must(b []byte, ok bool) []byte {
	if !ok {
		panic("missing file")
	}
	return b
}

const twoWindowSite = `
-- wrapup.yaml --
title: Links
base_url: https://intranet.example.com/it/wrapups/
timezone: Europe/Berlin
-- content/_index.md --
---
title: Our wrap-ups
---
Read [how we run windows](/pages/process/) and the [first window](/windows/2024-03-02-dns/#task-1).
-- content/pages/process.md --
---
title: How we run windows
---
Every window gets a wrap-up. See the [latest](/windows/2024-04-06-mail-relay/).
-- content/windows/2024/2024-03-02-dns.md --
---
title: Move DNS resolvers
start: 2024-03-02 21:00
planned_end: 2024-03-02 23:00
end: 2024-03-02 23:30
impact: minor
notice: 2024-02-20
attendees: [ann, bo]
systems: [dns]
tags: [network]
---
Resolvers moved, half an hour late.

## Tasks
1. Move the resolvers @ann [done] planned:1h actual:1h30m
   1. Drain the first resolver
## Went wrong
- The TTLs were still long @bo #dns-ttl
## Next time
- [ ] Lower TTLs a week before @bo #dns-ttl due:2024-03-20
-- content/windows/2024/2024-04-06-mail-relay.md --
---
title: Replace mail relays
start: 2024-04-06 20:00
planned_end: 2024-04-06 22:00
end: 2024-04-06 21:30
impact: none
attendees: [ann]
systems: [mail]
---
## Tasks
1. Swap the relays @ann [done]
## Went well
- TTLs were lowered in time @ann #dns-ttl
-- content/windows/2024/2024-12-07-storage.md --
---
title: Storage refresh
start: 2024-12-07 20:00
planned_end: 2024-12-08 02:00
systems: [storage]
---
## Tasks
1. Add the new shelves @bo
-- content/windows/2024/2024-05-01-secret.md --
---
title: Not ready yet
start: 2024-05-01 20:00
planned_end: 2024-05-01 21:00
draft: true
---
Draft body.
`

// TestEveryLinkResolves follows every href and src of every page of a small
// site to a file of the output: links are relative, so the site works under
// any sub-path, and with FileMode they name index.html for file://.
func TestEveryLinkResolves(t *testing.T) {
	for _, fileMode := range []bool{false, true} {
		t.Run(fmt.Sprintf("fileMode=%v", fileMode), func(t *testing.T) {
			mem, _ := buildMemory(t, siteFromText(twoWindowSite), Options{FileMode: fileMode, Now: fixedNow})
			files := mem.Files()
			attr := regexp.MustCompile(`(?:href|src)="([^"]*)"`)
			checked := 0
			for name, data := range files {
				if !strings.HasSuffix(name, ".html") || name == "404.html" {
					continue
				}
				for _, m := range attr.FindAllStringSubmatch(string(data), -1) {
					link := strings.ReplaceAll(m[1], "&amp;", "&")
					u, err := url.Parse(link)
					if err != nil {
						t.Errorf("%s: bad link %q", name, link)
						continue
					}
					if u.Scheme != "" || u.Host != "" || u.Path == "" {
						continue // external, or a fragment on the same page
					}
					if strings.HasPrefix(u.Path, "/") {
						t.Errorf("%s: root-relative link %q breaks under a sub-path", name, link)
						continue
					}
					target := path.Join(path.Dir(name), u.Path)
					if strings.HasSuffix(u.Path, "/") {
						if fileMode {
							t.Errorf("%s: link %q to a folder does not open from disk", name, link)
						}
						target = path.Join(target, "index.html")
					}
					checked++
					page, ok := files[target]
					if !ok {
						t.Errorf("%s: link %q points to %s, which was not written", name, link, target)
						continue
					}
					if u.Fragment != "" && !bytes.Contains(page, []byte(`id="`+u.Fragment+`"`)) {
						t.Errorf("%s: link %q: %s has no id %q", name, link, target, u.Fragment)
					}
				}
			}
			if checked < 50 {
				t.Errorf("only %d links checked", checked)
			}
		})
	}
}

// TestNotFoundPageUsesBasePath: the 404 page is served at any depth, so its
// links start from the base URL's path.
func TestNotFoundPageUsesBasePath(t *testing.T) {
	mem, _ := buildMemory(t, siteFromText(twoWindowSite), Options{})
	page := string(must(mem.Get("404.html")))
	if !strings.Contains(page, `href="/it/wrapups/assets/style.css"`) || !strings.Contains(page, `href="/it/wrapups/windows/"`) {
		t.Errorf("404 page links do not start from /it/wrapups/:\n%s", page)
	}
}

func TestDraftsStayOutUnlessAsked(t *testing.T) {
	mem, res := buildMemory(t, siteFromText(twoWindowSite), Options{})
	if _, ok := mem.Get("windows/2024-05-01-secret/index.html"); ok {
		t.Error("draft window published")
	}
	if bytes.Contains(must(mem.Get("data/windows.json")), []byte("2024-05-01-secret")) {
		t.Error("draft window in the export")
	}
	if len(res.Published) != 3 {
		t.Errorf("published %d windows, want 3", len(res.Published))
	}
	mem, _ = buildMemory(t, siteFromText(twoWindowSite), Options{Drafts: true})
	page, ok := mem.Get("windows/2024-05-01-secret/index.html")
	if !ok || !bytes.Contains(page, []byte(`badge draft`)) {
		t.Error("with drafts, the draft window is missing or not marked as a draft")
	}
}

func TestWindowsNewestFirstAndPlanned(t *testing.T) {
	mem, _ := buildMemory(t, siteFromText(twoWindowSite), Options{})
	var export struct {
		Windows []struct {
			ID, Status string
			End        *string
		}
	}
	if err := json.Unmarshal(must(mem.Get("data/windows.json")), &export); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, w := range export.Windows {
		ids = append(ids, w.ID+":"+w.Status)
	}
	want := "2024-12-07-storage:planned 2024-04-06-mail-relay:held 2024-03-02-dns:held"
	if strings.Join(ids, " ") != want {
		t.Errorf("export order = %v, want %s", ids, want)
	}
	home := string(must(mem.Get("index.html")))
	if !strings.Contains(home, "Coming up") || !strings.Contains(home, "Storage refresh") {
		t.Error("home page does not show the upcoming window")
	}
}

// TestContentCannotInjectScript: raw HTML and javascript: links from authors
// never reach a page as live code; titles are escaped.
func TestContentCannotInjectScript(t *testing.T) {
	site := siteFromText(`
-- content/windows/2024-01-06-evil.md --
---
title: "<script>alert('title')</script> upgrade"
start: 2024-01-06 20:00
planned_end: 2024-01-06 22:00
end: 2024-01-06 21:00
impact: none
attendees: [ann]
summary: "<img src=x onerror=alert(1)>"
---
Intro <script>alert('body')</script> and <b onclick="alert(1)">bold</b>.

## Tasks
1. Patch <script>alert('task')</script> the [hosts](javascript:alert('task')) @ann [done]

## Went well
- [Click me](javascript:alert(1)) and <iframe src="https://evil.example"></iframe> @ann
- ![x](javascript:alert(2)) and [data](data:text/html;base64,PHNjcmlwdD4=) @ann

## Notes
<script>alert('free')</script>
[vb](vbscript:msgbox(1))
`)
	mem, _ := buildMemory(t, site, Options{})
	for name, data := range mem.Files() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		s := strings.ToLower(string(data))
		for _, bad := range []string{"<script>alert", `href="javascript:`, `src="javascript:`, "<iframe", `href="vbscript:`, `href="data:text/html`} {
			if strings.Contains(s, bad) {
				t.Errorf("%s contains live %q", name, bad)
			}
		}
		if m := liveHandler.FindString(s); m != "" {
			t.Errorf("%s contains a live event handler: %s", name, m)
		}
	}
}

// liveHandler matches an event-handler attribute inside a real tag.
var liveHandler = regexp.MustCompile(`<[a-z]+\b[^<>]*\son[a-z]+=`)

// TestLongListsArePaginated: lists that grow with the archive are split into
// pages of render.PageSize, grouped by year.
func TestLongListsArePaginated(t *testing.T) {
	site := fstest.MapFS{}
	for i := 0; i < 250; i++ {
		day := fixedNow.AddDate(0, 0, -3*i)
		id := fmt.Sprintf("%s-w%d", day.Format("2006-01-02"), i)
		site["content/windows/"+id+".md"] = &fstest.MapFile{Data: []byte(fmt.Sprintf(`---
title: Window %d
start: %s 20:00
planned_end: %s 22:00
end: %s 21:00
impact: none
attendees: [ann]
systems: [dns]
---
## Tasks
1. Do it @ann [done]
`, i, day.Format("2006-01-02"), day.Format("2006-01-02"), day.Format("2006-01-02")))}
	}
	mem, _ := buildMemory(t, site, Options{})
	for _, name := range []string{"windows/index.html", "windows/page/2/index.html", "windows/page/3/index.html", "systems/dns/page/3/index.html", "people/ann/page/3/index.html"} {
		page, ok := mem.Get(name)
		if !ok {
			t.Errorf("%s not written", name)
			continue
		}
		if rows := bytes.Count(page, []byte(`<li class="row"`)); rows > 100 || rows == 0 {
			t.Errorf("%s has %d rows", name, rows)
		}
		if !bytes.Contains(page, []byte(`class="year"`)) {
			t.Errorf("%s has no year headings", name)
		}
	}
	if _, ok := mem.Get("windows/page/4/index.html"); ok {
		t.Error("a fourth page for 250 windows")
	}
}

// TestRepliesShowWhoWroteThem: replies under an item read like items, with
// who wrote them linked by their people.yaml name (escaped), nested as written.
func TestRepliesShowWhoWroteThem(t *testing.T) {
	site := siteFromText(`
-- content/people.yaml --
ann: {name: "Ann <Lee>"}
bob: {name: Bob Ray}
kim: {name: Kim Ortiz}
-- content/windows/2024-01-06-dns.md --
---
title: DNS
start: 2024-01-06 20:00
planned_end: 2024-01-06 22:00
end: 2024-01-06 21:00
impact: none
attendees: [ann, bob, kim]
---
## Tasks
1. Move DNS @kim [done]

## What went wrong
- The bridge dropped @kim

  Details here.

  - me too @ann
    - and me @bob
`)
	mem, _ := buildMemory(t, site, Options{})
	page := string(must(mem.Get("windows/2024-01-06-dns/index.html")))
	for _, want := range []string{
		`<div class="detail replies"><p>Details here.</p>`,
		`<ul class="replies"><li>me too <span class="meta"><span class="who">— <a class="person" href="../../people/ann/">Ann &lt;Lee&gt;</a></span> </span><ul class="replies"><li>and me <span class="meta"><span class="who">— <a class="person" href="../../people/bob/">Bob Ray</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("window page lacks %s", want)
		}
	}
	if strings.Contains(page, "@ann") || strings.Contains(page, "@bob") {
		t.Error("a raw handle in the replies")
	}
}

// TestLessonsAndPeoplePages: /lessons/ shows the lessons themselves under
// their tags, with their windows; a person's page says what they owned and
// raised, and never puts "went wrong" beside their name.
func TestLessonsAndPeoplePages(t *testing.T) {
	site, _ := siteFromTxtar(t, "format-example.txtar")
	mem, _ := buildMemory(t, site, Options{})
	lessons := string(must(mem.Get("lessons/index.html")))
	for _, want := range []string{
		`<section class="lesson-group" id="lessons-communication"`,
		`Customers did not get enough of a heads-up</a>`,
		`<a href="../windows/2013-01-19-postgres-upgrade/">PostgreSQL upgrade and disk reclaim</a>, <time datetime="2013-01-19T22:00:00-06:00">19 Jan 2013</time>`,
		`<span class="kind kind-went_wrong">went wrong</span>`,
	} {
		if !strings.Contains(lessons, want) {
			t.Errorf("/lessons/ lacks %q", want)
		}
	}
	kim := string(must(mem.Get("people/kim/index.html")))
	for _, want := range []string{"Actions owned", "Lessons and ideas raised", `<span class="kind">lesson</span> <a href="../../windows/2013-01-19-postgres-upgrade/#went-wrong-1">Customers did not get enough of a heads-up</a>`} {
		if !strings.Contains(kim, want) {
			t.Errorf("kim's page lacks %q", want)
		}
	}
	main := kim[strings.Index(kim, "<main"):strings.Index(kim, "<h2>Windows</h2>")]
	if strings.Contains(main, "went wrong") || strings.Contains(main, "went_wrong") {
		t.Errorf("kim's page says went wrong beside her name:\n%s", main)
	}
	jane := string(must(mem.Get("people/jane/index.html")))
	if !strings.Contains(jane, "Tasks owned") || !strings.Contains(jane, `Upgrade the PostgreSQL databases</a>`) {
		t.Error("jane's page does not list the task she owned")
	}
}

// TestHomeLeadsWithNumbers: the headline numbers and the trend come before
// the intro, which is folded; the overdue count is said once.
func TestHomeLeadsWithNumbers(t *testing.T) {
	site, _ := siteFromTxtar(t, "format-example.txtar")
	site["content/_index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Our wrap-ups\nsummary: Every window we hold.\n---\nWe hold a wrap-up after every window.\n")}
	mem, _ := buildMemory(t, site, Options{})
	home := string(must(mem.Get("index.html")))
	main := home[strings.Index(home, "<main"):strings.Index(home, "</main>")]
	headline, trend, fold := strings.Index(main, `class="headline"`), strings.Index(main, `class="home-trend"`), strings.Index(main, `<details class="intro-fold">`)
	if headline < 0 || trend < headline || fold < trend {
		t.Errorf("home order: headline %d, trend %d, folded intro %d", headline, trend, fold)
	}
	if !strings.Contains(main, `<p class="lede">Every window we hold.</p>`) || !strings.Contains(main[fold:], "We hold a wrap-up after every window.") {
		t.Error("the intro's summary leads and its text is folded")
	}
	if n := strings.Count(main, "overdue<"); n != 1 {
		t.Errorf("home says overdue %d times, want once", n)
	}
	if !strings.Contains(main, `<span class="row-outcome"><span class="badge success">success</span></span>`) {
		t.Error("the latest windows have no outcome column")
	}
}
