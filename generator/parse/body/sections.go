package body

import (
	"strings"
	"unique"

	"github.com/wrapup/wrapup/generator/model"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// section is a section being built.
type section struct {
	model.Section
	blocks  []ast.Node // narrative blocks, for Text
	pending []ast.Node // narrative blocks not yet in a Part
	content bool
	offset  int // heading offset
	// underUmbrella: the section is a ### sub-section of Lessons learned.
	underUmbrella bool
	// suggested: its heading got a did-you-mean already, which says
	// all there is to say about the section's lists.
	suggested bool
}

// known reports whether the section is one of the table's (its heading
// matched), the umbrella excluded.
func (s *section) known() bool {
	switch s.Kind {
	case model.SectionIntro, model.SectionFree, model.SectionLessons:
		return false
	}
	return true
}

// holdsData reports whether the section's top-level lists are read as data.
func (s *section) holdsData() bool {
	return s.known() && s.Kind != model.SectionCustomerNotice
}

// sectionLevel is the level of the headings that name sections: 2, or 3 when
// the body has no level-2 heading (docs/authoring.md, "The body: sections",
// Pages without ##); 0 when it has neither.
func sectionLevel(doc ast.Node) int {
	level := 0
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			if h.Level == 2 {
				return 2
			}
			if h.Level == 3 {
				level = 3
			}
		}
	}
	return level
}

// sections walks the top-level blocks of the body into sections. A heading
// of the section level opens a section; under the Lessons learned umbrella,
// a heading one level deeper opens a sub-section matched against the same
// table; any other heading is rendered in place.
func (p *parser) sections(doc ast.Node) {
	level := sectionLevel(doc)
	cur := &section{Section: model.Section{Kind: model.SectionIntro}}
	seen := map[model.SectionKind]int{}
	umbrella := false // inside Lessons learned
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && level > 0 {
			switch {
			case h.Level == level:
				p.closeSection(cur)
				cur = p.openSection(h, seen, false)
				umbrella = cur.Kind == model.SectionLessons
				continue
			case umbrella && h.Level == level+1:
				p.closeSection(cur)
				cur = p.openSection(h, seen, true)
				continue
			}
		}
		if h, ok := n.(*ast.Heading); ok && level > 0 && h.Level == level+1 && cur.Kind != model.SectionIntro {
			p.checkSubHeading(cur, h)
		}
		if h, ok := n.(*ast.Heading); ok && h.Level < max(level, 2) {
			if text := plainInline(h, p.src); text != "" {
				if kind, _ := matchHeading(text); kind != model.SectionFree {
					p.warnf(h.Pos(), "heading %q is level %d, so it opens no section: write it as a level-2 heading (## %s)", text, h.Level, text)
				}
			}
		}
		if hb, ok := n.(*ast.HTMLBlock); ok && hb.HTMLBlockType == ast.HTMLBlockType2 {
			// An HTML comment is a note to authors (the archetype's hints):
			// never shown, so it leaves a section empty.
			continue
		}
		if !cur.content && cur.Kind == model.SectionIntro {
			cur.Line = int32(p.line(n.Pos()))
		}
		cur.content = true
		switch n := n.(type) {
		case *ast.List:
			if cur.holdsData() {
				p.flush(cur)
				cur.Parts = append(cur.Parts, p.list(cur.Kind, n))
				continue
			}
			p.checkFreeList(cur, n)
		case *east.Table:
			if cur.Kind == model.SectionNextTime {
				if part, ok := p.actionTable(n); ok {
					p.flush(cur)
					cur.Parts = append(cur.Parts, part)
					continue
				}
			}
		}
		cur.pending = append(cur.pending, n)
		cur.blocks = append(cur.blocks, n)
	}
	p.closeSection(cur)
	if !p.opts.Held {
		p.dropEmptyUmbrellas()
	}
	// The model keeps the sections to the end of the build: one copy of
	// their exact size, not the spare half of the last doubling, and their
	// parts in one array (most sections have one part: an array each was
	// rounded up from 40 bytes to 48).
	p.res.Sections = exact(p.res.Sections)
	p.joinParts()
}

// joinParts moves the parts of every section into one array, each section's
// a full slice of its own (appending to one cannot overwrite the next's).
func (p *parser) joinParts() {
	n := 0
	for _, s := range p.res.Sections {
		n += len(s.Parts)
	}
	all := make([]model.Part, n)
	for i := range p.res.Sections {
		s := &p.res.Sections[i]
		k := copy(all, s.Parts)
		s.Parts, all = all[:k:k], all[k:]
	}
}

// dropEmptyUmbrellas takes out of a planned window's sections a Lessons
// learned heading left with nothing under it once its empty sub-sections
// are gone: like them, it waits for the wrap-up.
func (p *parser) dropEmptyUmbrellas() {
	secs := p.res.Sections
	kept := secs[:0]
	for i, s := range secs {
		if s.Kind == model.SectionLessons && len(s.Parts) == 0 && (i+1 == len(secs) || secs[i+1].Level <= s.Level) {
			continue
		}
		kept = append(kept, s)
	}
	p.res.Sections = kept
}

// checkSubHeading warns about a sub-heading, outside the umbrella, that
// names a known section: it opens none, so what follows it is read as part
// of the section it stands in, which is rarely what the author meant.
func (p *parser) checkSubHeading(cur *section, h *ast.Heading) {
	text := plainInline(h, p.src)
	kind, _ := matchHeading(text)
	if kind == model.SectionFree || kind == model.SectionLessons || kind == cur.Kind {
		return
	}
	p.warnf(h.Pos(), "heading %q names the %s section, but as a sub-heading of %q it opens none, so what follows it belongs to %q: make it a section heading (%s %s), or put it under ## Lessons learned",
		text, sectionName[kind], cur.Heading, cur.Heading, strings.Repeat("#", h.Level-1), text)
	cur.suggested = true // one message for the mistake: not another for the list under it
}

func (p *parser) openSection(h *ast.Heading, seen map[model.SectionKind]int, underUmbrella bool) *section {
	s := &section{offset: h.Pos(), underUmbrella: underUmbrella}
	// A window's headings are mostly the same few in every window
	// (Tasks, What went well, Timeline): interned, one string each for
	// the archive, the id shared with the body's HeadingIDs.
	s.Heading = unique.Make(plainInline(h, p.src)).Value()
	s.Anchor, _ = keptHeadingID(h)
	s.Level = int32(h.Level)
	s.Line = int32(p.line(h.Pos()))
	s.Parts = []model.Part{}
	kind, suggestion := matchHeading(s.Heading)
	if underUmbrella && kind == model.SectionLessons {
		kind = model.SectionFree // an umbrella inside the umbrella is a free sub-section
	}
	s.Kind = kind
	if suggestion != "" {
		s.suggested = true
		p.warnf(h.Pos(), "heading %q is not a known section name, so its content is free text: did you mean %q?", s.Heading, suggestion)
	}
	if s.known() {
		if line, dup := seen[kind]; dup {
			p.errorf(h.Pos(), "the %s section appears twice, at lines %d and %d: merge the two into one section", sectionName[kind], line, s.Line)
		} else {
			seen[kind] = int(s.Line)
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
		// A planned window's empty sections are the scaffold's places to
		// fill in after the window: not clutter to warn about or to show.
		if !p.opts.Held {
			return
		}
		p.warnf(s.offset, "the %s section %q is empty: add its list or remove the heading", sectionName[s.Kind], s.Heading)
	}
	if s.Parts == nil {
		s.Parts = []model.Part{}
	}
	s.Text = plainBlocks(s.blocks, p.src)
	if s.Kind == model.SectionCustomerNotice && p.res.CustomerNotice == nil {
		// compact shares these with the section's part and text when equal.
		p.res.CustomerNotice = &model.CustomerNotice{HTML: p.render(s.blocks...), Text: noticeText(s.blocks, p.src)}
	}
	p.res.Sections = append(p.res.Sections, s.Section)
}
