package build

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/output"
	"github.com/wrapup/wrapup/generator/render"
)

// benchSite is the synthetic archive the build benchmarks use:
// WRAPUP_BENCH_SITE, by default /tmp/a1k. Without one they skip: an archive
// is made by ../shared/tools/genarchive.go, outside the repository.
func benchSite(b *testing.B) fs.FS {
	dir := os.Getenv("WRAPUP_BENCH_SITE")
	if dir == "" {
		dir = "/tmp/a1k"
	}
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("no synthetic archive at %s: %v", dir, err)
	}
	return os.DirFS(dir)
}

// BenchmarkBuild builds a synthetic archive into memory. Make one with
//
//	go run ../shared/tools/genarchive.go -n 1000 -out /tmp/a1k
//
// and point WRAPUP_BENCH_SITE at it (default /tmp/a1k). scripts/scale.sh runs
// the whole CLI at 1k and 10k windows and records wall time and peak memory.
func BenchmarkBuild(b *testing.B) {
	site := benchSite(b)
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(site, Options{Now: now}, output.NewMemory()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildDir is BenchmarkBuild writing to a folder, as the CLI does:
// it adds the system time of creating every file and folder (34k files at
// 10k windows) and of replacing the previous output.
func BenchmarkBuildDir(b *testing.B) {
	site := benchSite(b)
	dest := filepath.Join(b.TempDir(), "public")
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		out, err := output.NewDir(dest)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Build(site, Options{Now: now}, out); err != nil {
			out.Abort()
			b.Fatal(err)
		}
		if err := out.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPages renders every page of the synthetic archive (as
// BenchmarkBuild, WRAPUP_BENCH_SITE) on one core, one sub-benchmark per page
// template, without parsing or writing: it says which templates the build's
// page time goes to. Each iteration starts with an empty fragment cache
// (render.Site.Cached), as a build does.
func BenchmarkPages(b *testing.B) {
	site := benchSite(b)
	opts := Options{Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}
	parsed, diags := Parse(site, opts)
	if diags.HasErrors() {
		b.Fatal(diags.Err())
	}
	outs := planParsed(b, site, parsed, opts)
	byTemplate := map[string][]*render.Page{}
	for _, out := range outs.List() {
		if out.Page != nil {
			byTemplate[out.Page.Template] = append(byTemplate[out.Page.Template], out.Page)
		}
	}
	names := make([]string, 0, len(byTemplate))
	for name := range byTemplate {
		names = append(names, name)
	}
	sort.Strings(names)
	r, v := outs.Renderer, outs.View
	for _, name := range names {
		pages := byTemplate[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			var scratch bytes.Buffer
			var page []byte
			for b.Loop() {
				view := &render.Site{Model: v.Model, Index: v.Index, Now: v.Now, Drafts: v.Drafts, Version: v.Version, LiveReload: v.LiveReload, Nav: v.Nav}
				for _, p := range pages {
					var err error
					page, err = r.AppendPage(page[:0], &scratch, view, p)
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(len(pages)), "pages")
		})
	}
}

// planParsed is the plan of a site already parsed, with its theme, as Build
// makes it.
func planParsed(b *testing.B, site fs.FS, parsed *model.Site, opts Options) *Outputs {
	b.Helper()
	theme, err := SiteTheme(site, parsed.Config)
	if err != nil {
		b.Fatal(err)
	}
	r, err := newRenderer(theme, parsed.Config, opts)
	if err != nil {
		b.Fatal(err)
	}
	outs, err := plan(parsed, theme, r, opts, &Result{Site: parsed}, nil)
	if err != nil {
		b.Fatal(err)
	}
	return outs
}
