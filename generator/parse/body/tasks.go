package body

import (
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/yuin/goldmark/ast"
)

func (p *parser) task(li ast.Node, num int) model.Task {
	t := model.Task{
		Number: int32(num),
		Anchor: numbered("task-%d", num),
		Line:   int32(p.line(li.Pos())),
		Steps:  []model.Step{},
	}
	info, rest := p.item(li, ctxTask)
	t.Title, t.Owners = info.text, info.handles
	t.Status, t.PlannedMinutes, t.ActualMinutes = info.status, info.planned, info.actual
	if p.opts.Held && !info.statusSeen {
		p.errorf(li.Pos(), "task %d has no status: in a held window every task needs one; add one of %s to its first line, e.g. [done]", num, statusList())
	}
	if t.Status == model.StatusDropped && info.actual != nil {
		p.errorf(info.actualOff, "task %d is [dropped] but has actual:, a dropped task never ran: remove actual: or change the status", num)
	}
	var detail []ast.Node
	for _, c := range rest {
		if l, ok := c.(*ast.List); ok && l.IsOrdered() {
			t.Steps = slices.Grow(t.Steps, l.ChildCount())
			for s := l.FirstChild(); s != nil; s = s.NextSibling() {
				t.Steps = append(t.Steps, p.step(s, num, len(t.Steps)+1))
			}
			continue
		}
		detail = append(detail, c)
	}
	if d := p.render(detail...); d != "" || len(info.tags) > 0 || info.html != t.Title {
		t.More = &model.TaskMore{DetailHTML: d, Tags: info.tags}
		if info.html != t.Title {
			t.More.TitleHTML, t.More.OwnTitleHTML = info.html, true
		}
	}
	return t
}

func (p *parser) step(li ast.Node, task, num int) model.Step {
	info, rest := p.item(li, ctxStep)
	s := model.Step{
		Number:    numbered("%d.%d", task, num),
		Anchor:    numbered("task-%d-%d", task, num),
		Title:     info.text,
		TitleHTML: info.html,
		Owners:    info.handles,
		Line:      p.line(li.Pos()),
	}
	if d := p.render(rest...); d != "" || len(info.tags) > 0 || info.status != "" {
		s.More = &model.StepMore{DetailHTML: d, Tags: info.tags, Status: info.status}
	}
	return s
}

func (p *parser) unknownStatus(off int, word string) {
	if word == "x" {
		p.errorf(off, "[x] is not a task status: use [done]")
		return
	}
	if s := statusSuggestion(word); s != "" {
		p.errorf(off, "unknown task status [%s]: did you mean [%s]? A status is one of %s (a link needs a URL: [text](url))", word, s, statusList())
		return
	}
	p.errorf(off, "unknown task status [%s]: use one of %s (a link needs a URL: [text](url))", word, statusList())
}

// statusSuggestion returns the known status an unknown bracketed word in a task
// most likely means, or "".
func statusSuggestion(word string) string {
	switch word {
	case "x", "ok", "complete", "completed", "finished", "success", "succeeded", "yes":
		return model.StatusDone
	case "skipped", "skip", "cancelled", "canceled", "removed", "postponed":
		return model.StatusDropped
	case "rollback", "rolledback", "rolled_back", "reverted", "revert":
		return model.StatusRolledBack
	case "fail", "error", "broken":
		return model.StatusFailed
	case "partly", "partially", "part":
		return model.StatusPartial
	}
	best, bestDist := "", 3
	for _, s := range model.Statuses {
		if d := levenshtein.ComputeDistance(word, s); d < bestDist {
			best, bestDist = s, d
		}
	}
	return best
}

func isStatus(word string) bool {
	_, ok := knownStatus(word)
	return ok
}

// knownStatus returns the model's own string for a status word: the word is
// cut out of the item's flat text, which it would keep alive for the whole
// build.
func knownStatus(word string) (string, bool) {
	for _, s := range model.Statuses {
		if s == word {
			return s, true
		}
	}
	return "", false
}

// statusList is "[done], [partial], [failed], [rolled-back] or [dropped]".
func statusList() string {
	var b strings.Builder
	for i, s := range model.Statuses {
		switch {
		case i == len(model.Statuses)-1:
			b.WriteString(" or ")
		case i > 0:
			b.WriteString(", ")
		}
		b.WriteString("[" + s + "]")
	}
	return b.String()
}
