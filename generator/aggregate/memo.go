package aggregate

import (
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/internal/memo"
)

// Memo keeps the groups of the last indexes Build made, and each window's
// keys, for a caller that builds the index again and again over mostly the
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
	keys     *memo.Memo[string, keys]
	groups   *memo.Memo[groupID, *Group]
}

type groupID struct {
	kind groupKind
	key  string
}

// NewMemo returns an empty Memo that tells windows apart by revision.
func NewMemo(revision func(w *model.Window) (rev uint64, ok bool)) *Memo {
	return &Memo{revision: revision, keys: memo.New[string, keys](), groups: memo.New[groupID, *Group]()}
}

// Sweep forgets what the last Build did not use.
func (m *Memo) Sweep() {
	if m != nil {
		m.keys.Sweep()
		m.groups.Sweep()
	}
}

// keysOf is keysFor, kept by window.
func (m *Memo) keysOf(w *model.Window) keys {
	if m == nil {
		return keysFor(w)
	}
	rev, ok := m.revision(w)
	if !ok {
		return keysFor(w)
	}
	return m.keys.Get(w.ID, rev, func() keys { return keysFor(w) })
}

// group is makeGroup, kept by kind and key.
func (m *Memo) group(kind groupKind, key string, windows []*model.Window) *Group {
	if m == nil {
		return makeGroup(kind, key, windows)
	}
	var d digest
	d.uint(uint64(len(windows)))
	for _, w := range windows {
		rev, ok := m.revision(w)
		if !ok {
			return makeGroup(kind, key, windows)
		}
		d.uint(rev)
	}
	return m.groups.Get(groupID{kind, key}, d.h, func() *Group { return makeGroup(kind, key, windows) })
}

// digest folds revisions into one.
type digest struct{ h uint64 }

func (d *digest) uint(x uint64) {
	d.h = (d.h<<23|d.h>>41^x)*0x9e3779b97f4a7c15 + 0xbf58476d1ce4e5b9
}
