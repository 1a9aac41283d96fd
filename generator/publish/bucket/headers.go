package bucket

import (
	"mime"
	"path"
	"regexp"
	"strings"
)

// Cache-Control values. A bucket has no way to say "this changed" to a cache
// other than the headers each object carries, so they decide how long a
// reader may keep an old copy after a publish.
const (
	// CacheImmutable is for files whose name holds a hash of their content
	// (the search index chunks): a new content gets a new name, so a copy
	// never goes stale.
	CacheImmutable = "public, max-age=31536000, immutable"
	// CacheRevalidate is for every file that keeps its name when it
	// changes (pages, the search entry, style sheets, scripts): caches keep
	// it but ask the server (by ETag) before each use, so a publish shows at
	// once.
	CacheRevalidate = "no-cache"
	// CacheFeed is for the feed and the calendar, which subscribing clients
	// poll: five minutes of staleness saves the server most of those polls.
	CacheFeed = "public, max-age=300"
)

// hashedName matches a file name that is a content hash ("24de7b4fafb7.js",
// as the search index chunks are) or carries one before its extension
// ("style.3f2a9c81.css").
var hashedName = regexp.MustCompile(`(^|\.)[0-9a-f]{12,64}\.[a-z0-9]+$`)

// Hashed reports whether the file at p is named by its content.
func Hashed(p string) bool { return hashedName.MatchString(path.Base(p)) }

// cacheControl returns the Cache-Control header for the site file at p.
func cacheControl(p string) string {
	switch {
	case Hashed(p):
		return CacheImmutable
	case p == "feed.xml" || path.Ext(p) == ".ics":
		return CacheFeed
	default:
		return CacheRevalidate
	}
}

// contentTypes are the types wrapup's own files need, with a charset for
// every text type (mime's table varies by machine and omits some).
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".json":        "application/json",
	".xml":         "application/xml",
	".ics":         "text/calendar; charset=utf-8",
	".csv":         "text/csv; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".ico":         "image/x-icon",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".pdf":         "application/pdf",
	".webmanifest": "application/manifest+json",
}

// contentType returns the Content-Type header for the site file at p.
func contentType(p string) string {
	if p == "feed.xml" || strings.HasSuffix(p, "/feed.xml") {
		return "application/atom+xml"
	}
	ext := strings.ToLower(path.Ext(p))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// uploadTier is the step of a publish in which a file is written. Readers follow
// links from entry points to pages to assets, so a publish writes in the
// other direction: nothing a reader can reach links to a file that is not
// there yet.
type uploadTier int

const (
	tierAssets   uploadTier = iota // style sheets, scripts, search chunks, digests: what pages load or link to
	tierNewPages                   // pages that did not exist: no live page links to them yet
	tierPages                      // pages that change: their new links point at files already written
	tierEntry                      // the home page, 404 page, search entry, feed, calendar, sitemap, data exports
)

func (t uploadTier) String() string {
	return [...]string{"assets", "new pages", "pages", "entry points"}[t]
}

// tierOf returns the tier of the site file at p; isNew says the live release
// has no file at p.
func tierOf(p string, isNew bool) uploadTier {
	switch {
	case !strings.Contains(p, "/") || p == "search/entry.js" || strings.HasPrefix(p, "data/"):
		return tierEntry
	case path.Ext(p) == ".html" && isNew:
		return tierNewPages
	case path.Ext(p) == ".html":
		return tierPages
	default:
		return tierAssets
	}
}
