//go:build unix

package server

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/build"
)

// faultyFS is the site folder with faults switched on and off by the test:
// every read failing with an I/O error, or panicking.
type faultyFS struct {
	fs.FS
	mode atomic.Int32 // 0 fine, 1 EIO, 2 panic
}

const (
	fsFine = iota
	fsEIO
	fsPanic
)

func (f *faultyFS) fault(name string) error {
	switch f.mode.Load() {
	case fsEIO:
		return &fs.PathError{Op: "read", Path: name, Err: errors.New("input/output error")}
	case fsPanic:
		panic("injected fault reading " + name)
	}
	return nil
}

func (f *faultyFS) Open(name string) (fs.File, error) {
	if err := f.fault(name); err != nil {
		return nil, err
	}
	return f.FS.Open(name)
}

func (f *faultyFS) ReadFile(name string) ([]byte, error) {
	if err := f.fault(name); err != nil {
		return nil, err
	}
	return fs.ReadFile(f.FS, name)
}

func (f *faultyFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := f.fault(name); err != nil {
		return nil, err
	}
	return fs.ReadDir(f.FS, name)
}

func (f *faultyFS) Stat(name string) (fs.FileInfo, error) {
	if err := f.fault(name); err != nil {
		return nil, err
	}
	return fs.Stat(f.FS, name)
}

// TestClientsKeepReadingThroughFailingRebuilds keeps clients reading pages
// and event streams while rebuilds succeed, fail on broken content, fail on
// I/O errors and panic. Every page request gets the last good build, whole;
// after the faults the next edit is built and served (the server never
// wedges).
func TestClientsKeepReadingThroughFailingRebuilds(t *testing.T) {
	dir := testSite(t)
	fsys := &faultyFS{FS: os.DirFS(dir)}
	s := New(build.NewSession(fsys, build.Options{Drafts: true, LiveReload: ScriptURL}), io.Discard)
	if g := s.Rebuild(nil); g.Err != nil {
		t.Fatal(g.Err)
	}
	hs := httptest.NewServer(s) // loopback only
	url := hs.URL
	defer func() { s.Close(); hs.Close() }()

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var requests, failures atomic.Int64
	var firstFailure atomic.Value
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				for _, page := range []string{"/", "/windows/2024-03-02-dns-move/", "/data/windows.json"} {
					code, _, body := getQuiet(url + page)
					requests.Add(1)
					if code != http.StatusOK || (strings.HasSuffix(page, "/") && !strings.Contains(body, "</html>")) {
						failures.Add(1)
						firstFailure.CompareAndSwap(nil, page+": "+http.StatusText(code)+" "+body[:min(len(body), 200)])
					}
				}
			}
		})
	}
	// An event stream reader that must keep getting events.
	streamCtx, endStreams := context.WithCancel(context.Background())
	var events atomic.Int64
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			req, _ := http.NewRequestWithContext(streamCtx, "GET", url+eventsPath, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				continue
			}
			buf := make([]byte, 4096)
			for {
				n, err := resp.Body.Read(buf)
				events.Add(int64(strings.Count(string(buf[:n]), "event: ")))
				if err != nil {
					break
				}
				select {
				case <-stop:
					resp.Body.Close()
					return
				default:
				}
			}
			resp.Body.Close()
		}
	})

	p := filepath.Join(dir, "content/windows/2024-03-02-dns-move.md")
	steps := []struct {
		what    string
		prepare func()
		ok      bool
	}{
		{"an edit", func() { writeFile(t, p, windowFile("DNS move", "Edit one.")) }, true},
		{"broken front matter", func() { writeFile(t, p, "---\ntitle: [\n---\n") }, false},
		{"I/O errors", func() { fsys.mode.Store(fsEIO); writeFile(t, p, windowFile("DNS move", "Edit two.")) }, false},
		{"a panic", func() { fsys.mode.Store(fsPanic); writeFile(t, p, windowFile("DNS move", "Edit three.")) }, false},
		{"the fix", func() { fsys.mode.Store(fsFine); writeFile(t, p, windowFile("DNS move", "Edit four.")) }, true},
	}
	for round := range 3 {
		for _, st := range steps {
			st.prepare()
			g := s.Rebuild([]string{"content/windows/2024-03-02-dns-move.md"})
			if failed := g != nil && g.Err != nil; failed == st.ok {
				t.Fatalf("round %d, %s: failed = %v (%+v)", round, st.what, failed, g)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	close(stop)
	endStreams()
	wg.Wait()
	if n := failures.Load(); n > 0 {
		t.Fatalf("%d of %d requests failed; first: %v", n, requests.Load(), firstFailure.Load())
	}
	if _, _, body := getQuiet(url + "/windows/2024-03-02-dns-move/"); !strings.Contains(body, "Edit four.") {
		t.Fatal("the last edit is not served")
	}
	if events.Load() < 3 {
		t.Errorf("the event stream got %d events", events.Load())
	}
	t.Logf("%d requests, %d events", requests.Load(), events.Load())
}

// getQuiet is get for other goroutines: it reports a failure as status 0.
func getQuiet(url string) (int, http.Header, string) {
	resp, err := client.Get(url)
	if err != nil {
		return 0, nil, err.Error()
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err.Error()
	}
	return resp.StatusCode, resp.Header, string(body)
}

// TestRebuildLogsNewWarnings: a warning of a file saved while serving (a
// pipe among the windows) reaches the terminal, not only those of the
// first build.
func TestRebuildLogsNewWarnings(t *testing.T) {
	dir := testSite(t)
	var log strings.Builder
	s := New(build.NewSession(os.DirFS(dir), build.Options{Drafts: true}), &log)
	defer s.Close()
	if g := s.Rebuild(nil); g.Err != nil {
		t.Fatal(g.Err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "content/windows/2024-04-01-pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.Rebuild([]string{"content/windows/2024-04-01-pipe.md"})
	if !strings.Contains(log.String(), "content/windows/2024-04-01-pipe.md: warning:") {
		t.Errorf("the pipe's warning is not logged:\n%s", log.String())
	}
}
