package build

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/announce"
	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/feeds"
	"github.com/wrapup/wrapup/generator/linkcheck"
	"github.com/wrapup/wrapup/generator/load"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/render"
)

// announcePages are the pages that tell people what is coming: /upcoming/.
func announcePages(published *model.Site, ix *aggregate.Index, now time.Time) []*render.Page {
	return []*render.Page{render.UpcomingPage(published, ix.Upcoming, now, "/"+feeds.CalendarFile, announce.NoticeFile)}
}

// planAnnouncements adds the files hosts, feed readers, calendars and mail
// expect: feed.xml, calendar.ics, sitemap.xml, robots.txt, and each window's
// maintenance notice (planned) or digests (held).
func planAnnouncements(outs *Outputs, theme fs.FS, published *model.Site, ix *aggregate.Index, pages []*render.Page, now time.Time) error {
	base := feeds.NewBase(published.Config.BaseURL)
	wr, err := announce.New(theme, published, base)
	if err != nil {
		return err
	}
	cfg := published.Config
	outs.File(feeds.AtomFile, wholeSite, func() ([]byte, error) {
		return feeds.Atom(published, ix.Held, base)
	})
	outs.File(feeds.CalendarFile, wholeSite, func() ([]byte, error) {
		return feeds.Calendar(published, ix.Upcoming, base, now)
	})
	hasSitemap := base.Absolute() && !cfg.NoIndex
	if hasSitemap {
		// Kept until the sitemap is written: made to size.
		indexed := make([]string, 0, len(pages))
		for _, p := range pages {
			if !p.NoIndex {
				indexed = append(indexed, p.URL)
			}
		}
		outs.File(feeds.SitemapFile, wholeSite, func() ([]byte, error) { return feeds.Sitemap(base, indexed) })
	}
	outs.Data(feeds.RobotsFile, feeds.Robots(cfg, base, hasSitemap))
	for _, w := range published.Windows {
		w := w
		dir := strings.TrimPrefix(w.URL(), "/")
		var in []Dep
		if outs.revs != nil { // a one-off build compares no keys
			in = windowDeps(w)
		}
		if !w.Held() {
			outs.File(dir+announce.NoticeFile, in, func() ([]byte, error) { return wr.Notice(w) })
			continue
		}
		outs.File(dir+announce.DigestHTMLFile, in, func() ([]byte, error) { return wr.DigestHTML(w) })
		outs.File(dir+announce.DigestTextFile, in, func() ([]byte, error) { return wr.DigestText(w) })
	}
	return nil
}

// checkLinks checks the links written in content against what the build
// writes (outs, complete). site holds every window, drafts included, so that
// a link to an unpublished draft is named as such. m keeps the link targets
// from a Session's build to the next (nil in a one-off build).
func checkLinks(site *model.Site, outs *Outputs, opts Options, failed []string, memo *planMemo) diag.List {
	list := outs.List()
	// A window whose file has errors is out of this build but not gone: a
	// link to it is not broken, the window is (and says so). It stands in
	// the check as an empty window.
	if len(failed) > 0 {
		withFailed := *site
		withFailed.Windows = slices.Clone(site.Windows)
		for _, f := range failed {
			withFailed.Windows = append(withFailed.Windows, &model.Window{ID: strings.TrimSuffix(path.Base(f), ".md"), Path: f})
		}
		site = &withFailed
	}
	urls := func() []string {
		urls := make([]string, 0, len(list)+len(list)/2)
		for _, o := range list {
			urls = append(urls, "/"+o.Name)
			if o.Name == "index.html" || strings.HasSuffix(o.Name, "/index.html") {
				urls = append(urls, "/"+strings.TrimSuffix(o.Name, "index.html"))
			}
		}
		return urls
	}
	var m *linkcheck.Memo
	var facts uint64
	if memo != nil {
		// The URLs are the outputs' names, in order.
		m = memo.links
		d := digest{seed: memo.seed}
		for _, o := range list {
			d.string(o.Name)
		}
		facts = d.h
	}
	return m.Check(site, linkcheck.Options{Drafts: opts.Drafts}, urls, facts)
}

// failedWindows returns the paths of the window files that have errors
// (and are therefore not in site).
func failedWindows(diags diag.List, site *model.Site) []string {
	in := make(map[string]bool, len(site.Windows))
	for _, w := range site.Windows {
		in[w.Path] = true
	}
	var ids []string
	for _, d := range diags {
		if d.Severity == diag.Error && strings.HasPrefix(d.Path, load.WindowsDir+"/") && path.Ext(d.Path) == ".md" && !in[d.Path] {
			ids = append(ids, d.Path)
			in[d.Path] = true
		}
	}
	return ids
}

// Check does everything a build does short of writing files: it parses the
// site, plans every output (which loads the theme's templates) and checks the
// links in content. The diagnostics are sorted, every error of the run
// among them: links are checked even when files have errors (links to the
// windows that failed are not reported).
func Check(fsys fs.FS, opts Options) (*model.Site, diag.List) {
	site, diags := Parse(fsys, opts)
	res := &Result{Site: site, Diagnostics: diags}
	theme, err := SiteTheme(fsys, site.Config)
	if err != nil {
		res.fail(err)
		return site, res.Diagnostics
	}
	r, err := newRenderer(theme, site.Config, opts)
	if err == nil {
		_, err = plan(site, theme, r, opts, res, nil) // adds its diagnostics to res
	}
	var list diag.ErrorList
	if err != nil && !errors.As(err, &list) {
		// A theme template that does not parse: not a content position.
		res.Diagnostics = append(res.Diagnostics, diag.Diagnostic{Path: "themes/" + site.Config.Theme, Severity: diag.Error, Message: err.Error()})
	}
	return site, res.Diagnostics
}
