package trends

import (
	"time"

	"github.com/wrapup/wrapup/generator/model"
)

// WindowParts are what a window page shows of the report: the related
// windows and the actions carried into the window (Report.Related and
// Report.Carried of it).
type WindowParts struct {
	Related []Related
	Carried *Carried
}

// Early works out, for a few windows an edit replaced, the parts of the
// report their pages show, before the whole report: what Compute of site
// would give for them in Related and Carried, equal to the last value. It
// is for the dev server, which shows an edited window's page first and
// makes the rest of the site after it.
//
// site is the published site of the next Compute; each window of changed
// must replace a window of the previous Compute at the same place (the same
// id and start), every other window being the very window of the previous
// Compute. ok is false when the parts cannot be had without the whole
// report: no previous report, another time zone, other windows, or an edit
// that moves a word's standing among all windows (relateState.update gives
// up). The related windows of every window are then worked out again by the
// next Compute, as they would have been without Early; otherwise that
// Compute finds them up to date.
func (m *Memo) Early(site *model.Site, changed []*model.Window, now time.Time) (map[*model.Window]WindowParts, bool) {
	loc := site.Config.Location
	if loc == nil {
		loc = time.UTC
	}
	if m == nil || m.relate == nil || m.loc == nil || m.loc.String() != loc.String() || len(changed) == 0 {
		return nil, false
	}
	st := m.relate
	ws := oldestFirst(site.Windows)
	if len(ws) != len(st.ws) {
		return nil, false
	}
	facts := make(map[*model.Window]*windowFacts, len(changed))
	for _, w := range changed {
		rev, ok := m.revision(w)
		if !ok {
			return nil, false
		}
		facts[w] = m.facts.Get(w.ID, rev, func() *windowFacts { return newFacts(w, loc, m.seed) })
	}
	at := map[*model.Window]int{}
	for i, w := range ws {
		if w == st.ws[i] {
			continue
		}
		if facts[w] == nil || w.ID != st.ws[i].ID {
			return nil, false // not one of changed, or moved
		}
		at[w] = i
	}
	if len(at) != len(facts) {
		return nil, false // a window of changed is not in site
	}
	m.relate = nil // unusable if update gives up or panics halfway
	if !st.update(ws, facts) {
		return nil, false
	}
	m.relate = st
	today := model.DateOf(now, loc)
	startOf := func(w *model.Window) model.Date {
		if f := facts[w]; f != nil {
			return f.start
		}
		if f := m.windows[w]; f != nil {
			return f.start
		}
		return model.DateOf(w.Start, loc)
	}
	refs := map[*model.Window][]*ActionRef{}
	refsOf := func(w *model.Window) []*ActionRef {
		r, ok := refs[w]
		if !ok {
			r = windowRefs(w, startOf(w), today)
			refs[w] = r
		}
		return r
	}
	out := make(map[*model.Window]WindowParts, len(changed))
	for w, i := range at {
		p := WindowParts{Related: st.related[i], Carried: carriedOne(ws, i, startOf(w), refsOf)}
		if len(p.Related) == 0 {
			p.Related = nil // as Compute leaves it
		}
		out[w] = p
	}
	return out, true
}
