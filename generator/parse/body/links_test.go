package body

import (
	"strings"
	"testing"

	"github.com/wrapup/wrapup/generator/model"
)

func TestResolveLink(t *testing.T) {
	const win = "content/windows/2024/2024-04-06-dns.md"
	for _, c := range []struct {
		src, dest, href string
		internal        bool
	}{
		{win, "ops@example.com", "mailto:ops@example.com", false},
		{win, "mailto:ops@example.com", "mailto:ops@example.com", false},
		{win, "ops@example.com?subject=Window", "mailto:ops@example.com?subject=Window", false},
		{win, `\\files\it\runbook.docx`, `\\files\it\runbook.docx`, false},
		{win, `C:\docs\x.txt`, `C:\docs\x.txt`, false},
		{win, `\files\it\runbook.docx`, `\files\it\runbook.docx`, false}, // a share as typed, after Markdown's escapes
		{win, "file:///srv/share/x.pdf", "file:///srv/share/x.pdf", false},
		{win, "tel:+15551234", "tel:+15551234", false},
		{win, "https://example.com/x", "https://example.com/x", false},
		{win, "www.example.com/status", "https://www.example.com/status", false},
		{win, "//cdn.example.com/x.js", "//cdn.example.com/x.js", false},
		{win, "#task-2", "#task-2", false},
		{win, "/windows/2024-03-16-core-switch/", "/windows/2024-03-16-core-switch/", true},
		{win, "/windows/2024-03-16-core-switch", "/windows/2024-03-16-core-switch/", true},
		{win, "../2024-03-16-core-switch/#task-2", "/windows/2024-03-16-core-switch/#task-2", true},
		{win, "2024-03-16-core-switch.md", "/windows/2024-03-16-core-switch/", true},
		{win, "2024-03-16-core-switch.md#task-1", "/windows/2024-03-16-core-switch/#task-1", true},
		{win, "../2023/2023-01-01-old.md", "/windows/2023-01-01-old/", true},
		{win, "../../pages/runbook.md", "/pages/runbook/", true},
		{win, "/pages/runbook.md", "/pages/runbook/", true},
		{win, "/content/pages/runbook.md", "/pages/runbook/", true},
		{win, "../../_index.md", "/", true},
		{win, "../../feed.xml", "/feed.xml", true},
		{win, "/search/?q=dns", "/search/?q=dns", true},
		{"content/pages/process.md", "runbook.md", "/pages/runbook/", true},
		{"content/pages/process.md", "../runbook/", "/pages/runbook/", true},
		{"content/pages/process.md", "../../windows/2024-03-16-core-switch/", "/windows/2024-03-16-core-switch/", true},
		{"content/_index.md", "pages/process/", "/pages/process/", true},
		{"content/_index.md", "windows/2024-03-16-core-switch.md", "/windows/2024-03-16-core-switch/", true},
		{"content/_index.md", "pages/process/index.html", "/pages/process/", true},
	} {
		href, internal := resolveLink(pageURL(c.src), c.src, c.dest)
		if href != c.href || internal != c.internal {
			t.Errorf("%s: %q -> %q %v, want %q %v", c.src, c.dest, href, internal, c.href, c.internal)
		}
	}
}

// TestLinksInBody: e-mail autolinks carry mailto:, written links are
// rendered resolved and keep what the author wrote for messages.
func TestLinksInBody(t *testing.T) {
	src := "Mail ops@example.com or <it@example.com>; see [the switch](../2024-03-16-core-switch/#task-2) and [source](2024-03-16-core-switch.md).\n"
	pg, d := ParsePage([]byte(src), "content/windows/2024-04-06-dns.md", 1)
	if len(d) != 0 {
		t.Fatalf("diagnostics %v", d)
	}
	want := []model.Link{
		{Dest: "mailto:ops@example.com", Written: "ops@example.com", Out: true, Line: 1, Col: 6},
		{Dest: "mailto:it@example.com", Written: "it@example.com", Out: true, Line: 1, Col: 26},
		{Dest: "/windows/2024-03-16-core-switch/#task-2", Written: "../2024-03-16-core-switch/#task-2", Line: 1, Col: 47},
		{Dest: "/windows/2024-03-16-core-switch/", Written: "2024-03-16-core-switch.md", Line: 1, Col: 99},
	}
	if len(pg.Links) != len(want) {
		t.Fatalf("links %+v", pg.Links)
	}
	for i := range want {
		if pg.Links[i] != want[i] {
			t.Errorf("link %d = %+v, want %+v", i, pg.Links[i], want[i])
		}
	}
	for _, h := range []string{`href="mailto:ops@example.com"`, `href="/windows/2024-03-16-core-switch/#task-2"`, `href="/windows/2024-03-16-core-switch/"`} {
		if !strings.Contains(pg.HTML, h) {
			t.Errorf("html lacks %s: %s", h, pg.HTML)
		}
	}
}

// TestSpacedStatusDidYouMean: a status written with spaces gets the dashed
// one as a did-you-mean (and no "has no status"); other bracketed phrases
// in a task stay text.
func TestSpacedStatusDidYouMean(t *testing.T) {
	src := "## Tasks\n1. Swap it [rolled back]\n2. Swap more [Rolled  Back]\n3. Check [the config] file [done]\n4. Drop [rollback]\n"
	r, d := Parse([]byte(src), Options{Path: "w.md", Held: true})
	var got []string
	for _, x := range d {
		got = append(got, x.Error())
	}
	want := []string{
		"w.md:2:12: unknown task status [rolled back]: did you mean [rolled-back]?",
		"w.md:3:14: unknown task status [rolled back]: did you mean [rolled-back]?",
		"w.md:5:9: unknown task status [rollback]: did you mean [rolled-back]?",
	}
	if len(got) != len(want) {
		t.Fatalf("diagnostics:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("got %s\nwant %s", got[i], want[i])
		}
	}
	if r.Tasks[2].Title != "Check [the config] file" || r.Tasks[2].Status != "done" {
		t.Errorf("task 3 = %q %q", r.Tasks[2].Title, r.Tasks[2].Status)
	}
}
