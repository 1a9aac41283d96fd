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
	members := [3]map[string][]*model.Window{{}, {}, {}}
	var order [3][]string // the keys, in the order they first appear
	for _, w := range site.Windows {
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
		keys := m.keysOf(w)
		for kind, list := range keys {
			for _, k := range list {
				if members[kind][k] == nil {
					order[kind] = append(order[kind], k)
				}
				members[kind][k] = append(members[kind][k], w)
			}
		}
	}
	for kind, byKey := range []map[string]*Group{ix.byPerson, ix.bySystem, ix.byTag} {
		for _, k := range order[kind] {
			byKey[k] = m.group(groupKind(kind), k, members[kind][k])
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

// keys are the distinct keys of the groups a window is in, by groupKind.
type keys [3][]string

// keysFor lists the groups a window is in.
func keysFor(w *model.Window) keys {
	var people, systems, tags []string
	if w.Facilitator != "" {
		people = append(people, w.Facilitator)
	}
	people = append(people, w.Attendees...)
	systems = append(systems, w.Systems...)
	tags = append(tags, w.Tags...)
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
	return keys{distinct(people), distinct(systems), distinct(tags)}
}

// distinct drops repeats, keeping the first of each.
func distinct(list []string) []string {
	out := list[:0]
	seen := make(map[string]bool, len(list))
	for _, k := range list {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// makeGroup makes the group of a key from its windows (newest first): the
// items and tasks of those windows that carry the key, in their windows'
// order, and in each window in the order they are written.
func makeGroup(kind groupKind, key string, windows []*model.Window) *Group {
	g := &Group{Key: key, Windows: windows}
	if kind == systemGroup {
		return g
	}
	count := func(list []string) int {
		n := 0
		for _, k := range list {
			if k == key {
				n++
			}
		}
		return n
	}
	for _, w := range windows {
		for i := range w.Tasks {
			t := &w.Tasks[i]
			list := t.Tags
			if kind == personGroup {
				list = t.Owners
			}
			for range count(list) {
				g.Tasks = append(g.Tasks, TaskRef{w, t})
			}
		}
		lists := []struct {
			kind  model.SectionKind
			items []model.Item
		}{{model.SectionWentWell, w.WentWell}, {model.SectionWentWrong, w.WentWrong}, {model.SectionLucky, w.Lucky}, {model.SectionIdeas, w.Ideas}}
		for _, l := range lists {
			for i := range l.items {
				it := &l.items[i]
				n := count(it.Tags)
				if kind == personGroup {
					n = min(1, count(it.People)+count(it.ReplyPeople))
				}
				for range n {
					g.Items = append(g.Items, ItemRef{Window: w, Kind: l.kind, Item: it})
				}
			}
		}
		for i := range w.Actions {
			a := &w.Actions[i]
			list := a.Tags
			if kind == personGroup {
				list = a.Owners
			}
			for range count(list) {
				g.Items = append(g.Items, ItemRef{Window: w, Kind: model.SectionNextTime, Action: a})
			}
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
