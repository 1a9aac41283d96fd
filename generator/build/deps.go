package build

import (
	"hash/maphash"
	"slices"
	"strings"

	"github.com/wrapup/wrapup/generator/load"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/render"
)

// Dependency keys name what an output reads besides its own inputs
// (Output.Inputs). Each has a revision per build (revisions): a hash of the
// source files or values it stands for. The dev server makes an output again
// when the revision of one of its keys changed; a full build ignores them.
const (
	depConfig = "config" // wrapup.yaml and the build's options
	depPeople = "people" // content/people.yaml
	depPages  = "pages"  // the free pages and the home page intro
	depNav    = "nav"    // the site navigation
	depToday  = "today"  // the build's date
	depTheme  = "theme"  // the theme's templates
	// depIndex is every published window, in order: a page whose template
	// can reach .Site.Index or .Site.Model's windows (render.ReadsWindows)
	// depends on all of them.
	depIndex = "index"
)

// siteDeps are what every page can read of the site as a whole (render.Site
// but its windows).
var siteDeps = []string{depConfig, depPeople, depPages, depNav, depToday, depTheme}

// pageDeps are the dependency keys of a page drawn by the template page.
func pageDeps(r *render.Renderer, page string) []string {
	if r.ReadsWindows(page) {
		return append(slices.Clip(siteDeps), depIndex)
	}
	return siteDeps
}

// revisions holds the revision of each dependency key in one build.
type revisions map[string]uint64

// sum combines the revisions of keys.
func (r revisions) sum(seed maphash.Seed, keys []string) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	for _, k := range keys {
		h.WriteString(k)
		h.WriteByte(0)
		writeUint(&h, r[k])
	}
	return h.Sum64()
}

// revisions works out the revision of every dependency key of the build
// that planned view. Inputs are revised by the content of the files they
// come from; a window's revision (windowRevs) is that of its file and of
// the files it was parsed with.
func (s *Session) revisions(view *render.Site) revisions {
	rev := func(parts ...func(h *maphash.Hash)) uint64 {
		var h maphash.Hash
		h.SetSeed(s.seed)
		for _, p := range parts {
			p(&h)
		}
		return h.Sum64()
	}
	files := func(paths ...string) func(h *maphash.Hash) {
		return func(h *maphash.Hash) { writeUint(h, s.keyOf(paths...)) }
	}
	str := func(xs ...string) func(h *maphash.Hash) {
		return func(h *maphash.Hash) {
			for _, x := range xs {
				writeUint(h, uint64(len(x)))
				h.WriteString(x)
			}
		}
	}
	flag := func(b bool) string {
		if b {
			return "1"
		}
		return "0"
	}
	var pages []string
	for p := range s.sources {
		if classify(p) == kindPage {
			pages = append(pages, p)
		}
	}
	slices.Sort(pages)
	var nav []string
	for _, n := range view.Nav {
		nav = append(nav, n.Section, n.Label, n.URL)
	}
	o := s.opts
	return revisions{
		depConfig: rev(files(load.ConfigFile), str(o.BaseURL, flag(o.FileMode), flag(o.Drafts), flag(o.Strict), o.LiveReload, view.Version)),
		depPeople: rev(files(load.PeopleFile)),
		depPages:  rev(files(append(pages, load.IndexFile)...), str(strings.Join(pages, "\x00"), flag(o.Drafts))),
		depNav:    rev(str(nav...)),
		depToday:  rev(str(view.Now.Format("2006-01-02T15:04:05.999999999Z07:00"), view.Now.Location().String())),
		depTheme:  rev(func(h *maphash.Hash) { writeUint(h, s.themeSum) }),
		depIndex:  rev(func(h *maphash.Hash) { s.windowsRevision(h, view.Model.Windows) }),
	}
}

// windowsRevision writes the revisions of windows, in order, to h.
func (s *Session) windowsRevision(h *maphash.Hash, windows []*model.Window) {
	writeUint(h, uint64(len(windows)))
	for _, w := range windows {
		h.WriteString(w.ID)
		h.WriteByte(0)
		rev, ok := s.windowRevs[w]
		if !ok {
			// Not parsed by this session: a revision no other build has.
			rev = uint64(s.number)<<32 | uint64(len(s.windowRevs))
		}
		writeUint(h, rev)
	}
}
