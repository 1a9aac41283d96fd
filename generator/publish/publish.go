// Package publish replaces a served site atomically. The served folder DIR is
// a symbolic link to one release, a complete build in a folder of its own
// under a releases folder beside DIR:
//
//	/srv/www/it/wrapups                  -> .wrapups.releases/20250309-101500.000000000
//	/srv/www/it/.wrapups.releases/
//	    .wrapup-releases                 marker: this folder holds wrapup releases
//	    20250302-091200.000000000/       the previous release (kept for --rollback)
//	    20250309-101500.000000000/       the current release
//
// A publish builds the new release completely, then renames a new link over
// DIR: rename(2) replaces the link in one step, so a web server opening a
// file through DIR gets it from the old release or from the new one, never a
// half-written site. Rollback points DIR back at the previous release the
// same way.
package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/wrapup/wrapup/generator/output"
)

// markerFile marks a releases folder made by wrapup publish.
const markerFile = ".wrapup-releases"

// servedFile, in the releases folder, lists the releases DIR was switched
// to, one name a line, oldest first. Rollback reads it: a release built by a
// publish killed before its switch was never served and is no place to go
// back to, nor is the release a rollback left.
const servedFile = ".wrapup-served"

// DefaultKeep is how many releases a publish keeps by default.
const DefaultKeep = 3

// stampLayout names releases so that names sort in time order.
const stampLayout = "20060102-150405.000000000"

// Target is a served folder and its releases.
type Target struct {
	Dir      string // the path the web server serves: a symlink to the current release
	Releases string // the folder holding the releases
}

// NewTarget returns the target for dir; releases "" means the default,
// .<name>.releases beside dir.
func NewTarget(dir, releases string) Target {
	dir = filepath.Clean(dir)
	if releases == "" {
		releases = filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".releases")
	}
	return Target{Dir: dir, Releases: filepath.Clean(releases)}
}

// errNotPublished says DIR exists but is not a link into the releases folder
// of an earlier publish.
var errNotPublished = errors.New("does not look like an earlier wrapup publish")

// state describes what is at the target now.
type state struct {
	Exists   bool     // DIR exists (as anything)
	Ours     bool     // DIR is a link to a release in our releases folder
	Empty    bool     // DIR is an empty real folder
	Current  string   // name of the current release, when Ours
	Releases []string // release names, oldest first
}

// inspect reads the target's state.
func (t Target) inspect() (state, error) {
	var st state
	var err error
	if st.Releases, err = t.list(); err != nil {
		return st, err
	}
	info, err := os.Lstat(t.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	st.Exists = true
	if info.Mode()&fs.ModeSymlink != 0 {
		dest, err := os.Readlink(t.Dir)
		if err != nil {
			return st, err
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(t.Dir), dest)
		}
		_, markerErr := os.Stat(filepath.Join(t.Releases, markerFile))
		if filepath.Dir(filepath.Clean(dest)) == t.Releases && markerErr == nil {
			st.Ours, st.Current = true, filepath.Base(dest)
		}
		return st, nil
	}
	if info.IsDir() {
		entries, err := os.ReadDir(t.Dir)
		if err != nil {
			return st, err
		}
		st.Empty = len(entries) == 0
	}
	return st, nil
}

// list returns the release names, oldest first ([] when there is no
// releases folder yet).
func (t Target) list() ([]string, error) {
	entries, err := os.ReadDir(t.Releases)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

// Options change a publish.
type Options struct {
	// Force replaces a DIR that is not an earlier publish: a real folder is
	// moved into the releases folder (so --rollback can bring it back), a
	// link elsewhere is replaced.
	Force bool
	// Keep is how many releases to keep (at least 2: the current one and the
	// one --rollback goes back to). 0 means DefaultKeep.
	Keep int
	// Now names the release; zero means the clock.
	Now time.Time
}

// Result says what a publish or rollback did.
type Result struct {
	Release  string   // the release now served
	Previous string   // the release served before ("" when none)
	Removed  []string // old releases deleted
}

// Publish builds a new release with build (which writes every file of the
// site to the sink it is given) and, when build succeeds, makes DIR serve it.
// When build fails nothing at DIR changes and the half-made release is
// removed.
func Publish(t Target, opts Options, build func(output.Sink) error) (*Result, error) {
	st, err := t.inspect()
	if err != nil {
		return nil, err
	}
	if st.Exists && !st.Ours && !st.Empty && !opts.Force {
		return nil, fmt.Errorf("%s %w: it should be a link into %s; publish to a new path, or use --force to replace it (a folder is kept as a release for --rollback)", t.Dir, errNotPublished, t.Releases)
	}
	unlock, err := t.lock()
	if err != nil {
		return nil, err
	}
	defer unlock()

	if err := t.cleanKilled(); err != nil {
		return nil, err
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	name := uniqueName(now.UTC().Format(stampLayout), st.Releases)
	sink, err := output.NewDir(filepath.Join(t.Releases, name))
	if err != nil {
		return nil, err
	}
	if err := build(sink); err != nil {
		sink.Abort()
		return nil, err
	}
	if err := sink.Commit(); err != nil {
		sink.Abort()
		return nil, err
	}
	res := &Result{Release: name, Previous: st.Current}
	if st.Exists && !st.Ours {
		prev, err := t.adopt(st, now)
		if err != nil {
			return nil, err
		}
		res.Previous = prev
		if prev != "" { // it was served, as DIR itself
			if err := t.recordServed(prev); err != nil {
				return nil, err
			}
		}
	}
	if err := t.point(name); err != nil {
		return nil, err
	}
	if err := t.recordServed(name); err != nil {
		return nil, err
	}
	res.Removed, err = t.prune(opts.Keep, name, res.Previous)
	return res, err
}

// cleanKilled removes the half-built releases of publishes that were
// killed (".<name>.new-*" folders: see output.NewDir). The lock is held,
// so no other publish is writing one.
func (t Target) cleanKilled() error {
	entries, err := os.ReadDir(t.Releases)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), ".") && strings.Contains(e.Name(), ".new-") {
			if err := os.RemoveAll(filepath.Join(t.Releases, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// uniqueName makes name unique among existing release names.
func uniqueName(name string, existing []string) string {
	taken := map[string]bool{}
	for _, e := range existing {
		taken[e] = true
	}
	base := name
	for i := 2; taken[name]; i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	return name
}

// adopt clears the way for the first link at DIR, under --force or when DIR
// is an empty folder: a real folder with files becomes a release (returned),
// an empty one or a foreign link is removed. Between this and point, DIR
// briefly does not exist: only on this first, forced publish.
func (t Target) adopt(st state, now time.Time) (string, error) {
	info, err := os.Lstat(t.Dir)
	if err != nil {
		return "", err
	}
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		return "", nil // rename over it in point, atomically
	case st.Empty:
		return "", os.Remove(t.Dir)
	}
	names, err := t.list()
	if err != nil {
		return "", err
	}
	name := uniqueName(now.UTC().Add(-time.Nanosecond).Format(stampLayout)+"-adopted", names)
	if err := os.Rename(t.Dir, filepath.Join(t.Releases, name)); err != nil {
		return "", fmt.Errorf("moving %s into %s: %w", t.Dir, t.Releases, err)
	}
	return name, nil
}

// point makes DIR a link to the release name, replacing what is there in one
// rename.
func (t Target) point(name string) error {
	parent := filepath.Dir(t.Dir)
	rel, err := filepath.Rel(parent, filepath.Join(t.Releases, name))
	if err != nil {
		rel = filepath.Join(t.Releases, name)
	}
	tmp := filepath.Join(parent, fmt.Sprintf(".%s.link-%d", filepath.Base(t.Dir), os.Getpid()))
	os.Remove(tmp) // left over by a crashed run
	if err := os.Symlink(rel, tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, t.Dir); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("switching %s to the new release: %w", t.Dir, err)
	}
	return nil
}

// prune removes the oldest releases beyond keep, never current or previous.
func (t Target) prune(keep int, current, previous string) ([]string, error) {
	if keep == 0 {
		keep = DefaultKeep
	}
	keep = max(keep, 2)
	names, err := t.list()
	if err != nil {
		return nil, err
	}
	var removed []string
	for i := 0; i < len(names)-keep; i++ {
		if names[i] == current || names[i] == previous {
			continue
		}
		if err := os.RemoveAll(filepath.Join(t.Releases, names[i])); err != nil {
			return removed, err
		}
		removed = append(removed, names[i])
	}
	return removed, nil
}

// Rollback makes DIR serve the release before the current one.
func Rollback(t Target) (*Result, error) {
	st, err := t.inspect()
	if err != nil {
		return nil, err
	}
	if !st.Ours {
		return nil, fmt.Errorf("%s %w: there is nothing to roll back", t.Dir, errNotPublished)
	}
	unlock, err := t.lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	prev, err := t.before(st)
	if err != nil {
		return nil, err
	}
	if prev == "" {
		return nil, fmt.Errorf("%s serves %s, the oldest release kept in %s: there is no earlier one to roll back to", t.Dir, st.Current, t.Releases)
	}
	if err := t.point(prev); err != nil {
		return nil, err
	}
	if err := t.recordServed(prev); err != nil {
		return nil, err
	}
	return &Result{Release: prev, Previous: st.Current}, nil
}

// before returns the release to roll back to: the newest release older
// than the current one that DIR served before the current one, by the
// served log, so that a release built by a publish killed before its switch
// is skipped. Releases from before the log was kept are taken by name.
func (t Target) before(st state) (string, error) {
	exists := map[string]bool{}
	for _, n := range st.Releases {
		exists[n] = true
	}
	log, err := t.served()
	if err != nil {
		return "", err
	}
	last := -1
	for i, n := range log {
		if n == st.Current {
			last = i
		}
	}
	for i := last - 1; i >= 0; i-- {
		if log[i] < st.Current && exists[log[i]] {
			return log[i], nil
		}
	}
	limit := st.Current
	if last >= 0 && log[0] < limit {
		limit = log[0]
	}
	prev := ""
	for _, n := range st.Releases {
		if n < limit {
			prev = n
		}
	}
	return prev, nil
}

// served reads the served log (nil when there is none).
func (t Target) served() ([]string, error) {
	data, err := os.ReadFile(filepath.Join(t.Releases, servedFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return strings.Fields(string(data)), nil
}

// recordServed appends name to the served log. It is written after the
// switch: a kill in between loses one line, and rollback then falls back to
// the order of names for that release.
func (t Target) recordServed(name string) error {
	f, err := os.OpenFile(filepath.Join(t.Releases, servedFile), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(f, name)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// lock creates the releases folder and its marker, and holds a lock on the
// marker so that two publishes to one target do not interleave.
func (t Target) lock() (func(), error) {
	if err := os.MkdirAll(t.Releases, 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(t.Releases, markerFile), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := lockFile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("another publish to %s is running: %w", t.Dir, err)
	}
	if info, err := f.Stat(); err == nil && info.Size() == 0 {
		fmt.Fprintf(f, "Releases of %s, written by wrapup publish. %s links to one of them.\n", t.Dir, filepath.Base(t.Dir))
	}
	return func() {
		unlockFile(f)
		f.Close()
	}, nil
}
