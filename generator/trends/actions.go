package trends

import (
	"slices"
	"strings"

	"github.com/wrapup/wrapup/generator/model"
)

// ActionRef is a next-time action on the board.
type ActionRef struct {
	Window *model.Window
	Action *model.Action
	Pos    int        // the action's place in its window's list, from 0
	Opened model.Date // the window's start date: when the action was written
	// Overdue: still open and its due date is before today.
	Overdue     bool
	DaysOverdue int
	// DaysToClose is done_on minus the window's date, for done actions with a
	// done_on date; nil otherwise.
	DaysToClose *int
}

// Status is "overdue", "open" or "done".
func (a *ActionRef) Status() string {
	switch {
	case a.Action.Done:
		return "done"
	case a.Overdue:
		return "overdue"
	}
	return "open"
}

// Board is every next-time action of every published window.
type Board struct {
	// Actions are open first (by due date, soonest first, so the most overdue
	// lead; actions without a due date after), then done (latest done first).
	Actions []*ActionRef
	Overdue []*ActionRef
	Owners  []*BoardGroup // by handle
	Tags    []*BoardGroup // by tag
	// Unowned counts open actions nobody owns.
	Unowned int
	// ByAction finds an action's board entry (for the export).
	ByAction map[*model.Action]*ActionRef

	Total, Open, Done, OverdueCount int
	CompletionRate                  *float64
	MedianDaysToClose               *float64
	ClosedWithDate                  int
	// Backlog is the follow-through over time, one point per quarter from the
	// first action's to today's (or the last action's, if later).
	Backlog []BacklogPoint
}

// BoardGroup is the actions of one owner or one tag.
type BoardGroup struct {
	Key                 string
	Actions             []*ActionRef // board order
	Open, Overdue, Done int
	CompletionRate      *float64
}

// BacklogPoint is the state of the actions at the end of a quarter.
type BacklogPoint struct {
	Quarter Quarter
	Opened  int // actions written in windows of the quarter
	Closed  int // actions done in the quarter
	Open    int // actions written by the quarter's end and not done by it
}

// board builds the action board over windows (newest first).
func board(windows []*model.Window, today model.Date, facts map[*model.Window]*windowFacts) *Board {
	b := &Board{ByAction: map[*model.Action]*ActionRef{}}
	owners := map[string]*BoardGroup{}
	tags := map[string]*BoardGroup{}
	var toClose []float64
	for _, w := range windows {
		wrefs := windowRefs(w, facts[w].start, today)
		for i := range w.Actions {
			a := &w.Actions[i]
			ref := wrefs[i]
			if ref.DaysToClose != nil {
				toClose = append(toClose, float64(*ref.DaysToClose))
			}
			b.Actions = append(b.Actions, ref)
			b.ByAction[a] = ref
			for _, h := range a.Owners {
				groupOf(owners, h).Actions = append(groupOf(owners, h).Actions, ref)
			}
			for _, t := range a.Tags {
				groupOf(tags, t).Actions = append(groupOf(tags, t).Actions, ref)
			}
			if !a.Done && len(a.Owners) == 0 {
				b.Unowned++
			}
		}
	}
	sortBoard(b.Actions)
	for _, ref := range b.Actions {
		b.Total++
		switch {
		case ref.Action.Done:
			b.Done++
		case ref.Overdue:
			b.Open++
			b.OverdueCount++
			b.Overdue = append(b.Overdue, ref)
		default:
			b.Open++
		}
	}
	b.CompletionRate = Rate(b.Done, b.Total)
	b.MedianDaysToClose = Median(toClose)
	b.ClosedWithDate = len(toClose)
	b.Owners = finishGroups(owners)
	b.Tags = finishGroups(tags)
	b.Backlog = backlog(b.Actions, today)
	return b
}

// windowRefs makes the board entries of a window's actions.
func windowRefs(w *model.Window, opened, today model.Date) []*ActionRef {
	refs := make([]*ActionRef, len(w.Actions))
	for i := range w.Actions {
		a := &w.Actions[i]
		ref := &ActionRef{Window: w, Action: a, Pos: i, Opened: opened}
		if !a.Done && a.Due != nil && a.Due.Before(today) {
			ref.Overdue = true
			ref.DaysOverdue = a.Due.DaysUntil(today)
		}
		if a.Done && a.DoneOn != nil {
			d := opened.DaysUntil(*a.DoneOn)
			ref.DaysToClose = &d
		}
		refs[i] = ref
	}
	return refs
}

func groupOf(m map[string]*BoardGroup, key string) *BoardGroup {
	g := m[key]
	if g == nil {
		g = &BoardGroup{Key: key}
		m[key] = g
	}
	return g
}

func finishGroups(m map[string]*BoardGroup) []*BoardGroup {
	out := make([]*BoardGroup, 0, len(m))
	for _, g := range m {
		sortBoard(g.Actions)
		for _, ref := range g.Actions {
			switch {
			case ref.Action.Done:
				g.Done++
			case ref.Overdue:
				g.Open++
				g.Overdue++
			default:
				g.Open++
			}
		}
		g.CompletionRate = Rate(g.Done, len(g.Actions))
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b *BoardGroup) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// sortBoard puts open actions first, soonest due first (so the most overdue
// lead) and those without a due date after them; then done actions, latest
// done first. Ties keep the newest window first, then the order in the window.
func sortBoard(refs []*ActionRef) {
	slices.SortStableFunc(refs, func(x, y *ActionRef) int {
		a, b := x.Action, y.Action
		if a.Done != b.Done {
			if a.Done {
				return 1
			}
			return -1
		}
		if !a.Done {
			return cmpDate(a.Due, b.Due, false)
		}
		return cmpDate(a.DoneOn, b.DoneOn, true)
	})
}

// cmpDate orders dates ascending (or descending), a missing date last.
func cmpDate(a, b *model.Date, desc bool) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	d := b.DaysUntil(*a) // > 0 when a is later
	if desc {
		d = -d
	}
	switch {
	case d > 0:
		return 1
	case d < 0:
		return -1
	}
	return 0
}

// backlog counts, per quarter, the actions written, those done, and those
// still open at the quarter's end. An action ticked done without a done: date
// counts as done when it was written: nothing says it lingered.
func backlog(refs []*ActionRef, today model.Date) []BacklogPoint {
	if len(refs) == 0 {
		return nil
	}
	opened := map[Quarter]int{}
	closed := map[Quarter]int{}
	first, last := QuarterOfDate(refs[0].Opened), QuarterOfDate(today)
	lastAction := first
	for _, r := range refs {
		q := QuarterOfDate(r.Opened)
		opened[q]++
		if q.Before(first) {
			first = q
		}
		if lastAction.Before(q) {
			lastAction = q
		}
		if r.Action.Done {
			cq := q
			if r.Action.DoneOn != nil {
				cq = QuarterOfDate(*r.Action.DoneOn)
				// Done before it was written is a typo we cannot fix; it
				// still cannot close before it opened.
				if cq.Before(q) {
					cq = q
				}
			}
			closed[cq]++
			if lastAction.Before(cq) {
				lastAction = cq
			}
		}
	}
	if last.Before(lastAction) {
		last = lastAction
	}
	var out []BacklogPoint
	open := 0
	for _, q := range QuarterRange(first, last) {
		open += opened[q] - closed[q]
		out = append(out, BacklogPoint{Quarter: q, Opened: opened[q], Closed: closed[q], Open: open})
	}
	return out
}
