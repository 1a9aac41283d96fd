package render_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/output"
	"github.com/wrapup/wrapup/internal/browsertest"
)

// toolsConfig splits the meeting 5/10/15 so that the timer's steps are not
// all alike.
const toolsConfig = "title: Wrap-ups\nbase_url: https://intranet.example.com/it/wrapups/\ntimezone: America/Chicago\n" +
	"meeting: {went_well: 5, went_wrong: 10, next_time: 15}\n"

// toolsFront is the planned window's front matter; the round trips add the
// end: and impact: lines the run sheet gives.
const toolsFront = `title: Database upgrade
start: 2026-12-12 22:00
planned_end: 2026-12-13 02:00
facilitator: tom
attendees: [tom, jane, ann, raj, lee]
systems: [postgresql]
`

// toolsTasks has a task with steps, one whose title holds text that would
// read as tokens or emphasis if written back as it is, and one to drop.
const toolsTasks = "## Tasks\n" +
	"1. Upgrade the primary with `pg_upgrade` @jane planned:1h\n" +
	"   1. Stop the application servers\n" +
	"   2. Run `pg_upgrade` @jane\n" +
	"2. Reclaim disk on the *largest* cluster @raj #storage planned:40m\n" +
	"3. Check the `[wip]` flags and `due:soon` notes @ann planned:15m\n" +
	"4. Migrate the reporting replica @lee planned:30m\n"

func toolsSite(front, body string) fstest.MapFS {
	return fstest.MapFS{
		"wrapup.yaml": {Data: []byte(toolsConfig)},
		"content/windows/2026-12-12-db-upgrade.md": {Data: []byte("---\n" + front + "---\nWe upgrade the databases.\n\n" + body)},
		// An earlier window whose open action the meeting reviews.
		"content/windows/2026-10-03-db-patch.md": {Data: []byte(`---
title: Database patch
start: 2026-10-03 22:00
planned_end: 2026-10-04 01:00
end: 2026-10-04 00:30
impact: none
attendees: [jane]
systems: [postgresql]
---
## Tasks
1. Patch the primary @jane [done]

## What went wrong
- The replica lagged for an hour @jane

## Next time
- [ ] Watch the replica lag during the window @raj
`)},
	}
}

// buildTo builds site into memory and writes it under dir.
func buildTo(t *testing.T, site fstest.MapFS, opts build.Options, dir string) *output.Memory {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	}
	mem := output.NewMemory()
	if _, err := build.Build(site, opts, mem); err != nil {
		t.Fatalf("build: %v", err)
	}
	if dir != "" {
		for name, data := range mem.Files() {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return mem
}

func served(mem *output.Memory) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range mem.Files() {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return fsys
}

// clockAt sets the pages' test clock (window.wrapupClock) and redraws.
func clockAt(t time.Time) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`window.wrapupClock = () => %d;
		window.wrapupRunSheet && wrapupRunSheet.refresh(); window.wrapupMeeting && wrapupMeeting.refresh();`, t.UnixMilli()))
}

// click clicks the first element matching a CSS selector, failing when there is none.
func click(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) throw new Error("no element " + %q); e.click(); })()`, sel, sel))
}

func eval[T any](ctx context.Context, t *testing.T, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// exported is the part of data/windows.json the round trips compare.
type exported struct {
	Windows []struct {
		ID     string  `json:"id"`
		End    *string `json:"end"`
		Impact *string `json:"impact"`
		Tasks  []struct {
			Title   string   `json:"title"`
			Owners  []string `json:"owners"`
			Tags    []string `json:"tags"`
			Status  *string  `json:"status"`
			Planned *int     `json:"planned_minutes"`
			Actual  *int     `json:"actual_minutes"`
			Steps   []struct {
				Title  string  `json:"title"`
				Status *string `json:"status"`
			} `json:"steps"`
		} `json:"tasks"`
		WentWell      []item           `json:"went_well"`
		WentWrong     []item           `json:"went_wrong"`
		Lucky         *[]item          `json:"lucky"`
		Ideas         []item           `json:"ideas"`
		Actions       []item           `json:"actions"`
		Participation *json.RawMessage `json:"participation"`
	} `json:"windows"`
}

type item struct {
	Text   string   `json:"text"`
	People []string `json:"people"`
	Owners []string `json:"owners"`
	Tags   []string `json:"tags"`
}

func exportOf(t *testing.T, mem *output.Memory) exported {
	t.Helper()
	data, ok := mem.Get("data/windows.json")
	if !ok {
		t.Fatal("no data/windows.json")
	}
	var ex exported
	if err := json.Unmarshal(data, &ex); err != nil {
		t.Fatal(err)
	}
	for _, w := range ex.Windows {
		if w.ID == "2026-12-12-db-upgrade" {
			ex.Windows = ex.Windows[:0]
			ex.Windows = append(ex.Windows, w)
			return ex
		}
	}
	t.Fatal("window 2026-12-12-db-upgrade not exported")
	return ex
}

// pasteRunSheet puts the run sheet's copy into the window file as an author
// would: its end: and impact: lines into the front matter, its ## Tasks in
// place of the old section.
func pasteRunSheet(t *testing.T, copied string) (front, tasks string) {
	t.Helper()
	head, section, ok := strings.Cut(copied, "## Tasks\n")
	if !ok {
		t.Fatalf("copy has no ## Tasks section:\n%s", copied)
	}
	return toolsFront + strings.TrimSpace(head) + "\n", "## Tasks\n" + section
}

var chicago, _ = time.LoadLocation("America/Chicago")

// TestBrowserRunSheet runs the planned window from its run sheet, served
// under a sub-path: starts and marks tasks, ticks a step, reloads (the state
// survives), finishes the window, and pastes the copied Markdown back into
// the window file: the build reads the same statuses and durations.
func TestBrowserRunSheet(t *testing.T) {
	ctx := browsertest.New(t)
	mem := buildTo(t, toolsSite(toolsFront, toolsTasks), build.Options{}, "")
	base := browsertest.Serve(t, served(mem), "/it/wrapups/")
	page := base + "windows/2026-12-12-db-upgrade/run/"

	t0 := time.Date(2026, 12, 12, 22, 5, 0, 0, chicago)
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"windows/2026-12-12-db-upgrade/"),
		chromedp.WaitVisible(`a[href$="run/"]`),
		click(`a[href$="run/"]`),
		chromedp.WaitVisible(".rs-controls"),
		clockAt(t0),
		click(`[data-task="1"] .rs-start`),
		clockAt(t0.Add(10*time.Minute)),
		click(`[data-step="1.1"] .rs-tick`),
		clockAt(t0.Add(75*time.Minute)),
		click(`[data-task="1"] [data-status="done"]`),
		clockAt(t0.Add(105*time.Minute)),
		click(`[data-task="2"] [data-status="failed"]`),
		click(`[data-task="4"] [data-status="dropped"]`),
	)
	if err != nil {
		t.Fatal(err)
	}
	if url := eval[string](ctx, t, "location.href"); url != page {
		t.Errorf("the window page's link opened %s, want %s", url, page)
	}
	clock := eval[string](ctx, t, `document.querySelector("[data-clock]").textContent`)
	if !strings.Contains(clock, "23:50 now") || !strings.Contains(clock, "2h 10m to the planned end 02:00") {
		t.Errorf("clock reads %q, want 23:50 now and 2h 10m to the planned end", clock)
	}
	before := eval[string](ctx, t, `document.querySelector("[data-md-out]").value`)

	// A reload (or a dropped connection and a new visit) loses nothing.
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(".rs-controls"), clockAt(t0.Add(105*time.Minute))); err != nil {
		t.Fatal(err)
	}
	states := eval[[]string](ctx, t, `[...document.querySelectorAll("[data-task]")].map(li => li.dataset.state)`)
	if strings.Join(states, ",") != "done,failed,,dropped" {
		t.Errorf("after a reload the tasks are %q, want done,failed,,dropped", states)
	}
	if ticked := eval[string](ctx, t, `document.querySelector('[data-step="1.1"] .rs-tick').getAttribute("aria-pressed")`); ticked != "true" {
		t.Error("step 1.1 is not ticked after a reload")
	}
	if after := eval[string](ctx, t, `document.querySelector("[data-md-out]").value`); after != before {
		t.Errorf("the copy changed across a reload:\n%s\nwas\n%s", after, before)
	}

	// Task 3 runs from its Start to its rollback; the window ends late.
	err = chromedp.Do(ctx,
		clockAt(t0.Add(110*time.Minute)),
		click(`[data-task="3"] .rs-start`),
		clockAt(t0.Add(130*time.Minute)),
		click(`[data-task="3"] [data-status="rolled-back"]`),
		chromedp.SetValue("[data-impact]", "minor"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("[data-impact]").dispatchEvent(new Event("change"))`),
		clockAt(t0.Add(140*time.Minute)),
		click("[data-finish]"),
	)
	if err != nil {
		t.Fatal(err)
	}
	copied := clipboardCopy(ctx, t)
	t.Logf("copied:\n%s", copied)
	if notes := eval[string](ctx, t, `document.querySelector("[data-notes]").textContent`); notes != "" {
		t.Errorf("notes after every task has a status and the window finished: %q", notes)
	}
	for _, want := range []string{"end: 2026-12-13 00:25\n", "impact: minor\n", "1. Upgrade the primary with pg_upgrade @jane [done] planned:1h actual:1h15m\n",
		"   1. Stop the application servers [done]\n", "[failed] planned:40m actual:30m\n", "[rolled-back] planned:15m actual:20m\n", "@lee [dropped] planned:30m\n"} {
		if !strings.Contains(copied, want) {
			t.Errorf("copy lacks %q", want)
		}
	}

	// The round trip: paste it into the window file and build.
	planned := exportOf(t, mem).Windows[0]
	front, tasks := pasteRunSheet(t, copied)
	held := exportOf(t, buildTo(t, toolsSite(front, tasks), build.Options{}, "")).Windows[0]
	if held.End == nil || *held.End != "2026-12-13T00:25:00-06:00" || held.Impact == nil || *held.Impact != "minor" {
		t.Errorf("end %v impact %v, want 2026-12-13T00:25:00-06:00 and minor", deref(held.End), deref(held.Impact))
	}
	wantStatus := []string{"done", "failed", "rolled-back", "dropped"}
	wantActual := []string{"75", "30", "20", "<nil>"}
	if len(held.Tasks) != len(planned.Tasks) {
		t.Fatalf("%d tasks after the round trip, want %d", len(held.Tasks), len(planned.Tasks))
	}
	for i, task := range held.Tasks {
		p := planned.Tasks[i]
		if task.Title != p.Title || strings.Join(task.Owners, ",") != strings.Join(p.Owners, ",") || strings.Join(task.Tags, ",") != strings.Join(p.Tags, ",") {
			t.Errorf("task %d is %q %v %v, was %q %v %v", i+1, task.Title, task.Owners, task.Tags, p.Title, p.Owners, p.Tags)
		}
		if deref(task.Status) != wantStatus[i] || fmt.Sprint(derefInt(task.Actual)) != wantActual[i] || fmt.Sprint(derefInt(task.Planned)) != fmt.Sprint(derefInt(p.Planned)) {
			t.Errorf("task %d: status %s actual %v planned %v, want %s %s %v", i+1, deref(task.Status), derefInt(task.Actual), derefInt(task.Planned), wantStatus[i], wantActual[i], derefInt(p.Planned))
		}
		if len(task.Steps) != len(p.Steps) {
			t.Errorf("task %d has %d steps, was %d", i+1, len(task.Steps), len(p.Steps))
			continue
		}
		for j, s := range task.Steps {
			if s.Title != p.Steps[j].Title {
				t.Errorf("step %d.%d is %q, was %q", i+1, j+1, s.Title, p.Steps[j].Title)
			}
		}
	}
	if s := held.Tasks[0].Steps; deref(s[0].Status) != "done" || s[1].Status != nil {
		t.Errorf("step statuses %s, %s; want done and none", deref(s[0].Status), deref(s[1].Status))
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

func derefInt(n *int) any {
	if n == nil {
		return "<nil>"
	}
	return *n
}

// TestBrowserMeeting holds the wrap-up from the meeting page: the timer
// walks the agenda by the split of wrapup.yaml, chips and notes give who is
// still to be heard, the notes survive a reload, and the copy pasted into
// the window file gives the same items and the participation the page said.
func TestBrowserMeeting(t *testing.T) {
	ctx := browsertest.New(t)
	mem := buildTo(t, toolsSite(toolsFront, toolsTasks), build.Options{}, "")
	base := browsertest.Serve(t, served(mem), "/it/wrapups/")
	c0 := time.Date(2026, 12, 14, 10, 0, 0, 0, chicago)
	current := `document.querySelector(".agenda .is-current")?.dataset.agenda || ""`
	timer := `document.querySelector("[data-clock]").textContent`

	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"windows/2026-12-12-db-upgrade/wrap-up/"),
		chromedp.WaitVisible("[data-timer]"),
		clockAt(c0),
		click("[data-start]"),
		clockAt(c0.Add(4*time.Minute)),
	)
	if err != nil {
		t.Fatal(err)
	}
	// 5 minutes for what went well, then 10 for what went wrong, then 15.
	if got, clock := eval[string](ctx, t, current), eval[string](ctx, t, timer); got != "went_well" || clock != "1:00" {
		t.Errorf("at 4 minutes: item %q with %s left, want went_well with 1:00", got, clock)
	}
	if err := chromedp.Do(ctx, clockAt(c0.Add(6*time.Minute))); err != nil {
		t.Fatal(err)
	}
	if got, clock := eval[string](ctx, t, current), eval[string](ctx, t, timer); got != "went_wrong" || clock != "9:00" {
		t.Errorf("at 6 minutes: item %q with %s left, want went_wrong with 9:00", got, clock)
	}
	// The notes of the item under discussion stand out: went wrong and lucky.
	if cur := eval[[]string](ctx, t, `[...document.querySelectorAll('[data-section][data-current="true"]')].map(s => s.dataset.section)`); strings.Join(cur, ",") != "went_wrong,lucky" {
		t.Errorf("sections marked current at 6 minutes: %v, want went_wrong and lucky", cur)
	}
	if err := chromedp.Do(ctx, click("[data-next]")); err != nil {
		t.Fatal(err)
	}
	if got, clock := eval[string](ctx, t, current), eval[string](ctx, t, timer); got != "next_time" || clock != "15:00" {
		t.Errorf("after Next item: %q with %s left, want next_time with 15:00", got, clock)
	}
	// Paused at 19 minutes of meeting (15 skipped to, then 4), for half an hour.
	if err := chromedp.Do(ctx, clockAt(c0.Add(10*time.Minute)), click("[data-start]"), clockAt(c0.Add(40*time.Minute))); err != nil {
		t.Fatal(err)
	}
	if got, clock := eval[string](ctx, t, current), eval[string](ctx, t, timer); got != "next_time" || clock != "11:00" {
		t.Errorf("paused at 19 minutes: %q with %s left, want next_time with 11:00", got, clock)
	}
	if err := chromedp.Do(ctx, click("[data-start]"), clockAt(c0.Add(52*time.Minute))); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](ctx, t, `document.querySelector("[data-current]").textContent`); got != "Time is up" {
		t.Errorf("after 31 minutes of meeting the timer shows %q, want Time is up", got)
	}

	// The facilitator taps tom and jane; the notes name jane, raj and ann.
	add := func(section, text, who string) chromedp.Action[chromedp.Void] {
		return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
			const f = document.querySelector('[data-section=%q] form');
			f.elements.text.value = %q; f.elements.who.value = %q; f.requestSubmit(); })()`, section, text, who))
	}
	err = chromedp.Do(ctx,
		click(`[data-handle="tom"]`),
		click(`[data-handle="jane"]`),
		add("went_well", "The phone bridge and the chat room together #communication", "jane"),
		add("went_wrong", "Tests looked at one database at a time @raj #testing", ""),
		add("lucky", "The backup had finished an hour before", "ann"),
		add("next_time", "Test the databases in parallel #testing due:2027-01-10", "raj"),
		add("ideas", "Video conferencing during the window", ""),
	)
	if err != nil {
		t.Fatal(err)
	}
	heard := eval[string](ctx, t, `document.querySelector("[data-heard]").dataset.heard`)
	written := eval[string](ctx, t, `document.querySelector("[data-written]").dataset.written`)
	still := eval[string](ctx, t, `document.querySelector("[data-still]").textContent`)
	if heard != "4" || written != "3" || !strings.Contains(still, "Still to be heard: lee.") || !strings.Contains(still, "Nothing jotted yet for @tom") {
		t.Errorf("heard %s, in the notes %s, %q; want 4, 3, lee still to be heard and nothing jotted for tom", heard, written, still)
	}
	before := eval[string](ctx, t, `document.querySelector("[data-md-out]").value`)
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible("[data-timer]"), clockAt(c0.Add(50*time.Minute))); err != nil {
		t.Fatal(err)
	}
	copied := clipboardCopy(ctx, t)
	if copied != before {
		t.Errorf("the notes changed across a reload:\n%s\nwas\n%s", copied, before)
	}
	if pressed := eval[[]string](ctx, t, `[...document.querySelectorAll('.person-chip[aria-pressed="true"]')].map(c => c.dataset.handle)`); strings.Join(pressed, ",") != "tom,jane,ann,raj" {
		t.Errorf("after a reload the chips pressed are %v, want tom, jane, ann, raj", pressed)
	}
	t.Logf("copied:\n%s", copied)

	// Round trip: the window held, its sections pasted after the tasks.
	front := toolsFront + "end: 2026-12-13 01:30\nimpact: none\n"
	body := strings.ReplaceAll(toolsTasks, " planned:", " [done] planned:") + "\n" + copied
	mem2 := buildTo(t, toolsSite(front, body), build.Options{}, "")
	w := exportOf(t, mem2).Windows[0]
	check := func(name string, got []item, text string, people []string) {
		t.Helper()
		if len(got) != 1 || got[0].Text != text || strings.Join(append(got[0].People, got[0].Owners...), ",") != strings.Join(people, ",") {
			t.Errorf("%s = %+v, want one item %q by %v", name, got, text, people)
		}
	}
	check("went_well", w.WentWell, "The phone bridge and the chat room together", []string{"jane"})
	check("went_wrong", w.WentWrong, "Tests looked at one database at a time", []string{"raj"})
	check("ideas", w.Ideas, "Video conferencing during the window", nil)
	check("actions", w.Actions, "Test the databases in parallel", []string{"raj"})
	if w.Lucky == nil {
		t.Fatal("no lucky list exported")
	}
	check("lucky", *w.Lucky, "The backup had finished an hour before", []string{"ann"})
	var part struct{ Attendees, Contributors int }
	if w.Participation == nil || json.Unmarshal(*w.Participation, &part) != nil {
		t.Fatal("no participation exported")
	}
	// jane, raj and ann said something (lucky counts: docs/authoring.md, "What the site works out for you");
	// tom was tapped but nothing of his was jotted.
	wantContrib := 3
	if part.Attendees != 5 || part.Contributors != wantContrib {
		t.Errorf("participation %+v, want %d of 5 (the page said %s in the notes)", part, wantContrib, written)
	}
	windowPage, _ := mem2.Get("windows/2026-12-12-db-upgrade/index.html")
	if want := fmt.Sprintf("%d of 5 spoke", wantContrib); !strings.Contains(string(windowPage), want) {
		t.Errorf("window page does not say %q", want)
	}
}

// TestBrowserToolsFromDisk opens both pages of a --file-urls build from
// file://: the scripts and styles load, the link from the window page works,
// and what is ticked or jotted survives a reload.
func TestBrowserToolsFromDisk(t *testing.T) {
	ctx := browsertest.New(t)
	dir := t.TempDir()
	body := toolsTasks + "\n## What went well\n- The runbook was *clear* @jane #process\n\n## Where we got lucky\n- The spare disk was on site @kim\n"
	buildTo(t, toolsSite(toolsFront, body), build.Options{FileMode: true}, dir)
	root := "file://" + filepath.ToSlash(dir) + "/"
	err := chromedp.Do(ctx,
		chromedp.Navigate(root+"windows/2026-12-12-db-upgrade/index.html"),
		chromedp.WaitVisible(`a[href$="run/index.html"]`),
		click(`a[href$="run/index.html"]`),
		chromedp.WaitVisible(".rs-controls"),
		click(`[data-step="1.2"] .rs-tick`),
		chromedp.Reload(),
		chromedp.WaitVisible(".rs-controls"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if ticked := eval[string](ctx, t, `document.querySelector('[data-step="1.2"] .rs-tick').getAttribute("aria-pressed")`); ticked != "true" {
		t.Error("from disk, step 1.2 is not ticked after a reload")
	}
	if copied := clipboardCopy(ctx, t); !strings.Contains(copied, "   2. Run pg_upgrade @jane [done]\n") {
		t.Errorf("from disk, the copy lacks the ticked step: %q", copied)
	}
	if pos := eval[string](ctx, t, `getComputedStyle(document.querySelector("[data-clock]")).position`); pos != "sticky" {
		t.Errorf("tools.css not applied from disk (clock position %q)", pos)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(root+"windows/2026-12-12-db-upgrade/index.html"),
		chromedp.WaitVisible(`a[href$="wrap-up/index.html"]`),
		click(`a[href$="wrap-up/index.html"]`),
		chromedp.WaitVisible("[data-timer]"),
		click(`[data-handle="lee"]`),
		chromedp.Reload(),
		chromedp.WaitVisible("[data-timer]"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if p := eval[string](ctx, t, `document.querySelector('[data-handle="lee"]').getAttribute("aria-pressed")`); p != "true" {
		t.Error("from disk, lee's chip is not pressed after a reload")
	}
	// What the file already says is in the notes, and counts.
	if md := eval[string](ctx, t, `document.querySelector("[data-md-out]").value`); md != "## What went well\n- The runbook was clear @jane #process\n\n## Where we got lucky\n- The spare disk was on site @kim\n" {
		t.Errorf("the copy does not start from the file's items: %q", md)
	}
	if n := eval[string](ctx, t, `document.querySelector("[data-heard]").dataset.heard + "/" + document.querySelector("[data-written]").dataset.written`); n != "2/1" {
		t.Errorf("heard/in the notes = %s, want 2/1 (lee tapped, jane in the file)", n)
	}
	if still := eval[string](ctx, t, `document.querySelector("[data-still]").textContent`); !strings.Contains(still, "Not in attendees (add to the front matter): @kim.") {
		t.Errorf("kim speaks but did not attend, and the page does not say so: %q", still)
	}
	// The carried action of the earlier window is there to review, linked.
	if text := eval[string](ctx, t, `document.querySelector(".mt-carried")?.textContent || ""`); !regexp.MustCompile(`Watch the replica lag`).MatchString(text) {
		t.Errorf("meeting page lacks the carried action: %q", text)
	}
}

// TestBrowserRunSheetWithoutScripts opens the run sheet with JavaScript off:
// it is the numbered list, with no buttons and nothing that needs a script.
func TestBrowserRunSheetWithoutScripts(t *testing.T) {
	ctx := browsertest.New(t)
	mem := buildTo(t, toolsSite(toolsFront, toolsTasks), build.Options{}, "")
	base := browsertest.Serve(t, served(mem), "/")
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"windows/2026-12-12-db-upgrade/run/"), chromedp.WaitReady(".rs-tasks")); err != nil {
		t.Fatal(err)
	}
	shown := eval[string](ctx, t, `[...document.querySelectorAll(".rs-tasks li")].filter(li => li.offsetParent).map(li => li.querySelector(".rs-line").textContent.replace(/\s+/g, " ").trim()).join("\n")`)
	for _, want := range []string{"1. Upgrade the primary with pg_upgrade", "1.1 Stop the application servers", "1.2 Run pg_upgrade", "4. Migrate the reporting replica"} {
		if !strings.Contains(shown, want) {
			t.Errorf("without scripts the sheet lacks %q:\n%s", want, shown)
		}
	}
	hidden := eval[bool](ctx, t, `!document.querySelector(".rs-controls") && !document.querySelector("[data-copy]").offsetParent && !document.querySelector("[data-clock]").offsetParent`)
	if !hidden {
		t.Error("without scripts the sheet shows controls, the clock or the copy box")
	}
}

// clipboardCopy presses Copy as Markdown as a person does (a real click) and
// returns what it put on the clipboard, read back from there.
func clipboardCopy(ctx context.Context, t *testing.T) string {
	t.Helper()
	if _, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
		Permission: &browser.PermissionDescriptor{Name: "clipboard-read"}, Setting: browser.PermissionSettingGranted}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector("[data-copied]").textContent = ""`), chromedp.Click("[data-copy-btn]")); err != nil {
		t.Fatal(err)
	}
	said, err := chromedp.Run(ctx, chromedp.Poll[string](`document.querySelector("[data-copied]").textContent || null`, chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil || said != "Copied." {
		t.Errorf("the copy button says %q (%v), want Copied.", said, err)
	}
	copied, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("reading the clipboard: %v", err)
	}
	if shown := eval[string](ctx, t, `document.querySelector("[data-md-out]").value`); shown != copied {
		t.Errorf("the clipboard holds %q, the page shows %q", copied, shown)
	}
	return copied
}

// swapFS serves one built site, then another at the same address (one
// origin, one localStorage), as a rebuilt site is.
type swapFS struct{ cur atomic.Pointer[fstest.MapFS] }

func (s *swapFS) Open(name string) (fs.File, error) { return s.cur.Load().Open(name) }

// TestBrowserRunSheetFollowsAnEditedPlan ticks a step and marks a task, then
// the plan is edited (a task inserted before them) and the site rebuilt: after
// a reload what was recorded is still on the same task and step, now
// numbered one later.
func TestBrowserRunSheetFollowsAnEditedPlan(t *testing.T) {
	ctx := browsertest.New(t)
	site := &swapFS{}
	first := served(buildTo(t, toolsSite(toolsFront, toolsTasks), build.Options{}, ""))
	site.cur.Store(&first)
	base := browsertest.Serve(t, site, "/")
	page := base + "windows/2026-12-12-db-upgrade/run/"
	err := chromedp.Do(ctx,
		chromedp.Navigate(page), chromedp.WaitVisible(".rs-controls"),
		click(`[data-step="1.2"] .rs-tick`),
		click(`[data-task="2"] [data-status="done"]`),
	)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(toolsTasks, "## Tasks\n", "## Tasks\n1. Announce the start on the bridge @tom planned:5m\n", 1)
	second := served(buildTo(t, toolsSite(toolsFront, edited), build.Options{}, ""))
	site.cur.Store(&second)
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(`[data-task="5"] .rs-controls`)); err != nil {
		t.Fatal(err)
	}
	states := eval[[]string](ctx, t, `[...document.querySelectorAll("[data-task]")].map(li => li.dataset.state)`)
	if strings.Join(states, ",") != ",,done,," {
		t.Errorf("after the plan was edited the tasks are %q, want task 3 (was 2) done", states)
	}
	ticked := eval[[]string](ctx, t, `[...document.querySelectorAll('.rs-tick[aria-pressed="true"]')].map(b => b.closest("[data-step]").dataset.step)`)
	if strings.Join(ticked, ",") != "2.2" {
		t.Errorf("ticked steps %v after the edit, want 2.2 (was 1.2)", ticked)
	}
}
