package build

import (
	"hash/maphash"
	"reflect"
	"runtime"
	"sort"

	"github.com/wrapup/wrapup/internal/par"
)

// compare fills g with the outputs of outs, reusing the previous build's
// file wherever the fingerprints agree.
func (s *Session) compare(g *Generation, outs *Outputs) {
	fp := newFingerprinter(s.seed, s.memos)
	s.pinReport(fp, g.Result)
	revs := s.revisions(outs.View)
	var prev map[string]*genFile
	if s.last != nil {
		prev = s.last.files
	}
	list := outs.List()
	sums, known, fps := s.sumInputs(fp, list, g.Result)
	g.files = make(map[string]*genFile, len(list))
	g.names = make([]string, 0, len(list))
	for i, out := range list {
		f := &genFile{page: out.Page != nil, produce: out.Produce}
		if out.Inputs != nil {
			f.sum, f.known = sums[i]^revs.sum(s.seed, out.Deps), known[i]
		}
		if old := prev[out.Name]; old != nil && old.known && f.known && old.sum == f.sum && old.page == f.page {
			f = old
			g.Reused++
		} else {
			g.Dirty++
			g.Updated = append(g.Updated, out.Name)
		}
		g.files[out.Name] = f
		g.names = append(g.names, out.Name)
	}
	sort.Strings(g.names)
	sort.Strings(g.Updated)
	for name := range prev {
		if g.files[name] == nil {
			g.Removed = append(g.Removed, name)
		}
	}
	sort.Strings(g.Removed)
	var prevGroups map[string]*genGroup
	if s.last != nil {
		prevGroups = map[string]*genGroup{}
		for _, gr := range s.last.groups {
			prevGroups[gr.dir] = gr
		}
	}
	for _, grp := range outs.deferredGroups() {
		gr := &genGroup{dir: grp.Dir, produce: grp.Produce}
		if grp.Inputs != nil {
			sum, ok := fp.sum(grp.Inputs)
			gr.sum, gr.known = sum^revs.sum(s.seed, siteDeps), ok
		}
		if old := prevGroups[grp.Dir]; old != nil && old.known && gr.known && old.sum == gr.sum {
			gr = old
			g.Reused++
		} else {
			g.Dirty++
		}
		g.groups = append(g.groups, gr)
	}
	g.Result.Pages, g.Result.Files = g.Pages(), len(g.names)
	s.memos = nil
	for _, f := range fps {
		s.memos = append(s.memos, f.memo)
	}
}

// sumInputs fingerprints the inputs of every output in list, on every core:
// the dev server waits for it on every edit, and at 10k windows there are
// some 40,000 outputs. fp serves the first core; the others get their own
// fingerprinter (its memo is not shared), with the report pinned the same.
func (s *Session) sumInputs(fp *fingerprinter, list []Output, res *Result) (sums []uint64, known []bool, fps []*fingerprinter) {
	sums, known = make([]uint64, len(list)), make([]bool, len(list))
	const chunk = 256
	chunks := (len(list) + chunk - 1) / chunk
	// One fingerprinter per core, each taken by one chunk at a time: a
	// fingerprinter's memo is not safe for concurrent use.
	free := make(chan *fingerprinter, runtime.GOMAXPROCS(0))
	free <- fp
	fps = []*fingerprinter{fp}
	for len(fps) < min(cap(free), chunks) {
		f := newFingerprinter(s.seed, fp.prev)
		s.pinReport(f, res)
		fps = append(fps, f)
		free <- f
	}
	par.Do(chunks, func(c int) {
		f := <-free
		defer func() { free <- f }()
		for i := c * chunk; i < min((c+1)*chunk, len(list)); i++ {
			if list[i].Inputs != nil {
				sums[i], known[i] = f.sum(list[i].Inputs)
			}
		}
	})
	return sums, known, fps
}

// pinReport fingerprints the trends report by what it is computed from
// instead of walking it: trends.Compute is a function of the published
// windows (hashed by address, see fingerprinter), "today" and the
// configuration. Walking the report's maps and lists (every window's related
// windows, every action) cost more than anything else in an edit.
func (s *Session) pinReport(fp *fingerprinter, res *Result) {
	if res.Trends == nil || res.Site == nil {
		return
	}
	var h maphash.Hash
	h.SetSeed(s.seed)
	h.WriteString("trends.Report")
	writeUint(&h, uint64(len(res.Published)))
	for _, w := range res.Published {
		writeUint(&h, uint64(uintptrOf(w)))
	}
	writeUint(&h, uint64(s.now.UnixNano()))
	h.WriteString(s.now.Location().String())
	fp.value(&h, reflect.ValueOf(res.Site.Config))
	fp.pin(res.Trends, h.Sum64())
}
