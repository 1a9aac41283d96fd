package render

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/trends"
)

// The default theme's window page draws its body sections and its table of
// contents with one Go call each (below) instead of a template loop: ~10
// sections of ~3 parts per page, each part a dozen comparisons and field
// lookups by reflection, on 10,000 pages. A theme that wants other markup
// ranges over $w.Body itself in its own window.html (or redefines the
// "window-toc" partial); the page's data is unchanged. The markup is the
// template's, byte for byte (testdata/rows-reference.html keeps it).

// WindowSections writes the <section> of each part of a window's body in
// reading order: heading, the customer-notice note, then each part, the
// section's narrative HTML or its list (TaskList, NextTimeList, ItemList).
func (s *Site) WindowSections(w *model.Window) (template.HTML, error) {
	var b strings.Builder
	b.Grow(sectionsSize(w))
	for i := range w.Body {
		sec := &w.Body[i]
		b.WriteString("\n<section class=\"body-section sec-")
		writeText(&b, string(sec.Kind))
		b.WriteString(`"`)
		if sec.Anchor != "" {
			b.WriteString(` id="`)
			writeText(&b, sec.Anchor)
			b.WriteString(`"`)
		}
		b.WriteString(">")
		if sec.Heading != "" {
			level := "h2"
			if sec.Level == 3 {
				level = "h3"
			}
			b.WriteString("<" + level + ">")
			if sec.Anchor != "" {
				b.WriteString(`<a class="h-anchor" href="#`)
				writeFragment(&b, sec.Anchor)
				b.WriteString(`">`)
				writeText(&b, sec.Heading)
				b.WriteString(`</a>`)
			} else {
				writeText(&b, sec.Heading)
			}
			b.WriteString("</" + level + ">")
		}
		if sec.Kind == model.SectionCustomerNotice {
			b.WriteString(`<p class="note told">What customers were told`)
			if !w.Held() {
				b.WriteString(` (also on the <a href="`)
				writeURL(&b, w.URL())
				b.WriteString("maintenance.html")
				b.WriteString(`">maintenance notice</a> and in the calendar)`)
			}
			b.WriteString(`:</p>`)
		}
		for j := range sec.Parts {
			p := &sec.Parts[j]
			if !p.List {
				b.WriteString(p.HTML)
				continue
			}
			switch sec.Kind {
			case model.SectionTasks:
				if !inRange(p, len(w.Tasks)) {
					return "", partError(w, sec, p, len(w.Tasks))
				}
				b.WriteString("\n  <ol class=\"tasks\">")
				s.writeTaskList(&b, w.Tasks[p.From:p.To])
				b.WriteString("\n  </ol>")
			case model.SectionNextTime:
				if !inRange(p, len(w.Actions)) {
					return "", partError(w, sec, p, len(w.Actions))
				}
				b.WriteString("\n  <ul class=\"actions\">")
				s.writeNextTimeList(&b, w.Actions[p.From:p.To])
				b.WriteString("\n  </ul>")
			default:
				items := w.WentWell
				switch sec.Kind {
				case model.SectionWentWrong:
					items = w.WentWrong
				case model.SectionIdeas:
					items = w.Ideas
				case model.SectionLucky:
					items = w.Lucky
				}
				if !inRange(p, len(items)) {
					return "", partError(w, sec, p, len(items))
				}
				b.WriteString("\n  <ul class=\"items\">")
				s.writeItemList(&b, items[p.From:p.To])
				b.WriteString("\n  </ul>")
			}
		}
		b.WriteString("\n</section>")
	}
	return template.HTML(b.String()), nil
}

// sectionsSize is about the size of a window's sections as WindowSections
// writes them, a little over rather than under: grown by doubling, the
// builder allocated three times the ~14 KB of a page's sections at 10k
// windows.
func sectionsSize(w *model.Window) int {
	n := 0
	for i := range w.Body {
		sec := &w.Body[i]
		n += 160 + 3*len(sec.Anchor) + len(sec.Heading)
		for j := range sec.Parts {
			n += len(sec.Parts[j].HTML) + 48
		}
	}
	for i := range w.Tasks {
		t := &w.Tasks[i]
		n += 320 + len(t.TitleHTML()) + len(t.DetailHTML()) + 110*(len(t.Owners)+len(t.Tags()))
		for j := range t.Steps {
			st := &t.Steps[j]
			n += 130 + len(st.TitleHTML) + len(st.DetailHTML()) + 110*(len(st.Owners)+len(st.Tags()))
		}
	}
	for i := range w.Actions {
		a := &w.Actions[i]
		n += 260 + len(a.HTML()) + len(a.DetailHTML()) + 110*(len(a.Owners)+len(a.Tags)+len(a.Extra()))
	}
	for _, items := range w.Spoken() {
		for i := range items {
			it := &items[i]
			n += 60 + len(it.HTML()) + len(it.DetailHTML()) + 110*(len(it.People)+len(it.Tags)+len(it.Replies()))
		}
	}
	return n
}

// inRange: the part's list is a slice of a list of n entries, as the
// template's slice builtin requires.
func inRange(p *model.Part, n int) bool { return 0 <= p.From && p.From <= p.To && int(p.To) <= n }

func partError(w *model.Window, sec *model.Section, p *model.Part, n int) error {
	return fmt.Errorf("window %s, section %s: list part [%d:%d] out of its %d entries", w.ID, sec.Kind, p.From, p.To, n)
}

// WindowTOC writes a window page's table of contents (the "window-toc"
// partial): its headed sections, then the carried actions and related
// windows when the page has them; nothing for a page of one section.
func WindowTOC(w *model.Window, carried *trends.Carried, related []trends.Related) template.HTML {
	n := 0
	for i := range w.Body {
		if w.Body[i].Anchor != "" && w.Body[i].Heading != "" {
			n++
		}
	}
	if n <= 1 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n<nav class=\"page-toc\" aria-labelledby=\"toc-h\">\n  <p class=\"toc-title\" id=\"toc-h\">On this page</p>\n  <ol>")
	for i := range w.Body {
		sec := &w.Body[i]
		if sec.Anchor == "" || sec.Heading == "" {
			continue
		}
		b.WriteString("\n    <li")
		if sec.Level == 3 {
			b.WriteString(` class="toc-sub"`)
		}
		b.WriteString(`><a href="#`)
		writeFragment(&b, sec.Anchor)
		b.WriteString(`">`)
		writeText(&b, sec.Heading)
		b.WriteString(`</a></li>`)
	}
	if carried != nil {
		b.WriteString(`<li><a href="#carried">Carried into this window</a></li>`)
	}
	if len(related) > 0 {
		b.WriteString(`<li><a href="#related">Have we seen this before?</a></li>`)
	}
	b.WriteString("\n  </ol>\n</nav>")
	return template.HTML(b.String())
}

// WindowFacts writes a window page's "At a glance" section: the verdict
// with its three criteria (the "criteria-missed" partial, the theme's,
// says how many were missed), then when, how long, notice, estimate,
// participation, systems, people, tags and the links to the window's other
// files. tools: the page links its run sheet and meeting page.
func (s *Site) WindowFacts(w *model.Window, tools bool) (template.HTML, error) {
	var b strings.Builder
	b.Grow(2048)
	b.WriteString(`<section class="facts" aria-label="At a glance">`)
	held := w.Held()
	if o := w.Derived.Outcome; held && o != nil {
		if o.Success {
			b.WriteString("\n  <div class=\"verdict is-success\">\n    <p class=\"verdict-title\">Success <span class=\"note\">all three criteria met</span></p>")
		} else {
			missed, err := s.partial("criteria-missed", o)
			if err != nil {
				return "", err
			}
			b.WriteString("\n  <div class=\"verdict is-missed\">\n    <p class=\"verdict-title\">Missed <span class=\"note\">")
			b.WriteString(missed)
			b.WriteString(`</span></p>`)
		}
		b.WriteString("\n    <ul class=\"criteria-big\">")
		big := func(ok bool, yes, no string) {
			if ok {
				b.WriteString("\n      <li class=\"ok\"><span class=\"mark\" aria-hidden=\"true\">✓</span> <strong>" + yes + "</strong>")
			} else {
				b.WriteString("\n      <li class=\"no\"><span class=\"mark\" aria-hidden=\"true\">✗</span> <strong>" + no + "</strong>")
			}
		}
		big(o.ChangesMade, "Changes made", "Changes not all made")
		b.WriteString(`</li>`)
		big(o.NoImpact, "No production impact", "Production impact")
		if !o.NoImpact {
			b.WriteString(` <span class="note">`)
			writeText(&b, w.Impact)
			b.WriteString(`</span>`)
		}
		b.WriteString(`</li>`)
		big(o.OnTime, "On time", "Late")
		b.WriteString(` <span class="note">`)
		writeText(&b, model.FormatOverrun(w.Derived.OverrunMinutes))
		b.WriteString("</span></li>\n    </ul>\n  </div>")
	} else if !held {
		b.WriteString("\n  <div class=\"verdict is-planned\"><p class=\"verdict-title\">Planned window</p><p>Not held yet: the wrap-up comes after the window.</p></div>")
	}
	b.WriteString("\n  <dl class=\"facts-list\">\n    <div><dt>When</dt><dd>")
	writeTime(&b, w.Start, w.Start.Format(dateTimeLayout))
	b.WriteString(` → `)
	end, planned := w.PlannedEnd, true
	if w.End != nil {
		end, planned = *w.End, false
	}
	if sameDay(w.Start, end) {
		writeTime(&b, end, end.Format("15:04"))
	} else {
		writeTime(&b, end, end.Format(dateTimeLayout))
	}
	if planned {
		b.WriteString(` (planned)`)
	}
	b.WriteString("</dd></div>\n    <div><dt>How long</dt><dd>")
	writeText(&b, model.FormatDuration(w.Derived.Duration))
	if held {
		b.WriteString(` <span class="note">planned end `)
		writeText(&b, w.PlannedEnd.Format("15:04"))
		b.WriteString(`</span>`)
	}
	b.WriteString("</dd></div>\n    <div><dt>Customer notice</dt><dd>")
	if d := w.Derived.NoticeDays; d != nil {
		writePlural(&b, *d, "day", "days")
		b.WriteString(" ahead")
	} else {
		b.WriteString("none recorded")
	}
	if w.Derived.LateNotice {
		b.WriteString(` <span class="flag">late</span>`)
	}
	b.WriteString(`</dd></div>`)
	if held {
		b.WriteString("\n    <div><dt>Estimate</dt><dd>")
		if e := w.Derived.Estimate; e != nil {
			writeText(&b, RatioF(e))
			b.WriteString(` <span class="note">actual ÷ planned</span>`)
		} else {
			b.WriteString("–")
		}
		b.WriteString("</dd></div>\n    <div><dt>Participation</dt><dd>")
		if p := w.Derived.Participation; p != nil {
			b.WriteString(strconv.Itoa(p.Contributors))
			b.WriteString(" of ")
			b.WriteString(strconv.Itoa(p.Attendees))
			b.WriteString(" spoke")
			if p.Rate != nil {
				b.WriteString(" (")
				writeText(&b, PctF(p.Rate))
				b.WriteString(")")
			}
		}
		b.WriteString(`</dd></div>`)
	}
	if len(w.Systems) > 0 {
		b.WriteString(`<div><dt>Systems</dt><dd>`)
		for _, sys := range w.Systems {
			b.WriteString(`<a class="chip" href="/systems/`)
			writePathPart(&b, sys)
			b.WriteString(`/">`)
			writeText(&b, sys)
			b.WriteString(`</a> `)
		}
		b.WriteString(`</dd></div>`)
	}
	if w.Facilitator != "" {
		b.WriteString(`<div><dt>Facilitator</dt><dd>`)
		s.writePeople(&b, []string{w.Facilitator})
		b.WriteString(`</dd></div>`)
	}
	if len(w.Attendees) > 0 {
		b.WriteString(`<div><dt>Attendees</dt><dd>`)
		s.writePeople(&b, w.Attendees)
		b.WriteString(`</dd></div>`)
	}
	if len(w.Tags) > 0 {
		b.WriteString(`<div><dt>Tags</dt><dd>`)
		writeTagLinks(&b, w.Tags)
		b.WriteString(`</dd></div>`)
	}
	link := func(file string) {
		writeURL(&b, w.URL())
		b.WriteString(file)
	}
	if held {
		b.WriteString(`<div><dt>Share</dt><dd><a href="`)
		link("digest.html")
		b.WriteString(`">digest for e-mail</a> · <a href="`)
		link("digest.txt")
		b.WriteString(`">plain text</a></dd></div>`)
	} else {
		b.WriteString(`<div><dt>During the window</dt><dd><a href="`)
		link("maintenance.html")
		b.WriteString(`">maintenance notice</a></dd></div>`)
	}
	if tools {
		b.WriteString(`<div class="tool-links"><dt>Run it</dt><dd><a href="`)
		link("run/")
		b.WriteString(`">run sheet</a> · <a href="`)
		link("wrap-up/")
		b.WriteString(`">wrap-up meeting</a></dd></div>`)
	}
	b.WriteString("\n  </dl>\n</section>")
	return template.HTML(b.String()), nil
}

// dateTimeLayout is the datetime function's layout.
const dateTimeLayout = "2 Jan 2006, 15:04 MST"

// writeTime writes a <time> element: t in RFC 3339 (the iso function) and
// text.
func writeTime(b *strings.Builder, t time.Time, text string) {
	b.WriteString(`<time datetime="`)
	writeText(b, t.Format(time.RFC3339))
	b.WriteString(`">`)
	writeText(b, text)
	b.WriteString(`</time>`)
}

// sameDay is the sameday function: a and b fall on one calendar day.
func sameDay(a, b time.Time) bool { return a.YearDay() == b.YearDay() && a.Year() == b.Year() }

// partial renders the theme's partial name with data (not cached: for
// fragments that are on one page only).
func (s *Site) partial(name string, data any) (string, error) {
	if s.fragments == nil || s.fragments.exec == nil {
		return "", nil
	}
	return s.fragments.exec(name, data)
}

// RelatedList writes the entries of a window page's "Have we seen this
// before?" list: each related window with its date, its "outcome" partial
// (the theme's, once per window for the whole build) and why it is related.
func (s *Site) RelatedList(related []trends.Related) (template.HTML, error) {
	var b strings.Builder
	n := 0
	// The reasons are worked out from the two windows (Related.Systems):
	// once per entry.
	reasons := make([][]string, len(related))
	for i := range related {
		r := &related[i]
		n += 280 + 2*len(r.W.ID) + len(r.W.Title)
		reasons[i] = r.Reasons()
		for _, t := range reasons[i] {
			n += len(t) + 8
		}
	}
	b.Grow(n)
	for i := range related {
		r := &related[i]
		outcome, err := s.cached("outcome", r.W, func() any { return r.W })
		if err != nil {
			return "", err
		}
		b.WriteString("\n    <li>")
		writeWindowLink(&b, r.W)
		b.WriteString(` <small>`)
		writeText(&b, shortDate(r.W.Start))
		b.WriteString(`</small> `)
		b.WriteString(string(outcome))
		b.WriteString("\n      <span class=\"why\">")
		for k, reason := range reasons[i] {
			if k > 0 {
				b.WriteString("; ")
			}
			writeText(&b, reason)
		}
		b.WriteString(`</span></li>`)
	}
	return template.HTML(b.String()), nil
}
