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
	// windows holds the Go-written rows of the default theme, one entry
	// per window (*model.Window -> *windowRows): a fragmentKey entry per
	// row, its HTML boxed in an interface, was ~9 MB more at 10k windows.
	windows sync.Map
}

// windowRows are the cached Go-written rows of one window: its row in
// lists of windows up to its criteria (WindowRowHead; the criteria are
// shared, criteriaOf) and the board row of each of its actions, by the
// action's position in the window's list.
type windowRows struct {
	head    lazyRow
	actions []lazyRow
}

// lazyRow is a row written once, by whichever page worker needs it first.
// An action's row is its head and tail in one string, split at split (the
// "shares ..." note of a carried action goes between them); ref is the
// action it was written for.
type lazyRow struct {
	once  sync.Once
	html  string
	split int
	ref   *trends.ActionRef
}

// rowsOf is w's cached rows.
func (f *fragments) rowsOf(w *model.Window) *windowRows {
	if v, ok := f.windows.Load(w); ok {
		return v.(*windowRows)
	}
	v, _ := f.windows.LoadOrStore(w, &windowRows{actions: make([]lazyRow, len(w.Actions))})
	return v.(*windowRows)
}

// windowRowHead is w's WindowRowHead, written once for the build.
func (s *Site) windowRowHead(w *model.Window) string {
	r := &s.fragments.rowsOf(w).head
	r.once.Do(func() {
		var b strings.Builder
		b.Grow(windowRowHeadSize(w))
		writeWindowRowHead(&b, w)
		r.html = trimmed(&b)
	})
	return r.html
}

// actionRow is a's ActionRowHead and ActionRowTail, written once for the
// build; ok is false for an action that is not at its place in its
// window's list (the generic cache serves it).
func (s *Site) actionRow(a *trends.ActionRef) (head, tail string, ok bool) {
	w := a.Window
	if w == nil || a.Pos < 0 || a.Pos >= len(w.Actions) || &w.Actions[a.Pos] != a.Action {
		return "", "", false
	}
	r := &s.fragments.rowsOf(w).actions[a.Pos]
	r.once.Do(func() {
		var b strings.Builder
		b.Grow(actionRowSize(a))
		s.writeActionRowHead(&b, a)
		r.split = b.Len()
		writeActionRowTail(&b, a)
		r.html, r.ref = trimmed(&b), a
	})
	if r.ref != a {
		return "", "", false
	}
	return r.html[:r.split], r.html[r.split:], true
}

// trimmed is b's string without more than an eighth of spare room: a
// cached row keeps its whole buffer.
func trimmed(b *strings.Builder) string {
	if b.Cap()-b.Len() > b.Len()/8 {
		return strings.Clone(b.String())
	}
	return b.String()
}

// windowRowHeadSize and actionRowSize are a little over the size of the
// rows as written, from their markup and texts (escapes are rare).
func windowRowHeadSize(w *model.Window) int {
	n := 560 + 2*len(w.ID) + len(w.Title) + len(w.Title)/8
	for _, sys := range w.Systems {
		n += 2*len(sys) + 32
	}
	return n
}

func actionRowSize(a *trends.ActionRef) int {
	act := a.Action
	n := 700 + 2*len(a.Window.ID) + len(a.Window.Title) + len(act.Anchor) + len(act.Text) + (len(a.Window.Title)+len(act.Text))/8
	for _, h := range act.Owners {
		n += 2*len(h) + 48
	}
	for _, t := range act.Tags {
		n += 2*len(t) + 40
	}
	for _, c := range act.Extra {
		n += len(c.Column) + len(c.Text) + 64
	}
	return n
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
//
// Each list comes in two forms: one HTML (WindowRows, ActionRows), and
// chunks of it (WindowRowChunks, ActionRowChunks), which the default theme
// ranges over: text/template prints every value through fmt, which copies
// it into a buffer of its own and keeps that buffer for the next print only
// up to 64 KiB, so a list of 100 rows (~110 KB) was copied into a new
// buffer on every page (~220 MB at 10k windows).

// chunkSize is the most a chunk of rows holds, unless one row is larger.
const chunkSize = 32 << 10

// WindowRows is the "window-row" partial of each window, once per window
// for the whole build.
func (s *Site) WindowRows(windows []*model.Window) (template.HTML, error) {
	chunks, err := s.windowRows(windows, 0)
	return joined(chunks), err
}

// WindowRowChunks is WindowRows in chunks of at most 32 KiB (see above).
func (s *Site) WindowRowChunks(windows []*model.Window) ([]template.HTML, error) {
	return s.windowRows(windows, chunkSize)
}

// windowRows is WindowRows in chunks of at most limit bytes (0: one).
func (s *Site) windowRows(windows []*model.Window, limit int) ([]template.HTML, error) {
	if s.isDirect("window-row") && s.isDirect("criteria") && s.fragments != nil {
		const tail = "</span>\n</li>"
		heads := make([]string, len(windows))
		for i, w := range windows {
			heads[i] = s.windowRowHead(w)
		}
		return chunked(len(windows), limit,
			func(i int) int { return len(heads[i]) + len(heldCriteria(windows[i])) + len(tail) },
			func(b *strings.Builder, i int) {
				b.WriteString(heads[i])
				b.WriteString(heldCriteria(windows[i]))
				b.WriteString(tail)
			}), nil
	}
	return cachedRows(s, "window-row", windows, limit, func(w *model.Window) any { return w })
}

// heldCriteria is what the "window-row" partial writes of the "criteria"
// partial: the criteria of a held window, nothing for a planned one.
func heldCriteria(w *model.Window) string {
	if !w.Held() {
		return ""
	}
	return criteriaOf(w)
}

// ActionRows is the "action-row" partial of each action (board pages),
// once per action for the whole build.
func (s *Site) ActionRows(actions []*trends.ActionRef) (template.HTML, error) {
	chunks, err := s.actionRows(actions, 0)
	return joined(chunks), err
}

// ActionRowChunks is ActionRows in chunks of at most 32 KiB (see above).
func (s *Site) ActionRowChunks(actions []*trends.ActionRef) ([]template.HTML, error) {
	return s.actionRows(actions, chunkSize)
}

func (s *Site) actionRows(actions []*trends.ActionRef, limit int) ([]template.HTML, error) {
	if s.isDirect("action-row") {
		// The rows' halves first, then sized joins: grown row by row, a
		// board page's ~70 KB left twice that in garbage.
		halves := make([]string, 2*len(actions))
		for i, a := range actions {
			head, tail, err := s.actionRowHalves(a)
			if err != nil {
				return nil, err
			}
			halves[2*i], halves[2*i+1] = string(head), string(tail)
		}
		return chunked(len(actions), limit,
			func(i int) int { return len(halves[2*i]) + len(halves[2*i+1]) },
			func(b *strings.Builder, i int) {
				b.WriteString(halves[2*i])
				b.WriteString(halves[2*i+1])
			}), nil
	}
	return cachedRows(s, "action-row", actions, limit, func(a *trends.ActionRef) any { return map[string]any{"a": a, "site": s} })
}

// cachedRows joins the partial name of each key, made from data(key) when
// not cached yet, in chunks of at most limit bytes (0: one).
func cachedRows[K comparable](s *Site, name string, keys []K, limit int, data func(K) any) ([]template.HTML, error) {
	rows := make([]template.HTML, len(keys))
	for i, k := range keys {
		r, err := s.cached(name, k, func() any { return data(k) })
		if err != nil {
			return nil, err
		}
		rows[i] = r
	}
	return chunked(len(rows), limit,
		func(i int) int { return len(rows[i]) },
		func(b *strings.Builder, i int) { b.WriteString(string(rows[i])) }), nil
}

// chunked joins n rows of the given sizes, each written by write, into
// chunks of at most limit bytes (0: one chunk), each allocated at its size:
// grown row by row, a page of 100 rows left three times its size in
// garbage.
func chunked(n, limit int, size func(i int) int, write func(b *strings.Builder, i int)) []template.HTML {
	if n == 0 {
		return nil
	}
	var chunks []template.HTML
	for from := 0; from < n; {
		to, total := from, 0
		for to < n {
			sz := size(to)
			if limit > 0 && to > from && total+sz > limit {
				break
			}
			total += sz
			to++
		}
		var b strings.Builder
		b.Grow(total)
		for i := from; i < to; i++ {
			write(&b, i)
		}
		chunks = append(chunks, template.HTML(b.String()))
		from = to
	}
	return chunks
}

// joined is chunks as one HTML (one chunk, or none, as the lists make it).
func joined(chunks []template.HTML) template.HTML {
	switch len(chunks) {
	case 0:
		return ""
	case 1:
		return chunks[0]
	}
	n := 0
	for _, c := range chunks {
		n += len(c)
	}
	var b strings.Builder
	b.Grow(n)
	for _, c := range chunks {
		b.WriteString(string(c))
	}
	return template.HTML(b.String())
}

// ActionRow is an action's row with what a window shares with it (the
// carried actions of window pages): the "action-row-head" and
// "action-row-tail" partials, rendered once per action for the whole build,
// around the "shares ..." note. Window pages list 50,000 carried actions at
// 10,000 windows.
func (s *Site) ActionRow(a *trends.ActionRef, shared []string) (template.HTML, error) {
	head, tail, err := s.actionRowHalves(a)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(head) + len(tail) + sharedSize(shared))
	writeActionRow(&b, head, tail, shared)
	return template.HTML(b.String()), nil
}

// actionRowHalves are an action's "action-row-head" and
// "action-row-tail" partials, each rendered once for the whole build (in
// one string when both are the default theme's, actionRow).
func (s *Site) actionRowHalves(a *trends.ActionRef) (head, tail template.HTML, err error) {
	if s.isDirect("action-row-head") && s.isDirect("action-row-tail") {
		if h, t, ok := s.actionRow(a); ok {
			return template.HTML(h), template.HTML(t), nil
		}
	}
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

// sharedSize is about the size of the "shares ..." note (escapes are rare).
func sharedSize(shared []string) int {
	if len(shared) == 0 {
		return 0
	}
	n := 40
	for _, sh := range shared {
		n += len(sh) + 2 + len(sh)/8
	}
	return n
}

func writeActionRow(b *strings.Builder, head, tail template.HTML, shared []string) {
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
}
