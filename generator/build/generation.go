package build

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/wrapup/wrapup/generator/output"
	"github.com/wrapup/wrapup/internal/par"
)

// Generation is the result of one build of a Session: the site's outputs,
// made on demand and kept. It never changes once returned, so a server can
// serve one generation while the next is being built.
type Generation struct {
	Number  int
	Result  *Result
	Err     error    // content errors (a diag.ErrorList) or a theme error; the outputs are then empty
	Changed []string // the source paths that changed since the previous build
	Took    time.Duration

	// Dirty counts the outputs that must be made anew (their inputs changed
	// or they are new), Reused those that keep the previous build's bytes.
	Dirty, Reused int
	// Updated names the outputs that are new or whose inputs changed, and
	// Removed those the previous build had and this one has not.
	Updated, Removed []string

	files  map[string]*genFile
	names  []string // sorted; shared with the previous generation when it has the same
	pages  int      // how many of files are pages
	groups []*genGroup
}

// genGroup is a deferred group of outputs (Outputs.Deferred).
type genGroup struct {
	dir     string
	sum     uint64 // of its dependencies' revisions
	once    sync.Once
	produce func() (map[string][]byte, error)
	files   map[string][]byte
	err     error
}

func (g *genGroup) get() (map[string][]byte, error) {
	g.once.Do(func() {
		g.files, g.err = g.produce()
		g.produce = nil
		for name := range g.files {
			if !strings.HasPrefix(name, g.dir) && g.err == nil {
				g.err = fmt.Errorf("output %s is not under its group's folder %s", name, g.dir)
			}
		}
	})
	return g.files, g.err
}

// group returns the deferred group whose folder holds name.
func (g *Generation) group(name string) *genGroup {
	for _, gr := range g.groups {
		if strings.HasPrefix(name, gr.dir) {
			return gr
		}
	}
	return nil
}

type genFile struct {
	page    bool
	known   bool   // known by its bytes alone (depBytes): a theme's static file
	sum     uint64 // of its dependencies' revisions
	once    sync.Once
	produce func() ([]byte, error)
	data    []byte
	err     error
}

func (f *genFile) get() ([]byte, error) {
	f.once.Do(func() {
		f.data, f.err = f.produce()
		f.produce = nil // let the build it came from go
	})
	return f.data, f.err
}

// Get returns the output file name ("windows/x/index.html"), making it if it
// has not been made yet. ok is false when the generation has no such file.
func (g *Generation) Get(name string) (data []byte, ok bool, err error) {
	f := g.files[name]
	if f == nil {
		if gr := g.group(name); gr != nil {
			files, err := gr.get()
			data, ok = files[name]
			return data, ok, err
		}
		return nil, false, nil
	}
	data, err = f.get()
	return data, true, err
}

// Has reports whether the generation has the output name. A name in a
// deferred group's folder makes the group.
func (g *Generation) Has(name string) bool {
	if g.files[name] != nil {
		return true
	}
	if gr := g.group(name); gr != nil {
		files, _ := gr.get()
		_, ok := files[name]
		return ok
	}
	return false
}

// unchanged reports whether the output name is known by its bytes alone
// (Early.Unchanged: the next build has the same while the theme and the
// configuration are the same).
func (g *Generation) unchanged(name string) bool {
	f := g.files[name]
	return f != nil && f.known
}

// Names lists the generation's outputs, sorted.
func (g *Generation) Names() []string { return g.names }

// Pages counts the generation's HTML pages.
func (g *Generation) Pages() int { return g.pages }

// MakeAll makes every output not made yet, on up to workers cores (0: all),
// and returns the first error (a template that fails on some page). When ctx
// is done (a newer generation has replaced this one) it stops early with
// ctx's error.
func (g *Generation) MakeAll(ctx context.Context, workers int) error {
	err := par.Each(ctx, len(g.names), workers, func(_ context.Context, i int) error {
		_, err := g.files[g.names[i]].get()
		return err
	})
	if err != nil {
		return err
	}
	for _, gr := range g.groups {
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := gr.get(); err != nil {
			return err
		}
	}
	return nil
}

// WriteTo makes every output and writes it to sink.
func (g *Generation) WriteTo(sink output.Sink) error {
	if g.Err != nil {
		return g.Err
	}
	err := par.Each(context.Background(), len(g.names), 0, func(_ context.Context, i int) error {
		data, err := g.files[g.names[i]].get()
		if err != nil {
			return err
		}
		return sink.WriteFile(g.names[i], data)
	})
	if err != nil {
		return err
	}
	for _, gr := range g.groups {
		files, err := gr.get()
		if err != nil {
			return err
		}
		for name, data := range files {
			if err := sink.WriteFile(name, data); err != nil {
				return err
			}
		}
	}
	return nil
}
