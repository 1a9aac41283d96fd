package render

import (
	"bytes"
	"errors"
	"html/template"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/trends"
	"github.com/wrapup/wrapup/themes"
)

// TestRowWritersMatchTemplates: the default theme's row partials, now one
// Go call each (rows.go), write what the template markup they replaced
// (testdata/rows-reference.html) wrote, byte for byte, on strings that
// html/template escapes in every context the rows use (text, attributes,
// URL starts, path parts, fragments), for done, open, overdue and planned
// cases. The partials are run through the default theme as a build runs

// oddText holds every byte the escapers of the Go writers treat apart.
const oddText = "a<b>&c\"d'e+f\x00g é #x/y?z=1 %20"

// referenceTemplates are the template forms of the Go-written fragments.
func referenceTemplates(t *testing.T) *template.Template {
	t.Helper()
	return template.Must(template.New("ref").Funcs(Funcs()).ParseFiles("testdata/rows-reference.html"))
}

// defaultRenderer is a Renderer of the default theme.
func defaultRenderer(t *testing.T) *Renderer {
	t.Helper()
	r, err := New(themes.Default(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// them (Site.Cached's renderer), not only the Go functions.
func TestRowWritersMatchTemplates(t *testing.T) {
	ref, r := referenceTemplates(t), defaultRenderer(t)
	odd := oddText + " javascript:x"
	site := &Site{Model: &model.Site{People: map[string]model.Person{"ann": {Name: "Ann <A&B>"}, odd: {Name: odd}}}}
	start := time.Date(2024, 1, 2, 22, 0, 0, 0, time.FixedZone("x", 3600))
	end := start.Add(time.Hour)
	zero, five, late := 0, 5, -20
	due := &model.Date{Year: 2024, Month: 2, Day: 10}
	windows := []*model.Window{
		{ID: "2024-01-02-db", Title: odd, Start: start, End: &end, Systems: []string{"db", odd}, Draft: true,
			Derived: model.Derived{Outcome: &model.Outcome{Success: true, ChangesMade: true, NoImpact: true, OnTime: true}, OverrunMinutes: &zero}},
		{ID: odd, Title: "t", Start: start, End: &end,
			Derived: model.Derived{Outcome: &model.Outcome{}, OverrunMinutes: &late}},
		{ID: "held-no-outcome", Title: "h", Start: start, End: &end},
		{ID: "planned", Title: "p", Start: start, Systems: []string{"x"}},
		{ID: "mixed", Title: "m", Start: start, End: &end,
			Derived: model.Derived{Outcome: &model.Outcome{ChangesMade: true, OnTime: true}, OverrunMinutes: &five}},
	}
	actions := []*trends.ActionRef{
		{Window: windows[0], Action: &model.Action{Anchor: "action-1", Text: odd, Owners: []string{"ann", odd, "bob"}, Tags: []string{"t", odd}, Due: due, Done: true, DoneOn: due,
			More: &model.ActionMore{Extra: []model.Cell{{Column: odd, Text: odd, HTML: "<b>x</b>"}, {Column: "empty"}, {Column: "c", Text: "v"}}}}, DaysToClose: &five},
		{Window: windows[1], Action: &model.Action{Anchor: odd, Text: "x", Done: true, DoneOn: due}, DaysToClose: &zero},
		{Window: windows[1], Action: &model.Action{Anchor: "action-3", Text: "x", Done: true}},
		{Window: windows[3], Action: &model.Action{Anchor: "action-4", Text: "x", Due: due}, Overdue: true, DaysOverdue: 1},
		{Window: windows[3], Action: &model.Action{Anchor: "action-5", Text: "x", Owners: []string{"ann"}}, Overdue: true, DaysOverdue: 12},
		{Window: windows[4], Action: &model.Action{Anchor: "action-6", Text: "x", Tags: []string{"a"}}},
	}
	check := func(name string, data any) {
		t.Helper()
		var want strings.Builder
		if err := ref.ExecuteTemplate(&want, name, data); err != nil {
			t.Fatal(err)
		}
		got, err := r.execPartial(name, data)
		if err != nil {
			t.Fatal(err)
		}
		if got != want.String() {
			t.Errorf("%s:\n got %q\nwant %q", name, got, want.String())
		}
	}
	for _, a := range actions {
		data := map[string]any{"a": a, "site": site}
		check("action-row-head", data)
		check("action-row-tail", data)
	}
	site.fragments = &fragments{exec: r.execPartial}
	var related []trends.Related
	of := &model.Window{Systems: []string{odd, odd}, Tags: []string{"t", odd}, WentWrong: []model.Item{{Tags: []string{odd, "u"}}}}
	for _, w := range windows {
		if w.Held() != (w.Derived.Outcome != nil) {
			continue
		}
		// W shares a system, two tags and a word with of.
		shares := *w
		shares.Systems, shares.Tags = []string{"s", odd}, []string{odd}
		shares.WentWrong = []model.Item{{Tags: []string{"t"}}}
		related = append(related, trends.NewRelated(of, &shares, 3, []string{odd}))
	}
	related = append(related, trends.Related{W: windows[0]})
	var want strings.Builder
	if err := ref.ExecuteTemplate(&want, "related-list", related); err != nil {
		t.Fatal(err)
	}
	if got, err := site.RelatedList(related); err != nil || string(got) != want.String() {
		t.Errorf("RelatedList:\n got %q, %v\nwant %q", got, err, want.String())
	}
	for _, w := range windows {
		if w.Held() == (w.Derived.Outcome != nil) { // the template stops on a held window without one
			check("window-row", w)
		}
		check("criteria", w)
	}
}

// TestWindowPageWritersMatchTemplates: a window page's sections and table of
// contents, written in Go (windowpage.go), are the template markup they
// replaced (testdata/rows-reference.html), byte for byte.
func TestWindowPageWritersMatchTemplates(t *testing.T) {
	ref, r := referenceTemplates(t), defaultRenderer(t)
	odd := oddText
	site := &Site{Model: &model.Site{People: map[string]model.Person{"ann": {Name: "Ann"}}}}
	start := time.Date(2024, 1, 2, 22, 0, 0, 0, time.UTC)
	end := start.Add(time.Hour)
	body := []model.Section{
		{Kind: model.SectionIntro, Parts: []model.Part{{HTML: "<p>intro</p>"}}},
		{Kind: model.SectionTasks, Heading: "Tasks", Anchor: "tasks", Level: 2, Parts: []model.Part{{HTML: "<p>t</p>"}, {List: true, From: 0, To: 2}, {HTML: "<p>between</p>"}, {List: true, From: 2, To: 3}}},
		{Kind: model.SectionCustomerNotice, Heading: odd, Anchor: odd, Level: 2, Parts: []model.Part{{HTML: "<p>told</p>"}}},
		{Kind: model.SectionWentWell, Heading: "Went well", Anchor: "went-well", Level: 3, Parts: []model.Part{{List: true, From: 0, To: 1}}},
		{Kind: model.SectionWentWrong, Heading: "Went wrong", Anchor: "went-wrong", Level: 3, Parts: []model.Part{{List: true, From: 0, To: 1}}},
		{Kind: model.SectionLucky, Heading: "Lucky", Level: 3, Parts: []model.Part{{List: true, From: 0, To: 1}}},
		{Kind: model.SectionIdeas, Heading: "Ideas", Anchor: "ideas", Level: 2, Parts: []model.Part{{List: true, From: 0, To: 1}}},
		{Kind: model.SectionNextTime, Heading: "Next time", Anchor: "next-time", Level: 2, Parts: []model.Part{{List: true, From: 0, To: 2}}},
		{Kind: "other", Heading: "Notes", Anchor: "notes", Level: 2},
	}
	item := func(s string) []model.Item {
		return []model.Item{{Anchor: s, More: &model.ItemMore{HTML: "<b>" + s + "</b>", OwnHTML: true}, People: []string{"ann"}}}
	}
	full := &model.Window{ID: "2024-01-02-db", Title: odd, Start: start, End: &end, Body: body,
		Tasks:    []model.Task{{Number: 1, Anchor: "task-1", Title: "one"}, {Number: 2, Anchor: "task-2"}, {Number: 3, Anchor: odd}},
		WentWell: item("went-well-1"), WentWrong: item("went-wrong-1"), Lucky: item("lucky-1"), Ideas: item("ideas-1"),
		Actions: []model.Action{{Anchor: "action-1", Text: "a"}, {Anchor: "action-2", Text: "b", Done: true}}}
	planned := *full
	planned.ID, planned.End = odd, nil
	oneSection := &model.Window{ID: "one", Body: body[:2], Tasks: full.Tasks}
	related := []trends.Related{{W: full}}
	for _, w := range []*model.Window{full, &planned, oneSection, {ID: "empty"}} {
		var want strings.Builder
		if err := ref.ExecuteTemplate(&want, "window-sections", map[string]any{"w": w, "site": site}); err != nil {
			t.Fatal(err)
		}
		if got, err := site.WindowSections(w); err != nil || string(got) != want.String() {
			t.Errorf("WindowSections(%s):\n got %q, %v\nwant %q", w.ID, got, err, want.String())
		}
		for _, data := range []map[string]any{
			{"w": w, "carried": (*trends.Carried)(nil), "related": []trends.Related(nil)},
			{"w": w, "carried": &trends.Carried{}, "related": related},
		} {
			want.Reset()
			if err := ref.ExecuteTemplate(&want, "window-toc", data); err != nil {
				t.Fatal(err)
			}
			got, err := r.execPartial("window-toc", data)
			if err != nil || got != want.String() {
				t.Errorf("window-toc(%s):\n got %q, %v\nwant %q", w.ID, got, err, want.String())
			}
		}
	}
	bad := &model.Window{ID: "bad", Body: []model.Section{{Kind: model.SectionTasks, Parts: []model.Part{{List: true, From: 0, To: 3}}}}}
	if _, err := site.WindowSections(bad); err == nil {
		t.Error("a list part past the end of its list is not an error")
	}
}

// TestWindowFactsMatchesTemplate: the "At a glance" section written in Go
// (Site.WindowFacts) is the template markup it replaced, for a success, a
// missed window, a held window without figures, a planned one and one over
// midnight, with and without the tool links.
func TestWindowFactsMatchesTemplate(t *testing.T) {
	ref, r := referenceTemplates(t), defaultRenderer(t)
	odd := oddText
	site := &Site{Model: &model.Site{People: map[string]model.Person{"ann": {Name: "Ann"}}}}
	site.fragments = &fragments{exec: r.execPartial}
	loc := time.FixedZone("CST", -6*3600)
	start := time.Date(2024, 1, 2, 22, 0, 0, 0, loc)
	end, late := start.Add(90*time.Minute), start.Add(26*time.Hour)
	two, zero, over := 2, 0, 35
	est, rate := 1.25, 0.5
	success := &model.Window{ID: "ok", Title: "t", Start: start, PlannedEnd: start.Add(time.Hour), End: &end, Impact: "none",
		Systems: []string{"db", odd}, Facilitator: "ann", Attendees: []string{"ann", odd}, Tags: []string{"t", odd},
		Derived: model.Derived{Outcome: &model.Outcome{Success: true, ChangesMade: true, NoImpact: true, OnTime: true}, OverrunMinutes: &zero,
			NoticeDays: &two, Participation: &model.Participation{Attendees: 2, Contributors: 1, Rate: &rate}, Estimate: &est, Duration: 90 * time.Minute}}
	missed := &model.Window{ID: odd, Title: "m", Start: start, PlannedEnd: start.Add(time.Hour), End: &late, Impact: odd,
		Derived: model.Derived{Outcome: &model.Outcome{ChangesMade: true}, OverrunMinutes: &over, NoticeDays: &zero, LateNotice: true,
			Participation: &model.Participation{}, Duration: 26 * time.Hour}}
	bare := &model.Window{ID: "bare", Start: start, PlannedEnd: start.Add(time.Hour), End: &end}
	planned := &model.Window{ID: "planned", Start: start, PlannedEnd: start.Add(30 * time.Hour), Systems: []string{"x"},
		Derived: model.Derived{Duration: 30 * time.Hour}}
	for _, w := range []*model.Window{success, missed, bare, planned} {
		for _, tools := range []bool{false, true} {
			var want strings.Builder
			data := map[string]any{"w": w, "site": site, "data": map[string]any{"Tools": tools}}
			if err := ref.ExecuteTemplate(&want, "window-facts", data); err != nil {
				t.Fatal(err)
			}
			if got, err := site.WindowFacts(w, tools); err != nil || string(got) != want.String() {
				t.Errorf("WindowFacts(%s, %v):\n got %q, %v\nwant %q", w.ID, tools, got, err, want.String())
			}
		}
	}
}

// TestDirectRowsFollowTheTheme: the default theme's row partials are
// called as Go directly (directCalls); a theme that redefines one of them
// gets its own markup in every list that uses it, the others staying direct.
func TestDirectRowsFollowTheTheme(t *testing.T) {
	def, err := New(themes.Default(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name := range directCalls {
		if !def.direct[name] {
			t.Errorf("the default theme's %q partial is not called directly: its definition is no longer %s", name, directCalls[name])
		}
	}
	theme := defaultTemplates()
	theme["templates/partials/zz-mine.html"] = &fstest.MapFile{Data: []byte(
		`{{ define "action-row-head" }}<li>MINE {{ .a.Action.Text }}{{ end }}{{ define "criteria" }}[crit {{ .Title }}]{{ end }}`)}
	r, err := New(theme, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.direct["action-row-head"] || r.direct["criteria"] || !r.direct["action-row-tail"] || !r.direct["action-row"] {
		t.Fatalf("direct partials of the theme: %v", r.direct)
	}
	start := time.Date(2024, 1, 2, 22, 0, 0, 0, time.UTC)
	end := start.Add(time.Hour)
	w := &model.Window{ID: "w", Title: "Win", Start: start, End: &end, Derived: model.Derived{Outcome: &model.Outcome{Success: true}}}
	a := &trends.ActionRef{Window: w, Action: &model.Action{Anchor: "action-1", Text: "Do it"}}
	site := &Site{Model: &model.Site{}}
	site.fragments = &fragments{exec: r.execPartial, direct: r.direct}
	rows, err := site.ActionRows([]*trends.ActionRef{a})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(rows), "<li>MINE Do it") || !strings.Contains(string(rows), `<span class="from">from`) {
		t.Errorf("board rows with the theme's action-row-head:\n%s", rows)
	}
	carried, err := site.CarriedRows([]trends.CarriedAction{trends.NewCarriedAction(a, w)})
	if err != nil || !strings.HasPrefix(string(carried), "<li>MINE Do it") {
		t.Errorf("carried rows with the theme's action-row-head: %v\n%s", err, carried)
	}
	list, err := site.WindowRows([]*model.Window{w})
	if err != nil || !strings.Contains(string(list), "[crit Win]") {
		t.Errorf("window rows with the theme's criteria: %v\n%s", err, list)
	}
}

// TestNavLinksMatchesTemplate: the layout's navigation written in Go
// (Site.NavLinks) is the template loop it replaced.
func TestNavLinksMatchesTemplate(t *testing.T) {
	ref := referenceTemplates(t)
	site := &Site{Nav: append(slices.Clone(navOrder), NavItem{"odd", "a<b>&\"'+", "/x y/?a=1&b=<"})}
	for _, section := range []string{"windows", "tags", "odd", ""} {
		var want strings.Builder
		if err := ref.ExecuteTemplate(&want, "nav", &View{Site: site, Page: &Page{Section: section}}); err != nil {
			t.Fatal(err)
		}
		if got := site.NavLinks(section); string(got) != want.String() {
			t.Errorf("NavLinks(%q):\n got %q\nwant %q", section, got, want.String())
		}
	}
}

// TestRefListsMatchTemplates: the person, system and tag pages' lists
// written in Go (refs.go) are the template loops they replaced.
func TestRefListsMatchTemplates(t *testing.T) {
	ref := referenceTemplates(t)
	odd := oddText
	start := time.Date(2024, 1, 2, 22, 0, 0, 0, time.UTC)
	w := &model.Window{ID: "2024-01-02-db", Title: odd, Start: start}
	wOdd := &model.Window{ID: odd, Title: "t", Start: start}
	item := &model.Item{Anchor: "went-well-1", Text: odd}
	var items []aggregate.ItemRef
	for _, k := range []model.SectionKind{model.SectionWentWell, model.SectionWentWrong, model.SectionLucky, model.SectionIdeas} {
		items = append(items, aggregate.ItemRef{Window: w, Kind: k, Item: item}, aggregate.ItemRef{Window: wOdd, Kind: k, Item: &model.Item{Anchor: odd, Text: "x"}})
	}
	actions := []aggregate.ItemRef{
		{Window: w, Kind: model.SectionNextTime, Action: &model.Action{Anchor: "action-1", Text: odd, Done: true}},
		{Window: wOdd, Kind: model.SectionNextTime, Action: &model.Action{Anchor: odd, Text: "open"}},
	}
	tasks := []aggregate.TaskRef{
		{Window: w, Task: &model.Task{Anchor: "task-1", Title: odd, Status: "rolled-back"}},
		{Window: wOdd, Task: &model.Task{Anchor: odd, Title: "t"}},
		{Window: w, Task: &model.Task{Anchor: "task-3", Title: "t", Status: odd}},
	}
	cases := []struct {
		name string
		data any
		got  template.HTML
	}{
		{"recent-items", append(slices.Clone(items), actions...), RecentItemList(append(slices.Clone(items), actions...))},
		{"owned-tasks", tasks, OwnedTaskList(tasks)},
		{"owned-actions", actions, OwnedActionList(actions)},
		{"raised", items, RaisedList(items)},
	}
	for _, c := range cases {
		var want strings.Builder
		if err := ref.ExecuteTemplate(&want, c.name, c.data); err != nil {
			t.Fatal(err)
		}
		if string(c.got) != want.String() {
			t.Errorf("%s:\n got %q\nwant %q", c.name, c.got, want.String())
		}
	}
}

// TestViewWritesRowsWhereCalled: the lists the default theme writes
// straight into the page (View.WriteWindowRows, WriteActionRows,
// WriteCarriedRows) are the Site's printed lists, byte for byte, placed
// where the template calls them, in a declaration too; and each row is the
// theme's partial of it (actions at their place in their window's list are
// cached per window, the others apart).
func TestViewWritesRowsWhereCalled(t *testing.T) {
	theme := defaultTemplates()
	theme["templates/layout.html"] = &fstest.MapFile{Data: []byte(`{{ template "main" . }}`)}
	theme["templates/pages/rows.html"] = &fstest.MapFile{Data: []byte(`{{ define "main" }}A{{ $.WriteWindowRows .Data.W }}B{{ $x := $.WriteActionRows .Data.A }}C{{ with .Data.C }}{{ $.WriteCarriedRows . }}{{ end }}D{{ end }}`)}
	r, err := New(theme, Options{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2024, 1, 2, 22, 0, 0, 0, time.UTC)
	end := start.Add(time.Hour)
	due := &model.Date{Year: 2024, Month: 2, Day: 10}
	w1 := &model.Window{ID: "w1", Title: oddText, Start: start, End: &end, Systems: []string{"db", oddText},
		Derived: model.Derived{Outcome: &model.Outcome{ChangesMade: true, OnTime: true}},
		Actions: []model.Action{{Anchor: "action-1", Text: oddText, Owners: []string{"ann"}, Due: due}, {Anchor: "action-2", Text: "b", Done: true}}}
	w2 := &model.Window{ID: "w2", Title: "Planned", Start: start, Tags: []string{"t"}}
	refs := []*trends.ActionRef{
		{Window: w1, Action: &w1.Actions[1], Pos: 1},
		{Window: w1, Action: &w1.Actions[0], Pos: 0, Overdue: true, DaysOverdue: 3},
		{Window: w2, Action: &model.Action{Anchor: "action-9", Text: "apart"}}, // not in its window's list
	}
	into := &model.Window{Systems: []string{"db", "other", oddText}}
	carried := []trends.CarriedAction{trends.NewCarriedAction(refs[0], into), trends.NewCarriedAction(refs[1], nil)}
	site := &Site{Model: &model.Site{People: map[string]model.Person{"ann": {Name: "Ann <A&B>"}}}}
	var page bytes.Buffer
	p := &Page{URL: "/rows/", Template: "rows.html", Data: map[string]any{"W": []*model.Window{w1, w2, w1}, "A": refs, "C": carried}}
	for round := 0; round < 2; round++ { // rendered, then from the cache
		page.Reset()
		if err := r.renderPage(&page, site, p); err != nil {
			t.Fatal(err)
		}
		var wantRows, wantActions strings.Builder
		for _, w := range []*model.Window{w1, w2, w1} {
			row, err := r.execPartial("window-row", w)
			if err != nil {
				t.Fatal(err)
			}
			wantRows.WriteString(row)
		}
		for _, a := range refs {
			row, err := r.execPartial("action-row", map[string]any{"a": a, "site": site})
			if err != nil {
				t.Fatal(err)
			}
			wantActions.WriteString(row)
		}
		rows, err1 := site.WindowRows([]*model.Window{w1, w2, w1})
		actions, err2 := site.ActionRows(refs)
		carriedRows, err3 := site.CarriedRows(carried)
		if err := errors.Join(err1, err2, err3); err != nil {
			t.Fatal(err)
		}
		if string(rows) != wantRows.String() || string(actions) != wantActions.String() {
			t.Errorf("round %d: Site lists are not the partials':\n%s\n%s", round, rows, actions)
		}
		if want := "A" + string(rows) + "B" + string(actions) + "C" + string(carriedRows) + "D"; page.String() != want {
			t.Errorf("round %d: page\n got %q\nwant %q", round, page.String(), want)
		}
		if !strings.Contains(string(carriedRows), `<span class="why">shares db, a&lt;b&gt;`) {
			t.Errorf("carried rows without their note:\n%s", carriedRows)
		}
	}
	// A View with no page output (made outside a render) prints the list.
	v := &View{Site: site}
	if got, err := v.WriteWindowRows([]*model.Window{w2}); err != nil || !strings.Contains(string(got), `data-outcome="planned"`) {
		t.Errorf("WriteWindowRows without a page: %q, %v", got, err)
	}
}

// defaultTemplates is a copy of the default theme's templates that a test
// adds its own files to.
func defaultTemplates() fstest.MapFS {
	theme := fstest.MapFS{}
	fs.WalkDir(themes.Default(), "templates", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := fs.ReadFile(themes.Default(), p)
			theme[p] = &fstest.MapFile{Data: data}
		}
		return nil
	})
	return theme
}
