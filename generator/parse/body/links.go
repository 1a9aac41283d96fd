package body

import (
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Links as authors write them (docs/authoring.md, "Links and e-mail
// addresses"). A link into the site may be root-relative (/windows/x/),
// relative to the page (../x/#task-2) or the source file it shows
// (2024-03-16-core-switch.md, ../pages/runbook.md). The parser resolves each of
// them to one form, the root-relative URL of the page
// ("/windows/2024-03-16-core-switch/#task-2"), and writes that into the
// rendered HTML: the output stage rewrites root-relative links for a sub-path
// and for pages opened from disk, and the link checker checks them. E-mail
// addresses and URLs are links out of the site, never checked.

// emailRE is an address written where a link destination goes
// ([write to us](ops@example.com)): a mailto: link, not a file of the site.
var emailRE = regexp.MustCompile(`^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+(\?.*)?$`)

// resolveLink returns what a link destination written in the body of the
// page at pageURL, read from the file srcPath, becomes in the rendered page,
// and whether that is a URL of the site (root-relative) to be checked.
func resolveLink(pageURL, srcPath, dest string) (href string, internal bool) {
	d := strings.TrimSpace(dest)
	if d == "" {
		return dest, false
	}
	if emailRE.MatchString(d) {
		return "mailto:" + d, false
	}
	if strings.HasPrefix(strings.ToLower(d), "www.") {
		return "https://" + d, false
	}
	if isWindowsPath(d) {
		return dest, false // shown as text by collect: see isWindowsPath
	}
	u, err := url.Parse(d)
	if err != nil {
		// Not an address at all: the link checker says why.
		return dest, true
	}
	if u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return dest, false
	}
	if u.Path == "" {
		return dest, false // #anchor or ?query on this page
	}
	suffix := ""
	if u.RawQuery != "" {
		suffix += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		suffix += "#" + u.EscapedFragment()
	}
	if p, ok := sourceLink(pageURL, srcPath, u.Path); ok {
		return p + suffix, true
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = path.Join(dirOf(pageURL), p)
	}
	p = path.Clean(p)
	if p != "/" && (strings.HasSuffix(u.Path, "/") || path.Ext(p) == "") {
		p += "/"
	}
	if strings.HasSuffix(p, "/index.html") {
		p = strings.TrimSuffix(p, "index.html")
	}
	return (&url.URL{Path: p}).EscapedPath() + suffix, true
}

// sourceLink resolves a link written as a source file (a path ending in
// .md or .markdown) to the URL of the page made from that file: relative to
// the folder of srcPath, or from the site folder when it starts with "/".
// A window file may be named from any folder of content/windows/: its id is
// its base name.
func sourceLink(pageURL, srcPath, p string) (string, bool) {
	ext := strings.ToLower(path.Ext(p))
	if ext != ".md" && ext != ".markdown" {
		return "", false
	}
	var file string
	switch {
	case strings.HasPrefix(p, "/content/"):
		file = strings.TrimPrefix(p, "/")
	case strings.HasPrefix(p, "/"):
		file = "content" + p
	case strings.HasPrefix(srcPath, "content/"):
		file = path.Join(path.Dir(srcPath), p)
	default:
		// No source folder known: read it against the page's URL.
		file = "content" + path.Join(dirOf(pageURL), p)
	}
	file = path.Clean(file)
	name := strings.TrimSuffix(path.Base(file), path.Ext(file))
	switch {
	case file == "content/_index.md":
		return "/", true
	case strings.HasPrefix(file, "content/windows/"):
		return "/windows/" + name + "/", true
	case strings.HasPrefix(file, "content/pages/"):
		return "/pages/" + name + "/", true
	}
	return "", false
}

// pageURL is the site URL of the page a source file becomes.
func pageURL(srcPath string) string {
	if u, ok := sourceLink("/", "", "/"+srcPath); ok {
		return u
	}
	return "/"
}

// dirOf is the folder a relative link starts from: the page's own URL for
// folder URLs ("/windows/x/"), else its parent.
func dirOf(pageURL string) string {
	if strings.HasSuffix(pageURL, "/") {
		return pageURL
	}
	return path.Dir(pageURL) + "/"
}

// isWindowsPath reports whether a link destination is a path on a file
// share (\\server\share\x.docx, which Markdown's escapes may leave as
// \server\...) or a drive (C:\docs\x.txt). It is not a page of the site
// and browsers do not open such links from a web page, so the page shows
// the link's words with the path after them, as text.
func isWindowsPath(d string) bool {
	return strings.HasPrefix(d, "\\") || len(d) > 2 && d[1] == ':' && d[2] == '\\' && isLetter(d[0])
}

// unlinkPath replaces a link to a Windows path by its words and the path.
func unlinkPath(link *ast.Link) {
	parent := link.Parent()
	if parent == nil {
		return
	}
	for c := link.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, link, c)
		c = next
	}
	parent.InsertBefore(parent, link, ast.NewString([]byte(" ("+string(link.Destination)+")")))
	parent.RemoveChild(parent, link)
}
