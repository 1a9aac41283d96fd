//go:build linux

package output

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// fileState is what a test knows of a file: which inode it is, how many
// names it has, its mode, time and bytes.
type fileState struct {
	ino   uint64
	nlink uint64
	mode  os.FileMode
	mtime int64
	data  string
}

// states walks dir (without following links) into name -> state.
func states(t *testing.T, dir string) map[string]fileState {
	t.Helper()
	got := map[string]fileState{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		st := info.Sys().(*syscall.Stat_t)
		s := fileState{ino: st.Ino, nlink: uint64(st.Nlink), mode: info.Mode(), mtime: info.ModTime().UnixNano()}
		if info.Mode().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			s.data = string(data)
		} else if info.Mode()&os.ModeSymlink != 0 {
			s.data, _ = os.Readlink(p)
		}
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = s
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func sameStates(t *testing.T, what string, got, want map[string]fileState) {
	t.Helper()
	for name, w := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("%s: %s is gone", what, name)
		} else if g != w {
			t.Errorf("%s: %s changed: %+v, was %+v", what, name, g, w)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: %s appeared", what, name)
		}
	}
}

// buildFiles builds files into dest: plain ones with WriteFile, those
// whose names end in .json streamed in 1000-byte pieces. Before Commit it
// calls check, when set, with the unfinished Dir.
func buildFiles(t *testing.T, dest string, files map[string]string, check func(*Dir)) {
	t.Helper()
	d, err := NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	if check != nil && d.reuse != nil {
		check(d) // before the writes: hooks
	}
	for name, text := range files {
		if strings.HasSuffix(name, ".json") {
			err = Stream(d, name, func(w io.Writer) error {
				for i := 0; i < len(text); i += 1000 {
					if _, err := io.WriteString(w, text[i:min(i+1000, len(text))]); err != nil {
						return err
					}
				}
				return nil
			})
		} else {
			err = d.WriteFile(name, []byte(text))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestUnchangedFilesAreLinked: a rebuild links the previous output's files
// that it makes again byte for byte (the same inode, the old modification
// time) and writes every other: changed files, files edited or
// re-permissioned by hand in the previous output, files that have another
// name elsewhere, symbolic links and files reached through one. The
// previous output is not changed by the build before the swap, nothing
// outside it ever, and the result equals a build into an empty folder.
func TestUnchangedFilesAreLinked(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	big := strings.Repeat("0123456789abcdef", 20000) // 320 KB: more than one comparison chunk or write buffer
	first := map[string]string{
		"same.html":            "unchanged",
		"changed.html":         "old text",
		"edited.html":          "as built",
		"edited-longer.html":   "as built",
		"chmod.html":           "as built",
		"linked-elsewhere.txt": "as built",
		"symlink.html":         "as built",
		"dir/page.html":        "as built",
		"deep/a/b/index.html":  "deep",
		"data/same.json":       big,
		"data/late.json":       big,
		"data/early.json":      big,
		"data/shorter.json":    big,
		"data/longer.json":     big,
	}
	buildFiles(t, dest, first, nil)
	// What the author (or a tool) did to the previous output by hand.
	os.WriteFile(filepath.Join(dest, "edited.html"), []byte("as BUILT"), 0o644) // same size, other bytes
	os.WriteFile(filepath.Join(dest, "edited-longer.html"), []byte("as built!"), 0o644)
	os.Chmod(filepath.Join(dest, "chmod.html"), 0o600)
	outside := filepath.Join(root, "outside")
	os.MkdirAll(outside, 0o755)
	os.Link(filepath.Join(dest, "linked-elsewhere.txt"), filepath.Join(outside, "backup.txt"))
	os.WriteFile(filepath.Join(outside, "target.html"), []byte("as built"), 0o644)
	os.Remove(filepath.Join(dest, "symlink.html"))
	os.Symlink(filepath.Join(outside, "target.html"), filepath.Join(dest, "symlink.html"))
	os.MkdirAll(filepath.Join(outside, "dir"), 0o755)
	os.WriteFile(filepath.Join(outside, "dir", "page.html"), []byte("as built"), 0o644)
	os.RemoveAll(filepath.Join(dest, "dir"))
	os.Symlink(filepath.Join(outside, "dir"), filepath.Join(dest, "dir"))

	second := map[string]string{}
	for name, text := range first {
		second[name] = text
	}
	second["changed.html"] = "new text"
	second["data/late.json"] = big[:len(big)-1] + "X"
	second["data/early.json"] = "X" + big[1:]
	second["data/shorter.json"] = big[:len(big)-5]
	second["data/longer.json"] = big + "more"
	second["new.html"] = "new file"

	before, beforeOutside := states(t, dest), states(t, outside)
	buildFiles(t, dest, second, func(d *Dir) {})
	got := states(t, dest)
	// Outside, only backup.txt's link count may change: the old output's
	// name of it is gone.
	afterOutside := states(t, outside)
	for _, m := range []map[string]fileState{beforeOutside, afterOutside} {
		s := m["backup.txt"]
		s.nlink = 0
		m["backup.txt"] = s
	}
	sameStates(t, "outside the output", afterOutside, beforeOutside)

	reused := map[string]bool{"same.html": true, "deep/a/b/index.html": true, "data/same.json": true}
	for name, text := range second {
		g := got[name]
		if g.data != text || !g.mode.IsRegular() || g.mode.Perm() != before[MarkerFile].mode.Perm() || g.nlink != 1 {
			t.Errorf("%s: %+v, want a file of its own holding %.20q", name, g, text)
			continue
		}
		old, had := before[name]
		switch {
		case reused[name] && (g.ino != old.ino || g.mtime != old.mtime):
			t.Errorf("%s is unchanged but was not linked: inode %d, was %d", name, g.ino, old.ino)
		case !reused[name] && had && g.ino == old.ino:
			t.Errorf("%s was linked: inode %d", name, g.ino)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(outside, "backup.txt")); string(data) != "as built" {
		t.Errorf("the file linked elsewhere now holds %q", data)
	}

	// The same files built into an empty folder: the same names and bytes.
	fresh := filepath.Join(root, "fresh")
	buildFiles(t, fresh, second, nil)
	want := readAll(t, fresh)
	if all := readAll(t, dest); fmt.Sprint(all) != fmt.Sprint(want) {
		t.Errorf("the rebuilt output differs from a build into an empty folder")
	}
}

// TestDestUntouchedUntilTheSwap: while a build links files from the
// previous output, and when it fails (Abort), the previous output stays
// file for file what it was: same inodes, link counts, times and bytes.
// A name written twice (linked, then written) never writes into the
// previous output's file.
func TestDestUntouchedUntilTheSwap(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	files := map[string]string{"a.html": "a", "b/c.html": "c", "data/x.json": strings.Repeat("x", 100000)}
	buildFiles(t, dest, files, nil)
	before := states(t, dest)
	d, err := NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := d.WriteFile(name, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	if n := states(t, d.tmp)["a.html"].nlink; n != 2 {
		t.Fatalf("a.html in the new folder has %d links, want 2 (linked from the previous output)", n)
	}
	// Written again, now with other bytes: must not go through the link.
	if err := d.WriteFile("a.html", []byte("A")); err != nil {
		t.Fatal(err)
	}
	w, err := d.Create("b/c.html")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, "C")
	w.Close()
	if data, _ := os.ReadFile(filepath.Join(dest, "a.html")); string(data) != "a" {
		t.Fatalf("writing a linked name again changed the previous output: %q", data)
	}
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	sameStates(t, "after a failed build", states(t, dest), before)
}

// TestLinkFailureFallsBack: where links fail (another device, a file
// system without hard links, a refusal) every file is written, and the
// build gives up linking after the first failure of that kind; a
// failure of one file (too many links) only makes that file written.
func TestLinkFailureFallsBack(t *testing.T) {
	for _, tc := range []struct {
		err     error
		giveUp  bool
		wantTry int
	}{
		{unix.EXDEV, true, 1},
		{unix.EPERM, true, 1},
		{unix.EOPNOTSUPP, true, 1},
		{unix.EMLINK, false, 3},
	} {
		t.Run(tc.err.Error(), func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			files := map[string]string{"a.html": "a", "b.html": "b", "data/c.json": "c"}
			buildFiles(t, dest, files, nil)
			before := states(t, dest)
			tries := 0
			buildFiles(t, dest, files, func(d *Dir) {
				d.reuse.link = func(name, newPath string) error {
					tries++
					return &os.LinkError{Op: "link", Old: name, New: newPath, Err: tc.err}
				}
			})
			got := states(t, dest)
			for name, text := range files {
				if got[name].data != text || got[name].ino == before[name].ino {
					t.Errorf("%s: %+v, want a new file holding %q", name, got[name], text)
				}
			}
			if tries != tc.wantTry {
				t.Errorf("%d links tried, want %d", tries, tc.wantTry)
			}
		})
	}
}

// TestForcedBuildLinksNothing: a folder wrapup did not write is never a
// source of links, even when its files hold the bytes the build makes.
func TestForcedBuildLinksNothing(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "www")
	os.MkdirAll(dest, 0o755)
	os.WriteFile(filepath.Join(dest, "a.html"), []byte("a"), 0o644)
	before := states(t, dest)
	d, err := NewDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	if d.reuse != nil {
		t.Fatal("a folder without the marker is to be linked from")
	}
	d.WriteFile("a.html", []byte("a"))
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := states(t, d.Kept); got["a.html"] != before["a.html"] {
		t.Errorf("the kept folder's file changed: %+v, was %+v", got["a.html"], before["a.html"])
	}
	if states(t, dest)["a.html"].ino == before["a.html"].ino {
		t.Error("the author's file was linked into the output")
	}
}
