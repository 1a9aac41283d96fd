package build

import (
	"hash/maphash"
	"math"
	"math/bits"
	"slices"
	"time"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/load"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/render"
	"github.com/wrapup/wrapup/generator/trends"
	"github.com/wrapup/wrapup/internal/par"
)

// Dep is a dependency key: one thing an output reads. Every output declares
// its keys (Output.Deps); each key has a revision per build (revisions), a
// hash of the source files or values it stands for, worked out in this file
// only. The dev server makes an output again when the revision of one of its
// keys changed; a full build ignores them.
//
// The rule is that anything an output's template or writer can reach is a
// dependency, coarse if need be, never missing: a theme may override every
// template to read every field of its data (TestSessionEqualsFullBuild's
// probe theme does).
type Dep struct {
	Kind string // depWindow, depConfig...
	ID   string // the window id, group key or output name, for kinds with one per such
}

func (d Dep) String() string {
	if d.ID == "" {
		return d.Kind
	}
	return d.Kind + ":" + d.ID
}

// The kinds of dependency key.
const (
	depConfig = "config" // wrapup.yaml and the build's options
	depPeople = "people" // content/people.yaml
	depPages  = "pages"  // the free pages and the home page intro
	depNav    = "nav"    // the site navigation (and the view's version)
	depToday  = "today"  // the build's date
	depTheme  = "theme"  // the theme's templates
	// depIndex is every published window, in order: whatever can reach
	// .Site.Index or .Site.Model's windows (render.ReadsWindows), the
	// trends report or the export depends on all of them.
	depIndex = "index"
	// depOrder is the published windows' ids and start times, in order:
	// what the list of windows is paged and grouped by years with.
	depOrder = "order"
	// depWindow is one published window (ID: its id): its file and the
	// files it was parsed with.
	depWindow = "window"
	// depPerson, depSystem and depTag are a group of the index (ID: its
	// key): its windows, which are what its items and tasks come from.
	depPerson = "person"
	depSystem = "system"
	depTag    = "tag"
	// depRelated and depCarried are what the trends report shows on a
	// window's page (ID: the window id): its related windows and the
	// actions carried into it.
	depRelated = "related"
	depCarried = "carried"
	// depBytes is an output whose bytes are known when it is planned (ID:
	// its name): a theme's static file.
	depBytes = "bytes"
)

// siteDeps are what every page can read of the site as a whole (render.Site
// but its windows).
var siteDeps = []Dep{{Kind: depConfig}, {Kind: depPeople}, {Kind: depPages}, {Kind: depNav}, {Kind: depToday}, {Kind: depTheme}}

// wholeSite is every key but the ones per window or group: what a file made
// from the published site as a whole (an export, a feed) reads.
var wholeSite = append(slices.Clip(siteDeps), Dep{Kind: depIndex})

// pageDeps are the dependency keys of a page: what its data reaches (by its
// type), and every window when its template reaches the windows through
// the site view.
func pageDeps(r *render.Renderer, p *render.Page) []Dep {
	deps := slices.Clip(siteDeps)
	if r.ReadsWindows(p.Template) {
		deps = append(deps, Dep{Kind: depIndex})
	}
	window := func(w *model.Window) {
		if w != nil {
			deps = append(deps, Dep{Kind: depWindow, ID: w.ID})
		}
	}
	windowView := func(v *render.WindowView) {
		// Tools is a function of the window and today.
		window(v.W)
		window(v.Older)
		window(v.Newer)
		deps = append(deps, Dep{Kind: depRelated, ID: v.W.ID}, Dep{Kind: depCarried, ID: v.W.ID})
	}
	switch d := p.Data.(type) {
	case nil, *model.Page: // the 404 and search pages; a free page
	case *render.WindowView:
		windowView(d)
	case *render.ToolView: // the window's view, the window's tasks and items, the configuration, people
		windowView(d.WindowView)
	case *render.List:
		deps = append(deps, Dep{Kind: depOrder})
		for _, g := range d.Groups {
			for _, w := range g.Windows {
				window(w)
			}
		}
		for _, w := range d.Upcoming {
			window(w)
		}
	case *render.GroupView:
		kind := map[string]string{"person": depPerson, "system": depSystem, "tag": depTag}[d.Kind]
		if kind == "" {
			return wholeSite
		}
		deps = append(deps, Dep{Kind: kind, ID: d.Key})
	default:
		// The home page, the group indexes, /upcoming/, the trends
		// report's pages (a board page reaches the whole board): every
		// window.
		if !slices.Contains(deps, Dep{Kind: depIndex}) {
			deps = append(deps, Dep{Kind: depIndex})
		}
	}
	return deps
}

// windowDeps are the keys of a file made from one window and the site's
// configuration and people (a notice, a digest).
func windowDeps(w *model.Window) []Dep {
	return append(slices.Clip(siteDeps), Dep{Kind: depWindow, ID: w.ID})
}

// revisions works out the revision of dependency keys for one build of a
// Session, each once, on demand. It is made when plan has the published
// windows, the index and the report (the keys of windows and groups, which
// the memo of page families takes as facts), and completed by compare with
// the site view and the files known by their bytes.
type revisions struct {
	s       *Session
	windows []*model.Window // published, in order
	ix      *aggregate.Index
	report  *trends.Report
	now     time.Time         // the build's today
	view    *render.Site      // set by compare
	bytes   map[string][]byte // the outputs known by their bytes, set by compare
	byID    map[string]int    // the position of a published window in windows
	// perWindow are the revisions of windows[i]'s keys of windowKinds, at
	// i*len(windowKinds)+k.
	perWindow []uint64
	whole     map[string]uint64 // the keys without an id, by kind
	known     map[Dep]uint64    // the others, once worked out
	ready     bool              // prepared: every key is known
}

// windowKinds are the kinds of key there is one of per published window
// (indexes for windowRev).
var windowKinds = []string{depWindow, depRelated, depCarried}

const (
	windowKey = iota
	relatedKey
	carriedKey
)

// earlyKind are the kinds whose revision is known before the site view:
// all but depNav, depPages and depBytes.
var earlyKind = map[string]bool{depConfig: true, depPeople: true, depToday: true, depTheme: true, depIndex: true,
	depOrder: true, depWindow: true, depPerson: true, depSystem: true, depTag: true, depRelated: true, depCarried: true}

func (s *Session) revisions(windows []*model.Window, ix *aggregate.Index, report *trends.Report, now time.Time) *revisions {
	r := &revisions{s: s, windows: windows, ix: ix, report: report, now: now, whole: map[string]uint64{},
		known: map[Dep]uint64{}, byID: make(map[string]int, len(windows))}
	for i, w := range windows {
		r.byID[w.ID] = i
	}
	r.prepareWindows()
	return r
}

// prepareWindows works out, on every core, the revisions of the keys of
// every window and group.
func (r *revisions) prepareWindows() {
	windows := r.windows
	r.perWindow = make([]uint64, len(windowKinds)*len(windows))
	par.Do(len(windows), func(i int) {
		for k, kind := range windowKinds {
			r.perWindow[i*len(windowKinds)+k] = r.make(Dep{Kind: kind, ID: windows[i].ID})
		}
	})
	for kind, groups := range map[string][]*aggregate.Group{depPerson: r.ix.People, depSystem: r.ix.Systems, depTag: r.ix.Tags} {
		for _, g := range groups {
			key := Dep{Kind: kind, ID: g.Key}
			r.known[key] = r.make(key)
		}
	}
}

// windowKindOf is the index of kind in windowKinds, -1 for other kinds.
func windowKindOf(kind string) int {
	switch kind {
	case depWindow:
		return windowKey
	case depRelated:
		return relatedKey
	case depCarried:
		return carriedKey
	}
	return -1
}

// windowOf is the published window of an id, nil when there is none.
func (r *revisions) windowOf(id string) *model.Window {
	if i, ok := r.byID[id]; ok {
		return r.windows[i]
	}
	return nil
}

// windowRev is the revision of the key of kind (one of windowKinds) of
// published window i, 0 when there is no such window.
func (r *revisions) windowRev(i, kind int) uint64 {
	if i < 0 || i >= len(r.windows) {
		return 0
	}
	return r.perWindow[i*len(windowKinds)+kind]
}

// prepare completes the revisions with the site view and the outputs known
// by their bytes, so that sums can be taken side by side (of then only
// reads).
func (r *revisions) prepare(view *render.Site, bytes map[string][]byte) {
	r.view, r.bytes = view, bytes
	for name := range r.bytes {
		key := Dep{Kind: depBytes, ID: name}
		r.known[key] = r.make(key)
	}
	for _, kind := range []string{depConfig, depPeople, depPages, depNav, depToday, depTheme, depIndex, depOrder} {
		if _, ok := r.whole[kind]; !ok {
			r.whole[kind] = r.make(Dep{Kind: kind})
		}
	}
	r.ready = true
}

// sum combines the revisions of keys: an output's sum.
func (r *revisions) sum(keys []Dep) uint64 {
	d := digest{seed: r.s.seed}
	for _, k := range keys {
		d.uint(r.of(k))
	}
	return d.h
}

// of returns the revision of key. A revision covers the key itself, so
// that two keys never share one.
func (r *revisions) of(key Dep) uint64 {
	if key.ID == "" {
		if rev, ok := r.whole[key.Kind]; ok {
			return rev
		}
	} else if k := windowKindOf(key.Kind); k >= 0 {
		if i, ok := r.byID[key.ID]; ok && r.perWindow != nil {
			return r.perWindow[i*len(windowKinds)+k]
		}
	} else if rev, ok := r.known[key]; ok {
		return rev
	}
	rev := r.make(key)
	// Once prepared, sums are taken side by side and nothing is kept: a
	// key prepare did not foresee (a window that is not published) is
	// worked out each time.
	if !r.ready {
		if key.ID == "" {
			r.whole[key.Kind] = rev
		} else {
			r.known[key] = rev
		}
	}
	return rev
}

// make works out the revision of key from what it stands for.
func (r *revisions) make(key Dep) uint64 {
	s, view, o := r.s, r.view, r.s.opts
	d := &digest{seed: s.seed}
	if view == nil && !earlyKind[key.Kind] {
		panic("build: revision of " + key.String() + " before the site view is known")
	}
	d.string(key.Kind)
	d.string(key.ID)
	switch key.Kind {
	case depConfig:
		d.uint(s.keyOf(load.ConfigFile))
		for _, x := range []string{o.BaseURL, bit(o.FileMode), bit(o.Drafts), bit(o.Strict), o.LiveReload} {
			d.string(x)
		}
	case depPeople:
		d.uint(s.keyOf(load.PeopleFile))
	case depPages:
		var pages []string
		for p := range s.sources {
			if classify(p) == kindPage {
				pages = append(pages, p)
			}
		}
		slices.Sort(pages)
		d.uint(s.keyOf(append(pages, load.IndexFile)...))
		d.strings(pages)
		d.string(bit(o.Drafts))
	case depNav:
		// With the view's other site-wide field.
		d.string(view.Version)
		for _, n := range view.Nav {
			d.strings([]string{n.Section, n.Label, n.URL})
		}
	case depToday:
		d.string(r.now.Format("2006-01-02T15:04:05.999999999Z07:00"))
		d.string(r.now.Location().String())
	case depTheme:
		d.uint(s.themeSum)
	case depIndex:
		r.windowList(d, r.windows)
	case depOrder:
		d.uint(uint64(len(r.windows)))
		for _, w := range r.windows {
			d.string(w.ID)
			d.uint(uint64(w.Start.UnixNano()))
			d.string(w.Start.Location().String())
		}
	case depWindow:
		r.window(d, r.windowOf(key.ID))
	case depPerson, depSystem, depTag:
		var g *aggregate.Group
		switch key.Kind {
		case depPerson:
			g = r.ix.Person(key.ID)
		case depSystem:
			g = r.ix.System(key.ID)
		default:
			g = r.ix.Tag(key.ID)
		}
		if g != nil {
			r.windowList(d, g.Windows)
		}
	case depRelated:
		w := r.windowOf(key.ID)
		if w == nil || r.report == nil {
			break
		}
		// The systems and tags an entry shows are worked out from the
		// two windows (trends.Related.Systems): their revisions tell them.
		r.window(d, w)
		for _, rel := range r.report.Related[w] {
			r.window(d, rel.W)
			d.uint(uint64(rel.Score))
			d.strings(rel.Words())
		}
	case depCarried:
		w := r.windowOf(key.ID)
		if w == nil || r.report == nil {
			break
		}
		c := r.report.Carried[w]
		if c == nil {
			break
		}
		d.string(bit(c.More))
		// What an action shares with the window is worked out from the
		// two windows and the action (trends.CarriedAction.Shared).
		r.window(d, w)
		for _, a := range c.Actions {
			r.actionRef(d, a.ActionRef)
		}
	case depBytes:
		data, ok := r.bytes[key.ID]
		d.string(bit(ok))
		d.uint(maphash.Bytes(s.seed, data))
	default:
		// A key this file does not know: a revision no other build has.
		d.uint(uint64(s.number))
		d.uint(math.MaxUint64)
	}
	return d.h
}

// window adds the revision of a published window: that of its file and of
// the files it was parsed with (windowRevs).
func (r *revisions) window(d *digest, w *model.Window) {
	if w == nil {
		d.uint(0)
		return
	}
	rev, ok := r.s.windowRevs[w]
	if !ok {
		// Not parsed by this session: a revision no other build has.
		d.string(w.ID)
		rev = uint64(r.s.number)<<32 | uint64(len(r.s.windowRevs))
	}
	// A window's revision tells its id too: it is the revision of the
	// file it was parsed from.
	d.uint(rev)
}

// windowList adds the revisions of windows, in order.
func (r *revisions) windowList(d *digest, windows []*model.Window) {
	d.uint(uint64(len(windows)))
	for _, w := range windows {
		r.window(d, w)
	}
}

// actionRef adds an action of the board: its window and place, and what
// the board works out for it with today.
func (r *revisions) actionRef(d *digest, a *trends.ActionRef) {
	if a == nil {
		d.uint(0)
		return
	}
	r.window(d, a.Window)
	d.uint(uint64(a.Pos))
	d.uint(uint64(a.Opened.Year)<<16 | uint64(a.Opened.Month)<<8 | uint64(a.Opened.Day))
	d.string(bit(a.Overdue))
	d.uint(uint64(a.DaysOverdue))
	if a.DaysToClose != nil {
		d.uint(uint64(*a.DaysToClose) + 1)
	} else {
		d.uint(0)
	}
}

// digest folds numbers and strings into a 64-bit revision: cheaper than a
// maphash.Hash for the many small values of a revision.
type digest struct {
	seed maphash.Seed
	h    uint64
}

func (d *digest) uint(x uint64) {
	d.h = (bits.RotateLeft64(d.h, 23)^x)*0x9e3779b97f4a7c15 + 0xbf58476d1ce4e5b9
}

func (d *digest) string(s string) { d.uint(maphash.String(d.seed, s)) }

func (d *digest) strings(list []string) {
	d.uint(uint64(len(list)))
	for _, s := range list {
		d.string(s)
	}
}

func bit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func writeUint(h *maphash.Hash, n uint64) {
	var b [8]byte
	for i := range b {
		b[i] = byte(n >> (8 * i))
	}
	h.Write(b[:])
}
