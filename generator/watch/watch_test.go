package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func start(t *testing.T, dir string, opts Options) *Watcher {
	t.Helper()
	w, err := New(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// next waits for the next batch.
func next(t *testing.T, w *Watcher) []string {
	t.Helper()
	select {
	case b := <-w.Changes:
		return b
	case <-time.After(5 * time.Second):
		t.Fatal("no batch of changes within 5s")
		return nil
	}
}

// nothing checks that no batch arrives for a while.
func nothing(t *testing.T, w *Watcher, d time.Duration) {
	t.Helper()
	select {
	case b := <-w.Changes:
		t.Fatalf("unexpected batch %v", b)
	case <-time.After(d):
	}
}

// waitFor reads batches until one holds every path in want, and fails if
// that takes more than limit batches.
func waitFor(t *testing.T, w *Watcher, limit int, want ...string) []string {
	t.Helper()
	var seen []string
	for range limit {
		seen = append(seen, next(t, w)...)
		ok := true
		for _, p := range want {
			if !slices.Contains(seen, p) {
				ok = false
			}
		}
		if ok {
			return seen
		}
	}
	t.Fatalf("after %d batches, saw %v; want all of %v", limit, seen, want)
	return nil
}

func TestBurstBecomesOneBatch(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "content/windows/a.md"), "a")
	// Generous bounds: under -race on a busy machine 30 writes take a while.
	w := start(t, dir, Options{Quiet: 150 * time.Millisecond, MaxDelay: 5 * time.Second})
	var want []string
	for i := range 30 {
		p := fmt.Sprintf("content/windows/w%02d.md", i)
		write(t, filepath.Join(dir, p), "x")
		want = append(want, p)
	}
	got := next(t, w)
	for _, p := range want {
		if !slices.Contains(got, p) {
			t.Errorf("batch %v lacks %s", got, p)
		}
	}
	nothing(t, w, 200*time.Millisecond)
}

// TestAtomicSaves replays what editors do on save: one batch names the file.
func TestAtomicSaves(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "content/windows/x.md")
	write(t, target, "old")
	w := start(t, dir, Options{Quiet: 40 * time.Millisecond})

	// VS Code and most tools: write a temporary file, rename it over.
	tmp := filepath.Join(dir, "content/windows/.x.md.tmp123")
	write(t, tmp, "new 1")
	if err := os.Rename(tmp, target); err != nil {
		t.Fatal(err)
	}
	waitFor(t, w, 2, "content/windows/x.md")
	nothing(t, w, 150*time.Millisecond)

	// vim (backupcopy=no): test file 4913, rename the original to x.md~,
	// write a new x.md, set its mode, remove the backup.
	write(t, filepath.Join(dir, "content/windows/4913"), "")
	os.Remove(filepath.Join(dir, "content/windows/4913"))
	if err := os.Rename(target, target+"~"); err != nil {
		t.Fatal(err)
	}
	write(t, target, "new 2")
	os.Chmod(target, 0o600)
	os.Remove(target + "~")
	waitFor(t, w, 2, "content/windows/x.md")
	nothing(t, w, 150*time.Millisecond)
}

func TestNewFoldersAreWatched(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "content/windows/a.md"), "a")
	w := start(t, dir, Options{})
	// A folder made with a file in it at once: the folder stands for it.
	write(t, filepath.Join(dir, "content/windows/2031/deep/b.md"), "b")
	waitFor(t, w, 5, "content/windows/2031")
	time.Sleep(50 * time.Millisecond)
	// Later writes inside the new folder arrive on their own.
	write(t, filepath.Join(dir, "content/windows/2031/deep/c.md"), "c")
	waitFor(t, w, 5, "content/windows/2031/deep/c.md")
	// A folder moved in from elsewhere is watched too.
	outside := t.TempDir()
	write(t, filepath.Join(outside, "moved/d.md"), "d")
	if err := os.Rename(filepath.Join(outside, "moved"), filepath.Join(dir, "content/windows/moved")); err != nil {
		t.Skip("cannot move across file systems here:", err)
	}
	waitFor(t, w, 5, "content/windows/moved")
	time.Sleep(50 * time.Millisecond)
	write(t, filepath.Join(dir, "content/windows/moved/e.md"), "e")
	waitFor(t, w, 5, "content/windows/moved/e.md")
}

func TestIgnoredFolders(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "public/index.html"), "x")
	write(t, filepath.Join(dir, ".git/HEAD"), "x")
	w := start(t, dir, Options{})
	write(t, filepath.Join(dir, "public/index.html"), "y")
	write(t, filepath.Join(dir, ".git/HEAD"), "y")
	write(t, filepath.Join(dir, "public/new/page.html"), "y")
	nothing(t, w, 150*time.Millisecond)
	write(t, filepath.Join(dir, "wrapup.yaml"), "title: x")
	if got := next(t, w); !slices.Equal(got, []string{"wrapup.yaml"}) {
		t.Errorf("got %v, want [wrapup.yaml]", got)
	}
}

func TestPolling(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "content/windows/a.md"), "a")
	write(t, filepath.Join(dir, "content/windows/b.md"), "b")
	w := start(t, dir, Options{Poll: 20 * time.Millisecond})
	nothing(t, w, 100*time.Millisecond)

	write(t, filepath.Join(dir, "content/windows/a.md"), "a, longer")
	waitFor(t, w, 3, "content/windows/a.md")

	write(t, filepath.Join(dir, "content/windows/2030/c.md"), "c")
	waitFor(t, w, 3, "content/windows/2030", "content/windows/2030/c.md")

	os.Remove(filepath.Join(dir, "content/windows/b.md"))
	waitFor(t, w, 3, "content/windows/b.md")

	// Same size, new time: an edit that changes one letter (written aside
	// and renamed over, so that one poll sees the whole change).
	later := time.Now().Add(time.Minute)
	tmp := filepath.Join(t.TempDir(), "a.tmp") // outside the watched folder
	write(t, tmp, "A, longer")
	os.Chtimes(tmp, later, later)
	os.Rename(tmp, filepath.Join(dir, "content/windows/a.md"))
	waitFor(t, w, 3, "content/windows/a.md")
	nothing(t, w, 100*time.Millisecond)
}

func TestCloseEndsChanges(t *testing.T) {
	for _, opts := range []Options{{}, {Poll: 10 * time.Millisecond}} {
		w, err := New(t.TempDir(), opts)
		if err != nil {
			t.Fatal(err)
		}
		w.Close()
		select {
		case _, ok := <-w.Changes:
			if ok {
				t.Error("a batch after Close")
			}
		case <-time.After(2 * time.Second):
			t.Error("Changes not closed after Close")
		}
	}
}
