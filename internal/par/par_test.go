package par

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

func TestDoCallsEachIndexOnce(t *testing.T) {
	var seen [1000]atomic.Int32
	Do(len(seen), func(i int) { seen[i].Add(1) })
	for i := range seen {
		if n := seen[i].Load(); n != 1 {
			t.Fatalf("index %d called %d times", i, n)
		}
	}
}

func TestEachStopsAtTheFirstError(t *testing.T) {
	boom := errors.New("boom")
	var calls atomic.Int32
	err := Each(context.Background(), 10000, 2, func(ctx context.Context, i int) error {
		calls.Add(1)
		if i == 10 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	// The other worker goes on until errgroup has cancelled the context,
	// after the failing call returns: a few calls, more on a loaded machine
	// (the scheduler may pause the failing worker in between), never the
	// rest of the 10,000.
	if n := calls.Load(); n > 5000 {
		t.Errorf("%d calls: Each went on after the error", n)
	}
}

func TestEachStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls, atCancel atomic.Int32
	err := Each(ctx, 10000, 2, func(ctx context.Context, i int) error {
		if calls.Add(1) == 5 {
			cancel()
			// Counted once cancel has returned: while it runs (slow under
			// -race), the other worker may still start calls; CI once saw
			// a thousand.
			atCancel.Store(calls.Load())
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// Once the context is cancelled, each worker starts at most the call it
	// had already checked the context for.
	if n := calls.Load() - atCancel.Load(); n > 2 {
		t.Errorf("%d calls started after the cancel", n)
	}
}
