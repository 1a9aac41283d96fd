package body

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// isRunSep reports whether c may sit between the tokens of a trailing run.
func isRunSep(c byte) bool { return isSpace(c) || c == ',' || c == ';' || c == '.' }

// editsFor marks the bytes of s to delete for display (docs/authoring.md,
// "Markers inside list items", How the text reads afterwards).
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
