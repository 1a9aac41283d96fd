// YAML syntax errors and the lines YAML reads otherwise than their author meant
// (hazards), told in the author's terms with the line as it should be.

package parse

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
)

var yamlPosRE = regexp.MustCompile(`(?:at )?\[([0-9]+):[0-9]+\]`)

// yamlError reports a YAML syntax error at its position with a hint for the
// mistakes authors make most.
func (d *yamlDoc) yamlError(err error) {
	line, col := 1+d.lineOffset, 1
	msg := err.Error()
	var ye yaml.Error
	if errors.As(err, &ye) {
		msg = ye.GetMessage()
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			line, col = d.fileLine(tk.Position.Line), max(tk.Position.Column, 1)
		}
	}
	// The library names other places as [line:column] of the YAML text; say
	// which file line that is.
	msg = yamlPosRE.ReplaceAllStringFunc(msg, func(m string) string {
		sub := yamlPosRE.FindStringSubmatch(m)
		n, _ := strconv.Atoi(sub[1])
		return fmt.Sprintf("on line %d", d.fileLine(n))
	})
	// Say what the author wrote that YAML misread, and the fix, rather than
	// the parser's terms: the line of the error, or the one before it.
	for _, l := range []int{line, line - 1} {
		if h, ok := d.hazardAt(l); ok {
			d.diags.Errorf(d.path, l, h.col, "%s", h.msg)
			return
		}
	}
	if l, key, ok := d.strayIndent(line); ok {
		d.diags.Errorf(d.path, l, 1, "this line is indented, so YAML reads it as part of %s on the line above: start each key at the beginning of its line", key)
		return
	}
	hint := "fix the YAML syntax"
	switch {
	case strings.Contains(msg, "'@'"):
		hint = `a value cannot start with @ in YAML: write the handle without it (tom) or quote it ("@tom")`
	case strings.Contains(msg, "'`'"):
		hint = "a value cannot start with ` in YAML: quote the value"
	case strings.Contains(msg, "tab"):
		hint = "indent with spaces, not tabs"
	case strings.Contains(msg, "already defined"):
		hint = "each key may appear once: remove or merge the repeated one"
	case strings.Contains(msg, "mapping value is not allowed"):
		hint = `a value holding ": " must be quoted ("like: this")`
	}
	d.diags.Errorf(d.path, line, col, "bad YAML: %s: %s", msg, hint)
}

// keyValueRE is a "key: value" line; the value is group 3.
var keyValueRE = regexp.MustCompile(`^([ ]*)(?:- )?([A-Za-z_][A-Za-z0-9_-]*):[ \t]+(\S.*?)[ \t]*$`)

// noColonRE is a line that starts like a key but has no colon after it
// ("title PostgreSQL upgrade").
var noColonRE = regexp.MustCompile(`^([a-z_]+)[ \t]+`)

// listKeys take a list in brackets ([tom, jane]).
var listKeys = map[string]bool{"attendees": true, "systems": true, "tags": true}

// hazard is a line YAML reads otherwise than its author meant, with the fix.
type hazard struct {
	col int
	msg string
}

// hazardAt looks at one file line of the document for the mistakes YAML
// reports in its own terms: a tab, a value starting with [ { * & or holding
// ": ". It speaks of the value and gives the line as it should be.
func (d *yamlDoc) hazardAt(fileLine int) (hazard, bool) {
	i := fileLine - d.lineOffset - 1
	if i < 0 || i >= len(d.lines) {
		return hazard{}, false
	}
	line := string(d.lines[i])
	if t := strings.IndexByte(line, '\t'); t >= 0 {
		return hazard{col: utf8.RuneCountInString(line[:t]) + 1, msg: "this line holds a tab, which YAML does not accept here: use spaces, not tabs"}, true
	}
	m := keyValueRE.FindStringSubmatchIndex(line)
	if m == nil {
		if k := noColonRE.FindStringSubmatch(line); k != nil {
			return hazard{col: 1, msg: fmt.Sprintf("this line has no colon after the key %s: write it as %s: %s", k[1], k[1], strings.TrimSpace(line[len(k[0]):]))}, true
		}
		return hazard{}, false
	}
	key, value := line[m[4]:m[5]], line[m[6]:m[7]]
	col := utf8.RuneCountInString(line[:m[6]]) + 1
	fix := func(why string) (hazard, bool) {
		return hazard{col: col, msg: fmt.Sprintf("the value of %s %s: put the whole value in quotes: %s: %s", key, why, key, quoteYAML(value))}, true
	}
	switch value[0] {
	case '"', '\'':
		if q := value[0]; len(value) == 1 || value[len(value)-1] != q && !strings.Contains(value[1:], string(q)) {
			return hazard{col: col, msg: fmt.Sprintf("the value of %s opens a %c quote that is not closed: end the value with %c on the same line", key, q, q)}, true
		}
		return hazard{}, false
	case '@':
		if key == "facilitator" || listKeys[key] {
			return hazard{col: col, msg: fmt.Sprintf("the value of %s starts with @, which YAML does not accept: write the handle without it (%s: %s)", key, key, strings.TrimPrefix(value, "@"))}, true
		}
		return fix(`starts with "@", which YAML does not accept at the start of a value`)
	case '`':
		return fix("starts with a backquote, which YAML does not accept at the start of a value")
	case '[', '{':
		if listKeys[key] {
			return hazard{col: col, msg: fmt.Sprintf("the list of %s is not closed as YAML expects: write it as %s: [a, b, c] on one line, or as lines starting with \"- \"", key, key)}, true
		}
		what := "a list"
		if value[0] == '{' {
			what = "a mapping"
		}
		return fix(fmt.Sprintf("starts with %q, which YAML reads as the start of %s", value[:1], what))
	case '*':
		return fix(`starts with "*", which YAML reads as an alias (a reference to an &anchor)`)
	case '&':
		return fix(`starts with "&", which YAML reads as an anchor name`)
	}
	if strings.Contains(value, ": ") {
		return fix(`holds ": ", which YAML reads as the start of another key`)
	}
	return hazard{}, false
}

// anchorHazards reports values starting with & or * (anchors and aliases):
// YAML reads "title: & switch" as an anchor and an empty title without any
// error, so they are caught before the YAML is read. It reports whether it
// found any.
func (d *yamlDoc) anchorHazards() bool {
	found := false
	for i, l := range d.lines {
		if !slices.Contains(l, '&') && !slices.Contains(l, '*') { // most lines: no regexp
			continue
		}
		m := keyValueRE.FindStringSubmatch(string(l))
		if m == nil || m[3][0] != '&' && m[3][0] != '*' {
			continue
		}
		if h, ok := d.hazardAt(i + 1 + d.lineOffset); ok {
			d.diags.Errorf(d.path, i+1+d.lineOffset, h.col, "%s", h.msg)
			found = true
		}
	}
	return found
}

// quoteYAML quotes a value as YAML reads it back unchanged.
func quoteYAML(v string) string {
	if !strings.Contains(v, `"`) && !strings.Contains(v, `\`) {
		return `"` + v + `"`
	}
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}

// strayIndent finds the mistake behind "mapping value is not allowed" on a
// key with a single value: the next line is an indented key: value.
func (d *yamlDoc) strayIndent(fileLine int) (line int, key string, ok bool) {
	i := fileLine - d.lineOffset - 1
	if i < 0 || i+1 >= len(d.lines) {
		return 0, "", false
	}
	this := keyValueRE.FindStringSubmatch(string(d.lines[i]))
	next := keyValueRE.FindStringSubmatch(string(d.lines[i+1]))
	if this == nil || next == nil || this[1] != "" || next[1] == "" {
		return 0, "", false
	}
	return fileLine + 1, this[2], true
}
