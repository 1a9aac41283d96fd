// Package body parses the Markdown body of a window file into its wiki-style
// sections, the data tokens of their list items, and rendered HTML
// (FORMAT.md: "The body: wiki-style sections", rules 7-18, 20 and 28).
//
// The body is parsed once with goldmark; the walk over its AST finds the
// level-2 sections, turns the lists of the known sections into tasks, items and
// actions, scans the first paragraph of each entry for tokens, edits that
// paragraph's AST to take the tokens out, and renders it.
package body

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// Options describe the window the body belongs to.
type Options struct {
	Path      string     // source path, for diagnostics
	FirstLine int        // file line number of the body's first line (after front matter)
	Held      bool       // the window has an end: task statuses required, actual: allowed
	Start     model.Date // the window's start date, for the due-before-start warning
}

// Result is what a window body holds.
type Result struct {
	Summary    string // plain text of the first paragraph before any heading, else ""
	Tasks      []model.Task
	WentWell   []model.Item
	WentWrong  []model.Item
	Actions    []model.Action
	Ideas      []model.Item
	Sections   []model.Section
	Links      []model.Link
	HeadingIDs []string
}

// Parse parses a window body. Diagnostics carry file positions (Options.Path,
// lines offset by Options.FirstLine). It is safe for concurrent use.
func Parse(src []byte, opts Options) (Result, diag.List) {
	p := newParser(src, opts.Path, opts.FirstLine)
	p.opts = opts
	doc := p.md.Parser().Parse(text.NewReader(p.src))
	p.res = Result{
		Tasks:     []model.Task{},
		WentWell:  []model.Item{},
		WentWrong: []model.Item{},
		Actions:   []model.Action{},
		Ideas:     []model.Item{},
		Sections:  []model.Section{},
	}
	p.res.Links, p.res.HeadingIDs = p.collect(doc)
	p.res.Summary = p.summary(doc, true)
	p.sections(doc)
	return p.res, p.diags
}

// Page is a rendered free page or home intro body.
type Page struct {
	HTML       string
	Text       string
	Summary    string // plain text of the first paragraph
	Links      []model.Link
	HeadingIDs []string
}

// ParsePage renders a free page body (no sections, no tokens). Summary is the
// plain text of the body's first top-level paragraph.
func ParsePage(src []byte, path string, firstLine int) (Page, diag.List) {
	p := newParser(src, path, firstLine)
	doc := p.md.Parser().Parse(text.NewReader(p.src))
	var pg Page
	pg.Links, pg.HeadingIDs = p.collect(doc)
	pg.Summary = p.summary(doc, false)
	pg.Text = plainBlocks([]ast.Node{doc}, p.src)
	pg.HTML = p.render(doc)
	return pg, p.diags
}

// parser holds the state of one Parse or ParsePage call.
type parser struct {
	src   []byte
	path  string
	first int
	opts  Options
	md    goldmark.Markdown
	lines []int // offset of each line's first byte
	diags diag.List
	res   Result
	buf   bytes.Buffer
	bw    *bufio.Writer
}

func newParser(src []byte, path string, firstLine int) *parser {
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	if firstLine < 1 {
		firstLine = 1
	}
	p := &parser{src: src, path: path, first: firstLine, md: markdown()}
	p.lines = append(make([]int, 0, 64), 0)
	for i, c := range src {
		if c == '\n' {
			p.lines = append(p.lines, i+1)
		}
	}
	p.bw = bufio.NewWriterSize(&p.buf, 1024)
	return p
}

// position returns the file line and 1-based byte column of a body offset; 0, 0
// when the offset is unknown.
func (p *parser) position(off int) (line, col int) {
	if off < 0 || off > len(p.src) {
		return 0, 0
	}
	i := sort.Search(len(p.lines), func(i int) bool { return p.lines[i] > off }) - 1
	return i + p.first, off - p.lines[i] + 1
}

func (p *parser) line(off int) int {
	l, _ := p.position(off)
	return l
}

func (p *parser) errorf(off int, format string, args ...any) {
	l, c := p.position(off)
	p.diags.Errorf(p.path, l, c, format, args...)
}

func (p *parser) warnf(off int, format string, args ...any) {
	l, c := p.position(off)
	p.diags.Warnf(p.path, l, c, format, args...)
}

// render returns the HTML of nodes.
func (p *parser) render(nodes ...ast.Node) string {
	if len(nodes) == 0 {
		return ""
	}
	p.buf.Reset()
	for _, n := range nodes {
		_ = p.md.Renderer().Render(p.bw, p.src, n)
	}
	_ = p.bw.Flush()
	return p.buf.String()
}

// renderInline returns the HTML of a paragraph's content, without <p>.
func (p *parser) renderInline(para ast.Node) string {
	s := strings.TrimSpace(p.render(para))
	if strings.HasPrefix(s, "<p>") && strings.HasSuffix(s, "</p>") {
		s = strings.TrimSpace(s[3 : len(s)-4])
	}
	return s
}

// collect returns the body's link destinations and heading ids.
func (p *parser) collect(doc ast.Node) ([]model.Link, []string) {
	links, ids := []model.Link{}, []string{}
	add := func(dest string, off int) {
		l, c := p.position(off)
		links = append(links, model.Link{Dest: dest, Line: l, Col: c})
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if id, ok := headingID(n); ok {
				ids = append(ids, id)
			}
		case *ast.Link:
			add(string(n.Destination), n.Pos())
		case *ast.Image:
			add(string(n.Destination), n.Pos())
		case *ast.AutoLink:
			off := n.Pos()
			if off >= 0 && off < len(p.src) {
				if i := bytes.Index(p.src[off:], n.Label(p.src)); i >= 0 {
					off += i
				}
			}
			add(string(n.URL(p.src)), off)
		}
		return ast.WalkContinue, nil
	})
	return links, ids
}

// summary is the plain text of the first top-level paragraph (before any
// heading when beforeHeading), else "".
func (p *parser) summary(doc ast.Node, beforeHeading bool) string {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		switch n.(type) {
		case *ast.Paragraph:
			return plainInline(n, p.src)
		case *ast.Heading:
			if beforeHeading {
				return ""
			}
		}
	}
	return ""
}

// section is a section being built.
type section struct {
	model.Section
	blocks  []ast.Node // narrative blocks, for Text
	pending []ast.Node // narrative blocks not yet in a Part
	content bool
	offset  int // heading offset
}

func (s *section) known() bool {
	return s.Kind != model.SectionIntro && s.Kind != model.SectionFree
}

func (p *parser) sections(doc ast.Node) {
	cur := &section{Section: model.Section{Kind: model.SectionIntro}}
	seen := map[model.SectionKind]int{}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 2 {
			p.closeSection(cur)
			cur = p.openSection(h, seen)
			continue
		}
		if h, ok := n.(*ast.Heading); ok && h.Level == 1 {
			if text := plainInline(h, p.src); text != "" {
				if kind, _ := matchHeading(text); kind != model.SectionFree {
					p.warnf(h.Pos(), "heading %q is level 1, so it opens no section: write it as a level-2 heading (## %s)", text, text)
				}
			}
		}
		if !cur.content && cur.Kind == model.SectionIntro {
			cur.Line = p.line(n.Pos())
		}
		cur.content = true
		if list, ok := n.(*ast.List); ok && cur.known() {
			p.flush(cur)
			cur.Parts = append(cur.Parts, p.list(cur.Kind, list))
			continue
		}
		cur.pending = append(cur.pending, n)
		cur.blocks = append(cur.blocks, n)
	}
	p.closeSection(cur)
}

func (p *parser) openSection(h *ast.Heading, seen map[model.SectionKind]int) *section {
	s := &section{offset: h.Pos()}
	s.Heading = plainInline(h, p.src)
	s.Anchor, _ = headingID(h)
	s.Line = p.line(h.Pos())
	s.Parts = []model.Part{}
	kind, suggestion := matchHeading(s.Heading)
	s.Kind = kind
	if suggestion != "" {
		p.warnf(h.Pos(), "heading %q is not a known section name, so its content is free text: did you mean %q?", s.Heading, suggestion)
	}
	if s.known() {
		if line, dup := seen[kind]; dup {
			p.errorf(h.Pos(), "the %s section appears twice, at lines %d and %d: merge the two into one section", sectionName[kind], line, s.Line)
		} else {
			seen[kind] = s.Line
		}
	}
	return s
}

// flush turns the pending narrative blocks of s into one HTML part.
func (p *parser) flush(s *section) {
	if len(s.pending) == 0 {
		return
	}
	s.Parts = append(s.Parts, model.Part{HTML: p.render(s.pending...)})
	s.pending = s.pending[:0]
}

func (p *parser) closeSection(s *section) {
	p.flush(s)
	if s.Kind == model.SectionIntro && !s.content {
		return
	}
	if s.known() && !s.content {
		p.warnf(s.offset, "the %s section %q is empty: add its list or remove the heading", sectionName[s.Kind], s.Heading)
	}
	if s.Parts == nil {
		s.Parts = []model.Part{}
	}
	s.Text = plainBlocks(s.blocks, p.src)
	p.res.Sections = append(p.res.Sections, s.Section)
}

// list turns a top-level list of a known section into entries.
func (p *parser) list(kind model.SectionKind, list *ast.List) model.Part {
	part := model.Part{List: true, Ordered: list.IsOrdered()}
	items := func(f func(li ast.Node)) {
		for li := list.FirstChild(); li != nil; li = li.NextSibling() {
			f(li)
		}
	}
	switch kind {
	case model.SectionTasks:
		if !list.IsOrdered() {
			p.errorf(list.Pos(), "the Tasks section must be an ordered list: number the tasks (1. 2. 3.) instead of starting them with %q", string(list.Marker))
		}
		part.From = len(p.res.Tasks)
		items(func(li ast.Node) { p.res.Tasks = append(p.res.Tasks, p.task(li, len(p.res.Tasks)+1)) })
		part.To = len(p.res.Tasks)
	case model.SectionWentWell, model.SectionWentWrong, model.SectionIdeas:
		dst, ctx, anchor := p.spokenList(kind)
		part.From = len(*dst)
		items(func(li ast.Node) { *dst = append(*dst, p.spoken(li, ctx, fmt.Sprintf("%s-%d", anchor, len(*dst)+1))) })
		part.To = len(*dst)
	case model.SectionNextTime:
		part.From = len(p.res.Actions)
		items(func(li ast.Node) { p.res.Actions = append(p.res.Actions, p.action(li, len(p.res.Actions)+1)) })
		part.To = len(p.res.Actions)
	}
	return part
}

// spokenList returns where the items of a went-well, went-wrong or ideas
// section go, their token context and their anchors' prefix.
func (p *parser) spokenList(kind model.SectionKind) (*[]model.Item, ctxKind, string) {
	switch kind {
	case model.SectionWentWell:
		return &p.res.WentWell, ctxWentWell, "went-well"
	case model.SectionWentWrong:
		return &p.res.WentWrong, ctxWentWrong, "went-wrong"
	default:
		return &p.res.Ideas, ctxIdea, "idea"
	}
}

func (p *parser) task(li ast.Node, num int) model.Task {
	t := model.Task{
		Number: num,
		Anchor: fmt.Sprintf("task-%d", num),
		Line:   p.line(li.Pos()),
		Steps:  []model.Step{},
	}
	info, rest := p.item(li, ctxTask)
	t.Title, t.TitleHTML, t.Owners, t.Tags = info.text, info.html, info.handles, info.tags
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
			for s := l.FirstChild(); s != nil; s = s.NextSibling() {
				t.Steps = append(t.Steps, p.step(s, num, len(t.Steps)+1))
			}
			continue
		}
		detail = append(detail, c)
	}
	t.DetailHTML = p.render(detail...)
	return t
}

func (p *parser) step(li ast.Node, task, num int) model.Step {
	info, rest := p.item(li, ctxStep)
	return model.Step{
		Number:     fmt.Sprintf("%d.%d", task, num),
		Anchor:     fmt.Sprintf("task-%d-%d", task, num),
		Title:      info.text,
		TitleHTML:  info.html,
		DetailHTML: p.render(rest...),
		Owners:     info.handles,
		Tags:       info.tags,
		Status:     info.status,
		Line:       p.line(li.Pos()),
	}
}

func (p *parser) spoken(li ast.Node, ctx ctxKind, anchor string) model.Item {
	info, rest := p.item(li, ctx)
	it := model.Item{
		Anchor:      anchor,
		Text:        info.text,
		HTML:        info.html,
		People:      info.handles,
		Tags:        info.tags,
		ReplyPeople: []string{},
		Line:        p.line(li.Pos()),
	}
	it.DetailHTML, it.Replies = p.detailAndReplies(rest, ctx, &it.ReplyPeople)
	return it
}

// detailAndReplies splits what follows an item's first paragraph: nested
// lists are replies (FORMAT.md rule 16), read like items (tokens out of the
// text, who wrote them kept apart) for the theme to draw; everything else is
// rendered as the item's detail. The replies' handles are added to speakers.
func (p *parser) detailAndReplies(nodes []ast.Node, ctx ctxKind, speakers *[]string) (string, []model.Reply) {
	var detail []ast.Node
	var replies []model.Reply
	for _, c := range nodes {
		l, ok := c.(*ast.List)
		if !ok {
			detail = append(detail, c)
			continue
		}
		for li := l.FirstChild(); li != nil; li = li.NextSibling() {
			info, rest := p.item(li, ctx)
			for _, h := range info.handles {
				addOnce(speakers, h)
			}
			r := model.Reply{HTML: info.html, People: info.handles, Tags: info.tags}
			r.DetailHTML, r.Replies = p.detailAndReplies(rest, ctx, speakers)
			replies = append(replies, r)
		}
	}
	return p.render(detail...), replies
}

func (p *parser) action(li ast.Node, num int) model.Action {
	info, rest := p.item(li, ctxAction)
	a := model.Action{
		Anchor:     fmt.Sprintf("action-%d", num),
		Text:       info.text,
		HTML:       info.html,
		DetailHTML: p.render(rest...),
		Owners:     info.handles,
		Tags:       info.tags,
		Due:        info.due,
		Done:       info.checked,
		DoneOn:     info.done,
		Line:       p.line(li.Pos()),
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

// ctxKind says where an item stands, which decides what its tokens mean.
type ctxKind int

const (
	ctxTask ctxKind = iota
	ctxStep
	ctxWentWell
	ctxWentWrong
	ctxIdea
	ctxAction
)

func (c ctxKind) String() string {
	switch c {
	case ctxTask:
		return "a task"
	case ctxStep:
		return "a step"
	case ctxWentWell:
		return "a went-well item"
	case ctxWentWrong:
		return "a went-wrong item"
	case ctxIdea:
		return "an idea"
	default:
		return "a next-time action"
	}
}

// itemInfo is what the first paragraph of an item says.
type itemInfo struct {
	text, html      string
	handles, tags   []string
	status          string
	planned, actual *int
	due, done       *model.Date
	checked         bool
	statusSeen      bool // a bracketed word, known or not
	seen            map[string]bool
	actualOff       int
	dueOff, doneOff int
}

// item reads an item's first paragraph (its text and tokens) and returns the
// item's other children.
func (p *parser) item(li ast.Node, ctx ctxKind) (itemInfo, []ast.Node) {
	info := itemInfo{handles: []string{}, tags: []string{}}
	first := li.FirstChild()
	var rest []ast.Node
	if first == nil {
		return info, nil
	}
	switch first.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		for c := first.NextSibling(); c != nil; c = c.NextSibling() {
			rest = append(rest, c)
		}
	default:
		for c := first; c != nil; c = c.NextSibling() {
			rest = append(rest, c)
		}
		return info, rest
	}
	p.tokens(first, ctx, &info)
	info.html = p.renderInline(first)
	info.text = plainInline(first, p.src)
	return info, rest
}

var (
	durationRe = regexp.MustCompile(`^(?:([0-9]+)h)?(?:([0-9]+)m)?$`)
	dateRe     = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
)

// parseDuration reads a duration token's value in minutes (FORMAT.md rule 12).
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

func addOnce(list *[]string, v string) {
	for _, x := range *list {
		if x == v {
			return
		}
	}
	*list = append(*list, v)
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
// bad ones, and edits the paragraph's AST for display (FORMAT.md rule 9): a
// trailing run of tokens goes, with the spaces and , ; . between them; inside
// the sentence a handle or tag loses its sigil, a status or key:value goes. Raw
// HTML and the checkbox of an action go too.
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
					info.status = t.value
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

// isRunSep reports whether c may sit between the tokens of a trailing run.
func isRunSep(c byte) bool { return isSpace(c) || c == ',' || c == ';' || c == '.' }

// endsEntity reports whether s ends with an HTML character reference
// (&gt; &#62; &#x3E;): its ';' belongs to it, not to the run of tokens
// after it, and "&gt;" cut to "&gt" would show as that text.
func endsEntity(s string) bool {
	if !strings.HasSuffix(s, ";") {
		return false
	}
	amp := strings.LastIndexByte(s, '&')
	if amp < 0 {
		return false
	}
	name := s[amp+1 : len(s)-1]
	if hex, ok := strings.CutPrefix(strings.ToLower(name), "#x"); ok {
		return hex != "" && strings.Trim(hex, "0123456789abcdef") == ""
	}
	if dec, ok := strings.CutPrefix(name, "#"); ok {
		return dec != "" && strings.Trim(dec, "0123456789") == ""
	}
	if name == "" || !isLetter(name[0]) {
		return false
	}
	for i := 0; i < len(name); i++ {
		if !isAlnum(name[i]) {
			return false
		}
	}
	return true
}

// editsFor marks the bytes of s to delete for display (FORMAT.md rule 9).
func editsFor(s string, toks []token) []bool {
	del := make([]bool, len(s))
	inRun := make([]bool, len(toks))
	pos, k, runStart, lastEnd := len(s), len(toks)-1, -1, -1
	for k >= 0 {
		q := pos
		for q > 0 && isRunSep(s[q-1]) {
			q--
		}
		if toks[k].end != q {
			break
		}
		if lastEnd < 0 {
			lastEnd = toks[k].end
		}
		inRun[k], runStart, pos = true, toks[k].start, toks[k].start
		k--
	}
	if runStart >= 0 {
		a := runStart
		for a > 0 && (isSpace(s[a-1]) || s[a-1] == ',' || s[a-1] == ';' && !endsEntity(s[:a])) {
			a--
		}
		// A full stop written after the run ends the sentence: keep it, unless
		// the sentence already ends with one.
		keep := -1
		last := len(s) - 1
		for last >= 0 && isSpace(s[last]) {
			last--
		}
		if last >= lastEnd && s[last] == '.' && a > 0 && !strings.ContainsRune(".!?:", rune(s[a-1])) {
			keep = last
		}
		for i := a; i < len(s); i++ {
			if i != keep {
				del[i] = true
			}
		}
	}
	for i, t := range toks {
		if inRun[i] {
			continue
		}
		switch t.kind {
		case tokHandle, tokTag:
			del[t.start] = true
		default:
			for j := t.start; j < t.end; j++ {
				del[j] = true
			}
			if t.end < len(s) && isSpace(s[t.end]) && !del[t.end] {
				del[t.end] = true
			} else if t.start > 0 && isSpace(s[t.start-1]) && !del[t.start-1] {
				del[t.start-1] = true
			}
		}
	}
	return del
}

// applyEdits replaces the Text nodes of f that lose bytes by Text nodes of the
// bytes that stay.
func applyEdits(f *flat, del []bool) {
	for _, pc := range f.pieces {
		if pc.text == nil {
			continue
		}
		touched := false
		for i := pc.start; i < pc.end; i++ {
			if del[i] {
				touched = true
				break
			}
		}
		if !touched {
			continue
		}
		old := pc.text
		parent := old.Parent()
		if parent == nil {
			continue
		}
		seg := old.Segment
		var nodes []*ast.Text
		for i := 0; i < pc.n; {
			if del[pc.start+i] {
				i++
				continue
			}
			j := i
			for j < pc.n && !del[pc.start+j] {
				j++
			}
			t := ast.NewTextSegment(text.NewSegment(seg.Start+i, seg.Start+j))
			t.SetRaw(old.IsRaw())
			nodes = append(nodes, t)
			i = j
		}
		if pc.brk && !del[pc.start+pc.n] {
			if len(nodes) == 0 {
				nodes = append(nodes, ast.NewTextSegment(text.NewSegment(seg.Stop, seg.Stop)))
			}
			last := nodes[len(nodes)-1]
			last.SetSoftLineBreak(old.SoftLineBreak())
			last.SetHardLineBreak(old.HardLineBreak())
		}
		for _, t := range nodes {
			parent.InsertBefore(parent, old, t)
		}
		parent.RemoveChild(parent, old)
	}
}

// dropRawHTML removes the inline raw HTML of an item's first paragraph, and the
// emphasis left empty by token removal.
func dropRawHTML(n ast.Node) {
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		switch c.(type) {
		case *ast.RawHTML:
			n.RemoveChild(n, c)
		case *ast.Emphasis, *east.Strikethrough:
			dropRawHTML(c)
			if c.ChildCount() == 0 {
				n.RemoveChild(n, c)
			}
		case *ast.Link:
			dropRawHTML(c)
		}
		c = next
	}
}
