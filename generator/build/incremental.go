package build

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"path"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/load"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/output"
	"github.com/wrapup/wrapup/generator/parse"
	"github.com/wrapup/wrapup/generator/render"
	"github.com/wrapup/wrapup/generator/trends"
)

// Session is the dev server's incremental build. It keeps the files it read
// and the windows it parsed; told which paths changed, it reads and parses
// only those files (and only when their content changed), runs the stages
// that span windows again, and compares each output's inputs with the
// previous build's: outputs whose inputs did not change keep their bytes.
// What it produces is always exactly what Build produces from the same files
// (TestSessionEqualsFullBuild checks this after random edits).
//
// A Session is not safe for concurrent use; the Generations it returns are.
type Session struct {
	fsys fs.FS
	opts Options
	seed maphash.Seed
	now  time.Time // fixed per calendar day, so that pages do not change by the clock

	sources  map[string][]byte    // every source file read, by path
	readErrs map[string]diag.List // files that could not be read
	parsed   map[string]*parsedWindow
	parseKey uint64 // hash of the files every window depends on (config, people)

	theme      fs.FS
	renderer   *render.Renderer
	themeSum   uint64
	themeKey   string // the theme name and base path the renderer was made for
	themeDirty bool

	memo *planMemo
	// memos are the fingerprinters' memos of the last build that got as
	// far as comparing (see fingerprinter).
	memos []map[memoKey]memoEntry

	last    *Generation // the last good build
	number  int
	started bool
}

// planMemo is what Plan may keep from one of a Session's builds to the
// next: the last aggregate index and what the trends report was made of.
// Both give the same results as a build from scratch.
type planMemo struct {
	index  *aggregate.Memo
	report *trends.Memo
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
	key  uint64 // parseKey it was parsed with
	w    *model.Window
	diag diag.List
}

// NewSession prepares an incremental build of the site folder fsys. Nothing
// is read until the first Update.
func NewSession(fsys fs.FS, opts Options) *Session {
	return &Session{fsys: fsys, opts: opts, seed: maphash.MakeSeed(),
		sources: map[string][]byte{}, readErrs: map[string]diag.List{}, parsed: map[string]*parsedWindow{},
		memo: &planMemo{index: aggregate.NewMemo(), report: trends.NewMemo()}}
}

// Generation is the result of one build of a Session: the site's outputs,
// made on demand and kept. It never changes once returned, so a server can
// serve one generation while the next is being built.
type Generation struct {
	Number  int
	Result  *Result
	Err     error    // content errors (a diag.ErrorList) or a theme error; the outputs are then empty
	Changed []string // the source paths that changed since the previous build
	Took    time.Duration

	// Dirty counts the outputs that must be made anew (their inputs changed
	// or they are new), Reused those that keep the previous build's bytes.
	Dirty, Reused int
	// Updated names the outputs that are new or whose inputs changed, and
	// Removed those the previous build had and this one has not.
	Updated, Removed []string

	files  map[string]*genFile
	names  []string // sorted
	groups []*genGroup
}

// genGroup is a deferred group of outputs (Outputs.Deferred).
type genGroup struct {
	dir     string
	sum     uint64
	known   bool
	once    sync.Once
	produce func() (map[string][]byte, error)
	files   map[string][]byte
	err     error
}

func (g *genGroup) get() (map[string][]byte, error) {
	g.once.Do(func() {
		g.files, g.err = g.produce()
		g.produce = nil
		for name := range g.files {
			if !strings.HasPrefix(name, g.dir) && g.err == nil {
				g.err = fmt.Errorf("output %s is not under its group's folder %s", name, g.dir)
			}
		}
	})
	return g.files, g.err
}

// group returns the deferred group whose folder holds name.
func (g *Generation) group(name string) *genGroup {
	for _, gr := range g.groups {
		if strings.HasPrefix(name, gr.dir) {
			return gr
		}
	}
	return nil
}

type genFile struct {
	page    bool
	sum     uint64
	known   bool // sum is known
	once    sync.Once
	produce func() ([]byte, error)
	data    []byte
	err     error
}

func (f *genFile) get() ([]byte, error) {
	f.once.Do(func() {
		f.data, f.err = f.produce()
		f.produce = nil // let the build it came from go
	})
	return f.data, f.err
}

// Get returns the output file name ("windows/x/index.html"), making it if it
// has not been made yet. ok is false when the generation has no such file.
func (g *Generation) Get(name string) (data []byte, ok bool, err error) {
	f := g.files[name]
	if f == nil {
		if gr := g.group(name); gr != nil {
			files, err := gr.get()
			data, ok = files[name]
			return data, ok, err
		}
		return nil, false, nil
	}
	data, err = f.get()
	return data, true, err
}

// Has reports whether the generation has the output name. A name in a
// deferred group's folder makes the group.
func (g *Generation) Has(name string) bool {
	if g.files[name] != nil {
		return true
	}
	if gr := g.group(name); gr != nil {
		files, _ := gr.get()
		_, ok := files[name]
		return ok
	}
	return false
}

// Names lists the generation's outputs, sorted.
func (g *Generation) Names() []string { return g.names }

// Pages counts the generation's HTML pages.
func (g *Generation) Pages() int {
	n := 0
	for _, f := range g.files {
		if f.page {
			n++
		}
	}
	return n
}

// MakeAll makes every output not made yet, on up to workers cores (0: all),
// and returns the first error (a template that fails on some page). stop,
// when closed, ends the work early with ErrStopped (a newer generation has
// replaced this one).
func (g *Generation) MakeAll(stop <-chan struct{}, workers int) error {
	err := forEachN(len(g.names), workers, func(i int) error {
		select {
		case <-stop:
			return ErrStopped
		default:
		}
		_, err := g.files[g.names[i]].get()
		return err
	})
	if err != nil {
		return err
	}
	for _, gr := range g.groups {
		select {
		case <-stop:
			return ErrStopped
		default:
		}
		if _, err := gr.get(); err != nil {
			return err
		}
	}
	return nil
}

// ErrStopped is MakeAll's error when it was stopped.
var ErrStopped = errors.New("stopped")

// WriteTo makes every output and writes it to sink.
func (g *Generation) WriteTo(sink output.Sink) error {
	if g.Err != nil {
		return g.Err
	}
	err := forEach(len(g.names), func(i int) error {
		data, err := g.files[g.names[i]].get()
		if err != nil {
			return err
		}
		return sink.WriteFile(g.names[i], data)
	})
	if err != nil {
		return err
	}
	for _, gr := range g.groups {
		files, err := gr.get()
		if err != nil {
			return err
		}
		for name, data := range files {
			if err := sink.WriteFile(name, data); err != nil {
				return err
			}
		}
	}
	return nil
}

// Update brings the build up to date after the source paths in changed
// (slash-separated, relative to the site folder; a folder stands for
// everything under it) were written, created, removed or renamed. With
// changed nil it reads the whole site again. It returns nil when no source
// file's content changed (an editor touched a file, or saved it unchanged).
//
// A build with content errors comes back with Err set and no outputs; the
// next good build is compared with the last good one.
func (s *Session) Update(changed []string) *Generation {
	started := time.Now()
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
	if len(touched) == 0 && !themeDirty && s.now.Equal(s.today()) {
		return nil
	}
	s.themeDirty = s.themeDirty || themeDirty
	sort.Strings(touched)
	touched = slices.Compact(touched)

	s.number++
	g := &Generation{Number: s.number, Changed: touched}
	s.now = s.today()
	opts := s.opts
	opts.Now = s.now
	opts.memo = s.memo
	site, diags := parseSource(s.source(), s.loadDiags(), opts, s.parseWindows)
	g.Result = &Result{Site: site, Diagnostics: diags}
	// Files with errors do not stop the run: the theme and the links are
	// checked too, and every error is reported at once (Plan fails when
	// there are any).
	if err := s.prepareTheme(site.Config); err != nil {
		g.Err = g.Result.fail(err)
		if diags.HasErrors() {
			g.Err = g.Result.Diagnostics.Err()
		}
		g.Took = time.Since(started)
		return g
	}
	outs, err := Plan(site, s.theme, s.renderer, opts, g.Result)
	if err != nil {
		g.Err = err
		g.Took = time.Since(started)
		return g
	}
	s.compare(g, outs)
	s.last = g
	g.Took = time.Since(started)
	return g
}

// today is the build's "today": Options.Now when set, else the moment the
// session first built, moved on when the calendar date changes. Pages show
// the build date; a clock that moved every rebuild would change them all.
func (s *Session) today() time.Time {
	if !s.opts.Now.IsZero() {
		return s.opts.Now
	}
	now := time.Now()
	if s.now.IsZero() || now.Format(time.DateOnly) != s.now.Format(time.DateOnly) {
		return now
	}
	return s.now
}

// compare fills g with the outputs of outs, reusing the previous build's
// file wherever the fingerprints agree.
func (s *Session) compare(g *Generation, outs *Outputs) {
	fp := newFingerprinter(s.seed, s.memos)
	s.pinReport(fp, g.Result)
	global, globalKnown := fp.siteSum(outs.View, s.themeSum, s.opts.FileMode, s.opts.LiveReload)
	var prev map[string]*genFile
	if s.last != nil {
		prev = s.last.files
	}
	list := outs.List()
	sums, known, fps := s.sumInputs(fp, list, g.Result)
	g.files = make(map[string]*genFile, len(list))
	g.names = make([]string, 0, len(list))
	for i, out := range list {
		f := &genFile{page: out.Page != nil, produce: out.Produce}
		if out.Inputs != nil {
			sum, ok := sums[i], known[i]
			f.sum, f.known = sum^global, ok && globalKnown
			if out.fixed { // static bytes do not depend on the rest of the site
				f.sum, f.known = sum, ok
			}
		}
		if old := prev[out.Name]; old != nil && old.known && f.known && old.sum == f.sum && old.page == f.page {
			f = old
			g.Reused++
		} else {
			g.Dirty++
			g.Updated = append(g.Updated, out.Name)
		}
		g.files[out.Name] = f
		g.names = append(g.names, out.Name)
	}
	sort.Strings(g.names)
	sort.Strings(g.Updated)
	for name := range prev {
		if g.files[name] == nil {
			g.Removed = append(g.Removed, name)
		}
	}
	sort.Strings(g.Removed)
	var prevGroups map[string]*genGroup
	if s.last != nil {
		prevGroups = map[string]*genGroup{}
		for _, gr := range s.last.groups {
			prevGroups[gr.dir] = gr
		}
	}
	for _, grp := range outs.Groups() {
		gr := &genGroup{dir: grp.Dir, produce: grp.Produce}
		if grp.Inputs != nil {
			sum, ok := fp.sum(grp.Inputs)
			gr.sum, gr.known = sum^global, ok && globalKnown
		}
		if old := prevGroups[grp.Dir]; old != nil && old.known && gr.known && old.sum == gr.sum {
			gr = old
			g.Reused++
		} else {
			g.Dirty++
		}
		g.groups = append(g.groups, gr)
	}
	g.Result.Pages, g.Result.Files = g.Pages(), len(g.names)
	s.memos = nil
	for _, f := range fps {
		s.memos = append(s.memos, f.memo)
	}
}

// sumInputs fingerprints the inputs of every output in list, on every core:
// the dev server waits for it on every edit, and at 10k windows there are
// some 40,000 outputs. fp serves the first core; the others get their own
// fingerprinter (its memo is not shared), with the report pinned the same.
func (s *Session) sumInputs(fp *fingerprinter, list []Output, res *Result) (sums []uint64, known []bool, fps []*fingerprinter) {
	sums, known = make([]uint64, len(list)), make([]bool, len(list))
	const chunk = 256
	var (
		mu   sync.Mutex
		next int
	)
	take := func() (int, int) {
		mu.Lock()
		defer mu.Unlock()
		from := next
		next = min(next+chunk, len(list))
		return from, next
	}
	workers := min(runtime.GOMAXPROCS(0), (len(list)+chunk-1)/chunk)
	var wg sync.WaitGroup
	fps = []*fingerprinter{fp}
	for k := range workers {
		f := fp
		if k > 0 {
			f = newFingerprinter(s.seed, fp.prev)
			s.pinReport(f, res)
			fps = append(fps, f)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				from, to := take()
				if from == to {
					return
				}
				for i := from; i < to; i++ {
					if list[i].Inputs != nil {
						sums[i], known[i] = f.sum(list[i].Inputs)
					}
				}
			}
		}()
	}
	wg.Wait()
	return sums, known, fps
}

// pinReport fingerprints the trends report by what it is computed from
// instead of walking it: trends.Compute is a function of the published
// windows (hashed by address, see fingerprinter), "today" and the
// configuration. Walking the report's maps and lists (every window's related
// windows, every action) cost more than anything else in an edit.
func (s *Session) pinReport(fp *fingerprinter, res *Result) {
	if res.Trends == nil || res.Site == nil {
		return
	}
	var h maphash.Hash
	h.SetSeed(s.seed)
	h.WriteString("trends.Report")
	writeUint(&h, uint64(len(res.Published)))
	for _, w := range res.Published {
		writeUint(&h, uint64(uintptrOf(w)))
	}
	writeUint(&h, uint64(s.now.UnixNano()))
	h.WriteString(s.now.Location().String())
	fp.value(&h, reflect.ValueOf(res.Site.Config))
	fp.pin(res.Trends, h.Sum64())
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
	r, err := NewRenderer(theme, cfg, s.opts)
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
		sum := maphash.Bytes(s.seed, f.Data)
		if p := s.parsed[f.Path]; p != nil && p.sum == sum && p.key == key {
			results[i] = p
			continue
		}
		results[i] = &parsedWindow{sum: sum, key: key}
		todo = append(todo, i)
	}
	parallel(len(todo), func(j int) {
		i := todo[j]
		w, d := parse.Window(files[i].Path, files[i].Data, cfg, people)
		results[i].w, results[i].diag = w, d
	})
	seen := make(map[string]bool, len(files))
	var windows []*model.Window
	var diags diag.List
	for i, r := range results {
		s.parsed[files[i].Path] = r
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

// parallel runs fn(0..n-1) on every core.
func parallel(n int, fn func(i int)) {
	if n == 1 {
		fn(0)
		return
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// source assembles what load.Site would return from the files read.
func (s *Session) source() *load.Source {
	src := &load.Source{}
	single := func(p string) *load.File {
		if data, ok := s.sources[p]; ok {
			return &load.File{Path: p, Data: data}
		}
		return nil
	}
	src.Config = single(load.ConfigFile)
	src.People = single(load.PeopleFile)
	src.Index = single(load.IndexFile)
	for p, data := range s.sources {
		switch classify(p) {
		case kindWindow:
			src.Windows = append(src.Windows, load.File{Path: p, Data: data})
		case kindPage:
			src.Pages = append(src.Pages, load.File{Path: p, Data: data})
		}
	}
	sort.Slice(src.Windows, func(i, j int) bool { return src.Windows[i].Path < src.Windows[j].Path })
	sort.Slice(src.Pages, func(i, j int) bool { return src.Pages[i].Path < src.Pages[j].Path })
	return src
}

func (s *Session) loadDiags() diag.List {
	var out diag.List
	for _, d := range s.readErrs {
		out = append(out, d...)
	}
	return out
}

// rescanAll reads the whole site again and returns the paths whose content
// changed (all of them on the first call).
func (s *Session) rescanAll() []string {
	src, diags := load.Site(s.fsys)
	fresh := map[string][]byte{}
	for _, f := range []*load.File{src.Config, src.People, src.Index} {
		if f != nil {
			fresh[f.Path] = f.Data
		}
	}
	for _, list := range [][]load.File{src.Windows, src.Pages} {
		for _, f := range list {
			fresh[f.Path] = f.Data
		}
	}
	var changed []string
	for p, data := range fresh {
		if old, ok := s.sources[p]; !ok || string(old) != string(data) {
			changed = append(changed, p)
		}
	}
	for p := range s.sources {
		if _, ok := fresh[p]; !ok {
			changed = append(changed, p)
		}
	}
	s.sources = fresh
	s.readErrs = map[string]diag.List{}
	for _, d := range diags {
		s.readErrs[d.Path] = append(s.readErrs[d.Path], d)
	}
	return changed
}

// refresh reads the path p again (a file, or a folder and everything under
// it) and returns the source paths whose content changed.
func (s *Session) refresh(p string) []string {
	var changed []string
	old := map[string][]byte{}
	for q, data := range s.sources {
		if q == p || strings.HasPrefix(q, p+"/") {
			old[q] = data
			delete(s.sources, q)
		}
	}
	for q := range s.readErrs {
		if q == p || strings.HasPrefix(q, p+"/") {
			delete(s.readErrs, q)
			changed = append(changed, q)
		}
	}
	// load.Read walks the tree as load.Site does (links, pipes, limits), so
	// that the dev server reads exactly what a build reads.
	files, diags := load.Read(s.fsys, p)
	for _, f := range files {
		s.sources[f.Path] = f.Data
		if prev, ok := old[f.Path]; !ok || string(prev) != string(f.Data) {
			changed = append(changed, f.Path)
		}
		delete(old, f.Path)
	}
	for _, d := range diags {
		s.readErrs[d.Path] = append(s.readErrs[d.Path], d)
		changed = append(changed, d.Path)
	}
	for q := range old {
		changed = append(changed, q)
	}
	return changed
}

type sourceKind int

const (
	kindNone sourceKind = iota
	kindSingle
	kindWindow
	kindPage
)

// classify says what the file at p is to a build, with load.Site's rules.
func classify(p string) sourceKind {
	switch p {
	case load.ConfigFile, load.PeopleFile, load.IndexFile:
		return kindSingle
	}
	if path.Ext(p) != ".md" {
		return kindNone
	}
	if rest, ok := strings.CutPrefix(p, load.WindowsDir+"/"); ok {
		for _, part := range strings.Split(rest, "/") {
			if load.Skipped(part) {
				return kindNone
			}
		}
		return kindWindow
	}
	if rest, ok := strings.CutPrefix(p, load.PagesDir+"/"); ok && !strings.Contains(rest, "/") && !load.Skipped(rest) {
		return kindPage
	}
	return kindNone
}

// cleanPaths turns changed paths into clean, slash-separated relative paths.
func cleanPaths(paths []string) []string {
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		p = path.Clean(strings.TrimPrefix(strings.ReplaceAll(p, "\\", "/"), "/"))
		if p == "" || p == ".." || strings.HasPrefix(p, "../") {
			continue
		}
		out = append(out, p)
	}
	sort.Strings(out)
	return slices.Compact(out)
}
