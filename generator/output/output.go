// Package output is where a build's files go: into memory (the dev server,
// tests) or into a folder that replaces the previous output only when the whole
// build has succeeded.
package output

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/wrapup/wrapup/internal/par"
)

// Sink receives the files of a build. Name is slash-separated and relative to
// the output root ("windows/x/index.html"). Implementations are safe for
// concurrent use: pages are rendered in parallel. WriteFile does not keep
// data after it returns, so callers may reuse the buffer for the next file.
type Sink interface {
	WriteFile(name string, data []byte) error
}

// Streamer is a Sink that can also take a file while it is being made,
// without the whole file in memory: data/windows.json is 50 MB at 10k
// windows, and made as one byte slice it was three times that in buffers
// at the build's busiest moment. Create's writer must be closed.
type Streamer interface {
	Sink
	Create(name string) (io.WriteCloser, error)
}

// Stream writes the file name to sink through write: straight into the
// file when sink is a Streamer, else into memory and then WriteFile.
func Stream(sink Sink, name string, write func(io.Writer) error) error {
	if s, ok := sink.(Streamer); ok {
		f, err := s.Create(name)
		if err != nil {
			return err
		}
		if err := write(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	return sink.WriteFile(name, buf.Bytes())
}

// Memory is a Sink that keeps every file in memory.
type Memory struct {
	mu    sync.RWMutex
	files map[string][]byte
}

// NewMemory returns an empty in-memory sink.
func NewMemory() *Memory { return &Memory{files: map[string][]byte{}} }

// WriteFile stores a copy of data under name.
func (m *Memory) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	data = bytes.Clone(data) // the caller reuses its buffer (see Sink)
	m.mu.Lock()
	m.files[name] = data
	m.mu.Unlock()
	return nil
}

// Get returns the file stored under name.
func (m *Memory) Get(name string) ([]byte, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	data, ok := m.files[name]
	return data, ok
}

// Names lists the stored files, sorted.
func (m *Memory) Names() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	names := make([]string, 0, len(m.files))
	for n := range m.files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Files returns the stored files (the map must not be modified).
func (m *Memory) Files() map[string][]byte {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.files
}

// MarkerFile is written into the root of every output folder. It is how a
// later build knows the folder is wrapup's to replace: a folder without it
// (and that does not look like an older wrapup build) is the author's, and
// a build refuses to replace it unless told to (see CheckDest).
const MarkerFile = ".wrapup-output"

const markerText = "This folder is written by wrapup build and replaced whole by every build.\n" +
	"Keep no files of your own here: the next build deletes them.\n"

// ErrAborted is returned by a Dir's methods once it has been aborted.
var ErrAborted = errors.New("output: the build was stopped")

// Dir is a Sink that writes into a new folder beside the destination and, on
// Commit, swaps it in place of the destination. Until then the destination is
// untouched, so a failed or killed build leaves the previous output exactly
// as it was; on Linux the swap itself is one renameat2(RENAME_EXCHANGE), so
// at every instant the destination holds the old output or the new one.
// The folders a killed build leaves beside the destination (they all start
// with "."+base+".new-") are removed by the next NewDir.
type Dir struct {
	// Kept is set by Commit when the folder it replaced was not wrapup's
	// (a forced build): where its files were moved instead of deleted.
	Kept string

	dest, tmp string
	lock      *os.File // held on tmp while it is being written: see inUse
	// reuse links the previous output's unchanged files instead of
	// writing them (see reuse_linux.go); nil when there is none.
	reuse *reuse

	// rw orders Abort after the writes in flight: a write that raced with
	// Abort's removal would create the folder again and leave it behind.
	rw   sync.RWMutex
	done bool // committed or aborted
	// made holds the folders (OS paths) already created in tmp: a 10k-window
	// site writes 34k files into 20k folders, and an MkdirAll per file
	// (a stat of every parent) was a large share of the build's system time.
	made sync.Map
}

// tempPrefix is how the names of dest's build folders start.
func tempPrefix(dest string) string { return "." + filepath.Base(dest) + ".new-" }

// NewDir prepares a build of the folder dest. It first removes what killed
// builds of dest left beside it.
func NewDir(dest string) (*Dir, error) {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	if err := CleanLeftovers(dest); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, tempPrefix(dest))
	if err != nil {
		return nil, err
	}
	d := &Dir{dest: dest, tmp: tmp}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	if d.lock, err = lockFolder(tmp); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(tmp, MarkerFile), []byte(markerText), 0o644); err != nil {
		d.Abort()
		return nil, err
	}
	d.reuse = newReuse(dest, tmp)
	return d, nil
}

// CleanLeftovers removes the build folders that killed builds of dest left
// beside it; folders of builds still running are left alone. When a build
// was killed between the two renames of a system without an atomic
// exchange, dest is missing and its previous output is among the leftovers:
// that one is put back.
func CleanLeftovers(dest string) error {
	dest = filepath.Clean(dest)
	parent, prefix := filepath.Dir(dest), tempPrefix(dest)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return err
	}
	_, destErr := os.Lstat(dest)
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		p := filepath.Join(parent, e.Name())
		if inUse(p) {
			continue
		}
		if errors.Is(destErr, fs.ErrNotExist) && strings.HasSuffix(e.Name(), oldSuffix) {
			if err := os.Rename(p, dest); err == nil {
				destErr = nil
				continue
			}
		}
		// Every build folder starts with the marker; one without it is a
		// folder a forced build replaced, moved aside before a kill.
		if entries, err := os.ReadDir(p); err == nil && len(entries) > 0 && !Ours(p) {
			os.Rename(p, KeptName(dest))
			continue
		}
		if err := removeOutput(p); err != nil {
			return fmt.Errorf("removing %s, left by an earlier build that was stopped: %w", p, err)
		}
	}
	return nil
}

// WriteFile writes data to name inside the new folder.
func (d *Dir) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	d.rw.RLock()
	defer d.rw.RUnlock()
	if d.done {
		return ErrAborted
	}
	p, err := d.path(name)
	if err != nil {
		return err
	}
	if d.reuse.linkSame(name, p, data) {
		return nil
	}
	return writeNew(p, data)
}

// path is name's OS path inside the new folder, whose parent folders it
// makes. The caller holds d.rw.
func (d *Dir) path(name string) (string, error) {
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	if err := d.mkdir(filepath.Dir(p)); err != nil {
		return "", err
	}
	return p, nil
}

// mkdir makes the folder dir inside the new folder, and its parents: one
// mkdir when its parent was made already (the usual case: a window's folder
// in windows/), MkdirAll's stat of every parent otherwise.
func (d *Dir) mkdir(dir string) error {
	if dir == d.tmp {
		return nil
	}
	if _, ok := d.made.Load(dir); ok {
		return nil
	}
	parent := filepath.Dir(dir)
	_, parentMade := d.made.Load(parent)
	if parent == d.tmp || parentMade {
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for p := dir; p != d.tmp && len(p) > len(d.tmp); p = filepath.Dir(p) {
		if _, loaded := d.made.LoadOrStore(p, true); loaded {
			break
		}
	}
	return nil
}

// Create opens name inside the new folder for writing (see Streamer). Abort
// and Commit wait until the writer is closed.
func (d *Dir) Create(name string) (io.WriteCloser, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	d.rw.RLock()
	if d.done {
		d.rw.RUnlock()
		return nil, ErrAborted
	}
	p, err := d.path(name)
	if err != nil {
		d.rw.RUnlock()
		return nil, err
	}
	f, err := d.reuse.create(name, p)
	if err != nil {
		d.rw.RUnlock()
		return nil, err
	}
	return &dirFile{f: f, w: bufio.NewWriterSize(f, 64<<10), release: d.rw.RUnlock}, nil
}

// createNew creates the file p for writing. It never opens a file that is
// there already: in a folder that links the previous output's files, that
// may be one of them (a name written twice), and writing into it would
// change the previous output. Such a file is removed first.
func createNew(p string) (*os.File, error) {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		if info, lerr := os.Lstat(p); lerr == nil && !info.IsDir() {
			if err := os.Remove(p); err != nil {
				return nil, err
			}
		}
		f, err = os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	}
	return f, err
}

// dirFile is a file of a Dir being written; Close flushes it and lets
// Abort and Commit go on.
type dirFile struct {
	f       io.WriteCloser // the file, or the comparison with the old one (reuse.create)
	w       *bufio.Writer
	release func()
	closed  bool
}

func (f *dirFile) Write(p []byte) (int, error) { return f.w.Write(p) }

func (f *dirFile) Close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	defer f.release()
	err := f.w.Flush()
	if cerr := f.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// oldSuffix ends the name of the previous output moved aside by the
// two-rename swap (systems without an atomic exchange).
const oldSuffix = ".old"

// Commit replaces the destination with the new folder.
func (d *Dir) Commit() error {
	d.rw.Lock()
	defer d.rw.Unlock()
	if d.done {
		return ErrAborted
	}
	d.done = true
	defer d.unlock()
	d.reuse.close() // before the swap: the old output is no longer read
	d.reuse = nil
	err := exchange(d.tmp, d.dest)
	switch {
	case err == nil:
		// d.tmp now holds the previous output. Removing it may fail or be
		// killed half way: the next build finishes the job.
		d.Kept = discard(d.tmp, d.dest)
		return nil
	case errors.Is(err, fs.ErrNotExist):
		// Nothing at dest yet: a plain rename makes it appear whole.
		if err := os.Rename(d.tmp, d.dest); err != nil {
			os.RemoveAll(d.tmp)
			return fmt.Errorf("moving the new output in place: %w", err)
		}
		return nil
	case errors.Is(err, errNoExchange):
		return d.twoRenames()
	default:
		os.RemoveAll(d.tmp)
		return fmt.Errorf("swapping in the new output: %w", err)
	}
}

// twoRenames swaps the folders where the system has no atomic exchange: a
// kill between the renames leaves dest missing for an instant, and the next
// NewDir puts the previous output back (see CleanLeftovers).
func (d *Dir) twoRenames() error {
	old := d.tmp + oldSuffix
	if err := os.Rename(d.dest, old); errors.Is(err, fs.ErrNotExist) {
		old = ""
	} else if err != nil {
		os.RemoveAll(d.tmp)
		return fmt.Errorf("moving the previous output aside: %w", err)
	}
	if err := os.Rename(d.tmp, d.dest); err != nil {
		if old != "" {
			os.Rename(old, d.dest) // put the previous output back
		}
		os.RemoveAll(d.tmp)
		return fmt.Errorf("swapping in the new output: %w", err)
	}
	if old != "" {
		d.Kept = discard(old, d.dest)
	}
	return nil
}

// discard removes dir, the output that dest held before, when wrapup wrote
// it. A folder wrapup did not write (replaced with --force) is not deleted
// but kept beside dest as <dest>.replaced-<time>: no file that is not build
// output is ever deleted. It returns where such a folder went.
func discard(dir, dest string) string {
	if Ours(dir) {
		removeOutput(dir)
		return ""
	}
	kept := KeptName(dest)
	if err := os.Rename(dir, kept); err != nil {
		return dir // left where it is: the next build moves it
	}
	return kept
}

// removeOutput deletes a build's folder with its marker last, so that a
// removal killed half way still leaves a folder marked as wrapup's, which
// the next build deletes (see CleanLeftovers), not one it must keep.
func removeOutput(dir string) error { return removeOutputOn(dir, removeWorkers) }

// removeOutputOn is removeOutput on workers goroutines.
func removeOutputOn(dir string, workers int) error {
	marker := filepath.Join(dir, MarkerFile)
	if _, err := os.Lstat(marker); err != nil { // a build from before the marker
		if err := os.WriteFile(marker, []byte(markerText), 0o644); err != nil {
			return os.RemoveAll(dir)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	// The second level is removed on removeWorkers goroutines (windows/
	// holds a folder per window), then the first, then the marker.
	var top, second []string
	for _, e := range entries {
		if e.Name() == MarkerFile {
			continue
		}
		p := filepath.Join(dir, e.Name())
		top = append(top, p)
		if e.IsDir() {
			if names, err := readNames(p); err == nil {
				for _, n := range names {
					second = append(second, filepath.Join(p, n))
				}
			}
		}
	}
	for _, level := range [][]string{second, top} {
		err := par.Each(context.Background(), len(level), workers, func(_ context.Context, i int) error {
			return os.RemoveAll(level[i])
		})
		if err != nil {
			return err
		}
	}
	return os.RemoveAll(dir)
}

// removeWorkers is how many goroutines remove a previous output. Removal
// waits on the file system more than on a core: more goroutines than cores
// help (see docs/benchmarks.md, Session 5).
const removeWorkers = 16

// readNames lists the names in the folder dir, unsorted.
func readNames(dir string) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Readdirnames(-1)
}

// KeptName is where a folder wrapup did not write goes when a forced build
// replaces it.
func KeptName(dest string) string {
	return filepath.Clean(dest) + ".replaced-" + time.Now().UTC().Format("20060102-150405.000000000")
}

// Abort removes the new folder; the destination stays as it was. Writes
// after it fail with ErrAborted. It is safe to call from another goroutine
// (a signal handler) while files are written, and does nothing once Commit
// has begun.
func (d *Dir) Abort() error {
	d.rw.Lock()
	defer d.rw.Unlock()
	if d.done {
		return nil
	}
	d.done = true
	defer d.unlock()
	d.reuse.close()
	d.reuse = nil
	return os.RemoveAll(d.tmp)
}

func (d *Dir) unlock() {
	if d.lock != nil {
		d.lock.Close()
		d.lock = nil
	}
}

// checkName refuses names that would escape the output root.
func checkName(name string) error {
	if name == "" || strings.HasPrefix(name, "/") || path.Clean(name) != name || strings.HasPrefix(name, "../") || name == ".." {
		return fmt.Errorf("output: bad file name %q", name)
	}
	return nil
}

// errNoExchange says the system cannot swap two folders in one step.
var errNoExchange = errors.New("no atomic exchange")
