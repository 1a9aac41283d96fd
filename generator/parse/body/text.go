package body

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// piece is a part of a flat text: a Text node's segment (plus a virtual "\n" for
// its line break), or one barrier character standing for anything else.
type piece struct {
	text       *ast.Text // nil for a barrier
	start, end int       // range in flat.s, the line break included
	n          int       // length of the segment part
	brk        bool      // a soft or hard line break follows the segment
}

// flat is the unprotected text of a paragraph, as one string: the segments of
// its Text nodes in order, with code spans, links, images, autolinks, raw HTML
// and text inside inline HTML elements each replaced by one barrier byte.
type flat struct {
	s      string
	pieces []piece
}

// srcOffset maps an index of f.s that lies in a text piece to a source offset.
func (f *flat) srcOffset(i int) int {
	for _, p := range f.pieces {
		if p.text != nil && i >= p.start && i < p.end {
			return p.text.Segment.Start + min(i-p.start, p.n)
		}
	}
	return -1
}

var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true,
}

// htmlDepthDelta says whether an inline raw HTML node opens (+1) or closes (-1)
// an element; comments, processing instructions and void or self-closed
// elements give 0.
func htmlDepthDelta(n *ast.RawHTML, src []byte) int {
	if n.Segments == nil || n.Segments.Len() == 0 {
		return 0
	}
	var v []byte
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		v = append(v, seg.Value(src)...)
	}
	if len(v) < 2 || v[0] != '<' {
		return 0
	}
	closing := v[1] == '/'
	i := 1
	if closing {
		i = 2
	}
	j := i
	for j < len(v) && (isAlnum(v[j]) || v[j] == '-') {
		j++
	}
	if j == i || !isLetter(v[i]) {
		return 0
	}
	if closing {
		return -1
	}
	name := strings.ToLower(string(v[i:j]))
	if voidElements[name] || bytes.HasSuffix(bytes.TrimRight(v, " \t\n"), []byte("/>")) {
		return 0
	}
	return 1
}

// buildFlat collects the flat text of the inline children of para.
func buildFlat(para ast.Node, src []byte) flat {
	var b strings.Builder
	var f flat
	depth := 0
	addBarrier := func() {
		// Successive barriers are one: nothing can sit between them.
		if n := len(f.pieces); n > 0 && f.pieces[n-1].text == nil {
			return
		}
		f.pieces = append(f.pieces, piece{start: b.Len(), end: b.Len() + 1})
		b.WriteByte(barrier)
	}
	var walk func(n ast.Node)
	walk = func(parent ast.Node) {
		for c := parent.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				if depth > 0 {
					addBarrier()
					continue
				}
				p := piece{text: c, start: b.Len(), n: c.Segment.Len()}
				b.Write(c.Segment.Value(src))
				if c.SoftLineBreak() || c.HardLineBreak() {
					p.brk = true
					b.WriteByte('\n')
				}
				p.end = b.Len()
				f.pieces = append(f.pieces, p)
			case *ast.RawHTML:
				addBarrier()
				depth = max(depth+htmlDepthDelta(c, src), 0)
			case *east.TaskCheckBox:
				// Not text: "- [ ] @kim ..." starts with a token.
			case *ast.Emphasis, *east.Strikethrough:
				walk(c)
			default:
				addBarrier()
			}
		}
	}
	walk(para)
	f.s = b.String()
	return f
}

// textValue is the text of a Text node, escapes and entities resolved.
func textValue(t *ast.Text, src []byte) []byte {
	v := t.Segment.Value(src)
	if t.IsRaw() {
		return v
	}
	return unescape(v)
}

func unescape(v []byte) []byte {
	if bytes.IndexByte(v, '\\') >= 0 {
		v = util.UnescapePunctuations(v)
	}
	if bytes.IndexByte(v, '&') >= 0 {
		v = util.ResolveNumericReferences(v)
		v = util.ResolveEntityNames(v)
	}
	return v
}

// inlineText writes the plain text of n's inline children: link words, code
// span text and image alt text stay; raw HTML, checkboxes and footnote marks
// go; line breaks become spaces (docs/authoring.md, "The data export:
// data/windows.json", Text). With addrs, a link out of the site also keeps its
// address after its words, "our status page (https://status.example.com)": text
// for customers, who cannot click.
func inlineText(b *bytes.Buffer, n ast.Node, src []byte, addrs bool) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(textValue(c, src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if c.IsCode() || c.IsRaw() {
				b.Write(c.Value)
			} else {
				b.Write(unescape(c.Value))
			}
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				switch t := t.(type) {
				case *ast.Text:
					b.Write(t.Segment.Value(src))
				case *ast.String:
					b.Write(t.Value)
				}
			}
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML, *east.TaskCheckBox, *east.FootnoteLink, *east.FootnoteBacklink:
		case *ast.Link:
			start := b.Len()
			inlineText(b, c, src, addrs)
			if addrs {
				words := strings.TrimSpace(b.String()[start:])
				addr := strings.TrimPrefix(string(c.Destination), "mailto:")
				if out := strings.Contains(string(c.Destination), ":"); out && addr != "" && words != addr {
					b.WriteString(" (" + addr + ")")
				}
			}
		default:
			inlineText(b, c, src, addrs)
		}
	}
}

// blockText writes the plain text of a block and its descendants, blocks
// separated by new lines. Raw HTML blocks give nothing; code gives its lines.
func blockText(b *bytes.Buffer, n ast.Node, src []byte, addrs bool) {
	switch n := n.(type) {
	case *ast.HTMLBlock, *ast.ThematicBreak:
		return
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			b.Write(seg.Value(src))
		}
		b.WriteByte('\n')
		return
	case *ast.Paragraph, *ast.TextBlock, *ast.Heading, *east.TableCell:
		inlineText(b, n, src, addrs)
		b.WriteByte('\n')
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() == ast.TypeInline {
			inlineText(b, n, src, addrs)
			b.WriteByte('\n')
			return
		}
		blockText(b, c, src, addrs)
	}
}

// collapse turns every run of white space into one space and trims the ends.
// Most texts have nothing to collapse inside: their trimmed self is returned,
// not a copy (a body's kept strings are copied once into its buffer anyway,
// see compact).
func collapse(s string) string {
	if t, ok := collapsed(s); ok {
		return t
	}
	return collapseRunes(s)
}

// isCollapseSpace reports whether c is one of the ASCII white space bytes
// collapse folds.
func isCollapseSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// collapsed returns s without the ASCII white space at its ends, and whether
// that is all collapse would do: inside, only single spaces, no other white
// space, no no-break space (U+00A0, C2 A0 in UTF-8) and valid UTF-8.
func collapsed(s string) (string, bool) {
	start, end := 0, len(s)
	for start < end && isCollapseSpace(s[start]) {
		start++
	}
	for end > start && isCollapseSpace(s[end-1]) {
		end--
	}
	t := s[start:end]
	ascii := true
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c == ' ':
			if isCollapseSpace(t[i+1]) { // t ends with a non-space: i+1 is in t
				return "", false
			}
		case c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			return "", false
		case c == 0xC2 && i+1 < len(t) && t[i+1] == 0xA0:
			return "", false
		case c >= 0x80:
			ascii = false
		}
	}
	if !ascii && !utf8.ValidString(t) {
		return "", false // collapseRunes writes U+FFFD for a bad byte
	}
	return t, true
}

// collapseRunes is collapse done rune by rune into a new string.
func collapseRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v' || r == '\u00a0' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// plainInline is the collapsed plain text of an inline container.
func plainInline(n ast.Node, src []byte) string {
	var b bytes.Buffer
	inlineText(&b, n, src, false)
	return collapse(b.String())
}

// plainBlocks is the collapsed plain text of blocks.
func plainBlocks(nodes []ast.Node, src []byte) string {
	var b bytes.Buffer
	for _, n := range nodes {
		blockText(&b, n, src, false)
	}
	return collapse(b.String())
}

// noticeText is the plain text of a customer notice: as plainBlocks, with
// the address of each link out of the site after its words, since the
// calendar and other plain-text places cannot link.
func noticeText(nodes []ast.Node, src []byte) string {
	var b bytes.Buffer
	for _, n := range nodes {
		blockText(&b, n, src, true)
	}
	return collapse(b.String())
}
