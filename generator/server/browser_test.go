package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/watch"
	"github.com/wrapup/wrapup/internal/browsertest"
)

// TestBrowserLiveReload does what an author does with the preview open in
// Chromium: edit the window's file (the real watcher sees it), break its
// front matter, fix it, and change the stylesheet.
func TestBrowserLiveReload(t *testing.T) {
	ctx := browsertest.New(t)
	dir := testSite(t)
	s, url := start(t, dir, build.Options{Drafts: true})
	w, err := watch.New(dir, watch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	go func() {
		for batch := range w.Changes {
			s.Rebuild(batch)
		}
	}()
	p := filepath.Join(dir, "content/windows/2024-03-02-dns-move.md")

	// waitJS polls a JavaScript condition until it is true.
	waitJS := func(what, cond string) {
		t.Helper()
		// Evaluate again and again rather than chromedp.Poll: a reload in
		// the middle ends a poll with an error.
		deadline := time.Now().Add(10 * time.Second)
		var err error
		for time.Now().Before(deadline) {
			var ok bool
			if ok, err = chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+cond+")")); err == nil && ok {
				return
			}
			time.Sleep(25 * time.Millisecond)
		}
		html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
		t.Fatalf("%s: not true within 10s (%v)\n%s", what, err, html)
	}
	// connected waits for the page's event stream.
	connected := func() {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for s.clientCount() == 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if s.clientCount() == 0 {
			t.Fatal("the page did not connect to the event stream")
		}
	}
	mark := func() { chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__notReloaded = true`)) }

	if _, err := chromedp.Run(ctx, chromedp.Navigate(url+"/windows/2024-03-02-dns-move/")); err != nil {
		t.Fatal(err)
	}
	waitJS("page loaded", `document.body && document.body.innerText.includes("We moved the zone.")`)
	connected()

	// 1. An edit: the page reloads with the new text.
	mark()
	writeFile(t, p, windowFile("DNS move", "We moved the zone, and then the mail."))
	waitJS("reload after an edit", `document.body.innerText.includes("and then the mail") && !window.__notReloaded`)
	connected()

	// 2. Broken front matter: the overlay names the file and line; the
	// message is text, not markup.
	mark()
	writeFile(t, p, strings.Replace(windowFile("DNS <img src=x onerror=alert(1)> move", "x"), "title:", "titel:", 1))
	waitJS("error overlay", `!!document.getElementById("wrapup-error-overlay")`)
	overlay, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("wrapup-error-overlay").innerText`))
	if !strings.Contains(overlay, "content/windows/2024-03-02-dns-move.md:2:1") {
		t.Errorf("overlay does not name file:line:col:\n%s", overlay)
	}
	imgs, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#wrapup-error-overlay img").length`))
	if imgs != 0 {
		t.Error("the overlay rendered markup from the file")
	}
	// The line as written, with a caret under the column.
	src, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#wrapup-error-overlay .wrapup-error-source").textContent`))
	if src != "2 | titel: DNS <img src=x onerror=alert(1)> move\n  | ^" {
		t.Errorf("overlay source line = %q", src)
	}

	// 3. Fixed: the overlay goes and the page reloads.
	writeFile(t, p, windowFile("DNS move", "Fixed for good."))
	waitJS("reload after the fix", `!document.getElementById("wrapup-error-overlay") && !window.__notReloaded && document.body.innerText.includes("Fixed for good.")`)
	connected()

	// 4. A stylesheet edit applies without a reload.
	mark()
	css, err := os.ReadFile(filepath.Join("..", "..", "themes", "default", "static", "assets", "style.css"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "themes/default/static/assets/style.css"), string(css)+"\nbody { outline: 7px solid rgb(1, 2, 3); }\n")
	waitJS("new stylesheet", `getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)"`)
	kept, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__notReloaded === true`))
	if !kept {
		t.Error("a stylesheet edit reloaded the page")
	}

	// 5. The window is deleted: the tab goes to the nearest page above it.
	os.Remove(p)
	waitJS("nearest parent", fmt.Sprintf(`location.pathname === %q`, "/windows/"))
}
