package body

import (
	"strings"

	"github.com/wrapup/wrapup/generator/model"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// checkFreeList warns about a list outside the known sections that looks like
// one of them (docs/authoring.md, "The body: sections", Nothing is dropped
// without a word), so that nothing an author meant as data is dropped without a
// word: a flat list right under Lessons learned, or a list in a free section
// holding checkboxes, due:/done:/status tokens, or items whose every line ends
// in @handles.
func (p *parser) checkFreeList(s *section, list *ast.List) {
	switch s.Kind {
	case model.SectionLessons:
		p.warnf(list.Pos(), "the list under %q is not read: Lessons learned only groups sections, so split it into ### sub-sections such as ### What went well, ### What went wrong and ### Where we got lucky", s.Heading)
		return
	case model.SectionFree:
		if s.suggested {
			return
		}
	default:
		return
	}
	kind, why := p.listLooksLike(list)
	if kind == "" {
		return
	}
	if kind == model.SectionFree {
		// Only handles: which of the spoken sections depends on what it says.
		kind = guessSpoken(s.Heading)
	}
	if kind == model.SectionFree {
		p.warnf(list.Pos(), "the section %q is free text, but its list holds data (%s), which is not read: if it says who said what, give it the heading of a known section, such as \"What went well\", \"What went wrong\", \"Where we got lucky\" or \"Ideas\" (docs/authoring.md lists every accepted heading)",
			s.Heading, why)
		return
	}
	p.warnf(list.Pos(), "the section %q is free text, but its list holds data (%s), which is not read: it looks like the %s section, whose headings are %s",
		s.Heading, why, sectionName[kind], spellingsOf(kind))
}

// listLooksLike says which known section a free list's data belongs to and
// why: SectionNextTime for checkboxes and due:/done:, SectionTasks for
// statuses and durations, SectionFree when every line of every item ends in
// @handles; "" when the list holds no data.
func (p *parser) listLooksLike(list *ast.List) (model.SectionKind, string) {
	allHandles := list.ChildCount() > 0
	for li := list.FirstChild(); li != nil; li = li.NextSibling() {
		first := li.FirstChild()
		if first == nil {
			allHandles = false
			continue
		}
		if _, ok := first.(*ast.Paragraph); !ok {
			if _, ok := first.(*ast.TextBlock); !ok {
				allHandles = false
				continue
			}
		}
		if _, ok := first.FirstChild().(*east.TaskCheckBox); ok {
			return model.SectionNextTime, "task-list checkboxes"
		}
		f := buildFlat(first, p.src)
		toks := scanTokens(f.s)
		for _, t := range toks {
			switch {
			case t.kind == tokKey && (t.key == keyDue || t.key == keyDone):
				return model.SectionNextTime, t.key + ": dates"
			case t.kind == tokKey:
				return model.SectionTasks, t.key + ": durations"
			case t.kind == tokBracket && isStatus(t.value):
				return model.SectionTasks, "task statuses such as [" + t.value + "]"
			}
		}
		if !linesEndInHandles(f.s, toks) {
			allHandles = false
		}
	}
	if allHandles {
		return model.SectionFree, "every item ends in @handles"
	}
	return "", ""
}

// linesEndInHandles reports whether every non-empty line of s ends in a run
// of @handle tokens (tags may sit in the run).
func linesEndInHandles(s string, toks []token) bool {
	start := 0
	seen := false
	for _, line := range strings.SplitAfter(s, "\n") {
		end := start + len(line)
		trimmed := strings.TrimRight(line, " \t\n,;.")
		if trimmed == "" {
			start = end
			continue
		}
		last := start + len(trimmed)
		found := false
		for i := len(toks) - 1; i >= 0; i-- {
			t := toks[i]
			if t.end != last {
				continue
			}
			if t.kind == tokHandle {
				found = true
				break
			}
			if t.kind != tokTag {
				break
			}
			// "... @kim #db": walk back over the tags to the handle.
			last = t.start
			for last > start && isRunSep(s[last-1]) {
				last--
			}
		}
		if !found {
			return false
		}
		seen = true
		start = end
	}
	return seen
}

// guessSpoken picks the spoken section a free heading's words point at, or
// SectionFree when they point at none.
func guessSpoken(heading string) model.SectionKind {
	h := normalizeHeading(heading)
	for _, w := range []struct {
		kind  model.SectionKind
		words []string
	}{
		{model.SectionLucky, []string{"lucky", "luck", "near miss"}},
		{model.SectionWentWrong, []string{"wrong", "bad", "poor", "problem", "issue", "improve", "fail", "pain", "worse"}},
		{model.SectionWentWell, []string{"well", "good", "great", "right", "win", "success", "kudos", "positive"}},
		{model.SectionIdeas, []string{"idea", "suggest", "proposal", "wish"}},
		{model.SectionNextTime, []string{"action", "todo", "to-do", "follow", "next"}},
	} {
		for _, word := range w.words {
			if strings.Contains(h, word) {
				return w.kind
			}
		}
	}
	return model.SectionFree
}
