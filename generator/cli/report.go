package cli

import (
	"io"
	"io/fs"
	"os"
	"path"

	"golang.org/x/term"

	"github.com/wrapup/wrapup/generator/diag"
)

// useColor reports whether w is a terminal that wants colour: never with
// NO_COLOR set (https://no-color.org) or TERM=dumb, never into a file or a
// pipe (CI logs, editors).
func useColor(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// printDiagnostics writes diagnostics for a person: errors first, then
// warnings, labelled, each with its source line and a caret under the
// column, read from the site folder source.
func printDiagnostics(w io.Writer, diags diag.List, source string) {
	site := os.DirFS(source)
	diag.Write(w, diags, diag.ReportOptions{Color: useColor(w), Source: func(p string) []byte {
		if !fs.ValidPath(p) || path.IsAbs(p) {
			return nil
		}
		data, err := fs.ReadFile(site, p)
		if err != nil {
			return nil
		}
		return data
	}})
}
