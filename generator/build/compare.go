package build

import (
	"maps"
	"sort"

	"github.com/wrapup/wrapup/internal/par"
)

// compare fills g with the outputs of outs, reusing the previous build's
// file wherever the sums of their dependencies' revisions agree (deps.go).
func (s *Session) compare(g *Generation, outs *Outputs) {
	revs := outs.revs
	if revs == nil {
		revs = s.revisions(outs.View.Model.Windows, outs.View.Index, g.Result.Trends, outs.View.Now)
	}
	var prev map[string]*genFile
	if s.last != nil {
		prev = s.last.files
	}
	list := outs.List()
	// The sums of some 40,000 outputs at 10k windows, which the dev server
	// waits for on every edit: on every core.
	revs.prepare(outs.View, outs.bytes)
	sums := make([]uint64, len(list))
	const chunk = 512
	par.Do((len(list)+chunk-1)/chunk, func(c int) {
		for i := c * chunk; i < min((c+1)*chunk, len(list)); i++ {
			sums[i] = revs.sum(list[i].Deps)
		}
	})
	// An edit seldom adds or removes an output: the previous build's
	// files and names are then copied, and only the outputs made anew
	// replaced.
	var made []int
	kept := 0
	for i, out := range list {
		if old := prev[out.Name]; old != nil {
			kept++
			if old.sum == sums[i] && old.page == (out.Page != nil) {
				continue
			}
		}
		made = append(made, i)
	}
	if s.last != nil && kept == len(prev) && kept == len(list) {
		g.files = maps.Clone(prev)
		g.names = s.last.names
	} else {
		g.files = make(map[string]*genFile, len(list))
		g.names = make([]string, 0, len(list))
		for _, out := range list {
			g.files[out.Name] = prev[out.Name]
			g.names = append(g.names, out.Name)
		}
		sort.Strings(g.names)
		for name := range prev {
			if g.files[name] == nil {
				g.Removed = append(g.Removed, name)
			}
		}
		sort.Strings(g.Removed)
	}
	for _, i := range made {
		out := list[i]
		known := len(out.Deps) == 1 && out.Deps[0] == Dep{Kind: depBytes, ID: out.Name}
		g.files[out.Name] = &genFile{page: out.Page != nil, known: known, produce: outs.produce(out), sum: sums[i]}
		g.Updated = append(g.Updated, out.Name)
	}
	g.Dirty, g.Reused = len(made), len(list)-len(made)
	sort.Strings(g.Updated)
	var prevGroups map[string]*genGroup
	if s.last != nil {
		prevGroups = map[string]*genGroup{}
		for _, gr := range s.last.groups {
			prevGroups[gr.dir] = gr
		}
	}
	for _, grp := range outs.deferredGroups() {
		gr := &genGroup{dir: grp.Dir, produce: grp.Produce, sum: revs.sum(grp.Deps)}
		if old := prevGroups[grp.Dir]; old != nil && old.sum == gr.sum {
			gr = old
			g.Reused++
		} else {
			g.Dirty++
		}
		g.groups = append(g.groups, gr)
	}
	g.pages = 0
	for _, out := range list {
		if out.Page != nil {
			g.pages++
		}
	}
	g.Result.Pages, g.Result.Files = g.pages, len(g.names)
}
