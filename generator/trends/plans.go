package trends

import (
	"hash/maphash"
	"slices"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/model"
)

// The report's parts that span windows (the matrices, repeated ideas,
// lessons, the board, carried actions) are kept in a Memo as plans: the
// part with every item and action it lists named by place, not pointer (a
// place: the window's position in the windows the part was made from, and
// the item's position in that window's list). A plan is kept with the facts
// the part is made of (partFacts, from each window's signatures below), and
// the same facts give the same plan: the windows, in the same order, with
// the same number of items, tags, dates and states. Binding a plan to the
// windows of a build makes the part, pointing at those windows.

// sigs are a window's signatures: a hash of the facts of one window each
// part is made of, with its id. They are worked out with the window's other
// facts (newFacts), once per window revision.
type sigs struct {
	matrix [4]uint64 // by lessonKinds: the quarter, each item's tags
	ideas  uint64    // the ideas' wording
	board  uint64    // the start date, each action's state, due and done dates, owners and tags
	carry  uint64    // the start date, systems, tags, each action's tags and state
}

func newSigs(seed maphash.Seed, w *model.Window, f *windowFacts) sigs {
	var s sigs
	start := func(d *digest) {
		d.string(w.ID)
		d.uint(uint64(f.start.Year)<<16 | uint64(f.start.Month)<<8 | uint64(f.start.Day))
	}
	for k, kind := range lessonKinds {
		d := digest{seed: seed}
		d.string(w.ID)
		d.uint(uint64(f.quarter.Year)<<4 | uint64(f.quarter.Q))
		items := itemsOf(w, kind)
		d.uint(uint64(len(items)))
		for _, it := range items {
			d.strings(it.Tags)
		}
		s.matrix[k] = d.h
	}
	d := digest{seed: seed}
	d.string(w.ID)
	d.uint(uint64(len(w.Ideas)))
	for _, it := range w.Ideas {
		d.string(it.Text)
	}
	s.ideas = d.h
	d = digest{seed: seed}
	start(&d)
	d.uint(uint64(len(w.Actions)))
	for _, a := range w.Actions {
		d.string(bit(a.Done))
		d.date(a.Due)
		d.date(a.DoneOn)
		d.strings(a.Owners)
		d.strings(a.Tags)
	}
	s.board = d.h
	d = digest{seed: seed}
	start(&d)
	d.strings(w.Systems)
	d.strings(w.Tags)
	d.uint(uint64(len(w.Actions)))
	for _, a := range w.Actions {
		d.string(bit(a.Done))
		d.date(a.DoneOn)
		d.strings(a.Tags)
	}
	s.carry = d.h
	return s
}

// partFacts folds one signature of every window, in order, with extra.
func partFacts(windows []*model.Window, facts map[*model.Window]*windowFacts, sig func(*sigs) uint64, extra ...uint64) uint64 {
	var d digest
	d.uint(uint64(len(windows)))
	for _, w := range windows {
		d.uint(sig(&facts[w].sigs))
	}
	for _, x := range extra {
		d.uint(x)
	}
	return d.h
}

// place is an item or action by place: its window's position in the
// windows (newest first), its kind, and its position in the window's list
// of that kind (the actions for next time).
type place struct {
	win  int32
	idx  int32
	kind model.SectionKind
}

// places names the items of one list of windows by place.
type places struct {
	windows []*model.Window
	index   map[*model.Window]int32
}

func newPlaces(windows []*model.Window) *places {
	p := &places{windows: windows, index: make(map[*model.Window]int32, len(windows))}
	for i, w := range windows {
		p.index[w] = int32(i)
	}
	return p
}

func (p *places) of(r aggregate.ItemRef) place {
	pl := place{win: p.index[r.Window], kind: r.Kind}
	if r.Action != nil {
		for k := range r.Window.Actions {
			if &r.Window.Actions[k] == r.Action {
				pl.idx = int32(k)
			}
		}
		return pl
	}
	items := itemsOf(r.Window, r.Kind)
	for k := range items {
		if &items[k] == r.Item {
			pl.idx = int32(k)
		}
	}
	return pl
}

func (p *places) items(refs []aggregate.ItemRef) []place {
	if refs == nil {
		return nil
	}
	out := make([]place, len(refs))
	for i, r := range refs {
		out[i] = p.of(r)
	}
	return out
}

// bindItems makes the item refs of places in windows.
func bindItems(windows []*model.Window, list []place) []aggregate.ItemRef {
	if list == nil {
		return nil
	}
	out := make([]aggregate.ItemRef, len(list))
	for i, pl := range list {
		w := windows[pl.win]
		r := aggregate.ItemRef{Window: w, Kind: pl.kind}
		if pl.kind == model.SectionNextTime {
			r.Action = &w.Actions[pl.idx]
		} else {
			r.Item = &itemsOf(w, pl.kind)[pl.idx]
		}
		out[i] = r
	}
	return out
}

// matrixPlan is a Matrix by place.
type matrixPlan struct {
	m     Matrix    // the rows' cells have no items
	items [][]place // by row, then cell
}

func planMatrix(windows []*model.Window, m *Matrix) *matrixPlan {
	p := newPlaces(windows)
	mp := &matrixPlan{m: *m}
	mp.m.Rows = nil
	if m.Rows != nil {
		mp.m.Rows = make([]*Row, len(m.Rows))
	}
	for i, row := range m.Rows {
		nr := *row
		nr.Cells = slices.Clone(row.Cells)
		for k := range nr.Cells {
			mp.items = append(mp.items, p.items(nr.Cells[k].Items))
			nr.Cells[k].Items = nil
		}
		mp.m.Rows[i] = &nr
	}
	return mp
}

func (mp *matrixPlan) bind(windows []*model.Window) *Matrix {
	m := mp.m
	if mp.m.Rows != nil {
		m.Rows = make([]*Row, len(mp.m.Rows))
	}
	n := 0
	for i, row := range mp.m.Rows {
		nr := *row
		nr.Cells = slices.Clone(row.Cells)
		for k := range nr.Cells {
			nr.Cells[k].Items = bindItems(windows, mp.items[n])
			n++
		}
		m.Rows[i] = &nr
	}
	return &m
}

// ideasPlan is the repeated ideas by place.
type ideasPlan struct {
	groups []IdeaGroup // without items
	items  [][]place
}

func planIdeas(windows []*model.Window, groups []*IdeaGroup) *ideasPlan {
	p := newPlaces(windows)
	ip := &ideasPlan{}
	if groups != nil {
		ip.groups = make([]IdeaGroup, len(groups))
	}
	for i, g := range groups {
		ip.groups[i] = *g
		ip.groups[i].Items = nil
		ip.items = append(ip.items, p.items(g.Items))
	}
	return ip
}

func (ip *ideasPlan) bind(windows []*model.Window) []*IdeaGroup {
	if ip.groups == nil {
		return nil
	}
	out := make([]*IdeaGroup, len(ip.groups))
	for i := range ip.groups {
		g := ip.groups[i]
		g.Items = bindItems(windows, ip.items[i])
		out[i] = &g
	}
	return out
}

// lessonsPlan is the Lessons by place.
type lessonsPlan struct {
	total    int
	tags     []LessonGroup // without items
	items    [][]place
	untagged LessonGroup
	untItems []place
}

func planLessons(windows []*model.Window, l *Lessons) *lessonsPlan {
	p := newPlaces(windows)
	lp := &lessonsPlan{total: l.Total, untagged: *l.Untagged, untItems: p.items(l.Untagged.Items)}
	lp.untagged.Items = nil
	if l.Tags != nil {
		lp.tags = make([]LessonGroup, len(l.Tags))
	}
	for i, g := range l.Tags {
		lp.tags[i] = *g
		lp.tags[i].Items = nil
		lp.items = append(lp.items, p.items(g.Items))
	}
	return lp
}

func (lp *lessonsPlan) bind(windows []*model.Window) *Lessons {
	l := &Lessons{Total: lp.total}
	u := lp.untagged
	u.Items = bindItems(windows, lp.untItems)
	l.Untagged = &u
	if lp.tags != nil {
		l.Tags = make([]*LessonGroup, len(lp.tags))
	}
	for i := range lp.tags {
		g := lp.tags[i]
		g.Items = bindItems(windows, lp.items[i])
		l.Tags[i] = &g
	}
	return l
}

// boardPlan is the Board by place: each entry is an action by place.
type boardPlan struct {
	b                Board // without entries
	actions, overdue []place
	owners, tags     []BoardGroup // without entries
	ownerActions     [][]place
	tagActions       [][]place
}

func planBoard(windows []*model.Window, b *Board) *boardPlan {
	p := newPlaces(windows)
	refs := func(list []*ActionRef) []place {
		if list == nil {
			return nil
		}
		out := make([]place, len(list))
		for i, r := range list {
			out[i] = place{win: p.index[r.Window], idx: int32(r.Pos), kind: model.SectionNextTime}
		}
		return out
	}
	bp := &boardPlan{b: *b, actions: refs(b.Actions), overdue: refs(b.Overdue)}
	bp.b.Actions, bp.b.Overdue, bp.b.Owners, bp.b.Tags, bp.b.ByAction = nil, nil, nil, nil, nil
	groups := func(list []*BoardGroup) ([]BoardGroup, [][]place) {
		if list == nil {
			return nil, nil
		}
		out, entries := make([]BoardGroup, len(list)), make([][]place, len(list))
		for i, g := range list {
			out[i] = *g
			out[i].Actions = nil
			entries[i] = refs(g.Actions)
		}
		return out, entries
	}
	bp.owners, bp.ownerActions = groups(b.Owners)
	bp.tags, bp.tagActions = groups(b.Tags)
	return bp
}

// bind makes the board of windows, whose entries are made anew (an entry
// points at its window).
func (bp *boardPlan) bind(windows []*model.Window, today model.Date, facts map[*model.Window]*windowFacts) *Board {
	b := bp.b
	b.ByAction = map[*model.Action]*ActionRef{}
	entries := make([][]*ActionRef, len(windows))
	for i, w := range windows {
		entries[i] = windowRefs(w, facts[w].start, today)
		for k := range w.Actions {
			b.ByAction[&w.Actions[k]] = entries[i][k]
		}
	}
	refs := func(list []place) []*ActionRef {
		if list == nil {
			return nil
		}
		out := make([]*ActionRef, len(list))
		for i, pl := range list {
			out[i] = entries[pl.win][pl.idx]
		}
		return out
	}
	b.Actions, b.Overdue = refs(bp.actions), refs(bp.overdue)
	groups := func(list []BoardGroup, actions [][]place) []*BoardGroup {
		if list == nil {
			return nil
		}
		out := make([]*BoardGroup, len(list))
		for i := range list {
			g := list[i]
			g.Actions = refs(actions[i])
			out[i] = &g
		}
		return out
	}
	b.Owners = groups(bp.owners, bp.ownerActions)
	b.Tags = groups(bp.tags, bp.tagActions)
	return &b
}

// carryPlan is Report.Carried by place: by window position (newest first),
// the actions carried into it.
type carryPlan struct {
	windows []int32
	carried []carriedPlan
}

type carriedPlan struct {
	more    bool
	actions []place
}

func planCarry(windows []*model.Window, carried map[*model.Window]*Carried) *carryPlan {
	p := newPlaces(windows)
	cp := &carryPlan{}
	for i, w := range windows {
		c := carried[w]
		if c == nil {
			continue
		}
		pl := carriedPlan{more: c.More}
		for _, a := range c.Actions {
			pl.actions = append(pl.actions, place{win: p.index[a.Window], idx: int32(a.Pos), kind: model.SectionNextTime})
		}
		cp.windows = append(cp.windows, int32(i))
		cp.carried = append(cp.carried, pl)
	}
	return cp
}

// bind fills carried from the plan, with the board's entries.
func (cp *carryPlan) bind(windows []*model.Window, b *Board, carried map[*model.Window]*Carried) {
	for k, i := range cp.windows {
		pl := cp.carried[k]
		c := &Carried{More: pl.more}
		for _, a := range pl.actions {
			w := windows[a.win]
			c.Actions = append(c.Actions, CarriedAction{ActionRef: b.ByAction[&w.Actions[a.idx]], into: windows[i]})
		}
		carried[windows[i]] = c
	}
}

// digest folds numbers and strings into a 64-bit hash.
type digest struct {
	seed maphash.Seed
	h    uint64
}

func (d *digest) uint(x uint64) {
	d.h = (d.h<<23|d.h>>41^x)*0x9e3779b97f4a7c15 + 0xbf58476d1ce4e5b9
}

func (d *digest) string(s string) { d.uint(maphash.String(d.seed, s)) }

func (d *digest) strings(list []string) {
	d.uint(uint64(len(list)))
	for _, s := range list {
		d.string(s)
	}
}

func (d *digest) date(x *model.Date) {
	if x == nil {
		d.uint(0)
		return
	}
	d.uint(1 + (uint64(x.Year)<<16 | uint64(x.Month)<<8 | uint64(x.Day)))
}

func bit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
