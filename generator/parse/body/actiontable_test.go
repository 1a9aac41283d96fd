package body

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzActionTable feeds the action-table reader any table text under a
// next-time heading: it must never panic, must make at most one action per
// row with the lists the export needs never nil and the anchors in order,
// and every diagnostic must point into the body.
func FuzzActionTable(f *testing.F) {
	for _, seed := range []string{
		"| Action | Owner | Due date | Status |\n|---|---|---|---|\n| Fix it @kim #db | Jane Doe, raj | 2024-02-30 | ✅ |\n",
		"| What | Who | When | Done | Done on | Ticket |\n|:-|-:|:-:|-|-|-|\n| a due:2024-01-01 | @x & y | 2024-01-02 | [x] | nope | `T-1` |\n| b |\n| | | | |\n",
		"| Owner | Due |\n|---|---|\n| kim | 2024-05-01 |\n",
		"| Action | Action | Owner | Owner |\n|---|---|---|---|\n| one | two | a | b |\n| x | y | z | w | extra | cells |\n",
		"| Action |\n|---|\n| <b>raw</b> [link](javascript:alert(1)) ![img](x.png) [done] planned:5m |\n",
		"Action | Status\n--- | ---\nA | in progress\nB | to do\n",
		"| Action Item | Owner | Bug |\n|---|---|---|\n| a<br>b | jane.doe@example.com, <x@y.z> | n/a **DONE** |\n| c | [J](mailto:j@k.l) | **TODO** |\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, table string) {
		if !utf8.ValidString(table) {
			return
		}
		src := "## Action items\n" + table
		r, d := Parse([]byte(src), Options{Path: "w.md", FirstLine: 3, Held: true,
			PersonByName: func(s string) (string, bool) { return "jane", strings.EqualFold(s, "Jane Doe") }})
		rows := strings.Count(src, "\n") + 1
		if len(r.Actions) > rows {
			t.Fatalf("%d actions from %d lines", len(r.Actions), rows)
		}
		for i, a := range r.Actions {
			if a.Owners == nil || a.Tags == nil {
				t.Fatalf("action %d has nil lists: %+v", i, a)
			}
			if want := fmt.Sprintf("action-%d", i+1); a.Anchor != want {
				t.Fatalf("action %d anchor %q", i, a.Anchor)
			}
			for _, o := range a.Owners {
				if o == "" || strings.ToLower(o) != o {
					t.Fatalf("owner %q", o)
				}
			}
			if strings.Contains(strings.ToLower(a.HTML()), "href=\"javascript:") || strings.Contains(a.HTML(), "<b>") {
				t.Fatalf("unsafe action HTML %q", a.HTML())
			}
		}
		last := 3 + rows
		for _, x := range d {
			if x.Line < 3 || x.Line > last || x.Col < 1 {
				t.Fatalf("diagnostic outside the body: %v", x)
			}
		}
	})
}
