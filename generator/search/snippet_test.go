package search

import (
	"strings"
	"testing"

	"github.com/wrapup/wrapup/generator/model"
)

// TestSnippetIsTheClippedText checks that a document's snippet, kept as a
// part of the model's text with its lead and ellipsis apart, reads as the
// clipped text always did: clip of the lead, its separator and the text.
func TestSnippetIsTheClippedText(t *testing.T) {
	w := &model.Window{ID: "w", Title: "W"}
	long := strings.Repeat("word ", 60)
	texts := []string{"", "short", long, strings.Repeat("x", 300), long + "\xff\xfe tail",
		"\xff" + long, strings.Repeat("é ", 200), strings.Repeat("日本", 130)}
	leads := []string{"", "2.1", "Rollback", strings.Repeat("long heading ", 20), strings.Repeat("h", 250), "bad \xff"}
	for _, text := range texts {
		for _, lead := range leads {
			for _, kind := range []string{KindStep, KindSection} {
				sep := ": "
				if kind == KindStep {
					sep = " "
				}
				l := lead
				d := Doc{Window: w, kind: kindIndex[kind], extra: &l, text: text}
				d.setSnippet(snippetLimit)
				if want := clip(lead+sep+text, snippetLimit); d.Text() != want || d.textLen() != len(want) {
					t.Errorf("%s %q + %q: snippet %q (%d bytes), want %q", kind, lead, text, d.Text(), d.textLen(), want)
				}
			}
		}
		for _, d := range []Doc{{Window: w, kind: kindIndex[KindTask], text: text}, {place: new(string), extra: new(string), kind: kindIndex[KindPage], text: text}} {
			d.setSnippet(snippetLimit)
			if want := clip(text, snippetLimit); d.Text() != want || d.textLen() != len(want) {
				t.Errorf("%q: snippet %q, want %q", text, d.Text(), want)
			}
		}
	}
}
