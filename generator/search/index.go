package search

import (
	"math"
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
	Doc    int
	Impact uint8 // the document's BM25 score for the term, scaled to 1..255
	Pos    []int // positions of the term in the document (fields apart)
}

// Term is an indexed term (an English stem or a word as written).
type Term struct {
	Term     string
	Postings []Posting // by document id
	Top      []int     // indices into Postings of the best TopK, best first
	Counts   [][]int   // per facet (FacetNames order), count per value index
}

// Index is the search index of a site, in memory.
type Index struct {
	Docs  []*Doc
	Terms map[string]*Term
	Forms map[string]string // every folded word of the archive -> its term
	// FormList is every form, sorted: prefix queries scan it.
	FormList []string
	// Values are the values of each facet (FacetNames order), as the filters
	// list them; docFacets[d][f] are document d's value indices for facet f.
	Values    [][]string
	docFacets [][][]int
	// Chunks are the first forms of each term chunk, as written.
	Chunks []string
}

// fieldGap keeps positions of different fields apart, so a phrase never
// matches across the end of a title and the start of a body.
const fieldGap = 8

// New indexes a site's documents. people are the handles with a person page.
func New(site *model.Site, people []string) *Index {
	docs := Extract(site, people)
	ix := &Index{Docs: docs, Terms: map[string]*Term{}, Forms: map[string]string{}}
	ix.facetTables(site, people)

	// One pass over the documents: each document's tokens are grouped by
	// term (its positions share one backing array) and appended to the
	// terms' postings, in document order. BM25 needs the average length
	// first, so each posting's field weight waits in weights until the end.
	type termAcc struct {
		t       *Term
		weights []float64
	}
	var terms []*termAcc
	termID := map[string]int{}
	tz := &tokenizer{}
	lengths := make([]float64, len(docs))
	var total float64
	type occ struct {
		term   int
		pos    int
		weight float64
	}
	var toks []Token
	var occs []occ
	for _, d := range docs {
		occs = occs[:0]
		base := 0
		for _, f := range [...]struct {
			text   string
			weight float64
		}{{d.TitleText, weightTitle}, {d.HeadingText, weightHeading}, {d.BodyText, weightBody}, {d.MetaText, weightMeta}} {
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
				occs = append(occs, occ{id, base + t.Pos, f.weight})
			}
			if len(toks) > 0 {
				base += toks[len(toks)-1].Pos + 1 + fieldGap
			}
		}
		lengths[d.ID] = float64(len(occs))
		total += float64(len(occs))
		// Group by term, keeping each term's positions in text order.
		sort.SliceStable(occs, func(i, j int) bool { return occs[i].term < occs[j].term })
		positions := make([]int, len(occs))
		for i, o := range occs {
			positions[i] = o.pos
		}
		for i := 0; i < len(occs); {
			j := i
			var weight float64
			for j < len(occs) && occs[j].term == occs[i].term {
				weight += occs[j].weight
				j++
			}
			acc := terms[occs[i].term]
			acc.t.Postings = append(acc.t.Postings, Posting{Doc: d.ID, Pos: positions[i:j:j]})
			acc.weights = append(acc.weights, weight)
			i = j
		}
	}
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
	n := float64(len(docs))
	var maxScore float64
	for _, acc := range terms {
		t := acc.t
		ix.Terms[t.Term] = t
		df := float64(len(t.Postings))
		idf := math.Log(1 + (n-df+0.5)/(df+0.5))
		for i, p := range t.Postings {
			w := acc.weights[i]
			norm := bm25K1 * (1 - bm25B + bm25B*lengths[p.Doc]/avgdl)
			acc.weights[i] = w * (bm25K1 + 1) / (w + norm) * idf
			maxScore = math.Max(maxScore, acc.weights[i])
		}
	}
	for _, acc := range terms {
		t := acc.t
		for i := range t.Postings {
			t.Postings[i].Impact = quantize(acc.weights[i], maxScore)
		}
		t.Top = topPostings(t.Postings, TopK)
		t.Counts = ix.countFacets(t.Postings)
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

func isStopForm(f string) bool {
	toks := Tokenize(f)
	return len(toks) == 1 && toks[0].Stop
}

// quantize scales a score to 1..255, so impacts fit a byte and add up.
func quantize(score, maxScore float64) uint8 {
	if maxScore <= 0 {
		return 1
	}
	q := math.Round(score / maxScore * 255)
	return uint8(max(1, min(255, q)))
}

// topPostings returns the indices of the k best postings: highest impact
// first, then lowest document id (newest window).
func topPostings(ps []Posting, k int) []int {
	idx := make([]int, len(ps))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return ps[idx[a]].Impact > ps[idx[b]].Impact })
	if len(idx) > k {
		idx = idx[:k]
	}
	return idx
}

// facetTables lists the values of every facet and each document's values.
func (ix *Index) facetTables(site *model.Site, people []string) {
	sets := make([]map[string]bool, len(FacetNames))
	for i := range sets {
		sets[i] = map[string]bool{}
	}
	raw := make([][][]string, len(ix.Docs))
	for _, d := range ix.Docs {
		vals := make([][]string, len(FacetNames))
		vals[0] = []string{d.Kind}
		if w := d.Window; w != nil {
			vals[1] = w.Systems
			vals[4] = []string{Outcome(w)}
			vals[5] = []string{Year(w)}
		}
		vals[2] = d.Tags
		vals[3] = d.People
		if d.Action != "" {
			vals[6] = []string{d.Action}
		}
		for f, vs := range vals {
			for _, v := range vs {
				sets[f][v] = true
			}
		}
		raw[d.ID] = vals
	}
	ix.Values = make([][]string, len(FacetNames))
	for f, set := range sets {
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
	}
	ix.docFacets = make([][][]int, len(ix.Docs))
	for id, vals := range raw {
		ix.docFacets[id] = make([][]int, len(FacetNames))
		for f, vs := range vals {
			for _, v := range vs {
				ix.docFacets[id][f] = append(ix.docFacets[id][f], indexOf(ix.Values[f], v))
			}
		}
	}
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

func indexOf(list []string, v string) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return -1
}

// countFacets counts, per facet value, the documents among postings.
func (ix *Index) countFacets(ps []Posting) [][]int {
	counts := make([][]int, len(FacetNames))
	for f := range counts {
		counts[f] = make([]int, len(ix.Values[f]))
	}
	for _, p := range ps {
		for f, vs := range ix.docFacets[p.Doc] {
			for _, v := range vs {
				counts[f][v]++
			}
		}
	}
	return counts
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
