package build

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/wrapup/wrapup/generator/output"
	"github.com/wrapup/wrapup/generator/render"
	"github.com/wrapup/wrapup/internal/par"
)

// Output is one file of the built site and the recipe that makes it. A full
// build produces every output; the dev server's incremental build (Session)
// produces only those whose dependencies changed since the previous build.
type Output struct {
	Name string       // slash-separated, relative to the output root
	Page *render.Page // set for pages: the file is the rendered page
	// Deps names everything the file reads (see deps.go): the incremental
	// build makes it again when the revision of one of them changed.
	Deps []Dep
	// Produce makes the file; nil for a page (Outputs.produce renders it).
	Produce func() ([]byte, error)
	// Write, when set, writes the same bytes as Produce as they are made: a
	// full build streams the file to its sink (output.Stream) rather than
	// holding it whole. Set for the large data exports.
	Write func(io.Writer) error
}

// Outputs is the list of files a build writes, in the order they were added.
// A later output with the same name replaces an earlier one.
type Outputs struct {
	Renderer *render.Renderer
	View     *render.Site
	list     []Output
	groups   []Group
	bytes    map[string][]byte // the outputs added with Data (their depBytes)
	// revs are the revisions of the keys of a Session's build, nil in a
	// one-off build.
	revs *revisions
	// listed is List's result while nothing was added since: listedOf
	// is how many outputs had been added then.
	listed   []Output
	listedOf int
}

// Group is a set of files under one folder whose names are known only once
// they are made (content-hashed names, like the search index's). A full build
// makes it at once; the dev server makes it when a file under Dir is first
// asked for, or in the background.
type Group struct {
	Dir     string // "search/": every file of the group is under it
	Deps    []Dep  // as Output.Deps
	Produce func() (map[string][]byte, error)
	// Write, when set, makes the same files as Produce and hands each to
	// put as soon as it is made; it returns how many. A full build writes
	// the group through it, so that the files do not wait in memory.
	Write func(put func(name string, data []byte) error) (int, error)
}

func newOutputs(r *render.Renderer, view *render.Site) *Outputs {
	return &Outputs{Renderer: r, View: view, bytes: map[string][]byte{}}
}

// Pages adds a page output for each page; rendering happens when produced.
// out gives the name and keys of a page's output (planMemo.pageOut).
func (o *Outputs) Pages(pages []*render.Page, out func(*render.Renderer, *render.Page) pageOut) {
	o.list = slices.Grow(o.list, len(pages))
	for _, p := range pages {
		po := out(o.Renderer, p)
		o.list = append(o.list, Output{Name: po.name, Page: p, Deps: po.deps})
	}
}

// produce is out's Produce; a page's is made here, when it is needed (most
// pages of a dev server's build keep the previous build's bytes).
func (o *Outputs) produce(out Output) func() ([]byte, error) {
	if out.Produce == nil && out.Page != nil {
		p := out.Page
		return func() ([]byte, error) { return o.Renderer.RenderOne(o.View, p) }
	}
	return out.Produce
}

// File adds a file made by produce, which reads deps (see deps.go).
func (o *Outputs) File(name string, deps []Dep, produce func() ([]byte, error)) {
	o.list = append(o.list, Output{Name: name, Deps: deps, Produce: produce})
}

// Stream adds a file as File does, written by write as it is made (see
// Output.Write).
func (o *Outputs) Stream(name string, deps []Dep, write func(io.Writer) error) {
	o.list = append(o.list, Output{Name: name, Deps: deps, Write: write,
		Produce: func() ([]byte, error) {
			var buf bytes.Buffer
			if err := write(&buf); err != nil {
				return nil, err
			}
			return buf.Bytes(), nil
		}})
}

// Data adds a file whose bytes are already known.
func (o *Outputs) Data(name string, data []byte) {
	o.bytes[name] = data
	o.list = append(o.list, Output{Name: name, Deps: []Dep{{Kind: depBytes, ID: name}},
		Produce: func() ([]byte, error) { return data, nil }})
}

// static adds every file of the theme's static/ folder at the output root.
func (o *Outputs) static(theme fs.FS) error {
	return fs.WalkDir(theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(theme, p)
		if err != nil {
			return err
		}
		o.Data(strings.TrimPrefix(p, "static/"), data)
		return nil
	})
}

// deferred adds a group of files under dir whose names depend on their
// content, made by produce, which reads deps (see Group).
func (o *Outputs) deferred(dir string, deps []Dep, produce func() (map[string][]byte, error)) {
	if !strings.HasSuffix(dir, "/") {
		dir += "/"
	}
	o.groups = append(o.groups, Group{Dir: dir, Deps: deps, Produce: produce})
}

// deferredStream adds a group as deferred does, whose files write hands to
// put as they are made (see Group.Write).
func (o *Outputs) deferredStream(dir string, deps []Dep, write func(put func(name string, data []byte) error) (int, error)) {
	o.deferred(dir, deps, func() (map[string][]byte, error) {
		files := map[string][]byte{}
		_, err := write(func(name string, data []byte) error {
			files[name] = data
			return nil
		})
		return files, err
	})
	o.groups[len(o.groups)-1].Write = write
}

// deferredGroups returns the deferred groups.
func (o *Outputs) deferredGroups() []Group { return o.groups }

// List returns the outputs with duplicates resolved: for each name the last
// one added, in the order of first appearance.
func (o *Outputs) List() []Output {
	if o.listed != nil && o.listedOf == len(o.list) {
		return o.listed
	}
	last := make(map[string]int, len(o.list))
	for i, out := range o.list {
		last[out.Name] = i
	}
	if len(last) == len(o.list) {
		// No duplicates (a build's usual case): the list itself, rather
		// than a copy of 32k outputs at 10k windows beside it.
		o.listed, o.listedOf = o.list, len(o.list)
		return o.list
	}
	list := make([]Output, 0, len(last))
	for i, out := range o.list {
		if last[out.Name] == i {
			list = append(list, out)
		}
	}
	o.listed, o.listedOf = list, len(o.list)
	return list
}

// writeAll produces every output on every core and writes it to sink. The
// first error stops the work and is returned. It returns the number of pages
// and files written.
//
// The deferred groups are the first work the cores take, beside the files
// other than pages, and the pages come after: the search index is seconds of
// work on one core (made last it left the other core idle), and its working
// set (~80 MB at 10k windows) is then gone before the pages fill the
// fragment cache, instead of beside it (docs/benchmarks.md, "Session 5:
// memory"). Pages are rendered into buffers reused from page to page (sinks
// do not keep what they are given), so a page's bytes are garbage only once,
// when the next page overwrites them.
//
// The outputs are written once: writeAll empties o, and lets each output
// (a page's data, a digest's recipe) go as soon as it is written. The page
// phase ends with the fragment cache at its fullest (the build's largest
// live heap), where the data of every page (views, pagers, lists of rows:
// ~7 MB at 10k windows) and the recipes of the other files were still held
// beside it.
func (o *Outputs) writeAll(sink output.Sink) (pages, files int, err error) {
	list := o.List()
	o.list, o.listed = nil, nil
	for _, out := range list {
		if out.Page != nil {
			pages++
		}
	}
	// Files other than pages go first: the data exports are single outputs
	// of half a second each at 10k windows, and taken last they left one
	// core idle at the end. The order of writes does not change the output.
	// The order is of indexes, not a sorted copy of the outputs (2 MB at 10k
	// windows, live while the search index is made).
	order := make([]int32, len(list))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		return cmp.Compare(writeRank(list[a]), writeRank(list[b]))
	})
	groups := o.groups
	groupFiles := make([]int, len(groups))
	var buffers sync.Pool // of *pageBuffers
	err = par.Each(context.Background(), len(groups)+len(list), 0, func(_ context.Context, i int) error {
		if i < len(groups) {
			n, err := writeGroup(groups[i], sink)
			groupFiles[i] = n
			return err
		}
		k := order[i-len(groups)]
		out := list[k]
		list[k] = Output{} // written once: what makes it goes with the write
		if out.Write != nil {
			return output.Stream(sink, out.Name, out.Write)
		}
		if out.Page == nil {
			data, err := out.Produce()
			if err != nil {
				return err
			}
			return sink.WriteFile(out.Name, data)
		}
		b, _ := buffers.Get().(*pageBuffers)
		if b == nil {
			b = new(pageBuffers)
		}
		defer buffers.Put(b)
		page, err := o.Renderer.AppendPage(b.page[:0], &b.scratch, o.View, out.Page)
		b.page = page
		if err != nil {
			return err
		}
		return sink.WriteFile(out.Name, page)
	})
	if err != nil {
		return 0, 0, err
	}
	files = len(list)
	for _, n := range groupFiles {
		files += n
	}
	return pages, files, nil
}

// writeRank is where writeAll takes an output: files other than pages
// first, then pages, in the order that keeps the fragment cache small
// while the data of the pages still to write is held (writeAll lets it go
// page by page). The action board's rows are the cache's largest part (12
// MB at 10k windows, for every action) and the window pages show some of
// them (carried actions): the board goes last, the window pages before it,
// and the other pages (lists of windows, lessons, people...) first. Taken
// first, the board's rows were in the cache beside the data of nearly
// every page (docs/benchmarks.md, "Session 7: the plan's memory").
func writeRank(out Output) int {
	if out.Page == nil {
		return 0
	}
	switch out.Page.Data.(type) {
	case *render.WindowView:
		return 2
	case *render.BoardView:
		return 3
	}
	return 1
}

// pageBuffers are the two buffers a page is rendered through: the template's
// output, then the page with its links rewritten.
type pageBuffers struct {
	scratch bytes.Buffer
	page    []byte
}

// writeGroup makes a deferred group and writes its files to sink; it returns
// how many it wrote.
func writeGroup(g Group, sink output.Sink) (int, error) {
	if g.Write != nil {
		return g.Write(func(name string, data []byte) error {
			if !strings.HasPrefix(name, g.Dir) {
				return fmt.Errorf("output %s is not under its group's folder %s", name, g.Dir)
			}
			return sink.WriteFile(name, data)
		})
	}
	made, err := g.Produce()
	if err != nil {
		return 0, err
	}
	for name, data := range made {
		if !strings.HasPrefix(name, g.Dir) {
			return 0, fmt.Errorf("output %s is not under its group's folder %s", name, g.Dir)
		}
		if err := sink.WriteFile(name, data); err != nil {
			return 0, err
		}
	}
	return len(made), nil
}
