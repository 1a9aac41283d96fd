// Package diag holds the errors and warnings a build reports: values with a
// position (file, line, column), never panics or log calls.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a diagnostic stops the build.
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem found in the site's files. Path is slash-separated and
// relative to the site folder (content/windows/x.md). Line and Col are 1-based; 0
// means unknown (the whole file).
type Diagnostic struct {
	Path     string
	Line     int
	Col      int
	Severity Severity
	Message  string
}

// Error formats the diagnostic as editors and CI expect: path:line:col: message.
// Warnings carry a "warning: " prefix before the message.
func (d Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Message)
	return b.String()
}

// List collects diagnostics from every stage of a build.
type List []Diagnostic

// Errorf appends an error at path:line:col.
func (l *List) Errorf(path string, line, col int, format string, args ...any) {
	*l = append(*l, Diagnostic{Path: path, Line: line, Col: col, Severity: Error, Message: fmt.Sprintf(format, args...)})
}

// Warnf appends a warning at path:line:col.
func (l *List) Warnf(path string, line, col int, format string, args ...any) {
	*l = append(*l, Diagnostic{Path: path, Line: line, Col: col, Severity: Warning, Message: fmt.Sprintf(format, args...)})
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Count returns the number of errors and warnings.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return
}

// Sort orders diagnostics by path, line, column, then message, so that a run's
// report reads top to bottom through each file and is the same every time.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Message < b.Message
	})
}

// Strict returns a copy in which every warning has become an error (--strict).
func (l List) Strict() List {
	out := make(List, len(l))
	for i, d := range l {
		d.Severity = Error
		out[i] = d
	}
	return out
}

// Err returns the list as an error when it holds at least one error, else nil.
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return ErrorList(l)
}

// ErrorList is a List used as an error value: every diagnostic, one per line.
type ErrorList List

func (e ErrorList) Error() string {
	var b strings.Builder
	for i, d := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}
