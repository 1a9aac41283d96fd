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
	return AppendRelativized(make([]byte, 0, len(html)+len(html)/16), pageURL, html, fileMode)
}

// AppendRelativized is Relativize appending to dst: a build that writes
// thousands of pages reuses one buffer instead of allocating one per page.
func AppendRelativized(dst []byte, pageURL string, html []byte, fileMode bool) []byte {
	up := RootPrefix(pageURL)
	return rewrite(dst, html, func(dst, target []byte) []byte { return appendRel(dst, up, target, fileMode) })
}

// rewrite appends html to dst with the target of every root-relative href
// and src attribute replaced by what fn appends for it.
func rewrite(dst, html []byte, fn func(dst, target []byte) []byte) []byte {
	rest := html
	for {
		i := indexAttr(rest)
		if i < 0 {
			return append(dst, rest...)
		}
		// rest[i:] starts with `href="/` or `src="/`; copy through the quote.
		q := bytes.IndexByte(rest[i:], '"') + i + 1
		dst = append(dst, rest[:q]...)
		rest = rest[q:]
		end := bytes.IndexByte(rest, '"')
		if end < 0 {
			return append(dst, rest...)
		}
		dst = fn(dst, rest[:end])
		rest = rest[end:]
	}
}

// Rebase rewrites root-relative links to start from basePath ("/it/wrapups/"):
// for pages served at many addresses, like the 404 page.
func Rebase(html []byte, basePath string) []byte {
	return AppendRebased(make([]byte, 0, len(html)+len(html)/16), html, basePath)
}

// AppendRebased is Rebase appending to dst.
func AppendRebased(dst, html []byte, basePath string) []byte {
	return rewrite(dst, html, func(dst, target []byte) []byte {
		return append(append(dst, basePath...), bytes.TrimPrefix(target, []byte("/"))...)
	})
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
	return string(appendRel(nil, up, []byte(target), fileMode))
}

// appendRel appends Rel(up, target, fileMode) to dst.
func appendRel(dst []byte, up string, target []byte, fileMode bool) []byte {
	p, frag := target, []byte(nil)
	if i := bytes.IndexAny(p, "?#"); i >= 0 {
		p, frag = p[:i], p[i:]
	}
	p = bytes.TrimPrefix(p, []byte("/"))
	if up == "" && len(p) == 0 && !fileMode {
		dst = append(dst, "./"...)
		return append(dst, frag...)
	}
	dst = append(dst, up...)
	dst = append(dst, p...)
	if fileMode && (len(p) == 0 || p[len(p)-1] == '/') {
		dst = append(dst, "index.html"...)
	}
	return append(dst, frag...)
}
