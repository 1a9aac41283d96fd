package cli

import (
	"regexp"
	"strings"
	"testing"
)

// TestLinkErrorsWithTheOthers: a broken link is reported in the same run as
// an error in another file, sorted by file, by build and check alike; a link
// to the window whose file has errors is not called broken (issue 10: link
// errors appeared only once every other error was fixed).
func TestLinkErrorsWithTheOthers(t *testing.T) {
	dir := newSite(t)
	// a.md: a broken link and a link to c.md, whose file has an error.
	write(t, dir, "content/windows/2024-03-01-a.md", strings.Replace(goodWindow, "2024-03-02", "2024-03-01", -1)+
		"\n## Notes\nSee [the plan](/windows/2024-01-01-nosuch/) and [the next one](/windows/2024-03-09-c/).\n")
	write(t, dir, "content/windows/2024-03-09-c.md", strings.Replace(strings.Replace(goodWindow, "2024-03-02", "2024-03-09", -1), "impact: none", "impact: huge", 1))
	for _, cmd := range []string{"build", "check"} {
		code, out, errs := run(cmd, "--source", dir)
		text := out + errs
		if code != exitContent {
			t.Fatalf("%s: exit %d\n%s", cmd, code, text)
		}
		link := strings.Index(text, "2024-03-01-a.md:")
		impact := strings.Index(text, "2024-03-09-c.md:6:")
		if link < 0 || impact < 0 || link > impact {
			t.Errorf("%s: want the link error and the impact error, sorted by file:\n%s", cmd, text)
		}
		if !strings.Contains(text, "2024-01-01-nosuch") {
			t.Errorf("%s: the broken link is not named:\n%s", cmd, text)
		}
		if regexp.MustCompile(`2024-03-01-a\.md:\d+:\d+:[^\n]*2024-03-09-c`).MatchString(text) {
			t.Errorf("%s: the link to the window with errors is called broken:\n%s", cmd, text)
		}
	}
}

// TestMissingThemeIsADiagnostic: theme: nosuch points at its line of
// wrapup.yaml, reported with the other errors (issue 10: build printed only
// "build failed: 1 error").
func TestMissingThemeIsADiagnostic(t *testing.T) {
	dir := newSite(t)
	write(t, dir, "wrapup.yaml", "title: CLI test\ntimezone: Europe/Berlin\ntheme: nosuch\n")
	write(t, dir, "content/windows/2024-03-09-c.md", strings.Replace(strings.Replace(goodWindow, "2024-03-02", "2024-03-09", -1), "impact: none", "impact: huge", 1))
	for _, cmd := range []string{"build", "check"} {
		code, out, errs := run(cmd, "--source", dir)
		text := out + errs
		if code != exitContent {
			t.Fatalf("%s: exit %d\n%s", cmd, code, text)
		}
		if !strings.Contains(text, "wrapup.yaml:3:8:") || !strings.Contains(text, `theme "nosuch"`) {
			t.Errorf("%s: no diagnostic at the theme line:\n%s", cmd, text)
		}
		if !strings.Contains(text, "2024-03-09-c.md:6:") {
			t.Errorf("%s: the other error is missing:\n%s", cmd, text)
		}
	}
}
