package body

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"io"
	"regexp"
	"strings"
	"sync"
	"unique"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	gparser "github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Chroma styles of highlighted code: LightStyle by default, DarkStyle when the
// reader's system prefers a dark colour scheme (see CSS).
const (
	LightStyle = "github"
	DarkStyle  = "github-dark"
)

// NewMarkdown returns the Markdown converter every stage uses: CommonMark with
// GFM (tables, strikethrough, linkify, task lists) and footnotes, automatic
// heading ids that never take the form of an item anchor (task-2, task-2-1,
// went-well-1...), code highlighted by chroma with CSS classes (see CSS), a
// <br> tag read as a line break, other raw HTML omitted and links with dangerous destinations (javascript:...) turned
// into plain text. The value is safe for concurrent use.
func NewMarkdown() goldmark.Markdown {
	untimeLexers()
	return goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
		),
		// Fenced code: goldmark-highlighting's renderer, through code.go.
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(
			util.Prioritized(newCodeRenderer(), 100),
		)),
		goldmark.WithParserOptions(
			gparser.WithAutoHeadingID(),
			gparser.WithASTTransformers(util.Prioritized(safetyTransformer{}, 100)),
		),
		// No html.WithUnsafe: raw HTML is replaced by an HTML comment.
	)
}

// codeWrapper puts every code block in a box with a bar naming its language
// (the theme's script adds a copy button to the bar) and a scroll area that a
// keyboard can reach, so a long line scrolls inside the block, not the page.
// Chroma writes the <pre> of a highlighted block; for any other block the
// wrapper writes it.
func codeWrapper(w util.BufWriter, c highlighting.CodeBlockContext, entering bool) {
	lang, _ := c.Language()
	if entering {
		openCode(w, lang, c.Highlighted())
	} else {
		closeCode(w, c.Highlighted())
	}
}

// openCode writes what codeWrapper writes before a block's code.
func openCode(w io.StringWriter, lang []byte, highlighted bool) {
	name := stdhtml.EscapeString(string(lang))
	_, _ = w.WriteString(`<div class="code"`)
	if name != "" {
		_, _ = w.WriteString(` data-lang="` + name + `"`)
	}
	_, _ = w.WriteString(`><div class="code-bar">`)
	if name != "" {
		_, _ = w.WriteString(`<span class="code-lang">` + name + `</span>`)
	}
	label := "code"
	if name != "" {
		label = name + " code"
	}
	_, _ = w.WriteString(`</div><div class="code-scroll" tabindex="0" role="region" aria-label="` + label + `">`)
	if !highlighted {
		_, _ = w.WriteString("<pre><code")
		if name != "" {
			_, _ = w.WriteString(` class="language-` + name + `"`)
		}
		_, _ = w.WriteString(">")
	}
}

// closeCode writes what codeWrapper writes after a block's code.
func closeCode(w io.StringWriter, highlighted bool) {
	if !highlighted {
		_, _ = w.WriteString("</code></pre>")
	}
	_, _ = w.WriteString("</div></div>\n")
}

var (
	mdOnce   sync.Once
	mdShared goldmark.Markdown
)

// markdown returns the package's shared converter.
func markdown() goldmark.Markdown {
	mdOnce.Do(func() { mdShared = NewMarkdown() })
	return mdShared
}

// reservedID matches the anchors the generator gives to tasks, steps and items:
// no heading may take one of them.
var reservedID = regexp.MustCompile(`^(task-[0-9]+(-[0-9]+)?|went-well-[0-9]+|went-wrong-[0-9]+|action-[0-9]+|idea-[0-9]+|lucky-[0-9]+)$`)

// safetyTransformer renames heading ids that look like item anchors (prefix
// "h-") and unwraps links whose destination is dangerous.
type safetyTransformer struct{}

func (safetyTransformer) Transform(doc *ast.Document, reader text.Reader, pc gparser.Context) {
	var headings []*ast.Heading
	var unsafe []ast.Node
	var breaks []*ast.RawHTML
	used := map[string]bool{}
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if id, ok := headingID(n); ok {
				used[id] = true
				headings = append(headings, n)
			}
		case *ast.Link:
			if html.IsDangerousURL(n.Destination) {
				unsafe = append(unsafe, n)
			}
		case *ast.AutoLink:
			if html.IsDangerousURL(n.URL(src)) {
				unsafe = append(unsafe, n)
			}
		case *ast.RawHTML:
			if isBreakTag(rawHTML(n, src)) {
				breaks = append(breaks, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range breaks {
		// A <br> as wiki exports and table cells have it is a line break,
		// not raw HTML to drop: the words on either side stay apart.
		if parent := n.Parent(); parent != nil {
			end := n.Segments.At(n.Segments.Len() - 1).Stop
			t := ast.NewTextSegment(text.NewSegment(end, end))
			t.SetHardLineBreak(true)
			parent.ReplaceChild(parent, n, t)
		}
	}
	for _, h := range headings {
		id, _ := headingID(h)
		if !reservedID.MatchString(id) {
			continue
		}
		base := "h-" + id
		c := base
		for i := 1; used[c]; i++ {
			c = fmt.Sprintf("%s-%d", base, i)
		}
		used[c] = true
		h.SetAttributeString("id", []byte(c))
	}
	for _, n := range unsafe {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		if al, ok := n.(*ast.AutoLink); ok {
			s := ast.NewString(al.Label(src))
			parent.ReplaceChild(parent, n, s)
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// breakTag matches a line break tag: <br>, <br/>, <BR />.
var breakTag = regexp.MustCompile(`^(?i)<br\s*/?>$`)

// isBreakTag reports whether inline raw HTML is a line break tag.
func isBreakTag(raw string) bool { return breakTag.MatchString(raw) }

// rawHTML is the source text of an inline raw HTML node.
func rawHTML(n *ast.RawHTML, src []byte) string {
	var b strings.Builder
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		b.Write(seg.Value(src))
	}
	return b.String()
}

// headingID returns a heading's id attribute.
func headingID(h *ast.Heading) (string, bool) {
	v, ok := h.AttributeString("id")
	if !ok {
		return "", false
	}
	switch v := v.(type) {
	case []byte:
		return string(v), true
	case string:
		return v, true
	}
	return "", false
}

// keptHeadingID is a heading's id as the model keeps it (a section's
// anchor, the body's HeadingIDs): interned, as the same few ids (tasks,
// what-went-well, timeline) head every window.
func keptHeadingID(h *ast.Heading) (string, bool) {
	id, ok := headingID(h)
	if !ok {
		return "", false
	}
	return unique.Make(id).Value(), true
}

var (
	cssOnce sync.Once
	cssText string
)

// CSS returns the stylesheet of highlighted code: the light style, then the dark
// style inside @media (prefers-color-scheme: dark). Every property the light
// style sets and the dark one does not is reset (unset) in the dark block, so no
// light colour leaks into dark mode. The generic .bg rule of chroma is left out.
func CSS() string {
	cssOnce.Do(func() { cssText = buildCSS() })
	return cssText
}

type cssRule struct {
	selector string
	decls    [][2]string
}

func styleRules(name string) []cssRule {
	var buf bytes.Buffer
	f := chromahtml.New(chromahtml.WithClasses(true))
	_ = f.WriteCSS(&buf, styles.Get(name))
	var rules []cssRule
	for _, line := range strings.Split(buf.String(), "\n") {
		if i := strings.Index(line, "*/"); i >= 0 {
			line = line[i+2:]
		}
		open, end := strings.IndexByte(line, '{'), strings.LastIndexByte(line, '}')
		if open < 0 || end < open {
			continue
		}
		r := cssRule{selector: strings.TrimSpace(line[:open])}
		if r.selector == ".bg" {
			continue
		}
		for _, d := range strings.Split(line[open+1:end], ";") {
			k, v, ok := strings.Cut(d, ":")
			if !ok {
				continue
			}
			r.decls = append(r.decls, [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
		}
		rules = append(rules, r)
	}
	return rules
}

func writeRule(b *strings.Builder, indent string, r cssRule) {
	b.WriteString(indent + r.selector + " {")
	for i, d := range r.decls {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(" " + d[0] + ": " + d[1])
	}
	b.WriteString(" }\n")
}

// prefixed is r with prefix before each of its selectors.
func prefixed(prefix string, r cssRule) cssRule {
	parts := strings.Split(r.selector, ",")
	for i, p := range parts {
		parts[i] = prefix + strings.TrimSpace(p)
	}
	return cssRule{selector: strings.Join(parts, ", "), decls: r.decls}
}

func buildCSS() string {
	light, dark := styleRules(LightStyle), styleRules(DarkStyle)
	var b strings.Builder
	b.WriteString("/* Code highlighting (chroma " + LightStyle + " / " + DarkStyle + "), generated by wrapup. */\n")
	for _, r := range light {
		writeRule(&b, "", r)
	}
	darkBy := map[string]*cssRule{}
	for i := range dark {
		darkBy[dark[i].selector] = &dark[i]
	}
	var extra []cssRule
	for _, r := range light {
		d := darkBy[r.selector]
		if d == nil {
			extra = append(extra, cssRule{selector: r.selector})
			d = &extra[len(extra)-1]
		}
		// Reset the light properties the dark rule does not set, before the
		// dark rule's own declarations.
		var resets [][2]string
		for _, ld := range r.decls {
			found := false
			for _, dd := range d.decls {
				if dd[0] == ld[0] {
					found = true
					break
				}
			}
			if !found {
				resets = append(resets, [2]string{ld[0], "unset"})
			}
		}
		d.decls = append(resets, d.decls...)
	}
	// The dark style follows the system unless the reader chose light with
	// the theme's switch (data-scheme on <html>), and applies whenever they
	// chose dark.
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	for _, r := range append(dark, extra...) {
		writeRule(&b, "  ", prefixed(`:root:not([data-scheme="light"]) `, r))
	}
	b.WriteString("}\n")
	for _, r := range append(dark, extra...) {
		writeRule(&b, "", prefixed(`:root[data-scheme="dark"] `, r))
	}
	return b.String()
}
