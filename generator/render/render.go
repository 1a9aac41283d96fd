// Package render turns the model into pages: it lists the pages of a site
// (CorePages, TrendPages...) and executes the theme's html/template files for
// each (RenderOne, safe to call in parallel; build.Outputs decides which pages
// are made and where the bytes go).
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/output"
)

// Page is one page to render: the template that draws it and its data.
type Page struct {
	URL      string // root-relative: "/windows/x/" (written as windows/x/index.html) or "/404.html"
	Template string // file name under templates/pages/, e.g. "window.html"
	Title    string
	Section  string // which navigation entry is current: "windows", "people", ...
	Data     any
	NoIndex  bool // ask search engines and the site search to skip it
	// Absolute makes the page's links start from the base path instead of
	// being relative: the 404 page is served at any depth.
	Absolute bool
}

// File is the output file name of the page.
func (p *Page) File() string {
	u := strings.TrimPrefix(p.URL, "/")
	if u == "" || strings.HasSuffix(u, "/") {
		return u + "index.html"
	}
	return u
}

// Site is what every page can see of the site as a whole.
type Site struct {
	Model   *model.Site
	Index   *aggregate.Index
	Now     time.Time
	Drafts  bool   // drafts are rendered (dev server, --drafts)
	Version string // the generator's version, for the footer
	// LiveReload, when set, is a script URL the dev server injects into every page.
	LiveReload string
	// Nav is the site navigation: the sections this site has pages for.
	Nav []NavItem

	fragments *fragments
	fragOnce  sync.Once
}

// NavItem is an entry of the site navigation.
type NavItem struct {
	Section, Label, URL string
}

// navOrder lists the navigation entries in the order they are shown; an entry
// appears when the site has a page at its URL.
var navOrder = []NavItem{
	{"windows", "Windows", "/windows/"},
	{"upcoming", "Upcoming", "/upcoming/"},
	{"trends", "Trends", "/trends/"},
	{"actions", "Actions", "/actions/"},
	{"lessons", "Lessons", "/lessons/"},
	{"people", "People", "/people/"},
	{"systems", "Systems", "/systems/"},
	{"tags", "Tags", "/tags/"},
	{"search", "Search", "/search/"},
}

// Nav returns the navigation entries for which pages has a page.
func Nav(pages []*Page) []NavItem {
	have := map[string]bool{}
	for _, p := range pages {
		have[p.URL] = true
	}
	var nav []NavItem
	for _, n := range navOrder {
		if have[n.URL] {
			nav = append(nav, n)
		}
	}
	return nav
}

// NavLinks writes the site navigation's links, the one of section marked
// as the current page (the default layout's; one call per page instead of a
// loop of comparisons by reflection on every page).
func (s *Site) NavLinks(section string) template.HTML {
	if s.fragments != nil { // the same few strings on every page
		h, _ := s.cachedWith("\x00nav", section, func() (string, error) { return string(s.navLinks(section)), nil })
		return h
	}
	return s.navLinks(section)
}

func (s *Site) navLinks(section string) template.HTML {
	var b strings.Builder
	for _, n := range s.Nav {
		b.WriteString("\n      <a href=\"")
		writeURL(&b, n.URL)
		b.WriteString(`"`)
		if n.Section == section {
			b.WriteString(` aria-current="page"`)
		}
		b.WriteString(`>`)
		writeText(&b, n.Label)
		b.WriteString(`</a>`)
	}
	return template.HTML(b.String())
}

// Title is the site title.
func (s *Site) Title() string { return s.Model.Config.Title }

// PersonName returns a handle's display name: its name from people.yaml, or the handle.
func (s *Site) PersonName(handle string) string {
	if p, ok := s.Model.People[handle]; ok && p.Name != "" {
		return p.Name
	}
	return handle
}

// Person returns a handle's people.yaml entry.
func (s *Site) Person(handle string) model.Person {
	if p, ok := s.Model.People[handle]; ok {
		return p
	}
	return model.Person{Handle: handle}
}

// View is the value every template executes with.
type View struct {
	Site *Site
	Page *Page
	Data any
	// Root is the relative path from this page to the site root ("../../"),
	// for scripts that fetch files.
	Root string

	// out is what the page's template writes into, for the lists written
	// straight into it (View.WriteWindowRows...).
	out *bytes.Buffer
}

// Options change how pages are written.
type Options struct {
	// FileMode makes links to folders end in index.html, for a site opened
	// straight from disk (file://).
	FileMode bool
	// BasePath is the path part of base_url ("/it/wrapups/"), for pages that
	// need absolute links.
	BasePath string
}

// Renderer holds the parsed templates of a theme.
type Renderer struct {
	// partials holds the layout and partials alone, for Site.Cached.
	partials *template.Template
	pages    map[string]*template.Template
	opts     Options
	// readsWindows is ReadsWindows of each page kind.
	readsWindows map[string]bool
	// direct: the partials that are the default theme's one Go call (see
	// directCalls).
	direct map[string]bool
}

// New parses the theme's templates: templates/layout.html and
// templates/partials/*.html are shared; each templates/pages/*.html is a page
// kind that defines "main" (and may define "head").
func New(theme fs.FS, opts Options) (*Renderer, error) {
	base := template.New("wrapup").Funcs(Funcs())
	shared, err := fs.Glob(theme, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	shared = append([]string{"templates/layout.html"}, shared...)
	for _, name := range shared {
		if err := parseFile(base, theme, name); err != nil {
			return nil, err
		}
	}
	pageFiles, err := fs.Glob(theme, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	r := &Renderer{partials: base, pages: map[string]*template.Template{}, opts: opts, readsWindows: map[string]bool{}, direct: directPartials(base)}
	for _, name := range pageFiles {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if err := parseFile(t, theme, name); err != nil {
			return nil, err
		}
		r.pages[path.Base(name)] = t
		r.readsWindows[path.Base(name)] = readsWindows(t)
	}
	return r, nil
}

// parseFile adds one theme file to t; its error names the file (and line, as
// html/template reports it) in the theme.
func parseFile(t *template.Template, theme fs.FS, name string) error {
	src, err := fs.ReadFile(theme, name)
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	if _, err := t.New(path.Base(name)).Parse(string(src)); err != nil {
		return fmt.Errorf("theme file %s: %w", name, err)
	}
	return nil
}

// RenderOne renders a single page to bytes. Builds call it for every page,
// in parallel (build.Outputs); it is safe for concurrent use.
func (r *Renderer) RenderOne(site *Site, p *Page) ([]byte, error) {
	var buf bytes.Buffer
	if err := r.renderPage(&buf, site, p); err != nil {
		return nil, err
	}
	return r.appendLinks(make([]byte, 0, buf.Len()+buf.Len()/16), p, buf.Bytes()), nil
}

// AppendPage renders p and appends the finished page to dst; scratch is
// reset and holds the template's output meanwhile. A build that renders
// thousands of pages passes the same two buffers each time: allocating and
// growing them per page was over a gigabyte of garbage at 10k windows.
func (r *Renderer) AppendPage(dst []byte, scratch *bytes.Buffer, site *Site, p *Page) ([]byte, error) {
	scratch.Reset()
	if err := r.renderPage(scratch, site, p); err != nil {
		return dst, err
	}
	return r.appendLinks(dst, p, scratch.Bytes()), nil
}

// appendLinks appends html to dst with its root-relative links rewritten.
func (r *Renderer) appendLinks(dst []byte, p *Page, html []byte) []byte {
	if p.Absolute && !r.opts.FileMode {
		return output.AppendRebased(dst, html, r.opts.BasePath)
	}
	return output.AppendRelativized(dst, p.URL, html, r.opts.FileMode)
}

func (r *Renderer) renderPage(buf *bytes.Buffer, site *Site, p *Page) error {
	t := r.pages[p.Template]
	if t == nil {
		return fmt.Errorf("theme: no template templates/pages/%s for %s", p.Template, p.URL)
	}
	site.fragOnce.Do(func() { site.fragments = &fragments{exec: r.execPartial, direct: r.direct} })
	v := &View{Site: site, Page: p, Data: p.Data, Root: output.RootPrefix(p.URL), out: buf}
	if v.Root == "" {
		v.Root = "./"
	}
	if err := t.ExecuteTemplate(buf, "layout.html", v); err != nil {
		return fmt.Errorf("rendering %s: %w", p.URL, err)
	}
	return nil
}

// execPartial renders one partial of the theme to a string.
func (r *Renderer) execPartial(name string, data any) (string, error) {
	var b strings.Builder
	if err := r.partials.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	return b.String(), nil
}

// SortPages orders pages by URL, so builds write files in a stable order.
func SortPages(pages []*Page) {
	sort.Slice(pages, func(i, j int) bool { return pages[i].URL < pages[j].URL })
}
