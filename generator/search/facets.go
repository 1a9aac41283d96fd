package search

import (
	"encoding/binary"

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
