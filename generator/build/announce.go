package build

import (
	"errors"
	"io/fs"
	"strings"
	"time"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/announce"
	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/feeds"
	"github.com/wrapup/wrapup/generator/linkcheck"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/render"
)

// announcePages are the pages that tell people what is coming: /upcoming/.
func announcePages(published *model.Site, ix *aggregate.Index, now time.Time) []*render.Page {
	return []*render.Page{render.UpcomingPage(published, ix.Upcoming, now, "/"+feeds.CalendarFile, announce.NoticeFile)}
}

// announceInputs is what a window's notice or digest is made from.
type announceInputs struct {
	W      *model.Window
	Config model.Config
	People map[string]model.Person
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
	latest := ix.Held[:min(len(ix.Held), feeds.FeedSize)]
	outs.File(feeds.AtomFile, []any{latest, cfg, published.People}, func() ([]byte, error) {
		return feeds.Atom(published, ix.Held, base)
	})
	outs.File(feeds.CalendarFile, nil, func() ([]byte, error) {
		return feeds.Calendar(published, ix.Upcoming, base, now)
	})
	var indexed []string
	for _, p := range pages {
		if !p.NoIndex {
			indexed = append(indexed, p.URL)
		}
	}
	hasSitemap := base.Absolute() && !cfg.NoIndex
	if hasSitemap {
		outs.File(feeds.SitemapFile, indexed, func() ([]byte, error) { return feeds.Sitemap(base, indexed) })
	}
	outs.Data(feeds.RobotsFile, feeds.Robots(cfg, base, hasSitemap))
	for _, w := range published.Windows {
		w := w
		dir := strings.TrimPrefix(w.URL(), "/")
		in := announceInputs{W: w, Config: cfg, People: published.People}
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
// a link to an unpublished draft is named as such.
func checkLinks(site *model.Site, outs *Outputs, opts Options) diag.List {
	list := outs.List()
	urls := make([]string, 0, len(list)+len(list)/2)
	for _, o := range list {
		urls = append(urls, "/"+o.Name)
		if o.Name == "index.html" || strings.HasSuffix(o.Name, "/index.html") {
			urls = append(urls, "/"+strings.TrimSuffix(o.Name, "index.html"))
		}
	}
	return linkcheck.Check(site, linkcheck.Options{Drafts: opts.Drafts, URLs: urls})
}

// Check does everything a build does short of writing files: it parses the
// site, plans every output (which loads the theme's templates) and checks the
// links in content. The diagnostics are sorted; link errors are reported once
// the files themselves have no errors, because a window with errors is left
// out of the site and links to it would read as broken.
func Check(fsys fs.FS, opts Options) (*model.Site, diag.List) {
	site, diags := Parse(fsys, opts)
	if diags.HasErrors() {
		return site, diags
	}
	res := &Result{Site: site, Diagnostics: diags}
	theme, err := SiteTheme(fsys, site.Config)
	if err == nil {
		var r *render.Renderer
		if r, err = newRenderer(theme, site.Config, opts); err == nil {
			_, err = plan(site, theme, r, opts, res, nil)
		}
	}
	var list diag.ErrorList
	switch {
	case errors.As(err, &list) && !res.Diagnostics.HasErrors():
		res.Diagnostics = append(res.Diagnostics, list...)
		res.Diagnostics.Sort()
	case err != nil && !errors.As(err, &list):
		// A theme template that does not parse: not a content position.
		res.Diagnostics = append(res.Diagnostics, diag.Diagnostic{Path: "themes/" + site.Config.Theme, Severity: diag.Error, Message: err.Error()})
	}
	return site, res.Diagnostics
}
