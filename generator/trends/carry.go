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
	// into is the window the action is carried into: what links them is
	// worked out from it and the action when asked for (Shared); held,
	// the lists were 1.5 MB at 10k windows, live the whole build.
	into *model.Window
}

// NewCarriedAction is the entry of a's action among the actions carried
// into window into.
func NewCarriedAction(a *ActionRef, into *model.Window) CarriedAction {
	return CarriedAction{ActionRef: a, into: into}
}

// Shared are the systems ("postgresql") and tags ("#testing") of the
// window the action is carried into that the action's window or the
// action carries, in the window's order (nil for none).
func (c CarriedAction) Shared() []string {
	if c.into == nil || c.ActionRef == nil {
		return nil
	}
	var out []string
	for _, s := range c.into.Systems {
		if !slices.Contains(out, s) && actionCarries(c.Window, c.Action, s) {
			out = append(out, s)
		}
	}
	for _, t := range c.into.Tags {
		if term := "#" + t; !slices.Contains(out, term) && actionCarries(c.Window, c.Action, term) {
			out = append(out, term)
		}
	}
	return out
}

// actionCarries reports whether term is among the terms of action a of
// window w (actionTermsOf), without making them.
func actionCarries(w *model.Window, a *model.Action, term string) bool {
	if windowCarries(w, term) {
		return true
	}
	tag, ok := cutHash(term)
	return ok && slices.Contains(a.Tags, tag)
}

// windowCarries reports whether term is one of window w's systems or
// "#"-tags: terms every action of w carries.
func windowCarries(w *model.Window, term string) bool {
	if slices.Contains(w.Systems, term) {
		return true
	}
	tag, ok := cutHash(term)
	return ok && slices.Contains(w.Tags, tag)
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
	for i := range ws {
		w := ws[i]
		for k := range w.Actions {
			ref := r.Board.ByAction[&w.Actions[k]]
			if ref == nil {
				continue
			}
			for _, t := range actionTermsOf(w, ref.Action) {
				byTerm[t] = append(byTerm[t], ref)
			}
		}
	}
	for i, w := range ws {
		older := func(term string, yield func(ref *ActionRef, at int) bool) {
			list := byTerm[term]
			// The last action of a window before this one.
			hi, _ := slices.BinarySearchFunc(list, i, func(ref *ActionRef, i int) int { return index[ref.Window] - i })
			for k := hi - 1; k >= 0; k-- {
				if !yield(list[k], index[list[k].Window]) {
					return
				}
			}
		}
		if c := carriedInto(w, facts[w].start, older); c != nil {
			r.Carried[w] = c
		}
	}
}

// carriedOne is carry for window i of ws (oldest first) alone: it walks the
// windows before it instead of an index of every window's actions. refsOf
// gives a window's board entries (windowRefs).
func carriedOne(ws []*model.Window, i int, start model.Date, refsOf func(w *model.Window) []*ActionRef) *Carried {
	older := func(term string, yield func(ref *ActionRef, at int) bool) {
		for j := i - 1; j >= 0; j-- {
			w := ws[j]
			if !carries(w, term) {
				continue
			}
			refs := refsOf(w)
			for k := len(w.Actions) - 1; k >= 0; k-- {
				if actionCarries(w, &w.Actions[k], term) && !yield(refs[k], j) {
					return
				}
			}
		}
	}
	return carriedInto(ws[i], start, older)
}

// carries reports whether one of window w's actions has the term among its
// terms (actionTermsOf), without making them.
func carries(w *model.Window, term string) bool {
	if len(w.Actions) == 0 {
		return false
	}
	if windowCarries(w, term) {
		return true
	}
	tag, ok := cutHash(term)
	if !ok {
		return false
	}
	for k := range w.Actions {
		if slices.Contains(w.Actions[k].Tags, tag) {
			return true
		}
	}
	return false
}

func cutHash(term string) (string, bool) {
	if len(term) > 0 && term[0] == '#' {
		return term[1:], true
	}
	return "", false
}

// actionTermsOf are the terms an action of window w carries: the window's
// systems and tags and the action's own tags ("#testing").
func actionTermsOf(w *model.Window, a *model.Action) []string {
	var terms []string
	terms = append(terms, w.Systems...)
	for _, t := range w.Tags {
		terms = append(terms, "#"+t)
	}
	for _, t := range a.Tags {
		terms = append(terms, "#"+t)
	}
	return uniq(terms)
}

// carriedInto picks the actions carried into window w, which started on
// start: for each of its systems and tags, the newest CarriedShown actions
// still open on start that older yields (the actions of earlier windows
// carrying the term, newest window first, each with its window's place in
// the windows, oldest first, and its terms). It is nil when there are none.
func carriedInto(w *model.Window, start model.Date, older func(term string, yield func(ref *ActionRef, at int) bool)) *Carried {
	var terms []string
	terms = append(terms, w.Systems...)
	for _, t := range w.Tags {
		terms = append(terms, "#"+t)
	}
	terms = uniq(terms)
	type pick struct {
		ref *ActionRef
		at  int
	}
	var found []pick
	chosen := map[*ActionRef]bool{}
	more := false
	for _, term := range terms {
		taken := 0
		older(term, func(ref *ActionRef, at int) bool {
			if !openOn(ref.Action, start) {
				return true
			}
			if taken == CarriedShown {
				more = true
				return false
			}
			taken++
			if !chosen[ref] {
				chosen[ref] = true
				found = append(found, pick{ref, at})
			}
			return true
		})
	}
	if len(found) == 0 {
		return nil
	}
	slices.SortStableFunc(found, func(a, b pick) int {
		if d := b.at - a.at; d != 0 {
			return d
		}
		return a.ref.Pos - b.ref.Pos
	})
	if len(found) > CarriedShown {
		found, more = found[:CarriedShown], true
	}
	// One per window, live as long as the report: made to size.
	c := &Carried{More: more, Actions: make([]CarriedAction, len(found))}
	for k, p := range found {
		c.Actions[k] = CarriedAction{ActionRef: p.ref, into: w}
	}
	return c
}

// openOn reports whether an action was still open on a date: not done, or done
// on or after it. Done without a date counts as done when written.
func openOn(a *model.Action, d model.Date) bool {
	if !a.Done {
		return true
	}
	return a.DoneOn != nil && !a.DoneOn.Before(d)
}
