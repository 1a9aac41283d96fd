package bucket

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestHeaders(t *testing.T) {
	for _, c := range []struct{ path, typ, cache string }{
		{"index.html", "text/html; charset=utf-8", CacheRevalidate},
		{"windows/2026-01-01-x/index.html", "text/html; charset=utf-8", CacheRevalidate},
		{"search/t/24de7b4fafb7.js", "text/javascript; charset=utf-8", CacheImmutable},
		{"search/pos/e6bc75609d7f.js", "text/javascript; charset=utf-8", CacheImmutable},
		{"assets/style.3f2a9c81d0e4.css", "text/css; charset=utf-8", CacheImmutable},
		{"search/entry.js", "text/javascript; charset=utf-8", CacheRevalidate},
		{"assets/style.css", "text/css; charset=utf-8", CacheRevalidate},
		{"feed.xml", "application/atom+xml", CacheFeed},
		{"calendar.ics", "text/calendar; charset=utf-8", CacheFeed},
		{"sitemap.xml", "application/xml", CacheRevalidate},
		{"data/windows.json", "application/json", CacheRevalidate},
		{"data/actions.csv", "text/csv; charset=utf-8", CacheRevalidate},
		{"windows/x/digest.txt", "text/plain; charset=utf-8", CacheRevalidate},
		{"favicon.svg", "image/svg+xml", CacheRevalidate},
		{"unknown.zzz", "application/octet-stream", CacheRevalidate},
		// A word of hex letters is not a hash.
		{"tags/decade/index.html", "text/html; charset=utf-8", CacheRevalidate},
		{"assets/facade.css", "text/css; charset=utf-8", CacheRevalidate},
	} {
		if got := contentType(c.path); got != c.typ {
			t.Errorf("contentType(%s) = %q, want %q", c.path, got, c.typ)
		}
		if got := cacheControl(c.path); got != c.cache {
			t.Errorf("cacheControl(%s) = %q, want %q", c.path, got, c.cache)
		}
	}
}

func TestTiers(t *testing.T) {
	for _, c := range []struct {
		path  string
		isNew bool
		want  uploadTier
	}{
		{"assets/style.css", false, tierAssets},
		{"search/t/24de7b4fafb7.js", true, tierAssets},
		{"windows/x/digest.txt", true, tierAssets},
		{"windows/x/index.html", true, tierNewPages},
		{"windows/x/index.html", false, tierPages},
		{"search/index.html", false, tierPages},
		{"index.html", false, tierEntry},
		{"404.html", true, tierEntry},
		{"feed.xml", false, tierEntry},
		{"search/entry.js", false, tierEntry},
		{"data/windows.json", false, tierEntry},
	} {
		if got := tierOf(c.path, c.isNew); got != c.want {
			t.Errorf("tierOf(%s, new=%v) = %v, want %v", c.path, c.isNew, got, c.want)
		}
	}
}

func entry(h string) manifestEntry {
	return manifestEntry{SHA256: strings.Repeat(h, 64)[:64], Size: 1, ContentType: "text/html; charset=utf-8", CacheControl: CacheRevalidate}
}

func TestPlan(t *testing.T) {
	live := &live{
		state:   state{Current: "r1", Releases: []string{"r1"}},
		current: &manifest{Release: "r1", Files: map[string]manifestEntry{"index.html": entry("a"), "a/index.html": entry("b"), "gone/index.html": entry("c"), "same.css": entry("d")}},
		objects: map[string]bool{},
	}
	target := &manifest{Release: "r2", Files: map[string]manifestEntry{"index.html": entry("e"), "a/index.html": entry("f"), "new/index.html": entry("g"), "same.css": entry("d"), "s/0123456789ab.js": entry("h")}}
	p, err := makePlan(live, target, true)
	if err != nil {
		t.Fatal(err)
	}
	want := [4][]string{{"s/0123456789ab.js"}, {"new/index.html"}, {"a/index.html"}, {"index.html"}}
	if !reflect.DeepEqual(p.tiers, want) {
		t.Errorf("tiers %v, want %v", p.tiers, want)
	}
	if !reflect.DeepEqual(p.deletes, []string{"gone/index.html"}) {
		t.Errorf("deletes %v", p.deletes)
	}
	// Everything overwritten or deleted is kept first; the unchanged file is not.
	if !reflect.DeepEqual(p.saves, []string{"a/index.html", "gone/index.html", "index.html"}) {
		t.Errorf("saves %v", p.saves)
	}

	// After a killed run that touched same.css and wrote extra/index.html,
	// both are rewritten or deleted even though the manifest says same.css
	// is unchanged; same.css's kept copy exists, so it is not copied again.
	live.pending = &pending{Release: "r2", Base: "r1", Touched: []string{"same.css", "extra/index.html"}}
	live.objects[entry("d").SHA256] = true
	p, err = makePlan(live, target, true)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, tier := range p.tiers {
		all = append(all, tier...)
	}
	sort.Strings(all)
	if !reflect.DeepEqual(all, []string{"a/index.html", "index.html", "new/index.html", "s/0123456789ab.js", "same.css"}) {
		t.Errorf("after a killed run: writes %v", all)
	}
	if !reflect.DeepEqual(p.deletes, []string{"extra/index.html", "gone/index.html"}) {
		t.Errorf("after a killed run: deletes %v", p.deletes)
	}
	for _, s := range p.saves {
		if s == "same.css" {
			t.Error("same.css saved again")
		}
	}

	// A rollback needs a kept copy of every file it restores.
	live.pending = nil
	if _, err := makePlan(live, target, false); err == nil || !strings.Contains(err.Error(), "no kept copy") {
		t.Errorf("rollback without copies: %v", err)
	}
}

func TestParseURL(t *testing.T) {
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_PROFILE", "")
	loc, err := ParseURL("s3://sites/it/wrapups/?endpoint=http://127.0.0.1:8333")
	if err != nil {
		t.Fatal(err)
	}
	if loc.Bucket != "sites" || loc.Prefix != "it/wrapups" || loc.Endpoint != "http://127.0.0.1:8333" {
		t.Errorf("%+v", loc)
	}
	for _, want := range []string{"prefix=it%2Fwrapups%2F", "use_path_style=true", "region=us-east-1"} {
		if !strings.Contains(loc.openURL, want) {
			t.Errorf("open URL %s lacks %s", loc.openURL, want)
		}
	}
	if loc.String() != "s3://sites/it/wrapups at http://127.0.0.1:8333" {
		t.Errorf("String() = %q", loc.String())
	}
	for _, bad := range []string{"s3://key:secret@sites/x", "s3:///x", "s3://b/x?secret_key=1", "s3://b/x?prefix=y", "ftp://b/x"} {
		if _, err := ParseURL(bad); err == nil {
			t.Errorf("ParseURL(%q) accepted", bad)
		}
	}
	if !IsURL("gs://b/p") || !IsURL("azblob://c/p") || IsURL("/srv/www") {
		t.Error("IsURL")
	}
}
