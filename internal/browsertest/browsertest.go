// Package browsertest starts Debian's headless Chromium through chromedp for
// tests that do what a person does in a browser, and serves files to it on
// loopback. In CI (CI set) a missing browser fails the test instead of
// skipping it.
package browsertest

import (
	"context"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Browser returns the path of the Chromium binary, or "" when none is found.
func Browser() string {
	for _, name := range []string{os.Getenv("WRAPUP_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a headless browser for the test and returns a chromedp context
// with a timeout of 90 seconds. The browser is closed when the test ends.
// extra adds options (flags) to the defaults.
func New(t testing.TB, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	return NewTimeout(t, 90*time.Second, extra...)
}

// NewTimeout is New with a longer or shorter timeout, for tests that open
// many pages.
func NewTimeout(t testing.TB, timeout time.Duration, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	bin := Browser()
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed: .ci/run must apt-get install -y chromium")
		}
		t.Skip("chromium not installed (install it with apt-get install -y chromium); CI fails instead of skipping")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("allow-file-access-from-files", false),
		chromedp.WindowSize(1280, 900),
	}
	opts = append(opts, extra...)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browserCtx, cancelCtx := chromedp.NewContext(allocCtx)
	// The first call starts the browser; it must run on a context without a
	// timeout, or the timeout would stop the whole browser (chromedp.Run docs).
	if err := chromedp.Do(browserCtx); err != nil {
		cancelCtx()
		cancelAlloc()
		t.Fatalf("starting chromium: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(browserCtx, timeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	return ctx
}

// Serve serves fsys on 127.0.0.1 under prefix ("/it/wrapups/") and returns the
// URL of the site root (ending in the prefix). The server stops with the test.
func Serve(t testing.TB, fsys fs.FS, prefix string) string {
	t.Helper()
	if !strings.HasPrefix(prefix, "/") {
		prefix = "/" + prefix
	}
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.FileServer(http.FS(fsys))))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + prefix
}
