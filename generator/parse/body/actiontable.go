package body

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/wrapup/wrapup/generator/model"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// columnKind is what a column of an action table holds (FORMAT.md rule 30).
type columnKind int

const (
	colExtra columnKind = iota // any other column: kept and shown with the action
	colAction
	colOwner
	colDue
	colStatus
	colDoneOn
)

// columnSpellings are the accepted headers of each column kind, matched on
// normalizeHeading.
var columnSpellings = func() map[string]columnKind {
	m := map[string]columnKind{}
	for kind, names := range map[columnKind][]string{
		colAction: {"Action", "Action item", "Item", "Task", "What", "Description"},
		colOwner:  {"Owner", "Owners", "Who", "Assignee", "Responsible"},
		colDue:    {"Due", "Due date", "Deadline", "When", "Target date"},
		colStatus: {"Status", "State", "Done"},
		colDoneOn: {"Done on", "Closed", "Completed on"},
	} {
		for _, n := range names {
			m[normalizeHeading(n)] = kind
		}
	}
	return m
}()

// Status cell values (rule 30), matched lower-cased with white space collapsed.
var (
	statusDone = map[string]bool{"done": true, "closed": true, "complete": true, "completed": true, "fixed": true,
		"resolved": true, "yes": true, "[x]": true, "✓": true, "✅": true}
	statusOpen = map[string]bool{"": true, "open": true, "todo": true, "to do": true, "in progress": true,
		"blocked": true, "no": true, "[ ]": true}
)

// handleRe is the form of a handle after folding (FORMAT.md: handles).
var handleRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// ownerSplit separates the names of an owner cell: "@kim, Jane Doe & raj".
var ownerSplit = regexp.MustCompile(`\s*(?:[,;/&+]|\band\b)\s*`)

// actionTable reads a GFM table at the top level of a next-time section: one
// action per row. Without an action column the table is not read (a warning)
// and false is returned, so that the table is rendered as narrative.
func (p *parser) actionTable(table *east.Table) (model.Part, bool) {
	head, ok := table.FirstChild().(*east.TableHeader)
	if !ok {
		return model.Part{}, false
	}
	var kinds []columnKind
	var names []string
	action, seen := -1, map[columnKind]bool{}
	for c := head.FirstChild(); c != nil; c = c.NextSibling() {
		name := plainInline(c, p.src)
		kind := columnSpellings[normalizeHeading(name)]
		if kind != colExtra && seen[kind] {
			kind = colExtra // a second owner column is shown, not read
		}
		seen[kind] = true
		if kind == colAction {
			action = len(kinds)
		}
		kinds, names = append(kinds, kind), append(names, name)
	}
	if action < 0 {
		p.warnf(table.Pos(), "this table in a next-time section has no action column, so it makes no actions: name the column that says what to do Action (or Action item, Item, Task, What, Description)")
		return model.Part{}, false
	}
	part := model.Part{List: true, From: len(p.res.Actions)}
	for row := head.NextSibling(); row != nil; row = row.NextSibling() {
		if _, ok := row.(*east.TableRow); !ok {
			continue
		}
		cells := make([]ast.Node, len(kinds))
		i := 0
		for c := row.FirstChild(); c != nil && i < len(kinds); c = c.NextSibling() {
			cells[i] = c
			i++
		}
		if a, ok := p.tableAction(cells, kinds, names, action, len(p.res.Actions)+1, row.Pos()); ok {
			p.res.Actions = append(p.res.Actions, a)
		}
	}
	part.To = len(p.res.Actions)
	return part, true
}

// tableAction makes the action of one row; false for a row whose action cell
// is empty.
func (p *parser) tableAction(cells []ast.Node, kinds []columnKind, names []string, action, num, rowOff int) (model.Action, bool) {
	cell := cells[action]
	if cell == nil || cell.ChildCount() == 0 {
		for _, c := range cells {
			if c != nil && plainInline(c, p.src) != "" {
				p.warnf(rowOff, "this row of the action table has no action, so it is not read: write what to do in its %s cell", names[action])
				break
			}
		}
		return model.Action{}, false
	}
	var info itemInfo
	info.handles, info.tags = []string{}, []string{}
	p.tokens(cell, ctxAction, &info)
	a := model.Action{
		Anchor: fmt.Sprintf("action-%d", num),
		Text:   plainInline(cell, p.src),
		HTML:   strings.TrimSpace(p.render(children(cell)...)),
		Owners: info.handles,
		Tags:   info.tags,
		Due:    info.due,
		DoneOn: info.done,
		Line:   p.line(rowOff),
		Extra:  []model.Cell{},
	}
	statusSeen := false
	for i, c := range cells {
		if i == action || c == nil {
			continue
		}
		value := collapse(plainInline(c, p.src))
		off := c.Pos()
		switch kinds[i] {
		case colOwner:
			p.tableOwners(value, off, &a.Owners)
		case colDue:
			if value == "" {
				continue
			}
			if a.Due != nil {
				p.errorf(off, "a second due date in one action: the action cell has due:%s and the %s column %q; keep one", a.Due, names[i], value)
				continue
			}
			if d, ok := parseDate(value); ok {
				a.Due = &d
			} else {
				p.warnf(off, "%s %q is not a date, so this action has no due date: write it as YYYY-MM-DD", names[i], value)
			}
		case colDoneOn:
			if value == "" {
				continue
			}
			if a.DoneOn != nil {
				p.errorf(off, "a second done date in one action: the action cell has done:%s and the %s column %q; keep one", a.DoneOn, names[i], value)
				continue
			}
			if d, ok := parseDate(value); ok {
				a.DoneOn = &d
			} else {
				p.warnf(off, "%s %q is not a date, so this action has no done date: write it as YYYY-MM-DD", names[i], value)
			}
		case colStatus:
			statusSeen = true
			v := strings.ToLower(strings.ReplaceAll(value, "\ufe0f", ""))
			switch {
			case statusDone[v]:
				a.Done = true
			case statusOpen[v]:
			default:
				p.warnf(off, "%s %q is neither done nor open, so the action counts as open: write done (or closed, completed, fixed, resolved, yes, ✅) or open (or todo, in progress, blocked, no, or leave it empty)", names[i], value)
			}
		default:
			a.Extra = append(a.Extra, model.Cell{Column: names[i], Text: value, HTML: strings.TrimSpace(p.render(children(c)...))})
		}
	}
	if !statusSeen && a.DoneOn != nil {
		a.Done = true // a done date with no status column says it was done
	}
	if statusSeen && !a.Done && a.DoneOn != nil {
		p.warnf(rowOff, "this action is open but has a done date (%s): mark it done in its status column or remove the date", a.DoneOn)
	}
	start := p.opts.Start
	if a.Due != nil && p.opts.Held && start.Year != 0 && a.Due.Before(start) {
		p.warnf(rowOff, "due date %s is before the window's start (%s): check the date", a.Due, start)
	}
	return a, true
}

// tableOwners adds the owners an owner cell names: @handles, or handles or
// people.yaml names written without @. A name that is neither is a warning.
func (p *parser) tableOwners(value string, off int, owners *[]string) {
	for _, name := range ownerSplit.Split(value, -1) {
		name = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), "@"))
		if name == "" {
			continue
		}
		if p.opts.PersonByName != nil {
			if h, ok := p.opts.PersonByName(name); ok {
				addOnce(owners, h)
				continue
			}
		}
		if h := strings.ToLower(name); handleRe.MatchString(h) {
			addOnce(owners, h)
			continue
		}
		p.warnf(off, "owner %q is not a handle or a name in content/people.yaml, so the action does not name them: write their @handle, or add them to people.yaml", name)
	}
}

// children returns n's child nodes.
func children(n ast.Node) []ast.Node {
	var out []ast.Node
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		out = append(out, c)
	}
	return out
}
