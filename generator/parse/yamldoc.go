package parse

import (
	"fmt"
	"strings"

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
	if _, isNull := body.(*ast.NullNode); isNull {
		return nil, true
	}
	values, isMapping := mappingValues(body)
	if !isMapping {
		line, col := d.pos(body)
		d.diags.Errorf(d.path, line, col, "%s must be a set of key: value lines, not %s", what, describe(body))
		return nil, false
	}
	for _, mv := range values {
		if mv == nil || mv.Key == nil {
			continue
		}
		keyNode := keyOf(mv)
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

// mappingValues returns the key: value pairs of n, a mapping or a single
// pair, and false when n is neither.
func mappingValues(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch n := n.(type) {
	case *ast.MappingNode:
		return n.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{n}, true
	}
	return nil, false
}

// keyOf returns the node of mv's key, past the "? " of an explicit key.
func keyOf(mv *ast.MappingValueNode) ast.Node {
	if k, isKey := mv.Key.(*ast.MappingKeyNode); isKey && k.Value != nil {
		return k.Value
	}
	return mv.Key
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
