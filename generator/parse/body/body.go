// Package body parses the Markdown body of a window file into its wiki-style
// sections, the data tokens of their list items, and rendered HTML
// (docs/authoring.md: "The body: sections", "Markers inside list items",
// "Tasks, steps and statuses", "Action items" and "Replies").
//
// The body is parsed once with goldmark; the walk over its AST finds the
// sections, turns the lists of the known sections into tasks, items and
// actions, scans the first paragraph of each entry for tokens, edits that
// paragraph's AST to take the tokens out, and renders it. As in goldmark's
// parser folder, each construct has its file: headings.go (the heading
// table), sections.go (the walk into sections), items.go (lists and spoken
// items), tasks.go (tasks, steps, statuses), actions.go and actiontable.go
// (next-time lists and tables), freelists.go (data in free sections),
// itemtokens.go (reading an item's tokens), edits.go (taking them out of the
// text), tokens.go (the token scanner) and text.go (plain text).
package body

import (
	"bufio"
	"bytes"
	"sort"
	"strings"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Options describe the window the body belongs to.
type Options struct {
	Path      string     // source path, for diagnostics
	FirstLine int        // file line number of the body's first line (after front matter)
	Held      bool       // the window has an end: task statuses required, actual: allowed
	Start     model.Date // the window's start date, for the due-before-start warning
	Title     string     // the window's title: a level-1 heading at the top repeating it is not shown twice
	// PersonByName returns the handle of the people.yaml entry whose name is
	// name (an action table's owner written without @), or false; nil when
	// the site has no people.yaml.
	PersonByName func(name string) (string, bool)
	// Attendees are the window's attendees: an item's or task's list of
	// one of them is a slice of this list (shareLists), which must not
	// change afterwards.
	Attendees []string
}

// Result is what a window body holds.
type Result struct {
	Summary   string // plain text of the first paragraph before any heading, else ""
	Tasks     []model.Task
	WentWell  []model.Item
	WentWrong []model.Item
	Lucky     []model.Item
	Actions   []model.Action
	Ideas     []model.Item
	// CustomerNotice is the customer notice section (docs/authoring.md, "The
	// body: sections", Customer notice), nil without one.
	CustomerNotice *model.CustomerNotice
	Sections       []model.Section
	Links          []model.Link
	HeadingIDs     []string
}

// Parse parses a window body. Diagnostics carry file positions (Options.Path,
// lines offset by Options.FirstLine). It is safe for concurrent use.
func Parse(src []byte, opts Options) (Result, diag.List) {
	res, diags := parseLoose(src, opts)
	compact(&res)
	shareLists(&res, opts.Attendees)
	return res, diags
}

// parseLoose is Parse with each string of the result in an allocation of
// its own.
func parseLoose(src []byte, opts Options) (Result, diag.List) {
	p := newParser(src, opts.Path, opts.FirstLine)
	p.opts = opts
	doc := p.md.Parser().Parse(text.NewReader(p.src))
	p.res = Result{
		Tasks:     []model.Task{},
		WentWell:  []model.Item{},
		WentWrong: []model.Item{},
		Lucky:     []model.Item{},
		Actions:   []model.Action{},
		Ideas:     []model.Item{},
		Sections:  []model.Section{},
	}
	p.res.Links, p.res.HeadingIDs = p.collect(doc)
	// Kept to the end of the build: of their exact size.
	p.res.Links, p.res.HeadingIDs = exact(p.res.Links), exact(p.res.HeadingIDs)
	p.dropTitleHeading(doc)
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

// collect returns the body's links and heading ids. Each link into the site
// is resolved to its root-relative URL (links.go) and the node's destination
// is set to it, so that the page renders the resolved link.
func (p *parser) collect(doc ast.Node) ([]model.Link, []string) {
	links, ids := []model.Link{}, []string{}
	add := func(written, dest string, internal bool, off int) {
		l, c := p.position(off)
		out := !internal && !strings.HasPrefix(dest, "#") && !strings.HasPrefix(dest, "?")
		links = append(links, model.Link{Dest: dest, Written: written, Out: out, Line: l, Col: c})
	}
	page := pageURL(p.path)
	htmlWarned := map[ast.Node]bool{} // blocks whose raw HTML has been warned about
	var paths []*ast.Link
	defer func() {
		for _, l := range paths {
			unlinkPath(l)
		}
	}()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if id, ok := keptHeadingID(n); ok {
				ids = append(ids, id)
			}
		case *ast.Link:
			written := string(n.Destination)
			if isWindowsPath(written) {
				paths = append(paths, n)
				return ast.WalkSkipChildren, nil
			}
			href, internal := resolveLink(page, p.path, written)
			n.Destination = []byte(href)
			add(written, href, internal, n.Pos())
		case *ast.Image:
			written := string(n.Destination)
			href, internal := resolveLink(page, p.path, written)
			n.Destination = []byte(href)
			add(written, href, internal, n.Pos())
		case *ast.HTMLBlock:
			if n.HTMLBlockType != ast.HTMLBlockType2 { // a comment is a note to editors
				p.warnf(n.Pos(), "this HTML is left out of the page: HTML written in a page is never published, for safety; write it in Markdown (text as a paragraph, **bold**, [words](url), a table as | a | b |)")
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			raw := rawHTML(n, p.src)
			if strings.HasPrefix(raw, "<!--") || strings.HasPrefix(raw, "</") || htmlWarned[n.Parent()] {
				break
			}
			htmlWarned[n.Parent()] = true
			off := n.Pos()
			if n.Segments.Len() > 0 {
				off = n.Segments.At(0).Start
			}
			tag := raw
			if i := strings.IndexAny(tag, " \t\n/>"); i > 1 {
				tag = tag[:i] + ">"
			}
			p.warnf(off, "the HTML tag %s is left out of the page (HTML written in a page is never published, for safety; the words around it stay): write it in Markdown (**bold**, [words](url), ![alt](image.png))", tag)
		case *ast.AutoLink:
			off := n.Pos()
			if off >= 0 && off < len(p.src) {
				if i := bytes.Index(p.src[off:], n.Label(p.src)); i >= 0 {
					off += i
				}
			}
			dest := string(n.URL(p.src))
			if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
				// goldmark's renderer adds mailto: to an e-mail autolink; the
				// link is the same for the checker.
				dest = "mailto:" + dest
			}
			add(string(n.Label(p.src)), dest, false, off)
		}
		return ast.WalkContinue, nil
	})
	return links, ids
}

// dropTitleHeading takes out a level-1 heading at the top of the body that
// repeats the window's title (docs/authoring.md, "The body: sections", A title
// heading): the page shows the title already, and the summary is then the
// paragraph after it.
func (p *parser) dropTitleHeading(doc ast.Node) {
	h, ok := doc.FirstChild().(*ast.Heading)
	if !ok || h.Level != 1 || p.opts.Title == "" {
		return
	}
	if normalizeHeading(plainInline(h, p.src)) == normalizeHeading(p.opts.Title) {
		doc.RemoveChild(doc, h)
	}
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

// exact is s in an array of its own length when appending left spare room
// (the last doubling's unused half), else s.
func exact[S ~[]E, E any](s S) S {
	if cap(s) == len(s) {
		return s
	}
	return append(make(S, 0, len(s)), s...)
}
