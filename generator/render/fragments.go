package render

import (
	"html"
	"html/template"
	"strings"
	"sync"
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
	if s.fragments == nil || s.fragments.exec == nil {
		return "", nil
	}
	k := fragmentKey{name, key}
	if v, ok := s.fragments.m.Load(k); ok {
		return v.(template.HTML), nil
	}
	out, err := s.fragments.exec(name, data)
	if err != nil {
		return "", err
	}
	h := template.HTML(out)
	s.fragments.m.Store(k, h)
	return h, nil
}
