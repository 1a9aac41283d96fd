package bucket_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"gocloud.dev/blob"
	"golang.org/x/net/html"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/output"
	"github.com/wrapup/wrapup/generator/publish/bucket"
	"github.com/wrapup/wrapup/internal/s3test"
)

// server is the SeaweedFS server shared by this package's tests; each test
// uses buckets of its own.
var server *s3test.Server

func TestMain(m *testing.M) {
	if os.Getenv(childSite) != "" {
		os.Exit(killChild())
	}
	os.Exit(s3test.Main(m, &server))
}

var buildNow = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// buildSite builds the site whose source files are src and returns its output.
func buildSite(t testing.TB, src fstest.MapFS) fstest.MapFS {
	t.Helper()
	mem := output.NewMemory()
	if _, err := build.Build(src, build.Options{Now: buildNow}, mem); err != nil {
		t.Fatalf("build: %v", err)
	}
	out := fstest.MapFS{}
	for name, data := range mem.Files() {
		out[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return out
}

// sampleSource is the repository's sample site (wrapup.yaml, content/,
// themes/) as a MapFS, so tests can edit it.
func sampleSource(t testing.TB) fstest.MapFS {
	t.Helper()
	root := os.DirFS("../../..")
	src := fstest.MapFS{}
	for _, dir := range []string{"content", "themes"} {
		err := fs.WalkDir(root, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(root, p)
			src[p] = &fstest.MapFile{Data: data, Mode: 0o644}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	data, err := fs.ReadFile(root, "wrapup.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src["wrapup.yaml"] = &fstest.MapFile{Data: data}
	return src
}

// windowFiles returns the sample's window sources, sorted.
func windowFiles(src fstest.MapFS) []string {
	var names []string
	for name := range src {
		if strings.HasPrefix(name, "content/windows/") && strings.HasSuffix(name, ".md") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// testBucket is the bucket the tests share, each under prefixes of its own
// (SeaweedFS gives each bucket volumes of its own: a bucket per test would
// need many).
const testBucket = "wrapup-tests"

var bucketSeq int

// newBucket opens a new, empty prefix of the test bucket: the site goes
// under <test>/<prefix>. It returns the bucket's name and the full prefix.
func newBucket(t *testing.T, prefix string) (*blob.Bucket, string, string) {
	t.Helper()
	srv := s3test.Need(t, server)
	if _, err := srv.Client.HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String(testBucket)}); err != nil {
		srv.CreateBucket(t, testBucket)
	}
	bucketSeq++
	full := fmt.Sprintf("%d-%s/%s", bucketSeq, strings.ToLower(regexp.MustCompile(`[^A-Za-z0-9]+`).ReplaceAllString(t.Name(), "-")), prefix)
	full = strings.TrimSuffix(full, "/")
	return open(t, srv.URL(testBucket, full)), testBucket, full
}

func open(t *testing.T, raw string) *blob.Bucket {
	t.Helper()
	loc, err := bucket.ParseURL(raw)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bucket.Open(context.Background(), loc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// contents returns every site object under the bucket's prefix (wrapup's
// .wrapup/ records left out) with its content.
func contents(t *testing.T, b *blob.Bucket) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	out := map[string][]byte{}
	it := b.List(nil)
	for {
		obj, err := it.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(obj.Key, ".wrapup/") {
			continue
		}
		data, err := b.ReadAll(ctx, obj.Key)
		if err != nil {
			t.Fatal(err)
		}
		out[obj.Key] = data
	}
	return out
}

// sameSite reports how the bucket's site objects differ from site.
func sameSite(t *testing.T, got map[string][]byte, site fstest.MapFS, what string) {
	t.Helper()
	var diffs []string
	for name, f := range site {
		data, ok := got[name]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+name)
		case !bytes.Equal(data, f.Data):
			diffs = append(diffs, "different "+name)
		}
	}
	for name := range got {
		if _, ok := site[name]; !ok {
			diffs = append(diffs, "extra "+name)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Fatalf("%s: the bucket differs from the site in %d files: %s", what, len(diffs), strings.Join(diffs[:min(len(diffs), 10)], ", "))
	}
}

// brokenLinks checks, in the bucket's objects, that every page's links and
// sources and the search entry's chunks lead to objects that exist: what a
// reader crawling the site would find.
func brokenLinks(files map[string][]byte) []string {
	exists := func(p string) bool { _, ok := files[p]; return ok }
	var broken []string
	for name, data := range files {
		switch {
		case strings.HasSuffix(name, ".html"):
			for _, ref := range pageLinks(data) {
				u, err := url.Parse(ref)
				if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" || strings.HasPrefix(ref, "/") {
					continue
				}
				target := path.Join(path.Dir(name), u.Path)
				if strings.HasSuffix(u.Path, "/") || u.Path == "." || u.Path == ".." {
					target = path.Join(target, "index.html")
				}
				if !exists(target) {
					broken = append(broken, fmt.Sprintf("%s links to %s: missing", name, ref))
				}
			}
		case name == "search/entry.js":
			for _, m := range chunkRef.FindAllStringSubmatch(string(data), -1) {
				if !exists("search/" + m[1] + ".js") {
					broken = append(broken, "search/entry.js names missing chunk "+m[1])
				}
			}
		}
	}
	sort.Strings(broken)
	return broken
}

var chunkRef = regexp.MustCompile(`"([a-z]+/[0-9a-f]{12})"`)

func pageLinks(data []byte) []string {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "href" || a.Key == "src" {
					out = append(out, strings.TrimSpace(a.Val))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// changedPaths lists the paths whose content differs between two builds,
// or that only the second has.
func changedPaths(a, b fstest.MapFS) (changed, gone []string) {
	for name, f := range b {
		if old, ok := a[name]; !ok || !bytes.Equal(old.Data, f.Data) {
			changed = append(changed, name)
		}
	}
	for name := range a {
		if _, ok := b[name]; !ok {
			gone = append(gone, name)
		}
	}
	sort.Strings(changed)
	sort.Strings(gone)
	return changed, gone
}

func sorted(s []string) []string {
	s = append([]string(nil), s...)
	sort.Strings(s)
	return s
}

func head(t *testing.T, bucketName, key string) *s3.HeadObjectOutput {
	t.Helper()
	out, err := server.Client.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: &bucketName, Key: &key})
	if err != nil {
		t.Fatalf("HEAD %s: %v", key, err)
	}
	return out
}

// editedSource is the sample with one window edited (editOne) and another
// window removed.
func editedSource(t *testing.T, src fstest.MapFS) (fstest.MapFS, string, string) {
	t.Helper()
	windows := windowFiles(src)
	next := editOne(t, src)
	removed := windows[0]
	delete(next, removed)
	return next, windows[len(windows)-1], removed
}

// editOne is the sample with a sentence added to one window's first section.
func editOne(t *testing.T, src fstest.MapFS) fstest.MapFS {
	t.Helper()
	windows := windowFiles(src)
	edited := windows[len(windows)-1]
	next := fstest.MapFS{}
	for k, v := range src {
		next[k] = v
	}
	data := string(src[edited].Data)
	i := strings.Index(data, "\n## ")
	if i < 0 {
		t.Fatalf("%s has no section to edit", edited)
	}
	data = data[:i] + "\n\nAn edit after the first publish: the pager was rerouted.\n" + data[i:]
	next[edited] = &fstest.MapFile{Data: []byte(data)}
	return next
}

// TestPublishEditRollback publishes the sample site, then an edited one, then
// rolls back, checking the bucket after each step.
func TestPublishEditRollback(t *testing.T) {
	b, name, prefix := newBucket(t, "it/wrapups")
	ctx := context.Background()
	src := sampleSource(t)
	v1 := buildSite(t, src)

	// First publish: every file, with its type and cache policy.
	start := time.Now()
	res, err := bucket.Publish(ctx, b, v1, bucket.Options{MaxDeletes: -1, Now: buildNow})
	if err != nil {
		t.Fatalf("first publish: %v", err)
	}
	t.Logf("first publish: %d files, %d bytes in %s", len(res.Uploaded), res.Bytes, time.Since(start))
	if len(res.Uploaded) != len(v1) || res.Unchanged != 0 || len(res.Deleted) != 0 {
		t.Fatalf("first publish uploaded %d of %d files (%d unchanged, %d deleted)", len(res.Uploaded), len(v1), res.Unchanged, len(res.Deleted))
	}
	sameSite(t, contents(t, b), v1, "after the first publish")
	want := map[string][2]string{
		"index.html":         {"text/html; charset=utf-8", bucket.CacheRevalidate},
		"assets/style.css":   {"text/css; charset=utf-8", bucket.CacheRevalidate},
		"search/entry.js":    {"text/javascript; charset=utf-8", bucket.CacheRevalidate},
		"feed.xml":           {"application/atom+xml", bucket.CacheFeed},
		"calendar.ics":       {"text/calendar; charset=utf-8", bucket.CacheFeed},
		"data/windows.json":  {"application/json", bucket.CacheRevalidate},
		"data/windows.csv":   {"text/csv; charset=utf-8", bucket.CacheRevalidate},
		"robots.txt":         {"text/plain; charset=utf-8", bucket.CacheRevalidate},
		"windows/index.html": {"text/html; charset=utf-8", bucket.CacheRevalidate},
	}
	chunks := 0
	for p := range v1 {
		if strings.HasPrefix(p, "search/t/") {
			want[p] = [2]string{"text/javascript; charset=utf-8", bucket.CacheImmutable}
			chunks++
		}
	}
	if chunks == 0 {
		t.Fatal("the sample site has no search chunks")
	}
	for p, w := range want {
		h := head(t, name, prefix+"/"+p)
		if got := deref(h.ContentType); got != w[0] {
			t.Errorf("%s: Content-Type %q, want %q", p, got, w[0])
		}
		if got := deref(h.CacheControl); got != w[1] {
			t.Errorf("%s: Cache-Control %q, want %q", p, got, w[1])
		}
	}

	// Publishing the same site again writes no file.
	res, err = bucket.Publish(ctx, b, v1, bucket.Options{MaxDeletes: -1, Now: buildNow.Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Uploaded) != 0 || len(res.Deleted) != 0 || res.Unchanged != len(v1) {
		t.Errorf("unchanged site: uploaded %v, deleted %v", res.Uploaded, res.Deleted)
	}

	// One edit: only the files that show it are uploaded.
	srcEdit := editOne(t, src)
	vEdit := buildSite(t, srcEdit)
	changed, gone := changedPaths(v1, vEdit)
	start = time.Now()
	res, err = bucket.Publish(ctx, b, vEdit, bucket.Options{MaxDeletes: -1, Now: buildNow.Add(90 * time.Second)})
	if err != nil {
		t.Fatalf("publish after one edit: %v", err)
	}
	t.Logf("re-publish after one edit: %d uploaded (%d bytes), %d deleted, %d unchanged in %s",
		len(res.Uploaded), res.Bytes, len(res.Deleted), res.Unchanged, time.Since(start))
	// The replaced search chunks (new names) go away; no page does.
	if got := sorted(res.Uploaded); !equal(got, changed) || !equal(sorted(res.Deleted), gone) {
		t.Errorf("publish after one edit uploaded %v and deleted %v, want the %d that changed: %v, and %v", got, res.Deleted, len(changed), changed, gone)
	}
	for _, p := range gone {
		if !bucket.Hashed(p) {
			t.Errorf("one edit deleted %s", p)
		}
	}
	if len(res.Uploaded) >= len(v1)/3 {
		t.Errorf("one edit re-uploaded %d of %d files", len(res.Uploaded), len(v1))
	}
	sameSite(t, contents(t, b), vEdit, "after one edit")

	// The edit and a removed window: only what changed is uploaded, what
	// went away is deleted.
	src2, edited, removed := editedSource(t, src)
	v2 := buildSite(t, src2)
	changed, gone = changedPaths(vEdit, v2)
	start = time.Now()
	res, err = bucket.Publish(ctx, b, v2, bucket.Options{MaxDeletes: -1, Now: buildNow.Add(2 * time.Minute)})
	if err != nil {
		t.Fatalf("second publish: %v", err)
	}
	t.Logf("re-publish after editing %s and removing %s: %d uploaded, %d deleted, %d unchanged in %s",
		edited, removed, len(res.Uploaded), len(res.Deleted), res.Unchanged, time.Since(start))
	if got := sorted(res.Uploaded); !equal(got, changed) {
		t.Errorf("second publish uploaded %d files, want the %d that changed:\ngot  %v\nwant %v", len(got), len(changed), got, changed)
	}
	if !equal(sorted(res.Deleted), gone) || len(gone) == 0 {
		t.Errorf("second publish deleted %v, want %v", res.Deleted, gone)
	}
	if len(res.Uploaded) >= len(v2)/2 {
		t.Errorf("an edit re-uploaded %d of %d files", len(res.Uploaded), len(v2))
	}
	sameSite(t, contents(t, b), v2, "after the second publish")
	checkOrder(t, res.Uploaded, vEdit)

	// --dry-run plans the next publish and changes nothing.
	src3 := fstest.MapFS{}
	for k, v := range src2 {
		src3[k] = v
	}
	delete(src3, windowFiles(src2)[0])
	v3 := buildSite(t, src3)
	before := contents(t, b)
	res, err = bucket.Publish(ctx, b, v3, bucket.Options{MaxDeletes: -1, DryRun: true, Now: buildNow.Add(3 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Uploaded) == 0 || len(res.Deleted) == 0 || !res.DryRun {
		t.Errorf("dry run planned %d uploads and %d deletes", len(res.Uploaded), len(res.Deleted))
	}
	sameSite(t, contents(t, b), v2, "after --dry-run")
	if len(contents(t, b)) != len(before) {
		t.Error("--dry-run changed the bucket")
	}

	// --max-deletes refuses before anything changes.
	_, err = bucket.Publish(ctx, b, v3, bucket.Options{MaxDeletes: 1, Now: buildNow.Add(4 * time.Minute)})
	if err == nil || !strings.Contains(err.Error(), "--max-deletes") {
		t.Errorf("max-deletes 1: %v", err)
	}
	sameSite(t, contents(t, b), v2, "after a refused publish")

	// --rollback brings back the release before: the edited one; again: the first.
	if _, err := bucket.Rollback(ctx, b, bucket.Options{MaxDeletes: -1}); err != nil {
		t.Fatalf("rollback: %v", err)
	}
	sameSite(t, contents(t, b), vEdit, "after --rollback")
	start = time.Now()
	res, err = bucket.Rollback(ctx, b, bucket.Options{MaxDeletes: -1})
	if err != nil {
		t.Fatalf("rollback: %v", err)
	}
	t.Logf("rollback: %d uploaded, %d deleted in %s", len(res.Uploaded), len(res.Deleted), time.Since(start))
	sameSite(t, contents(t, b), v1, "after a second --rollback")
	if h := head(t, name, prefix+"/"+removed[len("content/"):len(removed)-3]+"/index.html"); deref(h.ContentType) != "text/html; charset=utf-8" {
		t.Errorf("restored page has type %q", deref(h.ContentType))
	}
	// And publishing after a rollback works from the restored release.
	if _, err := bucket.Publish(ctx, b, v2, bucket.Options{MaxDeletes: -1, Now: buildNow.Add(5 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	sameSite(t, contents(t, b), v2, "publishing after a rollback")
	if broken := brokenLinks(contents(t, b)); len(broken) > 0 {
		t.Errorf("broken links: %v", broken)
	}
}

// checkOrder checks that uploads went assets, new pages, changed pages,
// entry points.
func checkOrder(t *testing.T, uploaded []string, old fstest.MapFS) {
	t.Helper()
	rank := func(p string) int {
		_, had := old[p]
		switch {
		case !strings.Contains(p, "/") || p == "search/entry.js" || strings.HasPrefix(p, "data/"):
			return 3
		case strings.HasSuffix(p, ".html") && !had:
			return 1
		case strings.HasSuffix(p, ".html"):
			return 2
		}
		return 0
	}
	for i := 1; i < len(uploaded); i++ {
		if rank(uploaded[i]) < rank(uploaded[i-1]) {
			t.Errorf("%s was uploaded after %s", uploaded[i], uploaded[i-1])
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// TestStoppedPublishLeavesSiteWhole stops a publish at several points
// halfway and checks, each time, that every page readers can reach is whole
// (each object is the old or the new version, no link leads nowhere, no old
// file is gone); then that --rollback restores the old release exactly, and
// that publishing again finishes the new one.
func TestStoppedPublishLeavesSiteWhole(t *testing.T) {
	src := sampleSource(t)
	v1 := buildSite(t, src)
	src2, _, _ := editedSource(t, src)
	// Many new and changed files: a new theme string on every page.
	for k, f := range src2 {
		if strings.HasPrefix(k, "content/windows/") {
			src2[k] = &fstest.MapFile{Data: bytes.ReplaceAll(f.Data, []byte("rollback"), []byte("roll-back"))}
		}
	}
	v2 := buildSite(t, src2)
	changed, _ := changedPaths(v1, v2)
	for _, stopAt := range []int{3, len(changed) / 2, len(changed) - 2} {
		t.Run(fmt.Sprintf("after-%d-of-%d", stopAt, len(changed)), func(t *testing.T) {
			b, _, _ := newBucket(t, "site")
			if _, err := bucket.Publish(context.Background(), b, v1, bucket.Options{MaxDeletes: -1, Now: buildNow}); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			_, err := bucket.Publish(ctx, b, v2, bucket.Options{MaxDeletes: -1, Now: buildNow.Add(time.Minute), Workers: 1,
				Progress: func(p bucket.Progress) {
					if p.Step != "saving" && p.Done >= stopAt {
						cancel()
					}
				}})
			cancel()
			if !errors.Is(err, bucket.ErrInterrupted) {
				t.Fatalf("stopped publish returned %v, want ErrInterrupted", err)
			}
			checkWhole(t, contents(t, b), v1, v2)

			// A second stopped run on top of the first, then rollback.
			ctx, cancel = context.WithCancel(context.Background())
			bucket.Publish(ctx, b, v2, bucket.Options{MaxDeletes: -1, Now: buildNow.Add(2 * time.Minute), Workers: 1,
				Progress: func(p bucket.Progress) {
					if p.Done >= 2 {
						cancel()
					}
				}})
			cancel()
			checkWhole(t, contents(t, b), v1, v2)
			res, err := bucket.Rollback(context.Background(), b, bucket.Options{MaxDeletes: -1})
			if err != nil {
				t.Fatalf("rollback after a stopped publish: %v", err)
			}
			if res.Interrupted == "" {
				t.Error("rollback did not report the stopped publish")
			}
			sameSite(t, contents(t, b), v1, "rollback after a stopped publish")

			// Stopped again, then finished by publishing again.
			ctx, cancel = context.WithCancel(context.Background())
			bucket.Publish(ctx, b, v2, bucket.Options{MaxDeletes: -1, Now: buildNow.Add(3 * time.Minute), Workers: 1,
				Progress: func(p bucket.Progress) {
					if p.Done >= stopAt {
						cancel()
					}
				}})
			cancel()
			if _, err := bucket.Publish(context.Background(), b, v2, bucket.Options{MaxDeletes: -1, Now: buildNow.Add(4 * time.Minute)}); err != nil {
				t.Fatal(err)
			}
			sameSite(t, contents(t, b), v2, "publishing again after a stopped publish")
			// The release before is still the first one.
			if _, err := bucket.Rollback(context.Background(), b, bucket.Options{MaxDeletes: -1}); err != nil {
				t.Fatal(err)
			}
			sameSite(t, contents(t, b), v1, "rollback after finishing")
		})
	}
}

// checkWhole checks that a bucket caught between releases old and next
// shows readers whole pages.
func checkWhole(t *testing.T, got map[string][]byte, old, next fstest.MapFS) {
	t.Helper()
	for name, data := range got {
		o, inOld := old[name]
		n, inNext := next[name]
		if !(inOld && bytes.Equal(data, o.Data)) && !(inNext && bytes.Equal(data, n.Data)) {
			t.Errorf("%s is neither the old nor the new version", name)
		}
	}
	for name := range old {
		if _, ok := got[name]; !ok {
			t.Errorf("%s of the live release is gone", name)
		}
	}
	if broken := brokenLinks(got); len(broken) > 0 {
		t.Errorf("%d broken links, e.g. %s", len(broken), broken[0])
	}
}

// TestErrors: a missing bucket, bad credentials and an unreachable endpoint
// each give a clear error, and change nothing.
func TestErrors(t *testing.T) {
	srv := s3test.Need(t, server)
	ctx := context.Background()
	site := fstest.MapFS{"index.html": {Data: []byte("<p>home</p>")}}

	b := open(t, srv.URL("no-such-bucket-here", "site"))
	_, err := bucket.Publish(ctx, b, site, bucket.Options{MaxDeletes: -1})
	if !errors.Is(err, bucket.ErrNoBucket) {
		t.Errorf("missing bucket: %v", err)
	}

	live, name, prefix := newBucket(t, "site")
	if _, err := bucket.Publish(ctx, live, site, bucket.Options{MaxDeletes: -1}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret-0123456789")
	bad := open(t, srv.URL(name, prefix))
	_, err = bucket.Publish(ctx, bad, fstest.MapFS{"index.html": {Data: []byte("defaced")}}, bucket.Options{MaxDeletes: -1})
	if !errors.Is(err, bucket.ErrAccess) {
		t.Errorf("bad secret: %v", err)
	} else if strings.Contains(err.Error(), "not-the-secret") {
		t.Errorf("the error shows the secret: %v", err)
	}
	t.Setenv("AWS_SECRET_ACCESS_KEY", s3test.SecretKey)
	t.Setenv("AWS_ACCESS_KEY_ID", "nobody")
	bad = open(t, srv.URL(name, prefix))
	if _, err = bucket.Publish(ctx, bad, fstest.MapFS{"index.html": {Data: []byte("defaced")}}, bucket.Options{MaxDeletes: -1}); !errors.Is(err, bucket.ErrAccess) {
		t.Errorf("unknown access key: %v", err)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", s3test.AccessKey)
	if got := string(contents(t, live)["index.html"]); got != "<p>home</p>" {
		t.Errorf("after refused publishes the site holds %q", got)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	gone := open(t, "s3://"+name+"/"+prefix+"?endpoint=http://"+closed)
	cctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, err = bucket.Publish(cctx, gone, site, bucket.Options{MaxDeletes: -1}); !errors.Is(err, bucket.ErrUnreachable) {
		t.Errorf("unreachable endpoint: %v", err)
	}

	// A prefix with files wrapup did not publish is refused without --force.
	other, otherName, otherPrefix := newBucket(t, "")
	key := "legacy/index.html"
	if err := other.WriteAll(ctx, key, []byte("old hand-made site"), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := bucket.Publish(ctx, other, site, bucket.Options{MaxDeletes: -1}); !errors.Is(err, bucket.ErrNotPublished) {
		t.Errorf("foreign prefix: %v", err)
	}
	if _, err := bucket.Publish(ctx, other, site, bucket.Options{MaxDeletes: -1, Force: true}); err != nil {
		t.Errorf("--force: %v", err)
	}
	head(t, otherName, otherPrefix+"/"+key) // left alone

	// Credentials in the URL are refused.
	if _, err := bucket.ParseURL("s3://key:secret@bucket/site"); err == nil {
		t.Error("credentials in the URL accepted")
	}
}
