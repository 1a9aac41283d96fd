package search

import (
	"encoding/binary"
	"sort"
	"strings"
	"unicode"
)

// The query language, shared with the client (search.js) rule for rule:
//   - words are required (AND); English stop words are ignored;
//   - a word matches every document holding its term (its stem), found through
//     the archive's own spellings: the query word must occur somewhere;
//   - the last word, while it is being typed (no space after it), also
//     matches the words it starts, when it has at least 2 characters and the
//     words it starts fit in MaxPrefixChunks chunks; the MaxPrefixTerms most
//     frequent of them are used;
//   - "quoted words" must appear together in that order;
//   - filters keep documents that have the value for each filtered facet;
//   - a word's impact in a document counts exactBonus more when the document
//     holds the word as written (folded: "customers", not only "customer"),
//     so exact forms rank above other forms of their stem;
//   - results are ordered by the sum of their clauses' impacts, then newest.
const (
	MaxPrefixChunks = 2
	MaxPrefixTerms  = 32
	minPrefixLen    = 2
)

// clause is one required part of a query: a word (any of terms) or a phrase.
type clause struct {
	terms  []string // a word: its term, and what its prefix expands to
	form   string   // a word known to the index: its folded form, whose term is terms[0]
	phrase []phraseTerm
}

type phraseTerm struct {
	term   string
	offset int // position relative to the phrase's first indexed word
}

// Result is a document a query found, with its score.
type Result struct {
	Doc   *Doc
	Score int
}

// Search runs a query with filters (facet name -> value) and returns every
// result, best first, and the count of each facet value among them.
func (ix *Index) Search(q string, filters map[string]string) ([]Result, map[string]map[string]int) {
	clauses, ok := ix.parse(q)
	var scores map[int]int
	if ok && len(clauses) > 0 {
		for i, c := range clauses {
			s := ix.evalClause(c)
			if i == 0 {
				scores = s
				continue
			}
			for d, v := range scores {
				if w, ok := s[d]; ok {
					scores[d] = v + w
				} else {
					delete(scores, d)
				}
			}
		}
	}
	var results []Result
	counts := map[string]map[string]int{}
	for d, s := range scores {
		if !ix.matchFilters(d, filters) {
			continue
		}
		results = append(results, Result{Doc: &ix.Docs[d], Score: s})
		for f, name := range FacetNames {
			for _, v := range ix.docValues(d, f) {
				if counts[name] == nil {
					counts[name] = map[string]int{}
				}
				counts[name][ix.Values[f][v]]++
			}
		}
	}
	sort.Slice(results, func(i, j int) bool {
		if results[i].Score != results[j].Score {
			return results[i].Score > results[j].Score
		}
		return results[i].Doc.ID < results[j].Doc.ID
	})
	return results, counts
}

func (ix *Index) matchFilters(d int, filters map[string]string) bool {
	for f, name := range FacetNames {
		want, ok := filters[name]
		if !ok || want == "" {
			continue
		}
		found := false
		for _, v := range ix.docValues(d, f) {
			if ix.Values[f][v] == want {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// parse turns a query into clauses; ok is false when a word is unknown (the
// query can match nothing).
func (ix *Index) parse(q string) (clauses []clause, ok bool) {
	q = strings.NewReplacer("“", `"`, "”", `"`).Replace(q)
	typing := q != "" && !unicode.IsSpace(rune(q[len(q)-1])) && !strings.HasSuffix(q, `"`)
	parts := strings.Split(q, `"`)
	for i, part := range parts {
		inPhrase := i%2 == 1
		var toks []Token
		for _, t := range Tokenize(part) {
			if !t.Stop {
				toks = append(toks, t)
			}
		}
		if inPhrase && len(toks) > 1 {
			var c clause
			for _, t := range toks {
				term, known := ix.Forms[t.Form]
				if !known {
					return nil, false
				}
				c.phrase = append(c.phrase, phraseTerm{term, t.Pos - toks[0].Pos})
			}
			clauses = append(clauses, c)
			continue
		}
		for k, t := range toks {
			var c clause
			if term, known := ix.Forms[t.Form]; known {
				c.terms = append(c.terms, term)
				c.form = t.Form
			}
			last := !inPhrase && i == len(parts)-1 && k == len(toks)-1
			if last && typing {
				c.terms = append(c.terms, ix.expand(t.Form)...)
			}
			if len(c.terms) == 0 {
				return nil, false
			}
			clauses = append(clauses, c)
		}
	}
	return clauses, true
}

// expand returns the terms of the words that prefix starts, most frequent
// first, or none when the prefix is too short or too broad.
func (ix *Index) expand(prefix string) []string {
	if len([]rune(prefix)) < minPrefixLen || ix.chunkSpan(prefix) > MaxPrefixChunks {
		return nil
	}
	seen := map[string]bool{}
	var terms []string
	for _, f := range ix.formsWithPrefix(prefix) {
		t := ix.Forms[f]
		if !seen[t] {
			seen[t] = true
			terms = append(terms, t)
		}
	}
	sort.SliceStable(terms, func(i, j int) bool {
		return ix.Terms[terms[i]].df > ix.Terms[terms[j]].df
	})
	if len(terms) > MaxPrefixTerms {
		terms = terms[:MaxPrefixTerms]
	}
	return terms
}

// chunkSpan counts the term chunks that hold words starting with prefix.
func (ix *Index) chunkSpan(prefix string) int {
	if len(ix.Chunks) == 0 {
		return 1
	}
	first := chunkOf(ix.Chunks, prefix)
	last := chunkOf(ix.Chunks, prefix+"\U0010FFFF")
	return last - first + 1
}

// chunkOf is the chunk whose range holds form: the last chunk whose first
// form is <= form.
func chunkOf(firsts []string, form string) int {
	i := sort.SearchStrings(firsts, form)
	if i < len(firsts) && firsts[i] == form {
		return i
	}
	return max(0, i-1)
}

// evalClause scores the documents a clause matches.
func (ix *Index) evalClause(c clause) map[int]int {
	out := map[int]int{}
	if c.phrase == nil {
		for k, term := range c.terms {
			t := ix.Terms[term]
			exact := func(int) bool { return false }
			if k == 0 && c.form != "" {
				exact = t.exact(c.form)
			}
			for i, p := range t.Postings() {
				score := int(p.Impact)
				if exact(i) {
					score += exactBonus
				}
				out[int(p.Doc)] = max(out[int(p.Doc)], score)
			}
		}
		return out
	}
	positions := make([][][]int, len(c.phrase))
	for i, pt := range c.phrase {
		positions[i] = ix.Terms[pt.term].positions()
	}
	postings := make([][]Posting, len(c.phrase))
	for i, pt := range c.phrase {
		postings[i] = ix.Terms[pt.term].Postings()
	}
	for i, p := range postings[0] {
		score := int(p.Impact)
		starts := positions[0][i]
		for k, pt := range c.phrase[1:] {
			ps := postings[k+1]
			j, found := posting(ps, p.Doc)
			if !found {
				starts = nil
				break
			}
			score += int(ps[j].Impact)
			starts = follow(starts, positions[k+1][j], pt.offset)
			if len(starts) == 0 {
				break
			}
		}
		if len(starts) > 0 {
			out[int(p.Doc)] = score
		}
	}
	return out
}

// positions decodes the term's positions, postings in order.
func (t *Term) positions() [][]int {
	out := make([][]int, 0, t.df)
	b := t.Positions
	next := func() int {
		v, n := binary.Uvarint(b)
		b = b[n:]
		return int(v)
	}
	for range t.df {
		pos := make([]int, next())
		at := 0
		for i := range pos {
			at += next()
			pos[i] = at
		}
		out = append(out, pos)
	}
	return out
}

// follow keeps the start positions s for which a position s+offset is in next.
func follow(starts, next []int, offset int) []int {
	have := map[int]bool{}
	for _, p := range next {
		have[p] = true
	}
	var out []int
	for _, s := range starts {
		if have[s+offset] {
			out = append(out, s)
		}
	}
	return out
}

// posting finds the index of a document's posting in ps by binary search.
func posting(ps []Posting, doc int32) (int, bool) {
	i := sort.Search(len(ps), func(i int) bool { return ps[i].Doc >= doc })
	return i, i < len(ps) && ps[i].Doc == doc
}
