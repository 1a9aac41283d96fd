package build

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"testing"
	"testing/fstest"
	"time"
)

// archive reads a site made by shared/tools/genarchive.go into memory, so
// that the benchmark measures the build, not the disk. WRAPUP_BENCH_SITE
// names its folder; without it a site of generated windows is used.
func benchArchive(b *testing.B, n int) fstest.MapFS {
	b.Helper()
	dir := os.Getenv(fmt.Sprintf("WRAPUP_BENCH_SITE_%d", n))
	if dir == "" {
		return sessionTestSiteN(n)
	}
	site := fstest.MapFS{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		site[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return site
}

// BenchmarkSessionEdit measures one incremental rebuild after a window's
// body changed, up to the edited page being made; "ms-to-early" is the
// median time to the edited page made first (Session.Early: what the dev
// server shows before the rest of the build is in).
func BenchmarkSessionEdit(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			site := benchArchive(b, n)
			s := NewSession(site, Options{Now: fixedNow, Drafts: true})
			if g := s.Update(context.Background(), nil); g.Err != nil {
				b.Fatal(g.Err)
			}
			p := windowPaths(site)[len(windowPaths(site))/2]
			orig := site[p].Data
			// When the edited page is made first (Early), and with it.
			var t0 time.Time
			var toEarly []time.Duration
			page := "windows/" + p[len("content/windows/"):len(p)-3] + "/index.html"
			s.Early = func(e *Early) {
				if _, ok := e.Pages[page]; ok {
					toEarly = append(toEarly, time.Since(t0))
				}
			}
			b.ResetTimer()
			// The edits carry a profile label, so that a CPU profile of
			// the benchmark can leave out the first build
			// (go tool pprof -tagfocus phase=edit).
			pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("phase", "edit")))
			defer pprof.SetGoroutineLabels(context.Background())
			for i := range b.N {
				site[p] = &fstest.MapFile{Data: append(append([]byte(nil), orig...), fmt.Sprintf("\nEdit %d.\n", i)...)}
				t0 = time.Now()
				g := s.Update(context.Background(), []string{p})
				if g == nil || g.Err != nil {
					b.Fatalf("rebuild: %v", g)
				}
				if _, ok, err := g.Get(page); !ok || err != nil {
					b.Fatalf("edited page: %v %v", ok, err)
				}
			}
			b.StopTimer()
			if len(toEarly) > 0 {
				slices.Sort(toEarly)
				b.ReportMetric(float64(toEarly[len(toEarly)/2].Microseconds())/1000, "ms-to-early")
				b.ReportMetric(float64(len(toEarly))/float64(b.N), "early/op")
			}
		})
	}
}
