package output

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func readAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			got[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	return got
}

func build(t *testing.T, dest, text string) {
	t.Helper()
	d, err := NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("a/index.html", []byte(text)); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestCommitReplacesAndMarks(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build(t, dest, "one")
	build(t, dest, "two")
	got := readAll(t, dest)
	if got["a/index.html"] != "two" || got[MarkerFile] == "" || len(got) != 2 {
		t.Fatalf("dest holds %v", got)
	}
	if !Ours(dest) {
		t.Fatal("a build's folder is not recognised as wrapup's")
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		t.Fatalf("beside dest: %v", entries)
	}
}

// TestTwoRenameRecovery: where there is no atomic exchange, a build killed
// between its two renames leaves dest missing and the old output moved
// aside; the next NewDir puts it back before anything else.
func TestTwoRenameRecovery(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	build(t, dest, "old")
	aside := filepath.Join(filepath.Dir(dest), tempPrefix(dest)+"123"+oldSuffix)
	if err := os.Rename(dest, aside); err != nil {
		t.Fatal(err)
	}
	unfinished := filepath.Join(filepath.Dir(dest), tempPrefix(dest)+"456")
	os.MkdirAll(filepath.Join(unfinished, "half"), 0o755)
	d, err := NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, dest)["a/index.html"]; got != "old" {
		t.Fatalf("the previous output was not put back: %q", got)
	}
	if _, err := os.Stat(unfinished); !os.IsNotExist(err) {
		t.Fatal("the unfinished folder was kept")
	}
	d.WriteFile("a/index.html", []byte("new"))
	if err := d.twoRenames(); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, dest)["a/index.html"]; got != "new" {
		t.Fatalf("after the fallback swap: %q", got)
	}
}

// TestRunningBuildsKeepTheirFolders: cleanup skips the folder of a build
// still running (it holds a lock on it).
func TestRunningBuildsKeepTheirFolders(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	a, err := NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewDir(dest) // cleans leftovers: must not take a's folder
	if err != nil {
		t.Fatal(err)
	}
	if err := a.WriteFile("x.html", []byte("a")); err != nil {
		t.Fatal("a's folder was removed:", err)
	}
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	b.Abort()
	if err := b.WriteFile("y.html", []byte("b")); err != ErrAborted {
		t.Fatalf("write after Abort: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestForeignFoldersAreKept: a folder wrapup did not write, replaced by a
// forced build, is moved beside dest, never deleted, even when the build
// was killed after the swap and the next build finds it among the leftovers.
func TestForeignFoldersAreKept(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "www")
	os.MkdirAll(dest, 0o755)
	os.WriteFile(filepath.Join(dest, "mine.txt"), []byte("mine"), 0o644)
	d, err := NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if d.Kept == "" || readAll(t, d.Kept)["mine.txt"] != "mine" {
		t.Fatalf("kept %q", d.Kept)
	}
	// Killed after the swap: the foreign folder sits in a build folder's name.
	aside := filepath.Join(filepath.Dir(dest), tempPrefix(dest)+"789")
	os.MkdirAll(aside, 0o755)
	os.WriteFile(filepath.Join(aside, "other.txt"), []byte("other"), 0o644)
	if err := CleanLeftovers(dest); err != nil {
		t.Fatal(err)
	}
	kept, _ := filepath.Glob(dest + ".replaced-*")
	found := false
	for _, k := range kept {
		if readAll(t, k)["other.txt"] == "other" {
			found = true
		}
	}
	if !found {
		t.Fatalf("the foreign leftover was deleted (kept: %v)", kept)
	}
}

// TestStreamWritesWholeFiles: a file streamed into a Dir (written in many
// pieces, larger than the writer's buffer) lands whole in the committed
// output, beside a file given at once; into a Memory it is stored as
// WriteFile would; a failing writer's error comes back.
func TestStreamWritesWholeFiles(t *testing.T) {
	want := strings.Repeat("0123456789abcdef", 20000) // 320 KB
	write := func(w io.Writer) error {
		for i := 0; i < len(want); i += 1000 {
			if _, err := io.WriteString(w, want[i:min(i+1000, len(want))]); err != nil {
				return err
			}
		}
		return nil
	}
	dest := filepath.Join(t.TempDir(), "public")
	d, err := NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := Stream(d, "data/big.json", write); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("data/small.txt", []byte("small")); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	got := readAll(t, dest)
	if got["data/big.json"] != want || got["data/small.txt"] != "small" {
		t.Fatalf("streamed file is %d bytes (want %d), small file %q", len(got["data/big.json"]), len(want), got["data/small.txt"])
	}

	mem := NewMemory()
	if err := Stream(mem, "data/big.json", write); err != nil {
		t.Fatal(err)
	}
	if data, _ := mem.Get("data/big.json"); string(data) != want {
		t.Fatalf("memory holds %d bytes, want %d", len(data), len(want))
	}

	d, err = NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := Stream(d, "data/bad.json", func(w io.Writer) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("Stream returned %v, want the writer's error", err)
	}
	if err := d.Abort(); err != nil { // would hang if the failed stream kept the folder locked
		t.Fatal(err)
	}
	if err := Stream(d, "data/late.json", write); !errors.Is(err, ErrAborted) {
		t.Fatalf("Stream after Abort returned %v, want ErrAborted", err)
	}
}

// TestDeepTreesReplaceWhole: a build writing many files into nested folders
// from several goroutines (one mkdir per new folder, files written by plain
// system calls) gets every file as written, and the next build's Commit
// removes all of the previous tree, leaving nothing beside dest.
func TestDeepTreesReplaceWhole(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	files := func(gen string) map[string]string {
		m := map[string]string{}
		for i := range 60 {
			m[fmt.Sprintf("windows/w%02d/index.html", i)] = gen + " page " + fmt.Sprint(i)
			m[fmt.Sprintf("windows/w%02d/run/index.html", i)] = gen + " run"
			m[fmt.Sprintf("tags/t%d/page/%d/index.html", i%7, i)] = gen + " tag"
		}
		m["index.html"] = gen + " home"
		m["data/windows.json"] = strings.Repeat(gen, 100000) // larger than one write may take
		return m
	}
	for _, gen := range []string{"first", "second"} {
		d, err := NewDir(dest)
		if err != nil {
			t.Fatal(err)
		}
		want := files(gen)
		names := make([]string, 0, len(want))
		for n := range want {
			names = append(names, n)
		}
		var wg sync.WaitGroup
		errs := make(chan error, len(names))
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < len(names); i += 4 {
					errs <- d.WriteFile(names[i], []byte(want[names[i]]))
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		got := readAll(t, dest)
		delete(got, MarkerFile)
		if len(got) != len(want) {
			t.Fatalf("%s build: %d files in dest, want %d", gen, len(got), len(want))
		}
		for n, text := range want {
			if got[n] != text {
				t.Fatalf("%s build: %s holds %.40q, want %.40q", gen, n, got[n], text)
			}
		}
		if entries, _ := os.ReadDir(filepath.Dir(dest)); len(entries) != 1 {
			t.Fatalf("after the %s build, beside dest: %v", gen, entries)
		}
	}
}
