package load

import (
	"path"
	"strings"

	"github.com/wrapup/wrapup/generator/diag"
)

// warnOtherMarkdown warns about a file the build skips because it is
// Markdown under another name (.markdown, .mdown, .MD): it would otherwise
// vanish from the site without a word.
func warnOtherMarkdown(p string, diags *diag.List) {
	name := path.Base(p)
	ext := path.Ext(name)
	if ext == ".md" {
		return
	}
	switch strings.ToLower(ext) {
	case ".md", ".markdown", ".mdown", ".mkd":
		diags.Warnf(p, 0, 0, "skipped: wrapup reads files ending in .md only: rename it to %s.md", strings.TrimSuffix(name, ext))
	}
}
