package build

import (
	"context"
	"fmt"
	"hash/maphash"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/wrapup/wrapup/internal/memo"
	"github.com/wrapup/wrapup/internal/par"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/linkcheck"
	"github.com/wrapup/wrapup/generator/load"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/parse"
	"github.com/wrapup/wrapup/generator/render"
	"github.com/wrapup/wrapup/generator/trends"
)

// Session is the dev server's incremental build. It keeps the files it read
// and the windows it parsed; told which paths changed, it reads and parses
// only those files (and only when their content changed), runs the stages
// that span windows again (their work kept in planMemo by the revisions of
// the windows it was made from), and compares each output's dependency keys
// with the previous build's (deps.go): outputs whose keys' revisions did not
// change keep their bytes. What it produces is always exactly what Build
// produces from the same files (TestSessionEqualsFullBuild checks this after
// random edits, with the default theme and with a theme whose templates read
// every field their data reaches).
//
// A Session is not safe for concurrent use; the Generations it returns are.
type Session struct {
	// Now is the clock: "today" for the pages (unless Options.Now is set)
	// and the time builds take. NewSession sets it to time.Now; tests
	// replace it.
	Now func() time.Time
	// Early, when set, is given the start of a build before the rest of
	// it is made, when an edit allows one (see Early): the dev server
	// shows the edited windows' pages first. It is called from Update.
	Early func(*Early)

	fsys fs.FS
	opts Options
	seed maphash.Seed
	now  time.Time // fixed per calendar day, so that pages do not change by the clock

	sources map[string][]byte // every source file read, by path
	// lastSource is what source last listed, while no file was added or
	// removed since (nil otherwise); listed is how many files it has.
	lastSource *load.Source
	listed     int
	readErrs   map[string]diag.List // files that could not be read
	parsed     map[string]*parsedWindow
	parseKey   uint64 // hash of the files every window depends on (config, people)
	// windowRevs is the revision of each window parsed: of its file and
	// of the files it was parsed with (see deps.go).
	windowRevs map[*model.Window]uint64

	theme      fs.FS
	renderer   *render.Renderer
	themeSum   uint64
	themeKey   string // the theme name and base path the renderer was made for
	themeDirty bool
	// rendererGen counts the renderers made: what a page's keys were
	// worked out with (which templates reach the windows).
	rendererGen uint64

	memo *planMemo

	last *Generation // the last good build
	// clean is set when the last Update made last (it did not fail or
	// stop): the files parsed are then last's but for what changed since.
	clean bool
	// lastNow and lastNav are last's today and navigation.
	lastNow time.Time
	lastNav []render.NavItem
	number  int
	started bool
	// unfinished is set when an Update was cancelled: the next one builds
	// even if no file changed since.
	unfinished bool
}

// planMemo is what plan may keep from one of a Session's builds to the
// next: the index's groups, what the trends report was made of, each
// window's run sheet parts, the pages of each window and group (families.go)
// and the link check's targets, each kept with the revisions of what it was
// made from (internal/memo). All give the same results as a build from
// scratch.
type planMemo struct {
	index  *aggregate.Memo
	report *trends.Memo
	// tools are the windows' run sheet parts, by window id, each made
	// from the window of the revision it is kept with: a window of the
	// same revision is the same parsed value (parseWindows).
	tools *memo.Memo[string, render.ToolParts]
	// revision is the Session's revision of a window it parsed.
	revision func(*model.Window) (uint64, bool)
	// pages are the pages of windows and groups, and their outputs' keys.
	pages *pageMemo
	// links are the targets of the links in content.
	links *linkcheck.Memo
	seed  maphash.Seed
	// revisions makes the revisions of the keys of a build (deps.go);
	// rendererGen counts the renderers the Session made.
	revisions   func(windows []*model.Window, ix *aggregate.Index, report *trends.Report, now time.Time) *revisions
	rendererGen func() uint64
}

// keep is the render.Keep of a build (the zero Keep in a one-off build);
// r are the revisions of its keys, nil in a one-off build.
func (m *planMemo) keep(windows []*model.Window, ix *aggregate.Index, report *trends.Report, now time.Time) (render.Keep, *revisions) {
	if m == nil {
		return render.Keep{}, nil
	}
	r := m.revisions(windows, ix, report, now)
	return m.pages.keep(windows, r, m.toolParts()), r
}

// pageOut is the name and dependency keys of page p's output. A one-off
// build compares nothing with a previous build, so its pages get no keys
// (they were ~7 MB live through the 10k build: docs/benchmarks.md,
// "Session 5: memory").
func (m *planMemo) pageOut(r *render.Renderer, p *render.Page) pageOut {
	if m == nil {
		return pageOut{name: fileSharingURL(p)}
	}
	return m.pages.out(r, m.rendererGen(), p)
}

// fileSharingURL is p.File(), made to share its bytes with p.URL, which it
// points into: "/windows/x/" is the start of "/windows/x/index.html". One
// string per page instead of two, held to the end of a one-off build (its
// pages are its own: a Session's may be shared by two builds, and keep
// their URL).
func fileSharingURL(p *render.Page) string {
	if !strings.HasPrefix(p.URL, "/") || !strings.HasSuffix(p.URL, "/") {
		return p.File()
	}
	full := p.URL + "index.html"
	p.URL = full[:len(p.URL)]
	return full[1:]
}

// toolParts is the partsOf of render.ToolPages: nil (work everything out)
// in a one-off build.
func (m *planMemo) toolParts() func(*model.Window) render.ToolParts {
	if m == nil {
		return nil
	}
	return func(w *model.Window) render.ToolParts {
		rev, ok := m.revision(w)
		if !ok {
			return render.ToolPartsOf(w)
		}
		return m.tools.Get(w.ID, rev, func() render.ToolParts { return render.ToolPartsOf(w) })
	}
}

// sweep forgets what the last build did not use.
func (m *planMemo) sweep() {
	if m != nil {
		m.tools.Sweep()
		m.index.Sweep()
		m.pages.sweep()
	}
}

func (m *planMemo) aggregate() *aggregate.Memo {
	if m == nil {
		return nil
	}
	return m.index
}

func (m *planMemo) trends() *trends.Memo {
	if m == nil {
		return nil
	}
	return m.report
}

type parsedWindow struct {
	sum  uint64 // content hash
	data []byte // the content parsed
	key  uint64 // parseKey it was parsed with
	w    *model.Window
	diag diag.List
}

// NewSession prepares an incremental build of the site folder fsys. Nothing
// is read until the first Update.
func NewSession(fsys fs.FS, opts Options) *Session {
	s := &Session{Now: time.Now, fsys: fsys, opts: opts, seed: maphash.MakeSeed(),
		sources: map[string][]byte{}, readErrs: map[string]diag.List{}, parsed: map[string]*parsedWindow{}}
	revision := func(w *model.Window) (uint64, bool) { rev, ok := s.windowRevs[w]; return rev, ok }
	s.memo = &planMemo{index: aggregate.NewMemo(revision), report: trends.NewMemo(revision),
		tools: memo.New[string, render.ToolParts](), revision: revision, pages: newPageMemo(), links: linkcheck.NewMemo(), seed: s.seed,
		revisions: s.revisions, rendererGen: func() uint64 { return s.rendererGen }}
	return s
}

// Update brings the build up to date after the source paths in changed
// (slash-separated, relative to the site folder; a folder stands for
// everything under it) were written, created, removed or renamed. With
// changed nil it reads the whole site again. It returns nil when no source
// file's content changed (an editor touched a file, or saved it unchanged).
//
// A build with content errors comes back with Err set and no outputs; the
// next good build is compared with the last good one. When ctx is done
// before the build is finished, Update returns a generation whose Err is
// ctx's error; the next Update builds again.
func (s *Session) Update(ctx context.Context, changed []string) *Generation {
	started := s.Now()
	themeDirty := !s.started
	var touched []string
	if !s.started || changed == nil {
		touched = s.rescanAll()
		themeDirty = true
		s.started = true
	} else {
		for _, p := range cleanPaths(changed) {
			if p == "." {
				touched = append(touched, s.rescanAll()...)
				themeDirty = true
				continue
			}
			if p == load.ThemesDir || strings.HasPrefix(p, load.ThemesDir+"/") {
				themeDirty = true
				touched = append(touched, p)
			}
			touched = append(touched, s.refresh(p)...)
		}
	}
	if len(touched) == 0 && !themeDirty && !s.unfinished && s.now.Equal(s.today()) {
		return nil
	}
	s.themeDirty = s.themeDirty || themeDirty
	sort.Strings(touched)
	touched = slices.Compact(touched)

	s.number++
	g := &Generation{Number: s.number, Changed: touched}
	done := func(err error) *Generation {
		g.Err = err
		g.Took = s.Now().Sub(started)
		s.clean = err == nil
		return g
	}
	s.unfinished = true
	if err := ctx.Err(); err != nil {
		return done(err)
	}
	s.now = s.today()
	opts := s.opts
	opts.Now = s.now
	if s.Early != nil && !themeDirty {
		if e := s.early(g.Number, touched, opts); e != nil {
			s.Early(e)
		}
	}
	site, diags := parseSource(s.source(), s.loadDiags(), opts, s.parseWindows)
	g.Result = &Result{Site: site, Diagnostics: diags}
	// Files with errors do not stop the run: the theme and the links are
	// checked too, and every error is reported at once (plan fails when
	// there are any).
	if err := ctx.Err(); err != nil {
		return done(err)
	}
	if err := s.prepareTheme(site.Config); err != nil {
		s.unfinished = false
		err = g.Result.fail(err)
		if diags.HasErrors() {
			err = g.Result.Diagnostics.Err()
		}
		return done(err)
	}
	outs, err := plan(site, s.theme, s.renderer, opts, g.Result, s.memo)
	if err != nil {
		s.unfinished = false
		return done(err)
	}
	s.memo.sweep()
	if err := ctx.Err(); err != nil {
		return done(err)
	}
	s.compare(g, outs)
	s.last, s.lastNow, s.lastNav = g, s.now, outs.View.Nav
	s.unfinished = false
	return done(nil)
}

// today is the build's "today": Options.Now when set, else the moment the
// session first built, moved on when the calendar date changes. Pages show
// the build date; a clock that moved every rebuild would change them all.
func (s *Session) today() time.Time {
	if !s.opts.Now.IsZero() {
		return s.opts.Now
	}
	now := s.Now()
	if s.now.IsZero() || now.Format(time.DateOnly) != s.now.Format(time.DateOnly) {
		return now
	}
	return s.now
}

// prepareTheme parses the theme's templates again when the theme or the
// configuration changed.
func (s *Session) prepareTheme(cfg model.Config) error {
	theme, err := SiteTheme(s.fsys, cfg)
	if err != nil {
		s.themeDirty = true
		return err
	}
	if !s.themeDirty && s.renderer != nil && s.theme != nil {
		// The configuration may name another theme or base path.
		if fmt.Sprint(cfg.Theme, "\x00", BasePath(cfg.BaseURL)) == s.themeKey {
			return nil
		}
	}
	r, err := newRenderer(theme, cfg, s.opts)
	if err != nil {
		s.themeDirty = true
		return err
	}
	sum, err := s.hashTheme(theme)
	if err != nil {
		s.themeDirty = true
		return err
	}
	s.theme, s.renderer, s.themeSum, s.themeDirty = theme, r, sum, false
	s.rendererGen++
	s.themeKey = fmt.Sprint(cfg.Theme, "\x00", BasePath(cfg.BaseURL))
	return nil
}

// hashTheme hashes the theme's files but static/: a template may change
// every page, a static file only itself (it is an output of its own).
func (s *Session) hashTheme(theme fs.FS) (uint64, error) {
	var h maphash.Hash
	h.SetSeed(s.seed)
	err := fs.WalkDir(theme, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p == "static" {
				return fs.SkipDir
			}
			return nil
		}
		data, err := fs.ReadFile(theme, p)
		if err != nil {
			return err
		}
		h.WriteString(p)
		h.WriteByte(0)
		writeUint(&h, uint64(len(data)))
		h.Write(data)
		return nil
	})
	return h.Sum64(), err
}

// parseWindows is the Session's windowParser: it parses only the files whose
// content, or the configuration and people they are read with, changed.
func (s *Session) parseWindows(files []load.File, cfg model.Config, people map[string]model.Person) ([]*model.Window, diag.List) {
	key := s.keyOf(load.ConfigFile, load.PeopleFile)
	if key != s.parseKey {
		s.parsed = map[string]*parsedWindow{}
		s.parseKey = key
	}
	var todo []int
	results := make([]*parsedWindow, len(files))
	for i, f := range files {
		p := s.parsed[f.Path]
		if p != nil && p.key == key && len(f.Data) > 0 && len(p.data) == len(f.Data) && &p.data[0] == &f.Data[0] {
			// The very bytes it was parsed from (source files are
			// never changed in place): no need to hash them again.
			results[i] = p
			continue
		}
		sum := maphash.Bytes(s.seed, f.Data)
		if p != nil && p.sum == sum && p.key == key {
			p.data = f.Data
			results[i] = p
			continue
		}
		results[i] = &parsedWindow{sum: sum, key: key, data: f.Data}
		todo = append(todo, i)
	}
	par.Do(len(todo), func(j int) {
		i := todo[j]
		w, d := parse.Window(files[i].Path, files[i].Data, cfg, people)
		results[i].w, results[i].diag = w, d
	})
	seen := make(map[string]bool, len(files))
	var windows []*model.Window
	var diags diag.List
	s.windowRevs = make(map[*model.Window]uint64, len(files))
	for i, r := range results {
		s.parsed[files[i].Path] = r
		if r.w != nil {
			s.windowRevs[r.w] = s.windowRev(files[i].Path, r)
		}
		seen[files[i].Path] = true
		diags = append(diags, r.diag...)
		if r.w != nil && !r.diag.HasErrors() {
			windows = append(windows, r.w)
		}
	}
	for p := range s.parsed {
		if !seen[p] {
			delete(s.parsed, p)
		}
	}
	return windows, diags
}

// windowRev is the revision of the window parsed from the file at path
// (see windowRevs).
func (s *Session) windowRev(path string, r *parsedWindow) uint64 {
	var h maphash.Hash
	h.SetSeed(s.seed)
	h.WriteString(path)
	writeUint(&h, r.sum)
	writeUint(&h, r.key)
	return h.Sum64()
}

// keyOf hashes the current content of some source files.
func (s *Session) keyOf(paths ...string) uint64 {
	var h maphash.Hash
	h.SetSeed(s.seed)
	for _, p := range paths {
		data, ok := s.sources[p]
		if ok {
			h.WriteByte(1)
		} else {
			h.WriteByte(0)
		}
		writeUint(&h, uint64(len(data)))
		h.Write(data)
	}
	return h.Sum64()
}
