package build

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/search"
)

const toolsSiteText = `-- wrapup.yaml --
title: Wrap-ups
base_url: https://intranet.example.com/it/wrapups/
meeting:
  went_well: 5
  next_time: 15
-- content/windows/2013-01-19-db.md --
---
title: Database upgrade
start: 2013-01-19 22:00
planned_end: 2013-01-20 02:00
end: 2013-01-20 01:40
impact: none
attendees: [tom, jane]
---
## Tasks
1. Upgrade the primary @jane [done] planned:1h actual:75m
   1. Stop the application servers
2. Recover disk space @raj [done]

## What went well
- The phone bridge @jane
-- content/windows/2012-06-02-mail.md --
---
title: Mail move
start: 2012-06-02 22:00
planned_end: 2012-06-03 01:00
end: 2012-06-03 00:40
impact: none
---
## Tasks
1. Move the relays [done]
-- content/windows/2013-03-30-dns.md --
---
title: DNS move
start: 2013-03-30 22:00
planned_end: 2013-03-31 01:00
---
## Tasks
1. Move the zones @kim planned:30m
`

// TestToolPages checks what a build writes for a window's run sheet and
// meeting page: both exist for planned windows and for held ones for
// ToolDays after their end, linked from the window page; without JavaScript the run sheet is the numbered list; the
// meeting's split comes from wrapup.yaml; and both stay out of the sitemap,
// the feed and the search index (which finds the window page instead).
func TestToolPages(t *testing.T) {
	// Two weeks after the held window; the mail move is months old.
	mem, res := buildMemory(t, siteFromText(toolsSiteText), Options{Now: time.Date(2013, 2, 3, 12, 0, 0, 0, time.UTC)})
	if _, ok := mem.Get("windows/2012-06-02-mail/run/index.html"); ok {
		t.Error("a window held months ago has a run sheet")
	}
	if old, _ := mem.Get("windows/2012-06-02-mail/index.html"); strings.Contains(string(old), "run sheet") {
		t.Error("a window held months ago links to a run sheet")
	}
	for _, id := range []string{"2013-01-19-db", "2013-03-30-dns"} {
		win, _ := mem.Get("windows/" + id + "/index.html")
		for _, page := range []string{"run/", "wrap-up/"} {
			html, ok := mem.Get("windows/" + id + "/" + page + "index.html")
			if !ok {
				t.Errorf("no %s page for %s", page, id)
				continue
			}
			if !strings.Contains(string(html), `<meta name="robots" content="noindex">`) {
				t.Errorf("%s%s is not marked noindex", id, page)
			}
			if !strings.Contains(string(win), `href="../../windows/`+id+`/`+page+`"`) {
				t.Errorf("window page %s does not link to %s", id, page)
			}
		}
	}
	run, _ := mem.Get("windows/2013-01-19-db/run/index.html")
	// The plain list: numbers, titles and steps are in the HTML itself.
	plain := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(string(run), "")
	for _, want := range []string{"1. Upgrade the primary", "1.1 Stop the application servers", "2. Recover disk space"} {
		if !strings.Contains(strings.Join(strings.Fields(plain), " "), want) {
			t.Errorf("run sheet without scripts lacks %q", want)
		}
	}
	for _, want := range []string{`data-md="Upgrade the primary @jane"`, `data-planned="60"`, `data-actual="75"`, `data-status="done"`, `src="../../../assets/runsheet.js"`} {
		if !strings.Contains(string(run), want) {
			t.Errorf("run sheet lacks %s", want)
		}
	}
	meeting, _ := mem.Get("windows/2013-01-19-db/wrap-up/index.html")
	for _, want := range []string{`data-agenda="went_well" data-minutes="5"`, `data-agenda="went_wrong" data-minutes="10"`, `data-agenda="next_time" data-minutes="15"`,
		`data-handle="tom"`, `data-handle="jane"`, `<li data-md="The phone bridge @jane">`, `src="../../../assets/meeting.js"`} {
		if !strings.Contains(string(meeting), want) {
			t.Errorf("meeting page lacks %s", want)
		}
	}
	for _, name := range []string{"sitemap.xml", "feed.xml"} {
		data, ok := mem.Get(name)
		if !ok {
			t.Fatalf("no %s", name)
		}
		if strings.Contains(string(data), "/run/") || strings.Contains(string(data), "/wrap-up/") {
			t.Errorf("%s lists a run sheet or meeting page", name)
		}
		if name == "sitemap.xml" && !strings.Contains(string(data), "/windows/2013-01-19-db/") {
			t.Errorf("sitemap lacks the window page")
		}
	}
	for _, d := range search.Extract(res.Site, nil) {
		if strings.Contains(d.URL(), "/run/") || strings.Contains(d.URL(), "/wrap-up/") {
			t.Errorf("search indexes %s apart from its window", d.URL())
		}
	}
}

// TestRunSheetMarkdownRoundTrip writes task titles that hold code spans,
// links, emphasis, HTML characters and token-like words, takes the Markdown
// the run sheet starts its copy from, writes it back as the Tasks section and
// checks that the build reads the same titles, owners and tags.
func TestRunSheetMarkdownRoundTrip(t *testing.T) {
	titles := []string{
		"Run `kill @all` on the `[old]` hosts @jane #cleanup",
		"Fix [the wiki page](https://wiki.example.com/x) and *emphasis* in snake_case_names",
		"Check 50% <of> disk & the #42 values, then `planned:later` notes @raj",
		"Copy `a\\b` and \\*literal stars\\* (@kim) #Storage.",
	}
	src := "---\ntitle: T\nstart: 2013-03-30 22:00\nplanned_end: 2013-03-31 01:00\n---\n## Tasks\n"
	for i, title := range titles {
		src += strings.Repeat(" ", 0) + string(rune('1'+i)) + ". " + title + "\n"
	}
	site := siteFromText("-- content/windows/2013-03-30-t.md --\n" + src)
	mem, res := buildMemory(t, site, Options{})
	run, _ := mem.Get("windows/2013-03-30-t/run/index.html")
	var back strings.Builder
	back.WriteString("---\ntitle: T\nstart: 2013-03-30 22:00\nplanned_end: 2013-03-31 01:00\n---\n## Tasks\n")
	for i, m := range regexp.MustCompile(`data-task="\d+" data-md="([^"]*)"`).FindAllStringSubmatch(string(run), -1) {
		back.WriteString(string(rune('1'+i)) + ". " + htmlUnescape(m[1]) + "\n")
	}
	t.Logf("written back:\n%s", back.String())
	_, res2 := buildMemory(t, siteFromText("-- content/windows/2013-03-30-t.md --\n"+back.String()), Options{})
	a, b := res.Site.Windows[0].Tasks, res2.Site.Windows[0].Tasks
	if len(a) != len(titles) || len(b) != len(a) {
		t.Fatalf("%d tasks, then %d; want %d", len(a), len(b), len(titles))
	}
	for i := range a {
		if a[i].Title != b[i].Title || strings.Join(a[i].Owners, ",") != strings.Join(b[i].Owners, ",") || strings.Join(a[i].Tags(), ",") != strings.Join(b[i].Tags(), ",") {
			t.Errorf("task %d: %q %v %v came back as %q %v %v", i+1, a[i].Title, a[i].Owners, a[i].Tags(), b[i].Title, b[i].Owners, b[i].Tags())
		}
	}
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`).Replace(s)
}
