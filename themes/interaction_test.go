package themes_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/output"
	"github.com/wrapup/wrapup/internal/browsertest"
)

// noScript turns the page's JavaScript off (or on again) for the next loads.
func noScript(off bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
		return err
	})
}

// visibleRows lists the windows list's visible rows as "outcome year overrun title".
const visibleRows = `[...document.querySelectorAll('main ol.rows > li.row')].filter(li => li.offsetParent !== null).map(li =>
  [li.dataset.outcome, li.dataset.year, li.dataset.overrun || '-', li.querySelector('.row-main > a').textContent].join(' '))`

// TestBrowserWindowsFilterAndSort checks the windows index with and without
// script: without, every window is listed by year and no filter shows; with
// it, the outcome, system and year filters and the sort by overrun change the
// list, the choice is kept in the address, and a shared address restores it.
func TestBrowserWindowsFilterAndSort(t *testing.T) {
	ctx := browsertest.NewTimeout(t, 3*time.Minute)
	fsys := builtSample(t)
	base := browsertest.Serve(t, fsys, "/it/wrapups/")

	// Without script.
	if err := chromedp.Do(ctx, noScript(true), chromedp.Navigate(base+"windows/"), chromedp.WaitReady("ol.rows")); err != nil {
		t.Fatal(err)
	}
	all, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](visibleRows))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Count(string(fsys["windows/index.html"].Data), `<li class="row"`)
	if len(all) != want || want < 5 {
		t.Fatalf("without script %d rows shown, want all %d", len(all), want)
	}
	formShown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.getElementById('list-filter').hidden`))
	if err != nil {
		t.Fatal(err)
	}
	if formShown {
		t.Error("without script the filter form shows, but cannot work")
	}
	years, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('main h2.year').length`))
	if err != nil || years < 2 {
		t.Errorf("without script %d year headings (%v), want the list by year", years, err)
	}

	// With script: filter by outcome.
	if err := chromedp.Do(ctx, noScript(false), chromedp.Navigate(base+"windows/"), chromedp.WaitVisible("#list-filter")); err != nil {
		t.Fatal(err)
	}
	choose := func(name, value string) []string {
		t.Helper()
		js := fmt.Sprintf(`(() => { const s = document.querySelector('#list-filter [name=%q]'); s.value = %q; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, name, value)
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err != nil {
			t.Fatal(err)
		}
		rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](visibleRows))
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	missed := choose("outcome", "missed")
	if len(missed) == 0 || len(missed) >= len(all) {
		t.Fatalf("outcome missed: %d of %d rows", len(missed), len(all))
	}
	for _, r := range missed {
		if !strings.HasPrefix(r, "missed ") {
			t.Errorf("outcome filter shows %q", r)
		}
	}
	status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.filter-status').textContent`))
	if !strings.HasPrefix(status, fmt.Sprintf("%d of %d windows", len(missed), len(all))) {
		t.Errorf("status = %q", status)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.HasSuffix(loc, "?outcome=missed") {
		t.Errorf("address = %s, want the filter in it", loc)
	}

	// Sort by overrun: longest first, windows with no figure last.
	sorted := choose("sort", "overrun")
	if len(sorted) != len(missed) {
		t.Fatalf("sorting changed the filter: %d rows, want %d", len(sorted), len(missed))
	}
	last := 1 << 30
	for _, r := range sorted {
		f := strings.Fields(r)
		var v int
		if f[2] == "-" {
			v = -1 << 30
		} else if _, err := fmt.Sscan(f[2], &v); err != nil {
			t.Fatal(err)
		}
		if v > last {
			t.Errorf("not sorted by overrun: %v", sorted)
			break
		}
		last = v
	}
	headings, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('main h2.year')].filter(h => !h.hidden).length`))
	if headings != 0 {
		t.Errorf("sorted by overrun, %d year headings still show", headings)
	}

	// System and year, back to date order.
	choose("outcome", "")
	choose("sort", "date")
	sys, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#list-filter [name=system] option:nth-child(2)').value`))
	if err != nil {
		t.Fatal(err)
	}
	bySystem := choose("system", sys)
	wantSys := 0
	for _, li := range strings.Split(string(fsys["windows/index.html"].Data), `<li class="row"`)[1:] {
		if strings.Contains(" "+strings.SplitN(strings.SplitN(li, `data-systems="`, 2)[1], `"`, 2)[0]+" ", " "+sys+" ") {
			wantSys++
		}
	}
	if len(bySystem) != wantSys || wantSys == 0 {
		t.Errorf("system %s: %d rows, want %d", sys, len(bySystem), wantSys)
	}
	choose("system", "")
	year := strings.Fields(all[len(all)-1])[1]
	for _, r := range choose("year", year) {
		if strings.Fields(r)[1] != year {
			t.Errorf("year %s filter shows %q", year, r)
		}
	}

	// A shared address restores the choice.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"windows/?outcome=success&sort=date-asc"), chromedp.WaitVisible("#list-filter")); err != nil {
		t.Fatal(err)
	}
	rows, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](visibleRows))
	if len(rows) == 0 {
		t.Fatal("no rows for ?outcome=success")
	}
	for _, r := range rows {
		if !strings.HasPrefix(r, "success ") {
			t.Errorf("?outcome=success shows %q", r)
		}
	}
	if y0, y1 := strings.Fields(rows[0])[1], strings.Fields(rows[len(rows)-1])[1]; y0 > y1 {
		t.Errorf("oldest first, but %s comes before %s", y0, y1)
	}
}

// focusWalk presses Tab up to n times and describes each focused element,
// with whether it shows a visible focus indicator.
func focusWalk(t *testing.T, ctx context.Context, n int) []string {
	t.Helper()
	var seen []string
	for range n {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		d, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'body';
  const cs = getComputedStyle(el);
  const visible = el.matches(':focus-visible') && cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1;
  return (visible ? 'ok ' : 'INVISIBLE ') + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
    (el.closest('.page-toc') ? ' in-toc' : '') + (el.closest('#list-filter') ? ' in-filter' : '');
})()`))
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, d)
	}
	return seen
}

// TestBrowserKeyboard tabs through a window page, the windows index and the
// trends page: the search box, the scheme switch, the table of contents,
// the code's copy button and scroll box, the filters and the charts' scroll
// boxes are reached, each with a visible focus. Then the scheme switch is
// worked from the keyboard, remembered across a reload, and the copy button
// copies the code.
func TestBrowserKeyboard(t *testing.T) {
	ctx := browsertest.NewTimeout(t, 3*time.Minute)
	fsys := builtSample(t)
	pages := pageTypes(t, fsys)
	base := browsertest.Serve(t, fsys, "/it/wrapups/")
	if err := chromedp.Do(ctx, setScheme("light"), chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	check := func(page string, n int, want ...string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+page), chromedp.WaitReady("body"), chromedp.Sleep(200*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		seen := focusWalk(t, ctx, n)
		all := strings.Join(seen, "\n")
		for _, s := range seen {
			if strings.HasPrefix(s, "INVISIBLE") {
				t.Errorf("%s: focus not visible on %s", page, s)
			}
		}
		for _, w := range want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: %q never got the focus in %d tabs:\n%s", page, w, n, all)
			}
		}
	}
	check(pages["window"], 160, "input#site-search", "button.scheme-switch", "in-toc", "button.code-copy", "div.code-scroll")
	check("windows/", 40, "select in-filter")
	check("trends/", 60, "div.chart-scroll", "div.table-scroll")
	check("search/", 20, "input#search-q")
	// "/" goes to the search page's own box (the header's is hidden there).
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/"), chromedp.WaitReady("#search-q"), chromedp.Sleep(200*time.Millisecond), chromedp.KeyEvent("/")); err != nil {
		t.Fatal(err)
	}
	if id, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`)); id != "search-q" {
		t.Errorf(`"/" on the search page focused %q, want the page's search box`, id)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('input[type=search]')].filter(i => i.offsetParent !== null).length`)); n != 1 {
		t.Errorf("the search page shows %d search boxes, want 1", n)
	}

	// The scheme switch, by keyboard: Enter on it turns dark on, and the
	// choice holds after a reload, from the first paint.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+pages["window"]), chromedp.WaitVisible(".scheme-switch"), chromedp.Focus(".scheme-switch"), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.dataset.scheme + ' ' + document.querySelector('.scheme-switch').getAttribute('aria-pressed') + ' ' + localStorage.getItem('wrapup-scheme') + ' ' + getComputedStyle(document.body).backgroundColor`))
	if err != nil {
		t.Fatal(err)
	}
	if state != "dark true dark rgb(20, 23, 26)" {
		t.Errorf("after Enter on the switch: %q", state)
	}
	// Reload with script off after the head: scheme.js must have applied the
	// choice before anything else ran.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"windows/"), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	state, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.dataset.scheme + ' ' + getComputedStyle(document.body).backgroundColor`))
	if state != "dark rgb(20, 23, 26)" {
		t.Errorf("the dark choice was not remembered: %q", state)
	}
	if err := chromedp.Do(ctx, chromedp.Click(".scheme-switch", chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	state, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`localStorage.getItem('wrapup-scheme') + ' ' + getComputedStyle(document.body).backgroundColor`))
	if state != "light rgb(251, 251, 250)" {
		t.Errorf("back to light: %q", state)
	}
	// A dark system and a saved light choice: light wins.
	if err := chromedp.Do(ctx, setScheme("dark"), chromedp.Reload(), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	state, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
	if state != "rgb(251, 251, 250)" {
		t.Errorf("light chosen on a dark system: %q", state)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(localStorage.removeItem('wrapup-scheme'), true)`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	state, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
	if state != "rgb(20, 23, 26)" {
		t.Errorf("no choice saved on a dark system: %q, want dark", state)
	}

	// The copy button copies the code, without the trailing newline.
	origin := strings.TrimSuffix(base, "/it/wrapups/")
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name, AllowWithoutSanitization: true}, Setting: browser.PermissionSettingGranted, Origin: origin}); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+pages["window"]), chromedp.Click(".code-copy", chromedp.NodeVisible), chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	code, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.code pre').innerText.replace(/\n$/, '')`))
	if got != code || got == "" {
		t.Errorf("copied %q, want the code %q", got, code)
	}
	label, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.code-copy').textContent`))
	if label != "Copied" {
		t.Errorf("copy button says %q after a copy", label)
	}

	// Without script the code still shows its language, and no dead button.
	if err := chromedp.Do(ctx, noScript(true), chromedp.Navigate(base+pages["window"]), chromedp.WaitReady(".code")); err != nil {
		t.Fatal(err)
	}
	ns, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.code-lang').textContent + ' ' + document.querySelectorAll('.code-copy').length + ' ' + document.querySelector('.scheme-switch').hidden`))
	if ns != "bash 0 true" {
		t.Errorf("without script: %q, want the language, no copy button and no switch", ns)
	}
	if err := chromedp.Do(ctx, noScript(false)); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserAnchorsLandInView opens a window page at a step's anchor, on a
// phone and a desktop: the step is in view and so is its task's title above
// it (the title sticks while its steps are read); a section anchor lands with
// its heading in view, not under the top edge.
func TestBrowserAnchorsLandInView(t *testing.T) {
	ctx := browsertest.NewTimeout(t, 2*time.Minute)
	fsys := builtSample(t)
	pages := pageTypes(t, fsys)
	base := browsertest.Serve(t, fsys, "/it/wrapups/")
	html := string(fsys[pages["window"]+"index.html"].Data)
	// The last step of the task with the most steps.
	step := ""
	for _, part := range strings.Split(html, `<li id="task-`)[1:] {
		id := "task-" + part[:strings.IndexByte(part, '"')]
		if strings.Count(id, "-") == 2 {
			step = id
		}
	}
	if step == "" {
		t.Fatal("the window page has no steps")
	}
	task := step[:strings.LastIndexByte(step, '-')]
	for _, width := range []int64{390, 1280} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 700), chromedp.Navigate(base+pages["window"]+"#"+step), chromedp.WaitReady("#"+step), chromedp.Sleep(300*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(`(() => {
  const s = document.getElementById(%q).getBoundingClientRect();
  const h = document.querySelector('#%s > .task-head').getBoundingClientRect();
  return [s.top, s.bottom, h.top, h.bottom, window.innerHeight];
})()`, step, task)))
		if err != nil {
			t.Fatal(err)
		}
		stepTop, stepBottom, headTop, headBottom, vh := got[0], got[1], got[2], got[3], got[4]
		if stepTop < 0 || stepBottom > vh {
			t.Errorf("%d px: step #%s at %v-%v, outside the %v px view", width, step, stepTop, stepBottom, vh)
		}
		if headTop < 0 || headBottom > stepTop+1 {
			t.Errorf("%d px: the title of #%s at %v-%v is not in view above its step at %v", width, task, headTop, headBottom, stepTop)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(base+pages["window"]+"#next-time"), chromedp.Sleep(300*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		top, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector('#next-time h2').getBoundingClientRect().top`))
		if err != nil {
			t.Fatal(err)
		}
		if top < 8 || top > 200 {
			t.Errorf("%d px: the Next time heading lands at %v px", width, top)
		}
	}
}

// TestBrowserWindowsFilterCoversEveryPage: on a list of three pages, a filter
// loads the other pages and covers every window, not only the first 100.
func TestBrowserWindowsFilterCoversEveryPage(t *testing.T) {
	ctx := browsertest.NewTimeout(t, 2*time.Minute)
	site := fstest.MapFS{"wrapup.yaml": {Data: []byte("title: Many windows\n")}}
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	late := 0
	for i := range 230 {
		day := now.AddDate(0, 0, -3*i-1)
		end := "21:00"
		if i%7 == 0 {
			end, late = "23:10", late+1 // ends 70 minutes late
		}
		id := fmt.Sprintf("%s-w%d", day.Format("2006-01-02"), i)
		site["content/windows/"+id+".md"] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Window %d\nstart: %s 20:00\nplanned_end: %s 22:00\nend: %s %s\nimpact: none\nsystems: [dns]\n---\n## Tasks\n1. Do it [done]\n",
			i, day.Format("2006-01-02"), day.Format("2006-01-02"), day.Format("2006-01-02"), end))}
	}
	mem := output.NewMemory()
	if _, err := build.Build(site, build.Options{Now: now}, mem); err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for name, data := range mem.Files() {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	if _, ok := fsys["windows/page/3/index.html"]; !ok {
		t.Fatal("the list is not three pages long")
	}
	base := browsertest.Serve(t, fsys, "/it/wrapups/")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"windows/page/2/?outcome=missed"), chromedp.WaitVisible("#list-filter")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('.filter-status').textContent.endsWith('windows.')`)); err != nil {
		t.Fatal(err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](visibleRows))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != late {
		t.Fatalf("missed: %d rows shown, want all %d late windows of the three pages", len(rows), late)
	}
	status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.filter-status').textContent`))
	if status != fmt.Sprintf("%d of 230 windows.", late) {
		t.Errorf("status = %q", status)
	}
	// The rows of other pages link where they should from this page.
	href, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main ol.rows-sorted li.row .row-main a').href`))
	if !strings.HasPrefix(href, base+"windows/") || strings.Contains(href, "page/") {
		t.Errorf("a loaded row links to %s", href)
	}
	// Back to no filter: this page's 100 rows, by year, with its pager.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const s = document.querySelector('#list-filter [name=outcome]'); s.value = ''; s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)); err != nil {
		t.Fatal(err)
	}
	rows, _ = chromedp.Run(ctx, chromedp.Evaluate[[]string](visibleRows))
	pager, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.querySelector('main .pager').hidden`))
	if len(rows) != 100 || !pager {
		t.Errorf("unfiltered page 2 shows %d rows (pager %v), want its 100", len(rows), pager)
	}
}
