// Package par runs the iterations of a loop on several cores. It is the one
// worker pool of the generator: stages that spread work over cores call
// Each or Do instead of starting goroutines of their own.
package par

import (
	"context"
	"runtime"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

// Each calls fn(ctx, i) for i in 0..n-1 on up to workers goroutines (0 or
// less: one per core) and returns the first error. After an error, or once
// ctx is done, no new call starts; the context given to fn is cancelled then.
func Each(ctx context.Context, n, workers int, fn func(ctx context.Context, i int) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if n <= 1 || workers == 1 {
		for i := range n {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(ctx, i); err != nil {
				return err
			}
		}
		return nil
	}
	// A fixed set of workers takes the indexes in turn, rather than a
	// goroutine per index: each new goroutine starts on a small stack, and
	// the parser's deep calls grew it again for every one of 10,000 windows.
	g, gctx := errgroup.WithContext(ctx)
	var next atomic.Int64
	for range min(workers, n) {
		g.Go(func() error {
			for gctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return nil
				}
				if err := fn(gctx, i); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}

// Do calls fn(i) for i in 0..n-1 on every core and waits for all of them.
func Do(n int, fn func(i int)) {
	Each(context.Background(), n, 0, func(_ context.Context, i int) error {
		fn(i)
		return nil
	})
}
