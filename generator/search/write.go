package search

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// Sizes the writer aims for, uncompressed. A term chunk is what a one-word
// query loads; postings and documents are only loaded for longer queries,
// filters and further pages. Postings hold no positions (only phrases need
// them, from the positions files), so a query reads about 2.7 bytes per
// document of each of its terms. Each result a query shows past its terms'
// best ones costs a document fragment: they are as small as the limit of
// about 1,000 index files at 10k windows allows.
const (
	chunkTarget     = 20 << 10
	postingsTarget  = 32 << 10
	positionsTarget = 128 << 10
	docsTarget      = 36 << 10
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
	w := &writer{files: map[string][]byte{}}
	manifest := map[string]any{}

	// Postings and positions files, by term range.
	termList := sortedKeys(ix.Terms)
	postingsSize := func(t string) int { return len(t) + 6 + 3*len(ix.Terms[t].Postings) }
	for _, part := range []struct {
		kind   string
		target int
		size   func(string) int
		encode func(*Term) string
	}{
		{"p", postingsTarget, postingsSize, encodePostings},
		{"pos", positionsTarget, func(t string) int { return postingsSize(t) + 2*len(ix.Terms[t].Postings) }, encodePositions},
	} {
		var list [][2]string
		for _, group := range groupBy(termList, part.target, part.size) {
			body := make(map[string]string, len(group))
			for _, t := range group {
				body[t] = part.encode(ix.Terms[t])
			}
			name, err := w.add(part.kind, body)
			if err != nil {
				return nil, err
			}
			list = append(list, [2]string{group[0], name})
		}
		manifest[part.kind] = shortenBounds(list, termList)
	}

	// Document store, by id range, whole windows together.
	var dlist [][2]any
	for from := 0; from < len(ix.Docs); {
		frag, to := ix.docFragment(from, docsTarget)
		name, err := w.add("d", frag)
		if err != nil {
			return nil, err
		}
		dlist = append(dlist, [2]any{from, name})
		from = to
	}
	manifest["d"] = dlist
	facets, err := w.add("x", ix.facetData())
	if err != nil {
		return nil, err
	}
	manifest["x"] = facets
	mname, err := w.add("m", manifest)
	if err != nil {
		return nil, err
	}

	// Term chunks, by form range.
	var tlist [][2]string
	for _, group := range ix.chunkGroups() {
		name, err := w.add("t", ix.chunk(group))
		if err != nil {
			return nil, err
		}
		tlist = append(tlist, [2]string{group[0], name})
	}
	bounds := shortenBounds(tlist, ix.FormList)
	entry := map[string]any{
		"v": 2, "n": len(ix.Docs), "file": opts.FileMode, "m": mname, "t": bounds,
		"kinds": Kinds, "facets": FacetNames, "values": ix.Values, "names": peopleNames(ix.Values[3], opts.Names),
	}
	if err := w.put("entry", entry); err != nil {
		return nil, err
	}
	return w.files, nil
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
	for _, i := range t.Top {
		d := ix.Docs[t.Postings[i].Doc]
		n += 10 + len(d.URL) + len(d.Text) + len(d.Title) + 20
	}
	for _, c := range t.Counts {
		for _, v := range c {
			if v > 0 {
				n += 8
			}
		}
	}
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
		top := make([]int, 0, 2*len(term.Top))
		for _, i := range term.Top {
			p := term.Postings[i]
			top = append(top, p.Doc, int(p.Impact))
			docs[strconv.Itoa(p.Doc)] = ix.docView(ix.Docs[p.Doc])
		}
		counts := map[string][]int{}
		for fi, c := range term.Counts {
			var flat []int
			for v, n := range c {
				if n > 0 {
					flat = append(flat, v, n)
				}
			}
			if flat != nil {
				counts[strconv.Itoa(fi)] = flat
			}
		}
		terms[t] = []any{len(term.Postings), top, counts}
	}
	return map[string]any{"f": fm, "s": terms, "d": docs}
}

// docView is what a result shows: [kind, url, text, title, date, outcome].
func (ix *Index) docView(d *Doc) []any {
	date := ""
	if d.Window != nil {
		date = d.Window.Start.Format("2006-01-02")
	}
	return []any{indexOf(Kinds, d.Kind), d.URL, d.Text, d.Title, date, Outcome(d.Window)}
}

// docFragment encodes the documents from id from, whole windows at a time,
// until about target bytes: each window's title, date and outcome once, then
// its documents as [kind, window (index in "w", or -1), url or anchor, text, title].
func (ix *Index) docFragment(from, target int) (map[string]any, int) {
	var wins [][]string
	var docs [][]any
	wref := map[string]int{}
	size := 0
	to := from
	for to < len(ix.Docs) {
		d := ix.Docs[to]
		if size > target && (d.Window == nil || d.Kind == KindWindow) {
			break
		}
		if d.Window == nil {
			docs = append(docs, []any{indexOf(Kinds, d.Kind), -1, d.URL, d.Text, d.Title})
		} else {
			w := d.Window
			ref, ok := wref[w.ID]
			if !ok {
				ref = len(wins)
				wref[w.ID] = ref
				wins = append(wins, []string{w.URL(), w.Title, w.Start.Format("2006-01-02"), Outcome(w)})
				size += len(w.Title) + len(w.ID) + 40
			}
			docs = append(docs, []any{indexOf(Kinds, d.Kind), ref, strings.TrimPrefix(d.URL, w.URL()), d.Text})
		}
		size += len(d.Text) + 20
		to++
	}
	return map[string]any{"first": from, "w": wins, "d": docs}, to
}

// windowFacets are the facets a document takes from its window.
var windowFacets = map[string]bool{"system": true, "outcome": true, "year": true}

// facetData holds what the client needs to filter and count the results of
// any query. Facets of items (kind, tag, person, action) are an index per
// document into a table of distinct combinations ("ci", "d"); facets of
// windows (system, outcome, year) are stored once per window ("cw", "w": the
// number of documents of each window and its combination), since a window's
// documents are consecutive. A combination lists value indices per facet.
func (ix *Index) facetData() map[string]any {
	type table struct {
		combos [][][]int
		seen   map[string]int
	}
	var key []byte // a combination's value indices, +1, each facet ended by 0
	id := func(t *table, vals [][]int, window bool) int {
		key = key[:0]
		for f, vs := range vals {
			if windowFacets[FacetNames[f]] == window {
				for _, v := range vs {
					key = binary.AppendUvarint(key, uint64(v)+1)
				}
			}
			key = append(key, 0)
		}
		n, ok := t.seen[string(key)]
		if !ok {
			c := make([][]int, len(vals))
			for f, vs := range vals {
				if windowFacets[FacetNames[f]] == window {
					c[f] = append([]int{}, vs...)
				}
			}
			key := string(key)
			n = len(t.combos)
			t.seen[key] = n
			t.combos = append(t.combos, c)
		}
		return n
	}
	items, wins := &table{seen: map[string]int{}}, &table{seen: map[string]int{}}
	var docs, perWindow []byte
	for d := 0; d < len(ix.Docs); {
		docs = binary.AppendUvarint(docs, uint64(id(items, ix.docFacets[d], false)))
		w := ix.Docs[d].Window
		if w == nil {
			d++
			continue
		}
		n := 1
		for d+n < len(ix.Docs) && ix.Docs[d+n].Window == w {
			docs = binary.AppendUvarint(docs, uint64(id(items, ix.docFacets[d+n], false)))
			n++
		}
		perWindow = binary.AppendUvarint(perWindow, uint64(n))
		perWindow = binary.AppendUvarint(perWindow, uint64(id(wins, ix.docFacets[d], true)))
		d += n
	}
	enc := base64.StdEncoding.EncodeToString
	return map[string]any{"ci": items.combos, "cw": wins.combos, "d": enc(docs), "w": enc(perWindow)}
}

// encodePostings packs a term's postings as base64 of bytes: for each
// document, the gap from the previous document id as an unsigned varint,
// then the impact.
func encodePostings(t *Term) string {
	b := make([]byte, 0, 2*len(t.Postings))
	prev := 0
	for _, p := range t.Postings {
		b = binary.AppendUvarint(b, uint64(p.Doc-prev))
		prev = p.Doc
		b = append(b, p.Impact)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// encodePositions packs a term's positions, postings in the same order, as
// base64 of unsigned varints: for each document, the number of positions
// and the gaps between them.
func encodePositions(t *Term) string {
	b := make([]byte, 0, 2*len(t.Postings))
	for _, p := range t.Postings {
		b = binary.AppendUvarint(b, uint64(len(p.Pos)))
		last := 0
		for _, pos := range p.Pos {
			b = binary.AppendUvarint(b, uint64(pos-last))
			last = pos
		}
	}
	return base64.StdEncoding.EncodeToString(b)
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

// writer collects files with content-hashed names.
type writer struct {
	files map[string][]byte
}

// add writes data as search/<kind>/<hash>.js and returns "<kind>/<hash>",
// the name the client asks for.
func (w *writer) add(kind string, data any) (string, error) {
	body, err := json.Marshal(data)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(body)
	name := kind + "/" + hex.EncodeToString(sum[:6])
	w.putScript(name, body)
	return name, nil
}

// put writes data as search/<name>.js.
func (w *writer) put(name string, data any) error {
	body, err := json.Marshal(data)
	if err != nil {
		return err
	}
	w.putScript(name, body)
	return nil
}

// putScript writes search/<name>.js, a script that registers the data under
// its name with the loader of search.js.
func (w *writer) putScript(name string, body []byte) {
	js := make([]byte, 0, len(body)+len(name)+40)
	js = append(js, `wrapupSearchData("`...)
	js = append(js, name...)
	js = append(js, `",`...)
	js = append(js, body...)
	js = append(js, ");\n"...)
	w.files[Dir+name+".js"] = js
}

// Sink is where the index files go (output.Sink).
type Sink interface {
	WriteFile(name string, data []byte) error
}

// Stats describe a written index.
type Stats struct {
	Docs, Terms, Files int
	Bytes              int
}

// Write indexes the site and writes the index files to sink.
func (ix *Index) Write(sink Sink, opts Options) (Stats, error) {
	files, err := ix.Files(opts)
	if err != nil {
		return Stats{}, err
	}
	st := Stats{Docs: len(ix.Docs), Terms: len(ix.Terms), Files: len(files)}
	for _, name := range sortedKeys(files) {
		st.Bytes += len(files[name])
		if err := sink.WriteFile(name, files[name]); err != nil {
			return st, err
		}
	}
	return st, nil
}
