package themes_test

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/output"
	"github.com/wrapup/wrapup/internal/browsertest"
)

// axe-core's minified build (npm package axe-core 4.14.1, MPL-2.0, see
// testdata/axe/LICENSE), vendored so that the accessibility tests run the same
// rules offline, on a developer's machine and in CI alike, with no npm step.
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// sampleSite builds the repository's sample archive (../content) with the
// default theme once for all the tests of this file.
var sampleSite = sync.OnceValues(func() (fstest.MapFS, error) {
	mem := output.NewMemory()
	if _, err := build.Build(os.DirFS(".."), build.Options{}, mem); err != nil {
		return nil, err
	}
	fsys := fstest.MapFS{}
	for name, data := range mem.Files() {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return fsys, nil
})

func builtSample(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys, err := sampleSite()
	if err != nil {
		t.Fatalf("building the sample site: %v", err)
	}
	return fsys
}

// pageTypes picks one page of every kind from the built site: the sample
// archive is re-dated now and then, so pages are found, not named.
func pageTypes(t *testing.T, fsys fstest.MapFS) map[string]string {
	t.Helper()
	var names []string
	for name := range fsys {
		names = append(names, name)
	}
	sort.Strings(names)
	first := func(prefix string, depth int, must func(string) bool) string {
		for _, n := range names {
			rest, ok := strings.CutPrefix(n, prefix)
			if !ok || !strings.HasSuffix(rest, "/index.html") || strings.Count(rest, "/") != depth || strings.Contains(rest, "page/") {
				continue
			}
			if must == nil || must(string(fsys[n].Data)) {
				return strings.TrimSuffix(n, "index.html")
			}
		}
		t.Fatalf("the sample site has no page under %s", prefix)
		return ""
	}
	planned := first("windows/", 1, func(s string) bool { return strings.Contains(s, "is-planned") })
	return map[string]string{
		"run":       planned + "run/",
		"wrapup":    planned + "wrap-up/",
		"home":      "",
		"windows":   "windows/",
		"window":    first("windows/", 1, func(s string) bool { return strings.Contains(s, "<pre") && strings.Contains(s, `class="task`) }),
		"planned":   planned,
		"trends":    "trends/",
		"recurring": "trends/recurring/",
		"board":     "actions/",
		"lessons":   "lessons/",
		"lesson":    first("lessons/", 1, nil),
		"people":    "people/",
		"person":    first("people/", 1, nil),
		"system":    first("systems/", 1, nil),
		"tag":       first("tags/", 1, nil),
		"search":    "search/?q=rollback",
		"upcoming":  "upcoming/",
		"404":       "404.html",
		"free":      first("pages/", 1, nil),
	}
}

// setScheme makes the page see prefers-color-scheme: scheme.
func setScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

// withAxe loads axe-core into every document the tab opens from now on.
func withAxe() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: axeSource})
		return err
	})
}

type axeResult struct {
	Violations []struct {
		ID    string `json:"id"`
		Help  string `json:"help"`
		Nodes []struct {
			Target  []any  `json:"target"`
			Summary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
}

// axeRun runs axe-core's WCAG 2.0 and 2.1 A and AA rules on the page.
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']}).then(r => JSON.stringify({violations: r.violations}))`

// overflowJS reports what sticks out past the right edge of the viewport.
const overflowJS = `(() => {
  const vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= vw) return '';
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > vw + 1 && r.width > 0) {
      let p = el.parentElement, clipped = false;
      for (; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') { clipped = true; break; } }
      if (!clipped) out.push(el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? '.' + el.className.split(' ').join('.') : '') + ' ' + Math.round(r.right));
    }
  }
  return 'page is ' + document.documentElement.scrollWidth + 'px wide in a ' + vw + 'px viewport: ' + out.slice(0, 6).join(', ');
})()`

// TestBrowserEveryPageType opens one page of every kind of the sample site at
// phone widths (360 and 414 px) and a desktop's (1280), in the light and the
// dark scheme, and checks that nothing scrolls sideways and that axe-core
// finds no WCAG 2 A or AA violation. WRAPUP_SCREENSHOTS=dir also saves a
// full-page screenshot (JPEG) of each at 390 and 1280 px, for review.
func TestBrowserEveryPageType(t *testing.T) {
	ctx := browsertest.NewTimeout(t, 10*time.Minute)
	fsys := builtSample(t)
	base := browsertest.Serve(t, fsys, "/it/wrapups/")
	shots := os.Getenv("WRAPUP_SCREENSHOTS")
	if err := chromedp.Do(ctx, withAxe()); err != nil {
		t.Fatal(err)
	}
	pages := pageTypes(t, fsys)
	kinds := make([]string, 0, len(pages))
	for k := range pages {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	// axe runs at 360 and 1280; 414 (a large phone) checks the overflow
	// only, and 390 is for the screenshots.
	widths := []int64{360, 414, 1280}
	if shots != "" {
		widths = []int64{360, 390, 414, 1280}
	}
	for _, scheme := range []string{"light", "dark"} {
		for _, width := range widths {
			if err := chromedp.Do(ctx, setScheme(scheme), chromedp.EmulateViewport(width, 900)); err != nil {
				t.Fatal(err)
			}
			for _, kind := range kinds {
				name := fmt.Sprintf("%s-%d-%s", kind, width, scheme)
				t.Run(name, func(t *testing.T) {
					if err := chromedp.Do(ctx, chromedp.Navigate(base+pages[kind]), chromedp.WaitReady("body")); err != nil {
						t.Fatal(err)
					}
					if kind == "search" {
						// The results are drawn by script from the index.
						if err := chromedp.Do(ctx, chromedp.WaitVisible(".search-results .sr-item")); err != nil {
							t.Fatal(err)
						}
					}
					over, err := chromedp.Run(ctx, chromedp.Evaluate[string](overflowJS))
					if err != nil {
						t.Fatal(err)
					}
					if over != "" {
						t.Errorf("%s: %s", pages[kind], over)
					}
					if width == 360 || width == 1280 {
						out, err := chromedp.Run(ctx, chromedp.Evaluate[string](axeRun, chromedp.EvalAwaitPromise))
						if err != nil {
							t.Fatal(err)
						}
						var res axeResult
						if err := json.Unmarshal([]byte(out), &res); err != nil {
							t.Fatal(err)
						}
						for _, v := range res.Violations {
							var where []string
							for i, n := range v.Nodes {
								if i == 4 {
									where = append(where, fmt.Sprintf("and %d more", len(v.Nodes)-4))
									break
								}
								where = append(where, fmt.Sprintf("%v (%s)", n.Target, strings.ReplaceAll(n.Summary, "\n", " ")))
							}
							t.Errorf("%s: axe %s: %s, %d nodes: %s", pages[kind], v.ID, v.Help, len(v.Nodes), strings.Join(where, "; "))
						}
					}
					if shots != "" && (width == 390 || width == 1280) {
						png, err := chromedp.Run(ctx, chromedp.FullScreenshot(85))
						if err != nil {
							t.Fatal(err)
						}
						if err := os.WriteFile(filepath.Join(shots, name+".jpg"), png, 0o644); err != nil {
							t.Fatal(err)
						}
					}
				})
			}
		}
	}
}
