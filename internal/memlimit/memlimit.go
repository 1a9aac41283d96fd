// Package memlimit keeps the Go runtime's soft memory limit at twice the
// largest live heap the process has had, plus a margin. With the default
// GOGC the heap is already collected when it doubles its live size, but
// memory freed by a collection goes back to the system only slowly: a 10k
// window build, whose live heap peaks at ~340 MB, held ~1 GB of memory
// at its peak. With a limit the runtime returns freed memory as soon as the
// total nears it. The limit follows the live heap up, never down, and is
// always over twice the live heap, so the collector does not run more often
// than GOGC makes it: a fixed limit under the live heap (a site larger than
// expected) would make it run without pause (docs/benchmarks.md, "Session
// 3: cold build").
package memlimit

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// margin is memory the limit allows beyond twice the live heap: goroutine
// stacks, the runtime's own data, and the heap's fragmentation.
const margin = 64 << 20

// Follow starts following the live heap, which it reads after each
// collection, and returns a function that stops it and puts the limit back.
// It does nothing when GOMEMLIMIT is set: a limit the user chose is kept.
func Follow() (stop func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	f := &follower{before: debug.SetMemoryLimit(-1)}
	f.samples = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	f.arm()
	return f.stop
}

type follower struct {
	mu      sync.Mutex
	stopped bool
	before  int64 // the limit before Follow
	peak    uint64
	samples []metrics.Sample
}

// sentinel is an object whose cleanup runs after the collection that finds
// it unreachable: a hook on every collection. It holds a pointer and is
// larger than the runtime's tiny allocations, whose cleanups may never run.
type sentinel struct {
	_ *int
	_ [24]byte
}

func (f *follower) arm() {
	runtime.AddCleanup(new(sentinel), func(f *follower) { f.collected() }, f)
}

// collected runs after each collection: it raises the limit when the live
// heap has grown, and arms the hook again.
func (f *follower) collected() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stopped {
		return
	}
	metrics.Read(f.samples)
	if s := f.samples[0]; s.Value.Kind() == metrics.KindUint64 {
		// Raised by steps of at least an eighth: the limit need not move
		// with every collection.
		if live := s.Value.Uint64(); live > f.peak+f.peak/8 {
			f.peak = live
			debug.SetMemoryLimit(limitFor(live))
		}
	}
	f.arm()
}

// limitFor is the limit for a live heap of live bytes.
func limitFor(live uint64) int64 {
	if live > (math.MaxInt64-margin)/2 {
		return math.MaxInt64
	}
	return int64(2*live + margin)
}

func (f *follower) stop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.stopped {
		f.stopped = true
		debug.SetMemoryLimit(f.before)
	}
}
