package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildRefusesAuthorsFolders: --dest is replaced whole, so a build into
// the site's own files must be refused before anything is touched (issue 10:
// --dest content deleted the author's content and exited 0).
func TestBuildRefusesAuthorsFolders(t *testing.T) {
	for _, tc := range []struct {
		name, dest string
		force      bool // --force must not override it either
	}{
		{"content", "content", true},
		{"content/windows", "content/windows", true},
		{"a new folder in content", "content/out", true},
		{"the site folder", ".", true},
		{"the folder above the site", "..", true},
		{"wrapup.yaml", "wrapup.yaml", true},
		{"a file in the windows", "content/windows/2024-03-02-dns.md", true},
		{"a folder inside the site", "site-out", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := newSite(t)
			write(t, site, "notes/keep.txt", "mine")
			before := snapshot(t, site)
			dest := filepath.Join(site, filepath.FromSlash(tc.dest))
			code, _, stderr := run("build", "--source", site, "--dest", dest)
			if code != exitUsage {
				t.Fatalf("exit %d, want %d (stderr %q)", code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, "--dest") {
				t.Errorf("message does not name --dest: %q", stderr)
			}
			if tc.force {
				if code, _, stderr := run("build", "--source", site, "--dest", dest, "--force"); code != exitUsage {
					t.Fatalf("with --force: exit %d, want %d (stderr %q)", code, exitUsage, stderr)
				}
			}
			if after := snapshot(t, site); after != before {
				t.Errorf("the site folder changed:\nbefore\n%s\nafter\n%s", before, after)
			}
			if code, _, stderr := run("build", "--source", site); code != ExitOK {
				t.Fatalf("a default build after it: exit %d: %s", code, stderr)
			}
			if _, err := os.Stat(filepath.Join(site, "content/windows/2024-03-02-dns.md")); err != nil {
				t.Fatal("the window is gone:", err)
			}
		})
	}
}

// TestBuildRefusesForeignFolder: a non-empty folder without wrapup's marker
// is the author's; --force replaces it.
func TestBuildRefusesForeignFolder(t *testing.T) {
	site := newSite(t)
	dest := filepath.Join(t.TempDir(), "www")
	write(t, dest, "important.txt", "not build output")
	code, _, stderr := run("build", "--source", site, "--dest", dest)
	if code != exitUsage || !strings.Contains(stderr, "--force") {
		t.Fatalf("exit %d, stderr %q: want a refusal naming --force", code, stderr)
	}
	if data, err := os.ReadFile(filepath.Join(dest, "important.txt")); err != nil || string(data) != "not build output" {
		t.Fatalf("the author's file changed: %q, %v", data, err)
	}
	code, out, stderr := run("build", "--source", site, "--dest", dest, "--force")
	if code != ExitOK {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
		t.Fatal("--force did not build:", err)
	}
	// Even forced, no file that is not build output is deleted: the
	// folder's files are kept beside it, and the message says where.
	kept, _ := filepath.Glob(dest + ".replaced-*")
	if len(kept) != 1 || !strings.Contains(out, kept[0]) {
		t.Fatalf("kept %v; stdout %q", kept, out)
	}
	if data, err := os.ReadFile(filepath.Join(kept[0], "important.txt")); err != nil || string(data) != "not build output" {
		t.Fatalf("the author's file was not kept: %q, %v", data, err)
	}
	// Now it is wrapup's: the next build needs no --force.
	if code, _, stderr := run("build", "--source", site, "--dest", dest); code != ExitOK {
		t.Fatalf("rebuild: exit %d: %s", code, stderr)
	}
}

// TestBuildAcceptsItsOwnFolders: new, empty, earlier builds and the default.
func TestBuildAcceptsItsOwnFolders(t *testing.T) {
	site := newSite(t)
	empty := t.TempDir()
	for _, dest := range []string{"", filepath.Join(t.TempDir(), "new"), empty, filepath.Join(site, "public")} {
		args := []string{"build", "--source", site}
		if dest != "" {
			args = append(args, "--dest", dest)
		}
		for range 2 {
			if code, _, stderr := run(args...); code != ExitOK {
				t.Fatalf("%v: exit %d: %s", args, code, stderr)
			}
		}
	}
	// A build from before the marker file: index.html and data/windows.json.
	old := filepath.Join(t.TempDir(), "old")
	write(t, old, "index.html", "<p>old")
	write(t, old, "data/windows.json", "{}")
	if code, _, stderr := run("build", "--source", site, "--dest", old); code != ExitOK {
		t.Fatalf("an older build's folder: exit %d: %s", code, stderr)
	}
	// No leftovers beside the destinations.
	entries, _ := os.ReadDir(site)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public.new-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestPublishRefusesTheSite: publish --to replaces its folder with a link;
// the site folder and its content may not be it, not even with --force.
func TestPublishRefusesTheSite(t *testing.T) {
	for _, to := range []string{".", "content", "content/windows", "themes/x"} {
		site := newSite(t)
		before := snapshot(t, site)
		code, _, stderr := run("publish", "--source", site, "--to", filepath.Join(site, to), "--force")
		if code != exitUsage || !strings.Contains(stderr, "--to") {
			t.Errorf("--to %s: exit %d: %s", to, code, stderr)
		}
		if after := snapshot(t, site); after != before {
			t.Errorf("--to %s changed the site", to)
		}
	}
}
