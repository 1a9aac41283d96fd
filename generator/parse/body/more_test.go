package body

import (
	"reflect"
	"testing"

	"github.com/wrapup/wrapup/generator/model"
)

// TestMoreOnlyWhenNeeded checks that an item, task, step or action gets its
// More (the fields most leave empty) only when it has one of them, and that
// the methods of the old field names read the same either way.
func TestMoreOnlyWhenNeeded(t *testing.T) {
	src := "## Tasks\n\n" +
		"1. Upgrade the database @kim [done]\n" +
		"   1. Stop the app\n" +
		"   2. Run `pg_upgrade` #db [failed]\n\n" +
		"      Output in the log.\n" +
		"2. Restart **everything** #ops [done]\n\n" +
		"   A note on the task.\n\n" +
		"## Went well\n\n" +
		"- Plain words @kim\n" +
		"- Fast & calm @kim\n" +
		"- The bridge held @kim\n" +
		"  - it did @ann\n\n" +
		"## Next time\n\n" +
		"- [ ] Plain action @kim\n" +
		"- [ ] Use `make` @kim\n" +
		"- [ ] With a detail @kim\n\n" +
		"  More about it.\n"
	r, diags := Parse([]byte(src), Options{Path: "x.md"})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	if len(r.Tasks) != 2 || len(r.Tasks[0].Steps) != 2 || len(r.WentWell) != 3 || len(r.Actions) != 3 {
		t.Fatalf("read %d tasks, %d items, %d actions", len(r.Tasks), len(r.WentWell), len(r.Actions))
	}
	plain, rich := r.Tasks[0], r.Tasks[1]
	if plain.More != nil || plain.TitleHTML() != plain.Title || plain.DetailHTML() != "" || plain.Tags() != nil {
		t.Errorf("plain task: More %+v, title HTML %q", plain.More, plain.TitleHTML())
	}
	if rich.More == nil || rich.TitleHTML() != "Restart <strong>everything</strong>" || rich.DetailHTML() != "<p>A note on the task.</p>\n" || !reflect.DeepEqual(rich.Tags(), []string{"ops"}) {
		t.Errorf("task with markup, detail and tags: %q %q %v", rich.TitleHTML(), rich.DetailHTML(), rich.Tags())
	}
	s1, s2 := plain.Steps[0], plain.Steps[1]
	if s1.More != nil || s1.Status() != "" || s1.DetailHTML() != "" || s1.Tags() != nil {
		t.Errorf("plain step: More %+v", s1.More)
	}
	if s2.More == nil || s2.Status() != model.StatusFailed || s2.DetailHTML() != "<p>Output in the log.</p>\n" || !reflect.DeepEqual(s2.Tags(), []string{"db"}) {
		t.Errorf("step with status, detail and tags: %q %q %v", s2.Status(), s2.DetailHTML(), s2.Tags())
	}
	if it := r.WentWell[0]; it.More != nil || it.HTML() != "Plain words" || it.DetailHTML() != "" || it.Replies() != nil || it.ReplyPeople() != nil {
		t.Errorf("plain item: More %+v, HTML %q", it.More, it.HTML())
	}
	if it := r.WentWell[1]; it.More == nil || it.Text != "Fast & calm" || it.HTML() != "Fast &amp; calm" {
		t.Errorf("item with an escape: text %q HTML %q", it.Text, it.HTML())
	}
	if it := r.WentWell[2]; it.More == nil || it.HTML() != "The bridge held" || len(it.Replies()) != 1 || !reflect.DeepEqual(it.ReplyPeople(), []string{"ann"}) {
		t.Errorf("item with a reply: HTML %q, replies %+v, reply people %v", it.HTML(), it.Replies(), it.ReplyPeople())
	}
	if a := r.Actions[0]; a.More != nil || a.HTML() != "Plain action" || a.DetailHTML() != "" || a.Extra() != nil {
		t.Errorf("plain action: More %+v, HTML %q", a.More, a.HTML())
	}
	if a := r.Actions[1]; a.More == nil || a.HTML() != "Use <code>make</code>" {
		t.Errorf("action with code: HTML %q", a.HTML())
	}
	if a := r.Actions[2]; a.More == nil || a.HTML() != "With a detail" || a.DetailHTML() != "<p>More about it.</p>\n" {
		t.Errorf("action with a detail: HTML %q, detail %q", a.HTML(), a.DetailHTML())
	}
}
