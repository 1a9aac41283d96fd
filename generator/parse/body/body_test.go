package body

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/model"
)

// ---- token scanner ----

type tk struct {
	kind  tokKind
	value string // folded value; for keys "key:value"
}

func TestScanTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []tk
	}{
		{"ask @kim to call", []tk{{tokHandle, "kim"}}},
		{"(@kim),", []tk{{tokHandle, "kim"}}},
		{"#process.", []tk{{tokTag, "process"}}},
		{"kim@example.com", nil},
		{"#42 is text", nil},
		{"#a42", []tk{{tokTag, "a42"}}},
		{"#Testing", []tk{{tokTag, "testing"}}},
		{"[Done]", []tk{{tokBracket, "done"}}},
		{"[rolled-back]", []tk{{tokBracket, "rolled-back"}}},
		{"[wip] [x]", []tk{{tokBracket, "wip"}, {tokBracket, "x"}}},
		{"[ ] and [1] and [a b]", nil},
		{"@Kim_", []tk{{tokHandle, "kim"}}},
		{"@kim.lee.", []tk{{tokHandle, "kim.lee"}}},
		{"@kim-", []tk{{tokHandle, "kim"}}},
		{"@-kim @ @. @", nil},
		{"x@kim a.@kim a#tag", nil},
		{"'@kim' \"@ann\" {#tag} [@bob]", []tk{{tokHandle, "kim"}, {tokHandle, "ann"}, {tokTag, "tag"}, {tokHandle, "bob"}}},
		{"planned:45m actual:1h10m", []tk{{tokKey, "planned:45m"}, {tokKey, "actual:1h10m"}}},
		{"Planned:45m", []tk{{tokKey, "planned:45m"}}},
		{"due:2013-02-10, done:2013-01-25.", []tk{{tokKey, "due:2013-02-10"}, {tokKey, "done:2013-01-25"}}},
		{"planned:1.5h planned:90 planned:0m", []tk{{tokKey, "planned:1.5h"}, {tokKey, "planned:90"}, {tokKey, "planned:0m"}}},
		{"due:2013/02/10", []tk{{tokKey, "due:2013/02/10"}}},
		{"planned: 45m", []tk{{tokKeyEmpty, "planned:"}}},
		{"work done: the rest", nil},
		{"notplanned:45m xdue:2013-01-01 note:1", nil},
		{"@kim@bob", []tk{{tokHandle, "kim"}}},
		{"\x00@kim @ann\x00", []tk{{tokHandle, "ann"}}},
		{"@kim\n#tag\t[done]", []tk{{tokHandle, "kim"}, {tokTag, "tag"}, {tokBracket, "done"}}},
		{"", nil},
	}
	for _, tt := range tests {
		var got []tk
		for _, tok := range scanTokens(tt.in) {
			v := tok.value
			if tok.kind == tokKey || tok.kind == tokKeyEmpty {
				v = tok.key + ":" + tok.value
			}
			got = append(got, tk{tok.kind, v})
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("scanTokens(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// ---- items: display text and tokens ----

// one parses a body made of one section holding one list item and returns the
// result and diagnostics.
func one(t *testing.T, heading, item string, held bool) (Result, diag.List) {
	t.Helper()
	marker := "- "
	if heading == "Tasks" {
		marker = "1. "
	}
	src := "## " + heading + "\n" + marker + item + "\n"
	return Parse([]byte(src), Options{Path: "w.md", FirstLine: 1, Held: held, Start: model.Date{Year: 2013, Month: 1, Day: 19}})
}

func messages(d diag.List) string {
	var b strings.Builder
	for _, x := range d {
		b.WriteString(x.Error() + "\n")
	}
	return b.String()
}

func TestItemDisplay(t *testing.T) {
	tests := []struct {
		heading, item  string
		text, html     string
		handles, tags  []string
		status         string
		planned, actua int
	}{
		{"Tasks", "Upgrade the PostgreSQL databases @jane [done] planned:60m actual:75m",
			"Upgrade the PostgreSQL databases", "Upgrade the PostgreSQL databases", []string{"jane"}, []string{}, "done", 60, 75},
		{"Tasks", "Run `pg_upgrade` on each cluster [Done]",
			"Run pg_upgrade on each cluster", "Run <code>pg_upgrade</code> on each cluster", []string{}, []string{}, "done", 0, 0},
		{"Tasks", "Upgrade [done] the database @jane",
			"Upgrade the database", "Upgrade the database", []string{"jane"}, []string{}, "done", 0, 0},
		{"Tasks", "Fail over, @kim; #Testing. [failed] planned:1h actual:1h30m",
			"Fail over", "Fail over", []string{"kim"}, []string{"testing"}, "failed", 60, 90},
		{"Went well", "ask @kim to call the vendor #vendor",
			"ask kim to call the vendor", "ask kim to call the vendor", []string{"kim"}, []string{"vendor"}, "", 0, 0},
		{"Went well", "Tests looked at one database at a time. @lee #testing",
			"Tests looked at one database at a time.", "Tests looked at one database at a time.", []string{"lee"}, []string{"testing"}, "", 0, 0},
		{"Went well", "Ask the vendor about it @kim.",
			"Ask the vendor about it.", "Ask the vendor about it.", []string{"kim"}, []string{}, "", 0, 0},
		{"Went well", "Call the vendor (@kim), then #process.",
			"Call the vendor (kim), then.", "Call the vendor (kim), then.", []string{"kim"}, []string{"process"}, "", 0, 0},
		{"Went well", "@kim @Kim said #a and #A again @ann",
			"kim Kim said a and A again", "kim Kim said a and A again", []string{"kim", "ann"}, []string{"a"}, "", 0, 0},
		{"Went well", "#42 servers rebooted, email kim@example.com",
			"#42 servers rebooted, email kim@example.com", "#42 servers rebooted, email <a href=\"mailto:kim@example.com\">kim@example.com</a>", []string{}, []string{}, "", 0, 0},
		{"Went well", "Run `@kim #x` on [@bob #y](https://example.com/#z) <span>@ann</span> @lee",
			"Run @kim #x on @bob #y @ann", "Run <code>@kim #x</code> on <a href=\"https://example.com/#z\">@bob #y</a> @ann", []string{"lee"}, []string{}, "", 0, 0},
		{"Went well", "Fix &amp; test\n  the *thing* ![the alt](x.png) \\@not",
			"Fix & test the thing the alt @not", "", []string{}, []string{}, "", 0, 0},
		{"Went well", "Done by *@kim*",
			"Done by", "Done by", []string{"kim"}, []string{}, "", 0, 0},
		{"Went well", "@kim #tag",
			"", "", []string{"kim"}, []string{"tag"}, "", 0, 0},
		{"Next time", "[ ] Tell customers a week ahead @kim #communication due:2013-02-10",
			"Tell customers a week ahead", "Tell customers a week ahead", []string{"kim"}, []string{"communication"}, "", 0, 0},
		{"Ideas", "A `[done]` marker and [wip] are text here @sam",
			"A [done] marker and [wip] are text here", "A <code>[done]</code> marker and [wip] are text here", []string{"sam"}, []string{}, "", 0, 0},
	}
	for _, tt := range tests {
		r, d := one(t, tt.heading, tt.item, true)
		if d.HasErrors() {
			t.Errorf("%q: unexpected errors:\n%s", tt.item, messages(d))
		}
		var text, html string
		var handles, tags []string
		var status string
		var planned, actual *int
		switch tt.heading {
		case "Tasks":
			if len(r.Tasks) != 1 {
				t.Fatalf("%q: %d tasks", tt.item, len(r.Tasks))
			}
			x := r.Tasks[0]
			text, html, handles, tags, status, planned, actual = x.Title, x.TitleHTML, x.Owners, x.Tags, x.Status, x.PlannedMinutes, x.ActualMinutes
		case "Went well":
			x := r.WentWell[0]
			text, html, handles, tags = x.Text, x.HTML, x.People, x.Tags
		case "Ideas":
			x := r.Ideas[0]
			text, html, handles, tags = x.Text, x.HTML, x.People, x.Tags
		case "Next time":
			x := r.Actions[0]
			text, html, handles, tags = x.Text, x.HTML, x.Owners, x.Tags
		}
		if text != tt.text {
			t.Errorf("%q: text %q, want %q", tt.item, text, tt.text)
		}
		if tt.html != "" && html != tt.html {
			t.Errorf("%q: html %q, want %q", tt.item, html, tt.html)
		}
		if !reflect.DeepEqual(handles, tt.handles) {
			t.Errorf("%q: handles %#v, want %#v", tt.item, handles, tt.handles)
		}
		if !reflect.DeepEqual(tags, tt.tags) {
			t.Errorf("%q: tags %#v, want %#v", tt.item, tags, tt.tags)
		}
		if status != tt.status {
			t.Errorf("%q: status %q, want %q", tt.item, status, tt.status)
		}
		if got := deref(planned); got != tt.planned {
			t.Errorf("%q: planned %d, want %d", tt.item, got, tt.planned)
		}
		if got := deref(actual); got != tt.actua {
			t.Errorf("%q: actual %d, want %d", tt.item, got, tt.actua)
		}
		if strings.Contains(html, "<span") || strings.Contains(html, "raw HTML") || strings.Contains(html, "<em></em>") {
			t.Errorf("%q: html keeps raw HTML or empty emphasis: %q", tt.item, html)
		}
	}
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func TestTokenErrors(t *testing.T) {
	tests := []struct {
		heading, item string
		held          bool
		want          []string // substrings, one diagnostic each, in order
	}{
		{"Tasks", "Do it [wip]", true, []string{"2:10: unknown task status [wip]"}},
		{"Tasks", "Do it [x]", true, []string{"use [done]"}},
		{"Tasks", "[x] Do it", true, []string{"2:4: [x] is not a task status: use [done]"}},
		{"Tasks", "Do it [dnoe]", true, []string{"did you mean [done]?"}},
		{"Tasks", "Do it [skipped]", true, []string{"did you mean [dropped]?"}},
		{"Tasks", "Do it [done] planned:90", true, []string{"bad duration planned:90"}},
		{"Tasks", "Do it [done] planned:0m", true, []string{"bad duration planned:0m"}},
		{"Tasks", "Do it [done] planned:1.5h", true, []string{"bad duration planned:1.5h"}},
		{"Tasks", "Do it [done] actual:1H", true, []string{"bad duration actual:1H"}},
		{"Tasks", "Do it [done] planned: 45m", true, []string{"planned: needs its value right after the colon"}},
		{"Tasks", "Do it [done] [failed]", true, []string{"second status [failed]"}},
		{"Tasks", "Do it [done] planned:1h planned:2h", true, []string{"second planned:"}},
		{"Tasks", "Do it [done] actual:1h actual:2h", true, []string{"second actual:"}},
		{"Tasks", "Do it [done] due:2013-02-10", true, []string{"due:2013-02-10 means nothing in a task"}},
		{"Tasks", "Do it planned:1h actual:1h", false, []string{"actual: in a planned window"}},
		{"Tasks", "Do it [dropped] actual:10m", true, []string{"is [dropped] but has actual:"}},
		{"Tasks", "Do it @kim", true, []string{"2:1: task 1 has no status", "e.g. [done]"}},
		{"Tasks", "Do it @kim", false, nil},
		{"Tasks", "Do it [wip]", false, []string{"unknown task status [wip]"}},
		{"Went wrong", "Late @kim due:2013-02-10", true, []string{"due:2013-02-10 means nothing in a went-wrong item"}},
		{"Went well", "Fine [done]", true, []string{"[done] means nothing in a went-well item"}},
		{"Ideas", "Try planned:45m", true, []string{"planned:45m means nothing in an idea"}},
		{"Next time", "[ ] Do it planned:45m", true, []string{"planned:45m means nothing in a next-time action"}},
		{"Next time", "[ ] Do it [done]", true, []string{"[done] means nothing in a next-time action", "- [x]"}},
		{"Next time", "[ ] Do it due:2013-02-30", true, []string{"bad date due:2013-02-30"}},
		{"Next time", "[ ] Do it due:13-02-10", true, []string{"bad date due:13-02-10"}},
		{"Next time", "[ ] Do it done:2013-01-25", true, []string{"done:2013-01-25 is on an open action"}},
		{"Next time", "Do it done:2013-01-25", true, []string{"is on an open action"}},
		{"Next time", "[x] Do it due:2013-02-10 due:2013-02-11 done:2013-01-01 done:2013-01-02", true, []string{"second due:", "second done:"}},
		{"Next time", "[ ] Do it due:2013-01-10", true, []string{"warning: due date 2013-01-10 is before the window's start (2013-01-19)"}},
		{"Next time", "[ ] Do it due:2013-01-10", false, nil},
		{"Next time", "[ ] Do it due:2013-01-19", true, nil},
		{"Went well", "work done: 5 servers, plan: done", true, nil},
	}
	for _, tt := range tests {
		_, d := one(t, tt.heading, tt.item, tt.held)
		if len(d) != len(tt.want) && !(len(tt.want) == 2 && len(d) == 1) {
			t.Errorf("%s %q: got %d diagnostics, want %d:\n%s", tt.heading, tt.item, len(d), len(tt.want), messages(d))
			continue
		}
		all := messages(d)
		for _, w := range tt.want {
			if !strings.Contains(all, w) {
				t.Errorf("%s %q: diagnostics lack %q:\n%s", tt.heading, tt.item, w, all)
			}
		}
	}
}

func TestActions(t *testing.T) {
	src := "## Actions\n" +
		"- [ ] Tell customers @kim due:2013-02-10\n" +
		"- [X] Number every step @raj #process done:2013-01-25\n" +
		"- [x] Done without a date\n" +
		"- No checkbox @ann\n"
	r, d := Parse([]byte(src), Options{Path: "w.md", Held: true, Start: model.Date{Year: 2013, Month: 1, Day: 19}})
	if len(d) != 0 {
		t.Fatalf("diagnostics:\n%s", messages(d))
	}
	if len(r.Actions) != 4 {
		t.Fatalf("%d actions", len(r.Actions))
	}
	a := r.Actions
	if a[0].Done || a[0].Due == nil || a[0].Due.String() != "2013-02-10" || a[0].DoneOn != nil || a[0].Anchor != "action-1" {
		t.Errorf("action 1: %+v", a[0])
	}
	if !a[1].Done || a[1].DoneOn == nil || a[1].DoneOn.String() != "2013-01-25" || a[1].Due != nil || !reflect.DeepEqual(a[1].Tags, []string{"process"}) {
		t.Errorf("action 2: %+v", a[1])
	}
	if !a[2].Done || a[2].DoneOn != nil || a[2].Text != "Done without a date" {
		t.Errorf("action 3: %+v", a[2])
	}
	if a[3].Done || a[3].Text != "No checkbox" || !reflect.DeepEqual(a[3].Owners, []string{"ann"}) {
		t.Errorf("action 4: %+v", a[3])
	}
	for _, x := range a {
		if strings.Contains(x.HTML, "<input") {
			t.Errorf("checkbox left in HTML %q", x.HTML)
		}
	}
}

// ---- the FORMAT.md example ----

const formatExample = `We upgraded every PostgreSQL cluster and took back disk space.

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

func ip(n int) *int { return &n }

func TestFormatExample(t *testing.T) {
	r, d := Parse([]byte(formatExample), Options{Path: "content/windows/2013-01-19-postgres-upgrade.md", FirstLine: 12, Held: true, Start: model.Date{Year: 2013, Month: 1, Day: 19}})
	if len(d) != 0 {
		t.Fatalf("diagnostics:\n%s", messages(d))
	}
	if r.Summary != "We upgraded every PostgreSQL cluster and took back disk space." {
		t.Errorf("summary %q", r.Summary)
	}
	wantTasks := []model.Task{
		{Number: 1, Anchor: "task-1", Title: "Upgrade the PostgreSQL databases", TitleHTML: "Upgrade the PostgreSQL databases",
			Owners: []string{"jane"}, Tags: []string{}, Status: "done", PlannedMinutes: ip(60), ActualMinutes: ip(75), Line: 15,
			Steps: []model.Step{
				{Number: "1.1", Anchor: "task-1-1", Title: "Stop the application servers", TitleHTML: "Stop the application servers", Owners: []string{}, Tags: []string{}, Line: 16},
				{Number: "1.2", Anchor: "task-1-2", Title: "Run pg_upgrade on each cluster", TitleHTML: "Run <code>pg_upgrade</code> on each cluster", Owners: []string{}, Tags: []string{}, Line: 17},
			}},
		{Number: 2, Anchor: "task-2", Title: "Recover 5% of the disk space on the largest cluster", TitleHTML: "Recover 5% of the disk space on the largest cluster",
			Owners: []string{"raj"}, Tags: []string{}, Status: "done", PlannedMinutes: ip(40), ActualMinutes: ip(30), Steps: []model.Step{}, Line: 18},
		{Number: 3, Anchor: "task-3", Title: "Migrate the reporting replica", TitleHTML: "Migrate the reporting replica",
			Owners: []string{"lee"}, Tags: []string{}, Status: "dropped", Steps: []model.Step{}, Line: 19},
	}
	if !reflect.DeepEqual(r.Tasks, wantTasks) {
		t.Errorf("tasks:\n got %+v\nwant %+v", r.Tasks, wantTasks)
	}
	item := func(anchor, text string, people []string, tag string, line int) model.Item {
		return model.Item{Anchor: anchor, Text: text, HTML: text, People: people, Tags: []string{tag}, ReplyPeople: []string{}, Line: line}
	}
	if want := []model.Item{
		item("went-well-1", "A custom error message for the maintenance window", []string{"ann"}, "communication", 22),
		item("went-well-2", "Phone bridge and chat room for the whole team", []string{"tom"}, "communication", 23),
	}; !reflect.DeepEqual(r.WentWell, want) {
		t.Errorf("went well:\n got %+v\nwant %+v", r.WentWell, want)
	}
	if want := []model.Item{
		item("went-wrong-1", "Customers did not get enough of a heads-up", []string{"kim"}, "communication", 26),
		item("went-wrong-2", "Tests looked at one database at a time", []string{"lee"}, "testing", 27),
	}; !reflect.DeepEqual(r.WentWrong, want) {
		t.Errorf("went wrong:\n got %+v\nwant %+v", r.WentWrong, want)
	}
	if want := []model.Item{
		item("idea-1", "Video conferencing during the window", []string{"sam"}, "communication", 34),
	}; !reflect.DeepEqual(r.Ideas, want) {
		t.Errorf("ideas:\n got %+v\nwant %+v", r.Ideas, want)
	}
	wantActions := []model.Action{
		{Anchor: "action-1", Text: "Tell customers a week ahead", HTML: "Tell customers a week ahead", Owners: []string{"kim"}, Tags: []string{"communication"},
			Due: &model.Date{Year: 2013, Month: time.February, Day: 10}, Line: 30},
		{Anchor: "action-2", Text: "Number every step", HTML: "Number every step", Owners: []string{"raj"}, Tags: []string{"process"},
			Done: true, DoneOn: &model.Date{Year: 2013, Month: time.January, Day: 25}, Line: 31},
	}
	if !reflect.DeepEqual(r.Actions, wantActions) {
		t.Errorf("actions:\n got %+v\nwant %+v", r.Actions, wantActions)
	}
	var kinds []model.SectionKind
	for _, s := range r.Sections {
		kinds = append(kinds, s.Kind)
	}
	wantKinds := []model.SectionKind{model.SectionIntro, model.SectionTasks, model.SectionWentWell, model.SectionWentWrong, model.SectionNextTime, model.SectionIdeas}
	if !reflect.DeepEqual(kinds, wantKinds) {
		t.Fatalf("sections %v, want %v", kinds, wantKinds)
	}
	tasks := r.Sections[1]
	if tasks.Heading != "Tasks" || tasks.Anchor != "tasks" || tasks.Line != 14 ||
		!reflect.DeepEqual(tasks.Parts, []model.Part{{List: true, From: 0, To: 3, Ordered: true}}) {
		t.Errorf("tasks section %+v", tasks)
	}
	if r.Sections[0].Line != 12 || r.Sections[0].Text != r.Summary || len(r.Sections[0].Parts) != 1 {
		t.Errorf("intro %+v", r.Sections[0])
	}
	if !reflect.DeepEqual(r.HeadingIDs, []string{"tasks", "what-went-well", "what-went-wrong", "next-time", "ideas"}) {
		t.Errorf("heading ids %v", r.HeadingIDs)
	}
}

// ---- sections ----

func kindOf(t *testing.T, heading string) (model.SectionKind, diag.List) {
	t.Helper()
	r, d := Parse([]byte(heading+"\n- x\n"), Options{Path: "w.md"})
	if len(r.Sections) != 1 {
		t.Fatalf("%q: %d sections", heading, len(r.Sections))
	}
	return r.Sections[0].Kind, d
}

func TestSectionSpellings(t *testing.T) {
	tests := map[string]model.SectionKind{
		"## Tasks": model.SectionTasks, "## changes": model.SectionTasks, "## PLAN:": model.SectionTasks,
		"## Went well": model.SectionWentWell, "## What went well?": model.SectionWentWell, "## What went right": model.SectionWentWell,
		"## Went wrong": model.SectionWentWrong, "## What went wrong:": model.SectionWentWrong,
		"## What didn't go well": model.SectionWentWrong, "## What didn’t go well?": model.SectionWentWrong,
		"## Next time": model.SectionNextTime, "## Actions": model.SectionNextTime, "## Action items": model.SectionNextTime,
		"## Follow-ups": model.SectionNextTime, "##   Next   Time :  ": model.SectionNextTime,
		"## Ideas": model.SectionIdeas, "## Ideas for other windows": model.SectionIdeas, "## Ideas ##": model.SectionIdeas,
		"What went well\n--------------": model.SectionWentWell,
		"## Timeline":                    model.SectionFree, "## Notes": model.SectionFree, "## Testing": model.SectionFree,
		"## Tests": model.SectionFree, "## Options": model.SectionFree,
	}
	for h, want := range tests {
		got, d := kindOf(t, h)
		if got != want {
			t.Errorf("%q: kind %q, want %q", h, got, want)
		}
		if len(d) != 0 && want != model.SectionTasks {
			t.Errorf("%q: diagnostics:\n%s", h, messages(d))
		}
	}
}

func TestSectionNearMiss(t *testing.T) {
	for h, want := range map[string]string{"## What went wel": "What went well", "## Nxt time": "Next time", "## Idea": "Ideas", "## Task": "Tasks"} {
		kind, d := kindOf(t, h)
		if kind != model.SectionFree {
			t.Errorf("%q: kind %q", h, kind)
		}
		if len(d) != 1 || d[0].Severity != diag.Warning || !strings.Contains(d[0].Message, "did you mean \""+want+"\"") || d[0].Line != 1 || d[0].Col != 1 {
			t.Errorf("%q: diagnostics:\n%s", h, messages(d))
		}
	}
}

func TestLevelOneSectionName(t *testing.T) {
	r, d := Parse([]byte("# What went well\n- a @kim\n"), Options{Path: "w.md"})
	if len(d) != 1 || d[0].Severity != diag.Warning || !strings.Contains(d[0].Message, "## What went well") || len(r.WentWell) != 0 {
		t.Errorf("diagnostics:\n%s", messages(d))
	}
}

func TestSectionStructure(t *testing.T) {
	src := "## Went well\n" + // 10
		"- one @ann\n" + // 11
		"\n### Sub heading\n\nA paragraph about @kim [done] due:x.\n\n" + // 13, 15
		"- two @ann\n" + // 17
		"\n## What went well\n" + // 19
		"- three\n" +
		"\n## Ideas\n" + // 22
		"\n## Timeline\n\nAt 22:00 @kim started. [done]\n"
	r, d := Parse([]byte(src), Options{Path: "w.md", FirstLine: 10})
	msgs := messages(d)
	if !strings.Contains(msgs, "w.md:19:1: the Went well section appears twice, at lines 10 and 19") {
		t.Errorf("no duplicate error:\n%s", msgs)
	}
	if !strings.Contains(msgs, "w.md:22:1: warning: the Ideas section \"Ideas\" is empty") {
		t.Errorf("no empty warning:\n%s", msgs)
	}
	if len(d) != 2 {
		t.Errorf("diagnostics:\n%s", msgs)
	}
	if len(r.WentWell) != 3 || r.WentWell[1].Anchor != "went-well-2" || r.WentWell[2].Anchor != "went-well-3" || r.WentWell[1].Line != 17 {
		t.Fatalf("went well %+v", r.WentWell)
	}
	ww := r.Sections[0]
	if len(ww.Parts) != 3 || !ww.Parts[0].List || ww.Parts[0].To != 1 || ww.Parts[1].List ||
		!strings.Contains(ww.Parts[1].HTML, "<h3 id=\"sub-heading\">Sub heading</h3>") ||
		!strings.Contains(ww.Parts[1].HTML, "@kim [done] due:x.") || ww.Parts[2].From != 1 || ww.Parts[2].To != 2 {
		t.Errorf("went well parts %+v", ww.Parts)
	}
	if ww.Text != "Sub heading A paragraph about @kim [done] due:x." {
		t.Errorf("section text %q", ww.Text)
	}
	last := r.Sections[len(r.Sections)-1]
	if last.Kind != model.SectionFree || last.Heading != "Timeline" || last.Text != "At 22:00 @kim started. [done]" {
		t.Errorf("free section %+v", last)
	}
	if len(r.Sections) != 4 || r.Sections[0].Kind != model.SectionWentWell {
		t.Errorf("sections %+v (no intro expected)", r.Sections)
	}
}

func TestTasksStructure(t *testing.T) {
	src := "Intro with a [link](/pages/process/).\n\n" +
		"## Tasks\n" +
		"5. First [done]\n" +
		"   1. Step a @kim [done] #db\n\n" +
		"      More about step a.\n" +
		"   2. Step b planned:5m due:2013-01-01\n" +
		"\n" +
		"   Second paragraph of the task.\n\n" +
		"   - a note\n" +
		"7. Second [partial]\n" +
		"\nA paragraph between lists.\n\n" +
		"3. Third [failed]\n" +
		"\n## Plan\n\n- bullet [done]\n"
	r, d := Parse([]byte(src), Options{Path: "w.md", FirstLine: 5, Held: true})
	msgs := messages(d)
	for _, w := range []string{
		"w.md:12:14: planned:5m on a step",
		"w.md:12:25: due:2013-01-01 means nothing in a step",
		"w.md:23:1: the Tasks section appears twice, at lines 7 and 23",
		"w.md:25:1: the Tasks section must be an ordered list",
	} {
		if !strings.Contains(msgs, w) {
			t.Errorf("diagnostics lack %q:\n%s", w, msgs)
		}
	}
	if len(d) != 4 {
		t.Errorf("diagnostics:\n%s", msgs)
	}
	if len(r.Tasks) != 4 {
		t.Fatalf("%d tasks", len(r.Tasks))
	}
	for i, task := range r.Tasks {
		if task.Number != i+1 || task.Anchor != "task-"+string(rune('1'+i)) {
			t.Errorf("task %d numbered %d %s", i, task.Number, task.Anchor)
		}
	}
	t1 := r.Tasks[0]
	if len(t1.Steps) != 2 || t1.Steps[0].Number != "1.1" || t1.Steps[1].Anchor != "task-1-2" || t1.Steps[0].Status != "done" ||
		!reflect.DeepEqual(t1.Steps[0].Owners, []string{"kim"}) || !reflect.DeepEqual(t1.Steps[0].Tags, []string{"db"}) ||
		t1.Steps[0].Title != "Step a" || t1.Steps[0].DetailHTML != "<p>More about step a.</p>\n" || t1.Steps[1].Line != 12 {
		t.Errorf("steps %+v", t1.Steps)
	}
	if !strings.Contains(t1.DetailHTML, "Second paragraph of the task.") || !strings.Contains(t1.DetailHTML, "<li>a note</li>") || strings.Contains(t1.DetailHTML, "Step a") {
		t.Errorf("task detail %q", t1.DetailHTML)
	}
	sec := r.Sections[1]
	if len(sec.Parts) != 3 || sec.Parts[0].From != 0 || sec.Parts[0].To != 2 || sec.Parts[2].From != 2 || sec.Parts[2].To != 3 || !sec.Parts[2].Ordered {
		t.Errorf("parts %+v", sec.Parts)
	}
	if r.Tasks[3].Title != "bullet" || r.Tasks[3].Status != "done" {
		t.Errorf("bullet task %+v", r.Tasks[3])
	}
	if !reflect.DeepEqual(r.Links, []model.Link{{Dest: "/pages/process/", Written: "/pages/process/", Line: 5, Col: 14}}) {
		t.Errorf("links %+v", r.Links)
	}
}

func TestReplies(t *testing.T) {
	src := "## What went wrong\n- The bridge dropped @kim\n\n  Details here.\n\n  - me too @Ann\n    - and me @bob @ann\n  - @kim agreed\n"
	r, d := Parse([]byte(src), Options{Path: "w.md"})
	if len(d) != 0 {
		t.Fatalf("%s", messages(d))
	}
	it := r.WentWrong[0]
	if it.Text != "The bridge dropped" || !reflect.DeepEqual(it.People, []string{"kim"}) || !reflect.DeepEqual(it.ReplyPeople, []string{"ann", "bob", "kim"}) {
		t.Errorf("item %+v", it)
	}
	if it.DetailHTML != "<p>Details here.</p>\n" {
		t.Errorf("detail %q", it.DetailHTML)
	}
	// Replies read like items: tokens out of the text, who wrote it apart,
	// nested replies nested.
	want := []model.Reply{
		{HTML: "me too", People: []string{"ann"}, Tags: []string{}, Replies: []model.Reply{
			{HTML: "and me", People: []string{"bob", "ann"}, Tags: []string{}},
		}},
		{HTML: "kim agreed", People: []string{"kim"}, Tags: []string{}},
	}
	if !reflect.DeepEqual(it.Replies, want) {
		t.Errorf("replies\n%+v\nwant\n%+v", it.Replies, want)
	}
}

// ---- positions ----

func TestDiagnosticPositions(t *testing.T) {
	src := "Intro.\n\n## Tasks\n1. Do it [wip]\n2. Again\n   1. Step *x* planned:5m\n"
	_, d := Parse([]byte(src), Options{Path: "content/windows/x.md", FirstLine: 12, Held: true})
	var got []string
	for _, x := range d {
		got = append(got, x.Error())
	}
	want := []string{
		"content/windows/x.md:15:10: unknown task status [wip]",
		"content/windows/x.md:16:1: task 2 has no status",
		"content/windows/x.md:17:16: planned:5m on a step",
	}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("got %q, want prefix %q", got[i], want[i])
		}
	}
	// CRLF line ends keep the same positions.
	_, d2 := Parse([]byte(strings.ReplaceAll(src, "\n", "\r\n")), Options{Path: "content/windows/x.md", FirstLine: 12, Held: true})
	if !reflect.DeepEqual(d, d2) {
		t.Errorf("CRLF: %v vs %v", d2, d)
	}
}

// ---- safety and rendering ----

func TestRawHTMLAndDangerousLinks(t *testing.T) {
	src := "<script>alert(1)</script>\n\nSee [me](javascript:alert(1)) and <javascript:alert(2)> and [d](data:text/html;base64,xx) <img src=x onerror=alert(3)>\n\n" +
		"## Went well\n- Good <b onclick=\"x()\">bold</b> [click](JAVASCRIPT:alert(4)) @kim\n\n## Notes\n\n<div>raw</div>\n"
	r, d := Parse([]byte(src), Options{Path: "w.md"})
	if len(d) != 0 {
		t.Fatalf("%s", messages(d))
	}
	var html []string
	for _, s := range r.Sections {
		for _, p := range s.Parts {
			html = append(html, p.HTML)
		}
	}
	html = append(html, r.WentWell[0].HTML, r.WentWell[0].DetailHTML)
	all := strings.ToLower(strings.Join(html, "\n"))
	for _, bad := range []string{"<script", `href="javascript`, `href="data:`, `href=""`, "<img", "onerror", "onclick", "<div", "<b "} {
		if strings.Contains(all, bad) {
			t.Errorf("HTML holds %q:\n%s", bad, all)
		}
	}
	if !strings.Contains(all, "me") || r.WentWell[0].Text != "Good bold click" || r.WentWell[0].HTML != "Good bold click" {
		t.Errorf("item %+v", r.WentWell[0])
	}
	if strings.Contains(r.WentWell[0].HTML, "<a") {
		t.Errorf("dangerous link still a link: %q", r.WentWell[0].HTML)
	}
}

func TestHighlighting(t *testing.T) {
	src := "## Timeline\n\n```go\nfunc main() { fmt.Println(\"hi\") }\n```\n\n## Tasks\n1. Run it [done]\n\n   ```sh\n   echo hi\n   ```\n"
	r, _ := Parse([]byte(src), Options{Path: "w.md", Held: true})
	h := r.Sections[0].Parts[0].HTML
	if !strings.Contains(h, `<pre class="chroma">`) || !strings.Contains(h, `<span class="kd">func</span>`) || strings.Contains(h, "style=") {
		t.Errorf("highlighted %q", h)
	}
	if !strings.Contains(r.Tasks[0].DetailHTML, `class="chroma"`) {
		t.Errorf("task code %q", r.Tasks[0].DetailHTML)
	}
	css := CSS()
	for _, w := range []string{".chroma .kd {", "@media (prefers-color-scheme: dark) {", "unset"} {
		if !strings.Contains(css, w) {
			t.Errorf("CSS lacks %q", w)
		}
	}
	if strings.Contains(css, ".bg ") {
		t.Errorf("CSS keeps .bg")
	}
}

func TestHeadingIDs(t *testing.T) {
	src := "## Task 2\n\n## Task 2 1\n\n## Idea 1\n\n## Notes\n\n## Notes\n\n## Task\n\n## Task\n\n### Went well 3\n\n## Action 4\n"
	r, _ := Parse([]byte(src), Options{Path: "w.md"})
	want := []string{"h-task-2", "h-task-2-1", "h-idea-1", "notes", "notes-1", "task", "h-task-1", "h-went-well-3", "h-action-4"}
	if !reflect.DeepEqual(r.HeadingIDs, want) {
		t.Errorf("ids %q, want %q", r.HeadingIDs, want)
	}
	if r.Sections[0].Anchor != "h-task-2" {
		t.Errorf("anchor %q", r.Sections[0].Anchor)
	}
}

func TestSummary(t *testing.T) {
	for src, want := range map[string]string{
		"":                             "",
		"## Tasks\n\nNot a summary.\n": "",
		"```\ncode\n```\n\nFirst *real*\nparagraph &amp; more.\n\nSecond.\n": "First real paragraph & more.",
		"# Title\n\nAfter heading.\n":                                        "",
	} {
		r, _ := Parse([]byte(src), Options{Path: "w.md"})
		if r.Summary != want {
			t.Errorf("%q: summary %q, want %q", src, r.Summary, want)
		}
	}
}

func TestParsePage(t *testing.T) {
	src := "# How we run windows\n\nWe number **every** step. See [the list](/windows/) and [tasks](#task-1).\n\n## Task 1\n\n- @kim owns [done]\n"
	p, d := ParsePage([]byte(src), "content/pages/process.md", 4)
	if len(d) != 0 {
		t.Fatalf("%s", messages(d))
	}
	if p.Summary != "We number every step. See the list and tasks." {
		t.Errorf("summary %q", p.Summary)
	}
	if !strings.Contains(p.HTML, "<li>@kim owns [done]</li>") || !strings.Contains(p.HTML, `<h2 id="h-task-1">`) {
		t.Errorf("html %q", p.HTML)
	}
	if p.Text != "How we run windows We number every step. See the list and tasks. Task 1 @kim owns [done]" {
		t.Errorf("text %q", p.Text)
	}
	want := []model.Link{{Dest: "/windows/", Written: "/windows/", Line: 6, Col: 31}, {Dest: "#task-1", Written: "#task-1", Line: 6, Col: 57}}
	if !reflect.DeepEqual(p.Links, want) {
		t.Errorf("links %+v", p.Links)
	}
	if !reflect.DeepEqual(p.HeadingIDs, []string{"how-we-run-windows", "h-task-1"}) {
		t.Errorf("ids %q", p.HeadingIDs)
	}
}

// ---- generated archive, concurrency, fuzzing, benchmark ----

// testBodies returns the bodies of testdata/windows (written by
// shared/tools/genarchive.go), with whether each window was held.
func testBodies(t testing.TB) (names []string, bodies [][]byte, held []bool, first []int) {
	files, _ := filepath.Glob("testdata/windows/*.md")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		end := strings.Index(s[4:], "\n---\n") + 4
		fm := s[:end]
		body := s[end+5:]
		names = append(names, filepath.Base(f))
		bodies = append(bodies, []byte(body))
		held = append(held, strings.Contains(fm, "\nend:"))
		first = append(first, strings.Count(s[:end+5], "\n")+1)
	}
	return
}

func TestGeneratedArchive(t *testing.T) {
	names, bodies, held, first := testBodies(t)
	for i, b := range bodies {
		r, d := Parse(b, Options{Path: names[i], FirstLine: first[i], Held: held[i]})
		if d.HasErrors() {
			t.Errorf("%s:\n%s", names[i], messages(d))
		}
		if len(r.Tasks) == 0 || r.Summary == "" {
			t.Errorf("%s: %d tasks, summary %q", names[i], len(r.Tasks), r.Summary)
		}
		for _, task := range r.Tasks {
			if strings.ContainsAny(task.Title, "@[") || task.Title == "" {
				t.Errorf("%s: title %q", names[i], task.Title)
			}
		}
	}
}

func TestConcurrent(t *testing.T) {
	_, bodies, held, _ := testBodies(t)
	want := make([]Result, len(bodies))
	for i, b := range bodies {
		want[i], _ = Parse(b, Options{Held: held[i]})
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, b := range bodies {
				got, _ := Parse(b, Options{Held: held[i]})
				if !reflect.DeepEqual(got, want[i]) {
					for k := range got.Sections {
						if !reflect.DeepEqual(got.Sections[k], want[i].Sections[k]) {
							t.Errorf("body %d differs when parsed concurrently:\n%+v\n%+v", i, got.Sections[k], want[i].Sections[k])
						}
					}
					t.Errorf("body %d differs when parsed concurrently", i)
				}
			}
		}()
	}
	wg.Wait()
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{
		"Upgrade the PostgreSQL databases @jane [done] planned:60m actual:75m",
		"(@kim), #process. kim@example.com #42 [Done] [x] [wip]",
		"due:2013-02-10 done:2013-01-25 planned: 45m planned:1.5h",
		"ask @kim to call `@x` [@y](http://z) <b>@w</b> \\@v",
		"*@kim* ~~#tag~~ &amp; @kim\n#tag.", "@", "[", "planned:", "@kim@bob,;.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := scanTokens(s)
		prev := 0
		for _, tok := range toks {
			if tok.start < prev || tok.end <= tok.start || tok.end > len(s) {
				t.Fatalf("bad token range %+v in %q", tok, s)
			}
			if tok.start > 0 && !startsAfter(s[tok.start-1]) {
				t.Fatalf("token %+v starts mid-word in %q", tok, s)
			}
			if tok.kind == tokHandle || tok.kind == tokTag {
				if c := s[tok.end-1]; c == '.' || c == '-' || c == '_' {
					t.Fatalf("token %+v ends in %q", tok, c)
				}
			}
			prev = tok.end
		}
		del := editsFor(s, toks)
		if len(del) != len(s) {
			t.Fatal("edit length")
		}
		for _, h := range []string{"Tasks", "Next time", "Went well"} {
			marker := "- "
			if h == "Tasks" {
				marker = "1. "
			}
			for _, held := range []bool{false, true} {
				r, _ := Parse([]byte("## "+h+"\n"+marker+s+"\n"), Options{Path: "f.md", Held: held})
				for _, x := range r.Tasks {
					if x.Owners == nil || x.Tags == nil || x.Steps == nil {
						t.Fatal("nil list")
					}
				}
			}
		}
	})
}

func FuzzParse(f *testing.F) {
	f.Add(formatExample)
	f.Add("## Tasks\n- a\n## Tasks\n1. [x] b [wip]\n   1. c planned:5m\n## Timeline\n```go\nx\n```\n")
	f.Add("Title\n=====\n\nWhat went wel\n---\n- a @b\n  - c @d\n")
	f.Add("## Next time\n- [ ] a due:2013-02-30 done:2013-01-01\n* b\n\n[^1]\n\n[^1]: note @kim\n")
	f.Add("| a | b |\n|---|---|\n| @x | [done] |\n\n## Ideas\n> - quote\n\n<div>\n## Notes\n</div>\n")
	f.Fuzz(func(t *testing.T, s string) {
		t0 := time.Now()
		defer func() {
			if d := time.Since(t0); d > 10*time.Second {
				t.Fatalf("slow (%v): %q", d, s)
			}
		}()
		for _, held := range []bool{false, true} {
			r, d := Parse([]byte(s), Options{Path: "f.md", FirstLine: 3, Held: held, Start: model.Date{Year: 2013, Month: 1, Day: 19}})
			for _, x := range d {
				if x.Line < 1 && x.Line != 0 || x.Col < 0 {
					t.Fatalf("bad position %v", x)
				}
			}
			for _, s := range r.Sections {
				for _, p := range s.Parts {
					if p.From > p.To {
						t.Fatalf("bad part %+v", p)
					}
				}
			}
		}
		_, _ = ParsePage([]byte(s), "p.md", 1)
	})
}

func BenchmarkParse(b *testing.B) {
	_, bodies, held, _ := testBodies(b)
	size := 0
	for _, x := range bodies {
		size += len(x)
	}
	b.SetBytes(int64(size / len(bodies)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(bodies)
		_, _ = Parse(bodies[k], Options{Path: "x.md", FirstLine: 12, Held: held[k]})
	}
}

// BenchmarkParseNoCode is BenchmarkParse without the fenced code blocks, whose
// chroma highlighting is about half the cost of a typical body.
func BenchmarkParseNoCode(b *testing.B) {
	_, bodies, held, _ := testBodies(b)
	for i, x := range bodies {
		s := string(x)
		for {
			start := strings.Index(s, "```")
			if start < 0 {
				break
			}
			end := strings.Index(s[start+3:], "```")
			if end < 0 {
				break
			}
			s = s[:start] + s[start+3+end+3:]
		}
		bodies[i] = []byte(s)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(bodies)
		_, _ = Parse(bodies[k], Options{Path: "x.md", FirstLine: 12, Held: held[k]})
	}
}
