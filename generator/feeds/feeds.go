// Package feeds writes the files that other programs read from a wrap-up
// site: the Atom feed of the latest wrap-ups, the iCalendar file of planned
// windows, sitemap.xml and robots.txt. Each is a function of the model; none
// does I/O.
package feeds

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/feeds"

	"github.com/wrapup/wrapup/generator/model"
)

// Files written at the output root.
const (
	AtomFile     = "feed.xml"
	CalendarFile = "calendar.ics"
	SitemapFile  = "sitemap.xml"
	RobotsFile   = "robots.txt"
)

// FeedSize is how many of the latest held windows the Atom feed carries.
const FeedSize = 20

// Base resolves site URLs ("/windows/x/") against the site's base_url.
type Base struct {
	// Abs is base_url with a trailing slash when it names a scheme and a host;
	// "" otherwise.
	Abs string
	// Path is the path part of base_url with a trailing slash ("/it/wrapups/").
	Path string
}

// NewBase reads a base_url as wrapup.yaml holds it ("" allowed).
func NewBase(baseURL string) Base {
	b := Base{Path: "/"}
	u, err := url.Parse(baseURL)
	if err != nil {
		return b
	}
	if u.Path != "" {
		b.Path = strings.TrimSuffix(u.Path, "/") + "/"
	}
	if u.Scheme != "" && u.Host != "" {
		abs := *u
		abs.Path, abs.RawQuery, abs.Fragment = b.Path, "", ""
		b.Abs = abs.String()
	}
	return b
}

// Absolute reports whether base_url names a scheme and host, so that links can
// be full URLs.
func (b Base) Absolute() bool { return b.Abs != "" }

// URL returns the address of a root-relative site URL: a full URL when the
// base is absolute, else a path from the server root ("/it/wrapups/windows/x/").
func (b Base) URL(rootRelative string) string {
	rel := strings.TrimPrefix(rootRelative, "/")
	if b.Abs != "" {
		return b.Abs + rel
	}
	return b.Path + rel
}

// host is the base URL's host, or "" when the base is not absolute.
func (b Base) host() string {
	if b.Abs == "" {
		return ""
	}
	u, _ := url.Parse(b.Abs)
	return u.Hostname()
}

// Atom returns the Atom feed of the latest held windows (newest first, as the
// site orders them): each entry has the title, the time the window ended, the
// three success criteria, the summary and a link to the window page.
func Atom(site *model.Site, held []*model.Window, base Base) ([]byte, error) {
	if len(held) > FeedSize {
		held = held[:FeedSize]
	}
	f := &feeds.Feed{
		Title:       site.Config.Title,
		Link:        &feeds.Link{Href: base.URL("/")},
		Description: "The latest maintenance-window wrap-ups: how each window went and what we learned.",
		Author:      &feeds.Author{Name: site.Config.Title},
		Id:          feedID(base, "/"),
	}
	for _, w := range held {
		end := *w.End
		if end.After(f.Updated) {
			f.Updated = end
		}
		item := &feeds.Item{
			Title:       w.Title,
			Link:        &feeds.Link{Href: base.URL(w.URL())},
			Id:          feedID(base, w.URL()),
			Created:     end,
			Updated:     end,
			Description: html.EscapeString(Criteria(w)),
			Content:     entryHTML(w),
		}
		if w.Facilitator != "" {
			item.Author = &feeds.Author{Name: personName(site, w.Facilitator)}
		}
		f.Items = append(f.Items, item)
	}
	if f.Updated.IsZero() {
		// An archive without wrap-ups yet: a fixed date keeps builds reproducible.
		f.Updated = time.Unix(0, 0).UTC()
	}
	atom := (&feeds.Atom{Feed: f}).AtomFeed()
	// gorilla/feeds writes the feed's id from its link; ours is stable and
	// independent of where the site is hosted when the base is not absolute.
	atom.Id = f.Id
	atom.Link = &feeds.AtomLink{Href: base.URL("/" + AtomFile), Rel: "self", Type: "application/atom+xml"}
	s, err := feeds.ToXML(atom)
	if err != nil {
		return nil, fmt.Errorf("atom feed: %w", err)
	}
	return []byte(s + "\n"), nil
}

// feedID is a permanent id for an Atom feed or entry: its URL when the base is
// absolute, else a URN made from the site-relative URL.
func feedID(base Base, rootRelative string) string {
	if base.Absolute() {
		return base.URL(rootRelative)
	}
	return "urn:wrapup:" + strings.Trim(rootRelative, "/")
}

// Criteria says in one line how a held window went against the three
// criteria: "Success: changes made, no production impact, on time (20m early)."
func Criteria(w *model.Window) string {
	o := w.Derived.Outcome
	if o == nil {
		return "Planned window."
	}
	verdict := "Success"
	if !o.Success {
		verdict = "Not a full success"
	}
	yes := func(ok bool, good, bad string) string {
		if ok {
			return good
		}
		return bad
	}
	timing := ""
	if m := w.Derived.OverrunMinutes; m != nil {
		timing = " (" + model.FormatOverrun(m) + ")"
	}
	return fmt.Sprintf("%s: %s, %s, %s%s.", verdict,
		yes(o.ChangesMade, "changes made", "changes not all made"),
		yes(o.NoImpact, "no production impact", "production impact: "+w.Impact),
		yes(o.OnTime, "on time", "late"), timing)
}

// entryHTML is an entry's content: the criteria as a list, then the summary.
func entryHTML(w *model.Window) string {
	var b strings.Builder
	o := w.Derived.Outcome
	mark := func(ok bool) string {
		if ok {
			return "✓"
		}
		return "✗"
	}
	fmt.Fprintf(&b, "<p><strong>%s</strong></p>", html.EscapeString(Criteria(w)))
	if o != nil {
		fmt.Fprintf(&b, "<ul><li>%s changes made</li><li>%s no production impact (impact: %s)</li><li>%s on time</li></ul>",
			mark(o.ChangesMade), mark(o.NoImpact), html.EscapeString(w.Impact), mark(o.OnTime))
	}
	if w.Summary != "" {
		fmt.Fprintf(&b, "<p>%s</p>", html.EscapeString(w.Summary))
	}
	if len(w.Systems) > 0 {
		fmt.Fprintf(&b, "<p>Systems: %s</p>", html.EscapeString(strings.Join(w.Systems, ", ")))
	}
	return b.String()
}

func personName(site *model.Site, handle string) string {
	if p, ok := site.People[handle]; ok && p.Name != "" {
		return p.Name
	}
	return handle
}

// Sitemap returns sitemap.xml listing the given root-relative page URLs, or
// nil when the sitemap cannot be written: the sitemap protocol needs full URLs,
// so base_url must name a scheme and host.
func Sitemap(base Base, pageURLs []string) ([]byte, error) {
	if !base.Absolute() {
		return nil, nil
	}
	type loc struct {
		Loc string `xml:"loc"`
	}
	doc := struct {
		XMLName xml.Name `xml:"urlset"`
		Xmlns   string   `xml:"xmlns,attr"`
		URLs    []loc    `xml:"url"`
	}{Xmlns: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, u := range pageURLs {
		doc.URLs = append(doc.URLs, loc{base.URL(u)})
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("sitemap: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// Robots returns robots.txt: everything disallowed when the site asks to stay
// out of search engines (wrapup.yaml noindex: true), else everything allowed
// with the sitemap's address.
func Robots(cfg model.Config, base Base, hasSitemap bool) []byte {
	var b strings.Builder
	b.WriteString("# Crawlers read robots.txt only at the root of a host. When this site is\n")
	b.WriteString("# served under a sub-path, copy these rules into the host's own robots.txt.\n")
	b.WriteString("User-agent: *\n")
	if cfg.NoIndex {
		b.WriteString("Disallow: /\n")
		return []byte(b.String())
	}
	b.WriteString("Allow: /\n")
	if hasSitemap {
		fmt.Fprintf(&b, "\nSitemap: %s\n", base.URL("/"+SitemapFile))
	}
	return []byte(b.String())
}
