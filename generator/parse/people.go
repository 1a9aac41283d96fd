package parse

import (
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/model"
)

var personKeys = []string{"name", "team"}

// People parses content/people.yaml: a mapping of handle -> {name, team}.
// Handles are folded and validated like the handles of window files; each entry
// needs name; an unknown key is an error (docs/authoring.md, "people.yaml").
// Entries without a valid handle are left out. An entry with errors is still
// returned under its handle, so that one typo in people.yaml gives one error
// and not also a "not in people.yaml" warning at every window naming the
// handle; the errors stop the build, so its empty name is never shown.
func People(path string, src []byte) (map[string]model.Person, diag.List) {
	people := map[string]model.Person{}
	var diags diag.List
	src = normalize(src)
	if line, col, ok := checkUTF8(src); !ok {
		diags.Errorf(path, line, col, "the file is not UTF-8 text (bad byte here): save it as UTF-8")
		return people, diags
	}
	doc := newYAMLDoc(path, src, 0, &diags)
	fields, ok := doc.mapping(src, path)
	if !ok {
		return people, diags
	}
	firstLine := map[string]int{}
	for _, f := range fields {
		keyLine, keyCol := doc.pos(f.keyNd)
		handle, valid := normName(f.key, handleKind)
		if !valid {
			diags.Errorf(path, keyLine, keyCol, "%s", badName("people.yaml", f.key, handleKind))
			continue
		}
		if first, dup := firstLine[handle]; dup {
			diags.Errorf(path, keyLine, keyCol, "%s is listed twice (first on line %d): keep one entry per handle", handle, first)
			continue
		}
		firstLine[handle] = keyLine
		people[handle] = readPerson(doc, handle, f)
	}
	return people, diags
}

func readPerson(doc *yamlDoc, handle string, f field) model.Person {
	path := doc.path
	keyLine, keyCol := doc.pos(f.keyNd)
	var values []*ast.MappingValueNode
	switch v := unwrap(f.value).(type) {
	case *ast.MappingNode:
		values = v.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{v}
	default:
		line, col := doc.pos(f.value)
		if isNull(f.value) {
			line, col = keyLine, keyCol
		}
		doc.diags.Errorf(path, line, col, "%s needs a name: write `%s: {name: Tom Smith, team: Ops}` or put name: and team: on indented lines below", handle, handle)
		return model.Person{Handle: handle}
	}
	p := model.Person{Handle: handle}
	// misspeltName: a key that is a typo of name ("nmae") already has its
	// error, with the did-you-mean; "needs a name" would say it twice.
	misspeltName := false
	for _, mv := range values {
		if mv == nil || mv.Key == nil {
			continue
		}
		key, _ := scalarText(mv.Key)
		kl, kc := doc.pos(mv.Key)
		if !contains(personKeys, key) {
			doc.diags.Errorf(path, kl, kc, "unknown key %q for %s%s: a person has name and team", key, handle, didYouMean(key, personKeys))
			misspeltName = misspeltName || closest(key, personKeys) == "name"
			continue
		}
		text, scalar := scalarText(mv.Value)
		if !scalar {
			l, c := doc.pos(mv.Value)
			doc.diags.Errorf(path, l, c, "%s of %s must be a single value, not %s", key, handle, describe(mv.Value))
			continue
		}
		text = strings.TrimSpace(text)
		if key == "name" {
			p.Name = text
		} else {
			p.Team = text
		}
	}
	if p.Name == "" && !misspeltName {
		doc.diags.Errorf(path, keyLine, keyCol, "%s needs a name: add `name: Full Name` under it", handle)
	}
	return p
}
