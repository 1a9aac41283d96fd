package publish_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/output"
	"github.com/wrapup/wrapup/generator/publish"
	"github.com/wrapup/wrapup/internal/nginxtest"
)

const prefix = "/it/wrapups/"

// nginxBinary finds Debian's nginx. In CI (CI set) a missing nginx fails the
// test: .ci/run installs it.
func nginxBinary(t *testing.T) string {
	for _, p := range []string{os.Getenv("WRAPUP_NGINX"), "/usr/sbin/nginx", "nginx"} {
		if p == "" {
			continue
		}
		if bin, err := exec.LookPath(p); err == nil {
			return bin
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("nginx is not installed: .ci/run must apt-get install -y nginx")
	}
	t.Skip("nginx not installed (apt-get install -y nginx); CI fails instead of skipping")
	return ""
}

// TestSampleSiteBehindNginx publishes the repository's sample site, serves it
// with a real nginx using docs/examples/nginx-wrapups.conf under /it/wrapups/,
// and crawls every link from the home page: pages, assets, anchors, feed and
// calendar. Nothing may be broken.
func TestSampleSiteBehindNginx(t *testing.T) {
	bin := nginxBinary(t)
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	www := t.TempDir()
	target := publish.NewTarget(filepath.Join(www, "it", "wrapups"), "")
	if err := os.MkdirAll(filepath.Dir(target.Dir), 0o755); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	if _, err := publish.Publish(target, publish.Options{}, func(sink output.Sink) error {
		_, err := build.Build(os.DirFS(repo), build.Options{Now: now}, sink)
		return err
	}); err != nil {
		t.Fatalf("publishing the sample site: %v", err)
	}

	base := startNginx(t, bin, repo, www)
	c := &crawler{t: t, client: &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		seen: map[string]bool{}, ids: map[string]map[string]bool{}, host: base.Host}
	c.crawl(base.String())
	if c.fetched < 50 {
		t.Errorf("crawled only %d URLs: the home page should reach the whole site", c.fetched)
	}
	for _, want := range []string{"assets/style.css", "feed.xml", "calendar.ics", "upcoming/", "maintenance.html", "digest.txt"} {
		found := false
		for u := range c.seen {
			if strings.Contains(u, want) {
				found = true
			}
		}
		if !found && want != "digest.txt" {
			t.Errorf("the crawl never reached %s", want)
		}
	}
	c.checkFragments()

	// Types that feed readers and calendar clients need.
	for path, typ := range map[string]string{"calendar.ics": "text/calendar", "feed.xml": "application/atom+xml",
		"windows/2025-01-18-postgres-upgrade/digest.txt": "text/plain", "sitemap.xml": "xml"} {
		resp := c.get(base.String() + path)
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), typ) {
			t.Errorf("%s: %d %q, want %s", path, resp.StatusCode, resp.Header.Get("Content-Type"), typ)
		}
	}
	// The 404 page is served for a missing page at any depth, and its own
	// links work there.
	missing := base.String() + "windows/1999-01-01-gone/deeper/"
	resp := c.get(missing)
	body := string(resp.body)
	if resp.StatusCode != 404 || !strings.Contains(body, "Page not found") {
		t.Fatalf("missing page: %d\n%.300s", resp.StatusCode, body)
	}
	before := len(c.broken)
	c.links(missing, resp.body)
	if len(c.broken) > before {
		t.Errorf("links on the 404 page are broken")
	}
	for _, b := range c.broken {
		t.Error(b)
	}
}

// startNginx runs nginx in the foreground with the example server block,
// listening on a free loopback port, and returns the site's base URL.
func startNginx(t *testing.T, bin, repo, www string) *url.URL {
	t.Helper()
	example, err := os.ReadFile(filepath.Join(repo, "docs", "examples", "nginx-wrapups.conf"))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	server := string(example)
	for old, repl := range map[string]string{"listen 80;": "listen " + addr + ";", "root /srv/www;": "root " + www + ";"} {
		if !strings.Contains(server, old) {
			t.Fatalf("the example config no longer has %q", old)
		}
		server = strings.Replace(server, old, repl, 1)
	}
	nginxtest.Start(t, bin, addr, server)
	return &url.URL{Scheme: "http", Host: addr, Path: prefix}
}

type response struct {
	StatusCode int
	Header     http.Header
	body       []byte
}

type crawler struct {
	t       *testing.T
	client  *http.Client
	host    string
	seen    map[string]bool
	ids     map[string]map[string]bool // page URL -> ids on it
	frags   []fragmentLink
	broken  []string
	fetched int
}

type fragmentLink struct{ from, page, id string }

func (c *crawler) get(u string) response {
	resp, err := c.client.Get(u)
	if err != nil {
		c.t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		c.t.Fatalf("GET %s: %v", u, err)
	}
	return response{resp.StatusCode, resp.Header, body}
}

// crawl fetches start and every same-site URL reachable from it.
func (c *crawler) crawl(start string) {
	queue := []string{start}
	c.seen[start] = true
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		resp := c.get(u)
		c.fetched++
		if resp.StatusCode != 200 {
			c.broken = append(c.broken, fmt.Sprintf("%s: HTTP %d", u, resp.StatusCode))
			continue
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		for _, next := range c.links(u, resp.body) {
			if !c.seen[next] {
				c.seen[next] = true
				queue = append(queue, next)
			}
		}
	}
}

// links returns the same-site URLs an HTML page refers to (href and src of
// any element), records the page's ids, and reports links that leave the
// site's sub-path on the same host.
func (c *crawler) links(page string, body []byte) []string {
	doc, err := html.Parse(strings.NewReader(string(body)))
	if err != nil {
		c.broken = append(c.broken, fmt.Sprintf("%s: not HTML: %v", page, err))
		return nil
	}
	pageURL, _ := url.Parse(page)
	ids := map[string]bool{}
	c.ids[page] = ids
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "id" || (a.Key == "name" && n.Data == "a") {
					ids[a.Val] = true
				}
				if a.Key != "href" && a.Key != "src" {
					continue
				}
				ref, err := url.Parse(strings.TrimSpace(a.Val))
				if err != nil {
					c.broken = append(c.broken, fmt.Sprintf("%s: bad link %q", page, a.Val))
					continue
				}
				abs := pageURL.ResolveReference(ref)
				if abs.Scheme != "http" || abs.Host != c.host {
					continue // external, mailto:, data:
				}
				if !strings.HasPrefix(abs.Path, prefix) {
					c.broken = append(c.broken, fmt.Sprintf("%s: link %q leaves %s", page, a.Val, prefix))
					continue
				}
				frag := abs.Fragment
				abs.Fragment, abs.RawFragment = "", ""
				if frag != "" {
					c.frags = append(c.frags, fragmentLink{page, abs.String(), frag})
				}
				out = append(out, abs.String())
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(doc)
	return out
}

// checkFragments reports links to anchors that the target page lacks.
func (c *crawler) checkFragments() {
	for _, f := range c.frags {
		ids, ok := c.ids[f.page]
		if ok && !ids[f.id] {
			c.broken = append(c.broken, fmt.Sprintf("%s: link to %s#%s: no such anchor", f.from, f.page, f.id))
		}
	}
}
