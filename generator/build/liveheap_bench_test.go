package build

import (
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkLiveHeap reports what a build really holds at each of its stages,
// not what the runtime's heap figure says at its busiest moment: that one
// counts everything allocated while a collection marks (garbage included),
// and the peak memory of a build is about twice it (GOGC=100). Run it on one
// core, so that the stages come one after another as the sink sees them:
//
//	WRAPUP_BENCH_SITE=/tmp/wrapup-scale/arch10000 go test -run '^$' \
//	  -bench 'BenchmarkLiveHeap$' -benchtime 1x -cpu 1 ./generator/build/
//
// (about 40 s at 10k windows).
//
// Metrics, in MiB of live heap after two collections:
//   - parsed-MiB: the parsed site (model);
//   - planned-MiB: + the index, the trends report and the list of outputs;
//   - index-MiB: the largest seen while the search index's files are written
//     (its working set is live until its last file);
//   - pages-MiB: the largest seen while pages are written (fragment cache);
//   - written-MiB: after every file is written, the build's results still held.
//
// Each sample is a full collection, so the benchmark takes several times a
// build's time; its own figures are not speed.
func BenchmarkLiveHeap(b *testing.B) {
	site := benchSite(b)
	opts := Options{Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}
	for b.Loop() {
		parsed, diags := Parse(site, opts)
		if diags.HasErrors() {
			b.Fatal(diags.Err())
		}
		afterParse := liveMiB()
		outs := planParsed(b, site, parsed, opts)
		afterPlan := liveMiB()
		sink := &sampledSink{every: 1000, everyIndex: 25}
		if _, _, err := outs.writeAll(sink); err != nil {
			b.Fatal(err)
		}
		afterWrite := liveMiB()
		runtime.KeepAlive(outs)
		runtime.KeepAlive(parsed)
		b.ReportMetric(afterParse, "parsed-MiB")
		b.ReportMetric(afterPlan, "planned-MiB")
		b.ReportMetric(sink.index, "index-MiB")
		b.ReportMetric(sink.pages, "pages-MiB")
		b.ReportMetric(afterWrite, "written-MiB")
	}
}

// liveMiB is the heap in use after two full collections: what is reachable.
func liveMiB() float64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / (1 << 20)
}

// sampledSink drops every file and samples the live heap at every every-th
// file and every everyIndex-th search index file (the index's working set is
// held until its files are all written), keeping the largest of each phase.
type sampledSink struct {
	every, everyIndex int
	mu                sync.Mutex
	n, nIndex         int
	index, pages      float64
}

func (s *sampledSink) WriteFile(name string, _ []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	search := strings.HasPrefix(name, "search/")
	if search {
		s.nIndex++
		if s.nIndex%s.everyIndex != 0 {
			return nil
		}
	} else if s.n++; s.n%s.every != 0 {
		return nil
	}
	live := liveMiB()
	if search {
		s.index = max(s.index, live)
	} else if strings.HasSuffix(name, ".html") {
		s.pages = max(s.pages, live)
	}
	return nil
}
