package trends

import (
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/kljensen/snowball/english"

	"github.com/wrapup/wrapup/generator/model"
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
	// Why: the systems, tags and went-wrong words the two windows share.
	Systems, Tags, Words []string
}

// Reasons says in words why the window is related: "same system postgresql",
// "tags #testing, #web", "went wrong alike: “extension”".
func (r Related) Reasons() []string {
	var out []string
	if len(r.Systems) > 0 {
		label := "same system "
		if len(r.Systems) > 1 {
			label = "same systems "
		}
		out = append(out, label+strings.Join(r.Systems, ", "))
	}
	if len(r.Tags) > 0 {
		label := "tag #"
		if len(r.Tags) > 1 {
			label = "tags #"
		}
		out = append(out, label+strings.Join(r.Tags, ", #"))
	}
	if len(r.Words) > 0 {
		out = append(out, "went wrong alike: “"+strings.Join(r.Words, "”, “")+"”")
	}
	return out
}

// Carried is what a window page shows of the actions written before it.
type Carried struct {
	// Actions are open when the window started (not done, or done later),
	// from earlier windows sharing a system or tag; newest first.
	Actions []CarriedAction
	// More is set when there were more than CarriedShown.
	More bool
}

// CarriedAction is an action carried into a window, with what links them.
type CarriedAction struct {
	*ActionRef
	Shared []string // "postgresql", "#testing"
}

// profile is what relates a window to others.
type profile struct {
	systems []string
	tags    []string // window tags and went-wrong item tags
	words   []string // distinctive stems of went-wrong items
}

// relate fills r.Related and r.Carried for every window.
func relate(r *Report, windows []*model.Window, loc *time.Location) {
	n := len(windows)
	if n == 0 {
		return
	}
	// Oldest first: a window's past is the windows before it.
	ws := make([]*model.Window, n)
	for i, w := range windows {
		ws[n-1-i] = w
	}
	stemsOf := make([][]string, n)
	surface := map[string]string{}
	df := map[string]int{}
	for i, w := range ws {
		seen := map[string]bool{}
		for _, it := range w.WentWrong {
			for _, word := range words(it.Text) {
				st := stem(word)
				if _, ok := surface[st]; !ok {
					surface[st] = word
				}
				if !seen[st] {
					seen[st] = true
					stemsOf[i] = append(stemsOf[i], st)
					df[st]++
				}
			}
		}
	}
	// A word most windows share tells nothing about any two of them.
	maxDF := max(minDistinctiveDF, n/20)
	profiles := make([]profile, n)
	postings := map[string][]int32{} // "s:x", "t:x", "w:x" -> window indexes, ascending
	for i, w := range ws {
		p := profile{systems: uniq(w.Systems)}
		tags := slices.Clone(w.Tags)
		for _, it := range w.WentWrong {
			tags = append(tags, it.Tags...)
		}
		p.tags = uniq(tags)
		for _, st := range stemsOf[i] {
			if df[st] >= 2 && df[st] <= maxDF {
				p.words = append(p.words, st)
			}
		}
		slices.Sort(p.words)
		profiles[i] = p
		for _, s := range p.systems {
			postings["s:"+s] = append(postings["s:"+s], int32(i))
		}
		for _, t := range p.tags {
			postings["t:"+t] = append(postings["t:"+t], int32(i))
		}
		for _, st := range p.words {
			postings["w:"+st] = append(postings["w:"+st], int32(i))
		}
	}

	related := make([][]Related, n)
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for k := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			scores := make([]int32, n)
			var touched []int32
			for i := k; i < n; i += workers {
				touched = touched[:0]
				add := func(key string, weight int32) {
					for _, j := range postings[key] {
						if int(j) >= i {
							break
						}
						if scores[j] == 0 {
							touched = append(touched, j)
						}
						scores[j] += weight
					}
				}
				p := &profiles[i]
				for _, s := range p.systems {
					add("s:"+s, systemWeight)
				}
				for _, t := range p.tags {
					add("t:"+t, tagWeight)
				}
				for _, st := range p.words {
					add("w:"+st, wordWeight)
				}
				var best []int32
				for _, j := range touched {
					if scores[j] >= minRelatedScore {
						best = insertTop(best, j, scores, RelatedShown)
					}
				}
				for _, j := range best {
					q := &profiles[j]
					related[i] = append(related[i], Related{W: ws[j], Score: int(scores[j]),
						Systems: intersect(p.systems, q.systems), Tags: intersect(p.tags, q.tags), Words: surfaceWords(intersect(p.words, q.words), surface)})
				}
				for _, j := range touched {
					scores[j] = 0
				}
			}
		}()
	}
	wg.Wait()
	for i, rel := range related {
		if len(rel) > 0 {
			r.Related[ws[i]] = rel
		}
	}
	carry(r, ws, loc)
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

// carry fills r.Carried: for each window, the actions of earlier windows that
// were still open when it started and share one of its systems or tags.
func carry(r *Report, ws []*model.Window, loc *time.Location) {
	index := map[*model.Window]int{}
	for i, w := range ws {
		index[w] = i
	}
	// term -> actions of windows carrying it, oldest window first.
	byTerm := map[string][]*ActionRef{}
	actionTerms := map[*ActionRef][]string{}
	for i := range ws {
		w := ws[i]
		for k := range w.Actions {
			ref := r.Board.ByAction[&w.Actions[k]]
			if ref == nil {
				continue
			}
			var terms []string
			for _, s := range w.Systems {
				terms = append(terms, s)
			}
			for _, t := range w.Tags {
				terms = append(terms, "#"+t)
			}
			for _, t := range ref.Action.Tags {
				terms = append(terms, "#"+t)
			}
			terms = uniq(terms)
			actionTerms[ref] = terms
			for _, t := range terms {
				byTerm[t] = append(byTerm[t], ref)
			}
		}
	}
	for i, w := range ws {
		start := model.DateOf(w.Start, loc)
		var terms []string
		terms = append(terms, w.Systems...)
		for _, t := range w.Tags {
			terms = append(terms, "#"+t)
		}
		terms = uniq(terms)
		var found []*ActionRef
		chosen := map[*ActionRef]bool{}
		more := false
		for _, term := range terms {
			list := byTerm[term]
			// The last action of a window before this one.
			hi, _ := slices.BinarySearchFunc(list, i, func(ref *ActionRef, i int) int { return index[ref.Window] - i })
			taken := 0
			for k := hi - 1; k >= 0; k-- {
				ref := list[k]
				if !openOn(ref.Action, start) {
					continue
				}
				if taken == CarriedShown {
					more = true
					break
				}
				taken++
				if !chosen[ref] {
					chosen[ref] = true
					found = append(found, ref)
				}
			}
		}
		if len(found) == 0 {
			continue
		}
		slices.SortStableFunc(found, func(a, b *ActionRef) int {
			if d := index[b.Window] - index[a.Window]; d != 0 {
				return d
			}
			return a.Pos - b.Pos
		})
		if len(found) > CarriedShown {
			found, more = found[:CarriedShown], true
		}
		c := &Carried{More: more}
		for _, ref := range found {
			c.Actions = append(c.Actions, CarriedAction{ActionRef: ref, Shared: intersect(terms, actionTerms[ref])})
		}
		r.Carried[w] = c
	}
}

// openOn reports whether an action was still open on a date: not done, or done
// on or after it. Done without a date counts as done when written.
func openOn(a *model.Action, d model.Date) bool {
	if !a.Done {
		return true
	}
	return a.DoneOn != nil && !a.DoneOn.Before(d)
}

// wrapupWords are words nearly every wrap-up uses: sharing them says nothing.
var wrapupWords = map[string]bool{"window": true, "windows": true, "went": true, "minute": true, "minutes": true,
	"hour": true, "hours": true, "time": true, "still": true, "got": true, "get": true, "ran": true, "run": true}

// words splits plain text into lower-case words of three letters or more,
// leaving out English stop words.
func words(text string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(f)) < 3 || english.IsStopWord(f) || wrapupWords[f] {
			continue
		}
		out = append(out, f)
	}
	return out
}

func stem(word string) string { return english.Stem(word, false) }

// sortedStems is the set of stems of a text, sorted: two wordings with the
// same stems ("Run the checks" and "running checks") give the same list.
func sortedStems(text string) []string {
	var out []string
	for _, w := range words(text) {
		out = append(out, stem(w))
	}
	slices.Sort(out)
	return slices.Compact(out)
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

// intersect returns the items of a that are in b, in a's order.
func intersect(a, b []string) []string {
	var out []string
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func surfaceWords(stems []string, surface map[string]string) []string {
	out := make([]string, len(stems))
	for i, s := range stems {
		out[i] = surface[s]
	}
	return out
}
