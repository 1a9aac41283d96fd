package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/build"
)

func windowFile(title, body string) string { return windowOn("2024-03-02", title, body, "") }

// windowOn writes a held window that starts at 22:00 on day.
func windowOn(day, title, body, extra string) string {
	return "---\ntitle: " + title + "\nstart: " + day + " 22:00\nplanned_end: " + day + " 23:30\nend: " + day + " 23:00\nimpact: none\n" +
		"facilitator: tom\nattendees: [tom, jane]\nsystems: [dns]\n" + extra + "---\n" + body + "\n\n## Tasks\n1. Move the zone @jane [done] planned:30m actual:20m\n"
}

// testSite writes a small site into a temporary folder.
func testSite(t testing.TB) string {
	dir := t.TempDir()
	files := map[string]string{
		"wrapup.yaml":                                "title: Test wrap-ups\n",
		"content/windows/2024-03-02-dns-move.md":     windowFile("DNS move", "We moved the zone."),
		"content/windows/2024-02-10-mail-upgrade.md": windowOn("2024-02-10", "Mail upgrade", "We upgraded mail.", ""),
		"content/windows/2024-01-05-draft-plan.md":   windowOn("2024-01-05", "A draft plan", "Not ready.", "draft: true\n"),
	}
	for name, text := range files {
		writeFile(t, filepath.Join(dir, name), text)
	}
	return dir
}

func writeFile(t testing.TB, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	// Write beside and rename over, as editors do: a reader never sees half a file.
	tmp := path + ".tmp~"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

func start(t testing.TB, dir string, opts build.Options) (*Server, string) {
	t.Helper()
	if opts.LiveReload == "" {
		opts.LiveReload = ScriptURL
	}
	s := New(build.NewSession(os.DirFS(dir), opts), io.Discard)
	if g := s.Rebuild(nil); g.Err != nil {
		t.Fatalf("first build: %v", g.Err)
	}
	hs := httptest.NewServer(s) // loopback only
	t.Cleanup(func() { s.Close(); hs.Close() })
	return s, hs.URL
}

var client = &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func get(t testing.TB, url string) (int, http.Header, string) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(body)
}

func TestServesTheSiteFromMemory(t *testing.T) {
	dir := testSite(t)
	_, url := start(t, dir, build.Options{Drafts: true})
	code, h, body := get(t, url+"/windows/2024-03-02-dns-move/")
	if code != 200 || !strings.Contains(body, "We moved the zone.") || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Fatalf("window page: %d %s", code, h.Get("Content-Type"))
	}
	if !strings.Contains(body, `src="../../_wrapup/livereload.js"`) {
		t.Error("the page does not load the live-reload script page-relatively")
	}
	if code, h, _ := get(t, url+"/assets/style.css"); code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/css") {
		t.Errorf("style.css: %d %s", code, h.Get("Content-Type"))
	}
	if code, h, _ := get(t, url+"/_wrapup/livereload.js"); code != 200 || !strings.Contains(h.Get("Content-Type"), "javascript") {
		t.Errorf("livereload.js: %d %s", code, h.Get("Content-Type"))
	}
	if code, h, _ := get(t, url+"/windows/2024-03-02-dns-move"); code != http.StatusMovedPermanently || h.Get("Location") != "2024-03-02-dns-move/" {
		t.Errorf("no trailing slash: %d %q", code, h.Get("Location"))
	}
	if code, _, body := get(t, url+"/windows/nope/"); code != 404 || !strings.Contains(body, "<html") {
		t.Errorf("missing page: %d", code)
	}
	// Drafts are shown, and marked.
	if code, _, body := get(t, url+"/windows/2024-01-05-draft-plan/"); code != 200 || !strings.Contains(body, "draft") {
		t.Errorf("draft page: %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Error("the dev server wrote public/")
	}
}

func TestNoDraftsLeavesThemOut(t *testing.T) {
	_, url := start(t, testSite(t), build.Options{})
	if code, _, _ := get(t, url+"/windows/2024-01-05-draft-plan/"); code != 404 {
		t.Errorf("draft served without drafts: %d", code)
	}
}

// events connects to the event stream and returns a channel of its events.
func events(t *testing.T, url string) <-chan map[string]any {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"/_wrapup/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events Content-Type %q", ct)
	}
	out := make(chan map[string]any, 16)
	t.Cleanup(func() { cancel(); resp.Body.Close() })
	go func() {
		defer close(out)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(line, "event: "); ok {
				name = n
			} else if d, ok := strings.CutPrefix(line, "data: "); ok {
				ev := map[string]any{}
				json.Unmarshal([]byte(d), &ev)
				ev["event"] = name
				out <- ev
			}
		}
	}()
	return out
}

// listed reports whether an event's list of URLs holds url.
func listed(list any, url string) bool {
	urls, _ := list.([]any)
	for _, u := range urls {
		if u == url {
			return true
		}
	}
	return false
}

func nextEvent(t *testing.T, c <-chan map[string]any) map[string]any {
	t.Helper()
	select {
	case ev := <-c:
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
		return nil
	}
}

func TestEventsTellPagesWhatChanged(t *testing.T) {
	dir := testSite(t)
	s, url := start(t, dir, build.Options{Drafts: true})
	c := events(t, url)
	if ev := nextEvent(t, c); ev["event"] != "hello" || ev["ok"] != true {
		t.Fatalf("first event %v", ev)
	}
	p := "content/windows/2024-03-02-dns-move.md"

	writeFile(t, filepath.Join(dir, p), windowFile("DNS move", "We moved the zone twice."))
	s.Rebuild([]string{p})
	// The edited page first (shown early), then the rest of the build,
	// which does not name it again.
	ev := nextEvent(t, c)
	if ev["ok"] != true || fmt.Sprint(ev["updated"]) != "[/windows/2024-03-02-dns-move/]" {
		t.Fatalf("edit, early pages: %v", ev)
	}
	ev = nextEvent(t, c)
	if ev["ok"] != true || !strings.Contains(fmt.Sprint(ev["updated"]), "/windows/2024-02-10-mail-upgrade/") || listed(ev["updated"], "/windows/2024-03-02-dns-move/") {
		t.Fatalf("edit, the build: %v", ev)
	}
	if _, _, body := get(t, url+"/windows/2024-03-02-dns-move/"); !strings.Contains(body, "We moved the zone twice.") {
		t.Error("the edit is not served")
	}

	// A broken file: the error, with its position, escaped by JSON; the
	// last good build is still served.
	writeFile(t, filepath.Join(dir, p), strings.Replace(windowFile("DNS <b>move</b>", "x"), "title:", "titel:", 1))
	s.Rebuild([]string{p})
	ev = nextEvent(t, c)
	errs := fmt.Sprint(ev["errors"])
	if ev["ok"] != false || !strings.Contains(errs, p+":2:1") {
		t.Fatalf("broken file: %v", ev)
	}
	if _, _, body := get(t, url+"/windows/2024-03-02-dns-move/"); !strings.Contains(body, "We moved the zone twice.") {
		t.Error("the last good page is not served while the site has errors")
	}
	// A page opened now learns about the error on connecting.
	if hello := nextEvent(t, events(t, url)); hello["ok"] != false || !strings.Contains(fmt.Sprint(hello["errors"]), p) {
		t.Errorf("hello while broken: %v", hello)
	}

	writeFile(t, filepath.Join(dir, p), windowFile("DNS move", "Fixed."))
	s.Rebuild([]string{p})
	if ev = nextEvent(t, c); ev["ok"] != true || ev["all"] != true {
		t.Fatalf("fixed: %v", ev)
	}

	// A stylesheet alone: swap it, no reload.
	writeFile(t, filepath.Join(dir, "themes/default/static/assets/style.css"), "body { color: red; }\n")
	s.Rebuild([]string{"themes/default/static/assets/style.css"})
	if ev = nextEvent(t, c); ev["css"] != true {
		t.Fatalf("css change: %v", ev)
	}

	// A deleted window: named as removed.
	os.Remove(filepath.Join(dir, p))
	s.Rebuild([]string{p})
	if ev = nextEvent(t, c); !strings.Contains(fmt.Sprint(ev["removed"]), "/windows/2024-03-02-dns-move/") {
		t.Fatalf("delete: %v", ev)
	}
}

func TestTemplateErrorsDoNotStopTheServer(t *testing.T) {
	dir := testSite(t)
	s, url := start(t, dir, build.Options{})
	c := events(t, url)
	nextEvent(t, c)
	writeFile(t, filepath.Join(dir, "themes/default/templates/pages/window.html"), `{{ define "main" }}{{ .Nope.Broken }`)
	s.Rebuild([]string{"themes/default/templates/pages/window.html"})
	if ev := nextEvent(t, c); ev["ok"] != false || !strings.Contains(fmt.Sprint(ev["errors"]), "window.html") {
		t.Fatalf("template parse error: %v", ev)
	}
	os.Remove(filepath.Join(dir, "themes/default/templates/pages/window.html"))
	s.Rebuild([]string{"themes/default/templates/pages/window.html"})
	if ev := nextEvent(t, c); ev["ok"] != true {
		t.Fatalf("fixed template: %v", ev)
	}
	if code, _, _ := get(t, url+"/windows/2024-03-02-dns-move/"); code != 200 {
		t.Errorf("after the fix: %d", code)
	}
}

func TestFirstBuildFailingShowsTheErrors(t *testing.T) {
	dir := testSite(t)
	writeFile(t, filepath.Join(dir, "content/windows/2024-03-02-dns-move.md"), "---\ntitle: [unclosed\n---\n<script>alert(1)</script>\n")
	s := New(build.NewSession(os.DirFS(dir), build.Options{LiveReload: ScriptURL}), io.Discard)
	if g := s.Rebuild(nil); g.Err == nil {
		t.Fatal("no error")
	}
	hs := httptest.NewServer(s)
	defer hs.Close()
	defer s.Close()
	code, _, body := get(t, hs.URL+"/")
	if code != 500 || !strings.Contains(body, "content/windows/2024-03-02-dns-move.md:") || !strings.Contains(body, "livereload.js") {
		t.Fatalf("error page: %d\n%s", code, body)
	}
}

// TestRequestsDuringRebuilds loads the server with concurrent requests while
// the site is rebuilt again and again (run with -race): every answer is a
// whole page of one build.
func TestRequestsDuringRebuilds(t *testing.T) {
	dir := testSite(t)
	s, url := start(t, dir, build.Options{Drafts: true})
	p := "content/windows/2024-03-02-dns-move.md"
	writeFile(t, filepath.Join(dir, p), windowFile("DNS move", "Revision first."))
	s.Rebuild([]string{p})
	pages := []string{"/", "/windows/", "/windows/2024-03-02-dns-move/", "/windows/2024-02-10-mail-upgrade/", "/people/tom/", "/systems/dns/", "/assets/style.css", "/data/windows.json"}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan string, 100)
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				page := pages[(i+n)%len(pages)]
				resp, err := client.Get(url + page)
				if err != nil {
					errs <- err.Error()
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 {
					errs <- fmt.Sprintf("%s: %d %v", page, resp.StatusCode, err)
					return
				}
				if strings.HasSuffix(page, "/") && !strings.Contains(string(body), "</html>") {
					errs <- page + ": a page cut short"
					return
				}
				if page == "/windows/2024-03-02-dns-move/" && !strings.Contains(string(body), "Revision ") {
					errs <- page + ": not a revision"
					return
				}
			}
		}()
	}
	for i := range 15 {
		writeFile(t, filepath.Join(dir, p), windowFile(fmt.Sprintf("DNS move %d", i), fmt.Sprintf("Revision %d.", i)))
		if g := s.Rebuild([]string{p}); g == nil || g.Err != nil {
			t.Fatalf("rebuild %d: %v", i, g)
		}
		if i == 0 {
			time.Sleep(20 * time.Millisecond)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if _, _, body := get(t, url+"/windows/2024-03-02-dns-move/"); !strings.Contains(body, "Revision 14.") {
		t.Error("the last revision is not served")
	}
}
