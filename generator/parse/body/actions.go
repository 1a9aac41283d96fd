package body

import (
	"github.com/wrapup/wrapup/generator/model"
	"github.com/yuin/goldmark/ast"
)

func (p *parser) action(li ast.Node, num int) model.Action {
	info, rest := p.item(li, ctxAction)
	a := model.Action{
		Anchor: numbered("action-%d", num),
		Text:   info.text,
		Owners: info.handles,
		Tags:   info.tags,
		Due:    info.due,
		Done:   info.checked,
		DoneOn: info.done,
		Line:   int32(p.line(li.Pos())),
	}
	if d := p.render(rest...); d != "" || info.html != a.Text {
		a.More = &model.ActionMore{DetailHTML: d}
		if info.html != a.Text {
			a.More.HTML, a.More.OwnHTML = info.html, true
		}
	}
	if info.done != nil && !info.checked {
		p.errorf(info.doneOff, "done:%s is on an open action: tick it (- [x]) or remove done:", info.done)
	}
	start := p.opts.Start
	if info.due != nil && p.opts.Held && start.Year != 0 && info.due.Before(start) {
		p.warnf(info.dueOff, "due date %s is before the window's start (%s): check the date", info.due, start)
	}
	return a
}
