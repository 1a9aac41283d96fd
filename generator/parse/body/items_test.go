package body

import (
	"reflect"
	"strings"
	"testing"

	"github.com/wrapup/wrapup/generator/model"
)

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
		if strings.Contains(x.HTML(), "<input") {
			t.Errorf("checkbox left in HTML %q", x.HTML())
		}
	}
}

func TestReplies(t *testing.T) {
	src := "## What went wrong\n- The bridge dropped @kim\n\n  Details here.\n\n  - me too @Ann\n    - and me @bob @ann\n  - @kim agreed\n"
	r, d := Parse([]byte(src), Options{Path: "w.md"})
	if len(d) != 0 {
		t.Fatalf("%s", messages(d))
	}
	it := r.WentWrong[0]
	if it.Text != "The bridge dropped" || !reflect.DeepEqual(it.People, []string{"kim"}) || !reflect.DeepEqual(it.ReplyPeople(), []string{"ann", "bob", "kim"}) {
		t.Errorf("item %+v", it)
	}
	if it.DetailHTML() != "<p>Details here.</p>\n" {
		t.Errorf("detail %q", it.DetailHTML())
	}
	// Replies read like items: tokens out of the text, who wrote it apart,
	// nested replies nested.
	want := []model.Reply{
		{HTML: "me too", People: []string{"ann"}, Tags: []string{}, Replies: []model.Reply{
			{HTML: "and me", People: []string{"bob", "ann"}, Tags: []string{}},
		}},
		{HTML: "kim agreed", People: []string{"kim"}, Tags: []string{}},
	}
	if !reflect.DeepEqual(it.Replies(), want) {
		t.Errorf("replies\n%+v\nwant\n%+v", it.Replies(), want)
	}
}
