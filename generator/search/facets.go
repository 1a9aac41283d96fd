package search

import (
	"encoding/binary"
	"slices"
	"sort"

	"github.com/wrapup/wrapup/generator/model"
)

// Positions of the facets in FacetNames.
const (
	facetKind = iota
	facetSystem
	facetTag
	facetPerson
	facetOutcome
	facetYear
	facetAction
)

// encodeFacets packs the facet values of a term's documents, its postings
// ps in order, so that a filtered query (or the counts of the search page) reads
// the values of the documents it can return and nothing else: the values of
// every document are 1.1 MB at 10k windows, one term's a few kilobytes.
// Per posting, as unsigned varints:
//
//   - 2*(kind + kinds*action) + w, where kind is the kind's value index,
//     action is 0 or the action value index + 1 and kinds is the number of
//     kind values; w is 1 when the window facets follow: for the first
//     posting and whenever the document's window is not the previous one's;
//   - the number of tags, then their value indices; the same for people;
//   - when w is 1: the number of systems, then their value indices, then
//     0 for a document without window or 1 + outcome + outcomes*year.
//
// Documents have one kind and at most one action, outcome and year, which
// Extract guarantees.
func (ix *Index) encodeFacets(ps []Posting, b []byte) []byte {
	kinds := len(ix.Values[facetKind])
	outcomes := len(ix.Values[facetOutcome])
	var prev *model.Window
	for i, p := range ps {
		d := int(p.Doc)
		w := ix.Docs[d].Window
		head := int(ix.docValues(d, facetKind)[0])
		if a := ix.docValues(d, facetAction); len(a) > 0 {
			head += kinds * (1 + int(a[0]))
		}
		head *= 2
		newWindow := i == 0 || w != prev
		if newWindow {
			head++
		}
		prev = w
		b = binary.AppendUvarint(b, uint64(head))
		for _, f := range [...]int{facetTag, facetPerson} {
			vs := ix.docValues(d, f)
			b = binary.AppendUvarint(b, uint64(len(vs)))
			for _, v := range vs {
				b = binary.AppendUvarint(b, uint64(v))
			}
		}
		if !newWindow {
			continue
		}
		vs := ix.docValues(d, facetSystem)
		b = binary.AppendUvarint(b, uint64(len(vs)))
		for _, v := range vs {
			b = binary.AppendUvarint(b, uint64(v))
		}
		oy := 0
		if o, y := ix.docValues(d, facetOutcome), ix.docValues(d, facetYear); len(o) > 0 && len(y) > 0 {
			oy = 1 + int(o[0]) + outcomes*int(y[0])
		}
		b = binary.AppendUvarint(b, uint64(oy))
	}
	return b
}

// facetTable is every document's facet values, as value indices, kept as
// small as they can be read back: 188k documents at 10k windows. A
// document's kind and action come from its kind and state through a table
// per value; the window facets (systems, outcome, year) are kept once per
// window, not once per document of it; only tags and people are per
// document.
type facetTable struct {
	kind   [len(kindList)]int32     // the kind value of each Doc.kind
	action [len(actionStates)]int32 // the action value of each Doc.state - 1
	// win is, per document, its window's number; -1 for a page or person.
	win []int32
	// winAt and winVals are the windows' systems: window w's are
	// winVals[winAt[w]:winAt[w+1]]; winOY are its outcome and year, two
	// per window.
	winAt, winVals, winOY []int32
	// itemAt and vals are the documents' tags and people: document d's tags
	// are vals[itemAt[2d]:itemAt[2d+1]], its people
	// vals[itemAt[2d+1]:itemAt[2d+2]].
	itemAt, vals []int32
	// single is 0, 1, 2...: single[v:v+1] is the list of value v alone.
	single []int32
}

// values are the value indices of doc, document d, for facet f.
func (t *facetTable) values(doc *Doc, d, f int) []int32 {
	switch f {
	case facetKind:
		v := t.kind[doc.kind]
		return t.single[v : v+1]
	case facetAction:
		if doc.state == 0 {
			return nil
		}
		v := t.action[doc.state-1]
		return t.single[v : v+1]
	case facetTag:
		return t.vals[t.itemAt[2*d]:t.itemAt[2*d+1]]
	case facetPerson:
		return t.vals[t.itemAt[2*d+1]:t.itemAt[2*d+2]]
	}
	w := t.win[d]
	if w < 0 {
		return nil
	}
	switch f {
	case facetSystem:
		return t.winVals[t.winAt[w]:t.winAt[w+1]]
	case facetOutcome:
		v := t.winOY[2*w]
		return t.single[v : v+1]
	default: // facetYear
		v := t.winOY[2*w+1]
		return t.single[v : v+1]
	}
}

// facetBuilder makes the facet table as documents are extracted: values
// get an index in the order they are first met, which finish turns into
// their index in the facet's value list.
type facetBuilder struct {
	t      facetTable
	ids    []map[string]int32 // per facet, value -> index in first-met order
	vals   [][]string         // per facet, values in first-met order
	window *model.Window      // the window of the last document
}

// newFacetBuilder returns a builder for about n documents.
func newFacetBuilder(n int) *facetBuilder {
	b := &facetBuilder{ids: make([]map[string]int32, len(FacetNames)), vals: make([][]string, len(FacetNames))}
	for f := range b.ids {
		b.ids[f] = map[string]int32{}
	}
	for i := range b.t.kind {
		b.t.kind[i] = -1
	}
	for i := range b.t.action {
		b.t.action[i] = -1
	}
	b.t.win = make([]int32, 0, n)
	b.t.itemAt = make([]int32, 1, 2*n+1)
	b.t.winAt = []int32{0}
	return b
}

// id is the first-met index of value v of facet f.
func (b *facetBuilder) id(f int, v string) int32 {
	id, ok := b.ids[f][v]
	if !ok {
		id = int32(len(b.vals[f]))
		b.ids[f][v] = id
		b.vals[f] = append(b.vals[f], v)
	}
	return id
}

// add notes the values of the next document, d; text is its text, which
// has its item-level facets.
func (b *facetBuilder) add(d *Doc, text *docText) {
	t := &b.t
	if t.kind[d.kind] < 0 {
		t.kind[d.kind] = b.id(facetKind, d.Kind())
	}
	if d.state != 0 && t.action[d.state-1] < 0 {
		t.action[d.state-1] = b.id(facetAction, d.Action())
	}
	if w := d.Window; w == nil {
		t.win = append(t.win, -1)
	} else {
		if w != b.window {
			b.window = w
			for _, v := range w.Systems {
				t.winVals = append(t.winVals, b.id(facetSystem, v))
			}
			t.winAt = append(t.winAt, int32(len(t.winVals)))
			t.winOY = append(t.winOY, b.id(facetOutcome, Outcome(w)), b.id(facetYear, Year(w)))
		}
		t.win = append(t.win, int32(len(t.winAt)-2))
	}
	for _, v := range text.tags {
		t.vals = append(t.vals, b.id(facetTag, v))
	}
	t.itemAt = append(t.itemAt, int32(len(t.vals)))
	for _, v := range text.people {
		t.vals = append(t.vals, b.id(facetPerson, v))
	}
	t.itemAt = append(t.itemAt, int32(len(t.vals)))
}

// finish sets the index's facet values, as the filters list them, and
// every document's value indices in those lists.
func (b *facetBuilder) finish(ix *Index) {
	ix.Values = make([][]string, len(FacetNames))
	final := make([][]int32, len(FacetNames)) // per facet, first-met index -> index in Values
	most := 0
	for f := range FacetNames {
		set := map[string]bool{}
		for _, v := range b.vals[f] {
			set[v] = true
		}
		vals := sortedKeys(set)
		switch FacetNames[f] {
		case "kind":
			vals = ordered(Kinds, set)
		case "outcome":
			vals = ordered([]string{"success", "missed", "planned"}, set)
		case "action":
			vals = ordered([]string{"open", "done"}, set)
		case "year":
			sort.Sort(sort.Reverse(sort.StringSlice(vals)))
		}
		ix.Values[f] = vals
		final[f] = make([]int32, len(vals))
		for i, v := range vals {
			final[f][b.ids[f][v]] = int32(i)
		}
		most = max(most, len(vals))
	}
	t := &b.t
	remap := func(ids []int32, f int) {
		for i, id := range ids {
			if id >= 0 {
				ids[i] = final[f][id]
			}
		}
	}
	remap(t.kind[:], facetKind)
	remap(t.action[:], facetAction)
	remap(t.winVals, facetSystem)
	for i := range t.winOY {
		t.winOY[i] = final[facetOutcome+i%2][t.winOY[i]]
	}
	for d := range len(t.win) {
		remap(t.vals[t.itemAt[2*d]:t.itemAt[2*d+1]], facetTag)
		remap(t.vals[t.itemAt[2*d+1]:t.itemAt[2*d+2]], facetPerson)
	}
	t.single = make([]int32, most)
	for i := range t.single {
		t.single[i] = int32(i)
	}
	ix.facets = *t
}

func ordered(order []string, set map[string]bool) []string {
	var out []string
	for _, v := range order {
		if set[v] {
			out = append(out, v)
		}
	}
	return out
}

// counter counts facet values among postings, in one reused table.
type counter struct {
	ix     *Index
	counts [][]int32
	buf    []int32 // the list count makes, before it is copied to size
}

func (ix *Index) newCounter() *counter {
	c := &counter{ix: ix, counts: make([][]int32, len(FacetNames))}
	for f := range c.counts {
		c.counts[f] = make([]int32, len(ix.Values[f]))
	}
	return c
}

// count returns the Counts of a term of postings ps: per facet, the values
// the documents of ps have, as pairs of value index and count: most terms
// are in few documents, so a table of every value per term would be mostly
// zeros.
func (c *counter) count(ps []Posting) []int32 {
	ft := &c.ix.facets
	for _, p := range ps {
		d := int(p.Doc)
		doc := &c.ix.Docs[d]
		c.counts[facetKind][ft.kind[doc.kind]]++
		if doc.state != 0 {
			c.counts[facetAction][ft.action[doc.state-1]]++
		}
		for _, v := range ft.vals[ft.itemAt[2*d]:ft.itemAt[2*d+1]] {
			c.counts[facetTag][v]++
		}
		for _, v := range ft.vals[ft.itemAt[2*d+1]:ft.itemAt[2*d+2]] {
			c.counts[facetPerson][v]++
		}
		if w := ft.win[d]; w >= 0 {
			for _, v := range ft.winVals[ft.winAt[w]:ft.winAt[w+1]] {
				c.counts[facetSystem][v]++
			}
			c.counts[facetOutcome][ft.winOY[2*w]]++
			c.counts[facetYear][ft.winOY[2*w+1]]++
		}
	}
	out := c.buf[:0]
	for _, counts := range c.counts {
		at := len(out)
		out = append(out, 0)
		for v, n := range counts {
			if n > 0 {
				out = append(out, int32(v), n)
				counts[v] = 0
			}
		}
		out[at] = int32(len(out)-at-1) / 2
	}
	c.buf = out
	return slices.Clone(out)
}

// facetCounts hands each facet's pairs of value index and count in Counts
// to f, facets in FacetNames order (nil for a facet without values).
func (t *Term) facetCounts(f func(facet int, pairs []int32)) {
	c := t.Counts
	for facet := range FacetNames {
		k := 2 * int(c[0])
		var pairs []int32
		if k > 0 {
			pairs = c[1 : 1+k : 1+k]
		}
		f(facet, pairs)
		c = c[1+k:]
	}
}
