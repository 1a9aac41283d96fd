package announce_test

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/output"
)

// digestSite is a missed window: one task rolled back, one dropped, one partly
// done, a near miss, open and done actions, ideas.
var digestSite = fstest.MapFS{
	"wrapup.yaml":         {Data: []byte("title: Wrap-ups\nbase_url: https://intranet.example.com/\ntimezone: America/Chicago\n")},
	"content/people.yaml": {Data: []byte("omar: {name: Omar Reyes}\nann: {name: Ann Lindqvist}\nlee: {name: Lee Chen}\n")},
	"content/windows/2026-04-18-mail.md": {Data: []byte(`---
title: Mail server migration
start: 2026-04-18 22:00
planned_end: 2026-04-19 01:00
end: 2026-04-19 01:35
impact: minor
attendees: [omar, ann, lee]
systems: [mail]
---
We moved mail to the new servers.

## Tasks
1. Put up the maintenance notice on webmail @ann [done] planned:10m actual:5m
2. Move the mailboxes to the new storage volume, every one of them, with the copy script and its checks @omar [rolled-back] planned:90m actual:130m
3. Archive the old mail logs @omar [dropped]
4. Release the queued mail @lee [partial]

## What went well
- Queuing mail on the relays meant no message was lost @omar

## What went wrong
- The rollback script had never been run @omar

## Where we got lucky
- The old mounts were still in the fstab backup @omar

## Next time
- [x] Measure the copy rate with real mailboxes @omar done:2026-05-08
- [ ] Run every rollback script on staging @lee due:2026-05-30

## Ideas
- A maintenance banner on the webmail login page a few days ahead @ann
`)},
}

func TestDigestHasSubjectTasksIdeasAndDoneActions(t *testing.T) {
	mem := output.NewMemory()
	if _, err := build.Build(digestSite, build.Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}, mem); err != nil {
		t.Fatal(err)
	}
	get := func(name string) string {
		t.Helper()
		b, ok := mem.Get(name)
		if !ok {
			t.Fatalf("no %s", name)
		}
		return string(b)
	}
	text := get("windows/2026-04-18-mail/digest.txt")
	subject := "Subject: Wrap-up: Mail server migration, Sat 18 Apr 2026: not every change made, production impact (minor), ran 35m late\n\n"
	if !strings.HasPrefix(text, subject) {
		t.Errorf("digest.txt does not start with %q:\n%s", subject, text)
	}
	for _, want := range []string{
		"What we changed\n" +
			"1. [done] Put up the maintenance notice on webmail (Ann Lindqvist; 5m,\n   planned 10m)\n" +
			"2. [rolled back] Move the mailboxes to the new storage volume, every one\n   of them, with the copy script and its checks (Omar Reyes; 2h 10m,\n   planned 1h 30m)\n" +
			"3. [dropped] Archive the old mail logs (Omar Reyes)\n" +
			"4. [partly done] Release the queued mail (Lee Chen)\n",
		"What we will do next time\n" +
			"[x] Measure the copy rate with real mailboxes (Omar Reyes, done\n    2026-05-08)\n" +
			"[ ] Run every rollback script on staging (Lee Chen, due 2026-05-30)\n",
		"Where we got lucky\n- The old mounts were still in the fstab backup (Omar Reyes)\n",
		"Ideas\n- A maintenance banner on the webmail login page a few days ahead (Ann\n  Lindqvist)\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("digest.txt lacks %q:\n%s", want, text)
		}
	}
	// Sections in reading order: what we changed before the lessons, ideas last.
	order := []string{"What we changed", "What went well", "What went wrong", "Where we got lucky", "What we will do next time", "Ideas", "The full wrap-up"}
	at := -1
	for _, h := range order {
		i := strings.Index(text, h)
		if i < at {
			t.Errorf("%q comes before the section above it", h)
		}
		at = i
	}

	html := get("windows/2026-04-18-mail/digest.html")
	if !strings.Contains(html, "<title>Wrap-up: Mail server migration, Sat 18 Apr 2026: not every change made, production impact (minor), ran 35m late</title>") {
		t.Errorf("digest.html's title is not the subject:\n%s", html)
	}
	if strings.Contains(html, "<s>") || strings.Contains(html, "<del>") || strings.Contains(html, "line-through") {
		t.Error("digest.html strikes a done action through: it reads as cancelled")
	}
	for _, want := range []string{
		"What we changed", "Move the mailboxes to the new storage volume", ">rolled back</span>", ">dropped</span>", ">partly done</span>",
		"&#10003; done</span></td><td", "Measure the copy rate with real mailboxes", "(done 2026-05-08)",
		">open</span></td><td", "(due 2026-05-30)",
		"<h2", "Ideas", "A maintenance banner on the webmail login page",
		"Where we got lucky</h2>", "The old mounts were still in the fstab backup",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("digest.html lacks %q", want)
		}
	}
	// Every task of the window, in order.
	tasks := regexp.MustCompile(`>(\d)\.</td>`).FindAllStringSubmatch(html, -1)
	if len(tasks) != 4 || tasks[0][1] != "1" || tasks[3][1] != "4" {
		t.Errorf("digest.html numbers the tasks %v", tasks)
	}
}
