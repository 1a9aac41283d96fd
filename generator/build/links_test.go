package build

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/output"
)

// linkFormsSite writes every form of link docs/authoring.md, "Links and e-mail addresses", allows: e-mail
// addresses and URLs in text, and links into the site root-relative,
// relative to the page and as the source file, from windows in sub-folders,
// free pages and the home intro.
const linkFormsSite = `
-- wrapup.yaml --
title: Link forms
base_url: https://intranet.example.com/it/wrapups/
-- content/_index.md --
Start with [the process](pages/process/), [the runbook](pages/runbook.md) and
[the switch](windows/2024-03-16-core-switch/#task-2). Questions go to ops@example.com.
-- content/pages/process.md --
---
title: How we run windows
---
See the [runbook](runbook.md), the [switch window](../../windows/2024-03-16-core-switch/)
and [its second task](/windows/2024-03-16-core-switch.md#task-2). Mail <it@example.com>.
-- content/pages/runbook.md --
---
title: Runbook
---
## Before the window
Back to [the process](../process/) and [home](../../).
-- content/windows/2024/2024-03-16-core-switch.md --
---
title: Core switch replacement
start: 2024-03-16 22:00
planned_end: 2024-03-17 02:00
end: 2024-03-17 01:00
impact: none
attendees: [ann]
---
Questions go to ops@example.com. Vendor notes at https://vendor.example.com/kb/42 and www.example.com/status.

## Tasks
1. Drain the old switch @ann [done]
2. Patch the uplinks @ann [done]

## What went well
- Followed [the runbook](../../pages/runbook.md#before-the-window) @ann
-- content/windows/2024/2024-04-06-dns.md --
---
title: DNS move
start: 2024-04-06 22:00
planned_end: 2024-04-07 01:00
end: 2024-04-07 00:30
impact: none
attendees: [ann]
---
As in [the switch window](../2024-03-16-core-switch/#task-2), [its source](2024-03-16-core-switch.md),
the [same from a folder up](../2024/2024-03-16-core-switch.md#task-1), [root-relative](/windows/2024-03-16-core-switch/),
the [runbook](../../pages/runbook.md), [the process page](/pages/process/), [home](/) and [mail](ops@example.com),
[mailto](mailto:ops@example.com), [the feed](/feed.xml), [a mail with a subject](ops@example.com?subject=DNS),
[the share](\\\\files\\it\\dns.docx), [as typed](\\files\it\dns.docx), [a phone](tel:+15551234).

## Tasks
1. Move the resolvers @ann [done]
`

// TestLinkFormsResolveEverywhere builds the site with and without
// --file-urls and follows every href of every page: each resolves to a file
// the build wrote (with the anchor on it), none is root-relative (so the
// site works under a sub-path), and from disk none ends in a folder.
func TestLinkFormsResolveEverywhere(t *testing.T) {
	for _, fileMode := range []bool{false, true} {
		t.Run(fmt.Sprintf("fileMode=%v", fileMode), func(t *testing.T) {
			mem, res := buildMemory(t, siteFromText(linkFormsSite), Options{FileMode: fileMode})
			for _, d := range res.Diagnostics {
				t.Errorf("diagnostic: %s", d.Error())
			}
			files := mem.Files()
			attr := regexp.MustCompile(`(?:href|src)="([^"]*)"`)
			for name, data := range files {
				if !strings.HasSuffix(name, ".html") || name == "404.html" || strings.HasSuffix(name, "digest.html") {
					continue
				}
				for _, m := range attr.FindAllStringSubmatch(string(data), -1) {
					link := strings.ReplaceAll(m[1], "&amp;", "&")
					u, err := url.Parse(link)
					if err != nil {
						t.Errorf("%s: bad link %q", name, link)
						continue
					}
					if u.Scheme != "" || u.Host != "" || u.Path == "" {
						continue
					}
					if strings.HasPrefix(u.Path, "/") {
						t.Errorf("%s: root-relative link %q breaks under a sub-path", name, link)
						continue
					}
					target := path.Join(path.Dir(name), u.Path)
					if strings.HasSuffix(u.Path, "/") || u.Path == "." || u.Path == ".." || strings.HasSuffix(u.Path, "/..") {
						if fileMode {
							t.Errorf("%s: link %q to a folder opens a directory listing from disk", name, link)
						}
						target = path.Join(target, "index.html")
					}
					page, ok := files[target]
					if !ok {
						t.Errorf("%s: link %q points to %s, which was not written", name, link, target)
						continue
					}
					if u.Fragment != "" && !bytes.Contains(page, []byte(`id="`+u.Fragment+`"`)) {
						t.Errorf("%s: link %q: %s has no id %q", name, link, target, u.Fragment)
					}
				}
			}
			// Each written form became a link to the page it names.
			dns := string(must(mem.Get("windows/2024-04-06-dns/index.html")))
			index := "/"
			if fileMode {
				index = "/index.html"
			}
			for _, want := range []string{
				`href="../../windows/2024-03-16-core-switch` + index + `#task-2"`,
				`href="../../windows/2024-03-16-core-switch` + index + `#task-1"`,
				`href="../../pages/runbook` + index + `"`,
				`href="../../pages/process` + index + `"`,
				`href="mailto:ops@example.com"`,
				`href="mailto:ops@example.com?subject=DNS"`,
				`href="../../feed.xml"`,
			} {
				if !strings.Contains(dns, want) {
					t.Errorf("window page lacks %s", want)
				}
			}
			if !strings.Contains(dns, `the share (\\files\it\dns.docx)`) {
				t.Error("a link to a file share is not shown as its words and path")
			}
			sw := string(must(mem.Get("windows/2024-03-16-core-switch/index.html")))
			for _, want := range []string{`href="mailto:ops@example.com">ops@example.com</a>`, `href="https://vendor.example.com/kb/42"`, `href="http://www.example.com/status"`, `href="../../pages/runbook` + index + `#before-the-window"`} {
				if !strings.Contains(sw, want) {
					t.Errorf("switch page lacks %s", want)
				}
			}
			home := string(must(mem.Get("index.html")))
			if !strings.Contains(home, `href="pages/runbook`+index+`"`) || !strings.Contains(home, `href="windows/2024-03-16-core-switch`+index+`#task-2"`) {
				t.Errorf("home page links not rewritten")
			}
		})
	}
}

// TestBrokenLinkFormsNamePosition: a broken link is an error at its
// file:line:col whichever form it was written in; e-mails never are.
func TestBrokenLinkFormsNamePosition(t *testing.T) {
	site := siteFromText(linkFormsSite)
	site["content/windows/2024/2024-05-04-mail.md"] = mapFile(`---
title: Mail move
start: 2024-05-04 22:00
planned_end: 2024-05-05 01:00
---
Mail ops@example.com or [us](team@example.com). See [a](../2024-03-16-core-swich/),
[b](2024-03-16-core-switch.md#task-9), [c](../../pages/runbok.md) and [d](/windows/nope/).
`)
	// Written from the file's folder, not the page's address.
	site["content/pages/process.md"] = mapFile("---\ntitle: How we run windows\n---\nSee [the switch](../windows/2024-03-16-core-switch/#task-2).\n")
	mem := output.NewMemory()
	res, err := Build(site, Options{Now: fixedNow}, mem)
	var list diag.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("build error %v, want the broken links", err)
	}
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.Error())
	}
	want := []string{
		`content/pages/process.md:4:5: link "../windows/2024-03-16-core-switch/#task-2" points to /pages/windows/2024-03-16-core-switch/, which the site does not have: links are relative to the page's address /pages/process/, not to its file: write ../../windows/2024-03-16-core-switch/#task-2 (or /windows/2024-03-16-core-switch/)`,
		`content/windows/2024/2024-05-04-mail.md:6:53: link "../2024-03-16-core-swich/" points to /windows/2024-03-16-core-swich/, but there is no such window: did you mean /windows/2024-03-16-core-switch/?`,
		`content/windows/2024/2024-05-04-mail.md:7:1: link "2024-03-16-core-switch.md#task-9": window 2024-03-16-core-switch has no anchor #task-9`,
		`content/windows/2024/2024-05-04-mail.md:7:40: link "../../pages/runbok.md" points to /pages/runbok/, but there is no such page: did you mean /pages/runbook/?`,
		`content/windows/2024/2024-05-04-mail.md:7:71: link "/windows/nope/" points to /windows/nope/, but there is no such window`,
	}
	if len(got) != len(want) {
		t.Fatalf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("diagnostic %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
}
