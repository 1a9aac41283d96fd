package trends

import (
	"strings"
	"time"

	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/internal/par"
)

// Memo keeps what Compute works out from each window alone (the stems of its
// went-wrong items and ideas, its quarter), for a caller that computes the
// report again and again over mostly the same windows: the dev server, where
// an edit replaces one parsed window and keeps every other one. Windows are
// never modified after parsing, so a window's facts are found by its
// address. Stemming every went-wrong item and idea was most of Compute's
// time at 10k windows.
//
// The zero Memo is not usable; a nil *Memo computes everything afresh. A
// Memo is not safe for concurrent use.
type Memo struct {
	loc     *time.Location
	windows map[*model.Window]*windowFacts
	relate  *relateState
	// today is the date refs and carry were made for.
	today model.Date
	refs  map[*model.Window][]*ActionRef
	carry *carryState
	parts *partsState
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo {
	return &Memo{windows: map[*model.Window]*windowFacts{}, refs: map[*model.Window][]*ActionRef{}}
}

// windowFacts is what the report needs of one window that depends on the
// window alone (and the site timezone).
type windowFacts struct {
	quarter Quarter
	start   model.Date // the start date, in the site timezone
	// wrongStems are the distinct stems of the went-wrong items' words, in
	// the order they first appear, each with the word it first came from.
	wrongStems []stemWord
	// ideaKeys are the ideas' sorted stems joined by spaces, one per idea.
	ideaKeys []string
}

type stemWord struct{ stem, word string }

func newFacts(w *model.Window, loc *time.Location) *windowFacts {
	f := &windowFacts{quarter: QuarterOf(w.Start, loc), start: model.DateOf(w.Start, loc)}
	seen := map[string]bool{}
	for _, it := range w.WentWrong {
		for _, word := range words(it.Text) {
			st := stem(word)
			if !seen[st] {
				seen[st] = true
				f.wrongStems = append(f.wrongStems, stemWord{st, word})
			}
		}
	}
	f.ideaKeys = make([]string, len(w.Ideas))
	for i := range w.Ideas {
		f.ideaKeys[i] = strings.Join(sortedStems(w.Ideas[i].Text), " ")
	}
	return f
}

// factsOf returns the facts of every window, in the order of windows, using
// and refreshing m. Windows m has not seen are worked out on every core;
// windows no longer given are forgotten.
func (m *Memo) factsOf(windows []*model.Window, loc *time.Location) map[*model.Window]*windowFacts {
	if m == nil {
		m = NewMemo()
	}
	// Each build parses the configuration anew: the same zone comes back
	// as another *time.Location with the same name.
	if m.loc == nil || m.loc.String() != loc.String() {
		m.loc, m.windows, m.relate = loc, map[*model.Window]*windowFacts{}, nil
		m.refs, m.carry, m.parts = map[*model.Window][]*ActionRef{}, nil, nil
	}
	facts := make(map[*model.Window]*windowFacts, len(windows))
	var todo []*model.Window
	for _, w := range windows {
		if f := m.windows[w]; f != nil {
			facts[w] = f
		} else {
			todo = append(todo, w)
		}
	}
	made := make([]*windowFacts, len(todo))
	par.Do(len(todo), func(i int) { made[i] = newFacts(todo[i], loc) })
	for i, w := range todo {
		facts[w] = made[i]
	}
	m.windows = facts
	return facts
}
