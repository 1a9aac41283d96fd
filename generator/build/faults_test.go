//go:build unix

package build

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/output"
)

const faultWindow = `---
title: Patch night %d
start: 2024-03-%02d 21:00
planned_end: 2024-03-%02d 23:00
end: 2024-03-%02d 22:30
impact: none
attendees: [ann]
---
## Tasks
1. Patch @ann [done]
`

// faultsSite writes a site of n windows on disk (links and pipes need a
// real folder).
func faultsSite(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"wrapup.yaml": "title: Faults\ntimezone: UTC\n"}
	for i := 1; i <= n; i++ {
		files[fmt.Sprintf("content/windows/2024-03-%02d-w%d.md", i, i)] = fmt.Sprintf(faultWindow, i, i, i, i)
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// within runs f with a deadline: the faults below used to hang for ever.
func within[T any](t *testing.T, what string, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(20 * time.Second):
		t.Fatalf("%s did not finish", what)
		var zero T
		return zero
	}
}

func messages(diags diag.List) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Error() + "\n")
	}
	return b.String()
}

// TestFIFOInWindowsDoesNotHang: a named pipe among the windows is left out
// with a warning, in a build and in the dev server's session, first build
// and rebuild (issue 10: build hung for ever, serve never rebuilt again).
func TestFIFOInWindowsDoesNotHang(t *testing.T) {
	dir := faultsSite(t, 2)
	pipe := filepath.Join(dir, "content/windows/2024-03-05-pipe.md")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Fatal(err)
	}
	res := within(t, "build", func() *Result {
		res, err := Build(os.DirFS(dir), Options{Now: fixedNow}, output.NewMemory())
		if err != nil {
			t.Errorf("build: %v", err)
		}
		return res
	})
	if res != nil && !strings.Contains(messages(res.Diagnostics), "content/windows/2024-03-05-pipe.md") {
		t.Errorf("no warning names the pipe:\n%s", messages(res.Diagnostics))
	}
	s := NewSession(os.DirFS(dir), Options{Now: fixedNow})
	within(t, "first session build", func() *Generation { return s.Update(context.Background(), nil) })
	within(t, "rebuild after the pipe changed", func() *Generation {
		return s.Update(context.Background(), []string{"content/windows/2024-03-05-pipe.md"})
	})
	// And the next edit is still built.
	os.WriteFile(filepath.Join(dir, "content/windows/2024-03-01-w1.md"), []byte(strings.Replace(fmt.Sprintf(faultWindow, 1, 1, 1, 1), "Patch night 1", "Patched", 1)), 0o644)
	g := within(t, "rebuild after an edit", func() *Generation {
		return s.Update(context.Background(), []string{"content/windows/2024-03-01-w1.md"})
	})
	if g == nil || g.Err != nil {
		t.Fatalf("the edit after the pipe was not built: %+v", g)
	}
}

// TestLinkedSecretsAreNotPublished: a window or a theme file that links
// outside the site is an error naming the link (issue 10: /etc/passwd was
// published as assets/passwd.txt).
func TestLinkedSecretsAreNotPublished(t *testing.T) {
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "2024-03-09-leak.md"), []byte(fmt.Sprintf(faultWindow, 9, 9, 9, 9)), 0o644)
	os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("root:x:0:0"), 0o644)

	dir := faultsSite(t, 1)
	os.Symlink(filepath.Join(outside, "2024-03-09-leak.md"), filepath.Join(dir, "content/windows/2024-03-09-leak.md"))
	mem := output.NewMemory()
	res, err := Build(os.DirFS(dir), Options{Now: fixedNow}, mem)
	if err == nil || !strings.Contains(messages(res.Diagnostics), "content/windows/2024-03-09-leak.md links to") {
		t.Errorf("a window linked outside the site: err %v\n%s", err, messages(res.Diagnostics))
	}
	if _, ok := mem.Get("windows/2024-03-09-leak/index.html"); ok {
		t.Error("the linked window was published")
	}

	dir = faultsSite(t, 1)
	os.WriteFile(filepath.Join(dir, "wrapup.yaml"), []byte("title: Faults\ntimezone: UTC\ntheme: mine\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "themes/mine/static/assets"), 0o755)
	os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "themes/mine/static/assets/passwd.txt"))
	mem = output.NewMemory()
	_, err = Build(os.DirFS(dir), Options{Now: fixedNow}, mem)
	if err == nil || !strings.Contains(err.Error(), "themes/mine/static/assets/passwd.txt links to") {
		t.Errorf("a theme file linked outside the theme: %v", err)
	}
	for _, name := range mem.Names() {
		if data, _ := mem.Get(name); strings.Contains(string(data), "root:x") {
			t.Errorf("%s holds the secret", name)
		}
	}
}

// TestSymlinkLoopServeAgreesWithBuild: a folder linked to itself is read
// once by build and by the dev server alike (issue 10: serve reported 15
// duplicate ids, build did not).
func TestSymlinkLoopServeAgreesWithBuild(t *testing.T) {
	dir := faultsSite(t, 3)
	if err := os.Symlink(".", filepath.Join(dir, "content/windows/loop")); err != nil {
		t.Fatal(err)
	}
	res, err := Build(os.DirFS(dir), Options{Now: fixedNow}, output.NewMemory())
	if err != nil {
		t.Fatalf("build: %v\n%s", err, messages(res.Diagnostics))
	}
	s := NewSession(os.DirFS(dir), Options{Now: fixedNow})
	for _, changed := range [][]string{nil, {"content/windows/loop"}, {"content/windows"}, {"content"}} {
		g := s.Update(context.Background(), changed)
		if g == nil {
			continue
		}
		if g.Err != nil {
			t.Fatalf("serve after %v: %v\n%s", changed, g.Err, messages(g.Result.Diagnostics))
		}
		if got, want := messages(g.Result.Diagnostics), messages(res.Diagnostics); got != want {
			t.Errorf("serve after %v reports\n%s\nbuild reports\n%s", changed, got, want)
		}
		if len(g.Result.Published) != len(res.Published) {
			t.Errorf("serve publishes %d windows, build %d", len(g.Result.Published), len(res.Published))
		}
	}
}

// TestSessionReportsEveryError: the dev server's build reports a broken
// link with an error in another file, and a missing theme with its line.
func TestSessionReportsEveryError(t *testing.T) {
	dir := faultsSite(t, 2)
	os.WriteFile(filepath.Join(dir, "content/windows/2024-03-01-w1.md"), []byte(fmt.Sprintf(faultWindow, 1, 1, 1, 1)+"\n## Notes\nSee [x](/windows/2020-01-01-nosuch/).\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "content/windows/2024-03-02-w2.md"), []byte(strings.Replace(fmt.Sprintf(faultWindow, 2, 2, 2, 2), "impact: none", "impact: huge", 1)), 0o644)
	s := NewSession(os.DirFS(dir), Options{Now: fixedNow})
	g := s.Update(context.Background(), nil)
	var list diag.ErrorList
	if g.Err == nil || !errors.As(g.Err, &list) {
		t.Fatalf("want content errors, got %v", g.Err)
	}
	got := messages(diag.List(list))
	if !strings.Contains(got, "2024-03-01-w1.md:") || !strings.Contains(got, "2020-01-01-nosuch") || !strings.Contains(got, "2024-03-02-w2.md:") {
		t.Errorf("not every error:\n%s", got)
	}
	os.WriteFile(filepath.Join(dir, "wrapup.yaml"), []byte("title: Faults\ntheme: nosuch\n"), 0o644)
	g = s.Update(context.Background(), []string{"wrapup.yaml"})
	if g.Err == nil || !strings.Contains(g.Err.Error(), "wrapup.yaml:2:8:") || !strings.Contains(g.Err.Error(), "2024-03-02-w2.md:") {
		t.Errorf("missing theme: %v", g.Err)
	}
}
