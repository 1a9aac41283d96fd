package search_test

import (
	"os"
	"runtime"
	"sort"
	"testing"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/search"
)

// benchSite parses the synthetic archive named by an environment variable
// (made with go run ../shared/tools/genarchive.go -n N -out DIR).
func benchSite(b *testing.B, env string) {
	dir := os.Getenv(env)
	if dir == "" {
		b.Skipf("set %s to a folder made by genarchive to run this benchmark", env)
	}
	site, diags := build.Parse(os.DirFS(dir), build.Options{})
	if diags.HasErrors() {
		b.Fatal(diags.Err())
	}
	var people []string
	for h := range site.People {
		people = append(people, h)
	}
	sort.Strings(people) // as the build lists them: the same files every run
	b.ResetTimer()
	var st search.Stats
	for b.Loop() {
		var err error
		st, err = search.New(site, people).Write(discard{}, search.Options{})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(st.Files), "files")
	b.ReportMetric(float64(st.Bytes), "json-bytes")
	b.ReportMetric(float64(st.Docs), "docs")

	// What the index keeps alive, beside the site it indexes: the index
	// alone, then with its files (the full build holds both while pages
	// are rendered beside it).
	b.StopTimer()
	live := func() float64 {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return float64(ms.HeapAlloc)
	}
	site0 := live()
	ix := search.New(site, people)
	index := live() - site0
	files, err := ix.Files(search.Options{})
	if err != nil {
		b.Fatal(err)
	}
	both := live() - site0
	runtime.KeepAlive(ix)
	runtime.KeepAlive(files)
	b.ReportMetric(index/(1<<20), "index-live-MiB")
	b.ReportMetric(both/(1<<20), "index+files-live-MiB")
}

type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

func BenchmarkIndex1k(b *testing.B)  { benchSite(b, "WRAPUP_ARCHIVE_1K") }
func BenchmarkIndex10k(b *testing.B) { benchSite(b, "WRAPUP_ARCHIVE_10K") }
