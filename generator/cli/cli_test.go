package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

const goodWindow = `---
title: Patch the DNS resolvers
start: 2024-03-02 21:00
planned_end: 2024-03-02 23:00
end: 2024-03-02 22:30
impact: none
attendees: [ann, bo]
---
## Tasks
1. Patch the resolvers @ann [done] planned:30m actual:25m
## Went well
- The bridge was quiet @bo
## Next time
- [ ] Script the patching @ann due:2024-04-01
`

// newSite writes a small valid site into a temporary folder.
func newSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "wrapup.yaml", "title: CLI test\ntimezone: Europe/Berlin\nbase_url: https://wrapups.example.com/\n")
	write(t, dir, "content/windows/2024-03-02-dns.md", goodWindow)
	return dir
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// snapshot hashes every file of a folder, so a test can tell that a failed
// build left it byte-for-byte as it was.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			lines = append(lines, rel+"/")
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		lines = append(lines, rel+" "+hex.EncodeToString(sum[:]))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func TestBuildSucceedsAndSummarises(t *testing.T) {
	dir := newSite(t)
	code, out, errs := run("build", "--source", dir, "--now", "2024-05-01")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !regexp.MustCompile(`^built 1 window, \d+ pages \(\d+ files\) in .+, 0 warnings → .+public\n$`).MatchString(out) {
		t.Errorf("summary line = %q", out)
	}
	for _, f := range []string{"index.html", "windows/2024-03-02-dns/index.html", "data/windows.json", "404.html", "assets/style.css"} {
		if _, err := os.Stat(filepath.Join(dir, "public", f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".public.new-*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary folders left behind: %v", leftovers)
	}
}

// TestEveryErrorClass breaks a built site in each way FORMAT.md names, and
// checks the error's position and that the previous output is untouched.
func TestEveryErrorClass(t *testing.T) {
	const w = "content/windows/2024-03-02-dns.md"
	cases := []struct {
		name  string
		file  string
		text  string
		extra map[string]string // more files to write
		want  string            // a regexp the error output must match
	}{
		{"bad YAML", w, strings.Replace(goodWindow, "attendees: [ann, bo]", "attendees: [ann, bo", 1), nil, `content/windows/2024-03-02-dns\.md:\d+:\d+: `},
		{"unknown key", w, strings.Replace(goodWindow, "impact: none", "impact: none\nattendes: [ann]", 1), nil, `2024-03-02-dns\.md:7:1: .*attendes.*did you mean "?attendees`},
		{"missing required key", w, strings.Replace(goodWindow, "planned_end: 2024-03-02 23:00\n", "", 1), nil, `2024-03-02-dns\.md:\d+:\d+: .*planned_end`},
		{"time that does not parse", w, strings.Replace(goodWindow, "end: 2024-03-02 22:30", "end: 2024-03-02 10pm", 1), nil, `2024-03-02-dns\.md:5:6: `},
		{"end before start", w, strings.Replace(goodWindow, "end: 2024-03-02 22:30", "end: 2024-03-02 20:30", 1), nil, `2024-03-02-dns\.md:5:\d+: .*end`},
		{"id breaks the pattern", "content/windows/2024-03-02-DNS_move.md", goodWindow, nil, `2024-03-02-DNS_move\.md:\d+:\d+: `},
		{"id date is not the start date", "content/windows/2024-03-03-dns2.md", goodWindow, nil, `2024-03-03-dns2\.md:\d+:\d+: .*2024-03-02`},
		{"two windows with one id", "content/windows/2024/2024-03-02-dns.md", goodWindow, nil, `content/windows/2024/2024-03-02-dns\.md:\d+:\d+: .*content/windows/2024-03-02-dns\.md`},
		{"unknown task status", w, strings.Replace(goodWindow, "[done]", "[wip]", 1), nil, `2024-03-02-dns\.md:10:\d+: .*wip`},
		{"x as a status", w, strings.Replace(goodWindow, "[done]", "[x]", 1), nil, `2024-03-02-dns\.md:10:\d+: .*\[done\]`},
		{"bad duration", w, strings.Replace(goodWindow, "planned:30m", "planned:1.5h", 1), nil, `2024-03-02-dns\.md:10:\d+: .*planned`},
		{"bad date token", w, strings.Replace(goodWindow, "due:2024-04-01", "due:2024-02-31", 1), nil, `2024-03-02-dns\.md:14:\d+: .*due`},
		{"held task without status", w, strings.Replace(goodWindow, " [done]", "", 1), nil, `2024-03-02-dns\.md:10:\d+: .*status`},
		{"not UTF-8", w, strings.Replace(goodWindow, "Patch the resolvers", "Patch the r\xe9solvers", 1), nil, `2024-03-02-dns\.md:\d+:\d+: .*UTF-8`},
		{"missing closing ---", w, strings.Replace(goodWindow, "---\n## Tasks", "## Tasks", 1), nil, `2024-03-02-dns\.md:\d+:\d+: .*---`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := newSite(t)
			if code, _, errs := run("build", "--source", dir); code != ExitOK {
				t.Fatalf("first build: exit %d: %s", code, errs)
			}
			before := snapshot(t, filepath.Join(dir, "public"))
			write(t, dir, tc.file, tc.text)
			for name, text := range tc.extra {
				write(t, dir, name, text)
			}
			code, _, errs := run("build", "--source", dir)
			if code != exitContent {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitContent, errs)
			}
			if !regexp.MustCompile(tc.want).MatchString(errs) {
				t.Errorf("errors do not match %s:\n%s", tc.want, errs)
			}
			if !strings.Contains(errs, "left as it was") {
				t.Errorf("no closing line saying the output was kept:\n%s", errs)
			}
			if after := snapshot(t, filepath.Join(dir, "public")); after != before {
				t.Error("a failed build changed the previous output")
			}
			leftovers, _ := filepath.Glob(filepath.Join(dir, ".public.new-*"))
			if len(leftovers) != 0 {
				t.Errorf("temporary folders left behind: %v", leftovers)
			}
			// check reports the same errors and writes nothing.
			if code, out, _ := run("check", "--source", dir); code != exitContent || !regexp.MustCompile(tc.want).MatchString(out) {
				t.Errorf("check: exit %d, output:\n%s", code, out)
			}
		})
	}
}

func TestAllErrorsReportedAtOnceSorted(t *testing.T) {
	dir := newSite(t)
	write(t, dir, "content/windows/2024-03-09-b.md", strings.Replace(goodWindow, "[done]", "[wip]", 1))
	write(t, dir, "content/windows/2024-03-02-dns.md", strings.Replace(goodWindow, "impact: none", "impact: huge", 1))
	code, _, errs := run("check", "--source", dir)
	if code != exitContent {
		t.Fatalf("exit %d", code)
	}
	code, out, _ := run("check", "--source", dir)
	_ = errs
	i, j := strings.Index(out, "2024-03-02-dns.md:6:"), strings.Index(out, "2024-03-09-b.md:10:")
	if code != exitContent || i < 0 || j < 0 || i > j {
		t.Errorf("want both errors, sorted by file:\n%s", out)
	}
}

func TestWarningsAndStrict(t *testing.T) {
	dir := newSite(t)
	// bo speaks in went well but is not an attendee: a warning.
	write(t, dir, "content/windows/2024-03-02-dns.md", strings.Replace(goodWindow, "attendees: [ann, bo]", "attendees: [ann]", 1))
	code, out, errs := run("build", "--source", dir)
	if code != ExitOK || !strings.Contains(errs, "warning: ") || !strings.Contains(out, "1 warning") {
		t.Fatalf("exit %d; stdout %q; stderr %q", code, out, errs)
	}
	code, _, errs = run("build", "--source", dir, "--strict")
	if code != exitContent {
		t.Errorf("--strict: exit %d, want %d: %s", code, exitContent, errs)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"build", "--no-such-flag"}, {"build", "extra"}, {"build", "--source", "/no/such/dir"}, {"check", "--format", "xml"}} {
		if code, _, _ := run(args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	for _, args := range [][]string{{"--help"}, {"build", "--help"}, {"check", "-h"}, {"help", "build"}} {
		code, out, _ := run(args...)
		if code != ExitOK || !strings.Contains(out, "Usage") {
			t.Errorf("%v: exit %d, output %q", args, code, out)
		}
	}
}
