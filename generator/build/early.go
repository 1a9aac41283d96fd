package build

import (
	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/model"
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

// early makes the Early of build number of site (parsed, with diags) after
// the source paths touched changed, or returns nil when no page can be made
// early (see Early).
func (s *Session) early(number int, site *model.Site, diags diag.List, touched []string, opts Options) *Early {
	if !s.clean || s.last == nil || s.renderer == nil || s.themeDirty || len(touched) == 0 ||
		diags.HasErrors() || !s.now.Equal(s.lastNow) {
		return nil
	}
	isChanged := map[*model.Window]bool{}
	for _, p := range touched {
		old, ok := s.replaced[p]
		if !ok || classify(p) != kindWindow {
			return nil
		}
		w := s.parsed[p].w
		if w == nil || old == nil || w.ID != old.ID || !w.Start.Equal(old.Start) || w.Draft != old.Draft {
			return nil
		}
		isChanged[w] = true
	}
	now := s.now.In(site.Config.Location)
	published := *site
	published.Windows = publishedWindows(site, opts.Drafts)
	var changed []*model.Window
	at := map[*model.Window]int{}
	for i, w := range published.Windows {
		if isChanged[w] {
			changed = append(changed, w)
			at[w] = i
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
		made := map[string]bool{}
		for _, p := range pages {
			made[p.File()] = true
		}
		same := true
		for _, u := range []string{w.URL(), render.RunSheetURL(w), render.MeetingURL(w)} {
			name := (&render.Page{URL: u}).File()
			if old := s.last.files[name]; (old != nil && old.page) != made[name] {
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
