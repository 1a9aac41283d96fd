// Package build runs the stages of a build in order: load the site folder,
// parse every file (in parallel), aggregate across windows, render pages and
// data files, and hand everything to an output sink. It is the one place that
// knows the order of the stages; each stage is a function of its own package.
package build

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/export"
	"github.com/wrapup/wrapup/generator/feeds"
	"github.com/wrapup/wrapup/generator/load"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/output"
	"github.com/wrapup/wrapup/generator/parse"
	"github.com/wrapup/wrapup/generator/parse/body"
	"github.com/wrapup/wrapup/generator/render"
	"github.com/wrapup/wrapup/generator/trends"
	"github.com/wrapup/wrapup/internal/par"
	"github.com/wrapup/wrapup/themes"
)

// Options change what a build produces.
type Options struct {
	Drafts   bool      // publish drafts too (marked as drafts)
	Strict   bool      // warnings are errors
	BaseURL  string    // overrides wrapup.yaml's base_url when set
	FileMode bool      // links end in index.html, for opening the output from disk
	Now      time.Time // "today" for overdue actions and upcoming windows; zero means time.Now()
	// LiveReload is a script URL injected into every page (dev server only).
	LiveReload string
}

// Result describes a finished build.
type Result struct {
	Site        *model.Site
	Index       *aggregate.Index
	Diagnostics diag.List // sorted; warnings only when the build succeeded
	Pages       int       // HTML pages written
	Files       int       // all files written
	Published   []*model.Window
	// Trends is the cross-window report behind /trends/, /actions/ and /lessons/.
	Trends *trends.Report
}

// Parse loads the site folder and parses every file. The site it returns holds
// every valid window, drafts included; the diagnostics are sorted, and with
// opts.Strict warnings have become errors.
func Parse(fsys fs.FS, opts Options) (*model.Site, diag.List) {
	src, diags := load.Site(fsys)
	return parseSource(src, diags, opts, parseWindows)
}

// windowParser parses the window files of a site; the dev server's Session
// passes one that reuses the results of files that did not change.
type windowParser func(files []load.File, cfg model.Config, people map[string]model.Person) ([]*model.Window, diag.List)

// parseSource is Parse on files already read. Checks across files belong
// here, so that full and incremental builds both run them.
func parseSource(src *load.Source, diags diag.List, opts Options, parseWindows windowParser) (*model.Site, diag.List) {
	site := &model.Site{Config: model.DefaultConfig()}
	if src.Config != nil {
		cfg, d := parse.Config(src.Config.Path, src.Config.Data)
		diags = append(diags, d...)
		site.Config = cfg
	}
	if opts.BaseURL != "" {
		site.Config.BaseURL = opts.BaseURL
	}
	if opts.BaseURL != "" {
		if msg := parse.BaseURLProblem(opts.BaseURL); msg != "" {
			diags.Errorf("--base-url", 0, 0, "%s", msg)
		}
	}
	if src.People != nil {
		people, d := parse.People(src.People.Path, src.People.Data)
		diags = append(diags, d...)
		site.People = people
	}
	if src.Index != nil {
		p, d := parse.Page(src.Index.Path, src.Index.Data, "")
		diags = append(diags, d...)
		site.Intro = p
	}
	for _, f := range src.Pages {
		name := strings.TrimSuffix(f.Path[strings.LastIndexByte(f.Path, '/')+1:], ".md")
		p, d := parse.Page(f.Path, f.Data, name)
		diags = append(diags, d...)
		if p != nil && !(p.Draft && !opts.Drafts) {
			site.Pages = append(site.Pages, p)
		}
	}
	windows, d := parseWindows(src.Windows, site.Config, site.People)
	diags = append(diags, d...)
	site.Windows = windows
	diags = append(diags, duplicateIDs(windows)...)
	diags = append(diags, baseURLWarning(src.Config, site, opts)...)
	SortWindows(site.Windows)
	if opts.Strict {
		diags = diags.Strict()
	}
	diags.Sort()
	return site, diags
}

// parseWindows parses window files on every core. Windows that have errors
// are left out of the result; their diagnostics are kept.
func parseWindows(files []load.File, cfg model.Config, people map[string]model.Person) ([]*model.Window, diag.List) {
	type result struct {
		w *model.Window
		d diag.List
	}
	results := make([]result, len(files))
	par.Do(len(files), func(i int) {
		w, d := parse.Window(files[i].Path, files[i].Data, cfg, people)
		results[i] = result{w, d}
	})
	var windows []*model.Window
	var diags diag.List
	for _, r := range results {
		diags = append(diags, r.d...)
		if r.w != nil && !r.d.HasErrors() {
			windows = append(windows, r.w)
		}
	}
	return windows, diags
}

// duplicateIDs reports windows that share an id (their files sit in different
// sub-folders of content/windows), naming both files.
func duplicateIDs(windows []*model.Window) diag.List {
	var diags diag.List
	first := map[string]*model.Window{}
	for _, w := range windows {
		if other, ok := first[w.ID]; ok {
			a, b := other, w
			if b.Path < a.Path {
				a, b = b, a
			}
			diags.Errorf(b.Path, 1, 1, "window id %q is already used by %s: ids must be unique across all folders; rename one of the files", w.ID, a.Path)
			continue
		}
		first[w.ID] = w
	}
	return diags
}

// SortWindows orders windows newest first, then by id (docs/authoring.md, "What
// the site works out for you").
func SortWindows(ws []*model.Window) {
	sort.SliceStable(ws, func(i, j int) bool {
		if !ws[i].Start.Equal(ws[j].Start) {
			return ws[i].Start.After(ws[j].Start)
		}
		return ws[i].ID < ws[j].ID
	})
}

// publishedWindows returns the windows that go into the site: all of them with
// drafts, else the non-drafts.
func publishedWindows(site *model.Site, drafts bool) []*model.Window {
	if drafts {
		return site.Windows
	}
	out := make([]*model.Window, 0, len(site.Windows))
	for _, w := range site.Windows {
		if !w.Draft {
			out = append(out, w)
		}
	}
	return out
}

// Build runs every stage over the site folder fsys and writes the site to
// sink. Content errors come back as a diag.ErrorList (with every error of the
// run); the sink has then received nothing.
//
// Every error of the run is reported at once: a theme that does not exist
// and broken links are found even when some files have errors (the windows
// that failed are then left out of the checks, and links to them are not
// called broken).
func Build(fsys fs.FS, opts Options, sink output.Sink) (*Result, error) {
	site, diags := Parse(fsys, opts)
	res := &Result{Site: site, Diagnostics: diags}
	theme, err := SiteTheme(fsys, site.Config)
	if err != nil {
		return res, res.fail(err)
	}
	r, err := newRenderer(theme, site.Config, opts)
	if err != nil {
		if diags.HasErrors() {
			return res, diags.Err()
		}
		return res, err
	}
	outs, err := plan(site, theme, r, opts, res, nil)
	if err != nil {
		return res, err
	}
	res.Pages, res.Files, err = outs.writeAll(sink)
	return res, err
}

// fail adds the diagnostics in err (a diag.ErrorList) to the result's and
// returns the error of them all; another error is returned as it is.
func (res *Result) fail(err error) error {
	var list diag.ErrorList
	if !errors.As(err, &list) {
		return err
	}
	res.Diagnostics = append(res.Diagnostics, list...)
	res.Diagnostics.Sort()
	return res.Diagnostics.Err()
}

// SiteTheme is the theme the site's configuration names: the site's
// themes/<name>/ folder over the embedded default theme. A theme that does
// not exist is a diagnostic at the theme: line of wrapup.yaml.
func SiteTheme(fsys fs.FS, cfg model.Config) (fs.FS, error) {
	if cfg.Theme != "" && cfg.Theme != "default" {
		if info, err := fs.Stat(fsys, "themes/"+cfg.Theme); err != nil || !info.IsDir() {
			line, col := 0, 0
			if src, err := fs.ReadFile(fsys, load.ConfigFile); err == nil {
				line, col = parse.ValuePosition(src, "theme")
			}
			return nil, diag.List{{Path: load.ConfigFile, Line: line, Col: col, Severity: diag.Error,
				Message: fmt.Sprintf("theme %q not found: there is no folder themes/%s/ in the site; create it (its files replace the default theme's) or remove the theme line to use the default theme", cfg.Theme, cfg.Theme)}}.Err()
		}
	}
	return load.Theme(fsys, cfg.Theme, themes.Default()), nil
}

// newRenderer parses the theme's templates for a site.
func newRenderer(theme fs.FS, cfg model.Config, opts Options) (*render.Renderer, error) {
	return render.New(theme, render.Options{FileMode: opts.FileMode, BasePath: BasePath(cfg.BaseURL)})
}

// plan lists every file of the built site and how to make it, without
// making any: Build produces them all, the dev server's Session only those
// whose inputs changed. New pages go into pages before SortPages; other
// files are added with outs.File (name their inputs so that the dev server
// can skip them when nothing they read changed). res gets the published
// windows and the index. memo is a Session's work kept from its previous
// build (nil in a one-off build): the results are the same either way.
func plan(site *model.Site, theme fs.FS, r *render.Renderer, opts Options, res *Result, memo *planMemo) (*Outputs, error) {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.In(site.Config.Location)

	// The published site: drafts only when asked for.
	published := *site
	published.Windows = publishedWindows(site, opts.Drafts)
	res.Published = published.Windows
	ix := memo.aggregate().Build(&published, now)
	res.Index = ix

	rep := memo.trends().Compute(&published, ix, now)
	res.Trends = rep
	keep, revs := memo.keep(published.Windows, ix, rep, now)
	pages := render.CorePages(&published, ix, rep, now, keep)
	pages = append(pages, announcePages(&published, ix, now)...)
	pages = append(pages, searchPage())
	pages = append(pages, render.TrendPages(&published, rep, pages)...)
	render.SortPages(pages)
	view := &render.Site{Model: &published, Index: ix, Now: now, Drafts: opts.Drafts, LiveReload: opts.LiveReload, Nav: render.Nav(pages)}
	outs := newOutputs(r, view)
	// The pages, and a window's digests or notice beside each.
	outs.list = make([]Output, 0, len(pages)+2*len(published.Windows)+16)
	outs.revs = revs
	outs.Pages(pages, memo.pageOut)
	outs.Stream("data/windows.json", wholeSite, func(w io.Writer) error { return export.WriteJSON(w, published.Windows, rep.Today) })
	outs.Stream("data/windows.csv", wholeSite, func(w io.Writer) error { return export.WriteWindowsCSV(w, rep) })
	outs.Stream("data/actions.csv", wholeSite, func(w io.Writer) error { return export.WriteActionsCSV(w, published.Windows, rep) })
	if err := outs.static(theme); err != nil {
		return nil, err
	}
	outs.Data("assets/syntax.css", []byte(body.CSS()))
	if err := planAnnouncements(outs, theme, &published, ix, pages, now); err != nil {
		return nil, err
	}
	for _, w := range ix.Upcoming {
		if !feeds.InCalendar(w) {
			res.Diagnostics.Warnf(w.Path, 1, 1, "the window falls after the year 9999 in UTC, which a calendar cannot hold: it is left out of %s (is the year a typo?)", feeds.CalendarFile)
		}
	}
	// Links are checked against the finished plan: every file the site has.
	// They are reported with the other errors of the run, so a site whose
	// files have errors is planned and checked too, and only then fails.
	if d := checkLinks(site, outs, opts, failedWindows(res.Diagnostics, site), memo); d.HasErrors() || res.Diagnostics.HasErrors() {
		res.Diagnostics = append(res.Diagnostics, d...)
		res.Diagnostics.Sort()
		return nil, res.Diagnostics.Err()
	}
	if err := addSearchIndex(outs, &published, ix, opts); err != nil {
		return nil, err
	}
	return outs, nil
}

// BasePath is the path part of a base URL, always with a trailing slash: "/" for
// "https://intranet/", "/it/wrapups/" for "https://intranet/it/wrapups".
func BasePath(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	p := u.Path
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// baseURLWarning: the feed, the calendar and the digests mailed to the company
// link to pages by full URL, and the sitemap needs one; without a base_url
// naming scheme and host they carry paths only (docs/authoring.md, "Site
// settings: wrapup.yaml"). Only a site with windows to announce is warned.
func baseURLWarning(config *load.File, site *model.Site, opts Options) diag.List {
	base := site.Config.BaseURL
	if u, err := url.Parse(base); err == nil && u.Scheme != "" && u.Host != "" {
		return nil
	}
	if len(publishedWindows(site, opts.Drafts)) == 0 {
		return nil
	}
	if opts.BaseURL != "" && parse.BaseURLProblem(opts.BaseURL) != "" {
		return nil // the error says what to write
	}
	line, col := 0, 0
	if config != nil && opts.BaseURL == "" {
		line, col = keyValuePos(config.Data, "base_url")
	}
	if base == "" && line > 0 {
		return nil // written but rejected: its error says what to write
	}
	var diags diag.List
	if base == "" {
		diags.Warnf(load.ConfigFile, 0, 0, "base_url is not set, so feed.xml, calendar.ics and the digests cannot link to pages by full address and there is no sitemap: add a line such as base_url: https://intranet.example.com/wrapups/ to wrapup.yaml")
		return diags
	}
	diags.Warnf(load.ConfigFile, line, col, "base_url %q has no scheme and host, so feed.xml, calendar.ics and the digests link to pages by path only and there is no sitemap: write it in full, such as https://intranet.example.com%s", base, "/"+strings.TrimPrefix(base, "/"))
	return diags
}

// keyValuePos is the line and column of a top-level key's value in a YAML
// file, 0, 0 when it is not there.
func keyValuePos(data []byte, key string) (line, col int) {
	for i, l := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(l, key+":"); ok {
			v := strings.TrimLeft(rest, " \t")
			if v == "" || v[0] == '#' {
				return 0, 0 // empty: the key counts as absent
			}
			return i + 1, len(l) - len(v) + 1
		}
	}
	return 0, 0
}
