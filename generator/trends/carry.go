package trends

import (
	"slices"

	"github.com/wrapup/wrapup/generator/model"
)

// Carried is what a window page shows of the actions written before it.
type Carried struct {
	// Actions are open when the window started (not done, or done later),
	// from earlier windows sharing a system or tag; newest first.
	Actions []CarriedAction
	// More is set when there were more than CarriedShown.
	More bool
}

// CarriedAction is an action carried into a window, with what links them.
type CarriedAction struct {
	*ActionRef
	Shared []string // "postgresql", "#testing"
}

// carry fills r.Carried: for each window, the actions of earlier windows that
// were still open when it started and share one of its systems or tags.
//
// prev, when not nil, is the state of the previous call: when the windows
// differ from its windows only in a few replaced at the same place whose
// dates, systems, tags and actions' tags and states are the same (an edit of
// a window's text), every window's carried actions are the same actions, and
// the previous results are kept. The returned state is for the next call.
func carry(r *Report, windows []*model.Window, facts map[*model.Window]*windowFacts, prev *carryState) *carryState {
	ws := oldestFirst(windows)
	if prev.reuse(r, ws, facts) {
		return prev
	}
	st := &carryState{ws: ws, starts: make([]model.Date, len(ws)), carried: make([]*Carried, len(ws))}
	for i, w := range ws {
		st.starts[i] = facts[w].start
	}
	defer func() {
		for i, w := range ws {
			st.carried[i] = r.Carried[w]
		}
	}()
	index := map[*model.Window]int{}
	for i, w := range ws {
		index[w] = i
	}
	// term -> actions of windows carrying it, oldest window first.
	byTerm := map[string][]*ActionRef{}
	actionTerms := map[*ActionRef][]string{}
	for i := range ws {
		w := ws[i]
		for k := range w.Actions {
			ref := r.Board.ByAction[&w.Actions[k]]
			if ref == nil {
				continue
			}
			var terms []string
			for _, s := range w.Systems {
				terms = append(terms, s)
			}
			for _, t := range w.Tags {
				terms = append(terms, "#"+t)
			}
			for _, t := range ref.Action.Tags {
				terms = append(terms, "#"+t)
			}
			terms = uniq(terms)
			actionTerms[ref] = terms
			for _, t := range terms {
				byTerm[t] = append(byTerm[t], ref)
			}
		}
	}
	for i, w := range ws {
		start := facts[w].start
		var terms []string
		terms = append(terms, w.Systems...)
		for _, t := range w.Tags {
			terms = append(terms, "#"+t)
		}
		terms = uniq(terms)
		var found []*ActionRef
		chosen := map[*ActionRef]bool{}
		more := false
		for _, term := range terms {
			list := byTerm[term]
			// The last action of a window before this one.
			hi, _ := slices.BinarySearchFunc(list, i, func(ref *ActionRef, i int) int { return index[ref.Window] - i })
			taken := 0
			for k := hi - 1; k >= 0; k-- {
				ref := list[k]
				if !openOn(ref.Action, start) {
					continue
				}
				if taken == CarriedShown {
					more = true
					break
				}
				taken++
				if !chosen[ref] {
					chosen[ref] = true
					found = append(found, ref)
				}
			}
		}
		if len(found) == 0 {
			continue
		}
		slices.SortStableFunc(found, func(a, b *ActionRef) int {
			if d := index[b.Window] - index[a.Window]; d != 0 {
				return d
			}
			return a.Pos - b.Pos
		})
		if len(found) > CarriedShown {
			found, more = found[:CarriedShown], true
		}
		c := &Carried{More: more}
		for _, ref := range found {
			c.Actions = append(c.Actions, CarriedAction{ActionRef: ref, Shared: intersect(terms, actionTerms[ref])})
		}
		r.Carried[w] = c
	}
	return st
}

// carryState is what carry keeps for the next call (see carry).
type carryState struct {
	ws      []*model.Window // oldest first
	starts  []model.Date
	carried []*Carried // by window
}

// reuse fills r.Carried from st when the windows ws carry the same actions
// as st.ws (see carry), and reports whether it did. The board's entries of
// unchanged windows are the same as the previous build's (Memo keeps them),
// so only entries pointing into a replaced window are swapped for the new
// window's.
func (st *carryState) reuse(r *Report, ws []*model.Window, facts map[*model.Window]*windowFacts) bool {
	if st == nil || len(ws) != len(st.ws) {
		return false
	}
	replaced := map[*model.Window]*model.Window{}
	for i, w := range ws {
		old := st.ws[i]
		if w == old {
			continue
		}
		if len(replaced) == maxChanged || !sameCarryFacts(old, w) || facts[w].start != st.starts[i] {
			return false
		}
		replaced[old] = w
	}
	for i, w := range ws {
		c := st.carried[i]
		if c == nil {
			continue
		}
		if len(replaced) > 0 {
			var fresh *Carried
			for k, ca := range c.Actions {
				nw := replaced[ca.Window]
				if nw == nil {
					continue
				}
				if fresh == nil {
					fresh = &Carried{Actions: slices.Clone(c.Actions), More: c.More}
				}
				fresh.Actions[k].ActionRef = r.Board.ByAction[&nw.Actions[ca.Pos]]
			}
			if fresh != nil {
				c = fresh
				st.carried[i] = c
			}
		}
		r.Carried[w] = c
	}
	for i := range ws {
		st.ws[i] = ws[i]
	}
	return true
}

// sameCarryFacts reports whether two versions of a window carry the same
// actions into later windows and are carried into alike: the same systems,
// tags, and actions with the same tags and states.
func sameCarryFacts(a, b *model.Window) bool {
	if !slices.Equal(a.Systems, b.Systems) || !slices.Equal(a.Tags, b.Tags) || len(a.Actions) != len(b.Actions) {
		return false
	}
	for k := range a.Actions {
		x, y := &a.Actions[k], &b.Actions[k]
		if x.Done != y.Done || !slices.Equal(x.Tags, y.Tags) || (x.DoneOn == nil) != (y.DoneOn == nil) ||
			(x.DoneOn != nil && *x.DoneOn != *y.DoneOn) {
			return false
		}
	}
	return true
}

// openOn reports whether an action was still open on a date: not done, or done
// on or after it. Done without a date counts as done when written.
func openOn(a *model.Action, d model.Date) bool {
	if !a.Done {
		return true
	}
	return a.DoneOn != nil && !a.DoneOn.Before(d)
}
