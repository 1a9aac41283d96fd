package parse

import (
	"strings"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/model"
)

const examplePath = "content/windows/2013/2013-01-19-postgres-upgrade.md"

// formatExample is the example window of FORMAT.md, verbatim.
const formatExample = `---
title: PostgreSQL upgrade and disk reclaim
start: 2013-01-19 22:00
planned_end: 2013-01-20 02:00
end: 2013-01-20 01:40
impact: none
notice: 2013-01-17
facilitator: tom
attendees: [tom, jane, ann, raj, lee, kim, sam]
systems: [postgresql, storage]
---
We upgraded every PostgreSQL cluster and took back disk space.

## Tasks
1. Upgrade the PostgreSQL databases @jane [done] planned:60m actual:75m
   1. Stop the application servers
   2. Run ` + "`pg_upgrade`" + ` on each cluster
2. Recover 5% of the disk space on the largest cluster @raj [done] planned:40m actual:30m
3. Migrate the reporting replica @lee [dropped]

## What went well
- A custom error message for the maintenance window @ann #communication
- Phone bridge and chat room for the whole team @tom #communication

## What went wrong
- Customers did not get enough of a heads-up @kim #communication
- Tests looked at one database at a time @lee #testing

## Next time
- [ ] Tell customers a week ahead @kim #communication due:2013-02-10
- [x] Number every step @raj #process done:2013-01-25

## Ideas
- Video conferencing during the window @sam #communication
`

func chicagoConfig(t testing.TB) model.Config {
	t.Helper()
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	cfg := model.DefaultConfig()
	cfg.Timezone, cfg.Location = "America/Chicago", loc
	return cfg
}

// file builds a window file from front matter lines (file lines 2...) and a
// small body.
func file(lines ...string) []byte {
	return []byte("---\n" + strings.Join(lines, "\n") + "\n---\nBody.\n")
}

// heldLines are valid front matter lines 2-6 of a held window.
var heldLines = []string{
	"title: PostgreSQL upgrade", // line 2
	"start: 2013-01-19 22:00",   // line 3
	"planned_end: 2013-01-20 02:00",
	"end: 2013-01-20 01:40",
	"impact: none", // line 6
}

func withLines(extra ...string) []byte {
	return file(append(append([]string(nil), heldLines...), extra...)...)
}

// wantDiag fails unless some diagnostic's text starts with want
// (path:line:col: message start).
func wantDiag(t *testing.T, diags diag.List, want string) {
	t.Helper()
	for _, d := range diags {
		if strings.HasPrefix(d.Error(), want) {
			return
		}
	}
	t.Errorf("no diagnostic starting with\n  %s\ngot:\n  %s", want, strings.Join(texts(diags), "\n  "))
}

func wantNoErrors(t *testing.T, diags diag.List) {
	t.Helper()
	if diags.HasErrors() {
		t.Errorf("unexpected errors:\n  %s", strings.Join(texts(diags), "\n  "))
	}
}

func texts(diags diag.List) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.Error())
	}
	return out
}

func TestWindowFormatExample(t *testing.T) {
	cfg := chicagoConfig(t)
	w, diags := Window(examplePath, []byte(formatExample), cfg, nil)
	wantNoErrors(t, diags)
	if w.ID != "2013-01-19-postgres-upgrade" || w.Path != examplePath {
		t.Errorf("id %q path %q", w.ID, w.Path)
	}
	if w.Title != "PostgreSQL upgrade and disk reclaim" {
		t.Errorf("title %q", w.Title)
	}
	if got := w.Start.Format(time.RFC3339); got != "2013-01-19T22:00:00-06:00" {
		t.Errorf("start %s", got)
	}
	if got := w.End.Format(time.RFC3339); got != "2013-01-20T01:40:00-06:00" {
		t.Errorf("end %s", got)
	}
	if w.Start.Location() != cfg.Location {
		t.Errorf("start is not in the site timezone: %v", w.Start.Location())
	}
	if got := w.Notice.Format(time.RFC3339); got != "2013-01-17T00:00:00-06:00" {
		t.Errorf("notice %s", got)
	}
	if w.Impact != "none" || w.Facilitator != "tom" || w.Draft {
		t.Errorf("impact %q facilitator %q draft %v", w.Impact, w.Facilitator, w.Draft)
	}
	if strings.Join(w.Attendees, ",") != "tom,jane,ann,raj,lee,kim,sam" || strings.Join(w.Systems, ",") != "postgresql,storage" {
		t.Errorf("attendees %v systems %v", w.Attendees, w.Systems)
	}
	if w.Tags == nil || len(w.Tags) != 0 {
		t.Errorf("tags must be an empty, non-nil list: %#v", w.Tags)
	}
	d := w.Derived
	if d.OverrunMinutes == nil || *d.OverrunMinutes != -20 || d.NoticeDays == nil || *d.NoticeDays != 2 || !d.LateNotice {
		t.Errorf("derived %+v", d)
	}
	if len(w.Tasks) == 0 {
		t.Fatal("the body parser returned no tasks")
	}
	// With the body parsed, every value of the FORMAT.md export example.
	if w.Summary != "We upgraded every PostgreSQL cluster and took back disk space." {
		t.Errorf("summary %q", w.Summary)
	}
	if d.Outcome == nil || !d.Outcome.Success || d.Estimate == nil || *d.Estimate != 1.05 {
		t.Errorf("outcome %+v estimate %v", d.Outcome, d.Estimate)
	}
	if p := d.Participation; p == nil || p.Attendees != 7 || p.Contributors != 5 || p.Rate == nil || *p.Rate != 0.714 {
		t.Errorf("participation %+v", p)
	}
	if len(diags) != 0 {
		t.Errorf("the example must give no warnings: %v", texts(diags))
	}
}

func TestWindowSpeakerWarningFromBody(t *testing.T) {
	src := strings.Replace(formatExample, "attendees: [tom, jane, ann, raj, lee, kim, sam]", "attendees: [tom, jane, ann, raj, lee, sam]", 1)
	w, diags := Window(examplePath, []byte(src), chicagoConfig(t), nil)
	if len(w.WentWrong) == 0 {
		t.Fatal("the body parser returned no items")
	}
	wantNoErrors(t, diags)
	// "- Customers did not get enough of a heads-up @kim #communication" is line 26.
	wantDiag(t, diags, examplePath+":26:46: warning: kim speaks in went wrong but is not in attendees")
}

func TestWindowTimeForms(t *testing.T) {
	cfg := chicagoConfig(t)
	tests := []struct {
		start string
		want  string // RFC 3339 in the site timezone
	}{
		{"2013-01-19 22:00", "2013-01-19T22:00:00-06:00"},
		{"2013-01-19 22:00:30", "2013-01-19T22:00:30-06:00"},
		{"2013-01-19T22:00", "2013-01-19T22:00:00-06:00"},
		{"2013-01-19T22:00:30", "2013-01-19T22:00:30-06:00"},
		{`"2013-01-19 22:00"`, "2013-01-19T22:00:00-06:00"}, // quoting changes nothing
		{`'2013-01-19T22:00'`, "2013-01-19T22:00:00-06:00"},
		{"2013-01-19T22:00:00-06:00", "2013-01-19T22:00:00-06:00"},
		{"2013-01-20T04:00:00Z", "2013-01-19T22:00:00-06:00"},
		{"2013-01-19T23:00:00-05:00", "2013-01-19T22:00:00-06:00"}, // the instant is kept
		{"2013-01-19T22:00:00.5-06:00", "2013-01-19T22:00:00.5-06:00"},
		{"2013-01-19 22:00 # a comment", "2013-01-19T22:00:00-06:00"},
	}
	for _, tt := range tests {
		src := file("title: x", "start: "+tt.start, "planned_end: 2013-01-20 23:00")
		w, diags := Window(examplePath, src, cfg, nil)
		wantNoErrors(t, diags)
		if got := w.Start.Format(time.RFC3339Nano); got != tt.want {
			t.Errorf("start: %s = %s, want %s", tt.start, got, tt.want)
		}
		if w.Start.Location() != cfg.Location {
			t.Errorf("start: %s not stored in the site timezone", tt.start)
		}
	}
}

func TestParseTimeDST(t *testing.T) {
	loc := chicagoConfig(t).Location
	// 02:30 on 2013-03-10 does not exist in Chicago: clocks jump from 02:00 to 03:00.
	_, err := parseTime("2013-03-10 02:30", loc, false)
	if err == nil || !strings.Contains(err.Error(), "does not exist") || !strings.Contains(err.Error(), "explicit offset") ||
		!strings.Contains(err.Error(), "2013-03-10T02:30:00-06:00") {
		t.Errorf("gap: err = %v", err)
	}
	// 01:30 on 2013-11-03 happens twice: CDT (-05:00) first, then CST (-06:00).
	pt, err := parseTime("2013-11-03 01:30", loc, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := pt.t.Format(time.RFC3339); got != "2013-11-03T01:30:00-05:00" {
		t.Errorf("overlap = %s, want the earlier instant 2013-11-03T01:30:00-05:00", got)
	}
	// With an explicit offset the later one can be chosen.
	pt, err = parseTime("2013-11-03T01:30:00-06:00", loc, false)
	if err != nil || pt.t.Format(time.RFC3339) != "2013-11-03T01:30:00-06:00" {
		t.Errorf("explicit offset in overlap = %v, %v", pt.t, err)
	}
	// Around the gap, the times that exist are read as written.
	for _, s := range []string{"2013-03-10 01:59", "2013-03-10 03:00"} {
		pt, err := parseTime(s, loc, false)
		if err != nil || pt.t.Format("2006-01-02 15:04") != s {
			t.Errorf("%s = %v, %v", s, pt.t, err)
		}
	}
}

func TestParseTimeErrors(t *testing.T) {
	tests := []struct {
		in, want string
		date     bool
	}{
		{"2013-01-19", "date without a time of day", false},
		{"2013-02-30 10:00", "not a real date", false},
		{"2013-13-01", "not a real date", true},
		{"2013-01-19 24:00", "not a real time of day", false},
		{"2013-01-19 22:60", "not a real time of day", false},
		{"19/01/2013 22:00", "cannot read", false},
		{"2013-01-19 10pm", "cannot read", false},
		{"2013-01-19T22:00:00+25:00", "offset that does not exist", false},
		{"tomorrow", "cannot read \"tomorrow\" as a date or time", true},
	}
	for _, tt := range tests {
		_, err := parseTime(tt.in, time.UTC, tt.date)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseTime(%q) err = %v, want %q", tt.in, err, tt.want)
		}
	}
	// A date is accepted where allowed and is the start of that day.
	pt, err := parseTime("2013-01-17", chicagoConfig(t).Location, true)
	if err != nil || !pt.isDate || pt.t.Format(time.RFC3339) != "2013-01-17T00:00:00-06:00" {
		t.Errorf("date = %v %v %v", pt.t, pt.isDate, err)
	}
}

// TestWindowErrors has one case per class of front-matter problem, each with
// its exact position.
func TestWindowErrors(t *testing.T) {
	cfg := chicagoConfig(t)
	p := examplePath
	tests := []struct {
		name string
		src  []byte
		path string
		want string // prefix of one diagnostic's Error()
	}{
		{"missing title", file("start: 2013-01-19 22:00", "planned_end: 2013-01-20 02:00"), p,
			p + `:1:1: missing required key "title"`},
		{"missing start", file("title: x", "planned_end: 2013-01-20 02:00"), p,
			p + ":1:1: missing required key \"start\": add a line such as `start: 2013-01-19 22:00`"},
		{"missing planned_end", file("title: x", "start: 2013-01-19 22:00"), p,
			p + `:1:1: missing required key "planned_end"`},
		{"empty value is absent", file("title: x", "start: ", "planned_end: 2013-01-20 02:00"), p,
			p + `:1:1: missing required key "start"`},
		{"missing impact when held", file("title: x", "start: 2013-01-19 22:00", "planned_end: 2013-01-20 02:00", "end: 2013-01-20 01:00"), p,
			p + `:1:1: missing required key "impact"`},
		{"impact without end", file("title: x", "start: 2013-01-19 22:00", "planned_end: 2013-01-20 02:00", "impact: none"), p,
			p + ":5:9: impact is given but end is not"},
		{"unknown key with did-you-mean", withLines("attendes: [tom]"), p,
			p + `:7:1: unknown front-matter key "attendes" (did you mean attendees?)`},
		{"unknown key in another case", withLines("Title: x"), p,
			p + `:7:1: unknown front-matter key "Title" (did you mean title?)`},
		{"bad time", file("title: x", "start: 2013-01-19 25:00", "planned_end: 2013-01-20 02:00"), p,
			p + `:3:8: start: "2013-01-19 25:00" is not a real time of day`},
		{"bad time with trailing blanks", file("title: x", "start: 2013-01-19 25:00   ", "planned_end: 2013-01-20 02:00"), p,
			p + `:3:8: start: "2013-01-19 25:00" is not a real time of day`},
		{"DST gap", []byte("---\ntitle: x\nstart: 2013-03-10 02:30\nplanned_end: 2013-03-10 05:00\n---\n"),
			"content/windows/2013-03-10-dst.md",
			"content/windows/2013-03-10-dst.md:3:8: start: \"2013-03-10 02:30\" does not exist in America/Chicago"},
		{"planned_end before start", file("title: x", "start: 2013-01-19 22:00", "planned_end: 2013-01-19 21:00"), p,
			p + ":4:14: planned_end (2013-01-19 21:00 -06:00) must be after start"},
		{"planned_end equal to start", file("title: x", "start: 2013-01-19 22:00", "planned_end: 2013-01-19T22:00:00-06:00"), p,
			p + ":4:14: planned_end (2013-01-19 22:00 -06:00) must be after start"},
		{"end before start", file("title: x", "start: 2013-01-19 22:00", "planned_end: 2013-01-20 02:00", "end: 2013-01-19 21:59", "impact: none"), p,
			p + ":5:6: end (2013-01-19 21:59 -06:00) is before start"},
		{"impact value", file("title: x", "start: 2013-01-19 22:00", "planned_end: 2013-01-20 02:00", "end: 2013-01-20 01:00", "impact: mnior"), p,
			p + `:6:9: impact must be none, minor or major, not "mnior" (did you mean minor?)`},
		{"draft yes", withLines("draft: yes"), p, p + `:7:8: draft must be true or false, not "yes"`},
		{"draft on", withLines("draft: on"), p, p + `:7:8: draft must be true or false, not "on"`},
		{"draft 1", withLines("draft: 1"), p, p + `:7:8: draft must be true or false, not "1"`},
		{"tags: #x", withLines("tags: #network"), p,
			p + ":7:7: tags: '#' starts a YAML comment, so tags is empty: quote the value"},
		{"list entry #x", withLines("tags:", "  - ok", "  - #network"), p,
			p + ":9:5: tags: '#' starts a YAML comment, so this entry is empty"},
		{"bad handle", withLines("attendees: [tom, Tom Smith]"), p,
			p + `:7:18: attendees: "Tom Smith" is not a valid handle`},
		{"bad handle in a comma list", withLines("attendees: tom, j/ane"), p,
			p + `:7:17: attendees: "j/ane" is not a valid handle`},
		{"handle listed twice", withLines("attendees: [tom, jane, Tom]"), p,
			p + ":7:24: tom is listed twice in attendees (first on line 7)"},
		{"bad tag", withLines(`tags: ["#ok", "-bad"]`), p, p + `:7:16: tags: "-bad" is not a valid tag`},
		{"list of lists", withLines("systems: [[a]]"), p, p + ":7:11: systems: each entry must be a single system, not a list"},
		{"title as a list", file("title: [a, b]", "start: 2013-01-19 22:00", "planned_end: 2013-01-20 02:00"), p,
			p + `:2:8: the value of title starts with "[", which YAML reads as the start of a list: put the whole value in quotes`},
		{"@ unquoted", withLines("facilitator: @tom"), p, p + ":7:14: the value of facilitator starts with @, which YAML does not accept: write the handle without it (facilitator: tom)"},
		{"no colon", withLines("systems [dns]"), p, p + ":7:1: this line has no colon after the key systems: write it as systems: [dns]"},
		{"unclosed quote", withLines(`summary: "half`), p, p + `:7:10: the value of summary opens a " quote that is not closed`},
		{"stray indent", file("title: PostgreSQL upgrade", "  start: 2013-01-19 22:00", "planned_end: 2013-01-20 02:00"), p, p + ":3:1: this line is indented, so YAML reads it as part of title on the line above"},
		{"backquote", withLines("summary: `pg_upgrade` ran"), p, p + ":7:10: the value of summary starts with a backquote, which YAML does not accept at the start of a value: put the whole value in quotes: summary: \"`pg_upgrade` ran\""},
		{"bad YAML", withLines("attendees: [tom"), p, p + ":7:12: the list of attendees is not closed"},
		{"value starting with [", withLines("summary: [DRAFT] notes"), p, p + `:7:10: the value of summary starts with "[", which YAML reads as the start of a list: put the whole value in quotes: summary: "[DRAFT] notes"`},
		{"value that is a list to YAML", withLines("summary: [DRAFT]"), p, p + `:7:10: the value of summary starts with "["`},
		{"value holding colon space", withLines("summary: Switch: core"), p, p + `:7:10: the value of summary holds ": ", which YAML reads as the start of another key: put the whole value in quotes: summary: "Switch: core"`},
		{"value starting with *", withLines(`summary: *new* "switch"`), p, p + `:7:10: the value of summary starts with "*", which YAML reads as an alias (a reference to an &anchor): put the whole value in quotes: summary: '*new* "switch"'`},
		{"value starting with &", withLines("summary: & more"), p, p + `:7:10: the value of summary starts with "&", which YAML reads as an anchor name`},
		{"value starting with {", withLines("summary: {x} y"), p, p + `:7:10: the value of summary starts with "{", which YAML reads as the start of a mapping`},
		{"tab", withLines("systems:\n\t- dns"), p, p + ":8:1: this line holds a tab, which YAML does not accept here: use spaces, not tabs"},
		{"key given twice", withLines("title: again"), p, p + `:7:1: bad YAML: mapping key "title" already defined on line 2: each key may appear once`},
		{"front matter not a mapping", []byte("---\n- a\n- b\n---\n"), p, p + ":2:1: the front matter must be a set of key: value lines"},
		{"id pattern", file("title: x", "start: 2013-01-19 22:00", "planned_end: 2013-01-20 02:00"), "content/windows/2013-01-19-Postgres.md",
			`content/windows/2013-01-19-Postgres.md:1:1: the file name "2013-01-19-Postgres.md" does not make a valid window id`},
		{"id without words", file("title: x", "start: 2013-01-19 22:00", "planned_end: 2013-01-20 02:00"), "content/windows/2013-01-19.md",
			`content/windows/2013-01-19.md:1:1: the file name "2013-01-19.md" does not make a valid window id`},
		{"id date not real", file("title: x", "start: 2013-02-30 22:00", "planned_end: 2013-03-01 02:00"), "content/windows/2013-02-30-x.md",
			"content/windows/2013-02-30-x.md:1:1: the file name starts with 2013-02-30, which is not a real date"},
		{"id date is not the start date", file("title: x", "start: 2013-01-20 00:30", "planned_end: 2013-01-20 02:00"), p,
			p + ":3:8: the window id's date 2013-01-19 is not the start date 2013-01-20 (in America/Chicago)"},
		{"id date compared in the site timezone", file("title: x", "start: 2013-01-20T03:00:00Z", "planned_end: 2013-01-20 02:00"), p,
			""}, // 2013-01-19 21:00 in Chicago: fine
		{"missing front matter", []byte("# Hello\n"), p, p + ":1:1: missing front matter"},
		{"missing closing ---", []byte("---\ntitle: x\n"), p, p + `:1:1: the front matter opened here has no closing "---" line`},
		{"not UTF-8", []byte("---\ntitle: caf\xe9 x\n---\n"), p, p + ":2:11: the file is not UTF-8"},
		{"notice after start warns", withLines("notice: 2013-01-21"), p,
			p + ":7:9: warning: notice (2013-01-21 00:00 -06:00) is after start"},
		{"facilitator not in attendees warns", withLines("facilitator: ann", "attendees: tom"), p,
			p + ":7:14: warning: the facilitator ann is not in attendees"},
		{"two facilitators", withLines("facilitator: ann, tom"), p, p + ":7:19: facilitator must be one handle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Window(tt.path, tt.src, cfg, nil)
			if tt.want == "" {
				wantNoErrors(t, diags)
				return
			}
			wantDiag(t, diags, tt.want)
		})
	}
}

func TestWindowReportsEveryProblemAtOnce(t *testing.T) {
	src := file("titel: x", "start: 2013-01-19 25:00", "planned_end: soon", "draft: yes", "tags: #x")
	_, diags := Window(examplePath, src, chicagoConfig(t), nil)
	errs, _ := diags.Count()
	if errs < 5 {
		t.Errorf("want at least 5 errors (titel, missing title, start, planned_end, draft, tags), got:\n  %s", strings.Join(texts(diags), "\n  "))
	}
}

func TestWindowValues(t *testing.T) {
	cfg := chicagoConfig(t)
	src := withLines(
		"attendees: tom, \"@Jane\", ann", // a comma list; @ and case dropped
		`tags: ["#Network", network, db]`,
		"systems: PostgreSQL",
		"facilitator: \"@TOM\"",
		"draft: true",
		"summary: One line.",
		"notice: 2013-01-18T03:00:00Z",
	)
	w, diags := Window(examplePath, src, cfg, nil)
	wantNoErrors(t, diags)
	if strings.Join(w.Attendees, ",") != "tom,jane,ann" {
		t.Errorf("attendees %v", w.Attendees)
	}
	if strings.Join(w.Tags, ",") != "network,db" {
		t.Errorf("tags %v", w.Tags)
	}
	if strings.Join(w.Systems, ",") != "postgresql" || w.Facilitator != "tom" || !w.Draft || w.Summary != "One line." {
		t.Errorf("systems %v facilitator %q draft %v summary %q", w.Systems, w.Facilitator, w.Draft, w.Summary)
	}
	// A notice given late at night in UTC is the evening before in Chicago.
	if w.Derived.NoticeDays == nil || *w.Derived.NoticeDays != 2 {
		t.Errorf("notice_days = %v", w.Derived.NoticeDays)
	}

	// A planned window: no end, no impact.
	w, diags = Window(examplePath, file("title: x", "start: 2013-01-19 22:00", "planned_end: 2013-01-20 02:00", "end:", "impact: ''"), cfg, nil)
	wantNoErrors(t, diags)
	if w.End != nil || w.Held() || w.Derived.Outcome != nil {
		t.Errorf("planned window read as held: %+v", w)
	}
	// end == start is allowed.
	_, diags = Window(examplePath, file("title: x", "start: 2013-01-19 22:00", "planned_end: 2013-01-20 02:00", "end: 2013-01-19 22:00", "impact: MAJOR"), cfg, nil)
	wantNoErrors(t, diags)
}

func TestWindowPeople(t *testing.T) {
	people := map[string]model.Person{"tom": {Handle: "tom", Name: "Tom"}, "jane": {Handle: "jane", Name: "Jane"}}
	src := withLines("facilitator: tomm", "attendees: [tom, jnae]")
	_, diags := Window(examplePath, src, chicagoConfig(t), people)
	wantNoErrors(t, diags)
	wantDiag(t, diags, examplePath+":7:14: warning: tomm is not in content/people.yaml (did you mean tom?)")
	wantDiag(t, diags, examplePath+":8:18: warning: jnae is not in content/people.yaml (did you mean jane?)")
	// Without people.yaml nobody is checked.
	_, diags = Window(examplePath, src, chicagoConfig(t), nil)
	for _, d := range diags {
		if strings.Contains(d.Message, "people.yaml") {
			t.Errorf("checked people without people.yaml: %s", d.Error())
		}
	}
}

func TestWindowBOMAndCRLF(t *testing.T) {
	src := "\xEF\xBB\xBF---\r\ntitle: x\r\nstart: 2013-01-19 22:00\r\nplanned_end: 2013-01-19 21:00\r\n---\r\nBody\r\n"
	w, diags := Window(examplePath, []byte(src), chicagoConfig(t), nil)
	if w.Title != "x" {
		t.Errorf("title %q", w.Title)
	}
	wantDiag(t, diags, examplePath+":4:14: planned_end")
}

// TestOneMessagePerMistake: a misspelt required key gives the did-you-mean
// only, not also "missing required key".
func TestOneMessagePerMistake(t *testing.T) {
	p := "content/windows/2013/2013-01-19-postgres-upgrade.md"
	for _, c := range []struct {
		src  []byte
		want string
	}{
		{file("title: PostgreSQL upgrade", "start: 2013-01-19 22:00", "planned_end: 2013-01-20 02:00", "end: 2013-01-20 01:40", "impcat: none"),
			p + `:6:1: unknown front-matter key "impcat" (did you mean impact?): rename it to impact`},
		{file("titel: PostgreSQL upgrade", "start: 2013-01-19 22:00", "planned_end: 2013-01-20 02:00"),
			p + `:2:1: unknown front-matter key "titel" (did you mean title?): rename it to title`},
		{file("title: PostgreSQL upgrade", "strat: 2013-01-19 22:00", "planned_end: 2013-01-20 02:00"),
			p + `:3:1: unknown front-matter key "strat" (did you mean start?): rename it to start`},
		// Misspelt attendees: not also a warning per speaker and for the facilitator.
		{[]byte("---\ntitle: PostgreSQL upgrade\nstart: 2013-01-19 22:00\nplanned_end: 2013-01-20 02:00\nend: 2013-01-20 01:40\nimpact: none\n" +
			"facilitator: tom\nattendess: [tom, kim]\n---\n## Tasks\n1. Upgrade @tom [done]\n## What went well\n- Calm @kim\n## What went wrong\n- Slow @tom\n"),
			p + `:8:1: unknown front-matter key "attendess" (did you mean attendees?): rename it to attendees`},
	} {
		_, diags := Window(p, c.src, model.DefaultConfig(), nil)
		var got []string
		for _, d := range diags {
			// Other warnings of the sample (a held window without tasks) are not this mistake's.
			if d.Severity == diag.Error || strings.Contains(d.Message, "attendees") {
				got = append(got, d.Error())
			}
		}
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("got %q\nwant [%q]", got, c.want)
		}
	}
}

// TestTitleEntities: a title pasted from an HTML export reads as words:
// "&amp;" is "&", and the level-1 heading repeating it is still dropped; a
// bare "&" stays.
func TestTitleEntities(t *testing.T) {
	src := "---\ntitle: Firmware &amp; SAN zoning &mdash; R&D\nsummary: A &lt;quick&gt; one\nstart: 2013-01-19 22:00\nplanned_end: 2013-01-20 01:00\n---\n# Firmware &amp; SAN zoning &mdash; R&D\n\nBody\n"
	w, diags := Window(examplePath, []byte(src), chicagoConfig(t), nil)
	if len(diags) != 0 {
		t.Fatalf("%v", diags)
	}
	if w.Title != "Firmware & SAN zoning — R&D" || w.Summary != "A <quick> one" {
		t.Errorf("title %q, summary %q", w.Title, w.Summary)
	}
	for _, s := range w.Body {
		if strings.Contains(s.Heading, "Firmware") {
			t.Errorf("the title heading is shown again: %+v", s)
		}
	}
}
