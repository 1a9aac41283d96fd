package render

import (
	"fmt"
	"html/template"
	"strings"

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
			var list template.HTML
			var open, close string
			switch sec.Kind {
			case model.SectionTasks:
				if !inRange(p, len(w.Tasks)) {
					return "", partError(w, sec, p, len(w.Tasks))
				}
				open, close, list = "\n  <ol class=\"tasks\">", "\n  </ol>", s.TaskList(w.Tasks[p.From:p.To])
			case model.SectionNextTime:
				if !inRange(p, len(w.Actions)) {
					return "", partError(w, sec, p, len(w.Actions))
				}
				open, close, list = "\n  <ul class=\"actions\">", "\n  </ul>", s.NextTimeList(w.Actions[p.From:p.To])
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
				open, close, list = "\n  <ul class=\"items\">", "\n  </ul>", s.ItemList(items[p.From:p.To])
			}
			b.WriteString(open)
			b.WriteString(string(list))
			b.WriteString(close)
		}
		b.WriteString("\n</section>")
	}
	return template.HTML(b.String()), nil
}

// inRange: the part's list is a slice of a list of n entries, as the
// template's slice builtin requires.
func inRange(p *model.Part, n int) bool { return 0 <= p.From && p.From <= p.To && p.To <= n }

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
