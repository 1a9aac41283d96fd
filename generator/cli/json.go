package cli

import (
	"encoding/json"
	"io"

	"github.com/wrapup/wrapup/generator/diag"
)

// jsonDiagnostic is one problem in `check --format json`, for editors and CI.
type jsonDiagnostic struct {
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

func writeJSONDiagnostics(w io.Writer, diags diag.List) error {
	errs, warns := diags.Count()
	out := struct {
		Errors      int              `json:"errors"`
		Warnings    int              `json:"warnings"`
		Diagnostics []jsonDiagnostic `json:"diagnostics"`
	}{errs, warns, []jsonDiagnostic{}}
	for _, d := range diags {
		out.Diagnostics = append(out.Diagnostics, jsonDiagnostic{d.Path, d.Line, d.Col, d.Severity.String(), d.Message})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
