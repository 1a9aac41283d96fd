package server

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/internal/browsertest"
)

// TestBrowserRebuildBeforeTheStreamConnects: a page served by one build
// whose live-reload stream connects only after the next build (an author
// saving twice in quick succession, the second save landing while the page
// reloads for the first) must still reload. The stream's first hello names
// the newer build; the page used to take it as its own and stay stale, found
// by clicking through the dev server while saving a window several times.
func TestBrowserRebuildBeforeTheStreamConnects(t *testing.T) {
	ctx := browsertest.New(t)
	dir := testSite(t)
	s, url := start(t, dir, build.Options{Drafts: true})

	// Hold the page's event stream until the rebuild is done.
	paused := make(chan fetch.RequestID, 4)
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			select {
			case paused <- e.RequestID:
			default: // never block the browser's event loop
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/_wrapup/events*"}}}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/windows/2024-02-10-mail-upgrade/")); err != nil {
		t.Fatal(err)
	}
	var id fetch.RequestID
	select {
	case id = <-paused:
	case <-time.After(10 * time.Second):
		t.Fatal("the page opened no event stream")
	}
	writeFile(t, filepath.Join(dir, "content/windows/2024-02-10-mail-upgrade.md"), windowOn("2024-02-10", "Mail upgrade, second save", "We upgraded mail.", ""))
	if g := s.Rebuild([]string{"content/windows/2024-02-10-mail-upgrade.md"}); g == nil || g.Err != nil {
		t.Fatalf("rebuild: %v", g)
	}
	if _, err := chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id}); err != nil {
		t.Fatal(err)
	}
	// Let every later stream through (the reload opens a new one).
	go func() {
		for id := range paused {
			chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	var h1 string
	for time.Now().Before(deadline) {
		h1, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector("h1") || {}).textContent || ""`))
		if strings.Contains(h1, "second save") {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the page shows %q: it missed the build made before its stream connected", h1)
}
