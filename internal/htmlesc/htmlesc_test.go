package htmlesc

import (
	"html/template"
	"strings"
	"testing"
)

var (
	inText = template.Must(template.New("text").Parse(`<p>{{ . }}</p>`))
	inAttr = template.Must(template.New("attr").Parse(`<p title="{{ . }}">`))
	inHref = template.Must(template.New("href").Parse(`<a href="{{ . }}">`))
)

// between is what t writes for s, less the markup around it.
func between(t *testing.T, tmpl *template.Template, s, open, close string) string {
	var b strings.Builder
	if err := tmpl.Execute(&b, s); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(strings.TrimPrefix(b.String(), open), close)
}

// FuzzEscapers: Text writes what html/template writes in HTML text and in
// a quoted attribute, URL what it writes at the start of an href.
func FuzzEscapers(f *testing.F) {
	for _, s := range []string{"", "plain", `<b>"x" & 'y' + z</b>`, "\x00nul", "ünï 日本", "\xff\xfe",
		"./", "https://h/a b?c=d&e=<f>", "javascript:alert(1)", "/windows/2026-04-18-mail/#task-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var got strings.Builder
		Text(&got, s)
		if want := between(t, inText, s, "<p>", "</p>"); got.String() != want {
			t.Errorf("Text(%q) = %q, html/template writes %q in text", s, got.String(), want)
		}
		if want := between(t, inAttr, s, `<p title="`, `">`); got.String() != want {
			t.Errorf("Text(%q) = %q, html/template writes %q in an attribute", s, got.String(), want)
		}
		got.Reset()
		URL(&got, s)
		if want := between(t, inHref, s, `<a href="`, `">`); got.String() != want {
			t.Errorf("URL(%q) = %q, html/template writes %q", s, got.String(), want)
		}
	})
}
