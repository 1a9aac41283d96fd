package export_test

import (
	"encoding/csv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/export"
	"github.com/wrapup/wrapup/generator/output"
)

// TestCSVFilesStartWithAByteOrderMark builds a window with accented names
// and text: both CSV files start with the UTF-8 byte-order mark (so that
// Excel reads them as UTF-8), once, and after it the header and the names
// read back intact.
func TestCSVFilesStartWithAByteOrderMark(t *testing.T) {
	site := fstest.MapFS{
		"wrapup.yaml": {Data: []byte("title: Wrap-ups\n")},
		"content/windows/2026-03-07-reseau.md": {Data: []byte(`---
title: Réseau du siège, Zürich
start: 2026-03-07 22:00
planned_end: 2026-03-08 01:00
end: 2026-03-08 00:30
impact: none
attendees: [zoe]
---
Nouveau cœur de réseau.

## Tasks
1. Remplacer le commutateur @zoe [done]

## Next time
- [ ] Vérifier les câbles du bâtiment B — Zoë et François @zoe due:2026-04-01
`)},
	}
	mem := output.NewMemory()
	if _, err := build.Build(site, build.Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}, mem); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"data/windows.csv": "Réseau du siège, Zürich",
		"data/actions.csv": "Vérifier les câbles du bâtiment B — Zoë et François",
	} {
		data, ok := mem.Get(name)
		if !ok {
			t.Fatalf("no %s", name)
		}
		body, found := strings.CutPrefix(string(data), export.BOM)
		if !found || strings.HasPrefix(body, export.BOM) {
			t.Fatalf("%s starts with %q, want one byte-order mark (EF BB BF)", name, data[:min(6, len(data))])
		}
		if string(data[:3]) != "\xef\xbb\xbf" {
			t.Errorf("%s: the mark is % x, want ef bb bf", name, data[:3])
		}
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(rows) != 2 {
			t.Fatalf("%s: %d rows, want a header and one", name, len(rows))
		}
		if first := rows[0][0]; first != "id" && first != "window_id" {
			t.Errorf("%s: the first column is %q", name, first)
		}
		found = false
		for _, cell := range rows[1] {
			found = found || cell == want
		}
		if !found {
			t.Errorf("%s: no cell reads %q in %q", name, want, rows[1])
		}
	}
}
