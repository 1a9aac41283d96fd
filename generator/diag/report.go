package diag

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// ReportOptions say how Write presents diagnostics to a person.
type ReportOptions struct {
	// Color adds ANSI colours: only for a terminal, never when NO_COLOR is
	// set (the caller decides; see the cli package).
	Color bool
	// Source returns the text of a file of the site (path as in the
	// diagnostics), or nil; it gives the line shown under each message.
	Source func(path string) []byte
}

// ANSI styles.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiBlue   = "\x1b[34m"
	ansiGreen  = "\x1b[1;32m"
)

// Ordered returns the errors, then the warnings, each group in the order
// of Sort: what stops the build comes first, where a person looks.
func (l List) Ordered() List {
	out := make(List, 0, len(l))
	for _, sev := range []Severity{Error, Warning} {
		for _, d := range l {
			if d.Severity == sev {
				out = append(out, d)
			}
		}
	}
	return out
}

// Label formats the diagnostic for a person: path:line:col: error: message
// (or warning:). Error keeps the form tools read, without the error label.
func (d Diagnostic) Label() string {
	return d.where() + ": " + d.Severity.String() + ": " + d.Message
}

func (d Diagnostic) where() string {
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Line > 0 {
		b.WriteString(":" + strconv.Itoa(d.Line))
		if d.Col > 0 {
			b.WriteString(":" + strconv.Itoa(d.Col))
		}
	}
	return b.String()
}

// Write writes every diagnostic of l, errors first, each labelled and, when
// its file can be read, followed by its source line with a caret under the
// column:
//
//	content/windows/x.md:2:8: error: the value of title starts with "[" ...
//	    2 | title: [DRAFT] Core switch
//	      |        ^
func Write(w io.Writer, l List, opts ReportOptions) {
	paint := func(style, s string) string {
		if !opts.Color {
			return s
		}
		return style + s + ansiReset
	}
	cache := map[string][]byte{}
	for _, d := range l.Ordered() {
		label, style := "error:", ansiRed
		if d.Severity == Warning {
			label, style = "warning:", ansiYellow
		}
		fmt.Fprintf(w, "%s %s %s\n", paint(ansiBold, d.where()+":"), paint(style, label), d.Message)
		if opts.Source == nil || d.Line < 1 {
			continue
		}
		src, ok := cache[d.Path]
		if !ok {
			src = opts.Source(d.Path)
			cache[d.Path] = src
		}
		text, caret, ok := Excerpt(src, d.Line, d.Col)
		if !ok {
			continue
		}
		num := strconv.Itoa(d.Line)
		gutter := strings.Repeat(" ", len(num))
		fmt.Fprintf(w, "  %s %s\n", paint(ansiBlue, num+" |"), text)
		if caret != "" {
			fmt.Fprintf(w, "  %s %s\n", paint(ansiBlue, gutter+" |"), paint(ansiGreen, caret))
		}
	}
}

// maxExcerpt caps the length of a source line shown under a message.
const maxExcerpt = 160

// Excerpt returns line (1-based) of src as it is shown under a message, and
// a marker with a caret under byte column col (1-based; 0: no caret). Tabs
// are kept in the marker so that it lines up in any terminal; wide
// characters count two. ok is false when the file has no such line.
func Excerpt(src []byte, line, col int) (text, caret string, ok bool) {
	if line < 1 || len(src) == 0 {
		return "", "", false
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	for i := 1; i < line; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return "", "", false
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	s := strings.TrimRight(string(src), "\r")
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if col > 0 {
		if col-1 > len(s) {
			col = len(s) + 1
		}
		var b strings.Builder
		for _, r := range s[:max(0, min(col-1, len(s)))] {
			switch {
			case r == '\t':
				b.WriteByte('\t')
			case width.LookupRune(r).Kind() == width.EastAsianWide || width.LookupRune(r).Kind() == width.EastAsianFullwidth:
				b.WriteString("  ")
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteByte('^')
		caret = b.String()
	}
	if utf8.RuneCountInString(s) > maxExcerpt {
		// A long line is cut after the caret's place, not before it.
		cut := max(maxExcerpt, col+20)
		if cut < len(s) {
			for cut < len(s) && !utf8.RuneStart(s[cut]) {
				cut++
			}
			s = s[:cut] + " …"
		}
	}
	return s, caret, true
}
