package memlimit

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestLimitFollowsTheLiveHeap keeps 96 MiB alive across collections: the
// limit rises to 15/8 of that plus the margin (never under it), and stop
// puts the previous limit back.
//
// The 96 MiB are allocated before Follow: a collection that ran while they
// were being allocated would set the limit for part of them, and the limit
// moves only by steps of an eighth, so it would stay a little low (CI saw
// 188 MiB for 91 MiB marked).
func TestLimitFollowsTheLiveHeap(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	live := make([][]byte, 96)
	for i := range live {
		live[i] = make([]byte, 1<<20)
	}
	before := debug.SetMemoryLimit(-1)
	stop := Follow()
	var limit int64
	for range 50 { // the hook runs after the collection, on another goroutine
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
		if limit = debug.SetMemoryLimit(-1); limit != before {
			break
		}
	}
	runtime.KeepAlive(live)
	if want := limitFor(96 << 20); limit < want || limit > limitFor(160<<20) {
		t.Errorf("with 96 MiB live the limit is %d MiB, want about %d MiB", limit>>20, want>>20)
	}
	stop()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("after stop the limit is %d, want %d as before", got, before)
	}
}

// TestGOMEMLIMITIsKept: with GOMEMLIMIT set, Follow leaves the limit alone.
func TestGOMEMLIMITIsKept(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "1GiB")
	before := debug.SetMemoryLimit(-1)
	stop := Follow()
	defer stop()
	ballast := make([]byte, 32<<20)
	runtime.GC()
	time.Sleep(20 * time.Millisecond)
	runtime.KeepAlive(ballast)
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("the limit moved to %d with GOMEMLIMIT set", got)
	}
}

func TestLimitForDoesNotOverflow(t *testing.T) {
	if got := limitFor(math.MaxUint64 / 2); got != math.MaxInt64 {
		t.Errorf("limitFor(huge) = %d, want no limit", got)
	}
}
