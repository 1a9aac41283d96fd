package render

import (
	"testing"
	"testing/fstest"
)

// TestReadsWindows checks which page templates count as reaching the
// windows through the site view.
func TestReadsWindows(t *testing.T) {
	layout := `{{ .Site.Title }}{{ if .Site.Model.Config.NoIndex }}x{{ end }}{{ template "main" . }}`
	cases := []struct {
		main string
		want bool
	}{
		{`{{ .Data.Title }}{{ range .Data.Windows }}{{ .Title }}{{ end }}`, false},
		{`{{ range .Site.Index.Systems }}{{ range .Windows }}{{ .Title }}{{ end }}{{ end }}`, true},
		{`{{ range $.Site.Model.Windows }}{{ .Title }}{{ end }}`, true},
		{`{{ with .Site }}{{ with .Model }}{{ len .Pages }}{{ end }}{{ end }}`, true}, // .Model handed on whole
		{`{{ $m := .Site.Model }}{{ $m.Config.Title }}`, true},
		{`{{ (.Site).Index.Headline.Held }}`, true},
		{`{{ template "helper" .Site }}`, true}, // the partial reads .Index
		{`{{ .Site.Model.People }}{{ .Site.Model.Intro.Title }}`, false},
		{`{{ .Site.Cached "plain" 1 . }}`, false},
		{`{{ $s := .Site }}{{ $s.Cached (printf "hel%s" "per") 1 .Site }}`, true}, // any partial may run
	}
	for _, c := range cases {
		theme := fstest.MapFS{
			"templates/layout.html":         {Data: []byte(layout)},
			"templates/partials/x.html":     {Data: []byte(`{{ define "helper" }}{{ .Index.Held }}{{ end }}{{ define "plain" }}{{ .Data }}{{ end }}`)},
			"templates/pages/page.html":     {Data: []byte(`{{ define "main" }}` + c.main + `{{ end }}`)},
			"templates/pages/harmless.html": {Data: []byte(`{{ define "main" }}{{ .Data }}{{ end }}`)},
		}
		r, err := New(theme, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := r.ReadsWindows("page.html"); got != c.want {
			t.Errorf("%s: ReadsWindows = %v, want %v", c.main, got, c.want)
		}
		if r.ReadsWindows("unknown.html") != true {
			t.Error("an unknown page kind must count as reading everything")
		}
	}
}
