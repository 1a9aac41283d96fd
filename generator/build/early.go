package build

import (
	"hash/maphash"
	"slices"

	"github.com/wrapup/wrapup/generator/load"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/parse"
	"github.com/wrapup/wrapup/generator/render"
	"github.com/wrapup/wrapup/generator/trends"
)

// Early is the start of a Session's build, handed to Session.Early before
// the rest of the build is made: the pages of the windows an edit changed
// (each window's page, run sheet and meeting page: its family, families.go),
// exactly as the build will make them. The dev server shows them at once
// and holds every other request until the build is done.
//
// A page is made early only when everything its output depends on (its
// dependency keys, deps.go) is known for the new files without the whole
// site: the batch changed the content of existing window files only (no
// file added, removed or renamed, no configuration, people, page or theme
// file), every file parsed without errors, and no window changed its id,
// start or draft state (which would move it among its neighbours); the
// page's keys are those of the site as a whole (unchanged), the windows
// (parsed) and its related windows and carried actions (trends.Memo.Early).
// A page whose template reaches .Site.Index or the windows of .Site.Model
// depends on every window and is never made early; nor are the pages of an
// edit that changes a word's standing among all windows (the related
// windows of every window may change).
type Early struct {
	Number int               // the number of the Generation it starts
	Pages  map[string][]byte // the pages made, by output name
	// Unchanged reports whether an output of the previous generation is
	// sure to be the same in this one (a theme's static file, known by
	// its bytes): what a server may go on serving from it meanwhile.
	Unchanged func(name string) bool
}

// earlyKinds are the kinds of key whose revision an early page may read:
// the site-wide ones, which a batch of window edits does not change, the
// windows, and what the trends report shows on a window's page.
var earlyKinds = map[string]bool{depConfig: true, depPeople: true, depPages: true, depNav: true, depToday: true, depTheme: true,
	depWindow: true, depRelated: true, depCarried: true}

// early makes the Early of build number after the source paths touched
// changed, or returns nil when no page can be made early (see Early). It
// runs before the site is parsed: it parses the changed files itself, with
// the last build's configuration and people (their files are unchanged),
// and keeps them in s.parsed, where parseWindows finds them; every other
// window is the last build's, at its place.
func (s *Session) early(number int, touched []string, opts Options) *Early {
	if !s.clean || s.last == nil || s.renderer == nil || s.themeDirty || len(touched) == 0 ||
		!s.now.Equal(s.lastNow) || s.keyOf(load.ConfigFile, load.PeopleFile) != s.parseKey {
		return nil
	}
	last := s.last.Result
	cfg, people := last.Site.Config, last.Site.People
	replace := map[*model.Window]*model.Window{}
	var made []*parsedWindow
	var paths []string
	for _, p := range touched {
		old := s.parsed[p]
		data, ok := s.sources[p]
		if classify(p) != kindWindow || !ok || len(s.readErrs[p]) > 0 || old == nil || old.w == nil || old.diag.HasErrors() || old.key != s.parseKey {
			return nil
		}
		w, d := parse.Window(p, data, cfg, people)
		if opts.Strict {
			d = d.Strict()
		}
		if w == nil || d.HasErrors() || w.ID != old.w.ID || !w.Start.Equal(old.w.Start) || w.Draft != old.w.Draft {
			return nil
		}
		replace[old.w] = w
		made = append(made, &parsedWindow{sum: maphash.Bytes(s.seed, data), data: data, key: s.parseKey, w: w, diag: d})
		paths = append(paths, p)
	}
	// The files parsed here are parsed: parseWindows keeps them, and the
	// revisions (which the memos below ask for) know them.
	for i, r := range made {
		s.parsed[paths[i]] = r
		s.windowRevs[r.w] = s.windowRev(paths[i], r)
	}
	now := s.now.In(cfg.Location)
	published := *last.Site
	published.Windows = slices.Clone(last.Published)
	var changed []*model.Window
	at := map[*model.Window]int{}
	for i, w := range published.Windows {
		if nw := replace[w]; nw != nil {
			published.Windows[i] = nw
			changed = append(changed, nw)
			at[nw] = i
		}
	}
	if len(changed) == 0 {
		return nil // drafts, not published
	}
	parts, ok := s.memo.report.Early(&published, changed, now)
	if !ok {
		return nil
	}
	rep := &trends.Report{Related: map[*model.Window][]trends.Related{}, Carried: map[*model.Window]*trends.Carried{}}
	for w, p := range parts {
		if p.Related != nil {
			rep.Related[w] = p.Related
		}
		if p.Carried != nil {
			rep.Carried[w] = p.Carried
		}
	}
	// The view of the whole site: the new windows (a page that may read
	// them is not made early), no index, and the last build's navigation
	// (its entries are pages every site has).
	view := &render.Site{Model: &published, Now: now, Drafts: opts.Drafts, LiveReload: opts.LiveReload, Nav: s.lastNav}
	e := &Early{Number: number, Pages: map[string][]byte{}, Unchanged: s.last.unchanged}
	partsOf := s.memo.toolParts()
	for _, w := range changed {
		pages := render.WindowPages(&published, at[w], rep, now, partsOf)
		// The family has the outputs it had: a run sheet that comes or
		// goes adds or removes an output.
		has := map[string]bool{}
		for _, p := range pages {
			has[p.File()] = true
		}
		same := true
		for _, u := range []string{w.URL(), render.RunSheetURL(w), render.MeetingURL(w)} {
			name := (&render.Page{URL: u}).File()
			if old := s.last.files[name]; (old != nil && old.page) != has[name] {
				same = false
			}
		}
		if !same {
			continue
		}
		for _, p := range pages {
			if !earlyDeps(pageDeps(s.renderer, p)) {
				continue
			}
			data, err := s.renderer.RenderOne(view, p)
			if err != nil {
				continue // the build reports it
			}
			e.Pages[p.File()] = data
		}
	}
	if len(e.Pages) == 0 {
		return nil
	}
	return e
}

// earlyDeps reports whether an output of keys deps can be made early.
func earlyDeps(deps []Dep) bool {
	for _, d := range deps {
		if !earlyKinds[d.Kind] {
			return false
		}
	}
	return true
}
