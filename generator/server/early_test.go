package server

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/build"
)

// held is the result of a request the server may hold.
type held struct {
	code int
	body string
}

// getLater fetches url in the background.
func getLater(t *testing.T, url string) <-chan held {
	c := make(chan held, 1)
	go func() {
		resp, err := client.Get(url)
		if err != nil {
			c <- held{code: -1, body: err.Error()}
			return
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		c <- held{resp.StatusCode, b.String()}
	}()
	return c
}

// TestEarlyPagesAndHeldRequests stops a build right after its early pages
// (the edited window's page) were shown: that page is served with the
// edit, so is the theme's stylesheet (the same in both builds), and a
// request for any other page waits for the build instead of getting the
// page of the build before, which would not show the edit (the neighbour
// window's page links to the edited window by its new title).
func TestEarlyPagesAndHeldRequests(t *testing.T) {
	dir := testSite(t)
	s, url := start(t, dir, build.Options{Drafts: true})
	gate := make(chan struct{})
	show := s.session.Early
	var shown sync.WaitGroup
	shown.Add(1)
	s.session.Early = func(e *build.Early) {
		show(e)
		shown.Done()
		<-gate // the rest of the build waits
	}
	c := events(t, url)
	nextEvent(t, c) // hello
	p := "content/windows/2024-03-02-dns-move.md"
	writeFile(t, filepath.Join(dir, p), windowFile("DNS move, retitled", "We moved the zone twice."))
	rebuilt := make(chan *build.Generation, 1)
	go func() { rebuilt <- s.Rebuild([]string{p}) }()
	shown.Wait()
	if ev := nextEvent(t, c); fmt.Sprint(ev["updated"]) != "[/windows/2024-03-02-dns-move/]" {
		t.Fatalf("early event: %v", ev)
	}
	if _, _, body := get(t, url+"/windows/2024-03-02-dns-move/"); !strings.Contains(body, "We moved the zone twice.") || !strings.Contains(body, "DNS move, retitled") {
		t.Error("the early page does not show the edit")
	}
	if code, _, body := get(t, url+"/assets/style.css"); code != 200 || body == "" {
		t.Errorf("the stylesheet is held while the build is made: %d", code)
	}
	neighbour := getLater(t, url+"/windows/2024-02-10-mail-upgrade/")
	home := getLater(t, url+"/")
	missing := getLater(t, url+"/windows/nope/")
	select {
	case r := <-neighbour:
		t.Fatalf("a page that is not made early was served before the build was in (%d)", r.code)
	case <-time.After(300 * time.Millisecond):
	}
	close(gate)
	if g := <-rebuilt; g == nil || g.Err != nil {
		t.Fatalf("rebuild: %v", g)
	}
	for what, c := range map[string]<-chan held{"the neighbour's page": neighbour, "the home page": home} {
		r := <-c
		if r.code != 200 || !strings.Contains(r.body, "DNS move, retitled") {
			t.Errorf("%s, held, is not the new build's (%d)", what, r.code)
		}
	}
	if r := <-missing; r.code != 404 {
		t.Errorf("a missing page, held: %d", r.code)
	}
	ev := nextEvent(t, c)
	if ev["ok"] != true || listed(ev["updated"], "/windows/2024-03-02-dns-move/") || !listed(ev["updated"], "/windows/2024-02-10-mail-upgrade/") {
		t.Errorf("the build's event: %v", ev)
	}
}

// TestEarlyPageThatDiffersReloadsAgain makes the early page wrong, as a bug
// would: the build's event names it again, so the open page reloads with
// the finished build's page, and the log says so.
func TestEarlyPageThatDiffersReloadsAgain(t *testing.T) {
	dir := testSite(t)
	log := &lockedBuffer{}
	s := New(build.NewSession(os.DirFS(dir), build.Options{LiveReload: ScriptURL}), log)
	if g := s.Rebuild(nil); g.Err != nil {
		t.Fatal(g.Err)
	}
	server := httptest.NewServer(s)
	t.Cleanup(func() { s.Close(); server.Close() })
	hs := server.URL
	show := s.session.Early
	s.session.Early = func(e *build.Early) {
		for name := range e.Pages {
			e.Pages[name] = []byte("not the page")
		}
		show(e)
	}
	c := events(t, hs)
	nextEvent(t, c)
	p := "content/windows/2024-03-02-dns-move.md"
	writeFile(t, filepath.Join(dir, p), windowFile("DNS move", "Edited."))
	s.Rebuild([]string{p})
	if ev := nextEvent(t, c); !listed(ev["updated"], "/windows/2024-03-02-dns-move/") {
		t.Fatalf("early event: %v", ev)
	}
	if ev := nextEvent(t, c); !listed(ev["updated"], "/windows/2024-03-02-dns-move/") {
		t.Errorf("the build's event does not reload the page shown early and wrong: %v", ev)
	}
	if _, _, body := get(t, hs+"/windows/2024-03-02-dns-move/"); !strings.Contains(body, "Edited.") {
		t.Error("the finished build's page is not served")
	}
	if !strings.Contains(log.String(), "windows/2024-03-02-dns-move/index.html shown first differs") {
		t.Errorf("the log does not tell: %s", log.String())
	}
}

// lockedBuffer is a log written by the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
