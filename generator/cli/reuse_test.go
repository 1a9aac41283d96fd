//go:build linux

package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
)

// inodes describes every file of dir as "name inode links mtime sha256": a
// test can tell a file linked from the previous output (the same inode)
// from one written again, and that a folder is file for file what it was.
func inodes(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		st := info.Sys().(*syscall.Stat_t)
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = fmt.Sprintf("%d %d %d %s", st.Ino, st.Nlink, info.ModTime().UnixNano(), hex.EncodeToString(sum[:8]))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func inode(state string) string { return strings.Fields(state)[0] }

// sameFiles fails unless the two inode maps are equal.
func sameFiles(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	var diffs []string
	for name, w := range want {
		if got[name] != w {
			diffs = append(diffs, fmt.Sprintf("%s: %q, was %q", name, got[name], w))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			diffs = append(diffs, name+" appeared")
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Fatalf("%s: %d files differ:\n%s", what, len(diffs), strings.Join(diffs[:min(len(diffs), 10)], "\n"))
	}
}

func buildInto(t *testing.T, site, dest string) {
	t.Helper()
	if code, _, stderr := run("build", "--source", site, "--dest", dest, "--now", "2024-06-01"); code != ExitOK {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
}

// TestRebuildReusesUnchangedFiles: a rebuild over the previous output links
// the files it makes again byte for byte (same inode, same modification
// time), writes the changed ones and the ones edited by hand in the
// previous output, and the result is byte for byte a build into an empty
// folder.
func TestRebuildReusesUnchangedFiles(t *testing.T) {
	site, dest := t.TempDir(), filepath.Join(t.TempDir(), "public")
	faultSite(t, site, 12, "v")
	buildInto(t, site, dest)
	before := inodes(t, dest)
	changedPage, editedPage := "windows/2024-01-01-w/index.html", "windows/2024-01-05-w/index.html"
	if before[changedPage] == "" || before[editedPage] == "" {
		t.Fatalf("no %s or %s in the output", changedPage, editedPage)
	}
	// Edited by hand, the same size: only comparing the bytes can tell.
	edited := filepath.Join(dest, filepath.FromSlash(editedPage))
	data, _ := os.ReadFile(edited)
	built := string(data)
	os.WriteFile(edited, []byte(strings.Replace(built, "<", "[", 1)), 0o644)
	afterEdit := inodes(t, dest)[editedPage]
	write(t, site, "content/windows/2024-01-01-w.md", strings.Replace(strings.Replace(goodWindow, "2024-03-02", "2024-01-01", -1), "Patch the DNS resolvers", "Patch the DNS resolvers again", 1))

	buildInto(t, site, dest)
	after := inodes(t, dest)
	fresh := filepath.Join(t.TempDir(), "public")
	buildInto(t, site, fresh)
	if snapshot(t, dest) != snapshot(t, fresh) {
		t.Fatal("the rebuild differs from a build into an empty folder")
	}
	if data, _ := os.ReadFile(edited); string(data) != built {
		t.Errorf("the page edited by hand was kept: %.80q", data)
	}
	if inode(after[editedPage]) == inode(afterEdit) {
		t.Error("the page edited by hand was linked")
	}
	if inode(after[changedPage]) == inode(before[changedPage]) {
		t.Error("the changed window's page was linked")
	}
	linked := 0
	for name, state := range after {
		if old, ok := before[name]; ok && inode(old) == inode(state) {
			if old != state {
				t.Errorf("%s is linked but its time or bytes changed: %s, was %s", name, state, old)
			}
			linked++
		}
	}
	if linked < len(after)/4 {
		t.Errorf("%d of %d files linked from the previous output", linked, len(after))
	}
	t.Logf("%d of %d files linked", linked, len(after))
}

// TestFailedRebuildLeavesDestAsItWas: a rebuild that fails after it has
// linked files from the previous output (a template error on the last
// window, a disk full while making folders) leaves --dest file for file
// as it was: the same inodes, link counts, times and bytes, and nothing
// beside it.
func TestFailedRebuildLeavesDestAsItWas(t *testing.T) {
	site, dest := t.TempDir(), filepath.Join(t.TempDir(), "public")
	faultSite(t, site, 12, "v")
	window, err := os.ReadFile(filepath.Join("..", "..", "themes", "default", "templates", "pages", "window.html"))
	if err != nil {
		t.Fatal(err)
	}
	// A theme whose window page fails for one window only.
	write(t, site, "themes/boom/templates/pages/window.html",
		strings.Replace(string(window), `{{ define "main" }}`, `{{ define "main" }}{{ if eq .Data.W.Title "Boom" }}{{ index .Data.W.Tasks 99 }}{{ end }}`, 1))
	write(t, site, "wrapup.yaml", "title: Faults v\ntimezone: UTC\ntheme: boom\n")
	buildInto(t, site, dest)
	before := inodes(t, dest)

	write(t, site, "content/windows/2024-01-12-w.md", strings.Replace(strings.Replace(goodWindow, "2024-03-02", "2024-01-12", -1), "Patch the DNS resolvers", "Boom", 1))
	code, _, stderr := run("build", "--source", site, "--dest", dest, "--now", "2024-06-01")
	if code == ExitOK || !strings.Contains(stderr, "left as it was") {
		t.Fatalf("the build with a failing template: exit %d: %s", code, stderr)
	}
	sameFiles(t, "after a template error", inodes(t, dest), before)
	if l := leftovers(t, dest); len(l) > 0 {
		t.Fatalf("the failed build left %v", l)
	}

	t.Run("disk full", func(t *testing.T) {
		strace := needStrace(t)
		write(t, site, "content/windows/2024-01-12-w.md", strings.Replace(goodWindow, "2024-03-02", "2024-01-12", -1))
		err, out := traced(t, strace, "mkdirat:error=ENOSPC:when=3", "build", "--source", site, "--dest", dest, "--now", "2024-06-01")
		var exit *exec.ExitError
		if !errors.As(err, &exit) || !strings.Contains(out, "left as it was") {
			t.Fatalf("the build with a full disk: %v: %s", err, out)
		}
		sameFiles(t, "after a full disk", inodes(t, dest), before)
		if l := leftovers(t, dest); len(l) > 0 {
			t.Fatalf("the failed build left %v", l)
		}
	})
}

// TestLinkFailureFallsBackToWriting: where the file system refuses hard
// links (linkat fails with EXDEV or EPERM, as across devices or on a file
// system without them), every file is written and the build succeeds with
// the same output; a link failing for one file only (EMLINK) writes that
// file. The failures are real: strace makes the system call fail.
func TestLinkFailureFallsBackToWriting(t *testing.T) {
	strace := needStrace(t)
	site := t.TempDir()
	faultSite(t, site, 6, "v")
	fresh := filepath.Join(t.TempDir(), "public")
	buildInto(t, site, fresh)
	want := snapshot(t, fresh)
	for _, inject := range []string{"linkat:error=EXDEV", "linkat:error=EPERM", "linkat:error=EMLINK:when=2+3"} {
		t.Run(inject, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			buildInto(t, site, dest)
			before := inodes(t, dest)
			err, out := traced(t, strace, inject, "build", "--source", site, "--dest", dest, "--now", "2024-06-01")
			if err != nil {
				t.Fatalf("build: %v: %s", err, out)
			}
			if snapshot(t, dest) != want {
				t.Fatal("the output differs from a build into an empty folder")
			}
			linked := 0
			for name, state := range inodes(t, dest) {
				if inode(state) == inode(before[name]) {
					linked++
				}
			}
			if strings.Contains(inject, "EMLINK") {
				if linked == 0 {
					t.Error("one file's failure stopped all linking")
				}
			} else if linked > 0 {
				t.Errorf("%d files share an inode with the previous output", linked)
			}
		})
	}
}
