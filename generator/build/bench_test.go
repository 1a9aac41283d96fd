package build

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/output"
)

// BenchmarkBuild builds a synthetic archive into memory. Make one with
//
//	go run ../shared/tools/genarchive.go -n 1000 -out /tmp/a1k
//
// and point WRAPUP_BENCH_SITE at it (default /tmp/a1k). scripts/scale.sh runs
// the whole CLI at 1k and 10k windows and records wall time and peak memory.
func BenchmarkBuild(b *testing.B) {
	dir := os.Getenv("WRAPUP_BENCH_SITE")
	if dir == "" {
		dir = "/tmp/a1k"
	}
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("no synthetic archive at %s: %v", dir, err)
	}
	site := os.DirFS(dir)
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
	dir := os.Getenv("WRAPUP_BENCH_SITE")
	if dir == "" {
		dir = "/tmp/a1k"
	}
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("no synthetic archive at %s: %v", dir, err)
	}
	site := os.DirFS(dir)
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
