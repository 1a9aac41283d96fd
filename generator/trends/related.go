package trends

import (
	"iter"
	"runtime"
	"slices"
	"strings"

	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/internal/par"
)

// How related windows are scored: a shared system says most about "have we
// seen this before?", a shared tag or a distinctive word in both windows'
// went-wrong items a little less.
const (
	RelatedShown     = 5 // related windows on a window page
	CarriedShown     = 5 // carried actions on a window page
	systemWeight     = 2
	tagWeight        = 1
	wordWeight       = 1
	minRelatedScore  = 2 // one system, or two weaker links
	minDistinctiveDF = 3 // a word in up to this many windows is always distinctive
)

// Related is an earlier window that shares something with a window.
type Related struct {
	W     *model.Window
	Score int
	// of is the window W is related to; words are the distinctive
	// went-wrong words both have (nil for none). The systems and tags
	// they share are worked out from the two windows when asked for:
	// held, they were 4.6 MB at 10k windows, live the whole build.
	of    *model.Window
	words *[]string
}

// NewRelated is the entry of w among the windows related to of, with its
// score and the distinctive went-wrong words the two share.
func NewRelated(of, w *model.Window, score int, words []string) Related {
	r := Related{W: w, Score: score, of: of}
	if len(words) > 0 {
		r.words = &words
	}
	return r
}

// Systems are the systems the two windows share, in the order the later
// window names them (nil for none).
func (r Related) Systems() []string {
	if r.of == nil {
		return nil
	}
	var out []string
	for _, s := range r.of.Systems {
		if !slices.Contains(out, s) && slices.Contains(r.W.Systems, s) {
			out = append(out, s)
		}
	}
	return out
}

// Tags are the tags (of the windows and of their went-wrong items) the two
// windows share, in the later window's order (nil for none).
func (r Related) Tags() []string {
	if r.of == nil {
		return nil
	}
	var out []string
	for t := range profileTags(r.of) {
		if !slices.Contains(out, t) && hasProfileTag(r.W, t) {
			out = append(out, t)
		}
	}
	return out
}

// profileTags yields the tags that relate window w to others (a profile's
// tags): the window's own, then its went-wrong items', repeats included.
func profileTags(w *model.Window) iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, t := range w.Tags {
			if !yield(t) {
				return
			}
		}
		for i := range w.WentWrong {
			for _, t := range w.WentWrong[i].Tags {
				if !yield(t) {
					return
				}
			}
		}
	}
}

// hasProfileTag reports whether t is one of w's profileTags.
func hasProfileTag(w *model.Window, t string) bool {
	for pt := range profileTags(w) {
		if pt == t {
			return true
		}
	}
	return false
}

// Words are the distinctive went-wrong words the two windows share, as
// first written in the archive (nil for none).
func (r Related) Words() []string {
	if r.words == nil {
		return nil
	}
	return *r.words
}

// Reasons says in words why the window is related: "same system postgresql",
// "tags #testing, #web", "went wrong alike: “extension”".
func (r Related) Reasons() []string {
	var out []string
	if systems := r.Systems(); len(systems) > 0 {
		label := "same system "
		if len(systems) > 1 {
			label = "same systems "
		}
		out = append(out, label+strings.Join(systems, ", "))
	}
	if tags := r.Tags(); len(tags) > 0 {
		label := "tag #"
		if len(tags) > 1 {
			label = "tags #"
		}
		out = append(out, label+strings.Join(tags, ", #"))
	}
	if words := r.Words(); len(words) > 0 {
		out = append(out, "went wrong alike: “"+strings.Join(words, "”, “")+"”")
	}
	return out
}

// profile is what relates a window to others.
type profile struct {
	systems []string
	tags    []string // window tags and went-wrong item tags
	words   []string // distinctive stems of went-wrong items
}

// relateState is everything relatedOf works out, kept by a Memo so that the
// next report, made after an edit of a few windows, redoes only what those
// windows change (see update).
type relateState struct {
	ws       []*model.Window // oldest first
	facts    []*windowFacts  // of ws
	maxDF    int
	df       map[string]int    // went-wrong stem -> windows that have it
	firstAt  map[string]int32  // stem -> the oldest window that has it
	surface  map[string]string // stem -> the word it first came from
	profiles []profile
	postings map[string][]int32 // "s:x", "t:x", "w:x" -> window indexes, ascending
	// related[i] are window i's related windows, relIdx[i] their indexes.
	related [][]Related
	relIdx  [][]int32
}

// relatedOf returns, for every window (windows are newest first) that has
// any, the earlier windows that share the most with it. prev, when not nil,
// is the state of the previous call; the returned state is for the next.
func relatedOf(windows []*model.Window, facts map[*model.Window]*windowFacts, prev *relateState) (map[*model.Window][]Related, *relateState) {
	ws := oldestFirst(windows)
	st := prev
	if st == nil || !st.update(ws, facts) {
		st = newRelateState(ws, facts)
	}
	out := make(map[*model.Window][]Related, len(ws))
	for i, rel := range st.related {
		if len(rel) > 0 {
			out[ws[i]] = rel
		}
	}
	return out, st
}

// distinctive reports whether a stem in df windows tells two windows apart:
// a word most windows share tells nothing about any two of them.
func (st *relateState) distinctive(df int) bool { return df >= 2 && df <= st.maxDF }

func newRelateState(ws []*model.Window, facts map[*model.Window]*windowFacts) *relateState {
	n := len(ws)
	st := &relateState{ws: ws, facts: make([]*windowFacts, n), maxDF: max(minDistinctiveDF, n/20),
		df: map[string]int{}, firstAt: map[string]int32{}, surface: map[string]string{},
		profiles: make([]profile, n), postings: map[string][]int32{},
		related: make([][]Related, n), relIdx: make([][]int32, n)}
	for i, w := range ws {
		st.facts[i] = facts[w]
		for _, sw := range st.facts[i].wrongStems {
			if _, ok := st.surface[sw.stem]; !ok {
				st.surface[sw.stem] = sw.word
				st.firstAt[sw.stem] = int32(i)
			}
			st.df[sw.stem]++
		}
	}
	for i := range ws {
		st.profiles[i] = st.profileOf(i)
		st.post(i, +1)
	}
	// One scorer per core: each holds a score per window.
	workers := runtime.GOMAXPROCS(0)
	par.Do(workers, func(k int) {
		sc := newScorer(n)
		for i := k; i < n; i += workers {
			idx, scores := sc.best(st, i)
			st.setRelated(i, idx, scores)
		}
	})
	return st
}

// profileOf works out window i's profile from its window and facts.
func (st *relateState) profileOf(i int) profile {
	w := st.ws[i]
	p := profile{systems: uniq(w.Systems)}
	p.tags = uniq(slices.Collect(profileTags(w)))
	for _, sw := range st.facts[i].wrongStems {
		if st.distinctive(st.df[sw.stem]) {
			p.words = append(p.words, sw.stem)
		}
	}
	slices.Sort(p.words)
	return p
}

// post adds window i to the postings of its profile (dir +1; it must be the
// newest window posted so far), or inserts it in order (dir 0), or removes
// it (dir -1).
func (st *relateState) post(i int, dir int) {
	p := &st.profiles[i]
	one := func(key string) {
		list := st.postings[key]
		switch dir {
		case +1:
			list = append(list, int32(i))
		case 0:
			at, found := slices.BinarySearch(list, int32(i))
			if !found {
				list = slices.Insert(list, at, int32(i))
			}
		case -1:
			if at, found := slices.BinarySearch(list, int32(i)); found {
				list = slices.Delete(list, at, at+1)
			}
		}
		st.postings[key] = list
	}
	for _, s := range p.systems {
		one("s:" + s)
	}
	for _, t := range p.tags {
		one("t:" + t)
	}
	for _, w := range p.words {
		one("w:" + w)
	}
}

// scorer scores the windows before one window through the postings.
type scorer struct {
	scores  []int32
	touched []int32
}

func newScorer(n int) *scorer { return &scorer{scores: make([]int32, n)} }

// best returns the indexes of window i's related windows, best first.
func (sc *scorer) best(st *relateState, i int) (idx, scores []int32) {
	sc.touched = sc.touched[:0]
	add := func(key string, weight int32) {
		for _, j := range st.postings[key] {
			if int(j) >= i {
				break
			}
			if sc.scores[j] == 0 {
				sc.touched = append(sc.touched, j)
			}
			sc.scores[j] += weight
		}
	}
	p := &st.profiles[i]
	for _, s := range p.systems {
		add("s:"+s, systemWeight)
	}
	for _, t := range p.tags {
		add("t:"+t, tagWeight)
	}
	for _, w := range p.words {
		add("w:"+w, wordWeight)
	}
	var best []int32
	for _, j := range sc.touched {
		if sc.scores[j] >= minRelatedScore {
			best = insertTop(best, j, sc.scores, RelatedShown)
		}
	}
	scores = make([]int32, len(best))
	for k, j := range best {
		scores[k] = sc.scores[j]
	}
	for _, j := range sc.touched {
		sc.scores[j] = 0
	}
	return best, scores
}

// setRelated records window i's related windows: their indexes and scores,
// best first.
func (st *relateState) setRelated(i int, idx, scores []int32) {
	st.relIdx[i] = idx
	st.related[i] = nil
	if len(idx) == 0 {
		return
	}
	rel := make([]Related, len(idx))
	for k, j := range idx {
		rel[k] = st.entry(i, int(j), int(scores[k]))
	}
	st.related[i] = rel
}

// entry is window j's entry among window i's related windows.
func (st *relateState) entry(i, j, score int) Related {
	p, q := &st.profiles[i], &st.profiles[j]
	r := Related{W: st.ws[j], Score: score, of: st.ws[i]}
	if n := countShared(p.words, q.words); n > 0 {
		words := make([]string, 0, n)
		for _, stem := range p.words {
			if slices.Contains(q.words, stem) {
				words = append(words, st.surface[stem])
			}
		}
		r.words = &words
	}
	return r
}

// appendShared appends the items of a that are in b, in a's order, to buf;
// it returns them (nil for none) and buf.
func appendShared(buf, a, b []string) (shared, _ []string) {
	from := len(buf)
	for _, x := range a {
		if slices.Contains(b, x) {
			buf = append(buf, x)
		}
	}
	if len(buf) == from {
		return nil, buf
	}
	return buf[from:len(buf):len(buf)], buf
}

// score is what the postings add up for windows i and j.
func (st *relateState) score(i, j int) int32 {
	p, q := &st.profiles[i], &st.profiles[j]
	return int32(systemWeight*countShared(p.systems, q.systems) + tagWeight*countShared(p.tags, q.tags) + wordWeight*countShared(p.words, q.words))
}

func countShared(a, b []string) int {
	n := 0
	for _, x := range a {
		if slices.Contains(b, x) {
			n++
		}
	}
	return n
}

// maxChanged is how many windows update redoes related windows for; more
// changes (a rename that moves windows, a new config) start afresh.
const maxChanged = 16

// update brings st up to date with ws, when ws differs from st.ws in a few
// windows only (an edit replaces a window by a newly parsed one at the same
// place), and reports whether it could. It gives up, leaving st unusable,
// when the change reaches beyond those windows: another window count (which
// moves the distinctive-word threshold), a word that becomes or stops being
// distinctive, or a change in the wording shown for a distinctive word.
//
// Why the rest can stay: window i's related windows come from the windows
// before it, whose scores against i change only where a changed window is
// involved. For i after a changed window e, the old top list holds every
// window that could still make it, except e itself, as long as no changed
// window in the old list lost score: then the new list is the best of the
// old list (with rescored changed windows) and the changed windows.
func (st *relateState) update(ws []*model.Window, facts map[*model.Window]*windowFacts) bool {
	n := len(ws)
	if n != len(st.ws) {
		return false
	}
	var changed []int
	for i, w := range ws {
		if w != st.ws[i] {
			if len(changed) == maxChanged {
				return false
			}
			changed = append(changed, i)
		}
	}
	if len(changed) == 0 {
		return true
	}
	// The document frequencies after the change. A stem that a changed
	// window gains, loses or words differently must keep its standing
	// (distinctive or not), and a distinctive one its wording: the word of
	// the oldest window that has it.
	before := map[string]int{}
	moved := map[string]bool{}
	for _, i := range changed {
		old, cur := st.facts[i].wrongStems, facts[ws[i]].wrongStems
		for _, sw := range old {
			before[sw.stem] = st.df[sw.stem]
			if !slices.Contains(cur, sw) {
				moved[sw.stem] = true
			}
		}
		for _, sw := range cur {
			before[sw.stem] = st.df[sw.stem]
			if !slices.Contains(old, sw) {
				moved[sw.stem] = true
			}
		}
	}
	for _, i := range changed {
		for _, sw := range st.facts[i].wrongStems {
			st.df[sw.stem]--
		}
		for _, sw := range facts[ws[i]].wrongStems {
			st.df[sw.stem]++
		}
	}
	first := changed[0]
	for stem := range moved {
		now := st.df[stem]
		if st.distinctive(now) != st.distinctive(before[stem]) {
			return false
		}
		if st.distinctive(now) {
			if at, ok := st.firstAt[stem]; !ok || int(at) >= first {
				return false
			}
		}
		if now == 0 {
			delete(st.df, stem)
		}
	}
	for _, i := range changed {
		st.post(i, -1)
		st.ws[i] = ws[i]
		st.facts[i] = facts[ws[i]]
		st.profiles[i] = st.profileOf(i)
		st.post(i, 0)
	}
	isChanged := make(map[int]bool, len(changed))
	for _, i := range changed {
		isChanged[i] = true
	}
	var redo []int
	for i := first; i < n; i++ {
		if isChanged[i] {
			redo = append(redo, i)
			continue
		}
		idx, scores, ok := st.merge(i, changed)
		if !ok {
			redo = append(redo, i)
			continue
		}
		if idx != nil {
			old := st.related[i]
			oldIdx := st.relIdx[i]
			rel := make([]Related, len(idx))
			for k, j := range idx {
				if at := slices.Index(oldIdx, j); at >= 0 && !isChanged[int(j)] {
					rel[k] = old[at]
				} else {
					rel[k] = st.entry(i, int(j), int(scores[k]))
				}
			}
			st.related[i], st.relIdx[i] = rel, idx
		}
	}
	sc := newScorer(n)
	for _, i := range redo {
		idx, scores := sc.best(st, i)
		st.setRelated(i, idx, scores)
	}
	return true
}

// merge works out window i's new related windows from its old ones and the
// changed windows before it (see update). It returns nil when nothing
// changed for i, and ok false when i must be scored afresh.
func (st *relateState) merge(i int, changed []int) (idx, scores []int32, ok bool) {
	oldIdx := st.relIdx[i]
	// Most windows after an edit neither list an edited window nor score
	// with it: they are passed over without making the candidates.
	touches := false
	for _, e := range changed {
		if e >= i {
			break
		}
		if slices.Contains(oldIdx, int32(e)) || st.score(i, e) >= minRelatedScore {
			touches = true
			break
		}
	}
	if !touches {
		return nil, nil, true
	}
	var cand []int32
	var candScore []int32
	touched := false
	for k, j := range oldIdx {
		cand = append(cand, j)
		candScore = append(candScore, int32(st.related[i][k].Score))
	}
	for _, e := range changed {
		if e >= i {
			break
		}
		s := st.score(i, e)
		if at := slices.Index(oldIdx, int32(e)); at >= 0 {
			if s < candScore[at] {
				return nil, nil, false // it may fall behind a window not in the list
			}
			candScore[at] = s
			touched = true
			continue
		}
		if s >= minRelatedScore {
			cand = append(cand, int32(e))
			candScore = append(candScore, s)
			touched = true
		}
	}
	if !touched {
		return nil, nil, true
	}
	order := make([]int, len(cand))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int {
		if candScore[a] != candScore[b] {
			return int(candScore[b] - candScore[a])
		}
		return int(cand[b] - cand[a])
	})
	order = order[:min(len(order), RelatedShown)]
	idx, scores = make([]int32, len(order)), make([]int32, len(order))
	for k, o := range order {
		idx[k], scores[k] = cand[o], candScore[o]
	}
	return idx, scores, true
}

// oldestFirst returns windows (newest first) in the opposite order.
func oldestFirst(windows []*model.Window) []*model.Window {
	n := len(windows)
	ws := make([]*model.Window, n)
	for i, w := range windows {
		ws[n-1-i] = w
	}
	return ws
}

// insertTop keeps best as the top n indexes by score, then the newer (larger
// index) first.
func insertTop(best []int32, j int32, scores []int32, n int) []int32 {
	better := func(a, b int32) bool {
		if scores[a] != scores[b] {
			return scores[a] > scores[b]
		}
		return a > b
	}
	if len(best) == n && !better(j, best[n-1]) {
		return best
	}
	pos := len(best)
	for pos > 0 && better(j, best[pos-1]) {
		pos--
	}
	best = slices.Insert(best, pos, j)
	if len(best) > n {
		best = best[:n]
	}
	return best
}

func uniq(xs []string) []string {
	var out []string
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
