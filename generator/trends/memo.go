package trends

import (
	"hash/maphash"
	"slices"
	"strings"
	"time"

	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/internal/memo"
	"github.com/wrapup/wrapup/internal/par"
)

// Memo keeps what Compute works out, for a caller that computes the report
// again and again over mostly the same windows: the dev server, where an
// edit replaces one parsed window and keeps every other one. What each
// window alone gives (the stems of its went-wrong items and ideas, its
// quarter) is kept in the generic memo by window id, with the window's
// revision as its facts: stemming every went-wrong item and idea was most
// of Compute's time at 10k windows.
//
// The zero Memo is not usable; a nil *Memo computes everything afresh. A
// Memo is not safe for concurrent use.
type Memo struct {
	// revision is the caller's revision of a window: two windows with the
	// same revision are the same parsed value. ok is false for a window
	// the caller does not know, whose facts are then not kept.
	revision func(w *model.Window) (rev uint64, ok bool)
	seed     maphash.Seed
	loc      *time.Location
	facts    *memo.Memo[string, *windowFacts]
	windows  map[*model.Window]*windowFacts // the last report's windows' facts
	relate   *relateState
	// The parts that span windows, as plans (plans.go), each kept with
	// the facts it is made of.
	matrices *memo.Memo[model.SectionKind, *matrixPlan]
	ideas    *memo.Memo[string, *ideasPlan]
	lessons  *memo.Memo[string, *lessonsPlan]
	board    *memo.Memo[string, *boardPlan]
	carry    *memo.Memo[string, *carryPlan]
}

// NewMemo returns an empty Memo that tells windows apart by revision.
func NewMemo(revision func(w *model.Window) (rev uint64, ok bool)) *Memo {
	m := &Memo{revision: revision, seed: maphash.MakeSeed()}
	m.reset(nil)
	return m
}

// reset forgets everything, for a report in the time zone loc.
func (m *Memo) reset(loc *time.Location) {
	m.loc, m.windows, m.relate = loc, map[*model.Window]*windowFacts{}, nil
	m.facts = memo.New[string, *windowFacts]()
	m.matrices = memo.New[model.SectionKind, *matrixPlan]()
	m.ideas = memo.New[string, *ideasPlan]()
	m.lessons = memo.New[string, *lessonsPlan]()
	m.board = memo.New[string, *boardPlan]()
	m.carry = memo.New[string, *carryPlan]()
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
	sigs     sigs
}

type stemWord struct{ stem, word string }

func newFacts(w *model.Window, loc *time.Location, seed maphash.Seed) *windowFacts {
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
	f.sigs = newSigs(seed, w, f)
	return f
}

// factsOf returns the facts of every window, using and refreshing m.
// Windows whose facts m does not hold are worked out on every core.
func (m *Memo) factsOf(windows []*model.Window, loc *time.Location) map[*model.Window]*windowFacts {
	if m == nil {
		m = NewMemo(func(*model.Window) (uint64, bool) { return 0, false })
	}
	// Each build parses the configuration anew: the same zone comes back
	// as another *time.Location with the same name.
	if m.loc == nil || m.loc.String() != loc.String() {
		m.reset(loc)
	}
	made := make([]*windowFacts, len(windows))
	par.Do(len(windows), func(i int) {
		w := windows[i]
		rev, ok := m.revision(w)
		if !ok {
			made[i] = newFacts(w, loc, m.seed)
			return
		}
		made[i] = m.facts.Get(w.ID, rev, func() *windowFacts { return newFacts(w, loc, m.seed) })
	})
	m.facts.Sweep()
	facts := make(map[*model.Window]*windowFacts, len(windows))
	for i, w := range windows {
		facts[w] = made[i]
	}
	m.windows = facts
	return facts
}

// matrixOf is matrix, kept in m by the facts it is made of.
func (m *Memo) matrixOf(windows []*model.Window, kind model.SectionKind, facts map[*model.Window]*windowFacts) *Matrix {
	if m == nil {
		return matrix(windows, kind, facts)
	}
	k := slices.Index(lessonKinds, kind)
	f := partFacts(windows, facts, func(s *sigs) uint64 { return s.matrix[k] })
	return m.matrices.Get(kind, f, func() *matrixPlan { return planMatrix(windows, matrix(windows, kind, facts)) }).bind(windows)
}

// repeatedOf is repeatedIdeas, kept in m by the facts they are made of.
func (m *Memo) repeatedOf(windows []*model.Window, facts map[*model.Window]*windowFacts) []*IdeaGroup {
	if m == nil {
		return repeatedIdeas(windows, facts)
	}
	f := partFacts(windows, facts, func(s *sigs) uint64 { return s.ideas })
	return m.ideas.Get("", f, func() *ideasPlan { return planIdeas(windows, repeatedIdeas(windows, facts)) }).bind(windows)
}

// lessonsOf is lessons, kept in m by the facts they are made of: those of
// the four matrices.
func (m *Memo) lessonsOf(windows []*model.Window, facts map[*model.Window]*windowFacts) *Lessons {
	if m == nil {
		return lessons(windows, facts)
	}
	f := partFacts(windows, facts, func(s *sigs) uint64 {
		var d digest
		for _, x := range s.matrix {
			d.uint(x)
		}
		return d.h
	})
	return m.lessons.Get("", f, func() *lessonsPlan { return planLessons(windows, lessons(windows, facts)) }).bind(windows)
}

// boardOf is board, kept in m by the facts it is made of and today.
func (m *Memo) boardOf(windows []*model.Window, today model.Date, facts map[*model.Window]*windowFacts) *Board {
	if m == nil {
		return board(windows, today, facts)
	}
	f := partFacts(windows, facts, func(s *sigs) uint64 { return s.board },
		uint64(today.Year)<<16|uint64(today.Month)<<8|uint64(today.Day))
	return m.board.Get("", f, func() *boardPlan { return planBoard(windows, board(windows, today, facts)) }).bind(windows, today, facts)
}

// carryOf fills r.Carried (carry), kept in m by the facts it is made of.
// It needs r.Board.
func (m *Memo) carryOf(r *Report, windows []*model.Window, facts map[*model.Window]*windowFacts) {
	if m == nil {
		carry(r, windows, facts)
		return
	}
	f := partFacts(windows, facts, func(s *sigs) uint64 { return s.carry })
	plan := m.carry.Get("", f, func() *carryPlan {
		carry(r, windows, facts)
		p := planCarry(windows, r.Carried)
		clear(r.Carried)
		return p
	})
	plan.bind(windows, r.Board, r.Carried)
}
