package search

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"sort"
	"strconv"

	"github.com/wrapup/wrapup/generator/model"
)

// Sizes the writer aims for, before packing. A term chunk is what a one-word
// query loads; postings and documents are only loaded for longer queries,
// filters and further pages. Postings hold no positions (only phrases need
// them, from the positions files) and no facet values (only filters and the
// counts of the search page need them, from the facets files), so a query
// reads about 2.7 bytes per document of each of its terms. Each result a
// query shows past its terms' best ones costs a document fragment. Term
// chunks, facets files and fragments are packed (addPacked): text packs
// several times, so they can hold more and still be loaded whole, within
// about 1,000 index files at 10k windows.
const (
	chunkTarget     = 32 << 10
	postingsTarget  = 32 << 10
	positionsTarget = 128 << 10
	facetsTarget    = 64 << 10
	docsTarget      = 64 << 10
	suggestTarget   = 64 << 10
)

// Dir is the folder of the index under the output root.
const Dir = "search/"

// Options change what is written.
type Options struct {
	FileMode bool // links end in index.html: the site is opened from disk
	// Names are the display names of people, by handle.
	Names map[string]string
}

// Files encodes the index as static files: path (under the output root) ->
// content. Every file is a script that hands its data to search.js, which
// loads it with a script tag, over HTTP as from file:// (where fetch is not
// allowed): one format, one file per piece of the index. Every file but the
// entry has a content-hashed name; the client asks for the entry with a
// cache-busting query.
func (ix *Index) Files(opts Options) (map[string][]byte, error) {
	files := map[string][]byte{}
	_, err := ix.Stream(opts, func(name string, data []byte) error {
		files[name] = data
		return nil
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// Stream encodes the index as Files does and hands each file to put as soon
// as it is made, rather than all of them at the end: the files of a 10k
// window site (~20 MB) need not wait in memory beside the index. put owns
// data. It returns the number of files.
func (ix *Index) Stream(opts Options, put func(name string, data []byte) error) (int, error) {
	w := &writer{put: put, names: map[string]bool{}}
	manifest := map[string]any{}

	// Postings, positions and facets files, by term range.
	termList := sortedKeys(ix.Terms)
	postingsSize := func(t string) int { return len(t) + 6 + 3*ix.Terms[t].DF() + len(ix.Terms[t].Masks) }
	var buf []byte
	var ps []Posting // the postings of one term at a time
	for _, part := range []struct {
		kind   string
		target int
		size   func(string) int
		encode func(*Term) []byte
	}{
		{"p", postingsTarget, postingsSize, func(t *Term) []byte { buf = encodePostings(t, buf[:0]); return buf }},
		{"pos", positionsTarget, func(t string) int { return postingsSize(t) + 2*ix.Terms[t].DF() }, func(t *Term) []byte { return t.Positions }},
		{"f", facetsTarget, func(t string) int { return len(t) + 6 + 10*ix.Terms[t].DF() }, func(t *Term) []byte {
			ps = t.postingsInto(ps[:0])
			buf = ix.encodeFacets(ps, buf[:0])
			return buf
		}},
	} {
		var list [][2]string
		for _, group := range groupBy(termList, part.target, part.size) {
			body := make(map[string]string, len(group))
			for _, t := range group {
				body[t] = base64.StdEncoding.EncodeToString(part.encode(ix.Terms[t]))
			}
			add := w.add
			if part.kind == "f" {
				add = w.addPacked
			}
			name, err := add(part.kind, body)
			if err != nil {
				return 0, err
			}
			list = append(list, [2]string{group[0], name})
		}
		manifest[part.kind] = shortenBounds(list, termList)
	}

	// Document store, by id range, whole windows together.
	var dlist [][2]any
	for from := 0; from < len(ix.Docs); {
		frag, to, err := ix.docFragment(from, docsTarget)
		if err != nil {
			return 0, err
		}
		name, err := w.addPacked("d", frag)
		if err != nil {
			return 0, err
		}
		dlist = append(dlist, [2]any{from, name})
		from = to
	}
	manifest["d"] = dlist

	// Suggestion lists, by first letter ("r") and by second letter ("2o"),
	// sorted: [form, df] for a form that is its own term, else [form, df,
	// term]. Lists share a file up to about suggestTarget bytes; the
	// manifest says which file has a list.
	lists := ix.suggestLists()
	keys := sortedKeys(lists)
	slist := map[string]string{}
	for _, group := range groupBy(keys, suggestTarget, func(k string) int {
		n := 0
		for _, f := range lists[k] {
			n += 2*len(f) + 10
		}
		return n
	}) {
		body := map[string][]any{}
		for _, k := range group {
			list := make([]any, 0, len(lists[k]))
			for _, f := range lists[k] {
				t := ix.Forms[f]
				if t == f {
					list = append(list, []any{f, ix.Terms[t].DF()})
				} else {
					list = append(list, []any{f, ix.Terms[t].DF(), t})
				}
			}
			body[k] = list
		}
		name, err := w.addPacked("s", body)
		if err != nil {
			return 0, err
		}
		for _, k := range group {
			slist[k] = name
		}
	}
	manifest["s"] = slist
	mname, err := w.add("m", manifest)
	if err != nil {
		return 0, err
	}

	// Term chunks, by form range.
	var tlist [][2]string
	for _, group := range ix.chunkGroups() {
		name, err := w.addPacked("t", ix.chunk(group))
		if err != nil {
			return 0, err
		}
		tlist = append(tlist, [2]string{group[0], name})
	}
	bounds := shortenBounds(tlist, ix.FormList)
	entry := map[string]any{
		"v": 3, "n": len(ix.Docs), "file": opts.FileMode, "m": mname, "t": bounds,
		"kinds": Kinds, "facets": FacetNames, "values": ix.Values, "names": peopleNames(ix.Values[facetPerson], opts.Names),
	}
	if err := w.putJSON("entry", entry); err != nil {
		return 0, err
	}
	return len(w.names), w.err
}

// chunkGroups splits the sorted forms into chunks of about chunkTarget bytes,
// counting each term's data once per chunk.
func (ix *Index) chunkGroups() [][]string {
	var groups [][]string
	var cur []string
	size := 0
	inChunk := map[string]bool{}
	for _, f := range ix.FormList {
		n := len(f) + len(ix.Forms[f]) + 6
		if t := ix.Forms[f]; !inChunk[t] {
			n += ix.termSize(ix.Terms[t])
		}
		if len(cur) > 0 && size+n > chunkTarget {
			groups = append(groups, cur)
			cur, size, inChunk = nil, 0, map[string]bool{}
			n = len(f) + len(ix.Forms[f]) + 6 + ix.termSize(ix.Terms[ix.Forms[f]])
		}
		cur = append(cur, f)
		inChunk[ix.Forms[f]] = true
		size += n
	}
	if len(cur) > 0 {
		groups = append(groups, cur)
	}
	return groups
}

// termSize estimates the bytes a term adds to a chunk: its top results with
// their snippets, and its facet counts.
func (ix *Index) termSize(t *Term) int {
	n := 16 + len(t.Term)
	for _, p := range t.top {
		d := &ix.Docs[p.Doc]
		n += 10 + d.urlLen() + d.textLen() + len(d.Title()) + 20
	}
	n += 4 * (len(t.Counts) - len(FacetNames)) // the pairs
	return n
}

// chunk is the data of a term chunk: forms -> term, each term's document
// frequency, best results and facet counts, and those results' snippets.
func (ix *Index) chunk(forms []string) map[string]any {
	fm := map[string]string{}
	terms := map[string]any{}
	docs := map[string]any{}
	for _, f := range forms {
		t := ix.Forms[f]
		fm[f] = t
		if _, done := terms[t]; done {
			continue
		}
		term := ix.Terms[t]
		top := make([]int, 0, 3*len(term.Top))
		for k, i := range term.Top {
			p := term.top[k]
			top = append(top, int(p.Doc), int(p.Impact))
			if term.Masks != nil {
				top = append(top, int(term.Masks[i]))
			}
			docs[strconv.Itoa(int(p.Doc))] = ix.docView(&ix.Docs[p.Doc])
		}
		counts := map[string][]int32{}
		term.facetCounts(func(fi int, pairs []int32) {
			if pairs != nil {
				counts[strconv.Itoa(fi)] = pairs
			}
		})
		if term.Forms != nil {
			// [df, [doc, impact, mask...], counts, forms]: see Term.Masks.
			terms[t] = []any{term.DF(), top, counts, term.Forms}
			continue
		}
		terms[t] = []any{term.DF(), top, counts}
	}
	return map[string]any{"f": fm, "s": terms, "d": docs}
}

// docView is what a result shows: [kind, url, text, title, date, outcome].
func (ix *Index) docView(d *Doc) []any {
	date := ""
	if d.Window != nil {
		date = d.Window.Start.Format("2006-01-02")
	}
	return []any{int(d.kind), d.URL(), d.Text(), d.Title(), date, Outcome(d.Window)}
}

// docFragment encodes the documents from id from, whole windows at a time,
// until about target bytes: each window once, as [url, title, date,
// outcome], in "w", then in "d" each document as [kind, text] when its URL
// is its window's with the anchor anchorCounter gives, else [kind, text,
// what its URL adds to its window's ("#timeline", "")]: a window document
// starts the next window of "w" and the documents after it are that
// window's. Documents without a window (pages, people)
// are [kind, text, url, title]. Most anchors (task-2-1, went-wrong-3...)
// follow from the order of the documents, so they are not stored.
func (ix *Index) docFragment(from, target int) (map[string]any, int, error) {
	var wins [][]string
	var docs [][]any
	var w *model.Window
	var count anchorCounter
	size := 0
	to := from
	for to < len(ix.Docs) {
		d := &ix.Docs[to]
		if size > target && (d.Window == nil || d.Kind() == KindWindow) {
			break
		}
		kind := int(d.kind)
		switch {
		case d.Window == nil:
			docs = append(docs, []any{kind, d.Text(), d.URL(), d.Title()})
			size += d.urlLen() + len(d.Title())
		case d.Kind() == KindWindow:
			w = d.Window
			count = anchorCounter{}
			wins = append(wins, []string{w.URL(), w.Title, w.Start.Format("2006-01-02"), Outcome(w)})
			size += len(w.Title) + len(w.ID) + 40
			if d.where() != "" {
				return nil, 0, fmt.Errorf("search: window document %d has URL %s, not its window's", d.ID, d.URL())
			}
			docs = append(docs, []any{kind, d.Text()})
		case d.Window != w:
			return nil, 0, fmt.Errorf("search: document %d (%s) does not follow its window's document", d.ID, d.URL())
		default:
			suffix := ""
			if d.where() != "" {
				suffix = "#" + d.where()
			}
			if next := count.next(d.Kind()); next != "" && d.where() == next {
				docs = append(docs, []any{kind, d.Text()})
			} else {
				docs = append(docs, []any{kind, d.Text(), suffix})
				size += len(suffix)
			}
		}
		size += d.textLen() + 8
		to++
	}
	return map[string]any{"first": from, "w": wins, "d": docs}, to, nil
}

// anchorCounter numbers the items of a window as the parser names their
// anchors: task-1, its steps task-1-1, task-1-2..., went-well-1,
// went-wrong-1, action-1, idea-1. search.js numbers them the same way.
type anchorCounter struct {
	task, step, wentWell, wentWrong, action, idea int
}

// next is the anchor the next document of kind would have; "" for kinds
// without a numbered anchor (free sections keep theirs).
func (c *anchorCounter) next(kind string) string {
	n := func(p *int, prefix string) string {
		*p++
		return prefix + strconv.Itoa(*p)
	}
	switch kind {
	case KindTask:
		c.step = 0
		return n(&c.task, "task-")
	case KindStep:
		return n(&c.step, "task-"+strconv.Itoa(c.task)+"-")
	case KindWentWell:
		return n(&c.wentWell, "went-well-")
	case KindWentWrong:
		return n(&c.wentWrong, "went-wrong-")
	case KindAction:
		return n(&c.action, "action-")
	case KindIdea:
		return n(&c.idea, "idea-")
	}
	return "" // free sections: their anchors are stored
}

// encodePostings packs a term's postings into b: the number of the term's
// forms that masks tell apart (0 for a term of one form) as an unsigned
// varint, then for each document the gap from the previous document id as
// an unsigned varint, the impact, and, when the term has several forms,
// the document's mask of them (Term.Masks) as an unsigned varint.
func encodePostings(t *Term, b []byte) []byte {
	b = binary.AppendUvarint(b, uint64(min(len(t.Forms), maxMaskForms)))
	docs := t.docs
	for i, impact := range t.impacts {
		gap, n := binary.Uvarint(docs)
		docs = docs[n:]
		b = binary.AppendUvarint(b, gap)
		b = append(b, impact)
		if t.Masks != nil {
			b = binary.AppendUvarint(b, uint64(t.Masks[i]))
		}
	}
	return b
}

func peopleNames(handles []string, names map[string]string) map[string]string {
	out := map[string]string{}
	for _, h := range handles {
		if n := names[h]; n != "" && n != h {
			out[h] = n
		}
	}
	return out
}

// groupBy splits a sorted list into runs whose estimated size stays near target.
func groupBy(list []string, target int, size func(string) int) [][]string {
	var groups [][]string
	var cur []string
	n := 0
	for _, s := range list {
		k := size(s)
		if len(cur) > 0 && n+k > target {
			groups = append(groups, cur)
			cur, n = nil, 0
		}
		cur = append(cur, s)
		n += k
	}
	if len(cur) > 0 {
		groups = append(groups, cur)
	}
	return groups
}

// shortenBounds replaces each range's first key with the shortest prefix of it
// that still sorts after the previous range's last key: lookups find the same
// range, and the entry file stays small. The first bound is "".
func shortenBounds(ranges [][2]string, sorted []string) [][2]string {
	out := make([][2]string, len(ranges))
	for i, r := range ranges {
		if i == 0 {
			out[i] = [2]string{"", r[1]}
			continue
		}
		k := sort.SearchStrings(sorted, r[0])
		prev := sorted[k-1]
		rs := []rune(r[0])
		b := r[0]
		for n := 1; n <= len(rs); n++ {
			if p := string(rs[:n]); p > prev {
				b = p
				break
			}
		}
		out[i] = [2]string{b, r[1]}
	}
	return out
}
