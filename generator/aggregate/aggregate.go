// Package aggregate computes what a site knows across windows: who took part
// where, which systems and tags recur, what is coming up, and the headline
// numbers. It reads the model and does no I/O.
package aggregate

import (
	"sort"
	"time"

	"github.com/wrapup/wrapup/generator/model"
)

// Index is the cross-window view of a site.
type Index struct {
	People   []*Group // by handle
	Systems  []*Group // by name
	Tags     []*Group // by name
	Held     []*model.Window
	Upcoming []*model.Window // planned windows, soonest first
	Headline Headline

	byPerson, bySystem, byTag map[string]*Group
}

// Group is a person, system or tag with the windows and items that mention it.
type Group struct {
	Key     string
	Windows []*model.Window // newest first
	// items and tasks are the group's Items and Tasks as places in its
	// windows: 8 bytes each rather than a 40-byte ItemRef (180,000 of
	// them at 10k windows, live the whole build).
	items []place
	tasks []place
}

// place is an item or task of a group: its window's position in the
// group's Windows and, in at, its position in its list (at>>3) and, for
// an item, its list (at&7, a listKind).
type place struct{ win, at uint32 }

// listKind is an item's list in its window, as a place keeps it.
type listKind uint32

const (
	wentWellList listKind = iota
	wentWrongList
	luckyList
	ideasList
	actionsList
)

// itemLists are the lists of items, by listKind, with their section kinds.
var itemLists = [...]model.SectionKind{model.SectionWentWell, model.SectionWentWrong, model.SectionLucky, model.SectionIdeas, model.SectionNextTime}

// Items are the lessons and actions that carry the group's key, newest
// window first (made anew at each call: range over NumItems and Item
// where a list is not needed).
func (g *Group) Items() []ItemRef {
	out := make([]ItemRef, len(g.items))
	for i := range g.items {
		out[i] = g.Item(i)
	}
	return out
}

// NumItems is len(g.Items()).
func (g *Group) NumItems() int { return len(g.items) }

// Item is g.Items()[i].
func (g *Group) Item(i int) ItemRef {
	p := g.items[i]
	w := g.Windows[p.win]
	kind, at := listKind(p.at&7), p.at>>3
	ref := ItemRef{Window: w, Kind: itemLists[kind]}
	switch kind {
	case wentWellList:
		ref.Item = &w.WentWell[at]
	case wentWrongList:
		ref.Item = &w.WentWrong[at]
	case luckyList:
		ref.Item = &w.Lucky[at]
	case ideasList:
		ref.Item = &w.Ideas[at]
	default:
		ref.Action = &w.Actions[at]
	}
	return ref
}

// Tasks are the tasks owned (people) or tagged, newest window first (made
// anew at each call, as Items).
func (g *Group) Tasks() []TaskRef {
	out := make([]TaskRef, len(g.tasks))
	for i := range g.tasks {
		out[i] = g.Task(i)
	}
	return out
}

// NumTasks is len(g.Tasks()).
func (g *Group) NumTasks() int { return len(g.tasks) }

// Task is g.Tasks()[i].
func (g *Group) Task(i int) TaskRef {
	p := g.tasks[i]
	w := g.Windows[p.win]
	return TaskRef{Window: w, Task: &w.Tasks[p.at]}
}

// ItemRef is a went-well, went-wrong, idea or action item in its window.
type ItemRef struct {
	Window *model.Window
	Kind   model.SectionKind
	Item   *model.Item   // nil for actions
	Action *model.Action // set for actions
}

// Anchor is the item's anchor on its window page.
func (r ItemRef) Anchor() string {
	if r.Action != nil {
		return r.Action.Anchor
	}
	return r.Item.Anchor
}

// Text is the item's plain text.
func (r ItemRef) Text() string {
	if r.Action != nil {
		return r.Action.Text
	}
	return r.Item.Text
}

// TaskRef is a task in its window.
type TaskRef struct {
	Window *model.Window
	Task   *model.Task
}

// Headline holds the figures the home page leads with.
type Headline struct {
	Windows     int
	Held        int
	Planned     int
	Successes   int
	OnTime      int
	SuccessRate *float64
	OnTimeRate  *float64
	OpenActions int
	Overdue     int
}

// Person returns the group of a handle, or nil.
func (ix *Index) Person(handle string) *Group { return ix.byPerson[handle] }

// System returns the group of a system, or nil.
func (ix *Index) System(name string) *Group { return ix.bySystem[name] }

// Tag returns the group of a tag, or nil.
func (ix *Index) Tag(name string) *Group { return ix.byTag[name] }

// Build computes the index of a site's windows (already ordered newest first).
// now decides which actions are overdue and which windows are upcoming.
func Build(site *model.Site, now time.Time) *Index {
	return (*Memo)(nil).Build(site, now)
}

// Build is the package's Build, keeping groups in m (nil keeps nothing).
// The index is the same either way.
//
// A group is a function of its windows: its items and tasks are those of
// its windows that carry its key. So each group is made from the list of
// its windows (found from every window's keys) and kept in m with the
// revisions of those windows as its facts: an edit remakes the groups of
// the windows it changed, and no other.
func (m *Memo) Build(site *model.Site, now time.Time) *Index {
	ix := &Index{byPerson: map[string]*Group{}, bySystem: map[string]*Group{}, byTag: map[string]*Group{}}
	loc := site.Config.Location
	if loc == nil {
		loc = time.UTC
	}
	today := model.DateOf(now, loc)
	// Each group's facts are folded from its windows' revisions as the
	// windows are walked; the windows and parts of a group are gathered
	// only for the groups the memo does not hold (at most a few after an
	// edit: gathering them all was most of the index's garbage).
	m.begin()
	local := [3]map[string]*groupAcc{{}, {}, {}}
	var order [3][]*groupAcc // the groups, in the order they first appear
	type windowParts struct {
		parts []*windowPart
		rev   uint64
		known bool
	}
	all := make([]windowParts, len(site.Windows))
	for wi, w := range site.Windows {
		ix.Headline.Windows++
		if w.Held() {
			ix.Held = append(ix.Held, w)
			ix.Headline.Held++
			if o := w.Derived.Outcome; o != nil {
				if o.Success {
					ix.Headline.Successes++
				}
				if o.OnTime {
					ix.Headline.OnTime++
				}
			}
		} else {
			ix.Upcoming = append(ix.Upcoming, w)
			ix.Headline.Planned++
		}
		for i := range w.Actions {
			a := &w.Actions[i]
			if !a.Done {
				ix.Headline.OpenActions++
				if a.Due != nil && a.Due.Before(today) {
					ix.Headline.Overdue++
				}
			}
		}
		parts, rev, known := m.partsOf(w)
		all[wi] = windowParts{parts, rev, known}
		for _, part := range parts {
			acc, first := m.accOf(part, &local)
			if first {
				order[part.kind] = append(order[part.kind], acc)
			}
			acc.add(rev, known)
		}
	}
	// The groups the memo holds; the others get their members.
	missing := false
	for kind, byKey := range []map[string]*Group{ix.byPerson, ix.bySystem, ix.byTag} {
		for _, acc := range order[kind] {
			if g, ok := m.lookup(groupKind(kind), acc); ok {
				byKey[acc.key] = g
				continue
			}
			acc.gather = true
			missing = true
		}
	}
	if missing {
		for wi, w := range site.Windows {
			for _, part := range all[wi].parts {
				if acc, _ := m.accOf(part, &local); acc.gather {
					acc.members = append(acc.members, member{w, part, all[wi].rev, all[wi].known})
				}
			}
		}
		for kind, byKey := range []map[string]*Group{ix.byPerson, ix.bySystem, ix.byTag} {
			for _, acc := range order[kind] {
				if acc.gather {
					byKey[acc.key] = m.group(groupKind(kind), acc)
				}
			}
		}
	}
	// Upcoming: soonest first.
	sort.SliceStable(ix.Upcoming, func(i, j int) bool { return ix.Upcoming[i].Start.Before(ix.Upcoming[j].Start) })
	if h := ix.Headline; h.Held > 0 {
		s := model.Round3(float64(h.Successes) / float64(h.Held))
		o := model.Round3(float64(h.OnTime) / float64(h.Held))
		ix.Headline.SuccessRate, ix.Headline.OnTimeRate = &s, &o
	}
	ix.People = sorted(ix.byPerson)
	ix.Systems = sorted(ix.bySystem)
	ix.Tags = sorted(ix.byTag)
	return ix
}

// groupKind is which of the index's three kinds of group a group is.
type groupKind int

const (
	personGroup groupKind = iota
	systemGroup
	tagGroup
)

// windowPart is what one window gives one group: the window's tasks and
// items that carry the group's key, in the order they are written, as
// their places' at (the group's place gives the window).
type windowPart struct {
	kind  groupKind
	key   string
	tasks []uint32
	items []uint32
	// acc is where a Memo gathers the part's group in each Build (set on
	// the part's first Build): finding it by key was most of the index's
	// time after an edit.
	acc *groupAcc
}

// member is a window of a group, with what it gives the group and the
// window's revision (known: the Memo's caller knows the window).
type member struct {
	w     *model.Window
	part  *windowPart
	rev   uint64
	known bool
}

// partsOf lists what a window gives each group it is in: every person,
// system and tag it names, each once, in the order first named.
func partsOf(w *model.Window) []*windowPart {
	var parts []*windowPart
	index := map[groupID]*windowPart{}
	part := func(kind groupKind, key string) *windowPart {
		id := groupID{kind, key}
		p := index[id]
		if p == nil {
			p = &windowPart{kind: kind, key: key}
			index[id] = p
			parts = append(parts, p)
		}
		return p
	}
	if w.Facilitator != "" {
		part(personGroup, w.Facilitator)
	}
	for _, h := range w.Attendees {
		part(personGroup, h)
	}
	for _, s := range w.Systems {
		part(systemGroup, s)
	}
	for _, t := range w.Tags {
		part(tagGroup, t)
	}
	for i := range w.Tasks {
		t := &w.Tasks[i]
		for _, h := range t.Owners {
			p := part(personGroup, h)
			p.tasks = append(p.tasks, uint32(i))
		}
		for _, tag := range t.Tags() {
			p := part(tagGroup, tag)
			p.tasks = append(p.tasks, uint32(i))
		}
	}
	for kind, items := range [][]model.Item{w.WentWell, w.WentWrong, w.Lucky, w.Ideas} {
		for i := range items {
			it := &items[i]
			at := uint32(i)<<3 | uint32(kind)
			for _, h := range unique(it.People, it.ReplyPeople()) {
				p := part(personGroup, h)
				p.items = append(p.items, at)
			}
			for _, tag := range it.Tags {
				p := part(tagGroup, tag)
				p.items = append(p.items, at)
			}
		}
	}
	for i := range w.Actions {
		a := &w.Actions[i]
		at := uint32(i)<<3 | uint32(actionsList)
		for _, h := range a.Owners {
			p := part(personGroup, h)
			p.items = append(p.items, at)
		}
		for _, tag := range a.Tags {
			p := part(tagGroup, tag)
			p.items = append(p.items, at)
		}
	}
	return parts
}

// makeGroup makes the group of a key from its windows (newest first) and
// what each gives it.
func makeGroup(key string, members []member) *Group {
	g := &Group{Key: key, Windows: make([]*model.Window, len(members))}
	tasks, items := 0, 0
	for _, m := range members {
		tasks += len(m.part.tasks)
		items += len(m.part.items)
	}
	g.tasks, g.items = make([]place, 0, tasks), make([]place, 0, items)
	for i, m := range members {
		g.Windows[i] = m.w
		for _, at := range m.part.tasks {
			g.tasks = append(g.tasks, place{uint32(i), at})
		}
		for _, at := range m.part.items {
			g.items = append(g.items, place{uint32(i), at})
		}
	}
	return g
}

func sorted(m map[string]*Group) []*Group {
	out := make([]*Group, 0, len(m))
	for _, g := range m {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// unique joins lists of handles, keeping the first of each.
func unique(lists ...[]string) []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range lists {
		for _, h := range l {
			if !seen[h] {
				seen[h] = true
				out = append(out, h)
			}
		}
	}
	return out
}
