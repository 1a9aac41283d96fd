package aggregate

import (
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/internal/memo"
)

// Memo keeps the groups of the last indexes Build made, and what each
// window gives its groups, for a caller that builds the index again and again over mostly the
// same windows (the dev server, where an edit replaces one parsed window
// and keeps every other one). Both are kept by key (a window's id, a
// group's kind and key) with the revisions of the windows they were made
// from as their facts, so a result is reused only when it was made from
// the very same windows.
type Memo struct {
	// revision is the caller's revision of a window: two windows with the
	// same revision are the same parsed value. ok is false for a window
	// the caller does not know, whose work is then not kept.
	revision func(w *model.Window) (rev uint64, ok bool)
	parts    *memo.Memo[string, []*windowPart]
	groups   *memo.Memo[groupID, *Group]
	// accs are the groups' accumulators, by kind and key (windowPart.acc),
	// and builds counts the Builds: an accumulator starts afresh in each.
	accs   map[groupID]*groupAcc
	builds uint64
}

type groupID struct {
	kind groupKind
	key  string
}

// NewMemo returns an empty Memo that tells windows apart by revision.
func NewMemo(revision func(w *model.Window) (rev uint64, ok bool)) *Memo {
	return &Memo{revision: revision, parts: memo.New[string, []*windowPart](), groups: memo.New[groupID, *Group](),
		accs: map[groupID]*groupAcc{}}
}

// Sweep forgets what the last Build did not use.
func (m *Memo) Sweep() {
	if m != nil {
		m.parts.Sweep()
		m.groups.Sweep()
		for id, acc := range m.accs {
			if acc.build != m.builds {
				delete(m.accs, id)
			}
		}
	}
}

// partsOf is the package's partsOf, kept by window, with the window's
// revision.
func (m *Memo) partsOf(w *model.Window) (parts []*windowPart, rev uint64, known bool) {
	if m == nil {
		return partsOf(w), 0, false
	}
	rev, known = m.revision(w)
	if !known {
		return partsOf(w), 0, false
	}
	return m.parts.Get(w.ID, rev, func() []*windowPart { return partsOf(w) }), rev, true
}

// groupAcc is what Build gathers of a group as it walks the windows: the
// facts the group is kept by (its windows' revisions, in order), and its
// members when the group must be made.
type groupAcc struct {
	key     string
	build   uint64 // the Memo's Build it was last started in
	d       digest
	n       int
	known   bool // every window's revision is known
	gather  bool // the group must be made: gather its members
	members []member
}

func (a *groupAcc) add(rev uint64, known bool) {
	a.d.uint(rev)
	a.n++
	a.known = a.known && known
}

// facts are the facts the group is kept by.
func (a *groupAcc) facts() uint64 {
	d := a.d
	d.uint(uint64(a.n))
	return d.h
}

// begin starts a Build.
func (m *Memo) begin() {
	if m != nil {
		m.builds++
	}
}

// accOf is the accumulator of part's group in this Build (local's, without
// a Memo); first is set when the Build had not met the group before.
func (m *Memo) accOf(part *windowPart, local *[3]map[string]*groupAcc) (acc *groupAcc, first bool) {
	if m == nil {
		acc = local[part.kind][part.key]
		if acc == nil {
			acc = &groupAcc{key: part.key, known: true}
			local[part.kind][part.key] = acc
			return acc, true
		}
		return acc, false
	}
	acc = part.acc
	if acc == nil {
		id := groupID{part.kind, part.key}
		if acc = m.accs[id]; acc == nil {
			acc = &groupAcc{}
			m.accs[id] = acc
		}
		part.acc = acc
	}
	if acc.build != m.builds {
		*acc = groupAcc{key: part.key, build: m.builds, known: true}
		return acc, true
	}
	return acc, false
}

// lookup returns the group that m holds for the windows acc gathered the
// revisions of.
func (m *Memo) lookup(kind groupKind, acc *groupAcc) (*Group, bool) {
	if m == nil || !acc.known {
		return nil, false
	}
	return m.groups.Lookup(groupID{kind, acc.key}, acc.facts())
}

// group is makeGroup, kept by kind and key with its windows' revisions.
func (m *Memo) group(kind groupKind, acc *groupAcc) *Group {
	if m == nil || !acc.known {
		return makeGroup(acc.key, acc.members)
	}
	return m.groups.Get(groupID{kind, acc.key}, acc.facts(), func() *Group { return makeGroup(acc.key, acc.members) })
}

// digest folds revisions into one.
type digest struct{ h uint64 }

func (d *digest) uint(x uint64) {
	d.h = (d.h<<23|d.h>>41^x)*0x9e3779b97f4a7c15 + 0xbf58476d1ce4e5b9
}
