package cli

import (
	"bytes"
	"io"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/creack/pty"
)

const badWindow = `---
title: [DRAFT] Core switch
start: 2024-03-20 22:00
planned_end: 2024-03-21 01:00
---
Body.
`

const warnWindow = `---
title: Mail move
start: 2024-03-16 22:00
planned_end: 2024-03-17 01:00
end: 2024-03-17 00:00
impact: none
attendees: [ann]
---
## Tasks
1. Move the mail @ann [done]
## Went well
- Quiet night @zed
`

// TestDiagnosticsErrorsFirstWithCaret: errors come before warnings
// whatever their files, each labelled, each with its source line and a
// caret under the column; without a terminal there is no colour.
func TestDiagnosticsErrorsFirstWithCaret(t *testing.T) {
	dir := newSite(t)
	write(t, dir, "content/windows/2024-03-16-mail.md", warnWindow) // sorts before the error's file
	write(t, dir, "content/windows/2024-03-20-bad.md", badWindow)
	code, out, _ := run("check", "--source", dir)
	if code != exitContent {
		t.Fatalf("exit %d\n%s", code, out)
	}
	want := `content/windows/2024-03-20-bad.md:2:8: error: the value of title starts with "[", which YAML reads as the start of a list: put the whole value in quotes: title: "[DRAFT] Core switch"
  2 | title: [DRAFT] Core switch
    |        ^
content/windows/2024-03-16-mail.md:12:15: warning: zed speaks in went well but is not in attendees: add zed to attendees or fix the handle
  12 | - Quiet night @zed
     |               ^
checked 3 windows (1 with errors): 1 error, 1 warning
`
	if out != want {
		t.Errorf("check output:\n%s\nwant:\n%s", out, want)
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour written to a pipe")
	}
}

// TestColourOnlyOnATerminal: on a terminal the labels are coloured; with
// NO_COLOR, or into a pipe, they are not.
func TestColourOnlyOnATerminal(t *testing.T) {
	dir := newSite(t)
	write(t, dir, "content/windows/2024-03-20-bad.md", badWindow)
	onTerminal := func() string {
		ptmx, tty, err := pty.Open()
		if err != nil {
			t.Fatalf("no pseudo-terminal: %v", err)
		}
		defer ptmx.Close()
		var got bytes.Buffer
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); io.Copy(&got, ptmx) }()
		var out bytes.Buffer
		Run([]string{"build", "--source", dir}, &out, tty)
		tty.Close()
		wg.Wait()
		return got.String()
	}
	t.Setenv("TERM", "xterm")
	os.Unsetenv("NO_COLOR")
	got := onTerminal()
	if !strings.Contains(got, "\x1b[1;31merror:\x1b[0m") || !strings.Contains(got, "\x1b[1;32m       ^\x1b[0m") {
		t.Errorf("no colour on a terminal: %q", got)
	}
	t.Setenv("NO_COLOR", "1")
	got = onTerminal()
	if strings.Contains(got, "\x1b[") || !strings.Contains(got, "2:8: error: the value of title") {
		t.Errorf("colour with NO_COLOR: %q", got)
	}
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "dumb")
	if got = onTerminal(); strings.Contains(got, "\x1b[") {
		t.Errorf("colour with TERM=dumb: %q", got)
	}
}

// TestSummaryCountsWhatWasRead: a draft read but not published is named in
// the summary.
func TestSummaryCountsWhatWasRead(t *testing.T) {
	dir := newSite(t)
	write(t, dir, "content/windows/2024-03-16-mail.md", strings.Replace(warnWindow, "attendees: [ann]", "attendees: [ann, zed]\ndraft: true", 1))
	code, out, errs := run("build", "--source", dir, "--now", "2024-05-01")
	if code != ExitOK || !strings.HasPrefix(out, "built 1 window (1 draft left out: build with --drafts to include), ") {
		t.Errorf("exit %d: %q %s", code, out, errs)
	}
}
