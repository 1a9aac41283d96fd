package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/output"
)

// siteVersion writes a site whose every file names its version and is
// large enough that a half-written copy would show.
func siteVersion(v string, files int) func(output.Sink) error {
	return func(sink output.Sink) error {
		for i := range files {
			body := fmt.Sprintf("version %s file %d\n%s\nend %s\n", v, i, strings.Repeat(v, 8192), v)
			if err := sink.WriteFile(fmt.Sprintf("pages/%d/index.html", i), []byte(body)); err != nil {
				return err
			}
		}
		return sink.WriteFile("index.html", []byte("home "+v))
	}
}

// versionOf returns the version a file's content belongs to, or an error
// when the file is incomplete or from no known version.
func versionOf(data []byte) (string, error) {
	s := string(data)
	if strings.HasPrefix(s, "home ") {
		return strings.TrimPrefix(s, "home "), nil
	}
	var v string
	var i int
	if _, err := fmt.Sscanf(s, "version %s file %d", &v, &i); err != nil {
		return "", fmt.Errorf("unreadable: %q", s[:min(len(s), 40)])
	}
	if !strings.HasSuffix(s, "\nend "+v+"\n") || len(s) < 8192 {
		return "", fmt.Errorf("incomplete file of version %s", v)
	}
	return v, nil
}

// TestConcurrentReadersSeeOldOrNew publishes B over A and back while readers
// read the site: each reader that resolves DIR once sees one whole release,
// and every single read through DIR gets a complete file of A or B.
func TestConcurrentReadersSeeOldOrNew(t *testing.T) {
	root := t.TempDir()
	target := NewTarget(filepath.Join(root, "www", "wrapups"), "")
	if err := os.MkdirAll(filepath.Dir(target.Dir), 0o755); err != nil {
		t.Fatal(err)
	}
	const files = 40
	if _, err := Publish(target, Options{}, siteVersion("A", files)); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	var reads atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for r := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				// A reader that resolves the served folder once, as a server
				// serving one request tree would: one release throughout.
				dir, err := filepath.EvalSymlinks(target.Dir)
				if err != nil {
					errs <- fmt.Errorf("reader %d: DIR missing: %v", r, err)
					return
				}
				seen := map[string]bool{}
				for i := range files {
					data, err := os.ReadFile(filepath.Join(dir, "pages", fmt.Sprint(i), "index.html"))
					if err != nil {
						errs <- fmt.Errorf("reader %d: %v", r, err)
						return
					}
					v, err := versionOf(data)
					if err != nil {
						errs <- fmt.Errorf("reader %d: %v", r, err)
						return
					}
					seen[v] = true
					// And a read straight through DIR: old or new, whole.
					data, err = os.ReadFile(filepath.Join(target.Dir, "index.html"))
					if err != nil {
						errs <- fmt.Errorf("reader %d through DIR: %v", r, err)
						return
					}
					if v, err := versionOf(data); err != nil || (v != "A" && v != "B") {
						errs <- fmt.Errorf("reader %d through DIR: %q %v", r, data, err)
						return
					}
					reads.Add(1)
				}
				if len(seen) != 1 {
					errs <- fmt.Errorf("reader %d saw a mix of releases: %v", r, seen)
					return
				}
			}
		}()
	}
	for i := range 6 {
		v := "B"
		if i%2 == 1 {
			v = "A"
		}
		if _, err := Publish(target, Options{Keep: 10}, siteVersion(v, files)); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(50 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if reads.Load() == 0 {
		t.Fatal("the readers read nothing")
	}
}

func TestRollbackRestoresThePreviousRelease(t *testing.T) {
	root := t.TempDir()
	target := NewTarget(filepath.Join(root, "wrapups"), "")
	first, err := Publish(target, Options{Now: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)}, siteVersion("A", 2))
	if err != nil {
		t.Fatal(err)
	}
	second, err := Publish(target, Options{Now: time.Date(2025, 3, 2, 10, 0, 0, 0, time.UTC)}, siteVersion("B", 2))
	if err != nil {
		t.Fatal(err)
	}
	if second.Previous != first.Release {
		t.Errorf("previous %q, want %q", second.Previous, first.Release)
	}
	if got := readHome(t, target); got != "home B" {
		t.Fatalf("after publish: %q", got)
	}
	res, err := Rollback(target)
	if err != nil {
		t.Fatal(err)
	}
	if got := readHome(t, target); got != "home A" || res.Release != first.Release {
		t.Errorf("after rollback: %q, release %s", got, res.Release)
	}
	if _, err := Rollback(target); err == nil {
		t.Error("rolled back past the oldest release")
	}
	// A failed build changes nothing.
	boom := errors.New("build failed")
	if _, err := Publish(target, Options{}, func(s output.Sink) error { s.WriteFile("index.html", []byte("half")); return boom }); !errors.Is(err, boom) {
		t.Errorf("got %v", err)
	}
	if got := readHome(t, target); got != "home A" {
		t.Errorf("after a failed publish: %q", got)
	}
	st, _ := target.inspect()
	if len(st.Releases) != 2 {
		t.Errorf("releases %v: the failed build left a release behind", st.Releases)
	}
}

func TestKeepPrunesOldReleases(t *testing.T) {
	target := NewTarget(filepath.Join(t.TempDir(), "wrapups"), "")
	for i := range 5 {
		if _, err := Publish(target, Options{Keep: 2, Now: time.Date(2025, 3, 1+i, 0, 0, 0, 0, time.UTC)}, siteVersion(fmt.Sprint(i), 1)); err != nil {
			t.Fatal(err)
		}
	}
	st, _ := target.inspect()
	if len(st.Releases) != 2 || st.Current != st.Releases[1] {
		t.Errorf("releases %v, current %s", st.Releases, st.Current)
	}
}

func TestRefusesAFolderThatIsNotAPublish(t *testing.T) {
	root := t.TempDir()
	target := NewTarget(filepath.Join(root, "wrapups"), "")
	if err := os.MkdirAll(target.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target.Dir, "index.html"), []byte("home old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Publish(target, Options{}, siteVersion("A", 1)); !errors.Is(err, errNotPublished) {
		t.Fatalf("got %v, want a refusal", err)
	}
	if got := readHome(t, target); got != "home old" {
		t.Fatalf("refused publish changed DIR: %q", got)
	}
	// With --force the folder becomes a release that rollback brings back.
	if _, err := Publish(target, Options{Force: true}, siteVersion("A", 1)); err != nil {
		t.Fatal(err)
	}
	if got := readHome(t, target); got != "home A" {
		t.Fatalf("forced publish: %q", got)
	}
	if _, err := Rollback(target); err != nil {
		t.Fatal(err)
	}
	if got := readHome(t, target); got != "home old" {
		t.Errorf("rollback after a forced publish: %q", got)
	}

	// An empty folder (made ready by an admin) is fine without --force.
	empty := NewTarget(filepath.Join(root, "empty"), "")
	os.MkdirAll(empty.Dir, 0o755)
	if _, err := Publish(empty, Options{}, siteVersion("A", 1)); err != nil {
		t.Errorf("empty folder: %v", err)
	}
	// A link somewhere else is refused.
	other := NewTarget(filepath.Join(root, "other"), "")
	os.Symlink(root, other.Dir)
	if _, err := Publish(other, Options{}, siteVersion("A", 1)); !errors.Is(err, errNotPublished) {
		t.Errorf("foreign link: %v", err)
	}
}

func readHome(t *testing.T, target Target) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(target.Dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
