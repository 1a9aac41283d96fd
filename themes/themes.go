// Package themes embeds the default theme: templates, stylesheets and scripts.
// A site overrides any of its files by placing a file at the same path under
// its own themes/<name>/ folder.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed all:default
var embedded embed.FS

// Default returns the default theme as a file system rooted at themes/default.
func Default() fs.FS {
	sub, err := fs.Sub(embedded, "default")
	if err != nil {
		panic(err) // the embedded path is fixed at compile time
	}
	return sub
}
