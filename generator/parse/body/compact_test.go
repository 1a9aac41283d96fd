package body

import (
	"path/filepath"
	"reflect"
	"testing"
	"unsafe"
)

// compactBodies are bodies of every kind the tests know: the format
// example, the generated archive's windows and the case files' bodies.
func compactBodies(t *testing.T) (bodies []string, held []bool) {
	t.Helper()
	bodies, held = append(bodies, formatExample), append(held, true)
	_, bs, hs, _ := testBodies(t)
	for i, b := range bs {
		bodies, held = append(bodies, string(b)), append(held, hs[i])
	}
	files, _ := filepath.Glob("testdata/cases/*.txt")
	for _, file := range files {
		for _, c := range readCases(t, file) {
			bodies, held = append(bodies, c.body), append(held, c.opts.Held)
		}
	}
	return bodies, held
}

// TestCompactKeepsEverything checks that a body's kept strings, moved into
// one buffer, read as before, and that they do lie in one buffer: the span
// of their bytes is no larger than their total.
func TestCompactKeepsEverything(t *testing.T) {
	bodies, held := compactBodies(t)
	for i, b := range bodies {
		opts := Options{Path: "x.md", FirstLine: 1, Held: held[i]}
		loose, _ := parseLoose([]byte(b), opts)
		got, _ := Parse([]byte(b), opts)
		if !reflect.DeepEqual(got, loose) {
			t.Fatalf("body %d: compacting changed the result:\n%+v\n%+v", i, got, loose)
		}
		var sum compactor
		sum.walk(&loose)
		lo, hi := uintptr(0), uintptr(0)
		each := func(s string) {
			if s == "" {
				return
			}
			p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
			if lo == 0 || p < lo {
				lo = p
			}
			hi = max(hi, p+uintptr(len(s)))
		}
		for _, s := range got.Sections {
			for _, p := range s.Parts {
				each(p.HTML)
			}
			each(s.Text)
		}
		each(got.Summary)
		if n := got.CustomerNotice; n != nil {
			each(n.HTML)
			each(n.Text)
		}
		for _, tk := range got.Tasks {
			each(tk.Title)
			each(tk.TitleHTML())
			each(tk.DetailHTML())
			for _, st := range tk.Steps {
				each(st.Title)
				each(st.TitleHTML)
				each(st.DetailHTML())
			}
		}
		for _, a := range got.Actions {
			each(a.Text)
			each(a.HTML())
			each(a.DetailHTML())
		}
		for _, it := range append(append(append(got.WentWell, got.WentWrong...), got.Lucky...), got.Ideas...) {
			each(it.Text)
			each(it.HTML())
			each(it.DetailHTML())
		}
		if span := int(hi - lo); span > sum.n {
			t.Errorf("body %d: its strings span %d bytes, more than their %d: not one buffer", i, span, sum.n)
		}
	}
}

// TestShareLists checks that one-name lists share an array (the attendees'
// own for an attendee) and stay full, so that appending to one copies it.
func TestShareLists(t *testing.T) {
	attendees := []string{"kim", "lee"}
	body := "## Tasks\n1. Patch @lee #db [done]\n2. Check @raj #db [done]\n\n## What went well\n- Quick @lee #db\n- Calm @raj\n"
	res, _ := Parse([]byte(body), Options{Held: true, Attendees: attendees})
	lee := res.Tasks[0].Owners
	if len(lee) != 1 || cap(lee) != 1 || &lee[0] != &attendees[1] {
		t.Errorf("task 1's owners %v (cap %d) are not the attendees' own lee", lee, cap(lee))
	}
	if &res.WentWell[0].People[0] != &attendees[1] {
		t.Error("an item's @lee is not the attendees' own")
	}
	raj := res.Tasks[1].Owners
	if cap(raj) != 1 || &res.WentWell[1].People[0] != &raj[0] {
		t.Error("@raj, not an attendee, is not one list shared by the task and the item")
	}
	if &res.Tasks[0].Tags()[0] != &res.Tasks[1].Tags()[0] || &res.WentWell[0].Tags[0] != &res.Tasks[0].Tags()[0] {
		t.Error("#db is not one list")
	}
	_ = append(lee, "sam")
	if len(attendees) != 2 || attendees[1] != "lee" {
		t.Errorf("appending to a shared list changed the attendees: %v", attendees)
	}
	want, _ := parseLoose([]byte(body), Options{Held: true, Attendees: attendees})
	if !reflect.DeepEqual(res, want) {
		t.Errorf("sharing changed the result:\n%+v\n%+v", res, want)
	}
}
