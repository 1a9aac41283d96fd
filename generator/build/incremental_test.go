package build

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/wrapup/wrapup/generator/output"
)

var (
	testPeople  = []string{"tom", "jane", "ann", "raj", "lee", "kim", "sam"}
	testSystems = []string{"postgresql", "storage", "dns", "ldap", "mail"}
	testTags    = []string{"communication", "testing", "process", "rollback"}
)

// randomWindow writes a window file whose fields come from rng, so that
// edits move windows between people, systems, tags, years and list pages.
func randomWindow(rng *rand.Rand, day time.Time, slug string, draft bool) (string, []byte) {
	start := day.Add(22 * time.Hour)
	pick := func(from []string, n int) []string {
		out := append([]string(nil), from...)
		rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		return out[:n]
	}
	attendees := pick(testPeople, 2+rng.IntN(4))
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s window number %d\n", strings.ToUpper(slug[:1])+slug[1:], rng.IntN(1000))
	fmt.Fprintf(&b, "start: %s\nplanned_end: %s\n", start.Format("2006-01-02 15:04"), start.Add(3*time.Hour).Format("2006-01-02 15:04"))
	held := rng.IntN(5) > 0
	if held {
		fmt.Fprintf(&b, "end: %s\nimpact: %s\n", start.Add(time.Duration(120+rng.IntN(120))*time.Minute).Format("2006-01-02 15:04"), []string{"none", "minor", "major"}[rng.IntN(3)])
	}
	fmt.Fprintf(&b, "facilitator: %s\nattendees: [%s]\nsystems: [%s]\ntags: [%s]\n", attendees[0], strings.Join(attendees, ", "),
		strings.Join(pick(testSystems, 1+rng.IntN(2)), ", "), strings.Join(pick(testTags, rng.IntN(3)), ", "))
	if draft {
		b.WriteString("draft: true\n")
	}
	fmt.Fprintf(&b, "---\nWe did the %s work, take %d.\n\n## Tasks\n", slug, rng.IntN(100))
	status := ""
	if held {
		status = " [done]"
	}
	fmt.Fprintf(&b, "1. Do the %s change @%s%s planned:30m\n", slug, attendees[1], status)
	fmt.Fprintf(&b, "\n## What went well\n- It went fine @%s #%s\n", attendees[1], testTags[rng.IntN(len(testTags))])
	// Lucky items and action tables in some windows, chosen by the date so
	// that rng draws stay as they were.
	if day.Day()%2 == 0 {
		fmt.Fprintf(&b, "\n## Where we got lucky\n- Nothing broke @%s #%s\n", attendees[1], testTags[day.Day()%len(testTags)])
	}
	if day.Day()%3 == 0 {
		fmt.Fprintf(&b, "\n## Action items\n| Action | Owner | Due | Priority |\n|---|---|---|---|\n| Write it down | %s | %s | P%d |\n",
			attendees[0], day.AddDate(0, 1, 0).Format("2006-01-02"), day.Day()%3+1)
		return "content/windows/" + day.Format("2006-01-02") + "-" + slug + ".md", []byte(b.String())
	}
	fmt.Fprintf(&b, "\n## Next time\n- [ ] Write it down @%s due:%s\n", attendees[0], day.AddDate(0, 1, 0).Format("2006-01-02"))
	return "content/windows/" + day.Format("2006-01-02") + "-" + slug + ".md", []byte(b.String())
}

func sessionTestSiteN(n int) fstest.MapFS { return sessionTestSite(rand.New(rand.NewPCG(9, 9)), n) }

func sessionTestSite(rng *rand.Rand, n int) fstest.MapFS {
	site := fstest.MapFS{
		"wrapup.yaml":              {Data: []byte("title: Test wrap-ups\ntimezone: UTC\n")},
		"content/people.yaml":      {Data: []byte("tom: {name: Tom Ames}\njane: {name: Jane Park}\nann: {name: Ann Lee}\nraj: {name: Raj Patel}\nlee: {name: Lee Wong}\nkim: {name: Kim Ortiz}\nsam: {name: Sam Hill}\n")},
		"content/_index.md":        {Data: []byte("Welcome to the wrap-ups.\n")},
		"content/pages/process.md": {Data: []byte("---\ntitle: How we run windows\n---\nLike this.\n")},
	}
	for i := range n {
		day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 40*i)
		p, data := randomWindow(rng, day, fmt.Sprintf("change-%d", i), i%9 == 4)
		site[p] = &fstest.MapFile{Data: data}
	}
	return site
}

// compareWithFullBuild builds site from scratch and checks that the
// generation holds exactly the same files with the same bytes, and that
// the pages early made before it (nil: none) are the full build's too.
func compareWithFullBuild(t *testing.T, step string, site fstest.MapFS, opts Options, g *Generation, early *Early) {
	t.Helper()
	want := output.NewMemory()
	_, wantErr := Build(site, opts, want)
	got := output.NewMemory()
	// Outputs are made on demand: a template that fails on some page shows
	// when they are written.
	gotErr := g.WriteTo(got)
	if (wantErr != nil) != (gotErr != nil) {
		t.Fatalf("%s: full build error %v, incremental error %v", step, wantErr, gotErr)
	}
	if early != nil && early.Number != g.Number {
		t.Fatalf("%s: early pages of build %d in build %d", step, early.Number, g.Number)
	}
	if wantErr != nil {
		// Pages are made in parallel: which failing page comes first may
		// differ between two runs of the same build. Content errors come
		// sorted and must match.
		if g.Err != nil && wantErr.Error() != g.Err.Error() {
			t.Fatalf("%s: errors differ:\nfull:        %v\nincremental: %v", step, wantErr, g.Err)
		}
		return
	}
	wantNames, gotNames := want.Names(), got.Names()
	if strings.Join(wantNames, "\n") != strings.Join(gotNames, "\n") {
		t.Fatalf("%s: files differ:\nfull:        %v\nincremental: %v", step, diffNames(wantNames, gotNames), diffNames(gotNames, wantNames))
	}
	for _, name := range wantNames {
		w, _ := want.Get(name)
		gg, _ := got.Get(name)
		if !bytes.Equal(w, gg) {
			t.Fatalf("%s: %s differs from a full build", step, name)
		}
	}
	if early == nil {
		return
	}
	for name, data := range early.Pages {
		w, ok := want.Get(name)
		if !ok {
			t.Fatalf("%s: early page %s is not in the full build", step, name)
		}
		if !bytes.Equal(w, data) {
			t.Fatalf("%s: early page %s differs from the full build's:\n%s", step, name, firstDiff(string(w), string(data)))
		}
		if !contains(g.Updated, name) {
			t.Fatalf("%s: early page %s is not among the build's updated outputs", step, name)
		}
	}
}

func diffNames(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if !in[x] {
			out = append(out, x)
		}
	}
	return out
}

// TestSessionEqualsFullBuild applies random sequences of edits, new files,
// deletions, renames (of files and folders), broken and fixed files and
// changes to the files every window depends on, and after each one checks
// that the incremental build equals a full build of the same files.
//
// It runs with the default theme and with a theme whose every page template
// prints everything its data reaches (probeTheme): whatever a template can
// read is a dependency of its page.
func TestSessionEqualsFullBuild(t *testing.T) {
	for seed := range uint64(4) {
		t.Run(fmt.Sprint("default/seed", seed), func(t *testing.T) { sessionDifferential(t, seed, "default", 30, 40) })
	}
	// The probe's pages print the whole site each, and executing them costs
	// far more than the default theme's: a small site, few steps.
	t.Run("probe/seed0", func(t *testing.T) {
		if raceDetector {
			t.Skip("run without -race: .ci/run runs it so (the race detector makes it take tens of minutes)")
		}
		sessionDifferential(t, 0, "probe", 4, 8)
	})
	// A theme whose every page prints everything its data reaches and the
	// site view but for the windows (.Site.Index): the edited windows'
	// pages are made early, and checked field by field.
	t.Run("probe-data/seed1", func(t *testing.T) {
		if raceDetector {
			t.Skip("run without -race: .ci/run runs it so (the race detector makes it take tens of minutes)")
		}
		sessionDifferential(t, 1, "probe-data", 4, 8)
	})
}

// sessionDifferential is TestSessionEqualsFullBuild for one seed and theme.
func sessionDifferential(t *testing.T, seed uint64, theme string, windows, steps int) {
	rng := rand.New(rand.NewPCG(seed, 7))
	site := sessionTestSite(rng, 30)
	config := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: fmt.Appendf(nil, "title: %s\ntimezone: UTC\ntheme: %s\n", title, theme)}
	}
	if theme == "probe" || theme == "probe-data" {
		for name, f := range probeThemeNamed(t, site, theme, theme == "probe") {
			site[name] = f
		}
	}
	site["wrapup.yaml"] = config("Test wrap-ups")
	opts := Options{Now: fixedNow, Drafts: seed%2 == 0}
	s := NewSession(site, opts)
	var early *Early
	earlySteps := 0
	s.Early = func(e *Early) {
		if early != nil {
			t.Fatalf("two early starts of one build")
		}
		early = e
	}
	g := s.Update(context.Background(), nil)
	if err := g.WriteTo(output.NewMemory()); err != nil {
		t.Fatalf("the test site does not build: %v", err)
	}
	compareWithFullBuild(t, "first build", site, opts, g, nil)
	next := 100
	for step := range 40 {
		windows := windowPaths(site)
		var changed []string
		var what string
		switch op := rng.IntN(12); {
		case op == 11: // edit a window's text only: the cross-window
			// stages reuse their previous results for it
			p := windows[rng.IntN(len(windows))]
			site[p] = &fstest.MapFile{Data: regexp.MustCompile(`work, take \d+\.`).ReplaceAll(site[p].Data, fmt.Appendf(nil, "work, take %d.", 1000+step))}
			changed, what = []string{p}, "reword "+p
		case op <= 2: // edit a window
			p := windows[rng.IntN(len(windows))]
			day, _ := time.Parse("2006-01-02", path.Base(p)[:10])
			slug := strings.TrimSuffix(path.Base(p)[11:], ".md")
			_, data := randomWindow(rng, day, slug, rng.IntN(6) == 0)
			site[p] = &fstest.MapFile{Data: data}
			changed, what = []string{p}, "edit "+p
		case op == 3: // add a window, sometimes in a new folder
			day := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(3000))
			p, data := randomWindow(rng, day, fmt.Sprintf("added-%d", next), false)
			next++
			if rng.IntN(2) == 0 {
				p = "content/windows/" + day.Format("2006") + "/" + path.Base(p)
				changed = []string{"content/windows/" + day.Format("2006")}
			} else {
				changed = []string{p}
			}
			site[p] = &fstest.MapFile{Data: data}
			what = "add " + p
		case op == 4: // delete a window
			p := windows[rng.IntN(len(windows))]
			delete(site, p)
			changed, what = []string{p}, "delete "+p
		case op == 5: // rename a window (a new id)
			p := windows[rng.IntN(len(windows))]
			q := strings.TrimSuffix(p, ".md") + "-renamed.md"
			site[q] = site[p]
			delete(site, p)
			changed, what = []string{p, q}, "rename "+p
		case op == 6: // break a window, then fix it
			p := windows[rng.IntN(len(windows))]
			good := site[p]
			site[p] = &fstest.MapFile{Data: bytes.Replace(good.Data, []byte("title:"), []byte("titel:"), 1)}
			g = s.Update(context.Background(), []string{p})
			compareWithFullBuild(t, fmt.Sprintf("step %d: break %s", step, p), site, opts, g, nil)
			if early != nil {
				t.Fatalf("step %d: early pages of a build with errors", step)
			}
			site[p] = good
			changed, what = []string{p}, "fix "+p
		case op == 7: // people and configuration change every window
			if rng.IntN(2) == 0 {
				site["content/people.yaml"] = &fstest.MapFile{Data: append(bytes.Clone(site["content/people.yaml"].Data), fmt.Sprintf("p%d: {name: Person %d}\n", step, step)...)}
				changed, what = []string{"content/people.yaml"}, "people"
			} else {
				site["wrapup.yaml"] = config(fmt.Sprintf("Wrap-ups %d", step))
				changed, what = []string{"wrapup.yaml"}, "config"
			}
		case op == 8: // a theme override, then a change to it
			site["themes/"+theme+"/templates/partials/extra.html"] = &fstest.MapFile{Data: fmt.Appendf(nil, `{{ define "extra" }}%d{{ end }}`, step)}
			site["themes/"+theme+"/static/assets/extra.css"] = &fstest.MapFile{Data: fmt.Appendf(nil, "/* %d */\n", step)}
			changed, what = []string{"themes/" + theme}, "theme"
		case op == 9: // move a folder of windows
			moved := false
			for _, p := range windows {
				if dir := path.Dir(p); dir != "content/windows" {
					for _, q := range windows {
						if path.Dir(q) == dir {
							site["content/windows/moved-"+fmt.Sprint(step)+"/"+path.Base(q)] = site[q]
							delete(site, q)
						}
					}
					changed, what, moved = []string{dir, "content/windows/moved-" + fmt.Sprint(step)}, "move "+dir, true
					break
				}
			}
			if !moved {
				changed, what = nil, "full rescan"
			}
		default: // a free page, and the home intro
			site["content/pages/process.md"] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Process %d\n---\nStep %d.\n", step, step)}
			site["content/_index.md"] = &fstest.MapFile{Data: fmt.Appendf(nil, "Intro %d.\n", step)}
			changed, what = []string{"content/pages/process.md", "content/_index.md"}, "pages"
		}
		g = s.Update(context.Background(), changed)
		if g == nil {
			t.Fatalf("step %d (%s): no rebuild after a change", step, what)
		}
		compareWithFullBuild(t, fmt.Sprintf("step %d: %s", step, what), site, opts, g, early)
		if early != nil {
			earlySteps++
		}
		early = nil
	}
	// The default theme's window pages read the windows through their
	// data only: edits of a window's content have early pages. A theme
	// whose templates reach .Site.Index never has.
	switch {
	case theme == "probe" && earlySteps > 0:
		t.Errorf("%d builds made early pages with a theme that reads the index", earlySteps)
	case theme != "probe" && earlySteps == 0:
		t.Errorf("no build of %d steps made early pages", 40)
	}
	t.Logf("%d of 40 builds made early pages", earlySteps)
}

func windowPaths(site fstest.MapFS) []string {
	var out []string
	for p := range site {
		if classify(p) == kindWindow {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// TestSessionRebuildsOnlyWhatChanged checks that editing one window's body
// remakes its page and the pages that list or neighbour it, not the others.
func TestSessionRebuildsOnlyWhatChanged(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	site := sessionTestSite(rng, 300)
	s := NewSession(site, Options{Now: fixedNow})
	first := s.Update(context.Background(), nil)
	if first.Err != nil {
		t.Fatal(first.Err)
	}
	p := windowPaths(site)[150]
	site[p] = &fstest.MapFile{Data: bytes.Replace(site[p].Data, []byte("We did the"), []byte("We really did the"), 1)}
	g := s.Update(context.Background(), []string{p})
	if g == nil || g.Err != nil {
		t.Fatalf("rebuild: %v", g)
	}
	id := strings.TrimSuffix(path.Base(p), ".md")
	if !contains(g.Updated, "windows/"+id+"/index.html") {
		t.Errorf("the edited window's page was not remade: %v", g.Updated)
	}
	if g.Dirty > first.Dirty/4 {
		t.Errorf("editing one window remade %d of %d outputs", g.Dirty, len(g.Names()))
	}
	for _, name := range g.Updated {
		if strings.HasPrefix(name, "windows/") && strings.Count(name, "/") == 2 && name != "windows/"+id+"/index.html" {
			continue // neighbours
		}
	}
	if s.Update(context.Background(), []string{p}) != nil {
		t.Error("saving a file unchanged rebuilt the site")
	}
	if s.Update(context.Background(), []string{"content/windows/.x.md.swp", "content/windows/notes.txt"}) != nil {
		t.Error("files the build skips caused a rebuild")
	}
	data, ok, err := g.Get("windows/" + id + "/index.html")
	if !ok || err != nil || !bytes.Contains(data, []byte("We really did the")) {
		t.Errorf("the new page does not show the edit (ok=%v err=%v)", ok, err)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestSessionThemeReadsIndex is the case: a theme whose free page
// lists every system's windows through .Site.Index shows a retitled window's
// new title, and only the pages that can read it are made again.
func TestSessionThemeReadsIndex(t *testing.T) {
	site := sessionTestSiteN(20)
	site["wrapup.yaml"] = &fstest.MapFile{Data: []byte("title: Test wrap-ups\ntimezone: UTC\ntheme: own\n")}
	site["themes/own/templates/pages/page.html"] = &fstest.MapFile{Data: []byte(
		`{{ define "main" }}{{ range .Site.Index.Systems }}<h2>{{ .Key }}</h2>{{ range .Windows }}<p>{{ .Title }}</p>{{ end }}{{ end }}{{ end }}`)}
	s := NewSession(site, Options{Now: fixedNow})
	first := s.Update(context.Background(), nil)
	if first.Err != nil {
		t.Fatal(first.Err)
	}
	p := windowPaths(site)[7]
	before := site[p]
	site[p] = &fstest.MapFile{Data: regexp.MustCompile(`title: .*`).ReplaceAll(site[p].Data, []byte("title: Retitled window"))}
	g := s.Update(context.Background(), []string{p})
	if g == nil || g.Err != nil {
		t.Fatalf("rebuild: %v", g)
	}
	if !contains(g.Updated, "pages/process/index.html") {
		t.Errorf("the free page that lists the index was not remade: %v", g.Updated)
	}
	data, _, err := g.Get("pages/process/index.html")
	if err != nil || !bytes.Contains(data, []byte("<p>Retitled window</p>")) {
		t.Errorf("the free page does not show the new title (err %v)", err)
	}
	// The default theme's pages read windows only through their own data:
	// the pages of windows the edit does not touch are kept.
	id := strings.TrimSuffix(path.Base(windowPaths(site)[0]), ".md") // the oldest: nothing before it to relate to
	if contains(g.Updated, "windows/"+id+"/index.html") {
		t.Errorf("a window page the retitle does not touch was remade")
	}
	// The own theme's free page is the one output more than the default
	// theme remakes for the same edit.
	plain := fstest.MapFS{}
	for name, f := range site {
		plain[name] = f
	}
	plain["wrapup.yaml"] = &fstest.MapFile{Data: []byte("title: Test wrap-ups\ntimezone: UTC\n")}
	plain[p] = before
	ds := NewSession(plain, Options{Now: fixedNow})
	if g := ds.Update(context.Background(), nil); g.Err != nil {
		t.Fatal(g.Err)
	}
	plain[p] = site[p]
	dg := ds.Update(context.Background(), []string{p})
	if g.Dirty != dg.Dirty+1 {
		t.Errorf("retitling one window remade %d outputs with the own theme, %d with the default theme: want one more (the free page)", g.Dirty, dg.Dirty)
	}
	compareWithFullBuild(t, "retitle", site, Options{Now: fixedNow}, g, nil)
}
