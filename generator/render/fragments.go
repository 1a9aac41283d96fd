package render

import (
	"html"
	"html/template"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/trends"
)

// The methods below write small, very frequent fragments (a list of people, a
// list of tags) in Go rather than through a template call: a 10,000-window
// site renders hundreds of thousands of them, and each template call with a
// dict costs reflection and allocations. Themes still control everything
// around them; the class names are the ones the stylesheet expects.

// People links each handle to its person page, by display name.
func (s *Site) People(handles []string) template.HTML {
	var b strings.Builder
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
	return template.HTML(b.String())
}

// TagLinks links each tag to its tag page.
func TagLinks(tags []string) template.HTML {
	var b strings.Builder
	for _, t := range tags {
		b.WriteString(`<a class="tag" href="/tags/`)
		b.WriteString(html.EscapeString(t))
		b.WriteString(`/">#`)
		b.WriteString(html.EscapeString(t))
		b.WriteString(`</a> `)
	}
	return template.HTML(b.String())
}

// Meta is what follows an item's text: who said it (or owns it) and its tags.
func (s *Site) Meta(people, tags []string) template.HTML {
	if len(people) == 0 && len(tags) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<span class="meta">`)
	if len(people) > 0 {
		b.WriteString(`<span class="who">— `)
		b.WriteString(string(s.People(people)))
		b.WriteString(`</span>`)
	}
	b.WriteString(" ")
	b.WriteString(string(TagLinks(tags)))
	b.WriteString(`</span>`)
	return template.HTML(b.String())
}

// fragments caches partials that many pages repeat with the same data (an
// action's row appears on the board, its owner's and its tags' pages). Links
// inside are root-relative, rewritten per page afterwards, so one rendering
// serves every page.
type fragments struct {
	exec func(name string, data any) (string, error)
	m    sync.Map // fragmentKey -> template.HTML
}

type fragmentKey struct {
	name string
	key  any
}

// Cached renders the partial name with data once per key and returns the
// same HTML afterwards. key must identify data (a pointer to it, say).
func (s *Site) Cached(name string, key, data any) (template.HTML, error) {
	return s.cached(name, key, func() any { return data })
}

// cached is Cached with the partial's data made only when it is rendered:
// the lists below look up thousands of rows per page, nearly all of them
// already rendered, and a dict per row was most of their cost.
func (s *Site) cached(name string, key any, data func() any) (template.HTML, error) {
	if s.fragments == nil || s.fragments.exec == nil {
		return "", nil
	}
	k := fragmentKey{name, key}
	if v, ok := s.fragments.m.Load(k); ok {
		return v.(template.HTML), nil
	}
	out, err := s.fragments.exec(name, data())
	if err != nil {
		return "", err
	}
	h := template.HTML(out)
	s.fragments.m.Store(k, h)
	return h, nil
}

// The row lists below loop in Go over rows that each come from a cached
// partial of the theme: one template call per list instead of one per row
// (a reflective method call, and a dict, each). The partials still draw
// every row, so a theme restyles them by overriding the partial.

// WindowRows is the "window-row" partial of each window, once per window
// for the whole build.
func (s *Site) WindowRows(windows []*model.Window) (template.HTML, error) {
	return cachedRows(s, "window-row", windows, func(w *model.Window) any { return w })
}

// ActionRows is the "action-row" partial of each action (board pages),
// once per action for the whole build.
func (s *Site) ActionRows(actions []*trends.ActionRef) (template.HTML, error) {
	return cachedRows(s, "action-row", actions, func(a *trends.ActionRef) any { return map[string]any{"a": a, "site": s} })
}

// cachedRows joins the partial name of each key, made from data(key) when
// not cached yet. The list is sized first: grown row by row, a page of 100
// rows left three times its size in garbage.
func cachedRows[K comparable](s *Site, name string, keys []K, data func(K) any) (template.HTML, error) {
	rows := make([]template.HTML, len(keys))
	n := 0
	for i, k := range keys {
		row, err := s.cached(name, k, func() any { return data(k) })
		if err != nil {
			return "", err
		}
		rows[i] = row
		n += len(row)
	}
	var b strings.Builder
	b.Grow(n)
	for _, row := range rows {
		b.WriteString(string(row))
	}
	return template.HTML(b.String()), nil
}

// ActionRow is an action's row with what a window shares with it (the
// carried actions of window pages): the "action-row-head" and
// "action-row-tail" partials, rendered once per action for the whole build,
// around the "shares ..." note. Window pages list 50,000 carried actions at
// 10,000 windows.
func (s *Site) ActionRow(a *trends.ActionRef, shared []string) (template.HTML, error) {
	data := func() any { return map[string]any{"a": a, "site": s} }
	head, err := s.cached("action-row-head", a, data)
	if err != nil {
		return "", err
	}
	tail, err := s.cached("action-row-tail", a, data)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(head) + len(tail) + 64)
	b.WriteString(string(head))
	if len(shared) > 0 {
		b.WriteString(` <span class="why">shares `)
		for i, sh := range shared {
			if i > 0 {
				b.WriteString(", ")
			}
			writeText(&b, sh)
		}
		b.WriteString(`</span>`)
	}
	b.WriteString(string(tail))
	return template.HTML(b.String()), nil
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
			b.WriteString(string(s.People(it.Item.People)))
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
	for i := range tasks {
		t := &tasks[i]
		status := t.Status
		if status == "" {
			status = "none"
		}
		b.WriteString("\n    <li class=\"task st-")
		writeText(&b, status)
		b.WriteString(`" id="`)
		writeText(&b, t.Anchor)
		b.WriteString("\">\n      <div class=\"task-head\"><a class=\"num\" href=\"#")
		writeFragment(&b, t.Anchor)
		b.WriteString(`">`)
		b.WriteString(strconv.Itoa(t.Number))
		b.WriteString("</a>\n        <span class=\"task-title\">")
		b.WriteString(t.TitleHTML)
		b.WriteString(`</span>`)
		writeStatus(&b, t.Status)
		b.WriteString("\n      </div>\n      <div class=\"task-meta\">")
		if len(t.Owners) > 0 {
			b.WriteString(`<span>owner `)
			b.WriteString(string(s.People(t.Owners)))
			b.WriteString(`</span>`)
		}
		if t.PlannedMinutes != nil {
			b.WriteString(`<span>planned `)
			writeText(&b, formatMinutes(t.PlannedMinutes))
			b.WriteString(`</span>`)
		}
		if t.ActualMinutes != nil {
			b.WriteString(`<span>actual `)
			writeText(&b, formatMinutes(t.ActualMinutes))
			b.WriteString(`</span>`)
		}
		if len(t.Tags) > 0 {
			b.WriteString(`<span>`)
			b.WriteString(string(TagLinks(t.Tags)))
			b.WriteString(`</span>`)
		}
		b.WriteString("\n      </div>")
		writeDetail(&b, `<div class="detail">`, t.DetailHTML)
		if len(t.Steps) > 0 {
			b.WriteString("\n      <ol class=\"steps\">")
			for j := range t.Steps {
				st := &t.Steps[j]
				b.WriteString("\n        <li id=\"")
				writeText(&b, st.Anchor)
				b.WriteString(`"><a class="num" href="#`)
				writeFragment(&b, st.Anchor)
				b.WriteString(`">`)
				writeText(&b, st.Number)
				b.WriteString(`</a> <span>`)
				b.WriteString(st.TitleHTML)
				b.WriteString(`</span>`)
				writeStatus(&b, st.Status)
				if len(st.Owners) > 0 || len(st.Tags) > 0 {
					b.WriteString(" ")
					b.WriteString(string(s.Meta(st.Owners, st.Tags)))
				}
				writeDetail(&b, `<div class="detail">`, st.DetailHTML)
				b.WriteString("\n        </li>")
			}
			b.WriteString("\n      </ol>")
		}
		b.WriteString("\n    </li>")
	}
	return template.HTML(b.String())
}

// NextTimeList writes the <li> of each next-time action: an open action
// past its due date is flagged overdue, as on the action board.
func (s *Site) NextTimeList(actions []model.Action) template.HTML {
	var b strings.Builder
	today := s.today()
	for i := range actions {
		a := &actions[i]
		b.WriteString("\n    <li id=\"")
		writeText(&b, a.Anchor)
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
		b.WriteString(a.HTML)
		b.WriteString("</span>\n      ")
		b.WriteString(string(s.Meta(a.Owners, a.Tags)))
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
			writeText(&b, a.Due.String())
			b.WriteString(`">`)
			writeText(&b, dayLabel(*a.Due))
			b.WriteString(`</time></span>`)
		}
		if a.DoneOn != nil {
			b.WriteString(` <span class="done-on">done <time datetime="`)
			writeText(&b, a.DoneOn.String())
			b.WriteString(`">`)
			writeText(&b, dayLabel(*a.DoneOn))
			b.WriteString(`</time></span>`)
		}
		writeExtra(&b, a.Extra)
		writeDetail(&b, `<div class="detail">`, a.DetailHTML)
		b.WriteString("\n    </li>")
	}
	return template.HTML(b.String())
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
	for i := range items {
		it := &items[i]
		b.WriteString("\n    <li id=\"")
		writeText(&b, it.Anchor)
		b.WriteString(`"><span class="text">`)
		b.WriteString(it.HTML)
		b.WriteString(`</span> `)
		b.WriteString(string(s.Meta(it.People, it.Tags)))
		writeDetail(&b, `<div class="detail replies">`, it.DetailHTML)
		s.writeReplies(&b, it.Replies)
		b.WriteString("\n    </li>")
	}
	return template.HTML(b.String())
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
// or in a quoted attribute value (its htmlEscaper and attrEscaper): NUL,
// the quotes, '&', '+', '<' and '>'. Those are all ASCII, so bytes are
// compared; everything else, invalid UTF-8 included, is copied.
func writeText(b *strings.Builder, s string) {
	done := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		b.WriteString(s[done:i])
		b.WriteString(repl)
		done = i + 1
	}
	b.WriteString(s[done:])
}

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
	writeEscapedBy(b, fragmentEscaper, s)
}

func writeURL(b *strings.Builder, s string) {
	if urlSafe(s, true) {
		b.WriteString(s)
		return
	}
	writeEscapedBy(b, urlEscaper, s)
}

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

// fragmentEscaper and urlEscaper hold s in the attribute context of the
// fragments above; writeEscapedBy keeps what they write between the quotes.
var (
	fragmentEscaper = template.Must(template.New("fragment").Parse(`<a href="#{{ . }}">`))
	urlEscaper      = template.Must(template.New("url").Parse(`<a href="{{ . }}">`))
)

func writeEscapedBy(b *strings.Builder, t *template.Template, s string) {
	var out strings.Builder
	if err := t.Execute(&out, s); err != nil {
		panic(err) // a string always executes
	}
	html := out.String()
	html = html[strings.Index(html, `"`)+1 : strings.LastIndex(html, `"`)]
	html = strings.TrimPrefix(html, "#")
	b.WriteString(html)
}
