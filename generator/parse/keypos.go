package parse

import "github.com/wrapup/wrapup/generator/diag"

// ValuePosition returns the line and column of the value of a top-level
// key in a YAML settings file (wrapup.yaml), for diagnostics found after
// parsing (a theme that does not exist); 0, 0 when the key is not there.
func ValuePosition(src []byte, key string) (line, col int) {
	var diags diag.List
	d := newYAMLDoc("", src, 0, &diags)
	fields, _ := d.mapping(src, "the file")
	for _, f := range fields {
		if f.key == key {
			if f.value != nil {
				return d.pos(f.value)
			}
			return d.pos(f.keyNd)
		}
	}
	return 0, 0
}
