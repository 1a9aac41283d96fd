package build

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/emersion/go-ical"
	"github.com/mmcdole/gofeed"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/feeds"
	"github.com/wrapup/wrapup/generator/output"
)

// announceSite has a held window, a planned window with late notice, one
// planned window nobody has been told about yet, and a free page.
const announceSite = `
-- wrapup.yaml --
title: IT wrap-ups
base_url: https://intranet.example.com/it/wrapups/
timezone: America/Chicago
min_notice_days: 7
contact: the service desk, extension 4357
-- content/people.yaml --
kim: {name: Kim Novak, team: Support}
raj: {name: Raj Patel}
-- content/pages/process.md --
---
title: How we run windows
---
## Before the window
See [the upgrade](/windows/2013-01-19-postgres-upgrade/#task-1).
-- content/windows/2013-01-19-postgres-upgrade.md --
---
title: PostgreSQL upgrade
start: 2013-01-19 22:00
planned_end: 2013-01-20 02:00
end: 2013-01-20 01:40
impact: none
notice: 2013-01-17
facilitator: kim
attendees: [kim, raj]
systems: [postgresql, storage]
---
We upgraded every PostgreSQL cluster.

## Tasks
1. Upgrade the databases @raj [done] planned:60m actual:75m

## What went well
- The "phone bridge" & chat room @kim

## What went wrong
- Customers heard too late @raj

## Next time
- [ ] Tell customers a week ahead @kim due:2013-02-10
- [x] Number every step @raj done:2013-01-25
-- content/windows/2013-03-09-storage-refresh.md --
---
title: Storage refresh
start: 2013-03-09 22:00
planned_end: 2013-03-10 03:00
notice: 2013-03-05
facilitator: raj
systems: [storage]
---
We replace the storage array.

## Customer notice
File shares are read-only during the refresh.

## Tasks
1. Move the volumes @raj planned:2h
-- content/windows/2013-03-30-mail-move.md --
---
title: Mail move
start: 2013-03-30 21:00
planned_end: 2013-03-31 01:00
systems: [mail]
---
Mailboxes move to the new servers. Follow-up of [the upgrade](../2013-01-19-postgres-upgrade/#went-wrong-1).
`

func TestAtomFeedParses(t *testing.T) {
	mem, _ := buildMemory(t, siteFromText(announceSite), Options{})
	data := must(mem.Get(feeds.AtomFile))
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("feed.xml does not parse: %v\n%s", err, data)
	}
	if feed.FeedType != "atom" || feed.Title != "IT wrap-ups" {
		t.Errorf("feed type %q, title %q", feed.FeedType, feed.Title)
	}
	if len(feed.Items) != 1 {
		t.Fatalf("got %d entries, want the 1 held window (planned windows are not wrap-ups yet)", len(feed.Items))
	}
	e := feed.Items[0]
	if e.Title != "PostgreSQL upgrade" || e.Link != "https://intranet.example.com/it/wrapups/windows/2013-01-19-postgres-upgrade/" {
		t.Errorf("entry title %q link %q", e.Title, e.Link)
	}
	if e.UpdatedParsed == nil || !e.UpdatedParsed.Equal(time.Date(2013, 1, 20, 7, 40, 0, 0, time.UTC)) {
		t.Errorf("entry updated %v, want the window's end", e.UpdatedParsed)
	}
	for _, want := range []string{"Success", "changes made", "no production impact", "on time (20m early)"} {
		if !strings.Contains(e.Description, want) {
			t.Errorf("entry summary %q lacks %q", e.Description, want)
		}
	}
	if !strings.Contains(e.Content, "We upgraded every PostgreSQL cluster.") {
		t.Errorf("entry content lacks the summary: %q", e.Content)
	}
	if len(e.Authors) == 0 || e.Authors[0].Name != "Kim Novak" {
		t.Errorf("entry author %v, want the facilitator's name", e.Authors)
	}
}

func TestCalendarParses(t *testing.T) {
	mem, _ := buildMemory(t, siteFromText(announceSite), Options{})
	data := must(mem.Get(feeds.CalendarFile))
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d is %d octets, RFC 5545 folds at 75: %q", i+1, len(line), line)
		}
	}
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatalf("calendar.ics does not parse: %v\n%s", err, data)
	}
	events := cal.Events()
	if len(events) != 2 {
		t.Fatalf("got %d events, want one per planned window (2)", len(events))
	}
	ev := events[0] // soonest first
	uid, _ := ev.Props.Text(ical.PropUID)
	if uid != "2013-03-09-storage-refresh@intranet.example.com" {
		t.Errorf("UID %q", uid)
	}
	start, err := ev.DateTimeStart(time.UTC)
	if err != nil || !start.Equal(time.Date(2013, 3, 10, 4, 0, 0, 0, time.UTC)) {
		t.Errorf("DTSTART %v (%v)", start, err)
	}
	end, err := ev.DateTimeEnd(time.UTC)
	if err != nil || !end.Equal(time.Date(2013, 3, 10, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("DTEND %v (%v), want the planned end (03:00 CDT: clocks went forward at 02:00)", end, err)
	}
	cats, _ := ev.Props.Get(ical.PropCategories).TextList()
	if strings.Join(cats, ",") != "storage" {
		t.Errorf("CATEGORIES %v", cats)
	}
	notice, err := ev.Props.Get(feeds.PropNoticeDate).DateTime(time.UTC)
	if err != nil || notice.Format("2006-01-02") != "2013-03-05" {
		t.Errorf("notice date %v (%v)", notice, err)
	}
	u, err := ev.Props.URI(ical.PropURL)
	if err != nil || u.String() != "https://intranet.example.com/it/wrapups/windows/2013-03-09-storage-refresh/" {
		t.Errorf("URL %v (%v)", u, err)
	}
	desc, _ := ev.Props.Text(ical.PropDescription)
	for _, want := range []string{"File shares are read-only during the refresh.", "Systems: storage"} {
		if !strings.Contains(desc, want) {
			t.Errorf("DESCRIPTION %q lacks %q", desc, want)
		}
	}
	// Subscribers include customers: only the customer notice of the body
	// goes into the event (docs/authoring.md, "The body: sections", Customer notice).
	for _, internal := range []string{"We replace the storage array.", "Move the volumes"} {
		if strings.Contains(desc, internal) {
			t.Errorf("DESCRIPTION %q shows internal text %q", desc, internal)
		}
	}
	if n := events[1].Props.Get(feeds.PropNoticeDate); n != nil {
		t.Errorf("a window without notice has a notice date: %v", n.Value)
	}
}

func TestUpcomingPageFlagsLateNotice(t *testing.T) {
	// Today is 2013-03-01: the storage refresh was announced 4 days ahead
	// (late); the mail move must be announced by 2013-03-23 (not overdue yet).
	mem, _ := buildMemory(t, siteFromText(announceSite), Options{})
	page := string(must(mem.Get("upcoming/index.html")))
	storage := page[strings.Index(page, "Storage refresh"):strings.Index(page, "Mail move")]
	if !strings.Contains(storage, "Late notice") || !strings.Contains(storage, "4 days ahead") {
		t.Errorf("storage refresh not flagged as late notice:\n%s", storage)
	}
	mail := page[strings.Index(page, "Mail move"):]
	if strings.Contains(mail, "Late notice") || strings.Contains(mail, "overdue") || !strings.Contains(mail, "Tell customers by <strong>23 Mar 2013</strong>") {
		t.Errorf("mail move should ask for notice by 2013-03-23, unflagged:\n%s", mail[:min(len(mail), 800)])
	}
	if !strings.Contains(page, `href="../calendar.ics"`) || !strings.Contains(page, `href="../windows/2013-03-09-storage-refresh/maintenance.html"`) {
		t.Error("upcoming page lacks the calendar or maintenance-page links")
	}
	// A week later the mail move's notice is overdue.
	mem, _ = buildMemory(t, siteFromText(announceSite), Options{Now: time.Date(2013, 3, 25, 12, 0, 0, 0, time.UTC)})
	page = string(must(mem.Get("upcoming/index.html")))
	if !strings.Contains(page[strings.Index(page, "Mail move"):], "Notice overdue") {
		t.Error("mail move's notice is overdue on 2013-03-25 but not flagged")
	}
}

func TestMaintenanceNoticeStandsAlone(t *testing.T) {
	mem, _ := buildMemory(t, siteFromText(announceSite), Options{})
	page := string(must(mem.Get("windows/2013-03-09-storage-refresh/maintenance.html")))
	if strings.Contains(page, "We replace the storage array.") {
		t.Error("maintenance.html shows the summary, internal text (rule 32)")
	}
	for _, want := range []string{"<style>", "Storage refresh", "File shares are read-only during the refresh.",
		`datetime="2013-03-10T03:00:00-05:00"`, "Sun 10 Mar 2013, 03:00 CDT", "the service desk, extension 4357", "Affected: storage"} {
		if !strings.Contains(page, want) {
			t.Errorf("maintenance.html lacks %q", want)
		}
	}
	// Self-contained: no stylesheet, script, image or frame from elsewhere.
	if m := regexp.MustCompile(`(?i)<(link|img|iframe)\b|\bsrc=|@import|url\(`).FindString(page); m != "" {
		t.Errorf("maintenance.html loads another file: %q", m)
	}
	if _, ok := mem.Get("windows/2013-01-19-postgres-upgrade/maintenance.html"); ok {
		t.Error("a held window got a maintenance notice")
	}
}

func TestDigests(t *testing.T) {
	mem, _ := buildMemory(t, siteFromText(announceSite), Options{})
	text := string(must(mem.Get("windows/2013-01-19-postgres-upgrade/digest.txt")))
	for _, want := range []string{
		"PostgreSQL upgrade\n==================\n",
		"Success: changes made, no production impact, on time (20m early).",
		"What went well\n- The \"phone bridge\" & chat room (Kim Novak)\n",
		"What went wrong\n- Customers heard too late (Raj Patel)\n",
		"What we will do next time\n[ ] Tell customers a week ahead (Kim Novak, due 2013-02-10)\n[x] Number every step (Raj Patel, done 2013-01-25)\n",
		"The full wrap-up: https://intranet.example.com/it/wrapups/windows/2013-01-19-postgres-upgrade/",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("digest.txt lacks %q:\n%s", want, text)
		}
	}
	for i, line := range strings.Split(text, "\n") {
		if len([]rune(line)) > 72 && !strings.Contains(line, "https://") {
			t.Errorf("digest.txt line %d is longer than 72: %q", i+1, line)
		}
	}
	html := string(must(mem.Get("windows/2013-01-19-postgres-upgrade/digest.html")))
	for _, want := range []string{"The &#34;phone bridge&#34; &amp; chat room", "Tell customers a week ahead",
		`href="https://intranet.example.com/it/wrapups/windows/2013-01-19-postgres-upgrade/"`, "What went wrong"} {
		if !strings.Contains(html, want) {
			t.Errorf("digest.html lacks %q", want)
		}
	}
	if strings.Contains(html, "<style") || strings.Contains(html, "<link") {
		t.Error("digest.html must carry its styles inline for mail clients")
	}
	if _, ok := mem.Get("windows/2013-03-09-storage-refresh/digest.txt"); ok {
		t.Error("a planned window got a digest")
	}
}

func TestSitemapAndRobots(t *testing.T) {
	mem, _ := buildMemory(t, siteFromText(announceSite), Options{})
	sm := string(must(mem.Get(feeds.SitemapFile)))
	for _, want := range []string{"<loc>https://intranet.example.com/it/wrapups/</loc>",
		"<loc>https://intranet.example.com/it/wrapups/windows/2013-01-19-postgres-upgrade/</loc>",
		"<loc>https://intranet.example.com/it/wrapups/pages/process/</loc>"} {
		if !strings.Contains(sm, want) {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	if strings.Contains(sm, "404.html") {
		t.Error("sitemap lists the 404 page")
	}
	robots := string(must(mem.Get(feeds.RobotsFile)))
	if !strings.Contains(robots, "Allow: /") || !strings.Contains(robots, "Sitemap: https://intranet.example.com/it/wrapups/sitemap.xml") {
		t.Errorf("robots.txt:\n%s", robots)
	}

	site := siteFromText(announceSite)
	site["wrapup.yaml"].Data = append(site["wrapup.yaml"].Data, "noindex: true\n"...)
	mem, _ = buildMemory(t, site, Options{})
	if robots := string(must(mem.Get(feeds.RobotsFile))); !strings.Contains(robots, "Disallow: /") || strings.Contains(robots, "Sitemap") {
		t.Errorf("noindex: robots.txt:\n%s", robots)
	}
	if _, ok := mem.Get(feeds.SitemapFile); ok {
		t.Error("noindex: a sitemap was written")
	}
	if !strings.Contains(string(must(mem.Get("index.html"))), `<meta name="robots" content="noindex">`) {
		t.Error("noindex: pages lack the robots meta tag")
	}
}

// TestBrokenLinksFailTheBuild: links to windows, pages and anchors that do not
// exist fail the build with the link's position; external links are not
// fetched; the sink receives nothing.
func TestBrokenLinksFailTheBuild(t *testing.T) {
	site := siteFromText(announceSite)
	site["content/windows/2013-04-13-dns.md"] = mapFile(`---
title: DNS move
start: 2013-04-13 22:00
planned_end: 2013-04-14 01:00
---
Links: [no such window](/windows/2013-01-20-nope/), [bad anchor](/windows/2013-01-19-postgres-upgrade/#task-9),
[own anchor](#nowhere), [no page](../../pages/processes/), [no file](/assets/nope.css),
[fine](/windows/2013-01-19-postgres-upgrade/#action-1), [external](https://example.com/missing), [mail](mailto:it@example.com),
[digest](/windows/2013-01-19-postgres-upgrade/digest.txt), [feed](/feed.xml), [people](/people/kim/).
`)
	mem := output.NewMemory()
	res, err := Build(site, Options{Now: fixedNow}, mem)
	var list diag.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("build error %v, want the broken links as diagnostics", err)
	}
	got := []string{}
	for _, d := range res.Diagnostics {
		got = append(got, d.Error())
	}
	want := []string{
		`content/windows/2013-04-13-dns.md:6:8: link "/windows/2013-01-20-nope/" points to /windows/2013-01-20-nope/, but there is no such window`,
		`content/windows/2013-04-13-dns.md:6:53: link "/windows/2013-01-19-postgres-upgrade/#task-9": window 2013-01-19-postgres-upgrade has no anchor #task-9: did you mean #task-1?`,
		`content/windows/2013-04-13-dns.md:7:1: link "#nowhere": there is no anchor #nowhere on this page`,
		`content/windows/2013-04-13-dns.md:7:25: link "../../pages/processes/" points to /pages/processes/, but there is no such page: did you mean /pages/process/?`,
		`content/windows/2013-04-13-dns.md:7:60: link "/assets/nope.css" points to /assets/nope.css, which the site does not have`,
	}
	if len(got) != len(want) {
		t.Fatalf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("diagnostic %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
	if n := len(mem.Names()); n != 0 {
		t.Errorf("a failed build wrote %d files", n)
	}
}

// TestLinkToDraftIsBroken: a draft is not published, so a published page
// linking to it is broken, unless drafts are published too.
func TestLinkToDraftIsBroken(t *testing.T) {
	site := siteFromText(announceSite)
	site["content/windows/2013-03-30-mail-move.md"].Data = bytes.Replace(site["content/windows/2013-03-30-mail-move.md"].Data,
		[]byte("systems: [mail]"), []byte("systems: [mail]\ndraft: true"), 1)
	site["content/pages/process.md"].Data = append(site["content/pages/process.md"].Data, "And [the mail move](/windows/2013-03-30-mail-move/).\n"...)
	_, err := Build(site, Options{Now: fixedNow}, output.NewMemory())
	if err == nil || !strings.Contains(err.Error(), "content/pages/process.md:6:5: link \"/windows/2013-03-30-mail-move/\" points to window 2013-03-30-mail-move, which is a draft") {
		t.Errorf("got %v", err)
	}
	if _, err := Build(site, Options{Now: fixedNow, Drafts: true}, output.NewMemory()); err != nil {
		t.Errorf("with drafts published: %v", err)
	}
}

func mapFile(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
