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
	from    lazyRow // what its actions' rows say they are from (writeRowFrom)
	actions []lazyRow
}

// lazyRow is a row written once, by whichever page worker needs it first.
// An action's row keeps only what is its own, in one string: the badge of
// an overdue action (up to badge), its link (up to entry), its owners, tags
// and columns (up to meta) and its dates; the markup between them, the
// badges of open and done actions and the window it is from are the same
// strings for many rows (appendActionRow). ref is the action it was written
// for. (The fields are in the order that packs them in 48 bytes, not 56:
// there is one per action and two per window.)
type lazyRow struct {
	html               string
	ref                *trends.ActionRef
	once               sync.Once
	badge, entry, meta int32
}

// rowsOf is w's cached rows.
func (f *fragments) rowsOf(w *model.Window) *windowRows {
	if v, ok := f.windows.Load(w); ok {
		return v.(*windowRows)
	}
	v, _ := f.windows.LoadOrStore(w, &windowRows{actions: make([]lazyRow, len(w.Actions))})
	return v.(*windowRows)
}

// windowRowOwn is the part of w's WindowRowHead that is its own
// (writeWindowRowOwn), written once for the build.
func (s *Site) windowRowOwn(w *model.Window) string {
	r := &s.fragments.rowsOf(w).head
	r.once.Do(func() {
		var b strings.Builder
		b.Grow(windowRowOwnSize(w))
		writeWindowRowOwn(&b, w)
		r.html = trimmed(&b)
	})
	return r.html
}

// actionRow is a's cached row parts, written once for the build, and what
// its window's rows say they are from; ok is false for an action that is not
// at its place in its window's list (the generic cache serves it).
func (s *Site) actionRow(a *trends.ActionRef) (r *lazyRow, from string, ok bool) {
	w := a.Window
	if w == nil || a.Pos < 0 || a.Pos >= len(w.Actions) || &w.Actions[a.Pos] != a.Action {
		return nil, "", false
	}
	rows := s.fragments.rowsOf(w)
	r = &rows.actions[a.Pos]
	r.once.Do(func() {
		var b strings.Builder
		b.Grow(actionRowSize(a))
		if a.Status() == "overdue" {
			writeOverdueBadge(&b, a)
		}
		r.badge = int32(b.Len())
		writeEntryLink(&b, a.Window, a.Action.Anchor, a.Action.Text)
		r.entry = int32(b.Len())
		s.writeActionMeta(&b, a)
		r.meta = int32(b.Len())
		writeActionDates(&b, a)
		r.html, r.ref = trimmed(&b), a
	})
	if r.ref != a {
		return nil, "", false
	}
	rows.from.once.Do(func() {
		var b strings.Builder
		b.Grow(44 + len(w.ID) + len(w.Title) + len(w.Title)/8)
		writeRowFrom(&b, w)
		rows.from.html = trimmed(&b)
	})
	return r, rows.from.html, true
}

// appendActionRow appends the strings of a's row to parts, with note (the
// "shares ..." note of a carried action) between its head and tail.
func (s *Site) appendActionRow(parts []string, a *trends.ActionRef, note string) ([]string, error) {
	if s.isDirect("action-row-head") && s.isDirect("action-row-tail") {
		if r, from, ok := s.actionRow(a); ok {
			status := a.Status()
			badge := r.html[:r.badge]
			if status != "overdue" {
				badge = boardBadge(status)
			}
			return append(parts, boardRowOpen(status), badge, boardMain, r.html[r.badge:r.entry], boardMeta, r.html[r.entry:r.meta],
				note, boardDates, r.html[r.meta:], boardFrom, from, boardRowClose), nil
		}
	}
	head, tail, err := s.actionRowHalves(a)
	if err != nil {
		return nil, err
	}
	return append(parts, string(head), note, string(tail)), nil
}

// trimmed is b's string without more than an eighth of spare room: a
// cached row keeps its whole buffer.
func trimmed(b *strings.Builder) string {
	if b.Cap()-b.Len() > b.Len()/8 {
		return strings.Clone(b.String())
	}
	return b.String()
}

// windowRowOwnSize and actionRowSize are a little over the size of the
// rows as written, from their markup and texts (escapes are rare).
func windowRowOwnSize(w *model.Window) int {
	n := 265 + 2*len(w.ID) + len(w.Title) + len(w.Title)/8
	for _, sys := range w.Systems {
		n += 2*len(sys) + 32
	}
	return n
}

func actionRowSize(a *trends.ActionRef) int {
	act := a.Action
	n := 210 + len(a.Window.ID) + len(act.Anchor) + len(act.Text) + len(act.Text)/8
	for _, h := range act.Owners {
		n += 2*len(h) + 48
	}
	for _, t := range act.Tags {
		n += 2*len(t) + 40
	}
	for _, c := range act.Extra() {
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
// Each list comes in two forms: as one HTML to print (WindowRows,
// ActionRows, CarriedRows, on the Site) and written straight into the page
// where the template calls it (View.WriteWindowRows...), which the default
// theme uses. Joined into one string, a list was copied twice more: into
// the string (~300 MB at 10k windows), and by text/template, which prints
// every value through fmt, into a buffer of fmt's own that it keeps for the
// next print only up to 64 KiB (a page of 100 window rows is ~110 KB:
// another ~220 MB).

// WindowRows is the "window-row" partial of each window, once per window
// for the whole build.
func (s *Site) WindowRows(windows []*model.Window) (template.HTML, error) {
	parts, err := s.windowRowParts(windows)
	return joinParts(parts), err
}

// windowRowParts are the strings that make the rows of windows, in order.
func (s *Site) windowRowParts(windows []*model.Window) ([]string, error) {
	if s.isDirect("window-row") && s.isDirect("criteria") {
		const tail = "</span>\n</li>"
		parts := make([]string, 0, 5*len(windows))
		for _, w := range windows {
			o := rowOutcomeOf(w)
			parts = append(parts, rowHeadOpen[o], s.windowRowOwn(w), rowHeadClose[o], heldCriteria(w), tail)
		}
		return parts, nil
	}
	return cachedRows(s, "window-row", windows, func(w *model.Window) any { return w })
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
	parts, err := s.actionRowParts(actions)
	return joinParts(parts), err
}

func (s *Site) actionRowParts(actions []*trends.ActionRef) ([]string, error) {
	if s.isDirect("action-row") {
		parts := make([]string, 0, 12*len(actions))
		for _, a := range actions {
			var err error
			if parts, err = s.appendActionRow(parts, a, ""); err != nil {
				return nil, err
			}
		}
		return parts, nil
	}
	return cachedRows(s, "action-row", actions, func(a *trends.ActionRef) any { return map[string]any{"a": a, "site": s} })
}

// CarriedRows is ActionRow of each carried action of a window page, in one
// template call (~5 per page, 50,000 at 10,000 windows).
func (s *Site) CarriedRows(actions []trends.CarriedAction) (template.HTML, error) {
	parts, err := s.carriedRowParts(actions)
	return joinParts(parts), err
}

func (s *Site) carriedRowParts(actions []trends.CarriedAction) ([]string, error) {
	parts := make([]string, 0, 12*len(actions))
	for _, c := range actions {
		var err error
		if parts, err = s.appendActionRow(parts, c.ActionRef, sharedNote(c.Shared())); err != nil {
			return nil, err
		}
	}
	return parts, nil
}

// cachedRows is the partial name of each key, made from data(key) when not
// cached yet.
func cachedRows[K comparable](s *Site, name string, keys []K, data func(K) any) ([]string, error) {
	parts := make([]string, len(keys))
	for i, k := range keys {
		r, err := s.cached(name, k, func() any { return data(k) })
		if err != nil {
			return nil, err
		}
		parts[i] = string(r)
	}
	return parts, nil
}

// joinParts is parts as one HTML, allocated at its size: grown row by row,
// a page of 100 rows left three times its size in garbage.
func joinParts(parts []string) template.HTML {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	var b strings.Builder
	b.Grow(n)
	for _, p := range parts {
		b.WriteString(p)
	}
	return template.HTML(b.String())
}

// WriteWindowRows writes the rows of Site.WindowRows into the page at the
// point where the template calls it, and returns "" to print: the default
// theme's lists of windows. Where the call stands is where the rows go,
// even in a variable's declaration, so a theme prints Site.WindowRows
// wherever it wants the rows somewhere else.
func (v *View) WriteWindowRows(windows []*model.Window) (template.HTML, error) {
	parts, err := v.Site.windowRowParts(windows)
	return v.writeParts(parts, err)
}

// WriteActionRows is Site.ActionRows written as WriteWindowRows writes the
// window rows (the action board's pages).
func (v *View) WriteActionRows(actions []*trends.ActionRef) (template.HTML, error) {
	parts, err := v.Site.actionRowParts(actions)
	return v.writeParts(parts, err)
}

// WriteCarriedRows is Site.CarriedRows written as WriteWindowRows writes
// the window rows (a window page's carried actions).
func (v *View) WriteCarriedRows(actions []trends.CarriedAction) (template.HTML, error) {
	parts, err := v.Site.carriedRowParts(actions)
	return v.writeParts(parts, err)
}

// writeParts writes parts into the page, or returns them joined for a View
// that has no page output (made outside RenderOne and AppendPage).
func (v *View) writeParts(parts []string, err error) (template.HTML, error) {
	if err != nil {
		return "", err
	}
	if v.out == nil {
		return joinParts(parts), nil
	}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	v.out.Grow(n)
	for _, p := range parts {
		v.out.WriteString(p)
	}
	return "", nil
}

// ActionRow is an action's row with what a window shares with it (the
// carried actions of window pages): the "action-row-head" and
// "action-row-tail" partials, rendered once per action for the whole build,
// around the "shares ..." note. Window pages list 50,000 carried actions at
// 10,000 windows.
func (s *Site) ActionRow(a *trends.ActionRef, shared []string) (template.HTML, error) {
	parts, err := s.appendActionRow(nil, a, sharedNote(shared))
	return joinParts(parts), err
}

// actionRowHalves are an action's "action-row-head" and
// "action-row-tail" partials, each rendered once for the whole build (the
// default theme's are kept in parts instead, appendActionRow).
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

// sharedNote is the "shares ..." note of a carried action's row: what its
// window shares with the page's window.
func sharedNote(shared []string) string {
	if len(shared) == 0 {
		return ""
	}
	var b strings.Builder
	n := 32
	for _, sh := range shared {
		n += len(sh) + 2
	}
	b.Grow(n)
	b.WriteString(` <span class="why">shares `)
	for i, sh := range shared {
		if i > 0 {
			b.WriteString(", ")
		}
		writeText(&b, sh)
	}
	b.WriteString(`</span>`)
	return b.String()
}
