// Package memlimit keeps the Go runtime's soft memory limit at 15/8 of the
// largest heap a collection has marked, plus a small margin.
//
// Why a limit at all: with the default GOGC the heap is collected when it
// doubles what the last collection marked, but memory freed by a collection
// goes back to the system only slowly (the runtime keeps ~10% over its goal),
// so the peak memory of a build is that goal and what was kept. With a limit
// the runtime returns freed memory as soon as the total nears it.
//
// Why a little under twice the marked heap: what a collection marks is the
// heap that is really live plus everything allocated while it was marking
// (new objects are marked as they are made), so at a 10k window build's
// busiest moment a quarter of the marked heap is garbage already, and GOGC's
// goal is far more than twice what is really live. Going lower costs CPU: the
// limit counts the free room inside the heap's partly used spans too (~120
// MiB at 10k windows), so at 7/4 the collector ran a third more often, while
// 15/8 and a 16 MiB margin cost nothing measurable against twice and 64 MiB
// (docs/benchmarks.md, "Session 6: the soft limit").
//
// The limit follows the marked heap up, never down, so a site larger than
// expected raises it instead of making the collector run without pause, as a
// fixed limit under its live heap would.
package memlimit

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// The limit is factorNum/factorDen times the largest marked heap, plus
// margin: goroutine stacks, the runtime's own data and the heap's
// fragmentation, which the limit counts too.
const (
	factorNum, factorDen = 15, 8
	margin               = 16 << 20
)

// Follow starts following the marked heap, which it reads after each
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

// collected runs after each collection: it raises the limit when the marked
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

// limitFor is the limit for a marked heap of live bytes.
func limitFor(live uint64) int64 {
	if live > (math.MaxInt64-margin)/factorNum {
		return math.MaxInt64
	}
	return int64(live/factorDen*factorNum + margin)
}

func (f *follower) stop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.stopped {
		f.stopped = true
		debug.SetMemoryLimit(f.before)
	}
}
