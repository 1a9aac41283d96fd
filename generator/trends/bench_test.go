package trends_test

import (
	"os"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/output"
	"github.com/wrapup/wrapup/generator/render"
	"github.com/wrapup/wrapup/generator/trends"
	"github.com/wrapup/wrapup/themes"
)

// benchSite parses the synthetic archive named by WRAPUP_BENCH_SITE (make
// one with go run ../shared/tools/genarchive.go -n 10000 -out /tmp/a10k).
func benchSite(b *testing.B) (*model.Site, *aggregate.Index, time.Time) {
	dir := os.Getenv("WRAPUP_BENCH_SITE")
	if dir == "" {
		dir = "/tmp/a10k"
	}
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("no synthetic archive at %s: %v", dir, err)
	}
	site, diags := build.Parse(os.DirFS(dir), build.Options{})
	if diags.HasErrors() {
		b.Fatal(diags.Err())
	}
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	return site, aggregate.Build(site, now), now
}

// BenchmarkTrendsCompute is the aggregation alone: every trend, matrix,
// the board, related windows and carried actions.
func BenchmarkTrendsCompute(b *testing.B) {
	site, ix, now := benchSite(b)
	b.ReportAllocs()
	for b.Loop() {
		trends.Compute(site, ix, now)
	}
}

// BenchmarkTrendsPages renders the trend, board and lessons pages (not the
// window pages, whose extra sections are part of BenchmarkBuild).
func BenchmarkTrendsPages(b *testing.B) {
	site, ix, now := benchSite(b)
	r, err := render.New(themes.Default(), render.Options{BasePath: "/"})
	if err != nil {
		b.Fatal(err)
	}
	rep := trends.Compute(site, ix, now)
	pages := render.TrendPages(site, rep, nil)
	view := &render.Site{Model: site, Index: ix, Now: now}
	b.ReportMetric(float64(len(pages)), "pages")
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pages {
			if _, err := r.RenderOne(view, p); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkTrendsFullBuild is the whole build, for comparison.
func BenchmarkTrendsFullBuild(b *testing.B) {
	dir := os.Getenv("WRAPUP_BENCH_SITE")
	if dir == "" {
		dir = "/tmp/a10k"
	}
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("no synthetic archive at %s: %v", dir, err)
	}
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := build.Build(os.DirFS(dir), build.Options{Now: now}, output.NewMemory()); err != nil {
			b.Fatal(err)
		}
	}
}
