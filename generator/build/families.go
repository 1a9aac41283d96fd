package build

import (
	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/render"
	"github.com/wrapup/wrapup/internal/memo"
)

// pageMemo keeps, from one of a Session's builds to the next, the pages of
// each window and each group of the index (render.Keep), with what the
// outputs of the pages are named and read (pageOut): an edit makes the
// pages of the windows and groups it changed, not those of the whole site.
//
// The facts a family's pages are kept by are the revisions of the keys
// their data is made from (deps.go): a window's pages read the window, its
// neighbours, its related windows and carried actions (the report), the
// configuration, the people and today; a group's read its windows and the
// people. Those are the keys their outputs declare, so a kept page is one a
// build from scratch would make equal.
type pageMemo struct {
	windows *memo.Memo[string, []*render.Page]
	groups  *memo.Memo[groupKey, []*render.Page]
	// outs are the name and the dependency keys of a page, kept by the
	// page (never changed once made) with the renderer they were worked
	// out for (which templates reach the windows).
	outs *memo.Memo[*render.Page, pageOut]
}

type groupKey struct{ kind, key string }

// pageOut is what the output of a page is named and reads.
type pageOut struct {
	name string
	deps []Dep
}

func newPageMemo() *pageMemo {
	return &pageMemo{windows: memo.New[string, []*render.Page](), groups: memo.New[groupKey, []*render.Page](),
		outs: memo.New[*render.Page, pageOut]()}
}

func (m *pageMemo) sweep() {
	m.windows.Sweep()
	m.groups.Sweep()
	m.outs.Sweep()
}

// keep is the render.Keep of a build of windows (published, in order)
// whose keys have the revisions r.
func (m *pageMemo) keep(windows []*model.Window, r *revisions, toolParts func(*model.Window) render.ToolParts) render.Keep {
	d := digest{seed: r.s.seed}
	for _, kind := range []string{depConfig, depPeople, depToday} {
		d.uint(r.of(Dep{Kind: kind}))
	}
	site := d.h
	return render.Keep{
		ToolParts: toolParts,
		Window: func(i int, make func() []*render.Page) []*render.Page {
			d := digest{seed: r.s.seed, h: site}
			d.uint(r.windowRev(i, windowKey))
			d.uint(r.windowRev(i-1, windowKey))
			d.uint(r.windowRev(i+1, windowKey))
			d.uint(r.windowRev(i, relatedKey))
			d.uint(r.windowRev(i, carriedKey))
			return m.windows.Get(windows[i].ID, d.h, make)
		},
		Group: func(kind string, g *aggregate.Group, make func() []*render.Page) []*render.Page {
			dep, ok := groupDep(kind, g.Key)
			if !ok {
				return make()
			}
			d := digest{seed: r.s.seed, h: site}
			d.uint(r.of(dep))
			return m.groups.Get(groupKey{kind, g.Key}, d.h, make)
		},
	}
}

// groupDep is the key of a group of the index of kind "person", "system"
// or "tag".
func groupDep(kind, key string) (Dep, bool) {
	k := map[string]string{"person": depPerson, "system": depSystem, "tag": depTag}[kind]
	return Dep{Kind: k, ID: key}, k != ""
}

// out is the name and keys of page p's output, worked out by the renderer
// of generation gen.
func (m *pageMemo) out(r *render.Renderer, gen uint64, p *render.Page) pageOut {
	return m.outs.Get(p, gen, func() pageOut { return pageOut{name: p.File(), deps: pageDeps(r, p)} })
}
