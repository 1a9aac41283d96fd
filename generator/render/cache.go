package render

import (
	"html/template"
	"strings"
	"sync"

	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/trends"
)

// fragments caches partials that many pages repeat with the same data (an
// action's row appears on the board, its owner's and its tags' pages). Links
// inside are root-relative, rewritten per page afterwards, so one rendering
// serves every page.
type fragments struct {
	exec func(name string, data any) (string, error)
	m    sync.Map // fragmentKey -> template.HTML
	// direct names the partials that are the default theme's one Go call
	// (see directCalls): their Go writer is called without the template.
	direct map[string]bool
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
	return s.cachedWith(name, key, func() (string, error) { return s.fragments.exec(name, data()) })
}

// cachedWith is cached with the fragment made by render when it is not
// cached yet.
func (s *Site) cachedWith(name string, key any, render func() (string, error)) (template.HTML, error) {
	k := fragmentKey{name, key}
	if v, ok := s.fragments.m.Load(k); ok {
		return v.(template.HTML), nil
	}
	out, err := render()
	if err != nil {
		return "", err
	}
	h := template.HTML(out)
	s.fragments.m.Store(k, h)
	return h, nil
}

// cachedPartial is cached, with the partial's Go writer called instead of
// the template when the theme's partial is the default's one Go call.
func (s *Site) cachedPartial(name string, key any, data func() any, write func() template.HTML) (template.HTML, error) {
	if s.isDirect(name) {
		return s.cachedWith(name, key, func() (string, error) { return string(write()), nil })
	}
	return s.cached(name, key, data)
}

// isDirect: the theme's partial name is the default theme's one Go call.
func (s *Site) isDirect(name string) bool {
	return s.fragments != nil && s.fragments.direct[name]
}

// The row lists below loop in Go over rows that each come from a cached
// partial of the theme: one template call per list instead of one per row
// (a reflective method call, and a dict, each). The partials still draw
// every row, so a theme restyles them by overriding the partial.

// WindowRows is the "window-row" partial of each window, once per window
// for the whole build.
func (s *Site) WindowRows(windows []*model.Window) (template.HTML, error) {
	if s.isDirect("window-row") && s.isDirect("criteria") {
		return joinRows(s, "window-row", windows, func(w *model.Window) (string, error) {
			row := string(WindowRowHead(w))
			if w.Held() {
				row += string(Criteria(w))
			}
			return row + "</span>\n</li>", nil
		})
	}
	return cachedRows(s, "window-row", windows, func(w *model.Window) any { return w })
}

// ActionRows is the "action-row" partial of each action (board pages),
// once per action for the whole build.
func (s *Site) ActionRows(actions []*trends.ActionRef) (template.HTML, error) {
	if s.isDirect("action-row") {
		// The rows' halves first, then one sized join (as concatRows):
		// grown row by row, a board page's ~70 KB left twice that in
		// garbage.
		halves := make([]template.HTML, 0, 2*len(actions))
		n := 0
		for _, a := range actions {
			head, tail, err := s.actionRowHalves(a)
			if err != nil {
				return "", err
			}
			halves = append(halves, head, tail)
			n += len(head) + len(tail)
		}
		var b strings.Builder
		b.Grow(n)
		for _, h := range halves {
			b.WriteString(string(h))
		}
		return template.HTML(b.String()), nil
	}
	return cachedRows(s, "action-row", actions, func(a *trends.ActionRef) any { return map[string]any{"a": a, "site": s} })
}

// joinRows is cachedRows with each row made in Go by row.
func joinRows[K comparable](s *Site, name string, keys []K, row func(K) (string, error)) (template.HTML, error) {
	return concatRows(keys, func(k K) (template.HTML, error) {
		return s.cachedWith(name, k, func() (string, error) { return row(k) })
	})
}

// cachedRows joins the partial name of each key, made from data(key) when
// not cached yet.
func cachedRows[K comparable](s *Site, name string, keys []K, data func(K) any) (template.HTML, error) {
	return concatRows(keys, func(k K) (template.HTML, error) {
		return s.cached(name, k, func() any { return data(k) })
	})
}

// concatRows joins the row of each key. The result is sized first: grown
// row by row, a page of 100 rows left three times its size in garbage.
func concatRows[K any](keys []K, row func(K) (template.HTML, error)) (template.HTML, error) {
	rows := make([]template.HTML, len(keys))
	n := 0
	for i, k := range keys {
		r, err := row(k)
		if err != nil {
			return "", err
		}
		rows[i] = r
		n += len(r)
	}
	var b strings.Builder
	b.Grow(n)
	for _, r := range rows {
		b.WriteString(string(r))
	}
	return template.HTML(b.String()), nil
}

// ActionRow is an action's row with what a window shares with it (the
// carried actions of window pages): the "action-row-head" and
// "action-row-tail" partials, rendered once per action for the whole build,
// around the "shares ..." note. Window pages list 50,000 carried actions at
// 10,000 windows.
func (s *Site) ActionRow(a *trends.ActionRef, shared []string) (template.HTML, error) {
	var b strings.Builder
	if err := s.writeActionRow(&b, a, shared); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// actionRowHalves are an action's "action-row-head" and
// "action-row-tail" partials, each rendered once for the whole build. The
// Go writers' strings are kept at their length: they are written into a
// builder grown ahead, and cached with its spare room they held ~4 MB more
// through a 10k build.
func (s *Site) actionRowHalves(a *trends.ActionRef) (head, tail template.HTML, err error) {
	data := func() any { return map[string]any{"a": a, "site": s} }
	head, err = s.cachedPartial("action-row-head", a, data, func() template.HTML { return template.HTML(strings.Clone(string(s.ActionRowHead(a)))) })
	if err != nil {
		return "", "", err
	}
	tail, err = s.cachedPartial("action-row-tail", a, data, func() template.HTML { return template.HTML(strings.Clone(string(s.ActionRowTail(a)))) })
	if err != nil {
		return "", "", err
	}
	return head, tail, nil
}

func (s *Site) writeActionRow(b *strings.Builder, a *trends.ActionRef, shared []string) error {
	head, tail, err := s.actionRowHalves(a)
	if err != nil {
		return err
	}
	b.Grow(len(head) + len(tail) + 64)
	b.WriteString(string(head))
	if len(shared) > 0 {
		b.WriteString(` <span class="why">shares `)
		for i, sh := range shared {
			if i > 0 {
				b.WriteString(", ")
			}
			writeText(b, sh)
		}
		b.WriteString(`</span>`)
	}
	b.WriteString(string(tail))
	return nil
}
