package trends_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"

	"github.com/wrapup/wrapup/internal/browsertest"
)

// TestBrowserTrendsAndBoard opens the built hand site under a sub-path in
// Chromium: the charts draw at a readable size, and the board's owner filter
// works by following plain links, with no script.
func TestBrowserTrendsAndBoard(t *testing.T) {
	ctx := browsertest.New(t)
	mem, _ := buildHand(t)
	fsys := fstest.MapFS{}
	for name, data := range mem.Files() {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	base := browsertest.Serve(t, fsys, "/it/wrapups/")

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"trends/")); err != nil {
		t.Fatal(err)
	}
	// Every chart scales to its figure: on a desktop at least its natural
	// width (the SVG's viewBox) and at most 1.3 times it; it is styled by
	// the theme (a bar's fill comes from a CSS custom property).
	charts, err := chromedp.Run(ctx, chromedp.Evaluate[[][]float64](`[...document.querySelectorAll('svg.chart-svg')].map(s => [s.getBoundingClientRect().width, s.viewBox.baseVal.width])`))
	if err != nil {
		t.Fatal(err)
	}
	if len(charts) != 12 {
		t.Fatalf("%d charts drawn, want 12", len(charts))
	}
	for i, c := range charts {
		if w, natural := c[0], c[1]; w < natural || w > natural*1.3+1 {
			t.Errorf("chart %d is %v px wide, natural width %v", i, w, natural)
		}
	}
	// On a phone they shrink a little, never past the screen.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 800), chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	over, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if over > 0 {
		t.Errorf("/trends/ scrolls sideways by %v px on a phone", over)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	fill, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('#chart-success ~ .chart-scroll rect.bar, figure[aria-labelledby="chart-success"] rect.bar')).fill`))
	if err != nil {
		t.Fatal(err)
	}
	if fill == "" || fill == "rgb(0, 0, 0)" || fill == "none" {
		t.Errorf("bars are not styled by the theme: fill %q", fill)
	}
	// The data table is there for screen readers but not drawn.
	hidden, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector('table.chart-data').closest('.vh').getBoundingClientRect().width`))
	if err != nil {
		t.Fatal(err)
	}
	if hidden > 1 {
		t.Errorf("chart data table is visible: %v px", hidden)
	}

	// The board: follow the owner filter, then the pager-free owner page.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"actions/"), chromedp.Click(`#filters a[href$="owner/ann/"]`, chromedp.NodeVisible), chromedp.WaitVisible(`ol.board`)); err != nil {
		t.Fatal(err)
	}
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if url != base+"actions/owner/ann/" {
		t.Errorf("owner filter went to %s", url)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('ol.board li')].map(li => li.className + ' ' + li.querySelector('.board-main > a').textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows, "|") != "board-row st-overdue Write a replica test script|board-row st-open Automate patching" {
		t.Errorf("ann's board = %q", rows)
	}
	// An action links to its anchor on its window page.
	if err := chromedp.Do(ctx, chromedp.Click(`ol.board li .board-main > a`, chromedp.NodeVisible), chromedp.WaitVisible(`#action-1`)); err != nil {
		t.Fatal(err)
	}
	url, _ = chromedp.Run(ctx, chromedp.Location())
	if url != base+"windows/2024-01-10-db-upgrade/#action-1" {
		t.Errorf("action link went to %s", url)
	}
}
