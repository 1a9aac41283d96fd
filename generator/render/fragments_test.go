package render

import (
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/model"
)

// The window page's lists and the lessons rows are written in Go; these are
// the theme markup they replaced, which they must match byte for byte, on
// strings html/template escapes.
const (
	taskListTemplate = `{{ $site := .site }}{{- range .list }}
    <li class="task st-{{ if .Status }}{{ .Status }}{{ else }}none{{ end }}" id="{{ .Anchor }}">
      <div class="task-head"><a class="num" href="#{{ .Anchor }}">{{ .Number }}</a>
        <span class="task-title">{{ html .TitleHTML }}</span>
        {{- if .Status }} <span class="status st-{{ .Status }}">{{ statusLabel .Status }}</span>{{ end }}
      </div>
      <div class="task-meta">
        {{- with .Owners }}<span>owner {{ $site.People . }}</span>{{ end }}
        {{- if .PlannedMinutes }}<span>planned {{ minutes .PlannedMinutes }}</span>{{ end }}
        {{- if .ActualMinutes }}<span>actual {{ minutes .ActualMinutes }}</span>{{ end }}
        {{- with .Tags }}<span>{{ tagLinks . }}</span>{{ end }}
      </div>
      {{- with .DetailHTML }}<div class="detail">{{ html . }}</div>{{ end }}
      {{- with .Steps }}
      <ol class="steps">
        {{- range . }}
        <li id="{{ .Anchor }}"><a class="num" href="#{{ .Anchor }}">{{ .Number }}</a> <span>{{ html .TitleHTML }}</span>
          {{- if .Status }} <span class="status st-{{ .Status }}">{{ statusLabel .Status }}</span>{{ end }}
          {{- if or .Owners .Tags }} {{ $site.Meta .Owners .Tags }}{{ end }}
          {{- with .DetailHTML }}<div class="detail">{{ html . }}</div>{{ end }}
        </li>
        {{- end }}
      </ol>
      {{- end }}
    </li>
    {{- end }}`
	nextTimeTemplate = `{{ $site := .site }}{{- range .list }}
    <li id="{{ .Anchor }}" class="action {{ if .Done }}is-done{{ else }}is-open{{ end }}">
      <span class="box" aria-hidden="true">{{ if .Done }}☑{{ else }}☐{{ end }}</span>
      <span class="vh">{{ if .Done }}Done:{{ else }}Open:{{ end }}</span>
      <span class="text">{{ html .HTML }}</span>
      {{ $site.Meta .Owners .Tags }}
      {{- with .Due }} <span class="due">due <time datetime="{{ .String }}">{{ day . }}</time></span>{{ end }}
      {{- with .DoneOn }} <span class="done-on">done <time datetime="{{ .String }}">{{ day . }}</time></span>{{ end }}
      {{- with .DetailHTML }}<div class="detail">{{ html . }}</div>{{ end }}
    </li>
    {{- end }}`
	itemListTemplate = `{{ $site := .site }}{{- range .list }}
    <li id="{{ .Anchor }}"><span class="text">{{ html .HTML }}</span> {{ $site.Meta .People .Tags }}
      {{- with .DetailHTML }}<div class="detail replies">{{ html . }}</div>{{ end }}
    </li>
    {{- end }}`
	lessonRowsTemplate = `{{ $site := .site }}{{- range .list }}
  <li><a href="{{ .Window.URL }}#{{ .Anchor }}">{{ .Text }}</a> {{ if .Item.People }}<span class="who">— {{ $site.People .Item.People }}</span>{{ end }} <small>{{ .Window.Title }}, {{ shortdate .Window.Start }}</small></li>
{{- end }}`
)

func TestGoListsMatchTemplates(t *testing.T) {
	odd := "a<b>&c\"d'e+f\x00g é #x/y?z=1 %20"
	site := &Site{Model: &model.Site{People: map[string]model.Person{"ann": {Name: "Ann <A&B>"}}}}
	m60, m75 := 60, 75
	due := &model.Date{Year: 2024, Month: 2, Day: 10}
	tasks := []model.Task{
		{Number: 1, Anchor: "task-1", Status: "rolled-back", Owners: []string{"ann", odd},
			PlannedMinutes: &m60, ActualMinutes: &m75, More: &model.TaskMore{TitleHTML: "<code>x</code> & y", OwnTitleHTML: true, DetailHTML: "<p>d</p>", Tags: []string{odd}},
			Steps: []model.Step{{Number: "1.1", Anchor: "task-1-1", TitleHTML: "s", Owners: []string{"ann"}, More: &model.StepMore{Status: "done"}},
				{Number: odd, Anchor: odd, TitleHTML: odd, More: &model.StepMore{Tags: []string{"t"}, DetailHTML: "<p>x</p>"}}, {Number: "1.3", Anchor: "task-1-3"}}},
		{Number: 2, Anchor: odd, Status: odd},
		{Number: 3, Anchor: "task-3"},
	}
	actions := []model.Action{
		{Anchor: "action-1", Owners: []string{"ann"}, Tags: []string{"x"}, Due: due, Done: true, DoneOn: due, More: &model.ActionMore{HTML: "<em>a</em>", OwnHTML: true, DetailHTML: "<p>d</p>"}},
		{Anchor: odd, More: &model.ActionMore{HTML: odd, OwnHTML: true}},
	}
	items := []model.Item{
		{Anchor: "went-well-1", People: []string{"ann"}, Tags: []string{"t"}, More: &model.ItemMore{HTML: "<b>w</b>", OwnHTML: true, DetailHTML: "<ul><li>r</li></ul>"}},
		{Anchor: odd, More: &model.ItemMore{HTML: odd, OwnHTML: true}, People: []string{odd}},
		{Anchor: "went-well-3"},
	}
	w := &model.Window{ID: "2024-01-02-db", Title: odd, Start: time.Date(2024, 1, 2, 22, 0, 0, 0, time.UTC)}
	wOdd := &model.Window{ID: odd, Title: "t", Start: time.Date(2024, 1, 2, 22, 0, 0, 0, time.UTC)}
	lessons := []aggregate.ItemRef{
		{Window: w, Kind: model.SectionWentWrong, Item: &items[0]},
		{Window: wOdd, Kind: model.SectionIdeas, Item: &items[1]},
		{Window: w, Kind: model.SectionWentWell, Item: &items[2]},
	}
	cases := []struct {
		name, tmpl string
		list       any
		got        template.HTML
	}{
		{"TaskList", taskListTemplate, tasks, site.TaskList(tasks)},
		{"NextTimeList", nextTimeTemplate, actions, site.NextTimeList(actions)},
		{"ItemList", itemListTemplate, items, site.ItemList(items)},
		{"LessonRows", lessonRowsTemplate, lessons, site.LessonRows(lessons)},
	}
	for _, c := range cases {
		tmpl := template.Must(template.New(c.name).Funcs(Funcs()).Parse(c.tmpl))
		var want strings.Builder
		if err := tmpl.Execute(&want, map[string]any{"site": site, "list": c.list}); err != nil {
			t.Fatal(err)
		}
		if string(c.got) != want.String() {
			t.Errorf("%s:\n got %q\nwant %q", c.name, c.got, want.String())
		}
	}
}

// TestNextTimeFlagsOverdue: an open action past its due date is flagged on
// its own window's page, as on the board; a done one or one due today is not.
func TestNextTimeFlagsOverdue(t *testing.T) {
	loc := time.UTC
	site := &Site{Model: &model.Site{Config: model.Config{Location: loc}}, Now: time.Date(2024, 3, 1, 9, 0, 0, 0, loc)}
	past, today := &model.Date{Year: 2024, Month: 2, Day: 20}, &model.Date{Year: 2024, Month: 3, Day: 1}
	got := string(site.NextTimeList([]model.Action{
		{Anchor: "action-1", Text: "late", Due: past},
		{Anchor: "action-2", Text: "done", Due: past, Done: true},
		{Anchor: "action-3", Text: "today", Due: today},
	}))
	if !strings.Contains(got, `<li id="action-1" class="action is-open is-overdue">`) || !strings.Contains(got, `<span class="flag over">overdue 10 days</span> <span class="due">due <time datetime="2024-02-20">20 Feb 2024</time></span>`) {
		t.Errorf("the overdue action is not flagged:\n%s", got)
	}
	if strings.Count(got, "overdue") != 2 {
		t.Errorf("only action-1 is overdue:\n%s", got)
	}
}
