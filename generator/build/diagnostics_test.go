package build

import (
	"strings"
	"testing"

	"github.com/wrapup/wrapup/generator/output"
)

const oneWindow = `---
title: DNS move
start: 2024-04-06 22:00
planned_end: 2024-04-07 01:00
end: 2024-04-07 00:30
impact: none
---
## Tasks
1. Move the resolvers [done]
`

func diagTexts(t *testing.T, site map[string]string, opts Options) ([]string, error) {
	t.Helper()
	fsys := siteFromText("")
	for name, text := range site {
		fsys[name] = mapFile(text)
	}
	if opts.Now.IsZero() {
		opts.Now = fixedNow
	}
	res, err := Build(fsys, opts, output.NewMemory())
	var out []string
	for _, d := range res.Diagnostics {
		out = append(out, d.Error())
	}
	return out, err
}

// TestBaseURLChecks: feeds, the calendar and digests need a full base_url:
// missing or path-only, it is a warning at its line; not a URL, an error.
func TestBaseURLChecks(t *testing.T) {
	for _, c := range []struct {
		name, config, flag string
		want               string
		fails              bool
	}{
		{"missing", "title: x\nbase_url:\n", "", "wrapup.yaml: warning: base_url is not set, so feed.xml, calendar.ics and the digests cannot link to pages by full address", false},
		{"no wrapup.yaml", "", "", "wrapup.yaml: warning: base_url is not set", false},
		{"path only", "title: x\nbase_url: /it/wrapups/\n", "", `wrapup.yaml:2:11: warning: base_url "/it/wrapups/" has no scheme and host`, false},
		{"not a url", "title: x\nbase_url: not a url\n", "", `wrapup.yaml:2:11: base_url "not a url" is not a URL`, true},
		{"flag not a url", "title: x\nbase_url: https://a.example.com/\n", "intranet/wrapups", `--base-url: base_url "intranet/wrapups" is not a URL`, true},
		{"full", "title: x\nbase_url: https://intranet.example.com/it/wrapups/\n", "", "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			site := map[string]string{"content/windows/2024-04-06-dns.md": oneWindow}
			if c.config != "" {
				site["wrapup.yaml"] = c.config
			}
			got, err := diagTexts(t, site, Options{BaseURL: c.flag})
			if (err != nil) != c.fails {
				t.Errorf("build error %v, want failure %v", err, c.fails)
			}
			if c.want == "" {
				if len(got) != 0 {
					t.Errorf("diagnostics %q", got)
				}
				return
			}
			if len(got) != 1 || !strings.HasPrefix(got[0], c.want) {
				t.Errorf("diagnostics %q\nwant one starting %q", got, c.want)
			}
		})
	}
	// A site with no window to announce is not warned.
	if got, _ := diagTexts(t, map[string]string{"wrapup.yaml": "title: x\n", "content/_index.md": "Hello.\n"}, Options{}); len(got) != 0 {
		t.Errorf("empty site: %q", got)
	}
}

// TestOtherMarkdownSpellingsAreWarned: a window saved as .markdown would
// vanish without a word; it is skipped with a warning naming the new name.
func TestOtherMarkdownSpellingsAreWarned(t *testing.T) {
	got, err := diagTexts(t, map[string]string{
		"wrapup.yaml":                           "base_url: https://intranet.example.com/\n",
		"content/windows/2024-04-06-dns.md":     oneWindow,
		"content/windows/2024-04-07-x.markdown": oneWindow,
		"content/windows/2024-04-08-y.MD":       oneWindow,
		"content/pages/runbook.markdown":        "---\ntitle: Runbook\n---\nx\n",
		"content/windows/notes.txt":             "not a page\n",
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"content/pages/runbook.markdown: warning: skipped: wrapup reads files ending in .md only: rename it to runbook.md",
		"content/windows/2024-04-07-x.markdown: warning: skipped: wrapup reads files ending in .md only: rename it to 2024-04-07-x.md",
		"content/windows/2024-04-08-y.MD: warning: skipped: wrapup reads files ending in .md only: rename it to 2024-04-08-y.md",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
