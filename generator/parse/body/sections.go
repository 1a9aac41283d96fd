package body

import (
	"github.com/wrapup/wrapup/generator/model"
	"github.com/yuin/goldmark/ast"
)

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
