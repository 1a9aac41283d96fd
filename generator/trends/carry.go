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
func carry(r *Report, windows []*model.Window, facts map[*model.Window]*windowFacts) {
	ws := oldestFirst(windows)
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
}

// openOn reports whether an action was still open on a date: not done, or done
// on or after it. Done without a date counts as done when written.
func openOn(a *model.Action, d model.Date) bool {
	if !a.Done {
		return true
	}
	return a.DoneOn != nil && !a.DoneOn.Before(d)
}
