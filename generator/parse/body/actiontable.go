package body

import (
	"regexp"
	"strings"

	"github.com/wrapup/wrapup/generator/model"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// columnKind is what a column of an action table holds (docs/authoring.md,
// "Action tables").
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

// Status cell values (docs/authoring.md, "Action tables"), matched lower-cased
// with white space collapsed.
var (
	statusDone = map[string]bool{"done": true, "closed": true, "complete": true, "completed": true, "fixed": true,
		"resolved": true, "yes": true, "[x]": true, "✓": true, "✅": true}
	statusOpen = map[string]bool{"": true, "open": true, "todo": true, "to do": true, "in progress": true,
		"blocked": true, "no": true, "[ ]": true}
)

// handleRe is the form of a handle after folding (docs/authoring.md, "Front
// matter").
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
	part := model.Part{List: true, From: int32(len(p.res.Actions))}
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
	part.To = int32(len(p.res.Actions))
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
		Anchor: numbered("action-%d", num),
		Text:   plainInline(cell, p.src),
		Owners: info.handles,
		Tags:   info.tags,
		Due:    info.due,
		DoneOn: info.done,
		Line:   int32(p.line(rowOff)),
	}
	html := strings.TrimSpace(p.render(children(cell)...))
	var extra []model.Cell
	statusSeen := false
	boldStatus := "" // a **DONE** or **TODO** ending another cell, as Google's template writes it
	// keep shows a cell the action could not read with the action, as
	// written, so the page still says what the author wrote there.
	keep := func(i int, c ast.Node, value string) {
		extra = append(extra, model.Cell{Column: names[i], Text: value, HTML: strings.TrimSpace(p.render(children(c)...))})
	}
	// dateCell reads a due or done-on cell into *dst: a second date for the
	// same action is an error, a cell that is not a date a warning (the
	// cell is then kept, as written, with the action).
	dateCell := func(dst **model.Date, what string, i int, c ast.Node, value string, off int) {
		if value == "" {
			return
		}
		if *dst != nil {
			p.errorf(off, "a second %s date in one action: the action cell has %s:%s and the %s column %q; keep one", what, what, *dst, names[i], value)
			return
		}
		if d, ok := parseDate(value); ok {
			*dst = &d
		} else {
			p.warnf(off, "%s %q is not a date, so this action has no %s date: write it as YYYY-MM-DD", names[i], value, what)
			keep(i, c, value)
		}
	}
	for i, c := range cells {
		if i == action || c == nil {
			continue
		}
		value := collapse(plainInline(c, p.src))
		off := c.Pos()
		switch kinds[i] {
		case colOwner:
			if !p.tableOwners(value, off, &a.Owners) {
				keep(i, c, value)
			}
		case colDue:
			dateCell(&a.Due, "due", i, c, value, off)
		case colDoneOn:
			dateCell(&a.DoneOn, "done", i, c, value, off)
		case colStatus:
			statusSeen = true
			v := strings.ToLower(strings.ReplaceAll(value, "\ufe0f", ""))
			switch {
			case statusDone[v]:
				a.Done = true
			case statusOpen[v]:
			default:
				p.warnf(off, "%s %q is neither done nor open, so the action counts as open: write done (or closed, completed, fixed, resolved, yes, ✅) or open (or todo, in progress, blocked, no, or leave it empty)", names[i], value)
				keep(i, c, value)
			}
		default:
			if boldStatus == "" {
				boldStatus = trailingBoldStatus(c, p.src)
			}
			keep(i, c, value)
		}
	}
	if !statusSeen && boldStatus != "" {
		a.Done = statusDone[boldStatus]
		statusSeen = true
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
	if len(extra) > 0 || html != a.Text {
		a.More = &model.ActionMore{Extra: extra}
		if html != a.Text {
			a.More.HTML, a.More.OwnHTML = html, true
		}
	}
	return a, true
}

// trailingBoldStatus returns the status word a cell ends with in bold, as
// Google's SRE template writes it in its Bug column ("Bug 5554823 **TODO**",
// "n/a **DONE**"), lower-cased; "" when the cell ends otherwise.
func trailingBoldStatus(cell ast.Node, src []byte) string {
	last := cell.LastChild()
	for last != nil {
		if t, ok := last.(*ast.Text); ok && strings.TrimSpace(string(t.Segment.Value(src))) == "" {
			last = last.PreviousSibling()
			continue
		}
		break
	}
	em, ok := last.(*ast.Emphasis)
	if !ok || em.Level != 2 {
		return ""
	}
	v := strings.ToLower(collapse(plainInline(em, src)))
	if v != "" && (statusDone[v] || statusOpen[v]) {
		return v
	}
	return ""
}

// ownerSeparators turn an e-mail address's local part into a name:
// jane.doe@example.com is Jane Doe.
var ownerSeparators = strings.NewReplacer(".", " ", "_", " ", "-", " ")

// tableOwners adds the owners an owner cell names: @handles, or handles or
// people.yaml names written without @, or e-mail addresses (the person whose
// name the local part spells, jane.doe@ for Jane Doe, else the local part as
// a handle). A name that is none of these is a warning, and false is
// returned so that the cell is shown as written.
func (p *parser) tableOwners(value string, off int, owners *[]string) bool {
	all := true
	for _, name := range ownerSplit.Split(value, -1) {
		name = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), "@"))
		name = strings.TrimPrefix(name, "mailto:")
		if name == "" {
			continue
		}
		if local, _, ok := strings.Cut(name, "@"); ok && emailRE.MatchString(name) {
			if p.opts.PersonByName != nil {
				if h, ok := p.opts.PersonByName(ownerSeparators.Replace(local)); ok {
					addOnce(owners, h)
					continue
				}
			}
			name = local
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
		all = false
		p.warnf(off, "owner %q is not a handle or a name in content/people.yaml, so the action does not name them: write their @handle, or add them to people.yaml", name)
	}
	return all
}

// children returns n's child nodes.
func children(n ast.Node) []ast.Node {
	var out []ast.Node
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		out = append(out, c)
	}
	return out
}
