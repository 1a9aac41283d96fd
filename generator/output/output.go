// Package output is where a build's files go: into memory (the dev server,
// tests) or into a folder that replaces the previous output only when the whole
// build has succeeded.
package output

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Sink receives the files of a build. Name is slash-separated and relative to
// the output root ("windows/x/index.html"). Implementations are safe for
// concurrent use: pages are rendered in parallel. WriteFile does not keep
// data after it returns, so callers may reuse the buffer for the next file.
type Sink interface {
	WriteFile(name string, data []byte) error
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

// Dir is a Sink that writes into a new folder beside the destination and, on
// Commit, swaps it in place of the destination. Until then the destination is
// untouched, so a failed build leaves the previous output exactly as it was.
type Dir struct {
	dest, tmp string
	// made holds the folders (OS paths) already created in tmp: a 10k-window
	// site writes 34k files into 20k folders, and an MkdirAll per file
	// (a stat of every parent) was a large share of the build's system time.
	made sync.Map
}

// NewDir prepares a build of the folder dest.
func NewDir(dest string) (*Dir, error) {
	dest = filepath.Clean(dest)
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".new-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Dir{dest: dest, tmp: tmp}, nil
}

// WriteFile writes data to name inside the new folder.
func (d *Dir) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	if dir := filepath.Dir(p); dir != d.tmp {
		if _, ok := d.made.Load(dir); !ok {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			d.made.Store(dir, true)
		}
	}
	return os.WriteFile(p, data, 0o644)
}

// Commit replaces the destination with the new folder.
func (d *Dir) Commit() error {
	old := ""
	if _, err := os.Stat(d.dest); err == nil {
		old = d.tmp + ".old"
		if err := os.Rename(d.dest, old); err != nil {
			return fmt.Errorf("moving the previous output aside: %w", err)
		}
	}
	if err := os.Rename(d.tmp, d.dest); err != nil {
		if old != "" {
			os.Rename(old, d.dest) // put the previous output back
		}
		return fmt.Errorf("swapping in the new output: %w", err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// Abort removes the new folder; the destination stays as it was.
func (d *Dir) Abort() error { return os.RemoveAll(d.tmp) }

// checkName refuses names that would escape the output root.
func checkName(name string) error {
	if name == "" || strings.HasPrefix(name, "/") || path.Clean(name) != name || strings.HasPrefix(name, "../") || name == ".." {
		return fmt.Errorf("output: bad file name %q", name)
	}
	return nil
}
