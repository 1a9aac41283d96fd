package parse

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/wrapup/wrapup/generator/diag"
)

// yamlDoc is one YAML text being read (a front matter or a settings file), with
// what is needed to turn YAML positions into file positions.
type yamlDoc struct {
	path  string
	lines [][]rune // the YAML's lines, to check and correct columns
	// lineOffset is added to a YAML line to get the file line: 1 for a front
	// matter (its first line is file line 2), 0 for a whole YAML file.
	lineOffset int
	diags      *diag.List
}

func newYAMLDoc(path string, src []byte, lineOffset int, diags *diag.List) *yamlDoc {
	d := &yamlDoc{path: path, lineOffset: lineOffset, diags: diags}
	for _, l := range strings.Split(string(src), "\n") {
		d.lines = append(d.lines, []rune(l))
	}
	return d
}

// field is one key: value pair of a top-level mapping.
type field struct {
	key   string
	keyNd ast.Node
	value ast.Node
}

// mapping parses src and returns the pairs of its top-level mapping in order.
// ok is false when the YAML could not be read at all (the error is reported).
// An empty document gives no pairs and ok.
func (d *yamlDoc) mapping(src []byte, what string) (fields []field, ok bool) {
	if d.anchorHazards() {
		return nil, false
	}
	file, err := parseYAML(src)
	if err != nil {
		d.yamlError(err)
		return nil, false
	}
	var body ast.Node
	for _, doc := range file.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		if body != nil {
			line, col := d.pos(doc.Body)
			d.diags.Errorf(d.path, line, col, "%s holds a second YAML document: remove the extra --- line", what)
			break
		}
		body = doc.Body
	}
	body = unwrap(body)
	if body == nil {
		return nil, true
	}
	var values []*ast.MappingValueNode
	switch n := body.(type) {
	case *ast.MappingNode:
		values = n.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{n}
	case *ast.NullNode:
		return nil, true
	default:
		line, col := d.pos(body)
		d.diags.Errorf(d.path, line, col, "%s must be a set of key: value lines, not %s", what, describe(body))
		return nil, false
	}
	for _, mv := range values {
		if mv == nil || mv.Key == nil {
			continue
		}
		var keyNode ast.Node = mv.Key
		if k, isKey := keyNode.(*ast.MappingKeyNode); isKey && k.Value != nil {
			keyNode = k.Value
		}
		key, scalar := scalarText(keyNode)
		if !scalar {
			line, col := d.pos(keyNode)
			d.diags.Errorf(d.path, line, col, "a key of %s must be a plain word such as title, not %s", what, describe(keyNode))
			continue
		}
		fields = append(fields, field{key: key, keyNd: keyNode, value: mv.Value})
	}
	return fields, true
}

// parseYAML wraps the YAML parser so that a panic inside the library on some
// odd input becomes an ordinary error: the generator must never crash on a file.
func parseYAML(src []byte) (f *ast.File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("the YAML could not be read (%v)", r)
		}
	}()
	return parser.ParseBytes(src, 0)
}

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

func (d *yamlDoc) fileLine(yamlLine int) int {
	if yamlLine < 1 {
		yamlLine = 1
	}
	return yamlLine + d.lineOffset
}

// pos returns the file line and column of a node. The YAML library reports a
// plain scalar's column after any trailing blanks it skipped, so the column is
// checked against the source line and corrected to where the value starts.
func (d *yamlDoc) pos(n ast.Node) (line, col int) {
	if n == nil {
		return d.fileLine(1), 1
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return d.fileLine(1), 1
	}
	line, col = tk.Position.Line, tk.Position.Column
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	if line <= len(d.lines) {
		col = fixColumn(d.lines[line-1], col, tk)
	}
	return d.fileLine(line), col
}

// fixColumn returns col when the token's text (or its opening quote) starts
// there, else the start of the occurrence of the text nearest before col.
func fixColumn(line []rune, col int, tk *token.Token) int {
	text := []rune(tk.Value)
	if len(text) == 0 {
		return col
	}
	startsAt := func(i int) bool {
		if i < 0 || i >= len(line) {
			return false
		}
		if line[i] == '"' || line[i] == '\'' {
			return true
		}
		if i+len(text) > len(line) {
			return false
		}
		return string(line[i:i+len(text)]) == string(text)
	}
	if startsAt(col - 1) {
		return col
	}
	for i := min(col-1, len(line)-1); i >= 0; i-- {
		if string(line[i:min(i+len(text), len(line))]) == string(text) {
			return i + 1
		}
	}
	return col
}

// unwrap looks through tags (!!str), anchors (&a) and document wrappers to the
// value they hold.
func unwrap(n ast.Node) ast.Node {
	for range 64 {
		switch v := n.(type) {
		case *ast.TagNode:
			n = v.Value
		case *ast.AnchorNode:
			n = v.Value
		case *ast.DocumentNode:
			n = v.Body
		default:
			return n
		}
	}
	return n
}

// scalarText returns the text of a scalar node as its author wrote it: the
// unquoted string for a string, the source text for a number, bool or null (so
// `7` stays "7" and a time is never reinterpreted by YAML: docs/authoring.md,
// "Times, dates and time zones").
func scalarText(n ast.Node) (string, bool) {
	switch v := unwrap(n).(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		if v.Value == nil {
			return "", true
		}
		return v.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		tk := v.GetToken()
		if tk == nil {
			return "", true
		}
		return tk.Value, true
	case *ast.NullNode:
		return "", true
	case nil:
		return "", true
	}
	return "", false
}

// isNull reports whether a value node is absent or YAML null.
func isNull(n ast.Node) bool {
	n = unwrap(n)
	if n == nil {
		return true
	}
	_, null := n.(*ast.NullNode)
	return null
}

// commentNull reports whether a null value is null only because what follows
// the colon (or the list dash) starts with '#': YAML read it as a comment
// (`tags: #network`). It returns the file position of the '#'.
func (d *yamlDoc) commentNull(n ast.Node) (line, col int, ok bool) {
	n = unwrap(n)
	if n == nil {
		return 0, 0, false
	}
	if _, null := n.(*ast.NullNode); !null {
		return 0, 0, false
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return 0, 0, false
	}
	l, c := tk.Position.Line, tk.Position.Column
	if l < 1 || l > len(d.lines) {
		return 0, 0, false
	}
	text := d.lines[l-1]
	for i := max(c-1, 0); i < len(text); i++ {
		switch text[i] {
		case ' ', '\t':
			continue
		case '#':
			return d.fileLine(l), i + 1, true
		}
		return 0, 0, false
	}
	return 0, 0, false
}

// describe names a node's kind for messages.
func describe(n ast.Node) string {
	switch unwrap(n).(type) {
	case *ast.SequenceNode:
		return "a list"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.AliasNode:
		return "an alias (*name)"
	case nil, *ast.NullNode:
		return "an empty value"
	}
	return "a single value"
}

// didYouMean returns ` (did you mean X?)` for the candidate closest to word, or
// "" when none is close enough to be a likely typo.
func didYouMean(word string, candidates []string) string {
	if s := closest(word, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %s?)", s)
	}
	return ""
}

// closest returns the candidate nearest to word by edit distance, if it is
// within a third of its length (at least 2 edits, 1 for words of up to three
// letters), after trying a
// case-insensitive exact match.
func closest(word string, candidates []string) string {
	lw := strings.ToLower(word)
	for _, c := range candidates {
		if strings.ToLower(c) == lw {
			return c
		}
	}
	best, bestDist := "", 1<<30
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted) // ties resolve the same way every run
	for _, c := range sorted {
		dist := editDistance(lw, strings.ToLower(c))
		if dist < bestDist {
			best, bestDist = c, dist
		}
	}
	limit := max(2, len([]rune(best))/3)
	if len([]rune(best)) <= 3 {
		limit = 1 // two edits turn any short handle into another one
	}
	if best == "" || bestDist > limit {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance, except that two swapped neighbour
// letters count as one edit: "mnior" is closer to minor than to major.
func editDistance(a, b string) int {
	d := levenshtein.ComputeDistance(a, b)
	if d == 2 && isSwap([]rune(a), []rune(b)) {
		return 1
	}
	return d
}

// isSwap reports whether b is a with one pair of adjacent letters swapped.
func isSwap(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && string(a[i+2:]) == string(b[i+2:])
}

// scalarFields walks the fields of a settings-like mapping (wrapup.yaml, a
// page's front matter) whose keys all take a single value: an unknown key, a
// list or mapping value, and a value emptied by a '#' comment are reported;
// fn gets every other non-empty value, trimmed, with its position. what names
// the mapping in messages ("wrapup.yaml", "a page").
func (d *yamlDoc) scalarFields(path string, fields []field, keys []string, unknownKey, what string, diags *diag.List, fn func(key, text string, line, col int)) {
	for _, f := range fields {
		if !contains(keys, f.key) {
			line, col := d.pos(f.keyNd)
			diags.Errorf(path, line, col, "%s %q%s: the keys of %s are %s", unknownKey, f.key, didYouMean(f.key, keys), what, strings.Join(keys, ", "))
			continue
		}
		text, scalar := scalarText(f.value)
		line, col := d.pos(f.value)
		if !scalar {
			if h, ok := d.hazardAt(line); ok {
				diags.Errorf(path, line, h.col, "%s", h.msg)
				continue
			}
			diags.Errorf(path, line, col, "%s must be a single value, not %s", f.key, describe(f.value))
			continue
		}
		text = strings.TrimSpace(text)
		if text == "" {
			if l, c, ok := d.commentNull(f.value); ok {
				diags.Errorf(path, l, c, "%s: '#' starts a YAML comment, so the value is empty: quote it", f.key)
			}
			continue
		}
		fn(f.key, text, line, col)
	}
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
