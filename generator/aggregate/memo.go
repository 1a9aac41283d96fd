package aggregate

import (
	"maps"
	"slices"
	"time"

	"github.com/wrapup/wrapup/generator/model"
)

// Memo keeps the last index Build made, for a caller that builds the index
// again and again over mostly the same windows (the dev server, where an
// edit replaces one parsed window and keeps every other one).
//
// When the windows differ from the last ones only in a few windows replaced
// at the same place by windows with the same facts the index is made of
// (held or not, outcome, start, people, systems, tags, the people and tags
// of tasks, lessons and actions, actions' states), the index is the last
// one with the pointers into the replaced windows moved to the new ones, in
// the groups those windows are in: the edit of a window's text then costs a
// few groups, not every window. Nothing of the last index is modified. A nil
// *Memo builds afresh. A Memo is not safe for concurrent use.
type Memo struct {
	windows []*model.Window
	today   model.Date
	loc     string
	ix      *Index
}

// maxReplaced is how many replaced windows Memo.Build patches; more start
// afresh.
const maxReplaced = 16

// NewMemo returns an empty Memo.
func NewMemo() *Memo { return &Memo{} }

// Build is the package's Build, reusing the last index where it can (see
// Memo). The index is the same either way.
func (m *Memo) Build(site *model.Site, now time.Time) *Index {
	if m == nil {
		return Build(site, now)
	}
	loc := site.Config.Location
	if loc == nil {
		loc = time.UTC
	}
	today := model.DateOf(now, loc)
	var ix *Index
	if m.ix != nil && m.today == today && m.loc == loc.String() {
		ix = m.patch(site.Windows)
	}
	if ix == nil {
		ix = Build(site, now)
	}
	m.windows, m.today, m.loc, m.ix = slices.Clone(site.Windows), today, loc.String(), ix
	return ix
}

// patch returns the last index moved to windows, or nil when it cannot be.
func (m *Memo) patch(windows []*model.Window) *Index {
	if len(windows) != len(m.windows) {
		return nil
	}
	replaced := map[*model.Window]*model.Window{}
	for i, w := range windows {
		if old := m.windows[i]; old != w {
			if len(replaced) == maxReplaced || !sameIndexFacts(old, w) {
				return nil
			}
			replaced[old] = w
		}
	}
	if len(replaced) == 0 {
		return m.ix
	}
	sw := newSwap(replaced)
	prev := m.ix
	ix := &Index{Headline: prev.Headline, Held: sw.windowList(prev.Held), Upcoming: sw.windowList(prev.Upcoming),
		byPerson: maps.Clone(prev.byPerson), bySystem: maps.Clone(prev.bySystem), byTag: maps.Clone(prev.byTag)}
	patched := map[*Group]*Group{} // old group -> its patched copy
	made := map[*Group]bool{}      // the copies: a key seen again is done
	patchIn := func(groups map[string]*Group, keys []string) {
		for _, k := range keys {
			g := groups[k]
			if g == nil || patched[g] != nil || made[g] {
				continue
			}
			ng := &Group{Key: g.Key, Windows: sw.windowList(g.Windows), Items: sw.itemRefs(g.Items), Tasks: sw.taskRefs(g.Tasks)}
			patched[g], made[ng] = ng, true
			groups[k] = ng
		}
	}
	for old := range replaced {
		people, systems, tags := groupKeys(old)
		patchIn(ix.byPerson, people)
		patchIn(ix.bySystem, systems)
		patchIn(ix.byTag, tags)
	}
	swapGroups := func(list []*Group) []*Group {
		out := slices.Clone(list)
		for i, g := range out {
			if ng := patched[g]; ng != nil {
				out[i] = ng
			}
		}
		return out
	}
	ix.People, ix.Systems, ix.Tags = swapGroups(prev.People), swapGroups(prev.Systems), swapGroups(prev.Tags)
	return ix
}

// groupKeys lists the groups a window is in, with repeats.
func groupKeys(w *model.Window) (people, systems, tags []string) {
	systems = w.Systems
	tags = append(tags, w.Tags...)
	if w.Facilitator != "" {
		people = append(people, w.Facilitator)
	}
	people = append(people, w.Attendees...)
	for _, t := range w.Tasks {
		people = append(people, t.Owners...)
		tags = append(tags, t.Tags...)
	}
	for _, list := range w.Spoken() {
		for _, it := range list {
			people = append(append(people, it.People...), it.ReplyPeople...)
			tags = append(tags, it.Tags...)
		}
	}
	for _, a := range w.Actions {
		people = append(people, a.Owners...)
		tags = append(tags, a.Tags...)
	}
	return people, systems, tags
}

// sameIndexFacts says whether two versions of a window are in the index in
// the same way: the same groups, lists and counts.
func sameIndexFacts(a, b *model.Window) bool {
	if a.Held() != b.Held() || !a.Start.Equal(b.Start) || a.Facilitator != b.Facilitator ||
		!slices.Equal(a.Attendees, b.Attendees) || !slices.Equal(a.Systems, b.Systems) || !slices.Equal(a.Tags, b.Tags) {
		return false
	}
	oa, ob := a.Derived.Outcome, b.Derived.Outcome
	if (oa == nil) != (ob == nil) || (oa != nil && (oa.Success != ob.Success || oa.OnTime != ob.OnTime)) {
		return false
	}
	if len(a.Tasks) != len(b.Tasks) || len(a.Actions) != len(b.Actions) {
		return false
	}
	for k := range a.Tasks {
		if !slices.Equal(a.Tasks[k].Owners, b.Tasks[k].Owners) || !slices.Equal(a.Tasks[k].Tags, b.Tasks[k].Tags) {
			return false
		}
	}
	for _, l := range [][2][]model.Item{{a.WentWell, b.WentWell}, {a.WentWrong, b.WentWrong}, {a.Lucky, b.Lucky}, {a.Ideas, b.Ideas}} {
		if len(l[0]) != len(l[1]) {
			return false
		}
		for k := range l[0] {
			x, y := &l[0][k], &l[1][k]
			if !slices.Equal(x.People, y.People) || !slices.Equal(x.ReplyPeople, y.ReplyPeople) || !slices.Equal(x.Tags, y.Tags) {
				return false
			}
		}
	}
	for k := range a.Actions {
		x, y := &a.Actions[k], &b.Actions[k]
		if x.Done != y.Done || !slices.Equal(x.Owners, y.Owners) || !slices.Equal(x.Tags, y.Tags) || !model.SameDate(x.Due, y.Due) {
			return false
		}
	}
	return true
}

// swap maps replaced windows, and their tasks, items and actions (by
// place), to the new ones.
type swap struct {
	windows map[*model.Window]*model.Window
	tasks   map[*model.Task]*model.Task
	items   map[*model.Item]*model.Item
	actions map[*model.Action]*model.Action
}

func newSwap(replaced map[*model.Window]*model.Window) *swap {
	sw := &swap{windows: replaced, tasks: map[*model.Task]*model.Task{}, items: map[*model.Item]*model.Item{}, actions: map[*model.Action]*model.Action{}}
	for a, b := range replaced {
		for k := range a.Tasks {
			sw.tasks[&a.Tasks[k]] = &b.Tasks[k]
		}
		for _, l := range [][2][]model.Item{{a.WentWell, b.WentWell}, {a.WentWrong, b.WentWrong}, {a.Lucky, b.Lucky}, {a.Ideas, b.Ideas}} {
			for k := range l[0] {
				sw.items[&l[0][k]] = &l[1][k]
			}
		}
		for k := range a.Actions {
			sw.actions[&a.Actions[k]] = &b.Actions[k]
		}
	}
	return sw
}

// windowList returns list with the replaced windows swapped, the same slice
// when it has none.
func (sw *swap) windowList(list []*model.Window) []*model.Window {
	var out []*model.Window
	for i, w := range list {
		if nw, ok := sw.windows[w]; ok {
			if out == nil {
				out = slices.Clone(list)
			}
			out[i] = nw
		}
	}
	if out == nil {
		return list
	}
	return out
}

func (sw *swap) itemRefs(list []ItemRef) []ItemRef {
	var out []ItemRef
	for i, r := range list {
		if nw, ok := sw.windows[r.Window]; ok {
			if out == nil {
				out = slices.Clone(list)
			}
			r.Window = nw
			if r.Item != nil {
				r.Item = sw.items[r.Item]
			}
			if r.Action != nil {
				r.Action = sw.actions[r.Action]
			}
			out[i] = r
		}
	}
	if out == nil {
		return list
	}
	return out
}

func (sw *swap) taskRefs(list []TaskRef) []TaskRef {
	var out []TaskRef
	for i, r := range list {
		if nw, ok := sw.windows[r.Window]; ok {
			if out == nil {
				out = slices.Clone(list)
			}
			out[i] = TaskRef{Window: nw, Task: sw.tasks[r.Task]}
		}
	}
	if out == nil {
		return list
	}
	return out
}
