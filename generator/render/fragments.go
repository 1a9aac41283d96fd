package render

import (
	"github.com/wrapup/wrapup/internal/htmlesc"

	"html"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/model"
)

// The methods below write small, very frequent fragments (a list of people, a
// list of tags) in Go rather than through a template call: a 10,000-window
// site renders hundreds of thousands of them, and each template call with a
// dict costs reflection and allocations. Themes still control everything
// around them; the class names are the ones the stylesheet expects.

// People links each handle to its person page, by display name.
func (s *Site) People(handles []string) template.HTML {
	var b strings.Builder
	s.writePeople(&b, handles)
	return template.HTML(b.String())
}

// The write... methods below write a fragment into the builder of the
// fragment or page that holds it: each fragment as a string of its own, then
// copied into its holder, was a third of a window page's allocations.

func (s *Site) writePeople(b *strings.Builder, handles []string) {
	for i, h := range handles {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`<a class="person" href="/people/`)
		b.WriteString(html.EscapeString(h))
		b.WriteString(`/">`)
		b.WriteString(html.EscapeString(s.PersonName(h)))
		b.WriteString(`</a>`)
	}
}

// TagLinks links each tag to its tag page.
func TagLinks(tags []string) template.HTML {
	var b strings.Builder
	writeTagLinks(&b, tags)
	return template.HTML(b.String())
}

func writeTagLinks(b *strings.Builder, tags []string) {
	for _, t := range tags {
		b.WriteString(`<a class="tag" href="/tags/`)
		b.WriteString(html.EscapeString(t))
		b.WriteString(`/">#`)
		b.WriteString(html.EscapeString(t))
		b.WriteString(`</a> `)
	}
}

// Meta is what follows an item's text: who said it (or owns it) and its tags.
func (s *Site) Meta(people, tags []string) template.HTML {
	if len(people) == 0 && len(tags) == 0 {
		return ""
	}
	var b strings.Builder
	s.writeMeta(&b, people, tags)
	return template.HTML(b.String())
}

func (s *Site) writeMeta(b *strings.Builder, people, tags []string) {
	if len(people) == 0 && len(tags) == 0 {
		return
	}
	b.WriteString(`<span class="meta">`)
	if len(people) > 0 {
		b.WriteString(`<span class="who">— `)
		s.writePeople(b, people)
		b.WriteString(`</span>`)
	}
	b.WriteString(" ")
	writeTagLinks(b, tags)
	b.WriteString(`</span>`)
}

// LessonRows writes the <li> of each lesson of a lessons page, in Go for
// the reason the window page's lists are (below): a lesson is on one or
// two lessons pages, so a cached partial is rendered about as often as the
// row is shown, and 100,000 rows through the template were a second of CPU
// at 10,000 windows. A theme wanting other markup ranges over .Items in its
// own lessons.html.
func (s *Site) LessonRows(items []aggregate.ItemRef) template.HTML {
	var b strings.Builder
	b.Grow(len(items) * 320)
	for _, it := range items {
		b.WriteString("\n  <li><a href=\"")
		writeURL(&b, it.Window.URL())
		b.WriteString("#")
		writeFragment(&b, it.Anchor())
		b.WriteString(`">`)
		writeText(&b, it.Text())
		b.WriteString(`</a> `)
		if it.Item != nil && len(it.Item.People) > 0 {
			b.WriteString(`<span class="who">— `)
			s.writePeople(&b, it.Item.People)
			b.WriteString(`</span>`)
		}
		b.WriteString(` <small>`)
		writeText(&b, it.Window.Title)
		b.WriteString(`, `)
		writeText(&b, shortDate(it.Window.Start))
		b.WriteString(`</small></li>`)
	}
	return template.HTML(b.String())
}

// The lists below are the entries of a window page's tasks, next-time and
// went-well, went-wrong and ideas sections, written in Go: a window page is
// mostly these, each shown on one page only, so caching cannot help, and
// drawn by the template they were over half the time of a 10,000-window
// build's window pages (each field an escaper call by reflection). A theme
// that wants other markup ranges over the window's Tasks, Actions and items
// in its own window.html; the class names are the ones the stylesheet
// expects. Strings are escaped exactly as html/template escapes them there.

// TaskList writes the <li> of each task, with its steps.
func (s *Site) TaskList(tasks []model.Task) template.HTML {
	var b strings.Builder
	s.writeTaskList(&b, tasks)
	return template.HTML(b.String())
}

func (s *Site) writeTaskList(b *strings.Builder, tasks []model.Task) {
	for i := range tasks {
		t := &tasks[i]
		status := t.Status
		if status == "" {
			status = "none"
		}
		b.WriteString("\n    <li class=\"task st-")
		writeText(b, status)
		b.WriteString(`" id="`)
		writeText(b, t.Anchor)
		b.WriteString("\">\n      <div class=\"task-head\"><a class=\"num\" href=\"#")
		writeFragment(b, t.Anchor)
		b.WriteString(`">`)
		b.WriteString(strconv.Itoa(int(t.Number)))
		b.WriteString("</a>\n        <span class=\"task-title\">")
		b.WriteString(t.TitleHTML())
		b.WriteString(`</span>`)
		writeStatus(b, t.Status)
		b.WriteString("\n      </div>\n      <div class=\"task-meta\">")
		if len(t.Owners) > 0 {
			b.WriteString(`<span>owner `)
			s.writePeople(b, t.Owners)
			b.WriteString(`</span>`)
		}
		if t.PlannedMinutes != nil {
			b.WriteString(`<span>planned `)
			writeText(b, formatMinutes(t.PlannedMinutes))
			b.WriteString(`</span>`)
		}
		if t.ActualMinutes != nil {
			b.WriteString(`<span>actual `)
			writeText(b, formatMinutes(t.ActualMinutes))
			b.WriteString(`</span>`)
		}
		if len(t.Tags()) > 0 {
			b.WriteString(`<span>`)
			writeTagLinks(b, t.Tags())
			b.WriteString(`</span>`)
		}
		b.WriteString("\n      </div>")
		writeDetail(b, `<div class="detail">`, t.DetailHTML())
		if len(t.Steps) > 0 {
			b.WriteString("\n      <ol class=\"steps\">")
			for j := range t.Steps {
				st := &t.Steps[j]
				b.WriteString("\n        <li id=\"")
				writeText(b, st.Anchor)
				b.WriteString(`"><a class="num" href="#`)
				writeFragment(b, st.Anchor)
				b.WriteString(`">`)
				writeText(b, st.Number)
				b.WriteString(`</a> <span>`)
				b.WriteString(st.TitleHTML)
				b.WriteString(`</span>`)
				writeStatus(b, st.Status())
				if len(st.Owners) > 0 || len(st.Tags()) > 0 {
					b.WriteString(" ")
					s.writeMeta(b, st.Owners, st.Tags())
				}
				writeDetail(b, `<div class="detail">`, st.DetailHTML())
				b.WriteString("\n        </li>")
			}
			b.WriteString("\n      </ol>")
		}
		b.WriteString("\n    </li>")
	}
}

// NextTimeList writes the <li> of each next-time action: an open action
// past its due date is flagged overdue, as on the action board.
func (s *Site) NextTimeList(actions []model.Action) template.HTML {
	var b strings.Builder
	s.writeNextTimeList(&b, actions)
	return template.HTML(b.String())
}

func (s *Site) writeNextTimeList(b *strings.Builder, actions []model.Action) {
	today := s.today()
	for i := range actions {
		a := &actions[i]
		b.WriteString("\n    <li id=\"")
		writeText(b, a.Anchor)
		overdue := !a.Done && a.Due != nil && a.Due.Before(today)
		switch {
		case a.Done:
			b.WriteString("\" class=\"action is-done\">\n      <span class=\"box\" aria-hidden=\"true\">☑</span>\n      <span class=\"vh\">Done:</span>")
		case overdue:
			b.WriteString("\" class=\"action is-open is-overdue\">\n      <span class=\"box\" aria-hidden=\"true\">☐</span>\n      <span class=\"vh\">Open:</span>")
		default:
			b.WriteString("\" class=\"action is-open\">\n      <span class=\"box\" aria-hidden=\"true\">☐</span>\n      <span class=\"vh\">Open:</span>")
		}
		b.WriteString("\n      <span class=\"text\">")
		b.WriteString(a.HTML())
		b.WriteString("</span>\n      ")
		s.writeMeta(b, a.Owners, a.Tags)
		if overdue {
			b.WriteString(` <span class="flag over">overdue `)
			n := a.Due.DaysUntil(today)
			b.WriteString(strconv.Itoa(n))
			if n == 1 {
				b.WriteString(" day")
			} else {
				b.WriteString(" days")
			}
			b.WriteString(`</span>`)
		}
		if a.Due != nil {
			b.WriteString(` <span class="due">due <time datetime="`)
			writeText(b, a.Due.String())
			b.WriteString(`">`)
			writeText(b, dayLabel(*a.Due))
			b.WriteString(`</time></span>`)
		}
		if a.DoneOn != nil {
			b.WriteString(` <span class="done-on">done <time datetime="`)
			writeText(b, a.DoneOn.String())
			b.WriteString(`">`)
			writeText(b, dayLabel(*a.DoneOn))
			b.WriteString(`</time></span>`)
		}
		writeExtra(b, a.Extra())
		writeDetail(b, `<div class="detail">`, a.DetailHTML())
		b.WriteString("\n    </li>")
	}
}

// today is the build's calendar date in the site's time zone.
func (s *Site) today() model.Date {
	loc := time.UTC
	if s.Model != nil && s.Model.Config.Location != nil {
		loc = s.Model.Config.Location
	}
	return model.DateOf(s.Now, loc)
}

// writeExtra writes the other columns of an action table's row
// (docs/authoring.md, "Action tables") after the action's own facts, as
// name-value pairs; empty cells are left out. A cell's HTML is the parser's,
// already safe.
func writeExtra(b *strings.Builder, cells []model.Cell) {
	first := true
	for _, c := range cells {
		if c.Text == "" {
			continue
		}
		if first {
			b.WriteString("\n      <dl class=\"extra\">")
			first = false
		}
		b.WriteString("<div><dt>")
		writeText(b, c.Column)
		b.WriteString("</dt><dd>")
		b.WriteString(c.HTML)
		b.WriteString("</dd></div>")
	}
	if !first {
		b.WriteString("</dl>")
	}
}

// ItemList writes the <li> of each went-well, went-wrong, lucky or ideas item.
func (s *Site) ItemList(items []model.Item) template.HTML {
	var b strings.Builder
	s.writeItemList(&b, items)
	return template.HTML(b.String())
}

func (s *Site) writeItemList(b *strings.Builder, items []model.Item) {
	for i := range items {
		it := &items[i]
		b.WriteString("\n    <li id=\"")
		writeText(b, it.Anchor)
		b.WriteString(`"><span class="text">`)
		b.WriteString(it.HTML())
		b.WriteString(`</span> `)
		s.writeMeta(b, it.People, it.Tags)
		writeDetail(b, `<div class="detail replies">`, it.DetailHTML())
		s.writeReplies(b, it.Replies())
		b.WriteString("\n    </li>")
	}
}

// Replies draws the replies under an item, nested, each followed by who
// wrote it, like the items themselves.
func (s *Site) Replies(replies []model.Reply) template.HTML {
	var b strings.Builder
	s.writeReplies(&b, replies)
	return template.HTML(b.String())
}

func (s *Site) writeReplies(b *strings.Builder, replies []model.Reply) {
	if len(replies) == 0 {
		return
	}
	b.WriteString(`<ul class="replies">`)
	for i := range replies {
		r := &replies[i]
		b.WriteString("<li>")
		b.WriteString(r.HTML)
		if meta := s.Meta(r.People, r.Tags); meta != "" {
			b.WriteString(" ")
			b.WriteString(string(meta))
		}
		writeDetail(b, `<div class="detail">`, r.DetailHTML)
		s.writeReplies(b, r.Replies)
		b.WriteString("</li>")
	}
	b.WriteString("</ul>")
}

// writeStatus writes a task's or step's status badge, if it has a status.
func writeStatus(b *strings.Builder, status string) {
	if status == "" {
		return
	}
	b.WriteString(` <span class="status st-`)
	writeText(b, status)
	b.WriteString(`">`)
	writeText(b, statusLabel(status))
	b.WriteString(`</span>`)
}

// writeDetail writes detail (HTML from the Markdown) inside open and a
// closing </div>, if there is any.
func writeDetail(b *strings.Builder, open, detail string) {
	if detail == "" {
		return
	}
	b.WriteString(open)
	b.WriteString(detail)
	b.WriteString(`</div>`)
}

// writeText writes s escaped as html/template escapes a string in HTML text
// or in a quoted attribute value (see htmlesc.Text).
func writeText(b *strings.Builder, s string) { htmlesc.Text(b, s) }

// writeFragment writes s as html/template writes it after the '#' of a
// quoted href (percent-encoded); writeURL as it writes it at the start of
// one (checked for a safe scheme, then normalized). Strings of bytes that
// are unreserved in URLs, as anchors and window URLs are, come out as they
// are; others go through html/template itself.
func writeFragment(b *strings.Builder, s string) {
	if urlSafe(s, false) {
		b.WriteString(s)
		return
	}
	writeEscapedBy(b, fragmentEscaper, "#", s)
}

func writeURL(b *strings.Builder, s string) { htmlesc.URL(b, s) }

// urlSafe: every byte of s is unreserved in a URL (or '/' with slash).
func urlSafe(s string, slash bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' || slash && c == '/') {
			return false
		}
	}
	return true
}

// fragmentEscaper holds s in the attribute context of writeFragment;
// writeEscapedBy keeps what it writes between the quotes, after the
// template's own prefix.
var fragmentEscaper = template.Must(template.New("fragment").Parse(`<a href="#{{ . }}">`))

func writeEscapedBy(b *strings.Builder, t *template.Template, prefix, s string) {
	var out strings.Builder
	if err := t.Execute(&out, s); err != nil {
		panic(err) // a string always executes
	}
	html := out.String()
	html = html[strings.Index(html, `"`)+1 : strings.LastIndex(html, `"`)]
	html = strings.TrimPrefix(html, prefix)
	b.WriteString(html)
}
