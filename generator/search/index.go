package search

import (
	"cmp"
	"encoding/binary"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/wrapup/wrapup/generator/model"
)

// Facet names, as the client and the /search/ URL use them.
var FacetNames = []string{"kind", "system", "tag", "person", "outcome", "year", "action"}

// TopK is how many best results each term carries in its chunk, with their
// snippets: a one-word query needs no other index file.
const TopK = 20

// BM25 parameters (the usual values).
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// Posting is one document that holds a term.
type Posting struct {
	Doc    int32
	Impact uint8 // the document's BM25 score for the term, scaled to 1..255
}

// Term is an indexed term (an English stem or a word as written).
type Term struct {
	Term string
	// docs are the documents that hold the term, by id, as the gaps from
	// the previous one (from 0) in unsigned varints, and impacts their
	// impacts, postings in order: about 2 bytes a posting rather than the 8
	// of a []Posting (1.6 M postings at 10k windows). Postings and
	// postingsInto decode them.
	docs    []byte
	impacts []uint8
	df      int32 // how many postings
	// Positions are the term's positions in its documents (fields apart),
	// postings in order: per document the count, then the gaps, as unsigned
	// varints. Only phrases read them, so they stay in the form the
	// positions files are written in rather than as a slice per document.
	Positions []byte
	Top       []int32   // indices into the postings of the best TopK, best first
	top       []Posting // the postings of Top
	// Forms are the folded words that have this term, in the order the
	// archive first uses them, when there are several ("customer",
	// "customers"); Masks then say, per posting, which of them the
	// document holds (bit i for Forms[i], the first maxMaskForms only), so
	// that a query word ranks the documents holding it as written above
	// those holding another form of its stem. Both are nil when the term
	// has one form: every document holds it.
	Forms []string
	Masks []uint32
	// Counts are, per facet (FacetNames order), the values that documents of
	// the term have: the number of values, then pairs of value index and
	// document count. One list rather than one per facet: 10k terms, most
	// in one document, at 10k windows. facetCounts reads it.
	Counts []int32
}

// Index is the search index of a site, in memory.
type Index struct {
	Docs  []Doc
	Terms map[string]*Term
	Forms map[string]string // every folded word of the archive -> its term
	// FormList is every form, sorted: prefix queries scan it.
	FormList []string
	// Values are the values of each facet (FacetNames order), as the filters
	// list them.
	Values [][]string
	// facets are every document's value indices (see facetTable).
	facets facetTable
	// Chunks are the first forms of each term chunk, as written.
	Chunks []string
}

// docValues are document d's value indices for facet f.
func (ix *Index) docValues(d, f int) []int32 {
	return ix.facets.values(&ix.Docs[d], d, f)
}

// fieldGap keeps positions of different fields apart, so a phrase never
// matches across the end of a title and the start of a body.
const fieldGap = 8

// New indexes a site's documents. people are the handles with a person page.
func New(site *model.Site, people []string) *Index {
	n := docCount(site, people)
	ix := &Index{Docs: make([]Doc, 0, n), Terms: map[string]*Term{}, Forms: map[string]string{}}
	facets := newFacetBuilder(n)

	// One pass over the documents, as they are extracted: each document's
	// facet values are noted, and its tokens are grouped by term and
	// appended to the terms' postings and positions, in document order; its
	// texts are then dropped, so they never all live at once. BM25 needs the
	// average length first, so each posting's field weight waits in weights
	// until the end, in half units: field weights are multiples of one half,
	// so the sums are exact integers and the scores are those of float64
	// sums.
	var terms []*termAcc
	termID := map[string]int{}
	tz := &tokenizer{}
	lengths := make([]int32, 0, n)
	var total float64
	type occ struct {
		term   int32
		pos    int32
		weight uint32 // half units
		form   string
	}
	var toks []Token
	var occs []occ
	extract(site, people, func(doc Doc, text *docText) {
		ix.Docs = append(ix.Docs, doc)
		d := &ix.Docs[len(ix.Docs)-1]
		facets.add(d, text)
		occs = occs[:0]
		base := 0
		for _, f := range [...]struct {
			text   string
			weight uint32
		}{{text.title, weightTitle * 2}, {text.heading, weightHeading * 2}, {text.body, weightBody * 2}, {text.meta, weightMeta * 2}} {
			toks = tz.tokens(f.text, toks[:0])
			for _, t := range toks {
				if t.Stop {
					continue
				}
				id, ok := termID[t.Term]
				if !ok {
					id = len(terms)
					termID[t.Term] = id
					terms = append(terms, &termAcc{t: &Term{Term: t.Term}})
				}
				occs = append(occs, occ{int32(id), int32(base + t.Pos), f.weight, t.Form})
			}
			if len(toks) > 0 {
				base += toks[len(toks)-1].Pos + 1 + fieldGap
			}
		}
		lengths = append(lengths, int32(len(occs)))
		total += float64(len(occs))
		// Group by term, keeping each term's positions in text order.
		slices.SortStableFunc(occs, func(a, b occ) int { return cmp.Compare(a.term, b.term) })
		for i := 0; i < len(occs); {
			j := i
			var weight, mask uint32
			acc := terms[occs[i].term]
			for j < len(occs) && occs[j].term == occs[i].term {
				weight += occs[j].weight
				mask |= acc.formBit(occs[j].form)
				j++
			}
			t := acc.t
			if acc.masks != nil {
				acc.masks = append(acc.masks, mask)
			}
			t.docs = binary.AppendUvarint(t.docs, uint64(d.ID-acc.last))
			acc.last = d.ID
			t.df++
			t.Positions = binary.AppendUvarint(t.Positions, uint64(j-i))
			last := int32(0)
			for _, o := range occs[i:j] {
				t.Positions = binary.AppendUvarint(t.Positions, uint64(o.pos-last))
				last = o.pos
			}
			acc.weights = binary.AppendUvarint(acc.weights, uint64(weight))
			i = j
		}
	})
	docs := ix.Docs
	facets.finish(ix)
	// Every folded word of the archive, but stop words, which have no term.
	for _, w := range tz.words {
		if w.word {
			ix.Forms[w.form] = w.term
		}
	}
	for f, t := range ix.Forms {
		if f == t && isStopForm(f) {
			delete(ix.Forms, f)
		}
	}
	avgdl := 1.0
	if len(docs) > 0 && total > 0 {
		avgdl = total / float64(len(docs))
	}
	// Raw BM25 scores, then impacts scaled by the best score of the archive.
	// Scores are worked out twice (for the maximum, then for the impacts)
	// rather than kept: a float64 per posting is more memory than the work.
	nd := float64(len(docs))
	idf := func(t *Term) float64 {
		df := float64(t.df)
		return math.Log(1 + (nd-df+0.5)/(df+0.5))
	}
	score := func(doc int32, weight uint64, idf float64) float64 {
		w := float64(weight) / 2
		norm := bm25K1 * (1 - bm25B + bm25B*float64(lengths[doc])/avgdl)
		return w * (bm25K1 + 1) / (w + norm) * idf
	}
	// scores hands each posting's score to f, postings in order.
	scores := func(acc *termAcc, f func(i int, score float64)) {
		idf := idf(acc.t)
		db, wb := acc.t.docs, acc.weights
		doc := int32(0)
		for i := range int(acc.t.df) {
			gap, n := binary.Uvarint(db)
			db = db[n:]
			weight, n := binary.Uvarint(wb)
			wb = wb[n:]
			doc += int32(gap)
			f(i, score(doc, weight, idf))
		}
	}
	var maxScore float64
	for _, acc := range terms {
		ix.Terms[acc.t.Term] = acc.t
		scores(acc, func(_ int, s float64) { maxScore = math.Max(maxScore, s) })
	}
	counts := ix.newCounter()
	var ps []Posting
	for _, acc := range terms {
		t := acc.t
		// The lists live as long as the index: without the room their
		// appends left (a quarter of them on average).
		t.docs, t.Positions = fitted(t.docs), fitted(t.Positions)
		t.impacts = make([]uint8, t.df)
		scores(acc, func(i int, s float64) { t.impacts[i] = quantize(s, maxScore) })
		acc.weights = nil
		if len(acc.forms) > 1 {
			t.Forms, t.Masks = acc.forms, fitted(acc.masks)
		}
		ps = t.postingsInto(ps[:0])
		t.Top = t.topPostings(ps, TopK)
		t.top = make([]Posting, len(t.Top))
		for k, i := range t.Top {
			t.top[k] = ps[i]
		}
		t.Counts = counts.count(ps)
	}
	ix.FormList = sortedKeys(ix.Forms)
	for _, g := range ix.chunkGroups() {
		ix.Chunks = append(ix.Chunks, g[0])
	}
	ranges := make([][2]string, len(ix.Chunks))
	for i, f := range ix.Chunks {
		ranges[i][0] = f
	}
	ix.Chunks = ix.Chunks[:0]
	for _, r := range shortenBounds(ranges, ix.FormList) {
		ix.Chunks = append(ix.Chunks, r[0])
	}
	return ix
}

// termAcc is a term while the documents are indexed.
type termAcc struct {
	t       *Term
	weights []byte   // per posting, in half units (see New), as unsigned varints
	last    int32    // the last document that holds the term
	forms   []string // in the order they were met; bit i of a mask is forms[i]
	masks   []uint32 // per posting; nil while the term has one form
}

// formBit is the mask bit of form among the term's forms, adding it to
// them; the masks start when a second form is met, every document so far
// holding the first.
func (acc *termAcc) formBit(form string) uint32 {
	f := slices.Index(acc.forms, form)
	if f < 0 {
		f = len(acc.forms)
		acc.forms = append(acc.forms, form)
		if f == 1 {
			acc.masks = make([]uint32, acc.t.df, 2*acc.t.df)
			for i := range acc.masks {
				acc.masks[i] = 1
			}
		}
	}
	if f >= maxMaskForms {
		return 0
	}
	return 1 << f
}

func isStopForm(f string) bool {
	toks := Tokenize(f)
	return len(toks) == 1 && toks[0].Stop
}

// fitted returns b, copied to a list of its length when it has much room.
func fitted[T any](b []T) []T {
	if cap(b)-len(b) <= len(b)/8 {
		return b
	}
	return slices.Clone(b)
}

// DF is the number of documents that hold the term.
func (t *Term) DF() int { return int(t.df) }

// Postings are the term's postings, by document id.
func (t *Term) Postings() []Posting { return t.postingsInto(nil) }

// postingsInto appends the term's postings to ps.
func (t *Term) postingsInto(ps []Posting) []Posting {
	ps = slices.Grow(ps, int(t.df))
	b := t.docs
	doc := int32(0)
	for _, impact := range t.impacts {
		gap, n := binary.Uvarint(b)
		b = b[n:]
		doc += int32(gap)
		ps = append(ps, Posting{Doc: doc, Impact: impact})
	}
	return ps
}

// quantize scales a score to 1..255, so impacts fit a byte and add up.
func quantize(score, maxScore float64) uint8 {
	if maxScore <= 0 {
		return 1
	}
	q := math.Round(score / maxScore * 255)
	return uint8(max(1, min(255, q)))
}

// topPostings returns the indices of the best postings: for the term and
// for each of its forms, the k best documents for a query of that form
// (holding the form first, then highest impact, then lowest document id:
// newest window), best first by impact. A one-word query reads its best
// results from these, whichever form of the term it is.
func (t *Term) topPostings(ps []Posting, k int) []int32 {
	idx := make([]int32, len(ps))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(a, b int32) int { return cmp.Compare(ps[b].Impact, ps[a].Impact) })
	if len(idx) <= k {
		return idx
	}
	top := slices.Clone(idx[:k])
	if t.Masks == nil {
		return top
	}
	in := map[int32]bool{}
	for _, i := range top {
		in[i] = true
	}
	for f := range min(len(t.Forms), maxMaskForms) {
		n := 0
		for _, i := range idx {
			if n == k {
				break
			}
			if t.Masks[i]&(1<<f) != 0 {
				n++
				if !in[i] {
					in[i] = true
					top = append(top, i)
				}
			}
		}
	}
	sort.SliceStable(top, func(a, b int) bool {
		if ps[top[a]].Impact != ps[top[b]].Impact {
			return ps[top[a]].Impact > ps[top[b]].Impact
		}
		return top[a] < top[b]
	})
	return top
}

// maxMaskForms is how many forms of a term the masks tell apart: a mask is
// a uint32 in Go and a 32-bit integer in search.js's bit operations.
const maxMaskForms = 31

// exactBonus is added to a word's impact in the documents that hold the
// word as the query wrote it (folded): more than any impact, so that they
// rank above the documents that only hold another form of its stem.
const exactBonus = 256

// exact returns whether each posting's document holds form, a form of t.
func (t *Term) exact(form string) func(i int) bool {
	if t.Masks == nil {
		return func(int) bool { return true }
	}
	f := slices.Index(t.Forms, form)
	if f < 0 || f >= maxMaskForms {
		return func(int) bool { return false }
	}
	return func(i int) bool { return t.Masks[i]&(1<<f) != 0 }
}

// formsWithPrefix returns the forms that start with prefix, sorted.
func (ix *Index) formsWithPrefix(prefix string) []string {
	i := sort.SearchStrings(ix.FormList, prefix)
	j := i
	for j < len(ix.FormList) && strings.HasPrefix(ix.FormList[j], prefix) {
		j++
	}
	return ix.FormList[i:j]
}
