// Package server is the dev server: it serves the site from memory, rebuilds
// it incrementally when files change, and tells open pages over Server-Sent
// Events (on the same port) to reload, to swap their stylesheets, or to show
// the build's errors.
package server

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/diag"
)

// ScriptURL is the live-reload script's root-relative URL; build.Options.
// LiveReload puts it into every page (links are made page-relative, so it
// works under any sub-path).
const ScriptURL = "/_wrapup/livereload.js"

const (
	scriptPath = "/_wrapup/livereload.js"
	eventsPath = "/_wrapup/events"
	// maxListed is how many changed pages a build event names; past it the
	// event says "all" and every open page reloads.
	maxListed = 2000
)

//go:embed livereload.js
var liveReloadJS []byte

// Server serves one site and rebuilds it. Its methods are safe for
// concurrent use.
type Server struct {
	// Now is the clock of the log's timestamps and timings; New sets it to
	// time.Now, tests replace it.
	Now func() time.Time

	session *build.Session
	log     io.Writer
	nonce   string // changes with every server start: pages reload after a restart

	rebuildMu sync.Mutex // one rebuild at a time: a Session is not concurrent
	rescan    bool       // a build panicked: the next one reads the whole site
	crashes   int
	state     atomic.Pointer[state]
	stopBG    context.CancelFunc // stops the previous generation's background work

	mu      sync.Mutex
	clients map[chan []byte]bool
	closed  bool
}

// state is what requests see: the last good generation and, when the latest
// build failed, its errors. It is replaced whole, never changed.
//
// While a build that started early (build.Early) is being finished, the
// state has its early pages: they are served, and so are the outputs the
// last generation is sure to share with the next (a theme's static files);
// a request for any other output waits until ready is closed, when the
// build is in (or failed), so that no page older than the early ones is
// served beside them.
type state struct {
	gen    *build.Generation // nil until a build succeeds
	errors []errorView
	id     string
	early  *build.Early
	ready  chan struct{}
}

// New returns a server for the site the session builds. log receives what a
// person at the terminal reads.
func New(session *build.Session, log io.Writer) *Server {
	s := &Server{Now: time.Now, session: session, log: log, clients: map[chan []byte]bool{},
		nonce: strconv.FormatInt(time.Now().UnixNano(), 36)}
	s.state.Store(&state{id: s.nonce + "-0"})
	session.Early = s.showEarly
	return s
}

// showEarly serves the early pages of the build being made (called by the
// session from Rebuild, under rebuildMu) and tells the open pages.
func (s *Server) showEarly(e *build.Early) {
	old := s.state.Load()
	if old.gen == nil || len(old.errors) > 0 || old.early != nil {
		return // the build's event reloads every page
	}
	id := s.nonce + "-" + strconv.Itoa(e.Number)
	s.state.Store(&state{gen: old.gen, id: id, early: e, ready: make(chan struct{})})
	names := make([]string, 0, len(e.Pages))
	for name := range e.Pages {
		names = append(names, name)
	}
	sort.Strings(names)
	s.broadcast("build", event{ID: id, OK: true, Updated: pageURLs(names)})
}

// settle ends the early state of pending (nil: none) once the build it
// started has been stored: requests that waited are served from it.
func settle(pending *state) {
	if pending != nil && pending.ready != nil {
		close(pending.ready)
	}
}

// sameAsEarly lists the early pages of e (nil: none) that generation g
// made the same, and the names of those it made otherwise: a bug, which
// the open pages are told of by a second reload.
func sameAsEarly(g *build.Generation, e *build.Early) (same map[string]bool, differ []string) {
	if e == nil || e.Number != g.Number {
		return nil, nil
	}
	same = map[string]bool{}
	for name, early := range e.Pages {
		data, ok, err := g.Get(name)
		if ok && err == nil && bytes.Equal(data, early) {
			same[name] = true
		} else {
			differ = append(differ, name)
		}
	}
	sort.Strings(differ)
	return same, differ
}

// Rebuild brings the site up to date after the paths in changed were
// written (nil: read everything), swaps the new build in at once and tells
// the open pages. It returns the new generation, or nil when nothing changed.
func (s *Server) Rebuild(changed []string) *build.Generation {
	s.rebuildMu.Lock()
	defer s.rebuildMu.Unlock()
	if s.rescan {
		changed = nil // the session may be half way through a build that panicked
	}
	// The served generation's background work would compete with this
	// build for the cores; what is not made yet is made on demand (and
	// the work resumes if this build fails).
	if s.stopBG != nil {
		s.stopBG()
		s.stopBG = nil
	}
	before := s.state.Load()
	g, crash := s.update(changed)
	old := s.state.Load()
	var pending *state
	if old.early != nil {
		pending, old = old, before
	}
	defer settle(pending)
	if crash != nil {
		// The server stays up with the last good build and the error, and
		// the next rebuild reads everything again.
		s.rescan = true
		s.crashes++
		id := s.nonce + "-crash" + strconv.Itoa(s.crashes)
		errs := []errorView{{Where: "wrapup", Message: crash.Error()}}
		s.state.Store(&state{gen: old.gen, errors: errs, id: id})
		s.logf("%sbuild failed: %v\n", s.stamp(), crash)
		s.broadcast("build", event{ID: id, OK: false, Errors: errs})
		s.resume(old)
		return &build.Generation{Err: crash, Result: &build.Result{}}
	}
	s.rescan = false
	if g == nil {
		s.resume(old)
		return nil
	}
	id := s.nonce + "-" + strconv.Itoa(g.Number)
	if g.Err != nil {
		errs := errorViews(g.Err, s.session.Source())
		s.state.Store(&state{gen: old.gen, errors: errs, id: id})
		s.logf("%s%s: build failed in %s\n", s.stamp(), describe(g.Changed, changed), ms(g.Took))
		for _, e := range errs {
			s.logf("  %s: error: %s\n", e.Where, e.Message)
			if e.Source != "" {
				n := strconv.Itoa(e.Line)
				s.logf("    %s | %s\n    %s | %s\n", n, e.Source, strings.Repeat(" ", len(n)), e.Caret)
			}
		}
		s.broadcast("build", event{ID: id, OK: false, Errors: errs})
		s.resume(old)
		return g
	}
	var early *build.Early
	if pending != nil {
		early = pending.early
	}
	same, differ := sameAsEarly(g, early)
	s.state.Store(&state{gen: g, id: id})
	// Warnings show once: all of them after the first build, then those
	// of the files that changed (a pipe saved among the windows, say).
	var only map[string]bool
	if old.gen != nil {
		only = map[string]bool{}
		for _, p := range g.Changed {
			only[p] = true
		}
	}
	for _, d := range g.Result.Diagnostics {
		if d.Severity == diag.Warning && (only == nil || only[d.Path]) {
			s.logf("  %s\n", d.Error())
		}
	}
	for _, name := range differ {
		s.logf("  internal error: the page %s shown first differs from the finished build's (shown now)\n", name)
	}
	ev := event{ID: id, OK: true}
	if len(old.errors) == 0 && old.gen != nil {
		// The pages shown early that the build made the same are not
		// reloaded again.
		updated := g.Updated
		if len(same) > 0 {
			updated = make([]string, 0, len(g.Updated))
			for _, name := range g.Updated {
				if !same[name] {
					updated = append(updated, name)
				}
			}
		}
		ev.Updated, ev.Removed = pageURLs(updated), pageURLs(g.Removed)
		ev.CSS = len(g.Removed) == 0 && len(g.Updated) > 0 && allCSS(g.Updated)
		if len(ev.Updated)+len(ev.Removed) > maxListed {
			ev.All, ev.Updated, ev.Removed = true, nil, nil
		}
	} else {
		ev.All = true
	}
	if old.gen != nil {
		s.logf("%s%s: rebuilt in %s, %d of %d files to remake (%d pages)\n", s.stamp(), describe(g.Changed, changed), ms(g.Took),
			g.Dirty, len(g.Names()), countPages(g.Updated))
	}
	s.broadcast("build", ev)
	s.finish(g, id)
	return g
}

// resume goes on with the background work of the generation st serves,
// which Rebuild stopped, when the build did not replace it.
func (s *Server) resume(st *state) {
	if st.gen != nil {
		s.finish(st.gen, st.id)
	}
}

// update runs the session's build; a panic in it (a bug, or a file system
// failing in a way nothing expected) comes back as an error instead of
// ending the server.
func (s *Server) update(changed []string) (g *build.Generation, crash error) {
	defer func() {
		if r := recover(); r != nil {
			crash = fmt.Errorf("internal error while building (the next save builds everything again): %v", r)
		}
	}()
	return s.session.Update(context.Background(), changed), nil
}

// finish makes the rest of the generation's files in the background, on one
// core (the other answers requests), so that a template error on a page
// nobody opened still shows, and every page is ready when asked for.
func (s *Server) finish(g *build.Generation, id string) {
	if s.stopBG != nil {
		s.stopBG()
	}
	ctx, stop := context.WithCancel(context.Background())
	s.stopBG = stop
	started := s.Now()
	first := g.Number == 1
	go func() {
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("internal error while making pages: %v", r)
				}
			}()
			err = g.MakeAll(ctx, 1)
		}()
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			s.rebuildMu.Lock()
			defer s.rebuildMu.Unlock()
			cur := s.state.Load()
			if cur.gen != g || cur.id != id {
				return // a newer build has taken over
			}
			errs := []errorView{{Where: "theme", Message: err.Error()}}
			s.state.Store(&state{gen: g, errors: errs, id: id + "t"})
			s.logf("%stemplate error: %v\n", s.stamp(), err)
			s.broadcast("build", event{ID: id + "t", OK: false, Errors: errs})
			return
		}
		if first {
			s.logf("all %d files ready in %s\n", len(g.Names()), s.Now().Sub(started).Round(time.Millisecond))
		}
	}()
}

// Close ends the event streams (an http.Server's Shutdown waits for them)
// and the background work.
func (s *Server) Close() {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		for c := range s.clients {
			close(c)
		}
		s.clients = map[chan []byte]bool{}
	}
	s.mu.Unlock()
	s.rebuildMu.Lock()
	if s.stopBG != nil {
		s.stopBG()
		s.stopBG = nil
	}
	s.rebuildMu.Unlock()
}

// Current returns the generation being served (nil before the first good build).
func (s *Server) Current() *build.Generation { return s.state.Load().gen }

func (s *Server) logf(format string, args ...any) {
	if s.log != nil {
		fmt.Fprintf(s.log, format, args...)
	}
}

// ServeHTTP serves the site, the live-reload script and the event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	st := s.state.Load()
	p := r.URL.Path
	// A site whose base_url has a path is served at the root too; its 404
	// page links from the base path, so strip it.
	if st.gen != nil {
		if base := build.BasePath(st.gen.Result.Site.Config.BaseURL); base != "/" {
			if rest, ok := strings.CutPrefix(p, base); ok {
				p = "/" + rest
			} else if p+"/" == base {
				p = "/"
			}
		}
	}
	switch {
	case strings.HasSuffix(p, scriptPath):
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(liveReloadJS)
		return
	case strings.HasSuffix(p, eventsPath):
		s.events(w, r)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+p), "/")
	if name == "" || strings.HasSuffix(p, "/") {
		name = path.Join(name, "index.html")
	}
	for st.early != nil {
		if data, ok := st.early.Pages[name]; ok {
			w.Header().Set("Server-Timing", `wrapup;desc="`+st.id+`"`)
			w.Header().Set("Cache-Control", "no-store")
			http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
			return
		}
		if st.early.Unchanged(name) {
			break
		}
		// Not made yet: wait for the build rather than serve a page older
		// than the early ones (and again if the next build started early).
		select {
		case <-st.ready:
		case <-r.Context().Done():
			return
		}
		st = s.state.Load()
	}
	// The build this response comes from, for the live-reload script: a
	// page whose stream connects only after a newer build (saved while the
	// page loaded) sees a different id in its first hello and reloads.
	// Server-Timing is the header a page's script can read of its own load.
	w.Header().Set("Server-Timing", `wrapup;desc="`+st.id+`"`)
	if st.gen == nil {
		s.errorPage(w, st, http.StatusInternalServerError)
		return
	}
	g := st.gen
	if !g.Has(name) && g.Has(path.Join(name, "index.html")) {
		// A relative Location keeps working behind a proxy that serves the
		// site under a sub-path.
		w.Header().Set("Location", path.Base(name)+"/")
		w.WriteHeader(http.StatusMovedPermanently)
		return
	}
	status := http.StatusOK
	if !g.Has(name) {
		status, name = http.StatusNotFound, "404.html"
	}
	data, ok, err := g.Get(name)
	if err != nil {
		s.errorPage(w, &state{errors: []errorView{{Where: "theme", Message: err.Error()}}}, http.StatusInternalServerError)
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if status != http.StatusOK {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		w.Write(data)
		return
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// pageURLs turns output names into the URLs pages know themselves by.
func pageURLs(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if n == "index.html" {
			out = append(out, "/")
		} else if d, ok := strings.CutSuffix(n, "/index.html"); ok {
			out = append(out, "/"+d+"/")
		} else {
			out = append(out, "/"+n)
		}
	}
	return out
}

// allCSS reports whether a change is to stylesheets only, as far as an open
// page can tell: no page or script changed. Data files (feeds, exports)
// whose inputs cannot be fingerprinted are remade every time and do not count.
func allCSS(names []string) bool {
	css := false
	for _, n := range names {
		switch path.Ext(n) {
		case ".css":
			css = true
		case ".html", ".js", "":
			return false
		}
	}
	return css
}

func countPages(names []string) int {
	n := 0
	for _, name := range names {
		if path.Ext(name) == ".html" {
			n++
		}
	}
	return n
}

// describe names what changed for the terminal.
func describe(changed, asked []string) string {
	list := changed
	if len(list) == 0 {
		list = asked
	}
	switch {
	case asked == nil && len(changed) > 3:
		return "full rebuild"
	case len(list) == 0:
		return "rebuild"
	case len(list) <= 3:
		return "changed " + strings.Join(list, ", ")
	default:
		return fmt.Sprintf("changed %s and %d more", strings.Join(list[:2], ", "), len(list)-2)
	}
}

func (s *Server) stamp() string { return s.Now().Format("15:04:05") + " " }

func ms(d time.Duration) string {
	if d < 10*time.Millisecond {
		return d.Round(100 * time.Microsecond).String()
	}
	return d.Round(time.Millisecond).String()
}
