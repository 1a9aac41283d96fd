package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPublishAndRollback(t *testing.T) {
	dir := newSite(t)
	to := filepath.Join(t.TempDir(), "www", "wrapups")
	code, out, errs := run("publish", "--source", dir, "--to", to, "--now", "2024-05-01")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "published 1 window") {
		t.Errorf("stdout %q", out)
	}
	home := func() string {
		data, err := os.ReadFile(filepath.Join(to, "windows", "2024-03-02-dns", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	if !strings.Contains(home(), "Patch the DNS resolvers") {
		t.Fatal("published site lacks the window")
	}
	write(t, dir, "content/windows/2024-03-02-dns.md", strings.Replace(goodWindow, "Patch the DNS resolvers", "Patch the resolvers again", 1))
	if code, _, errs := run("publish", "--source", dir, "--to", to, "--now", "2024-05-01"); code != ExitOK {
		t.Fatalf("second publish: %s", errs)
	}
	if !strings.Contains(home(), "Patch the resolvers again") {
		t.Fatal("second publish not served")
	}
	// A broken site is not published.
	write(t, dir, "content/windows/2024-03-09-bad.md", "---\ntitle: Bad\n---\n")
	if code, _, errs := run("publish", "--source", dir, "--to", to); code != exitContent || !strings.Contains(errs, "left as it was") {
		t.Errorf("broken site: exit %d %s", code, errs)
	}
	if code, out, errs := run("publish", "--to", to, "--rollback"); code != ExitOK || !strings.Contains(out, "rolled back") {
		t.Fatalf("rollback: exit %d %s %s", code, out, errs)
	}
	if !strings.Contains(home(), "Patch the DNS resolvers") {
		t.Error("rollback did not restore the first release")
	}
	// A folder that is not an earlier publish is refused.
	plain := t.TempDir()
	write(t, plain, "index.html", "someone else's site")
	if code, _, errs := run("publish", "--source", newSite(t), "--to", plain); code != exitContent || !strings.Contains(errs, "--force") {
		t.Errorf("plain folder: exit %d %s", code, errs)
	}
}
