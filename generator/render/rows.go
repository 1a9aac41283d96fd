package render

import (
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/trends"
)

// The default theme's row partials ("action-row-head", "action-row-tail",
// "window-row", "criteria") are one call each to the writers below: a
// 10,000-window build draws ~40,000 action rows and 10,000 window rows,
// each once (Site.Cached), and through the template every row was ~40
// reflective calls (2.5 s of CPU for the action rows alone). A theme that
// redefines one of those partials gets its own markup, as before: the
// writers are only reached from the default theme's definitions, and the
// partial's data (.a, .site; the window) is unchanged. Strings are escaped
// exactly as html/template escapes them in the markup they replaced
// (TestRowWritersMatchTemplates keeps that markup).

// directCalls are the default theme's row partials as the template parser
// writes them back (parse.Tree's String): a partial that reads exactly so
// is one call of its Go writer, so the rows call the writer without
// running the template (three template runs per board row were ~1 s at
// 10,000 windows). A theme that redefines one gets its template run.
var directCalls = map[string]string{
	"action-row":      `{{.site.ActionRow .a .shared}}`,
	"action-row-head": `{{.site.ActionRowHead .a}}`,
	"action-row-tail": `{{.site.ActionRowTail .a}}`,
	"window-row":      "{{windowRowHead .}}{{if .Held}}{{template \"criteria\" .}}{{end}}</span>\n</li>",
	"criteria":        `{{criteria .}}`,
}

// directPartials lists which partials of t are their directCalls form. It
// reads the parsed trees before any execution (html/template adds its
// escapers to them then).
func directPartials(t *template.Template) map[string]bool {
	direct := map[string]bool{}
	for name, call := range directCalls {
		if p := t.Lookup(name); p != nil && p.Tree != nil && p.Tree.Root != nil && p.Tree.Root.String() == call {
			direct[name] = true
		}
	}
	return direct
}

// ActionRowHead writes an action's board row up to its tags: status, the
// action linked to its window, owners, tags and the action table's other
// columns.
func (s *Site) ActionRowHead(a *trends.ActionRef) template.HTML {
	var b strings.Builder
	b.Grow(512)
	s.writeActionRowHead(&b, a)
	return template.HTML(b.String())
}

func (s *Site) writeActionRowHead(b *strings.Builder, a *trends.ActionRef) {
	status := a.Status()
	b.WriteString(boardRowOpen(status))
	if status == "overdue" {
		writeOverdueBadge(b, a)
	} else {
		b.WriteString(boardBadge(status))
	}
	b.WriteString(boardMain)
	writeEntryLink(b, a.Window, a.Action.Anchor, a.Action.Text)
	b.WriteString(boardMeta)
	s.writeActionMeta(b, a)
}

// The markup between the parts of a board row, which the cached rows leave
// out (Site.appendActionRow puts it back).
const (
	boardMain      = "</span>\n  <span class=\"board-main\">"
	boardMeta      = "\n    <span class=\"board-meta\">"
	boardDates     = "\n    </span>\n  </span>\n  <span class=\"board-dates\">"
	boardFrom      = "\n    <span class=\"from\">from "
	boardRowClose  = "</span>\n  </span>\n</li>"
	boardOpenStart = "\n<li class=\"board-row st-"
	boardOpenEnd   = "\">\n  <span class=\"board-status\">"
)

// boardRowOpen is a board row's start up to its status badge.
func boardRowOpen(status string) string {
	switch status {
	case "overdue":
		return boardOpenStart + "overdue" + boardOpenEnd
	case "open":
		return boardOpenStart + "open" + boardOpenEnd
	case "done":
		return boardOpenStart + "done" + boardOpenEnd
	}
	return boardOpenStart + status + boardOpenEnd
}

// boardBadge is the status badge of an open or done action; an overdue
// one's says by how many days (writeOverdueBadge).
func boardBadge(status string) string {
	if status == "open" {
		return `<span class="badge open">open</span>`
	}
	return `<span class="badge success">done</span>`
}

func writeOverdueBadge(b *strings.Builder, a *trends.ActionRef) {
	b.WriteString(`<span class="flag over">overdue `)
	writePlural(b, a.DaysOverdue, "day", "days")
	b.WriteString(`</span>`)
}

// writeActionMeta writes an action's owners, tags and other columns.
func (s *Site) writeActionMeta(b *strings.Builder, a *trends.ActionRef) {
	if owners := a.Action.Owners; len(owners) > 0 {
		b.WriteString(`<span class="who">`)
		for i, h := range owners {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`<a class="person" href="/actions/owner/`)
			writePathPart(b, h)
			b.WriteString(`/">`)
			writeText(b, s.PersonName(h))
			b.WriteString(`</a>`)
		}
		b.WriteString(`</span>`)
	} else if !a.Action.Done {
		b.WriteString(`<span class="who none">no owner</span>`)
	}
	for _, t := range a.Action.Tags {
		b.WriteString(` <a class="tag" href="/actions/tag/`)
		writePathPart(b, t)
		b.WriteString(`/">#`)
		writeText(b, t)
		b.WriteString(`</a>`)
	}
	for _, c := range a.Action.Extra() {
		if c.Text == "" {
			continue
		}
		b.WriteString(` <span class="extra"><span class="extra-name">`)
		writeText(b, c.Column)
		b.WriteString(`</span> `)
		writeText(b, c.Text)
		b.WriteString(`</span>`)
	}
}

// ActionRowTail writes an action's board row after its tags (and what a
// window shares with it): due and done dates, and the window it is from.
func (s *Site) ActionRowTail(a *trends.ActionRef) template.HTML {
	var b strings.Builder
	b.Grow(384)
	writeActionRowTail(&b, a)
	return template.HTML(b.String())
}

func writeActionRowTail(b *strings.Builder, a *trends.ActionRef) {
	b.WriteString(boardDates)
	writeActionDates(b, a)
	b.WriteString(boardFrom)
	writeRowFrom(b, a.Window)
	b.WriteString(boardRowClose)
}

// writeActionDates writes an action's due and done dates.
func writeActionDates(b *strings.Builder, a *trends.ActionRef) {
	if d := a.Action.Due; d != nil {
		b.WriteString(`<span>due <time datetime="`)
		writeText(b, d.String())
		b.WriteString(`">`)
		writeText(b, dayLabel(*d))
		b.WriteString(`</time></span>`)
	}
	if a.Action.Done {
		if d := a.Action.DoneOn; d != nil {
			b.WriteString(`<span>done <time datetime="`)
			writeText(b, d.String())
			b.WriteString(`">`)
			writeText(b, dayLabel(*d))
			b.WriteString(`</time>`)
			if a.DaysToClose != nil {
				b.WriteString(`, after `)
				writePlural(b, *a.DaysToClose, "day", "days")
			}
			b.WriteString(`</span>`)
		} else {
			b.WriteString(`<span>done, no date</span>`)
		}
	}
}

// writeRowFrom writes the window a board row's action is from: its link
// and date (the same for each of its actions).
func writeRowFrom(b *strings.Builder, w *model.Window) {
	writeWindowLink(b, w)
	b.WriteString(`, `)
	writeText(b, shortDate(w.Start))
}

// WindowRowHead writes a window's row in a list of windows up to its
// criteria: the data-* attributes site.js filters and sorts on, date,
// title, systems and outcome. The "window-row" partial closes the row
// around the "criteria" partial, which a theme may redefine alone.
func WindowRowHead(w *model.Window) template.HTML {
	var b strings.Builder
	b.Grow(512)
	writeWindowRowHead(&b, w)
	return template.HTML(b.String())
}

func writeWindowRowHead(b *strings.Builder, w *model.Window) {
	o := rowOutcomeOf(w)
	b.WriteString(rowHeadOpen[o])
	writeWindowRowOwn(b, w)
	b.WriteString(rowHeadClose[o])
}

// rowOutcome is what a window's row says of its outcome: planned,
// success or missed.
type rowOutcome int

const (
	rowPlanned rowOutcome = iota
	rowSuccess
	rowMissed
)

func rowOutcomeOf(w *model.Window) rowOutcome {
	switch {
	case !w.Held():
		return rowPlanned
	case w.Derived.Outcome != nil && w.Derived.Outcome.Success: // a held window has one (model.Derive)
		return rowSuccess
	}
	return rowMissed
}

// rowHeadOpen and rowHeadClose are what a window's row head writes before
// and after its own part (writeWindowRowOwn), by outcome: the same strings
// for every row, kept once rather than in each row's cached head.
var (
	rowHeadOpen = [...]string{
		rowPlanned: "\n<li class=\"row\" data-outcome=\"planned",
		rowSuccess: "\n<li class=\"row\" data-outcome=\"success",
		rowMissed:  "\n<li class=\"row\" data-outcome=\"missed",
	}
	rowHeadClose = [...]string{
		rowPlanned: "</span>\n  <span class=\"row-outcome\"><span class=\"badge planned\">planned</span></span>\n  <span class=\"row-crit\">",
		rowSuccess: "</span>\n  <span class=\"row-outcome\"><span class=\"badge success\">success</span></span>\n  <span class=\"row-crit\">",
		rowMissed:  "</span>\n  <span class=\"row-outcome\"><span class=\"badge missed\">missed</span></span>\n  <span class=\"row-crit\">",
	}
)

// writeWindowRowOwn writes the part of a window's row head between
// rowHeadOpen and rowHeadClose: its date, link and systems.
func writeWindowRowOwn(b *strings.Builder, w *model.Window) {
	iso := w.Start.Format(time.RFC3339)
	b.WriteString(`" data-date="`)
	writeText(b, iso)
	b.WriteString(`" data-year="`)
	b.WriteString(strconv.Itoa(w.Start.Year()))
	b.WriteString(`" data-systems="`)
	writeText(b, strings.Join(w.Systems, " "))
	b.WriteString(`"`)
	if m := w.Derived.OverrunMinutes; m != nil {
		b.WriteString(` data-overrun="`)
		b.WriteString(strconv.Itoa(*m))
		b.WriteString(`"`)
	}
	b.WriteString(">\n  <time class=\"row-date\" datetime=\"")
	writeText(b, iso)
	b.WriteString(`">`)
	writeText(b, shortDate(w.Start))
	b.WriteString("</time>\n  <span class=\"row-main\">")
	writeWindowLink(b, w)
	if w.Draft {
		b.WriteString(` <span class="badge draft">draft</span>`)
	}
	if len(w.Systems) > 0 {
		b.WriteString(`<span class="row-systems">`)
		for _, sys := range w.Systems {
			b.WriteString(`<span class="chip">`)
			writeText(b, sys)
			b.WriteString(`</span>`)
		}
		b.WriteString(`</span>`)
	}
}

// Criteria writes the three success criteria of a held window (the
// "criteria" partial), or the planned badge.
func Criteria(w *model.Window) template.HTML { return template.HTML(criteriaOf(w)) }

// criteriaOf is Criteria's HTML: one of the few strings in criteriaHTML,
// shared by every window (a window's row held its own ~900 bytes of them).
func criteriaOf(w *model.Window) string {
	if !w.Held() {
		return `<span class="badge planned">planned</span>`
	}
	o := w.Derived.Outcome
	if o == nil {
		return ""
	}
	return criteriaHTML[criteriaIndex(o.ChangesMade, o.NoImpact, o.OnTime)]
}

func criteriaIndex(changes, impact, onTime bool) int {
	i := 0
	if changes {
		i |= 1
	}
	if impact {
		i |= 2
	}
	if onTime {
		i |= 4
	}
	return i
}

// criteriaHTML is the three criteria of every outcome, by criteriaIndex.
var criteriaHTML = func() (all [8]string) {
	for i := range all {
		all[i] = writeCriteria(&model.Outcome{ChangesMade: i&1 != 0, NoImpact: i&2 != 0, OnTime: i&4 != 0})
	}
	return all
}()

func writeCriteria(o *model.Outcome) string {
	var b strings.Builder
	b.Grow(900)
	b.WriteString("\n<span class=\"criteria\" role=\"list\" aria-label=\"Success criteria\">")
	criterion := func(ok bool, okTitle, noTitle, name, okWord, noWord string) {
		b.WriteString("\n  <span role=\"listitem\" class=\"crit ")
		title, word, mark, class := noTitle, noWord, "✗", "no"
		if ok {
			title, word, mark, class = okTitle, okWord, "✓", "ok"
		}
		b.WriteString(class)
		b.WriteString(`" title="`)
		b.WriteString(title)
		b.WriteString(`"><span class="mark" aria-hidden="true">`)
		b.WriteString(mark)
		b.WriteString(`</span> <span class="vh">`)
		b.WriteString(name)
		b.WriteString(`: </span>`)
		b.WriteString(word)
		b.WriteString(`</span>`)
	}
	criterion(o.ChangesMade, "Every planned change was made", "Not every planned change was made", "Changes", "changes made", "changes partial")
	criterion(o.NoImpact, "No production impact", "Production was affected", "Impact", "no impact", "impact")
	criterion(o.OnTime, "Ended on time", "Ended late", "Timing", "on time", "late")
	b.WriteString("\n</span>")
	return b.String()
}

// writePlural writes n and the word for it, as the plural function does.
func writePlural(b *strings.Builder, n int, one, many string) {
	b.WriteString(strconv.Itoa(n))
	b.WriteString(" ")
	if n == 1 {
		b.WriteString(one)
	} else {
		b.WriteString(many)
	}
}

// writePathPart writes s as html/template writes it inside a quoted href
// after a path prefix ("/actions/tag/{{ . }}/": normalized, not escaped).
func writePathPart(b *strings.Builder, s string) {
	if urlSafe(s, true) {
		b.WriteString(s)
		return
	}
	writeEscapedBy(b, pathPartEscaper, "/x/", s)
}

var pathPartEscaper = template.Must(template.New("path").Parse(`<a href="/x/{{ . }}">`))
