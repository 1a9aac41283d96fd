package build

import (
	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/render"
	"github.com/wrapup/wrapup/generator/search"
)

// searchPage is the /search/ page: the full results of a query, with filters.
// Its content comes from the index through search.js.
func searchPage() *render.Page {
	return &render.Page{URL: "/search/", Template: "search.html", Title: "Search", Section: "search", NoIndex: true}
}

// addSearchIndex adds the index files of the published site. The names of
// the files depend on their content, so they are a deferred group: made at
// once by a full build, and by the dev server only when asked for (or in
// the background), so that an edit does not wait for the whole index.
func addSearchIndex(outs *Outputs, site *model.Site, ix *aggregate.Index, opts Options) error {
	outs.deferredStream(search.Dir, []any{site.Windows, site.Pages, site.People}, func(put func(string, []byte) error) (int, error) {
		return searchIndex(site, ix).Stream(searchOptions(site, opts), put)
	})
	return nil
}

// searchIndex indexes the published site.
func searchIndex(site *model.Site, ix *aggregate.Index) *search.Index {
	people := make([]string, 0, len(ix.People))
	for _, g := range ix.People {
		people = append(people, g.Key)
	}
	return search.New(site, people)
}

// searchOptions are how the index of the published site is written.
func searchOptions(site *model.Site, opts Options) search.Options {
	display := map[string]string{}
	for h, p := range site.People {
		display[h] = p.Name
	}
	return search.Options{FileMode: opts.FileMode, Names: display}
}
