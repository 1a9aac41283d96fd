package export_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"testing/fstest"
	"time"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/export"
	"github.com/wrapup/wrapup/generator/model"
)

// wholeJSON is data/windows.json made the way it was before WriteJSON
// streamed it: the whole export form, encoded at once.
func wholeJSON(t *testing.T, windows []*model.Window, today model.Date) []byte {
	t.Helper()
	out := export.Windows{Windows: make([]export.Window, 0, len(windows))}
	for _, w := range windows {
		e := export.FromModel(w)
		for i, a := range w.Actions {
			e.Actions[i].Overdue = export.Overdue(&a, today)
		}
		out.Windows = append(out.Windows, e)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(out); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestStreamedJSONEqualsWholeEncoding: WriteJSON, one window at a time,
// writes exactly the bytes of encoding the whole export at once, for no
// window, one, and several with tasks, steps, items, actions (an action
// table's extra columns, overdue and done) and text that JSON must escape.
func TestStreamedJSONEqualsWholeEncoding(t *testing.T) {
	site := fstest.MapFS{
		"wrapup.yaml": {Data: []byte("title: Wrap-ups\n")},
		"content/windows/2026-03-07-core.md": {Data: []byte(`---
title: Core <switch> & "uplinks"
start: 2026-03-07 22:00
planned_end: 2026-03-08 01:00
end: 2026-03-08 00:30
impact: none
attendees: [zoe, sam]
systems: [core-net]
tags: [network]
---
Nouveau cœur de réseau, with a \ backslash and a tab	here.

## Tasks
1. Replace the switch @zoe [done]
   1. Drain traffic @sam
2. Check the <b>uplinks</b> [dropped]

## What went well
- The runbook was right @zoe #process

## What went wrong
- Cabling took longer than planned

## Next time
| Action | Owner | Due | Cost |
|---|---|---|---|
| Label the cables | @zoe | 2026-04-01 | 3 h |
| [x] Order spares | @sam | 2026-03-10 | € 200 |
`)},
		"content/windows/2026-02-01-db.md": {Data: []byte(`---
title: Database upgrade
start: 2026-02-01 21:00
planned_end: 2026-02-01 23:00
---
Planned.

## Next time
- [ ] Script the rollback @sam due:2026-02-10
`)},
	}
	parsed, diags := build.Parse(site, build.Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	if len(parsed.Windows) != 2 {
		t.Fatalf("parsed %d windows, want 2: %v", len(parsed.Windows), diags)
	}
	today := model.Date{Year: 2026, Month: time.March, Day: 20}
	for _, windows := range [][]*model.Window{nil, parsed.Windows[:1], parsed.Windows} {
		for _, day := range []model.Date{{}, today} {
			got, err := export.JSONAt(windows, day)
			if err != nil {
				t.Fatal(err)
			}
			if want := wholeJSON(t, windows, day); !bytes.Equal(got, want) {
				t.Errorf("%d windows, today %v: streamed export differs from the whole encoding\n got: %s\nwant: %s", len(windows), day, got, want)
			}
		}
	}
}
