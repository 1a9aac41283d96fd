package build

import (
	"strings"
	"testing"
)

// A page as a Confluence or wiki export pastes it (issue 9 acceptance):
// numbered headings, <br> and other HTML, owners as e-mail addresses, cells
// the table cannot read, Google's bold DONE/TODO, and a customer notice
// with links. Every item and action reaches the export, nothing vanishes
// without a warning, and the calendar keeps the notice's addresses.
const wikiExportSite = `
-- wrapup.yaml --
title: Ops
timezone: UTC
base_url: https://intranet.example.com/ops/
-- content/people.yaml --
jane: {name: Jane Doe}
omar: {name: Omar Haddad}
kim: {name: Kim Lee}
-- content/windows/2024/2024-03-16-san-firmware.md --
---
title: SAN firmware
start: 2024-03-16 22:00
planned_end: 2024-03-17 02:00
end: 2024-03-17 01:00
impact: none
attendees: [jane, omar, kim]
---
Firmware of both arrays.<br>Contact: storage@example.com.

<p>Exported from Confluence &mdash; page id 123456.</p>

## 1. Tasks
1. Upgrade array A @jane [done]
2. Upgrade array B @kim [done]

## 2. What went well
- Both arrays came back clean @jane

## 3) What didn't go so well?
- The vendor line was slow @omar #vendor

## 4. Action items
| Action Item | Owner | Due date | Bug |
|---|---|---|---|
| Update the SAN runbook | jane.doe@example.com | 2024-04-01 | n/a **DONE** |
| Add a path alert | <omar.haddad@example.com> | Nov 30 | OPS-1 **TODO** |
-- content/windows/2024-06-15-banking.md --
---
title: Banking upgrade
start: 2024-06-15 22:00
planned_end: 2024-06-16 02:00
notice: 2024-06-01
---
Internal: vendor case 00912345.

## Customer notice
Online banking is down on Saturday night. See [our status page](https://status.example.com)
or write to [the desk](desk@example.com).
`

func TestWikiExportPage(t *testing.T) {
	mem, res := buildMemory(t, siteFromText(wikiExportSite), Options{Now: templatesNow})
	diags := diagText(res.Diagnostics)
	for _, want := range []string{
		"2024-03-16-san-firmware.md:11:1: warning: this HTML is left out of the page",
		`2024-03-16-san-firmware.md:27:49: warning: Due date "Nov 30" is not a date`,
	} {
		if !strings.Contains(diags, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, diags)
		}
	}
	if n := len(res.Diagnostics); n != 2 {
		t.Errorf("%d diagnostics, want 2:\n%s", n, diags)
	}
	w := exported(t, mem, "2024-03-16-san-firmware")
	wantJSON(t, w, `{
	  "summary": "Firmware of both arrays. Contact: storage@example.com.",
	  "tasks": [{"title": "Upgrade array A", "status": "done"}, {"title": "Upgrade array B", "status": "done"}],
	  "went_well": [{"text": "Both arrays came back clean", "people": ["jane"]}],
	  "went_wrong": [{"text": "The vendor line was slow", "people": ["omar"], "tags": ["vendor"]}],
	  "actions": [
	    {"text": "Update the SAN runbook", "owners": ["jane"], "due": "2024-04-01", "done": true},
	    {"text": "Add a path alert", "owners": ["omar"], "due": null, "done": false, "extra": {"Due date": "Nov 30", "Bug": "OPS-1 TODO"}}],
	  "outcome": {"changes_made": true}
	}`)
	page := string(must(mem.Get("windows/2024-03-16-san-firmware/index.html")))
	if !strings.Contains(page, "Firmware of both arrays.<br>") || strings.Contains(page, "Exported from Confluence") {
		t.Error("the <br> is not a line break, or the HTML block reached the page")
	}
	if board := string(must(mem.Get("actions/index.html"))); !strings.Contains(board, "Add a path alert") || !strings.Contains(board, "Nov 30") {
		t.Error("the action, with the due date as written, is not on the board")
	}
	ics := strings.ReplaceAll(string(must(mem.Get("calendar.ics"))), "\r\n ", "")
	if !strings.Contains(ics, "our status page (https://status.example.com) or write to the desk (desk@example.com)") || strings.Contains(ics, "00912345") {
		t.Errorf("the calendar's notice lost its addresses or shows internal text:\n%s", ics)
	}
}
