package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"

	"github.com/wrapup/wrapup/internal/browsertest"
)

// TestLinkFormsInABrowser follows, in Chromium, every link written in the
// window pages' text: served under a sub-path, and opened from disk after
// --file-urls. Each lands on a page of the site (never a directory listing)
// with its anchor.
func TestLinkFormsInABrowser(t *testing.T) {
	ctx := browsertest.New(t)
	pages := []string{"windows/2024-04-06-dns/index.html", "windows/2024-03-16-core-switch/index.html", "pages/process/index.html", "index.html"}
	follow := func(t *testing.T, root string) {
		followed := 0
		for _, page := range pages {
			if _, err := chromedp.Run(ctx, chromedp.Navigate(root+page)); err != nil {
				t.Fatalf("%s: %v", page, err)
			}
			hrefs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("main p a[href], main li a[href]")).map(a => a.href).filter(h => h.startsWith("http:") || h.startsWith("file:"))`))
			if err != nil {
				t.Fatalf("%s: %v", page, err)
			}
			for _, href := range hrefs {
				if !strings.HasPrefix(href, root) {
					continue // a link out of the site: not followed (no network here)
				}
				if strings.Contains(href, "/people/") || strings.Contains(href, "/tags/") || strings.Contains(href, "/systems/") || strings.Contains(href, "/search/") {
					continue // links the theme adds, not the author
				}
				_, err := chromedp.Run(ctx, chromedp.Navigate(href))
				var title string
				var hasTarget bool
				if err == nil && strings.HasSuffix(href, ".xml") {
					followed++ // the feed: it loaded
					continue
				}
				if err == nil {
					title, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.title`))
				}
				if err == nil {
					hasTarget, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector("main") && (!location.hash || !!document.getElementById(decodeURIComponent(location.hash.slice(1))))`))
				}
				if err != nil {
					t.Errorf("%s: %s: %v", page, href, err)
					continue
				}
				if strings.HasPrefix(title, "Index of") || !hasTarget {
					t.Errorf("%s: link %s opened %q (page with its anchor: %v)", page, href, title, hasTarget)
				}
				followed++
			}
		}
		if followed < 12 {
			t.Errorf("only %d links followed", followed)
		}
	}
	t.Run("served under a sub-path", func(t *testing.T) {
		mem, _ := buildMemory(t, siteFromText(linkFormsSite), Options{})
		fsys := fstest.MapFS{}
		for name, data := range mem.Files() {
			fsys[name] = &fstest.MapFile{Data: data}
		}
		follow(t, browsertest.Serve(t, fsys, "/it/wrapups/"))
	})
	t.Run("opened from disk", func(t *testing.T) {
		mem, _ := buildMemory(t, siteFromText(linkFormsSite), Options{FileMode: true})
		dir := t.TempDir()
		for name, data := range mem.Files() {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		follow(t, "file://"+filepath.ToSlash(dir)+"/")
	})
}
