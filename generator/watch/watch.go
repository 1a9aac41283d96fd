// Package watch tells the dev server which files of a site folder changed.
// It watches the folder and every folder under it with fsnotify, including
// folders created later, and turns bursts of events (an editor's atomic save
// writes a temporary file, renames it over the original and changes its mode)
// into one batch of changed paths. Where events do not arrive (network
// shares, some containers, WSL) it polls instead.
package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options change how a Watcher watches.
type Options struct {
	// Poll, when above zero, makes the watcher look at every file this often
	// instead of waiting for events from the operating system.
	Poll time.Duration
	// Quiet is how long a burst of events must be quiet before its batch is
	// sent (default 12ms: editors' save sequences take a millisecond or two).
	Quiet time.Duration
	// MaxDelay bounds how long a long burst is held back (default 200ms).
	MaxDelay time.Duration
	// Ignore reports whether a path (slash-separated, relative to the root)
	// is left out, with everything under it. Default: IgnoreDefault.
	Ignore func(rel string) bool
}

// IgnoreDefault leaves out version control folders, node_modules and the
// build output (public/ at the root): none of them is a source of the site,
// and a build writing public/ must not trigger another.
func IgnoreDefault(rel string) bool {
	if rel == "public" || strings.HasPrefix(rel, "public/") {
		return true
	}
	for _, part := range strings.Split(rel, "/") {
		switch part {
		case ".git", ".hg", ".svn", "node_modules":
			return true
		}
	}
	return false
}

// Rescan is the batch entry that stands for "anything may have changed":
// the operating system dropped events.
const Rescan = "."

// Watcher reports batches of changed paths.
type Watcher struct {
	// Changes receives each batch: sorted, slash-separated paths relative
	// to the root, of files and folders created, written, removed, renamed
	// or changed in mode. A folder in a batch stands for everything under it.
	Changes <-chan []string
	// Errors receives problems that do not stop the watcher.
	Errors <-chan error

	root    string
	opts    Options
	changes chan []string
	errs    chan error
	events  chan string
	fsw     *fsnotify.Watcher
	done    chan struct{}
	wg      sync.WaitGroup
	once    sync.Once
}

// New starts watching the folder root.
func New(root string, opts Options) (*Watcher, error) {
	if opts.Quiet <= 0 {
		opts.Quiet = 12 * time.Millisecond
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = 200 * time.Millisecond
	}
	if opts.Ignore == nil {
		opts.Ignore = IgnoreDefault
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if info, err := os.Stat(abs); err != nil {
		return nil, err
	} else if !info.IsDir() {
		return nil, errors.New(root + " is not a folder")
	}
	w := &Watcher{root: abs, opts: opts, changes: make(chan []string), errs: make(chan error, 16),
		events: make(chan string, 256), done: make(chan struct{})}
	w.Changes, w.Errors = w.changes, w.errs
	if opts.Poll > 0 {
		snap := w.snapshot()
		w.wg.Add(1)
		go w.poll(snap)
	} else {
		fsw, err := fsnotify.NewBufferedWatcher(1024)
		if err != nil {
			return nil, err
		}
		w.fsw = fsw
		if err := w.addTree(abs); err != nil {
			fsw.Close()
			return nil, err
		}
		w.wg.Add(1)
		go w.notify()
	}
	w.wg.Add(1)
	go w.batch()
	return w, nil
}

// Close stops the watcher; Changes is closed.
func (w *Watcher) Close() error {
	var err error
	w.once.Do(func() {
		close(w.done)
		if w.fsw != nil {
			err = w.fsw.Close()
		}
		w.wg.Wait()
	})
	return err
}

func (w *Watcher) rel(abs string) (string, bool) {
	r, err := filepath.Rel(w.root, abs)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

func (w *Watcher) report(err error) {
	select {
	case w.errs <- err:
	default: // nobody is reading errors: drop rather than block
	}
}

// addTree watches dir and every folder under it that is not ignored.
func (w *Watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // a folder removed while walking
		}
		if !d.IsDir() {
			return nil
		}
		if r, ok := w.rel(p); ok && r != "." && w.opts.Ignore(r) {
			return filepath.SkipDir
		}
		if err := w.fsw.Add(p); err != nil && p == dir {
			return err
		}
		return nil
	})
}

// notify turns fsnotify events into paths for the batcher.
func (w *Watcher) notify() {
	defer w.wg.Done()
	for {
		select {
		case <-w.done:
			return
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.send(Rescan)
				continue
			}
			w.report(err)
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			r, ok := w.rel(ev.Name)
			if !ok || w.opts.Ignore(r) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
					// A new folder (made, moved in or unpacked): watch it and
					// everything in it. Files written into it before the watch
					// was added send no events; the folder's path stands for them.
					if err := w.addTree(ev.Name); err != nil {
						w.report(err)
					}
				}
			}
			if ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove) {
				// A folder moved away keeps its watch under the old name in
				// fsnotify; drop it (its new name arrives as a Create).
				_ = w.fsw.Remove(ev.Name)
			}
			w.send(r)
		}
	}
}

func (w *Watcher) send(rel string) {
	select {
	case w.events <- rel:
	case <-w.done:
	}
}

// batch collects paths into batches: a batch is sent when no event came for
// Quiet, or MaxDelay after its first event. While a batch waits for the
// reader, new events go into the next one.
func (w *Watcher) batch() {
	defer w.wg.Done()
	defer close(w.changes)
	pending := map[string]bool{}
	var ready []string // a batch waiting for the reader
	var quiet, deadline <-chan time.Time
	var quietTimer *time.Timer
	for {
		var out chan []string
		if ready != nil {
			out = w.changes
		}
		select {
		case <-w.done:
			return
		case rel := <-w.events:
			if len(pending) == 0 {
				deadline = time.After(w.opts.MaxDelay)
			}
			pending[rel] = true
			if quietTimer == nil {
				quietTimer = time.NewTimer(w.opts.Quiet)
			} else {
				quietTimer.Reset(w.opts.Quiet)
			}
			quiet = quietTimer.C
		case <-quiet:
			quiet, deadline = nil, nil
			ready = merge(ready, pending)
			pending = map[string]bool{}
		case <-deadline:
			quiet, deadline = nil, nil
			ready = merge(ready, pending)
			pending = map[string]bool{}
		case out <- ready:
			ready = nil
		}
	}
}

func merge(batch []string, set map[string]bool) []string {
	for _, p := range batch {
		set[p] = true
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

type fileState struct {
	size  int64
	mod   time.Time
	mode  fs.FileMode
	isDir bool
}

// snapshot records the size, time and mode of every file and folder.
func (w *Watcher) snapshot() map[string]fileState {
	snap := map[string]fileState{}
	filepath.WalkDir(w.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		r, ok := w.rel(p)
		if !ok || r == "." {
			return nil
		}
		if w.opts.Ignore(r) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		snap[r] = fileState{info.Size(), info.ModTime(), info.Mode(), d.IsDir()}
		return nil
	})
	return snap
}

// poll compares snapshots every Poll. A file is changed when its size, time
// or mode changed, and new or gone when it appears in only one snapshot.
func (w *Watcher) poll(prev map[string]fileState) {
	defer w.wg.Done()
	t := time.NewTicker(w.opts.Poll)
	defer t.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-t.C:
		}
		cur := w.snapshot()
		for p, s := range cur {
			old, ok := prev[p]
			if !ok || (!s.isDir && (old.size != s.size || !old.mod.Equal(s.mod) || old.mode != s.mode)) || old.isDir != s.isDir {
				w.send(p)
			}
		}
		for p := range prev {
			if _, ok := cur[p]; !ok {
				w.send(p)
			}
		}
		prev = cur
	}
}
