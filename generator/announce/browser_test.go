package announce_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/output"
	"github.com/wrapup/wrapup/internal/browsertest"
)

// TestNoticeShowsTheViewersLocalTime opens maintenance.html in Chromium set
// to Tokyo time: the end of a Chicago window reads in Tokyo time, and the
// "taking longer" note shows only once the planned end has passed.
func TestNoticeShowsTheViewersLocalTime(t *testing.T) {
	ctx := browsertest.New(t)
	site := fstest.MapFS{
		"wrapup.yaml":                        {Data: []byte("title: Wrap-ups\ntimezone: America/Chicago\n")},
		"content/windows/2030-03-09-mail.md": {Data: []byte("---\ntitle: Mail move\nstart: 2030-03-09 22:00\nplanned_end: 2030-03-10 03:00\nfacilitator: kim\nsystems: [mail]\n---\nMail is moving.\n")},
		"content/windows/2020-01-04-old.md":  {Data: []byte("---\ntitle: Overrunning\nstart: 2020-01-04 22:00\nplanned_end: 2020-01-05 01:00\n---\nStill going.\n")},
	}
	mem := output.NewMemory()
	if _, err := build.Build(site, build.Options{Now: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}, mem); err != nil {
		t.Fatal(err)
	}
	served := fstest.MapFS{}
	for name, data := range mem.Files() {
		served[name] = &fstest.MapFile{Data: data}
	}
	base := browsertest.Serve(t, served, "/it/wrapups/")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"windows/2030-03-09-mail/maintenance.html")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Asia/Tokyo"}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	end, err := chromedp.Run(ctx, chromedp.Text("#end"))
	if err != nil {
		t.Fatal(err)
	}
	zone, err := chromedp.Run(ctx, chromedp.Text("#zone"))
	if err != nil {
		t.Fatal(err)
	}
	lateShown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](lateVisible))
	if err != nil {
		t.Fatal(err)
	}
	// 03:00 CDT on 10 March is 08:00 UTC, 17:00 in Tokyo.
	// The browser's locale decides the clock style (17:00 or 05:00 PM).
	if !(strings.Contains(end, "17:00") || strings.Contains(end, "05:00 PM")) || !strings.Contains(end, "10") || zone != "(your time)" {
		t.Errorf("end reads %q %q, want 17:00 on the 10th in the viewer's zone", end, zone)
	}
	if lateShown {
		t.Error("the overrun note shows before the planned end")
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"windows/2020-01-04-old/maintenance.html")); err != nil {
		t.Fatal(err)
	}
	if lateShown, err = chromedp.Run(ctx, chromedp.Evaluate[bool](lateVisible)); err != nil {
		t.Fatal(err)
	}
	if !lateShown {
		t.Error("the overrun note does not show after the planned end")
	}
}

const lateVisible = `getComputedStyle(document.getElementById("late")).display !== "none"`
