package browsertest

import (
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"
)

func TestServeUnderSubPath(t *testing.T) {
	ctx := New(t)
	base := Serve(t, fstest.MapFS{"index.html": {Data: []byte("<title>hello</title><p id=x>served</p>")}}, "/it/wrapups/")
	if err := chromedp.Do(ctx, chromedp.Navigate(base)); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text("#x"))
	if err != nil {
		t.Fatal(err)
	}
	if text != "served" {
		t.Fatalf("text = %q, want served", text)
	}
}
