// Package linkcheck finds links in content that point into the site but at
// nothing: a window or free page that does not exist (or is an unpublished
// draft), an anchor that is not on the target page, or any other site URL the
// build does not write. External links (with a scheme or a host) are never
// fetched. It reads the model only.
package linkcheck

import (
	"hash/maphash"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/agnivade/levenshtein"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/model"
)

// Options say what the published site holds besides windows and pages.
type Options struct {
	// Drafts: draft windows are published too (dev server, --drafts); else a
	// link from a published page to a draft is broken on the published site.
	Drafts bool
	// URLs are the other root-relative URLs the build writes ("/people/kim/",
	// "/assets/style.css", "/feed.xml"). When nil, links to anything other
	// than windows, pages and anchors are not checked.
	URLs []string
}

// target is a page of the site that links can point at.
type target struct {
	// win is the window of a window's page, whose anchors are worked out
	// when a link first asks for them: most windows are never linked to
	// with an anchor, and the dev server checks every link on every edit.
	win     *model.Window
	anchors map[string]bool
	draft   bool
	name    string // of a page that is not a window's: "page process"
}

// anchorSet returns the ids on the target page, nil when they are not known.
func (t *target) anchorSet() map[string]bool {
	if t.anchors == nil && t.win != nil {
		t.anchors = windowAnchors(t.win)
	}
	return t.anchors
}

// what names the target in messages: "window 2013-01-19-x", "page process".
func (t *target) what() string {
	if t.win != nil {
		return "window " + t.win.ID
	}
	return t.name
}

// Check reports every broken site link in the windows and pages of site
// (drafts included when they are in site.Windows), with the link's position.
func Check(site *model.Site, opts Options) diag.List {
	return newChecker(site, opts).all(site)
}

// newChecker gathers the targets of site's links and the other URLs of opts.
func newChecker(site *model.Site, opts Options) *checker {
	targets := make(map[string]*target, len(site.Windows)+len(site.Pages))
	windowTargets := make([]target, len(site.Windows))
	for i, w := range site.Windows {
		windowTargets[i] = target{win: w, draft: w.Draft}
		targets[w.URL()] = &windowTargets[i]
	}
	for _, p := range site.Pages {
		targets[p.URL()] = &target{anchors: set(p.HeadingIDs), draft: p.Draft, name: "page " + p.Name}
	}
	home := &target{name: "home page"}
	if site.Intro != nil {
		home.anchors = set(site.Intro.HeadingIDs)
	}
	var others map[string]bool
	if opts.URLs != nil {
		others = set(opts.URLs)
	}
	return &checker{targets: targets, windows: windowTargets, home: home, others: others, drafts: opts.Drafts}
}

// all checks the links of every window and page of site, which has the
// windows and pages c was made for.
func (c *checker) all(site *model.Site) diag.List {
	var diags diag.List
	for _, w := range site.Windows {
		if len(w.Links) > 0 {
			diags = append(diags, c.links(w.Path, w.URL(), w.Draft, w.Links, c.targets[w.URL()])...)
		}
	}
	for _, p := range site.Pages {
		diags = append(diags, c.links(p.Path, p.URL(), p.Draft, p.Links, c.targets[p.URL()])...)
	}
	if site.Intro != nil {
		diags = append(diags, c.links(site.Intro.Path, "/", false, site.Intro.Links, c.home)...)
	}
	diags.Sort()
	return diags
}

// Memo keeps the targets of links and the site's other URLs from one Check
// to the next, for a caller that checks mostly the same site again and again
// (the dev server, where an edit changes a window's content and seldom adds
// or removes a page): gathering them was most of a check's time at 10,000
// windows, whose links are few. They are kept while the site has the same
// windows (ids, files, drafts), free pages, home page headings and URLs; a
// window's anchors are worked out again when its window is another value.
//
// A nil *Memo keeps nothing. A Memo is not safe for concurrent use.
type Memo struct {
	seed  maphash.Seed
	facts uint64
	c     *checker
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo { return &Memo{seed: maphash.MakeSeed()} }

// Check is the package's Check with the targets kept in m. urls gives
// opts.URLs (which Check ignores), called only when urlsFacts, a hash of
// the URLs (same URLs, same facts), differs from the previous call's.
func (m *Memo) Check(site *model.Site, opts Options, urls func() []string, urlsFacts uint64) diag.List {
	if m == nil {
		opts.URLs = urls()
		return Check(site, opts)
	}
	facts := shapeOf(m.seed, site, opts.Drafts, urlsFacts)
	if m.c == nil || m.facts != facts {
		opts.URLs = urls()
		m.c, m.facts = newChecker(site, opts), facts
		return m.c.all(site)
	}
	for i, w := range site.Windows {
		if t := &m.c.windows[i]; t.win != w {
			t.win, t.anchors = w, nil
		}
	}
	return m.c.all(site)
}

// shapeOf hashes what a checker is made of but the windows' content.
func shapeOf(seed maphash.Seed, site *model.Site, drafts bool, urlsFacts uint64) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	str := func(s string) {
		h.WriteString(s)
		h.WriteByte(0)
	}
	flag := func(b bool) {
		if b {
			h.WriteByte(1)
		} else {
			h.WriteByte(0)
		}
	}
	flag(drafts)
	str(strconv.FormatUint(urlsFacts, 16))
	str(strconv.Itoa(len(site.Windows)))
	for _, w := range site.Windows {
		str(w.ID)
		str(w.Path)
		flag(w.Draft)
	}
	str(strconv.Itoa(len(site.Pages)))
	for _, p := range site.Pages {
		str(p.Name)
		str(p.Path)
		flag(p.Draft)
		str(strings.Join(p.HeadingIDs, "\x00"))
	}
	flag(site.Intro != nil)
	if site.Intro != nil {
		str(strings.Join(site.Intro.HeadingIDs, "\x00"))
	}
	return h.Sum64()
}

type checker struct {
	targets map[string]*target
	windows []target // of the site's windows, in order
	home    *target
	others  map[string]bool
	drafts  bool
}

// links checks the links written in one source file, whose page is at pageURL.
func (c *checker) links(srcPath, pageURL string, srcDraft bool, links []model.Link, self *target) diag.List {
	var diags diag.List
	for _, l := range links {
		if l.Out {
			continue
		}
		shown := l.Written
		if shown == "" {
			shown = l.Dest
		}
		if msg := c.check(srcPath, pageURL, srcDraft, l.Dest, shown, self); msg != "" {
			diags.Errorf(srcPath, l.Line, l.Col, "%s", msg)
		}
	}
	return diags
}

// check returns what is wrong with one link, or "". dest is the link as the
// page has it; shown is how the author wrote it, for the message.
func (c *checker) check(srcPath, pageURL string, srcDraft bool, dest, shown string, self *target) string {
	dest = strings.TrimSpace(dest)
	if dest == "" {
		return ""
	}
	u, err := url.Parse(dest)
	if err != nil {
		return "link " + quote(shown) + " is not a valid address: " + err.Error()
	}
	if u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return "" // external (https:, mailto:, //host): not fetched
	}
	if u.Path == "" {
		// "#anchor" or "?q": this page.
		if u.Fragment != "" && self != nil && self.anchorSet() != nil && !self.anchors[u.Fragment] {
			return "link " + quote(shown) + ": there is no anchor #" + u.Fragment + " on this page" + suggestAnchor(u.Fragment, self.anchors)
		}
		return ""
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = path.Join(dirOf(pageURL), p)
		if strings.HasSuffix(u.Path, "/") && !strings.HasSuffix(p, "/") {
			p += "/"
		}
	}
	p = path.Clean(p)
	if strings.HasSuffix(u.Path, "/") || path.Ext(p) == "" {
		if p != "/" {
			p += "/"
		}
	}
	if strings.HasSuffix(p, "/index.html/") {
		p = strings.TrimSuffix(p, "index.html/")
	}
	if kind := targetKind(p); kind != "" {
		if t, ok := c.targets[p]; ok {
			if t.draft && !srcDraft && !c.drafts {
				return "link " + quote(shown) + " points to " + t.what() + ", which is a draft and is not published: link to it once it is, or publish with --drafts"
			}
			if u.Fragment != "" && t.anchorSet() != nil && !t.anchors[u.Fragment] {
				return "link " + quote(shown) + ": " + t.what() + " has no anchor #" + u.Fragment + suggestAnchor(u.Fragment, t.anchors)
			}
			return ""
		}
		if hint := c.fileRelative(pageURL, shown); hint != "" {
			return "link " + quote(shown) + " points to " + p + ", but there is no such " + kind + hint
		}
		if hint := c.sourceFile(srcPath, shown); hint != "" {
			return "link " + quote(shown) + " points to " + p + ", but there is no such " + kind + hint
		}
		return "link " + quote(shown) + " points to " + p + ", but there is no such " + kind + c.suggestTarget(p)
	}
	if msg := c.other(shown, p); msg != "" {
		return msg + c.fileRelative(pageURL, shown)
	}
	return ""
}

// fileRelative is the hint for a relative link written as if it started
// from the source file's folder rather than the page's address
// ("../windows/x/" in content/pages/process.md, whose page is
// /pages/process/): when that reading names a window or page, it says how
// to write the link.
func (c *checker) fileRelative(pageURL, written string) string {
	u, err := url.Parse(written)
	if err != nil || u.Path == "" || strings.HasPrefix(u.Path, "/") || u.Scheme != "" || u.Host != "" {
		return ""
	}
	parent := path.Dir(strings.TrimSuffix(dirOf(pageURL), "/"))
	p := path.Clean(path.Join(parent, u.Path))
	if path.Ext(p) == "" {
		p += "/"
	}
	if _, ok := c.targets[p]; !ok || pageURL == "/" {
		return ""
	}
	up := strings.Repeat("../", strings.Count(strings.Trim(pageURL, "/"), "/")+1)
	better := up + strings.TrimPrefix(p, "/")
	if u.Fragment != "" {
		better += "#" + u.Fragment
	}
	return ": links are relative to the page's address " + pageURL + ", not to its file: write " + better + " (or " + p + ")"
}

// sourceFile is the hint for a link written as a free page's source file
// from the wrong folder ("../pages/runbook.md" in
// content/windows/2024/x.md, which reads as content/windows/pages/): when a
// free page has that file name, it says how to write the link from this
// file's folder, or from the site folder.
func (c *checker) sourceFile(srcPath, written string) string {
	u, err := url.Parse(written)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(srcPath, "content/") {
		return ""
	}
	ext := strings.ToLower(path.Ext(u.Path))
	if ext != ".md" && ext != ".markdown" {
		return ""
	}
	name := strings.TrimSuffix(path.Base(u.Path), path.Ext(u.Path))
	t, ok := c.targets["/pages/"+name+"/"]
	if !ok || t.win != nil {
		return ""
	}
	file := "pages/" + name + ".md"
	up := strings.Repeat("../", strings.Count(strings.TrimPrefix(path.Dir(srcPath), "content"), "/"))
	frag := ""
	if u.Fragment != "" {
		frag = "#" + u.Fragment
	}
	return ": the free page " + name + " is content/" + file + ", and links to a source file start from this file's folder (" + path.Dir(srcPath) + "/): write " + up + file + frag + " (or /" + file + frag + ")"
}

// other checks a link to a site URL that is neither a window nor a free page.
func (c *checker) other(dest, p string) string {
	if c.others == nil || c.others[p] || c.others[strings.TrimSuffix(p, "/")] {
		return ""
	}
	if strings.HasSuffix(p, "/") && c.others[p+"index.html"] {
		return ""
	}
	msg := "link " + quote(dest) + " points to " + p + ", which the site does not have"
	if ext := path.Ext(p); ext != "" && !strings.HasSuffix(p, "/") && ext != ".html" {
		// An image or a file an author means to ship with the site: the
		// theme's static/ folder is copied to the site's root.
		msg += ": to publish a file with the site, put it in the static/ folder of the site's theme, at themes/<theme>" + "/static" + p + " (themes/default/static" + p + " with the default theme)"
	}
	return msg
}

// targetKind says whether p is the URL of a window ("/windows/<id>/") or a
// free page ("/pages/<name>/"): "window", "page", or "" for anything else
// (lists, files beside a window such as its digest).
func targetKind(p string) string {
	for _, k := range []struct{ prefix, kind string }{{"/windows/", "window"}, {"/pages/", "page"}} {
		rest, ok := strings.CutPrefix(p, k.prefix)
		if !ok || !strings.HasSuffix(rest, "/") {
			continue
		}
		name := strings.TrimSuffix(rest, "/")
		if name != "" && name != "page" && !strings.Contains(name, "/") {
			return k.kind
		}
	}
	return ""
}

// dirOf is the folder a relative link starts from: the page's own URL for
// folder URLs ("/windows/x/"), else its parent.
func dirOf(pageURL string) string {
	if strings.HasSuffix(pageURL, "/") {
		return pageURL
	}
	return path.Dir(pageURL) + "/"
}

// windowAnchors are the ids a window page has for content to link to: its
// headings, tasks and steps, lessons, actions and ideas.
func windowAnchors(w *model.Window) map[string]bool {
	a := set(w.HeadingIDs)
	for _, s := range w.Body {
		if s.Anchor != "" {
			a[s.Anchor] = true
		}
	}
	for _, t := range w.Tasks {
		a[t.Anchor] = true
		for _, s := range t.Steps {
			a[s.Anchor] = true
		}
	}
	for _, list := range w.Spoken() {
		for _, it := range list {
			a[it.Anchor] = true
		}
	}
	for _, act := range w.Actions {
		a[act.Anchor] = true
	}
	delete(a, "")
	return a
}

func set(xs []string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func quote(s string) string { return "\"" + s + "\"" }

// suggestAnchor names the closest anchor, when one is close.
func suggestAnchor(frag string, anchors map[string]bool) string {
	if best := closest(frag, keys(anchors)); best != "" {
		return ": did you mean #" + best + "?"
	}
	return ""
}

// suggestTarget names the closest window or page URL, when one is close.
func (c *checker) suggestTarget(p string) string {
	if best := closest(p, keys(c.targets)); best != "" {
		return ": did you mean " + best + "?"
	}
	return ""
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// closest returns the candidate nearest to word by edit distance, or "" when
// none is near enough to be a likely typo.
func closest(word string, candidates []string) string {
	best, bestDist := "", max(2, len(word)/5)+1
	for _, c := range candidates {
		if d := levenshtein.ComputeDistance(word, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}
