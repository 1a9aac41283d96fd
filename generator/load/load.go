// Package load is the first stage of a build: it reads a site folder (any fs.FS)
// and returns its files, unparsed, sorted and classified.
package load

import (
	"io/fs"
	"path"
	"strings"

	"github.com/wrapup/wrapup/generator/diag"
)

// File is one source file: its slash-separated path relative to the site folder
// and its bytes.
type File struct {
	Path string
	Data []byte
}

// Source is everything a build reads from the site folder.
type Source struct {
	Config  *File  // wrapup.yaml, nil when absent
	People  *File  // content/people.yaml, nil when absent
	Index   *File  // content/_index.md, nil when absent
	Windows []File // content/windows/**/*.md, by path
	Pages   []File // content/pages/*.md, by path
}

// Paths of the files a site may hold.
const (
	ConfigFile = "wrapup.yaml"
	PeopleFile = "content/people.yaml"
	IndexFile  = "content/_index.md"
	WindowsDir = "content/windows"
	PagesDir   = "content/pages"
	ThemesDir  = "themes"
	ContentDir = "content"
)

// Skipped reports whether a file or folder name is left out of the build:
// names starting with "." or "_" (editor backups, drafts folders, _index.md,
// which is read separately).
func Skipped(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// Site reads the site folder. A missing optional file is not an error; an
// unreadable one is reported with its path. Only regular files inside the
// site folder are read (see Read): a link leading outside it is an error, a
// pipe or device is left out with a warning.
func Site(fsys fs.FS) (*Source, diag.List) {
	var src Source
	var diags diag.List
	for _, p := range singles {
		f, ok := readSource(fsys, p, &diags)
		if !ok {
			continue
		}
		switch p {
		case ConfigFile:
			src.Config = &f
		case PeopleFile:
			src.People = &f
		case IndexFile:
			src.Index = &f
		}
	}
	src.Windows = walkTree(fsys, trees[0], ".", &diags)
	src.Pages = walkTree(fsys, trees[1], ".", &diags)
	return &src, diags
}

// Theme returns the theme a site uses: the files of the site's
// themes/<name>/ folder over the embedded default theme, file by file.
func Theme(site fs.FS, name string, base fs.FS) fs.FS {
	if name == "" {
		name = "default"
	}
	dir := path.Join(ThemesDir, name)
	if info, err := fs.Stat(site, dir); err != nil || !info.IsDir() {
		return base
	}
	sub, err := fs.Sub(site, dir)
	if err != nil {
		return base
	}
	return Overlay{Top: Confined(sub, dir), Base: base}
}
