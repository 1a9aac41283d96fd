//go:build unix

package load

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/diag"
)

func put(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func link(t *testing.T, dir, name, target string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.Symlink(target, p); err != nil {
		t.Fatal(err)
	}
}

// siteWithin reads the site with a deadline: a FIFO used to block it for ever.
func siteWithin(t *testing.T, dir string) (*Source, diag.List) {
	t.Helper()
	type result struct {
		src   *Source
		diags diag.List
	}
	done := make(chan result, 1)
	go func() { src, d := Site(os.DirFS(dir)); done <- result{src, d} }()
	select {
	case r := <-done:
		return r.src, r.diags
	case <-time.After(10 * time.Second):
		t.Fatal("reading the site did not finish (a pipe was opened?)")
		return nil, nil
	}
}

func paths(files []File) string {
	var out []string
	for _, f := range files {
		out = append(out, f.Path)
	}
	return strings.Join(out, " ")
}

func find(diags diag.List, path string, sev diag.Severity, words string) bool {
	for _, d := range diags {
		if d.Path == path && d.Severity == sev && strings.Contains(d.Message, words) {
			return true
		}
	}
	return false
}

// TestOnlyRegularFilesAreRead: a FIFO (or socket) named like a window is
// never opened: a warning names it and the build goes on.
func TestOnlyRegularFilesAreRead(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, "content/windows/2024-01-01-a.md", "a")
	if err := syscall.Mkfifo(filepath.Join(dir, "content/windows/2024-01-02-pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "wrapup.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	src, diags := siteWithin(t, dir)
	if got := paths(src.Windows); got != "content/windows/2024-01-01-a.md" {
		t.Errorf("windows read: %s", got)
	}
	if !find(diags, "content/windows/2024-01-02-pipe.md", diag.Warning, "named pipe") || !find(diags, "wrapup.yaml", diag.Warning, "named pipe") {
		t.Errorf("no warning naming the pipes: %v", diags)
	}
	// The dev server's path-by-path read agrees.
	files, d := Read(os.DirFS(dir), "content/windows/2024-01-02-pipe.md")
	if len(files) != 0 || !find(d, "content/windows/2024-01-02-pipe.md", diag.Warning, "named pipe") {
		t.Errorf("Read of the pipe: %v %v", paths(files), d)
	}
}

// TestLinksStayInsideTheSite: a window linked to a file outside the site
// is an error naming the link, not published; links inside are followed.
func TestLinksStayInsideTheSite(t *testing.T) {
	outside := t.TempDir()
	put(t, outside, "secret.md", "root:x:0:0")
	dir := t.TempDir()
	put(t, dir, "archive/2019/2019-05-01-old.md", "old")
	put(t, dir, "shared/2024-02-02-shared.md", "shared")
	link(t, dir, "content/windows/2024-01-01-passwd.md", filepath.Join(outside, "secret.md"))
	link(t, dir, "content/windows/2024-01-03-rel.md", "../../../"+filepath.Base(outside)+"/secret.md")
	link(t, dir, "content/windows/2024-02-02-shared.md", "../../shared/2024-02-02-shared.md")
	link(t, dir, "content/windows/2019", "../../archive/2019")
	link(t, dir, "content/windows/escape", outside)
	src, diags := siteWithin(t, dir)
	if got := paths(src.Windows); got != "content/windows/2019/2019-05-01-old.md content/windows/2024-02-02-shared.md" {
		t.Errorf("windows read: %s", got)
	}
	for _, p := range []string{"content/windows/2024-01-01-passwd.md", "content/windows/2024-01-03-rel.md", "content/windows/escape"} {
		if !find(diags, p, diag.Error, "outside the site folder") {
			t.Errorf("no error naming the link %s: %v", p, diags)
		}
	}
	for _, f := range src.Windows {
		if strings.Contains(string(f.Data), "root:") {
			t.Fatal("a file outside the site was read")
		}
	}
}

// TestLinkLoopsReadOnce: a folder linked to itself or to a folder the build
// reads anyway is left out with a warning; Site and Read agree.
func TestLinkLoopsReadOnce(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, "content/windows/2024/2024-01-01-a.md", "a")
	link(t, dir, "content/windows/loop", ".")
	link(t, dir, "content/windows/again", "2024")
	link(t, dir, "content/windows/2024/up", "..")
	src, diags := siteWithin(t, dir)
	if got := paths(src.Windows); got != "content/windows/2024/2024-01-01-a.md" {
		t.Errorf("windows read: %s", got)
	}
	for _, p := range []string{"content/windows/loop", "content/windows/again", "content/windows/2024/up"} {
		if !find(diags, p, diag.Warning, "reads already") {
			t.Errorf("no warning for %s: %v", p, diags)
		}
	}
	for _, p := range []string{"content/windows/loop", "content/windows", "content", "."} {
		files, d := Read(os.DirFS(dir), p)
		want := "content/windows/2024/2024-01-01-a.md"
		if p == "content/windows/loop" {
			want = ""
		}
		if got := paths(files); got != want {
			t.Errorf("Read(%s) = %s, want %s (%v)", p, got, want, d)
		}
	}
}

// TestSizeLimit: a window over MaxFileSize is an error with its size.
func TestSizeLimit(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, "content/windows/2024-01-01-big.md", strings.Repeat("x", MaxFileSize+1))
	put(t, dir, "content/windows/2024-01-02-ok.md", strings.Repeat("x", 1000))
	src, diags := siteWithin(t, dir)
	if got := paths(src.Windows); got != "content/windows/2024-01-02-ok.md" {
		t.Errorf("windows read: %s", got)
	}
	if !find(diags, "content/windows/2024-01-01-big.md", diag.Error, "at most 2.0 MB") {
		t.Errorf("no size error: %v", diags)
	}
}

// TestThemeConfined: a theme file linked outside the theme folder is an
// error naming it; the embedded default is not used in its place.
func TestThemeConfined(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, "themes/mine/templates/base.html", "x")
	link(t, dir, "themes/mine/static/assets/passwd.txt", "/etc/passwd")
	link(t, dir, "themes/mine/static/assets/ok.css", "../../templates/base.html")
	theme := Theme(os.DirFS(dir), "mine", os.DirFS(t.TempDir()))
	if _, err := theme.(interface {
		ReadFile(string) ([]byte, error)
	}).ReadFile("static/assets/passwd.txt"); err == nil || !strings.Contains(err.Error(), "themes/mine/static/assets/passwd.txt links to /etc/passwd, outside themes/mine:") {
		t.Errorf("reading the link: %v", err)
	}
	if data, err := theme.(Overlay).ReadFile("static/assets/ok.css"); err != nil || string(data) != "x" {
		t.Errorf("a link inside the theme: %q %v", data, err)
	}
}

// TestReadAgreesWithSite: reading one path again (the dev server, which no
// longer lists a folder to read one file of it) gives what reading the whole
// site gives for that path: the same files, warnings and errors, through
// links, loops, skipped names and files that are not Markdown.
func TestReadAgreesWithSite(t *testing.T) {
	outside := t.TempDir()
	put(t, outside, "secret.md", "secret")
	dir := t.TempDir()
	put(t, dir, "content/windows/2024/2024-01-01-a.md", "a")
	put(t, dir, "content/windows/2024/2024-01-02-b.md", "b")
	put(t, dir, "content/windows/2024/notes.txt", "not markdown")
	put(t, dir, "content/windows/2024/.2024-01-03-hidden.md", "hidden")
	put(t, dir, "content/windows/_drafts/2024-01-04-skipped.md", "skipped")
	put(t, dir, "content/windows/2024-02-01-c.md", "c")
	put(t, dir, "content/pages/about.md", "about")
	put(t, dir, "shared/2024-03-01-shared.md", "shared")
	link(t, dir, "content/windows/2024-03-01-shared.md", "../../shared/2024-03-01-shared.md")
	link(t, dir, "content/windows/2024-03-02-out.md", filepath.Join(outside, "secret.md"))
	link(t, dir, "content/windows/again", "2024")
	link(t, dir, "content/windows/loop", ".")
	if err := syscall.Mkfifo(filepath.Join(dir, "content/windows/2024-04-01-pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	src, diags := siteWithin(t, dir)
	all := append(append([]File(nil), src.Windows...), src.Pages...)
	for _, p := range []string{
		"content/windows/2024/2024-01-01-a.md", "content/windows/2024", "content/windows/2024/notes.txt",
		"content/windows/2024/.2024-01-03-hidden.md", "content/windows/_drafts/2024-01-04-skipped.md",
		"content/windows/2024-02-01-c.md", "content/pages/about.md", "content/windows/2024-03-01-shared.md",
		"content/windows/2024-03-02-out.md", "content/windows/again/2024-01-01-a.md", "content/windows/loop/2024-02-01-c.md",
		"content/windows/2024-04-01-pipe.md", "content/windows/2024-09-09-missing.md", "content/windows/nope/x.md",
	} {
		var want []File
		for _, f := range all {
			if under(f.Path, p) {
				want = append(want, f)
			}
		}
		files, d := Read(os.DirFS(dir), p)
		if paths(files) != paths(want) {
			t.Errorf("Read(%s) = %q, the site has %q", p, paths(files), paths(want))
		}
		var wantDiags, gotDiags []string
		for _, x := range diags {
			if under(x.Path, p) {
				wantDiags = append(wantDiags, x.Error())
			}
		}
		for _, x := range d {
			gotDiags = append(gotDiags, x.Error())
		}
		if strings.Join(gotDiags, "\n") != strings.Join(wantDiags, "\n") {
			t.Errorf("Read(%s) diagnostics:\n%s\nthe site's:\n%s", p, strings.Join(gotDiags, "\n"), strings.Join(wantDiags, "\n"))
		}
	}
}
