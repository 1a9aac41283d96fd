package output

import (
	"bytes"
	"strings"
)

// Relativize rewrites every root-relative link of a page (href="/..." and
// src="/...", as templates and authors write them) into a link relative to the
// page itself, so the site works under any sub-path of a web server and when
// opened from disk. pageURL is the page's own root-relative URL ("/windows/x/"
// or "/404.html"). With fileMode set, links to folders get "index.html"
// appended, because a browser opening file:// does not look for index files.
func Relativize(pageURL string, html []byte, fileMode bool) []byte {
	up := RootPrefix(pageURL)
	return rewrite(html, func(target string) string { return Rel(up, target, fileMode) })
}

// rewrite replaces the target of every root-relative href and src attribute.
func rewrite(html []byte, fn func(string) string) []byte {
	var out bytes.Buffer
	out.Grow(len(html) + len(html)/16)
	rest := html
	for {
		i := indexAttr(rest)
		if i < 0 {
			out.Write(rest)
			return out.Bytes()
		}
		// rest[i:] starts with `href="/` or `src="/`; copy through the quote.
		q := bytes.IndexByte(rest[i:], '"') + i + 1
		out.Write(rest[:q])
		rest = rest[q:]
		end := bytes.IndexByte(rest, '"')
		if end < 0 {
			out.Write(rest)
			return out.Bytes()
		}
		out.WriteString(fn(string(rest[:end])))
		rest = rest[end:]
	}
}

// Rebase rewrites root-relative links to start from basePath ("/it/wrapups/"):
// for pages served at many addresses, like the 404 page.
func Rebase(html []byte, basePath string) []byte {
	return rewrite(html, func(target string) string { return basePath + strings.TrimPrefix(target, "/") })
}

// indexAttr finds the next href="/ or src="/ that is not protocol-relative
// (//host). It scans for the shared `="/` once, so a page costs one pass
// whatever mix of attributes it has.
func indexAttr(b []byte) int {
	off := 0
	for {
		i := bytes.Index(b[off:], []byte(`="/`))
		if i < 0 {
			return -1
		}
		at := off + i // position of '='
		off = at + 3
		if off < len(b) && b[off] == '/' {
			continue
		}
		switch {
		case at >= 4 && string(b[at-4:at]) == "href" && (at == 4 || isSpace(b[at-5])):
			return at - 4
		case at >= 3 && string(b[at-3:at]) == "src" && (at == 3 || isSpace(b[at-4])):
			return at - 3
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// RootPrefix is the relative path from a page to the site root: "" for
// "/index.html" and "/", "../../" for "/windows/x/".
func RootPrefix(pageURL string) string {
	dir := pageURL
	if !strings.HasSuffix(dir, "/") {
		if i := strings.LastIndexByte(dir, '/'); i >= 0 {
			dir = dir[:i+1]
		}
	}
	depth := strings.Count(strings.Trim(dir, "/"), "/")
	if strings.Trim(dir, "/") == "" {
		return ""
	}
	return strings.Repeat("../", depth+1)
}

// Rel turns a root-relative target ("/people/kim/#x") into a link from a page
// whose RootPrefix is up.
func Rel(up, target string, fileMode bool) string {
	p, frag := target, ""
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p, frag = p[:i], p[i:]
	}
	p = strings.TrimPrefix(p, "/")
	if fileMode && (p == "" || strings.HasSuffix(p, "/")) {
		p += "index.html"
	}
	r := up + p
	if r == "" {
		r = "./"
	}
	return r + frag
}
