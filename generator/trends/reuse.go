package trends

import (
	"maps"
	"slices"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/model"
)

// partsState is the previous report's matrices, repeated ideas, lessons and
// board, and the windows they were made from (newest first), kept by a Memo.
//
// Each of those parts is a function of a few facts of each window (its
// quarter and start date, how many items of each kind it has and their
// tags, its ideas' wording, its actions' owners, tags, due and done dates)
// and points at the windows' items and actions. When an edit replaces a few
// windows by new ones whose facts are the same (the text of an item, the
// narrative, a task changed), a part is the previous one with the pointers
// into the replaced windows moved to the new windows: swapping them is much
// cheaper than grouping and sorting every window's items again. What the
// previous report holds is never modified: a changed list is copied.
type partsState struct {
	windows                           []*model.Window
	wentWrong, wentWell, lucky, ideas *Matrix
	repeated                          []*IdeaGroup
	lessons                           *Lessons
	board                             *Board
}

// part returns prev, or an empty state when prev is nil.
func (prev *partsState) part() *partsState {
	if prev == nil {
		return &partsState{}
	}
	return prev
}

// sameIdeas says whether two versions of a window have the same ideas, in
// the same words.
func sameIdeas(a, b *model.Window) bool {
	if len(a.Ideas) != len(b.Ideas) {
		return false
	}
	for k := range a.Ideas {
		if a.Ideas[k].Text != b.Ideas[k].Text {
			return false
		}
	}
	return true
}

// swap maps the replaced windows, and their items and actions, to the new
// ones.
type swap struct {
	windows map[*model.Window]*model.Window
	items   map[*model.Item]*model.Item
	actions map[*model.Action]*model.Action
	refs    map[*ActionRef]*ActionRef
}

// swapFor returns the swap from prev's windows to windows, or nil when they
// differ by more than maxChanged replaced windows or in length.
func (prev *partsState) swapFor(windows []*model.Window) *swap {
	if prev == nil || len(prev.windows) != len(windows) {
		return nil
	}
	sw := &swap{windows: map[*model.Window]*model.Window{}, items: map[*model.Item]*model.Item{}, actions: map[*model.Action]*model.Action{}}
	for i, w := range windows {
		old := prev.windows[i]
		if old == w {
			continue
		}
		if len(sw.windows) == maxChanged {
			return nil
		}
		sw.windows[old] = w
		for _, kind := range lessonKinds {
			a, b := itemsOf(old, kind), itemsOf(w, kind)
			for k := range min(len(a), len(b)) {
				sw.items[&a[k]] = &b[k]
			}
		}
		for k := range min(len(old.Actions), len(w.Actions)) {
			sw.actions[&old.Actions[k]] = &w.Actions[k]
		}
	}
	return sw
}

// same reports whether every replaced window has the same facts as its
// replacement, by eq.
func (sw *swap) same(eq func(a, b *model.Window) bool) bool {
	for a, b := range sw.windows {
		if !eq(a, b) {
			return false
		}
	}
	return true
}

func (sw *swap) ref(r aggregate.ItemRef) (aggregate.ItemRef, bool) {
	w, ok := sw.windows[r.Window]
	if !ok {
		return r, false
	}
	r.Window = w
	if r.Item != nil {
		r.Item = sw.items[r.Item]
	}
	if r.Action != nil {
		r.Action = sw.actions[r.Action]
	}
	return r, true
}

// itemRefs returns list with the swapped refs, the same slice when none is.
func (sw *swap) itemRefs(list []aggregate.ItemRef) ([]aggregate.ItemRef, bool) {
	var out []aggregate.ItemRef
	for i, r := range list {
		if nr, ok := sw.ref(r); ok {
			if out == nil {
				out = slices.Clone(list)
			}
			out[i] = nr
		}
	}
	if out == nil {
		return list, false
	}
	return out, true
}

func (sw *swap) actionRefs(list []*ActionRef) ([]*ActionRef, bool) {
	var out []*ActionRef
	for i, r := range list {
		if nr, ok := sw.refs[r]; ok {
			if out == nil {
				out = slices.Clone(list)
			}
			out[i] = nr
		}
	}
	if out == nil {
		return list, false
	}
	return out, true
}

// sameItems says whether two versions of a window have the same number of
// items of a kind, with the same tags, in the same quarter.
func sameItems(kind model.SectionKind, facts map[*model.Window]*windowFacts, old map[*model.Window]*windowFacts) func(a, b *model.Window) bool {
	return func(a, b *model.Window) bool {
		fa, fb := old[a], facts[b]
		if fa == nil || fb == nil || fa.quarter != fb.quarter {
			return false
		}
		x, y := itemsOf(a, kind), itemsOf(b, kind)
		if len(x) != len(y) {
			return false
		}
		for k := range x {
			if !slices.Equal(x[k].Tags, y[k].Tags) {
				return false
			}
		}
		return true
	}
}

func (sw *swap) matrix(m *Matrix) *Matrix {
	var rows []*Row
	for i, row := range m.Rows {
		var cells []Cell
		for k, c := range row.Cells {
			if items, ok := sw.itemRefs(c.Items); ok {
				if cells == nil {
					cells = slices.Clone(row.Cells)
				}
				cells[k].Items = items
			}
		}
		if cells == nil {
			continue
		}
		if rows == nil {
			rows = slices.Clone(m.Rows)
		}
		nr := *row
		nr.Cells = cells
		rows[i] = &nr
	}
	if rows == nil {
		return m
	}
	nm := *m
	nm.Rows = rows
	return &nm
}

func (sw *swap) repeated(groups []*IdeaGroup) []*IdeaGroup {
	return replaceChanged(groups, func(g *IdeaGroup) (*IdeaGroup, bool) {
		items, ok := sw.itemRefs(g.Items)
		if !ok {
			return nil, false
		}
		ng := *g
		ng.Items = items
		return &ng, true
	})
}

// replaceChanged returns groups with each group that update changed replaced
// by its new copy; unchanged groups are shared, and with no change at all the
// same slice comes back.
func replaceChanged[G any](groups []*G, update func(*G) (*G, bool)) []*G {
	var out []*G
	for i, g := range groups {
		if ng, ok := update(g); ok {
			if out == nil {
				out = slices.Clone(groups)
			}
			out[i] = ng
		}
	}
	if out == nil {
		return groups
	}
	return out
}

func (sw *swap) lessonGroup(g *LessonGroup) *LessonGroup {
	if items, ok := sw.itemRefs(g.Items); ok {
		ng := *g
		ng.Items = items
		return &ng
	}
	return g
}

func (sw *swap) lessons(l *Lessons) *Lessons {
	nl := *l
	nl.Untagged = sw.lessonGroup(l.Untagged)
	var tags []*LessonGroup
	for i, g := range l.Tags {
		if ng := sw.lessonGroup(g); ng != g {
			if tags == nil {
				tags = slices.Clone(l.Tags)
			}
			tags[i] = ng
		}
	}
	if tags != nil {
		nl.Tags = tags
	}
	return &nl
}

// sameBoardFacts says whether two versions of a window put the same actions
// in the same places of the board.
func sameBoardFacts(facts, old map[*model.Window]*windowFacts) func(a, b *model.Window) bool {
	return func(a, b *model.Window) bool {
		fa, fb := old[a], facts[b]
		if fa == nil || fb == nil || fa.start != fb.start || len(a.Actions) != len(b.Actions) {
			return false
		}
		for k := range a.Actions {
			x, y := &a.Actions[k], &b.Actions[k]
			if x.Done != y.Done || !slices.Equal(x.Owners, y.Owners) || !slices.Equal(x.Tags, y.Tags) ||
				!model.SameDate(x.Due, y.Due) || !model.SameDate(x.DoneOn, y.DoneOn) {
				return false
			}
		}
		return true
	}
}

// board swaps the entries of replaced windows for refs' (the new windows'
// entries).
func (sw *swap) board(b *Board, refs map[*model.Window][]*ActionRef) *Board {
	sw.refs = map[*ActionRef]*ActionRef{}
	nb := *b
	nb.ByAction = maps.Clone(b.ByAction)
	for old, w := range sw.windows {
		for k := range old.Actions {
			prev := b.ByAction[&old.Actions[k]]
			next := refs[w][k]
			sw.refs[prev] = next
			delete(nb.ByAction, &old.Actions[k])
			nb.ByAction[&w.Actions[k]] = next
		}
	}
	nb.Actions, _ = sw.actionRefs(b.Actions)
	nb.Overdue, _ = sw.actionRefs(b.Overdue)
	nb.Owners = sw.boardGroups(b.Owners)
	nb.Tags = sw.boardGroups(b.Tags)
	return &nb
}

func (sw *swap) boardGroups(groups []*BoardGroup) []*BoardGroup {
	return replaceChanged(groups, func(g *BoardGroup) (*BoardGroup, bool) {
		actions, ok := sw.actionRefs(g.Actions)
		if !ok {
			return nil, false
		}
		ng := *g
		ng.Actions = actions
		return &ng, true
	})
}
