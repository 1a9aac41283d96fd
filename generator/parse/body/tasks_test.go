package body

import (
	"reflect"
	"strings"
	"testing"

	"github.com/wrapup/wrapup/generator/model"
)

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
		if int(task.Number) != i+1 || task.Anchor != "task-"+string(rune('1'+i)) {
			t.Errorf("task %d numbered %d %s", i, task.Number, task.Anchor)
		}
	}
	t1 := r.Tasks[0]
	if len(t1.Steps) != 2 || t1.Steps[0].Number != "1.1" || t1.Steps[1].Anchor != "task-1-2" || t1.Steps[0].Status() != "done" ||
		!reflect.DeepEqual(t1.Steps[0].Owners, []string{"kim"}) || !reflect.DeepEqual(t1.Steps[0].Tags(), []string{"db"}) ||
		t1.Steps[0].Title != "Step a" || t1.Steps[0].DetailHTML() != "<p>More about step a.</p>\n" || t1.Steps[1].Line != 12 {
		t.Errorf("steps %+v", t1.Steps)
	}
	if !strings.Contains(t1.DetailHTML(), "Second paragraph of the task.") || !strings.Contains(t1.DetailHTML(), "<li>a note</li>") || strings.Contains(t1.DetailHTML(), "Step a") {
		t.Errorf("task detail %q", t1.DetailHTML())
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
