// Package parse reads the files of a site (wrapup.yaml, content/people.yaml,
// window files and free pages) into model values. Every problem becomes a
// diag.Diagnostic with the file, line and column to fix; nothing panics.
package parse

import (
	"bytes"
	"unicode/utf8"

	"github.com/wrapup/wrapup/generator/diag"
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// normalize strips a byte-order mark and turns CRLF line ends into LF
// (docs/authoring.md, "The site folder"). It runs before anything else so that
// every later line number counts the lines an editor shows.
func normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, bom)
	if bytes.Contains(src, []byte("\r\n")) {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	return src
}

// splitFrontMatter splits "---\n<yaml>\n---\n<body>" into the YAML and the body.
// A byte-order mark is stripped and CRLF is read as LF. bodyLine is the 1-based
// file line of the body's first line. A file whose first line is not "---" has
// no front matter: hasFront is false, body is the whole (normalized) file and
// bodyLine is 1. A front matter without its closing "---" line returns a
// diag.Diagnostic error (Path left empty for the caller to fill).
func splitFrontMatter(src []byte) (front, body []byte, bodyLine int, hasFront bool, err error) {
	src = normalize(src)
	first, rest, found := bytes.Cut(src, []byte("\n"))
	if !isFence(first) {
		return nil, src, 1, false, nil
	}
	if !found {
		return nil, nil, 0, true, missingClose()
	}
	line := 2
	offset := 0
	for offset <= len(rest) {
		end := bytes.IndexByte(rest[offset:], '\n')
		var cur []byte
		next := len(rest) + 1
		if end < 0 {
			cur = rest[offset:]
		} else {
			cur = rest[offset : offset+end]
			next = offset + end + 1
		}
		if isFence(cur) {
			front = rest[:offset]
			if next <= len(rest) {
				body = rest[next:]
			} else {
				body = []byte{}
			}
			return front, body, line + 1, true, nil
		}
		if end < 0 {
			break
		}
		offset = next
		line++
	}
	return nil, nil, 0, true, missingClose()
}

// isFence reports whether a line is a front-matter delimiter. Trailing blanks
// are allowed because editors add them and they are invisible.
func isFence(line []byte) bool {
	return string(bytes.TrimRight(line, " \t")) == "---"
}

func missingClose() error {
	return diag.Diagnostic{Line: 1, Col: 1, Severity: diag.Error,
		Message: `the front matter opened here has no closing "---" line: end the YAML with a line holding only ---, then write the body`}
}

// checkUTF8 reports the line and column (in characters, counting the bad byte
// as one) of the first byte that is not UTF-8, or ok.
func checkUTF8(src []byte) (line, col int, ok bool) {
	if utf8.Valid(src) {
		return 0, 0, true
	}
	line, col = 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, col, false
		}
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
		i += size
	}
	return line, col, false
}
