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
	Items   []ItemRef       // lessons and actions that carry it, newest window first
	Tasks   []TaskRef       // tasks owned (people) or tagged
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
// items that carry the group's key, in the order they are written.
type windowPart struct {
	kind  groupKind
	key   string
	tasks []TaskRef
	items []ItemRef
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
			p.tasks = append(p.tasks, TaskRef{w, t})
		}
		for _, tag := range t.Tags() {
			p := part(tagGroup, tag)
			p.tasks = append(p.tasks, TaskRef{w, t})
		}
	}
	lists := []struct {
		kind  model.SectionKind
		items []model.Item
	}{{model.SectionWentWell, w.WentWell}, {model.SectionWentWrong, w.WentWrong}, {model.SectionLucky, w.Lucky}, {model.SectionIdeas, w.Ideas}}
	for _, l := range lists {
		for i := range l.items {
			it := &l.items[i]
			ref := ItemRef{Window: w, Kind: l.kind, Item: it}
			for _, h := range unique(it.People, it.ReplyPeople()) {
				p := part(personGroup, h)
				p.items = append(p.items, ref)
			}
			for _, tag := range it.Tags {
				p := part(tagGroup, tag)
				p.items = append(p.items, ref)
			}
		}
	}
	for i := range w.Actions {
		a := &w.Actions[i]
		ref := ItemRef{Window: w, Kind: model.SectionNextTime, Action: a}
		for _, h := range a.Owners {
			p := part(personGroup, h)
			p.items = append(p.items, ref)
		}
		for _, tag := range a.Tags {
			p := part(tagGroup, tag)
			p.items = append(p.items, ref)
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
	g.Tasks, g.Items = make([]TaskRef, 0, tasks), make([]ItemRef, 0, items)
	for i, m := range members {
		g.Windows[i] = m.w
		g.Tasks = append(g.Tasks, m.part.tasks...)
		g.Items = append(g.Items, m.part.items...)
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
