package body

import (
	"reflect"
	"strings"
	"testing"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/model"
)

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
	r, d := Parse([]byte(src), Options{Path: "w.md", FirstLine: 10, Held: true})
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
