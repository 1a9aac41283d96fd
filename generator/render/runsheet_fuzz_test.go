package render

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/parse"
)

// parseTask parses a planned window whose only task is line and returns the
// task, or false when the window has errors.
func parseTask(line string) (model.Task, bool) {
	src := "---\ntitle: T\nstart: 2013-03-30 22:00\nplanned_end: 2013-03-31 01:00\n---\n## Tasks\n1. " + line + "\n"
	w, diags := parse.Window("content/windows/2013-03-30-t.md", []byte(src), model.DefaultConfig(), nil)
	if w == nil || diags.HasErrors() || len(w.Tasks) != 1 {
		return model.Task{}, false
	}
	return w.Tasks[0], true
}

// FuzzItemMarkdown checks the run sheet's and meeting page's copy: for any
// task an author can write, the Markdown itemMarkdown makes from its plain
// title, owners and tags parses back to the same title, owners and tags.
func FuzzItemMarkdown(f *testing.F) {
	for _, s := range []string{
		"Upgrade the PostgreSQL databases @jane #db",
		"Run `pg_upgrade` on each cluster",
		"Check the `[wip]` flags and `due:soon` notes",
		"Fix [the wiki](https://wiki.example.com/) and *emphasis* in snake_case_names",
		"Copy `a\\b` and \\*stars\\* (@kim) #Storage.",
		"Ask @kim to call the vendor, then `@all` #ops",
		"50% <b>bold</b> & `#42` values",
		"Use ~~strike~~ and __under__ and <https://x.example/>",
		"Path C:\\temp\\*.log",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if !utf8.ValidString(line) || strings.ContainsAny(line, "\r\n\x00") {
			return
		}
		task, ok := parseTask(line)
		if !ok || task.Title == "" {
			return
		}
		md := itemMarkdown(task.Title, task.Owners, task.Tags())
		back, ok := parseTask(md)
		if !ok {
			t.Fatalf("%q: the copy %q does not parse", line, md)
		}
		want, got := task.Title, back.Title
		if len(task.Owners)+len(task.Tags()) > 0 {
			// Tokens written at the end may take the , ; or . before them
			// along (docs/authoring.md, "Markers inside list items"), so a title whose tokens stood
			// earlier ("#db upgrade, then test,") can lose its last comma.
			want, got = strings.TrimRight(want, ",;. "), strings.TrimRight(got, ",;. ")
		}
		if got != want || strings.Join(back.Owners, " ") != strings.Join(task.Owners, " ") || strings.Join(back.Tags(), " ") != strings.Join(task.Tags(), " ") {
			t.Fatalf("%q: title %q owners %v tags %v; the copy %q reads %q %v %v", line, task.Title, task.Owners, task.Tags(), md, back.Title, back.Owners, back.Tags())
		}
	})
}
