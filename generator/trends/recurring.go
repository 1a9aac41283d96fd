package trends

import (
	"slices"
	"strings"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/model"
)

// Matrix is a tag-by-quarter view of one kind of lesson (went wrong, went
// well or ideas): which themes keep coming back, and when.
type Matrix struct {
	Kind     model.SectionKind
	Quarters []Quarter // from the first quarter with an item of this kind to the last
	// Rows are the recurring tags: seen in two or more windows. Most windows
	// first, then the most recently seen, then by name.
	Rows []*Row
	// OnceTags counts the tags seen in one window only.
	OnceTags int
	// Untagged counts items without a tag (they cannot recur by tag).
	Untagged int
}

// Row is one tag of a matrix.
type Row struct {
	Tag     string
	Windows int // distinct windows with an item of this kind and tag
	Items   int
	First   Quarter
	Last    Quarter
	Cells   []Cell // one per quarter of the matrix
}

// Cell is a tag in a quarter.
type Cell struct {
	Quarter Quarter
	Windows int
	Items   []aggregate.ItemRef // newest window first
}

// itemsOf returns a window's items of a lesson kind.
func itemsOf(w *model.Window, kind model.SectionKind) []model.Item {
	switch kind {
	case model.SectionWentWell:
		return w.WentWell
	case model.SectionWentWrong:
		return w.WentWrong
	case model.SectionLucky:
		return w.Lucky
	case model.SectionIdeas:
		return w.Ideas
	}
	return nil
}

// matrix builds the tag-by-quarter matrix of one kind over windows (newest
// first).
func matrix(windows []*model.Window, kind model.SectionKind, facts map[*model.Window]*windowFacts) *Matrix {
	m := &Matrix{Kind: kind}
	type acc struct {
		row     *Row
		cells   map[Quarter]*Cell
		windows map[*model.Window]bool
		lastW   map[Quarter]*model.Window
	}
	byTag := map[string]*acc{}
	var first, last Quarter
	seen := false
	for _, w := range windows {
		items := itemsOf(w, kind)
		if len(items) == 0 {
			continue
		}
		q := facts[w].quarter
		if !seen || q.Before(first) {
			first = q
		}
		if !seen || last.Before(q) {
			last = q
		}
		seen = true
		for i := range items {
			it := &items[i]
			if len(it.Tags) == 0 {
				m.Untagged++
			}
			for _, tag := range it.Tags {
				a := byTag[tag]
				if a == nil {
					a = &acc{row: &Row{Tag: tag, First: q, Last: q}, cells: map[Quarter]*Cell{}, windows: map[*model.Window]bool{}, lastW: map[Quarter]*model.Window{}}
					byTag[tag] = a
				}
				a.row.Items++
				if q.Before(a.row.First) {
					a.row.First = q
				}
				if a.row.Last.Before(q) {
					a.row.Last = q
				}
				c := a.cells[q]
				if c == nil {
					c = &Cell{Quarter: q}
					a.cells[q] = c
				}
				c.Items = append(c.Items, aggregate.ItemRef{Window: w, Kind: kind, Item: it})
				if !a.windows[w] {
					a.windows[w] = true
					a.row.Windows++
				}
				if a.lastW[q] != w {
					a.lastW[q] = w
					c.Windows++
				}
			}
		}
	}
	if !seen {
		return m
	}
	m.Quarters = QuarterRange(first, last)
	for _, a := range byTag {
		if a.row.Windows < 2 {
			m.OnceTags++
			continue
		}
		a.row.Cells = make([]Cell, len(m.Quarters))
		for i, q := range m.Quarters {
			if c := a.cells[q]; c != nil {
				a.row.Cells[i] = *c
			} else {
				a.row.Cells[i] = Cell{Quarter: q}
			}
		}
		m.Rows = append(m.Rows, a.row)
	}
	slices.SortFunc(m.Rows, func(a, b *Row) int {
		switch {
		case a.Windows != b.Windows:
			return b.Windows - a.Windows
		case a.Last != b.Last:
			if a.Last.Before(b.Last) {
				return 1
			}
			return -1
		}
		return strings.Compare(a.Tag, b.Tag)
	})
	return m
}

// IdeaGroup is an idea raised in more than one window, in the same words
// (after stemming and dropping stop words). The more windows, the more weight.
type IdeaGroup struct {
	Text    string // the newest wording
	Windows int
	Items   []aggregate.ItemRef // newest first
}

// repeatedIdeas groups ideas by their stemmed words.
func repeatedIdeas(windows []*model.Window, facts map[*model.Window]*windowFacts) []*IdeaGroup {
	groups := map[string]*IdeaGroup{}
	var order []*IdeaGroup
	lastWindow := map[*IdeaGroup]*model.Window{}
	for _, w := range windows {
		keys := facts[w].ideaKeys
		for i := range w.Ideas {
			it := &w.Ideas[i]
			key := keys[i]
			if key == "" {
				continue
			}
			g := groups[key]
			if g == nil {
				g = &IdeaGroup{Text: it.Text}
				groups[key] = g
				order = append(order, g)
			}
			g.Items = append(g.Items, aggregate.ItemRef{Window: w, Kind: model.SectionIdeas, Item: it})
			if lastWindow[g] != w {
				lastWindow[g] = w
				g.Windows++
			}
		}
	}
	var out []*IdeaGroup
	for _, g := range order {
		if g.Windows >= 2 {
			out = append(out, g)
		}
	}
	// order is newest first already (windows are); a stable sort keeps it
	// among equal weights.
	slices.SortStableFunc(out, func(a, b *IdeaGroup) int { return b.Windows - a.Windows })
	return out
}

// Lessons are every went-well, went-wrong and idea item, grouped by tag.
type Lessons struct {
	Tags []*LessonGroup // by tag name
	// Untagged holds the items without a tag, so that no lesson is lost.
	Untagged *LessonGroup
	Total    int
}

// LessonGroup is a tag's lessons: newest quarter first; within a quarter,
// went wrong, then where we got lucky, went well, then ideas, each newest
// window first.
type LessonGroup struct {
	Tag                               string
	Items                             []aggregate.ItemRef
	WentWell, WentWrong, Lucky, Ideas int
	Windows                           int
}

// kindOrder is the order of lesson kinds inside a quarter of a lesson group:
// problems first, since that is what a reader looks for.
var kindOrder = map[model.SectionKind]int{model.SectionWentWrong: 0, model.SectionLucky: 1, model.SectionWentWell: 2, model.SectionIdeas: 3}

// lessonKinds are the kinds of lesson items, in kindOrder.
var lessonKinds = []model.SectionKind{model.SectionWentWrong, model.SectionLucky, model.SectionWentWell, model.SectionIdeas}

// lessons groups lesson items by tag.
func lessons(windows []*model.Window, facts map[*model.Window]*windowFacts) *Lessons {
	l := &Lessons{Untagged: &LessonGroup{}}
	byTag := map[string]*LessonGroup{}
	lastWindow := map[*LessonGroup]*model.Window{}
	add := func(g *LessonGroup, ref aggregate.ItemRef) {
		g.Items = append(g.Items, ref)
		switch ref.Kind {
		case model.SectionWentWell:
			g.WentWell++
		case model.SectionWentWrong:
			g.WentWrong++
		case model.SectionLucky:
			g.Lucky++
		case model.SectionIdeas:
			g.Ideas++
		}
		if lastWindow[g] != ref.Window {
			lastWindow[g] = ref.Window
			g.Windows++
		}
	}
	for _, w := range windows {
		for _, kind := range lessonKinds {
			items := itemsOf(w, kind)
			for i := range items {
				it := &items[i]
				ref := aggregate.ItemRef{Window: w, Kind: kind, Item: it}
				l.Total++
				if len(it.Tags) == 0 {
					add(l.Untagged, ref)
				}
				for _, tag := range it.Tags {
					g := byTag[tag]
					if g == nil {
						g = &LessonGroup{Tag: tag}
						byTag[tag] = g
						l.Tags = append(l.Tags, g)
					}
					add(g, ref)
				}
			}
		}
	}
	slices.SortFunc(l.Tags, func(a, b *LessonGroup) int { return strings.Compare(a.Tag, b.Tag) })
	for _, g := range append(slices.Clone(l.Tags), l.Untagged) {
		// The lists live as long as the report (every lesson item of
		// every tag): without the room appending left.
		g.Items = slices.Clip(slices.Clone(g.Items))
		// Windows come newest first; order by quarter, then kind, keeping the
		// window order inside.
		slices.SortStableFunc(g.Items, func(a, b aggregate.ItemRef) int {
			qa, qb := facts[a.Window].quarter, facts[b.Window].quarter
			if qa != qb {
				if qa.Before(qb) {
					return 1
				}
				return -1
			}
			return kindOrder[a.Kind] - kindOrder[b.Kind]
		})
	}
	return l
}
