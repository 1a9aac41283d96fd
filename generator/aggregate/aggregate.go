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
	ix := &Index{byPerson: map[string]*Group{}, bySystem: map[string]*Group{}, byTag: map[string]*Group{}}
	get := func(m map[string]*Group, key string) *Group {
		g := m[key]
		if g == nil {
			g = &Group{Key: key}
			m[key] = g
		}
		return g
	}
	addWindow := func(m map[string]*Group, key string, w *model.Window) {
		g := get(m, key)
		if n := len(g.Windows); n == 0 || g.Windows[n-1] != w {
			g.Windows = append(g.Windows, w)
		}
	}
	loc := site.Config.Location
	if loc == nil {
		loc = time.UTC
	}
	today := model.DateOf(now, loc)
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
		for _, s := range w.Systems {
			addWindow(ix.bySystem, s, w)
		}
		for _, t := range w.Tags {
			addWindow(ix.byTag, t, w)
		}
		if w.Facilitator != "" {
			addWindow(ix.byPerson, w.Facilitator, w)
		}
		for _, h := range w.Attendees {
			addWindow(ix.byPerson, h, w)
		}
		for i := range w.Tasks {
			t := &w.Tasks[i]
			for _, h := range t.Owners {
				addWindow(ix.byPerson, h, w)
				g := get(ix.byPerson, h)
				g.Tasks = append(g.Tasks, TaskRef{w, t})
			}
			for _, tag := range t.Tags {
				addWindow(ix.byTag, tag, w)
				g := get(ix.byTag, tag)
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
				ref := ItemRef{Window: w, Kind: l.kind, Item: it}
				for _, h := range unique(it.People, it.ReplyPeople) {
					addWindow(ix.byPerson, h, w)
					g := get(ix.byPerson, h)
					g.Items = append(g.Items, ref)
				}
				for _, tag := range it.Tags {
					addWindow(ix.byTag, tag, w)
					g := get(ix.byTag, tag)
					g.Items = append(g.Items, ref)
				}
			}
		}
		for i := range w.Actions {
			a := &w.Actions[i]
			ref := ItemRef{Window: w, Kind: model.SectionNextTime, Action: a}
			if !a.Done {
				ix.Headline.OpenActions++
				if a.Due != nil && a.Due.Before(today) {
					ix.Headline.Overdue++
				}
			}
			for _, h := range a.Owners {
				addWindow(ix.byPerson, h, w)
				g := get(ix.byPerson, h)
				g.Items = append(g.Items, ref)
			}
			for _, tag := range a.Tags {
				addWindow(ix.byTag, tag, w)
				g := get(ix.byTag, tag)
				g.Items = append(g.Items, ref)
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
