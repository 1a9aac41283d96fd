package bucket_test

import (
	"bytes"
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

	"github.com/wrapup/wrapup/generator/cli"
	"github.com/wrapup/wrapup/internal/nginxtest"
	"github.com/wrapup/wrapup/internal/s3test"
)

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

// runCLI runs wrapup with args.
func runCLI(args ...string) (int, string, string) {
	var out, errs bytes.Buffer
	code := cli.Run(args, &out, &errs)
	return code, out.String(), errs.String()
}

// TestCLIPublishBehindNginx publishes the repository's sample site with
// `wrapup publish --to s3://sites/it/wrapups?endpoint=...`, serves the bucket
// through nginx with docs/examples/nginx-s3-wrapups.conf, and crawls every
// link from the home page: nothing may be broken. Then --dry-run, a second
// publish and --rollback through the command line.
func TestCLIPublishBehindNginx(t *testing.T) {
	srv := s3test.Need(t, server)
	bin := nginxBinary(t)
	srv.CreateBucket(t, "sites")
	to := srv.URL("sites", "it/wrapups")
	repo, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI("publish", "--source", repo, "--to", to, "--now", "2026-11-26")
	if code != cli.ExitOK {
		t.Fatalf("publish: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "published release") || !strings.Contains(out, "0 unchanged") || strings.Contains(out+errs, s3test.SecretKey) {
		t.Errorf("publish said:\n%s\n%s", out, errs)
	}
	t.Log(strings.TrimSpace(out))

	base := startNginx(t, bin, repo, srv.Endpoint)
	c := &crawl{t: t, host: base.Host, seen: map[string]bool{}}
	c.run(base.String())
	if c.fetched < 50 {
		t.Errorf("crawled only %d URLs", c.fetched)
	}
	for _, b := range c.broken {
		t.Error(b)
	}
	// Headers as the publish set them, through nginx.
	for path, want := range map[string][2]string{
		"":                 {"text/html; charset=utf-8", "no-cache"},
		"assets/style.css": {"text/css; charset=utf-8", "no-cache"},
		"feed.xml":         {"application/atom+xml", "public, max-age=300"},
		"calendar.ics":     {"text/calendar; charset=utf-8", "public, max-age=300"},
	} {
		resp := c.get(base.String() + path)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != want[0] || resp.Header.Get("Cache-Control") != want[1] {
			t.Errorf("/%s: %d %q %q, want %q %q", path, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"), want[0], want[1])
		}
		if resp.Header.Get("x-amz-request-id") != "" {
			t.Errorf("/%s: the storage service's headers leak through", path)
		}
	}
	// A missing page gets the site's 404 page; wrapup's records are hidden.
	for _, p := range []string{"windows/1999-01-01-gone/", ".wrapup/state.json"} {
		resp := c.get(base.String() + p)
		if resp.StatusCode != 404 || (p[0] != '.' && !strings.Contains(string(resp.body), "Page not found")) {
			t.Errorf("/%s: %d %.200s", p, resp.StatusCode, resp.body)
		}
	}

	// --dry-run a day later (overdue actions and upcoming windows change)
	// lists what would change and changes nothing.
	code, out, errs = runCLI("publish", "--source", repo, "--to", to, "--now", "2026-11-27", "--dry-run")
	if code != cli.ExitOK || !strings.Contains(out, "dry run") || !strings.Contains(out, "nothing was changed") {
		t.Errorf("dry run: exit %d\n%s\n%s", code, out, errs)
	}
	if n := strings.Count(out, "\nupload "); n < 10 {
		t.Errorf("the dry run listed %d uploads", n)
	}
	code, out, errs = runCLI("publish", "--source", repo, "--to", to, "--now", "2026-11-27")
	if code != cli.ExitOK {
		t.Fatalf("second publish: exit %d\n%s\n%s", code, out, errs)
	}
	t.Log(strings.TrimSpace(out))
	code, out, errs = runCLI("publish", "--to", to, "--rollback")
	if code != cli.ExitOK || !strings.Contains(out, "rolled s3://sites/it/wrapups") {
		t.Errorf("rollback: exit %d\n%s\n%s", code, out, errs)
	}
	t.Log(strings.TrimSpace(out))

	// Errors name the problem and the bucket, never a credential.
	code, _, errs = runCLI("publish", "--source", repo, "--to", srv.URL("missing-bucket", "x"), "--now", "2026-11-27")
	if code == cli.ExitOK || !strings.Contains(errs, "the bucket does not exist") || !strings.Contains(errs, "nothing was changed") {
		t.Errorf("missing bucket: exit %d %s", code, errs)
	}
}

// startNginx runs nginx with the example bucket config, pointed at the S3
// endpoint, on a free loopback port.
func startNginx(t *testing.T, bin, repo, endpoint string) *url.URL {
	t.Helper()
	example, err := os.ReadFile(filepath.Join(repo, "docs", "examples", "nginx-s3-wrapups.conf"))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	u, _ := url.Parse(endpoint)
	server := string(example)
	for old, repl := range map[string]string{"listen 80;": "listen " + addr + ";", "server 127.0.0.1:8333;": "server " + u.Host + ";"} {
		if !strings.Contains(server, old) {
			t.Fatalf("the example config no longer has %q", old)
		}
		server = strings.Replace(server, old, repl, 1)
	}
	nginxtest.Start(t, bin, addr, server)
	return &url.URL{Scheme: "http", Host: addr, Path: "/it/wrapups/"}
}

type response struct {
	StatusCode int
	Header     http.Header
	body       []byte
}

// crawl fetches every same-site URL reachable from a start page.
type crawl struct {
	t       *testing.T
	host    string
	seen    map[string]bool
	broken  []string
	fetched int
}

var client = &http.Client{Timeout: 10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (c *crawl) get(u string) response {
	resp, err := client.Get(u)
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

func (c *crawl) run(start string) {
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
		ct := resp.Header.Get("Content-Type")
		if strings.HasSuffix(u, "/entry.js") {
			for _, m := range chunkRef.FindAllStringSubmatch(string(resp.body), -1) {
				next := strings.TrimSuffix(u, "entry.js") + m[1] + ".js"
				if !c.seen[next] {
					c.seen[next] = true
					queue = append(queue, next)
				}
			}
		}
		if !strings.HasPrefix(ct, "text/html") {
			continue
		}
		page, _ := url.Parse(u)
		for _, ref := range pageLinks(resp.body) {
			r, err := url.Parse(ref)
			if err != nil {
				c.broken = append(c.broken, fmt.Sprintf("%s: bad link %q", u, ref))
				continue
			}
			abs := page.ResolveReference(r)
			if abs.Scheme != "http" || abs.Host != c.host {
				continue
			}
			abs.Fragment, abs.RawFragment = "", ""
			if !strings.HasPrefix(abs.Path, "/it/wrapups/") {
				c.broken = append(c.broken, fmt.Sprintf("%s: link %q leaves /it/wrapups/", u, ref))
				continue
			}
			next := abs.String()
			if !c.seen[next] {
				c.seen[next] = true
				queue = append(queue, next)
			}
		}
		// The search page's script loads the entry, which names the chunks.
		if strings.HasSuffix(page.Path, "/search/") {
			next := u + "entry.js"
			if !c.seen[next] {
				c.seen[next] = true
				queue = append(queue, next)
			}
		}
	}
}
