package cli

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestInitSiteBuildsFirstTime: wrapup init makes a site that builds and
// checks with no error and no warning, and whose example window is on it.
func TestInitSiteBuildsFirstTime(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wrapups")
	code, out, errs := run("init", dir)
	if code != ExitOK {
		t.Fatalf("init: exit %d: %s", code, errs)
	}
	for _, f := range []string{"wrapup.yaml", "content/people.yaml", ".gitignore"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("init did not write %s", f)
		}
		if !strings.Contains(out, f) {
			t.Errorf("init output does not name %s:\n%s", f, out)
		}
	}
	windows, _ := filepath.Glob(filepath.Join(dir, "content/windows/*-example-window.md"))
	if len(windows) != 1 {
		t.Fatalf("example windows: %v", windows)
	}
	cfg, _ := os.ReadFile(filepath.Join(dir, "wrapup.yaml"))
	if !strings.Contains(string(cfg), "# base_url:") || !strings.Contains(string(cfg), "timezone:") {
		t.Errorf("wrapup.yaml is not the commented example:\n%s", cfg)
	}
	if ig, _ := os.ReadFile(filepath.Join(dir, ".gitignore")); !strings.Contains(string(ig), "/public/") {
		t.Errorf(".gitignore: %q", ig)
	}
	// Until base_url is set, the one warning says so.
	code, out, errs = run("check", "--source", dir)
	if code != ExitOK || !strings.Contains(out, "checked 1 window: 0 errors, 1 warning") || !strings.Contains(out, "wrapup.yaml: warning: base_url is not set") {
		t.Errorf("check of a new site: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = run("build", "--source", dir)
	if code != ExitOK || !strings.Contains(out, "built 1 window") {
		t.Fatalf("build of a new site: exit %d\n%s%s", code, out, errs)
	}
	id := strings.TrimSuffix(filepath.Base(windows[0]), ".md")
	if _, err := os.Stat(filepath.Join(dir, "public/windows", id, "index.html")); err != nil {
		t.Errorf("the example window has no page: %v", err)
	}
}

// TestInitWithBaseURL: with --base-url the new site checks clean, even
// with --strict; a bad one is refused before anything is written.
func TestInitWithBaseURL(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wrapups")
	if code, _, errs := run("init", dir, "--base-url", "https://intranet.example.com/it/wrapups/"); code != ExitOK {
		t.Fatalf("init: exit %d: %s", code, errs)
	}
	if cfg, _ := os.ReadFile(filepath.Join(dir, "wrapup.yaml")); !strings.Contains(string(cfg), "\nbase_url: https://intranet.example.com/it/wrapups/\n") {
		t.Errorf("wrapup.yaml:\n%s", cfg)
	}
	if code, out, errs := run("check", "--source", dir, "--strict"); code != ExitOK || !strings.Contains(out, "checked 1 window: 0 errors, 0 warnings") {
		t.Errorf("check --strict of a new site: exit %d\n%s%s", code, out, errs)
	}
	other := filepath.Join(t.TempDir(), "x")
	if code, _, errs := run("init", "--base-url", "not a url", other); code != exitUsage || !strings.Contains(errs, `base_url "not a url" is not a URL`) {
		t.Errorf("bad --base-url: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(other); err == nil {
		t.Error("a refused init made the folder")
	}
}

// TestInitRefusesASite: a folder holding a site (a wrapup.yaml, or only a
// content/ folder) is refused and left as it was; a folder holding other
// files gets the site, and its .gitignore a /public/ line.
func TestInitRefusesASite(t *testing.T) {
	site := newSite(t)
	before := snapshot(t, site)
	code, _, errs := run("init", site)
	if code != exitContent || !strings.Contains(errs, "already holds a wrapup site") {
		t.Errorf("init over a site: exit %d: %s", code, errs)
	}
	if snapshot(t, site) != before {
		t.Error("init changed an existing site")
	}
	contentOnly := t.TempDir()
	write(t, contentOnly, "content/windows/2024-03-02-dns.md", goodWindow)
	if code, _, errs := run("init", contentOnly); code != exitContent || !strings.Contains(errs, "already holds a wrapup site") {
		t.Errorf("init over content/: exit %d: %s", code, errs)
	}
	repo := t.TempDir()
	write(t, repo, "README.md", "our notes\n")
	write(t, repo, ".gitignore", "*.swp")
	if code, _, errs := run("init", repo); code != ExitOK {
		t.Fatalf("init in a folder with other files: exit %d: %s", code, errs)
	}
	if ig, _ := os.ReadFile(filepath.Join(repo, ".gitignore")); string(ig) != "*.swp\n/public/\n" {
		t.Errorf(".gitignore = %q", ig)
	}
}

// TestNotASite: every command that reads a site refuses a folder that is
// not one, naming the folder and pointing at --source and init.
func TestNotASite(t *testing.T) {
	empty := t.TempDir()
	to := filepath.Join(t.TempDir(), "www")
	for _, args := range [][]string{
		{"build", "--source", empty},
		{"check", "--source", empty},
		{"serve", "--source", empty},
		{"new", "Switch swap", "--start", "2025-03-08 22:00", "--source", empty},
		{"publish", "--to", to, "--source", empty},
	} {
		code, out, errs := run(args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
		for _, want := range []string{empty + " is not a wrapup site", "--source", "wrapup init " + empty} {
			if !strings.Contains(errs, want) {
				t.Errorf("%v: message lacks %q:\n%s", args, want, errs)
			}
		}
		if out != "" {
			t.Errorf("%v wrote %q", args, out)
		}
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("a refused command wrote into the folder: %v", entries)
	}
	// The content folder given as the site: the message says which to use.
	site := newSite(t)
	code, _, errs := run("check", "--source", filepath.Join(site, "content"))
	if code != exitUsage || !strings.Contains(errs, "use --source "+site) {
		t.Errorf("check --source content: exit %d: %s", code, errs)
	}
}

func TestVersion(t *testing.T) {
	for _, arg := range []string{"--version", "-version", "version"} {
		code, out, _ := run(arg)
		if code != ExitOK || !strings.HasPrefix(out, "wrapup ") || !strings.HasSuffix(out, "\n") {
			t.Errorf("%s: exit %d, %q", arg, code, out)
		}
	}
	for _, c := range []struct {
		info debug.BuildInfo
		want string
	}{
		{debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel"},
		{debug.BuildInfo{}, "devel"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}}, "devel (0123456789ab, modified)"},
		{debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261201090000-0123456789ab"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}}}, "v0.0.0-20261201090000-0123456789ab"},
	} {
		if got := versionOf(&c.info); got != c.want {
			t.Errorf("versionOf(%+v) = %q, want %q", c.info.Main, got, c.want)
		}
	}
	// The usage lists every command of the table, init first.
	_, out, _ := run("--help")
	if !strings.Contains(out, "  init ") || strings.Index(out, "init") > strings.Index(out, "build") {
		t.Errorf("usage:\n%s", out)
	}
}
