package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// carrySite has open actions in windows on different systems, a done action,
// a draft, and a window after the new one.
func carrySite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "wrapup.yaml", "title: New test\ntimezone: Europe/Berlin\nbase_url: https://wrapups.example.com/\n")
	write(t, dir, "content/windows/2024-03-02-dns.md", goodWindow) // no systems; open: Script the patching
	write(t, dir, "content/windows/2024/2024-04-06-pg.md", `---
title: PostgreSQL minor upgrade
start: 2024-04-06 21:00
planned_end: 2024-04-06 23:00
end: 2024-04-06 22:30
impact: none
systems: [postgresql, storage]
---
## Tasks
1. Upgrade @ann [done]
## Next time
- [ ] Rehearse the upgrade on the replica @bo due:2024-05-01
- [x] Write the runbook @ann done:2024-04-10
`)
	write(t, dir, "content/windows/2024-04-20-draft.md", `---
title: Draft window
start: 2024-04-20 21:00
planned_end: 2024-04-20 23:00
end: 2024-04-20 22:00
impact: none
systems: [postgresql]
draft: true
---
## Tasks
1. Something @ann [done]
## Next time
- [ ] Draft action @ann
`)
	write(t, dir, "content/windows/2024-09-07-later.md", `---
title: Later window
start: 2024-09-07 21:00
planned_end: 2024-09-07 23:00
systems: [postgresql]
---
## Next time
- [ ] Not yet agreed @ann
`)
	return dir
}

func TestNewScaffoldsWithCarriedActions(t *testing.T) {
	dir := carrySite(t)
	code, out, errs := run("new", "Mise à jour: PostgreSQL 16!", "--start", "2024-06-01 22:00", "--systems", "postgresql,web", "--source", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := filepath.Join(dir, "content", "windows", "2024-06-01-mise-a-jour-postgresql-16.md")
	if strings.TrimSpace(out) != want {
		t.Errorf("printed %q, want the path %q", out, want)
	}
	data, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	for _, s := range []string{
		"title: \"Mise à jour: PostgreSQL 16!\"\n",
		"start: 2024-06-01 22:00\n",
		"planned_end: 2024-06-02 02:00\n", // four hours by default
		"systems: [postgresql, web]\n",
		"## Customer notice\n", "## Tasks\n", "## What went well\n", "## What went wrong\n", "## Where we got lucky\n", "## Next time\n", "## Ideas\n",
		// The page shows the open actions live: the scaffold points there
		// instead of copying them (issue 9, item 4).
		"2 open actions of earlier windows", "Carried into this",
		// It counts what the page shows: the actions of windows on the
		// same systems, not every open action.
		"1 of them, from windows on the same systems",
	} {
		if !strings.Contains(page, s) {
			t.Errorf("new page lacks %q:\n%s", s, page)
		}
	}
	for _, not := range []string{"Rehearse the upgrade", "Script the patching", "Write the runbook", "Draft action", "Not yet agreed"} {
		if strings.Contains(page, not) {
			t.Errorf("new page carries %q (done, draft, or from a later window)", not)
		}
	}
	// The new page is a valid planned window and its links resolve.
	code, out, _ = run("check", "--source", dir, "--strict")
	if code != ExitOK {
		t.Errorf("check after new: exit %d\n%s", code, out)
	}

	// Built untouched, the planned window's page shows none of the
	// scaffold's empty sections, and each open action once, live.
	if code, _, errs := run("build", "--source", dir, "--now", "2024-05-20"); code != ExitOK {
		t.Fatalf("build after new: exit %d\n%s", code, errs)
	}
	html, err := os.ReadFile(filepath.Join(dir, "public", "windows", "2024-06-01-mise-a-jour-postgresql-16", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, not := range []string{"sec-tasks", "sec-went_well", "sec-went_wrong", "sec-lucky", "sec-next_time", "sec-ideas", "sec-customer_notice", "raw HTML omitted"} {
		if strings.Contains(string(html), not) {
			t.Errorf("the untouched new page shows %q", not)
		}
	}
	if n := strings.Count(string(html), "Rehearse the upgrade on the replica"); n != 1 || !strings.Contains(string(html), "Carried into this window") {
		t.Errorf("the open action shows %d times, want once under Carried into this window", n)
	}

	// Never overwrites: the same title and date again is refused, and the
	// file is untouched.
	if err := os.WriteFile(want, []byte(page+"\nedited by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = run("new", "Mise à jour: PostgreSQL 16!", "--start", "2024-06-01 23:00", "--source", dir)
	if code == ExitOK || !strings.Contains(errs, "already exists") {
		t.Errorf("second new: exit %d, %s", code, errs)
	}
	if data, _ := os.ReadFile(want); !strings.HasSuffix(string(data), "edited by hand\n") {
		t.Error("the existing file was overwritten")
	}
}

func TestNewUsesTheSiteArchetype(t *testing.T) {
	dir := carrySite(t)
	write(t, dir, "archetypes/window.md", "---\ntitle: {{ quote .Title }}\nstart: {{ .Start }}\nplanned_end: {{ .PlannedEnd }}\n---\nOur own template. {{ len .Carried }} open.\n")
	code, out, errs := run("new", "--start", "2024-06-01T22:00:00+02:00", "--planned-end", "2024-06-02 01:30", "Our window", "--source", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	data, _ := os.ReadFile(strings.TrimSpace(out))
	if !strings.Contains(string(data), "Our own template. 2 open.") || !strings.Contains(string(data), "planned_end: 2024-06-02 01:30") {
		t.Errorf("site archetype not used:\n%s", data)
	}
	// An archetype that makes an invalid file writes nothing.
	write(t, dir, "archetypes/window.md", "---\ntitle: {{ .Title }}\nstart: {{ .Start }}\nplanned_end: {{ .Start }}\n---\n")
	code, _, errs = run("new", "Broken", "--start", "2024-07-01 22:00", "--source", dir)
	if code == ExitOK || !strings.Contains(errs, "planned_end") {
		t.Errorf("invalid archetype: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/windows/2024-07-01-broken.md")); err == nil {
		t.Error("an invalid window file was written")
	}
}

func TestNewUsage(t *testing.T) {
	dir := carrySite(t)
	for _, args := range [][]string{
		{"new", "--source", dir, "--start", "2024-06-01 22:00"},                                           // no title
		{"new", "T", "--source", dir},                                                                     // no start
		{"new", "T", "--source", dir, "--start", "June 1st"},                                              // bad time
		{"new", "T", "--source", dir, "--start", "2024-06-01 22:00", "--planned-end", "2024-06-01 21:00"}, // end before start
		{"new", "T", "--source", dir, "--start", "2024-06-01 22:00", "--systems", "Post gres"},
	} {
		if code, _, errs := run(args...); code != exitUsage || errs == "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, errs)
		}
	}
}

func TestSlug(t *testing.T) {
	for title, want := range map[string]string{
		"PostgreSQL upgrade and disk reclaim": "postgresql-upgrade-and-disk-reclaim",
		"Mise à jour: Ñandú & Co.":            "mise-a-jour-nandu-co",
		"Don't break the DNS!":                "dont-break-the-dns",
		"  --  ":                              "window",
		"日本語":                                 "window",
		strings.Repeat("longword ", 12):       "longword-longword-longword-longword-longword-longword",
	} {
		if got := slug(title); got != want {
			t.Errorf("slug(%q) = %q, want %q", title, got, want)
		}
	}
}

// TestCheckJSONOnBrokenSite: check --format json reports every problem with
// path, line, column, severity and message, exits 1, and writes nothing.
func TestCheckJSONOnBrokenSite(t *testing.T) {
	dir := newSite(t)
	write(t, dir, "content/windows/2024-03-09-bad.md", `---
title: Bad window
start: 2024-03-09 21:00
planned_end: 2024-03-09 23:00
end: 2024-03-09 22:00
impact: none
colour: red
---
## Tasks
1. Do it @ann [wip]
`)
	before := snapshot(t, dir)
	code, out, _ := run("check", "--source", dir, "--format", "json")
	if code != exitContent {
		t.Errorf("exit %d, want %d", code, exitContent)
	}
	var got struct {
		Errors, Warnings int
		Diagnostics      []struct {
			Path              string
			Line, Column      int
			Severity, Message string
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.Errors != 2 || len(got.Diagnostics) != 2 {
		t.Fatalf("got %+v, want 2 errors", got)
	}
	d := got.Diagnostics[0]
	if d.Path != "content/windows/2024-03-09-bad.md" || d.Line != 7 || d.Column != 1 || d.Severity != "error" || !strings.Contains(d.Message, `unknown front-matter key "colour"`) {
		t.Errorf("first diagnostic %+v", d)
	}
	d = got.Diagnostics[1]
	if d.Line != 10 || d.Column == 0 || !strings.Contains(d.Message, "wip") {
		t.Errorf("second diagnostic %+v", d)
	}
	if after := snapshot(t, dir); after != before {
		t.Error("check wrote files")
	}

	// Broken links are reported by check too, once the files parse.
	write(t, dir, "content/windows/2024-03-09-bad.md", "---\ntitle: Bad window\nstart: 2024-03-09 21:00\nplanned_end: 2024-03-09 23:00\n---\nSee [the DNS window](/windows/2024-03-02-dnss/).\n")
	code, out, _ = run("check", "--source", dir, "--format", "json")
	if code != exitContent || !strings.Contains(out, `"line": 6`) || !strings.Contains(out, `"column": 5`) || !strings.Contains(out, "did you mean /windows/2024-03-02-dns/?") {
		t.Errorf("broken link: exit %d\n%s", code, out)
	}
	code, out, _ = run("check", "--source", newSite(t), "--format", "json")
	if code != ExitOK || !strings.Contains(out, `"errors": 0`) || !strings.Contains(out, `"diagnostics": []`) {
		t.Errorf("clean site: exit %d\n%s", code, out)
	}
}
