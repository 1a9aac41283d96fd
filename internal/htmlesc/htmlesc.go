// Package htmlesc writes strings as html/template writes them in the
// contexts that the Go-written parts of the default theme (render's rows,
// announce's digests) fill: HTML text, quoted attribute values and URLs. A
// Go writer is checked byte for byte against its template by the tests of
// its package.
package htmlesc

import (
	"html/template"
	"strings"
)

// Text writes s escaped as html/template escapes a string in HTML text, in
// RCDATA (<title>) or in a quoted attribute value (its htmlEscaper,
// rcdataEscaper and attrEscaper): NUL, the quotes, '&', '+', '<' and '>'.
// Those are all ASCII, so bytes are compared; everything else, invalid
// UTF-8 included, is copied.
func Text(b *strings.Builder, s string) {
	done := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		b.WriteString(s[done:i])
		b.WriteString(repl)
		done = i + 1
	}
	b.WriteString(s[done:])
}

// URL writes s as html/template writes it at the start of a quoted href:
// checked for a safe scheme, normalized, escaped. Strings of bytes that are
// unreserved in URLs (and '/') come out as they are; others go through
// html/template itself.
func URL(b *strings.Builder, s string) {
	if urlSafe(s) {
		b.WriteString(s)
		return
	}
	var out strings.Builder
	if err := urlEscaper.Execute(&out, s); err != nil {
		panic(err) // a string always executes
	}
	html := out.String()
	b.WriteString(html[strings.Index(html, `"`)+1 : strings.LastIndex(html, `"`)])
}

// urlEscaper holds a string in the context URL writes it in.
var urlEscaper = template.Must(template.New("url").Parse(`<a href="{{ . }}">`))

// urlSafe: every byte of s is unreserved in a URL, or '/'.
func urlSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
			return false
		}
	}
	return true
}
