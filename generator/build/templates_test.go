package build

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/output"
)

// Pages written from the templates teams already use (issue 9): each site
// is built whole, and what must reach data/windows.json, the window page and
// the action board is checked.

var templatesNow = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

// exported returns the one window of a built site's data/windows.json.
func exported(t *testing.T, mem *output.Memory, id string) map[string]any {
	t.Helper()
	var doc struct {
		Windows []map[string]any `json:"windows"`
	}
	if err := json.Unmarshal(must(mem.Get("data/windows.json")), &doc); err != nil {
		t.Fatal(err)
	}
	for _, w := range doc.Windows {
		if w["id"] == id {
			return w
		}
	}
	t.Fatalf("window %s not in data/windows.json", id)
	return nil
}

func wantJSON(t *testing.T, got any, want string) {
	t.Helper()
	var w any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	for _, p := range jsonSubset("", w, got) {
		t.Error(p)
	}
}

func diagText(list diag.List) string {
	var b strings.Builder
	for _, d := range list {
		b.WriteString(d.Error() + "\n")
	}
	return b.String()
}

const sreSite = `
-- wrapup.yaml --
title: Ops
timezone: Europe/Berlin
base_url: https://intranet.example.com/ops/
-- content/people.yaml --
kim: {name: Kim Lee}
raj: {name: Raj Patel}
jane: {name: Jane Doe}
tom: {name: Tom Berg}
-- content/windows/2024-03-16-core-switch.md --
---
title: Core switch replacement
start: 2024-03-16 22:00
planned_end: 2024-03-17 02:00
end: 2024-03-17 02:30
impact: minor
notice: 2024-03-01
facilitator: tom
attendees: [tom, kim, raj, jane]
systems: [network]
---
# Core switch replacement

We replaced the core switch of the data centre.

## Summary
Traffic moved to the new switch after a 30 minute overrun.

## Impact
Two minutes of packet loss for the VPN.

## Tasks
1. Move the uplinks @raj [done] planned:60m actual:90m
2. Retire the old switch @kim [done]

## Lessons learned

### What went well
- The rollback plan was rehearsed @kim #process

### What went wrong
- The cabling plan was out of date @raj #docs

### Where we got lucky
- The vendor engineer happened to be on site @jane #vendor
  - and knew the firmware bug @tom

## Action items
- [ ] Audit the cabling plan @raj #docs due:2024-04-30
`

// TestGoogleSREPostmortem: Google's SRE template puts went well, went wrong
// and where we got lucky under Lessons learned, repeats the title as a level-1
// heading, and has Summary and Impact sections.
func TestGoogleSREPostmortem(t *testing.T) {
	mem, res := buildMemory(t, siteFromText(sreSite), Options{Now: templatesNow})
	if len(res.Diagnostics) != 0 {
		t.Errorf("diagnostics:\n%s", diagText(res.Diagnostics))
	}
	w := exported(t, mem, "2024-03-16-core-switch")
	wantJSON(t, w, `{
	  "summary": "We replaced the core switch of the data centre.",
	  "went_well": [{"text": "The rollback plan was rehearsed", "people": ["kim"], "tags": ["process"]}],
	  "went_wrong": [{"text": "The cabling plan was out of date", "people": ["raj"], "tags": ["docs"]}],
	  "lucky": [{"text": "The vendor engineer happened to be on site", "people": ["jane"], "tags": ["vendor"], "reply_people": ["tom"]}],
	  "ideas": [],
	  "actions": [{"text": "Audit the cabling plan", "owners": ["raj"], "tags": ["docs"], "due": "2024-04-30", "done": false, "done_on": null}],
	  "participation": {"attendees": 4, "contributors": 4, "rate": 1}
	}`)
	page := string(must(mem.Get("windows/2024-03-16-core-switch/index.html")))
	if n := strings.Count(page, "Core switch replacement</h1>"); n != 1 || strings.Contains(page, `id="core-switch-replacement"`) {
		t.Errorf("the title shows %d times as a heading, want once", n)
	}
	for _, want := range []string{
		`<section class="body-section sec-lessons"`, `<h2><a class="h-anchor" href="#lessons-learned">Lessons learned</a></h2>`,
		`<section class="body-section sec-lucky" id="where-we-got-lucky"><h3>`, `id="lucky-1"`, "The vendor engineer happened to be on site",
		"and knew the firmware bug", "4 of 4 spoke",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("window page lacks %q", want)
		}
	}
	// The action reaches the board; lucky reaches search and the
	// recurring view.
	if board := string(must(mem.Get("actions/index.html"))); !strings.Contains(board, "Audit the cabling plan") {
		t.Error("the action is not on the board")
	}
	if rec := string(must(mem.Get("trends/recurring/index.html"))); !strings.Contains(rec, `id="lucky"`) || !strings.Contains(rec, "Where we keep getting lucky") {
		t.Error("the recurring view has no lucky section")
	}
	// Search: the index's kind facet has lucky documents, and the item's
	// words are indexed.
	entry := strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(string(must(mem.Get("search/entry.js"))), `wrapupSearchData("entry",`)), ");")
	var ix struct {
		Values [][]string `json:"values"`
	}
	if err := json.Unmarshal([]byte(entry), &ix); err != nil || len(ix.Values) == 0 || !slices.Contains(ix.Values[0], "lucky") {
		t.Errorf("the search index has no lucky document (%v): %s", err, entry)
	}
}

// TestAtlassianQuestionHeadings: Atlassian's retrospective asks questions,
// often with emoji; they name the known sections.
func TestAtlassianQuestionHeadings(t *testing.T) {
	site := siteFromText(`
-- wrapup.yaml --
base_url: https://intranet.example.com/ops/
-- content/windows/2024-04-06-release.md --
---
title: Spring release
start: 2024-04-06 20:00
planned_end: 2024-04-06 23:00
end: 2024-04-06 22:40
impact: none
attendees: [ann, bo]
---
## Changes
1. Deploy 4.2 @ann [done]

## ✅ What went well
- Feature flags let us ship dark @ann #release

## What didn't go so well?
- The smoke tests were flaky @bo #testing

## What didn’t go well
- Nobody watched the queue @bo

## 💡 Improvement ideas
- Run the smoke tests twice @bo #testing

## Next steps
- [x] Fix the flaky smoke test @bo done:2024-04-10
`)
	res, _ := Build(site, Options{Now: templatesNow}, output.NewMemory())
	// "What didn’t go well" is the went-wrong section a second time: an
	// error naming both lines, not a silent merge.
	if res == nil || !strings.Contains(diagText(res.Diagnostics), "the Went wrong section appears twice, at lines 15 and 18") {
		t.Fatalf("want the duplicate section error, got:\n%v", diagText(res.Diagnostics))
	}
	site["content/windows/2024-04-06-release.md"].Data = []byte(strings.Replace(string(site["content/windows/2024-04-06-release.md"].Data),
		"## What didn’t go well\n- Nobody watched the queue @bo\n", "", 1))
	mem2, res2 := buildMemory(t, site, Options{Now: templatesNow})
	if len(res2.Diagnostics) != 0 {
		t.Errorf("diagnostics:\n%s", diagText(res2.Diagnostics))
	}
	wantJSON(t, exported(t, mem2, "2024-04-06-release"), `{
	  "tasks": [{"number": 1, "title": "Deploy 4.2", "status": "done"}],
	  "went_well": [{"text": "Feature flags let us ship dark", "people": ["ann"], "tags": ["release"]}],
	  "went_wrong": [{"text": "The smoke tests were flaky", "people": ["bo"], "tags": ["testing"]}],
	  "ideas": [{"text": "Run the smoke tests twice", "people": ["bo"], "tags": ["testing"]}],
	  "actions": [{"text": "Fix the flaky smoke test", "owners": ["bo"], "done": true, "done_on": "2024-04-10"}],
	  "outcome": {"success": true}
	}`)
	if board := string(must(mem2.Get("actions/index.html"))); !strings.Contains(board, "Fix the flaky smoke test") {
		t.Error("the done action is not on the board")
	}
}

const pagerDutySite = `
-- wrapup.yaml --
title: Ops
base_url: https://intranet.example.com/ops/
-- content/people.yaml --
kim: {name: Kim Lee}
raj: {name: Raj Patel}
jane: {name: Jane Doe}
-- content/windows/2024-05-04-storage.md --
---
title: Storage firmware
start: 2024-05-04 21:00
planned_end: 2024-05-05 01:00
end: 2024-05-05 00:30
impact: none
attendees: [kim, raj, jane]
---
## Tasks
1. Update the array firmware @raj [done]

## Action Items
| Action | Owner | Due date | Status | Done on | Priority | Ticket |
|---|---|---|---|---|---|---|
| Add a latency alert #monitoring | @raj | 2024-06-15 | In progress | | P1 | [OPS-12](https://tracker.example.com/OPS-12) |
| Rehearse the failover | Kim Lee, jane | 2024-05-20 | Done | 2024-05-18 | P2 | |
| Write the runbook | Jane Doe | someday | maybe | | P3 | |
| Call the vendor | Pat Unknown | | | | | |
`

// TestPagerDutyActionTable: an Action Items table with every column kind and
// bad cells. Every row is an action; bad cells are warnings naming their
// place; the other columns are kept.
func TestPagerDutyActionTable(t *testing.T) {
	mem, res := buildMemory(t, siteFromText(pagerDutySite), Options{Now: templatesNow})
	got := diagText(res.Diagnostics)
	for _, want := range []string{
		`content/windows/2024-05-04-storage.md:17:33: warning: Due date "someday" is not a date`,
		`content/windows/2024-05-04-storage.md:17:43: warning: Status "maybe" is neither done nor open`,
		`content/windows/2024-05-04-storage.md:18:20: warning: owner "Pat Unknown" is not a handle or a name in content/people.yaml`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no diagnostic %q in:\n%s", want, got)
		}
	}
	if len(res.Diagnostics) != 3 {
		t.Errorf("want 3 diagnostics, got:\n%s", got)
	}
	wantJSON(t, exported(t, mem, "2024-05-04-storage"), `{"actions": [
	  {"text": "Add a latency alert", "owners": ["raj"], "tags": ["monitoring"], "due": "2024-06-15", "done": false, "done_on": null,
	   "anchor": "action-1", "overdue": false, "extra": {"Priority": "P1", "Ticket": "OPS-12"}},
	  {"text": "Rehearse the failover", "owners": ["kim", "jane"], "tags": [], "due": "2024-05-20", "done": true, "done_on": "2024-05-18",
	   "anchor": "action-2", "days_to_close": 14, "extra": {"Priority": "P2", "Ticket": ""}},
	  {"text": "Write the runbook", "owners": ["jane"], "tags": [], "due": null, "done": false, "done_on": null, "extra": {"Priority": "P3", "Ticket": ""}},
	  {"text": "Call the vendor", "owners": [], "tags": [], "due": null, "done": false, "done_on": null}
	]}`)
	page := string(must(mem.Get("windows/2024-05-04-storage/index.html")))
	for _, want := range []string{
		`<li id="action-1" class="action is-open">`, `<li id="action-2" class="action is-done">`,
		`<dl class="extra"><div><dt>Priority</dt><dd>P1</dd></div><div><dt>Ticket</dt><dd><a href="https://tracker.example.com/OPS-12">OPS-12</a></dd></div></dl>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("window page lacks %q", want)
		}
	}
	board := string(must(mem.Get("actions/index.html")))
	for _, want := range []string{"Add a latency alert", "Write the runbook", "Call the vendor"} {
		if !strings.Contains(board, want) {
			t.Errorf("the board lacks the open action %q", want)
		}
	}
	if !strings.Contains(board, `<span class="extra"><span class="extra-name">Priority</span> P1</span> <span class="extra"><span class="extra-name">Ticket</span> OPS-12</span>`) {
		t.Error("the board does not show the action table's other columns")
	}
}

// TestGoldenActionTablePage compares the window page of the PagerDuty-style
// site with testdata/golden/action-table.html (go test -update rewrites it).
func TestGoldenActionTablePage(t *testing.T) {
	mem, _ := buildMemory(t, siteFromText(pagerDutySite), Options{Now: templatesNow})
	got := must(mem.Get("windows/2024-05-04-storage/index.html"))
	golden := filepath.Join("testdata", "golden", "action-table.html")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGoldenActionTablePage -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("window page differs from %s; run with -update after checking the change:\n%s", golden, firstDiff(string(want), string(got)))
	}
}

// TestCustomersSeeOnlyTheNotice: rule 32. Internal text of the body (the
// summary, free sections, tasks) never reaches maintenance.html or the
// calendar; the customer notice section does, and the window and upcoming
// pages show it as what customers were told.
func TestCustomersSeeOnlyTheNotice(t *testing.T) {
	site := siteFromText(`
-- wrapup.yaml --
title: Ops
base_url: https://status.example.com/
-- content/windows/2024-06-08-db.md --
---
title: Database upgrade
start: 2024-06-08 22:00
planned_end: 2024-06-09 02:00
systems: [postgresql]
---
We only told customers three days ahead, vendor case 4711.

## Customer notice
Online banking is unavailable while we upgrade our databases.

## Risks
Vendor case 4711 is still open.

## Tasks
1. Upgrade the primary @raj
-- content/windows/2024-06-15-dns.md --
---
title: DNS resolver patch
start: 2024-06-15 22:00
planned_end: 2024-06-15 23:00
systems: [dns]
---
Internal: the old resolvers have a memory leak.
`)
	mem, _ := buildMemory(t, site, Options{Now: templatesNow})
	internal := []string{"three days ahead", "4711", "Upgrade the primary", "memory leak", "Risks"}
	notice := string(must(mem.Get("windows/2024-06-08-db/maintenance.html")))
	bare := string(must(mem.Get("windows/2024-06-15-dns/maintenance.html")))
	cal := strings.ReplaceAll(string(must(mem.Get("calendar.ics"))), "\r\n ", "")
	for name, out := range map[string]string{"db maintenance.html": notice, "dns maintenance.html": bare, "calendar.ics": cal} {
		for _, secret := range internal {
			if strings.Contains(out, secret) {
				t.Errorf("%s shows internal text %q", name, secret)
			}
		}
	}
	if !strings.Contains(notice, "Online banking is unavailable while we upgrade our databases.") || !strings.Contains(notice, "postgresql") {
		t.Errorf("the maintenance notice lacks the customer notice or the systems:\n%s", notice)
	}
	if !strings.Contains(bare, "DNS resolver patch") || !strings.Contains(bare, "dns") {
		t.Error("the bare notice lacks the title or systems")
	}
	if !strings.Contains(cal, `DESCRIPTION:Online banking is unavailable while we upgrade our databases.\n\nSystems: postgresql`) {
		t.Errorf("the calendar event does not carry the customer notice:\n%s", cal)
	}
	for _, p := range []string{"windows/2024-06-08-db/index.html", "upcoming/index.html"} {
		page := string(must(mem.Get(p)))
		if !strings.Contains(page, "customers") || !strings.Contains(page, "Online banking is unavailable") {
			t.Errorf("%s does not show what customers were told", p)
		}
	}
	wantJSON(t, exported(t, mem, "2024-06-08-db"), `{"customer_notice": "Online banking is unavailable while we upgrade our databases."}`)
}

// TestHeldWindowWithoutTasksWarns: rule 17.
func TestHeldWindowWithoutTasksWarns(t *testing.T) {
	_, res := buildMemory(t, siteFromText(`
-- content/windows/2024-03-02-dns.md --
---
title: DNS
start: 2024-03-02 22:00
planned_end: 2024-03-02 23:00
end: 2024-03-02 22:30
impact: none
---
We patched the resolvers.
`), Options{Now: templatesNow})
	if got := diagText(res.Diagnostics); !strings.Contains(got, "content/windows/2024-03-02-dns.md:8:1: warning: this held window has no tasks") {
		t.Errorf("no warning for a held window without tasks:\n%s", got)
	}
}
