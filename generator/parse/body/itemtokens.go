package body

import (
	"regexp"
	"strconv"
	"time"

	"github.com/wrapup/wrapup/generator/model"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

var (
	durationRe = regexp.MustCompile(`^(?:([0-9]+)h)?(?:([0-9]+)m)?$`)
	dateRe     = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
)

// parseDuration reads a duration token's value in minutes (docs/authoring.md,
// "Markers inside list items", Durations).
func parseDuration(v string) (int, bool) {
	m := durationRe.FindStringSubmatch(v)
	if m == nil || m[1] == "" && m[2] == "" || len(v) > 12 {
		return 0, false
	}
	total := 0
	if m[1] != "" {
		h, _ := strconv.Atoi(m[1])
		total += 60 * h
	}
	if m[2] != "" {
		n, _ := strconv.Atoi(m[2])
		total += n
	}
	return total, total > 0
}

// parseDate reads a YYYY-MM-DD date that exists.
func parseDate(v string) (model.Date, bool) {
	if !dateRe.MatchString(v) {
		return model.Date{}, false
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return model.Date{}, false
	}
	return model.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, true
}

// keyHome says whether a key:value token means something in ctx.
func keyHome(key string, ctx ctxKind) bool {
	switch key {
	case keyPlanned, keyActual:
		return ctx == ctxTask
	default:
		return ctx == ctxAction
	}
}

// tokens reads the tokens of an item's first paragraph into info, reports the
// bad ones, and edits the paragraph's AST for display (docs/authoring.md,
// "Markers inside list items", How the text reads afterwards): a trailing run
// of tokens goes, with the spaces and , ; . between them; inside the sentence a
// handle or tag loses its sigil, a status or key:value goes. Raw HTML and the
// checkbox of an action go too.
func (p *parser) tokens(para ast.Node, ctx ctxKind, info *itemInfo) {
	if cb, ok := para.FirstChild().(*east.TaskCheckBox); ok {
		switch ctx {
		case ctxAction:
			info.checked = cb.IsChecked
			para.RemoveChild(para, cb)
		case ctxTask, ctxStep:
			info.statusSeen = true
			if cb.IsChecked {
				p.errorf(cb.Pos(), "[x] is not a task status: use [done]")
			} else {
				p.errorf(cb.Pos(), "[ ] is not a task status: remove it, or write one of %s", statusList())
			}
			para.RemoveChild(para, cb)
		}
	}
	f := buildFlat(para, p.src)
	toks := scanTokens(f.s)
	kept := toks[:0]
	for _, t := range toks {
		off := f.srcOffset(t.start)
		raw := t.raw(f.s)
		switch t.kind {
		case tokHandle:
			addOnce(&info.handles, t.value)
		case tokTag:
			addOnce(&info.tags, t.value)
		case tokBracket:
			if ctx == ctxTask || ctx == ctxStep {
				switch {
				case info.statusSeen:
					p.errorf(off, "second status %s in %s: keep one", raw, ctx)
				case !isStatus(t.value):
					p.unknownStatus(off, t.value)
				default:
					info.status, _ = knownStatus(t.value)
				}
				info.statusSeen = true
			} else if isStatus(t.value) {
				hint := "statuses go on tasks only; remove it"
				if ctx == ctxAction {
					hint = "statuses go on tasks only; mark a done action with - [x] and done:YYYY-MM-DD"
				}
				p.errorf(off, "%s means nothing in %s: %s", raw, ctx, hint)
			} else {
				continue // a bracketed word outside tasks is text
			}
		case tokKeyEmpty:
			if keyHome(t.key, ctx) || ctx == ctxStep && (t.key == keyPlanned || t.key == keyActual) {
				p.errorf(off, "%s: needs its value right after the colon, with no space: e.g. %s", t.key, keyExample(t.key))
			}
			continue
		case tokKey:
			p.keyToken(t, raw, off, ctx, info)
		}
		kept = append(kept, t)
	}
	if len(kept) > 0 {
		applyEdits(&f, editsFor(f.s, kept))
	}
	dropRawHTML(para)
}

func keyExample(key string) string {
	switch key {
	case keyPlanned, keyActual:
		return key + ":45m or " + key + ":1h30m"
	}
	return key + ":2013-02-10"
}

func (p *parser) keyToken(t token, raw string, off int, ctx ctxKind, info *itemInfo) {
	if !keyHome(t.key, ctx) {
		switch {
		case ctx == ctxStep && (t.key == keyPlanned || t.key == keyActual):
			p.errorf(off, "%s on a step: durations go on the task, not on its steps; move it to the task's first line", raw)
		case t.key == keyPlanned || t.key == keyActual:
			p.errorf(off, "%s means nothing in %s: durations go on tasks; remove it", raw, ctx)
		default:
			p.errorf(off, "%s means nothing in %s: due: and done: dates go on next-time actions; remove it", raw, ctx)
		}
		return
	}
	if info.seen == nil {
		info.seen = map[string]bool{}
	}
	if info.seen[t.key] {
		p.errorf(off, "second %s: in %s: keep one", t.key, ctx)
		return
	}
	info.seen[t.key] = true
	switch t.key {
	case keyPlanned, keyActual:
		d, ok := parseDuration(t.value)
		if !ok {
			p.errorf(off, "bad duration %s: write hours and minutes above zero, e.g. %s", raw, keyExample(t.key))
			return
		}
		if t.key == keyPlanned {
			info.planned = &d
			return
		}
		if !p.opts.Held {
			p.errorf(off, "actual: in a planned window: the window has not been held yet (no end in the front matter); remove %s or add end:", raw)
		}
		info.actual, info.actualOff = &d, off
	case keyDue, keyDone:
		d, ok := parseDate(t.value)
		if !ok {
			p.errorf(off, "bad date %s: write a real date as %s:YYYY-MM-DD", raw, t.key)
			return
		}
		if t.key == keyDue {
			info.due, info.dueOff = &d, off
			return
		}
		info.done, info.doneOff = &d, off
	}
}
