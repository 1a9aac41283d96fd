// The build's errors as the browser shows them: the overlay's data and the
// page served while no build has succeeded.

package server

import (
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"

	"github.com/wrapup/wrapup/generator/diag"
)

// errorView is one error as the browser shows it.
type errorView struct {
	Where   string `json:"where"` // path:line:col
	Message string `json:"message"`
	// Line is the line number, Source its text and Caret a marker under
	// the column, when the file could be read.
	Line   int    `json:"line,omitempty"`
	Source string `json:"source,omitempty"`
	Caret  string `json:"caret,omitempty"`
}

var errorPageTmpl = template.Must(template.New("error").Funcs(template.FuncMap{"spaces": func(n int) string { return strings.Repeat(" ", n) }}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><meta name="wrapup-root" content="/">
<title>Build failed · wrapup</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:3rem auto;padding:0 1rem}h1{color:#b3261e}code{font-weight:600}li{margin:.5rem 0}pre{overflow:auto;background:rgba(127,127,127,.12);padding:.5rem;tab-size:4}</style>
</head><body>
<h1>The site did not build</h1>
<p>Fix the file and save it: this page reloads by itself.</p>
<ol>{{ range . }}<li><code>{{ .Where }}</code><br>{{ .Message }}{{ if .Source }}<pre class="wrapup-error-source">{{ .Line }} | {{ .Source }}
{{ printf "%d" .Line | len | spaces }} | {{ .Caret }}</pre>{{ end }}</li>{{ end }}</ol>
<script src="` + scriptPath + `"></script>
</body></html>
`))

// errorPage answers when there is no page to show: the first build failed,
// or a template failed on this page.
func (s *Server) errorPage(w http.ResponseWriter, st *state, status int) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	errs := st.errors
	if len(errs) == 0 {
		errs = []errorView{{Where: "wrapup", Message: "the site is being built; this page reloads when it is ready"}}
	}
	errorPageTmpl.Execute(w, errs)
}

// errorViews turns a build error into what the browser lists, with the
// source line of each error read from site.
func errorViews(err error, site fs.FS) []errorView {
	var list diag.ErrorList
	if errors.As(err, &list) {
		var out []errorView
		for _, d := range list {
			if d.Severity != diag.Error {
				continue
			}
			where := d.Path
			if d.Line > 0 {
				where += ":" + strconv.Itoa(d.Line)
				if d.Col > 0 {
					where += ":" + strconv.Itoa(d.Col)
				}
			}
			v := errorView{Where: where, Message: d.Message}
			if d.Line > 0 && site != nil && fs.ValidPath(d.Path) {
				if data, err := fs.ReadFile(site, d.Path); err == nil {
					if text, caret, ok := diag.Excerpt(data, d.Line, d.Col); ok {
						v.Line, v.Source, v.Caret = d.Line, text, caret
					}
				}
			}
			out = append(out, v)
		}
		if len(out) > 0 {
			return out
		}
	}
	return []errorView{{Where: "theme", Message: err.Error()}}
}
