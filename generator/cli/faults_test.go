package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets the test binary be wrapup itself: the fault-injection tests
// run it under strace with WRAPUP_TEST_MAIN set, so the program traced is
// the code under test, with no separate go build.
func TestMain(m *testing.M) {
	if os.Getenv("WRAPUP_TEST_MAIN") == "1" {
		os.Exit(Run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// needStrace returns strace's path, or skips the test; under CI a missing
// strace or a forbidden ptrace fails it (.ci/run installs strace).
func needStrace(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("strace")
	if err == nil {
		if out, perr := exec.Command(path, "-f", "-qq", "-o", "/dev/null", "true").CombinedOutput(); perr != nil {
			err = fmt.Errorf("strace cannot trace here (ptrace forbidden?): %v: %s", perr, out)
		}
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("fault injection needs strace: %v", err)
		}
		t.Skipf("fault injection needs strace: %v", err)
	}
	return path
}

// faultSite writes a site of n windows (a folder each in the output, so a
// build makes many folders); version changes every page.
func faultSite(t *testing.T, dir string, n int, version string) {
	t.Helper()
	write(t, dir, "wrapup.yaml", "title: Faults "+version+"\ntimezone: UTC\n")
	for i := range n {
		day := fmt.Sprintf("2024-%02d-%02d", 1+i/28, 1+i%28)
		write(t, dir, "content/windows/"+day+"-w.md", strings.Replace(goodWindow, "2024-03-02", day, -1))
	}
}

// traced runs the test binary as wrapup under strace with the given
// injection, returning its error (a *exec.ExitError when it was killed or
// failed) and its output.
func traced(t *testing.T, strace, inject string, args ...string) (error, string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmdArgs := []string{"-f", "-qq", "-o", "/dev/null", "-e", "inject=" + inject, self}
	cmd := exec.Command(strace, append(cmdArgs, args...)...)
	cmd.Env = append(os.Environ(), "WRAPUP_TEST_MAIN=1")
	out, err := cmd.CombinedOutput()
	return err, string(out)
}

// leftovers lists what a build left beside dest.
func leftovers(t *testing.T, dest string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "."+filepath.Base(dest)+".") || strings.HasPrefix(e.Name(), filepath.Base(dest)+".replaced-") {
			out = append(out, e.Name())
		}
	}
	return out
}

// renames is every rename system call (rename(2) does not exist on arm64).
const renames = "/^rename(at2?)?$"

// TestKillAtEveryStepOfTheSwap kills a build (SIGKILL, no handler can run)
// at each system call of the swap and after: at the rename, and at the
// first, second... removal of the previous output. At every point --dest
// holds the old site or the new one, whole; the next build cleans up what
// the killed one left.
func TestKillAtEveryStepOfTheSwap(t *testing.T) {
	strace := needStrace(t)
	site, dest := t.TempDir(), filepath.Join(t.TempDir(), "public")
	build := func(args ...string) {
		t.Helper()
		if code, _, stderr := run(append([]string{"build", "--source", site, "--dest", dest, "--now", "2024-06-01"}, args...)...); code != ExitOK {
			t.Fatalf("build: exit %d: %s", code, stderr)
		}
	}
	faultSite(t, site, 12, "new")
	build()
	newSnap := snapshot(t, dest)
	faultSite(t, site, 12, "old")
	build()
	oldSnap := snapshot(t, dest)
	if newSnap == oldSnap {
		t.Fatal("the two versions build the same site")
	}
	points := []string{renames + ":signal=KILL:when=1", renames + ":signal=KILL:when=2"}
	for _, n := range []int{1, 2, 3, 10, 40, 200} {
		points = append(points, fmt.Sprintf("unlinkat:signal=KILL:when=%d", n))
	}
	for _, inject := range points {
		t.Run(inject, func(t *testing.T) {
			faultSite(t, site, 12, "old")
			build()
			faultSite(t, site, 12, "new")
			err, out := traced(t, strace, inject, "build", "--source", site, "--dest", dest, "--now", "2024-06-01")
			var exit *exec.ExitError
			if err != nil && !errors.As(err, &exit) {
				t.Fatalf("strace: %v: %s", err, out)
			}
			switch got := snapshot(t, dest); got {
			case oldSnap, newSnap:
			default:
				t.Fatalf("after the kill --dest is neither the old site nor the new (%v):\n%s", err, got)
			}
			t.Logf("killed: %v; left %v", err, leftovers(t, dest))
			build()
			if got := snapshot(t, dest); got != newSnap {
				t.Fatal("the build after the kill is not the new site")
			}
			if l := leftovers(t, dest); len(l) > 0 {
				t.Fatalf("the next build left the killed one's folders: %v", l)
			}
		})
	}
	t.Run("first build", func(t *testing.T) {
		fresh := filepath.Join(t.TempDir(), "public")
		err, out := traced(t, strace, renames+":signal=KILL:when=1", "build", "--source", site, "--dest", fresh, "--now", "2024-06-01")
		if err == nil {
			t.Fatalf("the build was not killed: %s", out)
		}
		if _, err := os.Stat(fresh); err == nil && snapshot(t, fresh) != newSnap {
			t.Fatal("a half-made site appeared at --dest")
		}
		if code, _, stderr := run("build", "--source", site, "--dest", fresh, "--now", "2024-06-01"); code != ExitOK {
			t.Fatalf("build: exit %d: %s", code, stderr)
		}
		if l := leftovers(t, fresh); len(l) > 0 {
			t.Fatalf("left behind: %v", l)
		}
	})
	t.Run("killed while cleaning up", func(t *testing.T) {
		faultSite(t, site, 12, "new")
		build()
		// A killed build's folders, then a build killed while removing them.
		traced(t, strace, renames+":signal=KILL:when=1", "build", "--source", site, "--dest", dest, "--now", "2024-06-01")
		if len(leftovers(t, dest)) == 0 {
			t.Fatal("the killed build left nothing to clean")
		}
		traced(t, strace, "unlinkat:signal=KILL:when=3", "build", "--source", site, "--dest", dest, "--now", "2024-06-01")
		if got := snapshot(t, dest); got != newSnap {
			t.Fatal("a build killed while cleaning up changed --dest")
		}
		build()
		if l := leftovers(t, dest); len(l) > 0 {
			t.Fatalf("left behind: %v", l)
		}
	})
}

// TestSignalsCleanUp: Ctrl+C or SIGTERM during a build removes the
// unfinished folder at once and leaves --dest as it was (exit 130). The
// signal is sent at the second mkdir of a thread: the first is the build
// folder itself, so the second is one of the site's folders being written.
func TestSignalsCleanUp(t *testing.T) {
	strace := needStrace(t)
	for _, sig := range []string{"INT", "TERM"} {
		t.Run(sig, func(t *testing.T) {
			site, dest := t.TempDir(), filepath.Join(t.TempDir(), "public")
			faultSite(t, site, 40, "old")
			if code, _, stderr := run("build", "--source", site, "--dest", dest); code != ExitOK {
				t.Fatalf("build: exit %d: %s", code, stderr)
			}
			before := snapshot(t, dest)
			faultSite(t, site, 40, "new")
			err, out := traced(t, strace, "mkdirat:signal="+sig+":when=2", "build", "--source", site, "--dest", dest)
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted {
				t.Fatalf("want exit %d, got %v: %s", exitInterrupted, err, out)
			}
			if !strings.Contains(out, "left as it was") {
				t.Errorf("message: %q", out)
			}
			if snapshot(t, dest) != before {
				t.Fatal("--dest changed")
			}
			if l := leftovers(t, dest); len(l) > 0 {
				t.Fatalf("the stopped build left %v", l)
			}
		})
	}
}

// TestRollbackAfterAKilledPublish: a publish killed after building its
// release but before switching to it leaves a release nobody was served;
// --rollback after the next publish must go back to the release served
// before it, not to that one (issue 10). The kill is real: SIGKILL at the
// symlink(2) of the switch.
func TestRollbackAfterAKilledPublish(t *testing.T) {
	strace := needStrace(t)
	site := newSite(t)
	to := filepath.Join(t.TempDir(), "www", "wrapups")
	page := func() string {
		data, err := os.ReadFile(filepath.Join(to, "windows", "2024-03-02-dns", "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	publishAs := func(title string) {
		t.Helper()
		write(t, site, "content/windows/2024-03-02-dns.md", strings.Replace(goodWindow, "Patch the DNS resolvers", title, 1))
		if code, _, stderr := run("publish", "--source", site, "--to", to); code != ExitOK {
			t.Fatalf("publish %s: exit %d: %s", title, code, stderr)
		}
	}
	publishAs("Release one")
	write(t, site, "content/windows/2024-03-02-dns.md", strings.Replace(goodWindow, "Patch the DNS resolvers", "Never served", 1))
	err, out := traced(t, strace, "/^symlink(at)?$:signal=KILL:when=1", "publish", "--source", site, "--to", to)
	if err == nil {
		t.Fatalf("the publish was not killed: %s", out)
	}
	if !strings.Contains(page(), "Release one") {
		t.Fatal("the killed publish changed what is served")
	}
	// Stopped by Ctrl+C while building its release: it removes what it
	// built at once.
	if err, out := traced(t, strace, "mkdirat:signal=INT:when=3", "publish", "--source", site, "--to", to); err == nil || !strings.Contains(out, "left as it was") {
		t.Errorf("publish stopped by SIGINT: %v: %s", err, out)
	} else {
		entries, _ := os.ReadDir(filepath.Join(filepath.Dir(to), ".wrapups.releases"))
		for _, e := range entries {
			if strings.Contains(e.Name(), ".new-") {
				t.Errorf("the stopped publish left %s", e.Name())
			}
		}
	}
	// And one killed while building its release: the next publish removes
	// what it left.
	traced(t, strace, "mkdirat:signal=KILL:when=3", "publish", "--source", site, "--to", to)
	publishAs("Release three")
	releases := filepath.Join(filepath.Dir(to), ".wrapups.releases")
	entries, _ := os.ReadDir(releases)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".new-") {
			t.Errorf("a killed publish's folder is left: %s", e.Name())
		}
	}
	if code, _, stderr := run("publish", "--to", to, "--rollback"); code != ExitOK {
		t.Fatalf("rollback: exit %d: %s", code, stderr)
	}
	if got := page(); !strings.Contains(got, "Release one") {
		t.Errorf("rollback serves a release that was never served: %s", got[strings.Index(got, "<title>"):strings.Index(got, "</title>")])
	}
	// Rolled back from three to one: a rollback after the next publish goes
	// to one again, not to three.
	publishAs("Release four")
	run("publish", "--to", to, "--rollback")
	if !strings.Contains(page(), "Release one") {
		t.Error("the second rollback does not go to the release served before")
	}
}
