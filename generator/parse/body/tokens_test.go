package body

import (
	"reflect"
	"strings"
	"testing"
)

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
			text, html, handles, tags, status, planned, actual = x.Title, x.TitleHTML(), x.Owners, x.Tags(), x.Status, x.PlannedMinutes, x.ActualMinutes
		case "Went well":
			x := r.WentWell[0]
			text, html, handles, tags = x.Text, x.HTML(), x.People, x.Tags
		case "Ideas":
			x := r.Ideas[0]
			text, html, handles, tags = x.Text, x.HTML(), x.People, x.Tags
		case "Next time":
			x := r.Actions[0]
			text, html, handles, tags = x.Text, x.HTML(), x.Owners, x.Tags
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
		if (len(tags) > 0 || len(tt.tags) > 0) && !reflect.DeepEqual(tags, tt.tags) { // a task without tags has nil (More is nil)
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
					if x.Owners == nil || x.Steps == nil {
						t.Fatal("nil list")
					}
				}
			}
		}
	})
}
