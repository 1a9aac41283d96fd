package search

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Did-you-mean, shared with the client (search.js) rule for rule:
//   - only a query with a word the index does not know gets suggestions
//     (a query of known words that finds nothing has no misspelling to fix);
//   - the candidates for an unknown word are the indexed words of 3 letters
//     or more (letters and apostrophes only, no stop words) whose first or
//     second letter is the word's first or second letter (so that a typo in
//     the first letter, a missing one or an extra one still finds the word,
//     while the client loads at most four small lists) and that are within
//     maxEdits of it: 1 edit for a word of up to 4 letters, else 2, an edit
//     being an insertion, deletion, substitution or swap of two neighbours;
//   - the closest come first, then the words of the most documents, then in
//     alphabetical order; one word per term ("rollback", not "rollbacks"
//     as well);
//   - the first suggestion replaces every unknown word with its best
//     candidate; a query with one unknown word also gets its next ones, up
//     to MaxSuggestions; no suggestion when an unknown word has no
//     candidate.
const MaxSuggestions = 3

// suggestible reports whether a form is offered as a suggestion.
func suggestible(form string) bool {
	if utf8.RuneCountInString(form) < 3 || isStopForm(form) {
		return false
	}
	for _, r := range form {
		if !unicode.IsLetter(r) && r != '\'' {
			return false
		}
	}
	return true
}

// suggestKeys name the lists of suggestions a form is in: its first letter
// ("r" for "rollback"), and "2" and its second letter ("2o").
func suggestKeys(form string) (first, second string) {
	r, n := utf8.DecodeRuneInString(form)
	r2, _ := utf8.DecodeRuneInString(form[n:])
	return string(r), "2" + string(r2)
}

// lookupKeys name the lists an unknown word's candidates are in: those of
// words whose first or second letter is the word's first or second letter.
func lookupKeys(form string) []string {
	r := []rune(form)
	keys := []string{string(r[0]), "2" + string(r[0])}
	if len(r) > 1 && r[1] != r[0] {
		keys = append(keys, string(r[1]), "2"+string(r[1]))
	}
	return keys
}

// suggestLists are the suggestible forms by key, sorted.
func (ix *Index) suggestLists() map[string][]string {
	lists := map[string][]string{}
	for _, f := range ix.FormList {
		if suggestible(f) {
			first, second := suggestKeys(f)
			lists[first] = append(lists[first], f)
			lists[second] = append(lists[second], f)
		}
	}
	return lists
}

// Suggest returns queries to try instead of q, best first: q with its
// unknown words replaced by the closest indexed words. None when every word
// of q is known or an unknown word has nothing close.
func (ix *Index) Suggest(q string) []string {
	var lists map[string][]string
	type word struct {
		seg   int
		cands []string
	}
	var segs []string
	var unknown []word
	state := -1
	for rest := q; len(rest) > 0; {
		var seg string
		seg, rest, state = uniseg.FirstWordInString(rest, state)
		segs = append(segs, seg)
		info := classify(seg)
		if !info.word || info.stop {
			continue
		}
		if _, known := ix.Forms[info.form]; known {
			continue
		}
		if lists == nil {
			lists = ix.suggestLists()
		}
		var pool []string
		for _, k := range lookupKeys(info.form) {
			pool = append(pool, lists[k]...)
		}
		cands := closest(info.form, pool, func(f string) int {
			return ix.Terms[ix.Forms[f]].DF()
		}, func(f string) string { return ix.Forms[f] })
		if len(cands) == 0 {
			return nil
		}
		unknown = append(unknown, word{len(segs) - 1, cands})
	}
	if len(unknown) == 0 {
		return nil
	}
	with := func(pick func(w word) string) string {
		out := append([]string(nil), segs...)
		for _, w := range unknown {
			out[w.seg] = pick(w)
		}
		return strings.Join(out, "")
	}
	suggestions := []string{with(func(w word) string { return w.cands[0] })}
	if len(unknown) == 1 {
		for _, c := range unknown[0].cands[1:] {
			suggestions = append(suggestions, with(func(word) string { return c }))
		}
	}
	return suggestions
}

// closest returns up to MaxSuggestions forms of list within maxEdits of
// form, closest first, then by df (most documents first), then in order;
// one form per term.
func closest(form string, list []string, df func(string) int, term func(string) string) []string {
	q := []rune(form)
	limit := maxEdits(len(q))
	type cand struct {
		form  string
		edits int
		df    int
	}
	var cands []cand
	for _, f := range list {
		r := []rune(f)
		if d := len(r) - len(q); d > limit || -d > limit {
			continue
		}
		if e := editDistance(q, r); e <= limit {
			cands = append(cands, cand{f, e, df(f)})
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.edits != b.edits {
			return a.edits < b.edits
		}
		if a.df != b.df {
			return a.df > b.df
		}
		return a.form < b.form
	})
	var out []string
	seen := map[string]bool{}
	for _, c := range cands {
		if t := term(c.form); !seen[t] {
			seen[t] = true
			out = append(out, c.form)
			if len(out) == MaxSuggestions {
				break
			}
		}
	}
	return out
}

// maxEdits is how many edits away a suggestion may be for a word of n letters.
func maxEdits(n int) int {
	if n <= 4 {
		return 1
	}
	return 2
}

// editDistance is the optimal string alignment distance of a and b: the
// fewest insertions, deletions, substitutions and swaps of neighbours that
// make one the other, no letter edited twice.
func editDistance(a, b []rune) int {
	// Three rows of the table: two rows back (for swaps), the previous, this.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
