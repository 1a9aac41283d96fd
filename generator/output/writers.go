package output

import "sync"

// writers write a Dir's files on goroutines of their own, so that the
// build's workers go on rendering while a file is made. Making a file or
// folder on a journaling file system waits on the disk's journal more than
// it uses a core (mkdir took 200-360 us at 10k windows on ext4, against a
// few us on tmpfs); a worker that waited there left its core idle, since
// the build runs one worker per core.
type writers struct {
	queue   chan writeJob
	pending sync.WaitGroup // the files queued and not yet made
	mu      sync.Mutex
	err     error // the first write that failed
	stop    bool  // set by Abort: the files still queued are dropped
	bufs    sync.Pool
}

// writeJob is one file to make: data is a copy, from writers.bufs.
type writeJob struct {
	name string
	data *[]byte
}

const (
	writeWorkers = 4 // goroutines making files (see docs/benchmarks.md, Session 5)
	writeQueue   = 8 // files waiting, at most: copies held beside the build
	// keptBuffer is the largest copy kept for the next file: a search
	// index shard or a large page is not held for the rest of the build.
	keptBuffer = 256 << 10
)

// startWriters starts the goroutines that make d's files with write.
func startWriters(write func(name string, data []byte) error) *writers {
	w := &writers{queue: make(chan writeJob, writeQueue)}
	for range writeWorkers {
		go func() {
			for job := range w.queue {
				if !w.stopped() {
					if err := write(job.name, *job.data); err != nil {
						w.fail(err)
					}
				}
				if cap(*job.data) <= keptBuffer {
					w.bufs.Put(job.data)
				}
				w.pending.Done()
			}
		}()
	}
	return w
}

// add queues a copy of data to be written as name; it returns the error of
// a write that failed already, so that the build stops at once.
func (w *writers) add(name string, data []byte) error {
	if err := w.failed(); err != nil {
		return err
	}
	buf, _ := w.bufs.Get().(*[]byte)
	if buf == nil {
		buf = new([]byte)
	}
	*buf = append((*buf)[:0], data...)
	w.pending.Add(1)
	w.queue <- writeJob{name: name, data: buf}
	return nil
}

// wait waits until every queued file is made and returns the first error.
func (w *writers) wait() error {
	w.pending.Wait()
	return w.failed()
}

// end drops the files still queued (when abort is set), waits for the
// files being made and stops the goroutines. No add may follow.
func (w *writers) end(abort bool) error {
	if w == nil { // NewDir failed before starting them
		return nil
	}
	if abort {
		w.mu.Lock()
		w.stop = true
		w.mu.Unlock()
	}
	err := w.wait()
	close(w.queue)
	return err
}

func (w *writers) fail(err error) {
	w.mu.Lock()
	if w.err == nil {
		w.err = err
	}
	w.mu.Unlock()
}

func (w *writers) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *writers) stopped() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stop || w.err != nil
}
