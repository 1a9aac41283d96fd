// Package load is the first stage of a build: it reads a site folder (any fs.FS)
// and returns its files, unparsed, sorted and classified.
package load

import (
	"errors"
	"io/fs"
	"path"
	"sort"
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
// unreadable one is reported with its path.
func Site(fsys fs.FS) (*Source, diag.List) {
	var src Source
	var diags diag.List
	src.Config = optional(fsys, ConfigFile, &diags)
	src.People = optional(fsys, PeopleFile, &diags)
	src.Index = optional(fsys, IndexFile, &diags)
	src.Windows = markdownTree(fsys, WindowsDir, true, &diags)
	src.Pages = markdownTree(fsys, PagesDir, false, &diags)
	return &src, diags
}

func optional(fsys fs.FS, name string, diags *diag.List) *File {
	data, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		diags.Errorf(name, 0, 0, "cannot read: %v", err)
		return nil
	}
	return &File{Path: name, Data: data}
}

// markdownTree reads the .md files under dir, recursively when deep is set.
func markdownTree(fsys fs.FS, dir string, deep bool, diags *diag.List) []File {
	var files []File
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return fs.SkipAll
			}
			diags.Errorf(p, 0, 0, "cannot read: %v", err)
			return nil
		}
		if p == dir {
			return nil
		}
		if d.IsDir() {
			if !deep || Skipped(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if Skipped(d.Name()) {
			return nil
		}
		if path.Ext(d.Name()) != ".md" {
			warnOtherMarkdown(p, diags)
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			diags.Errorf(p, 0, 0, "cannot read: %v", err)
			return nil
		}
		files = append(files, File{Path: p, Data: data})
		return nil
	})
	if err != nil && !errors.Is(err, fs.SkipAll) {
		diags.Errorf(dir, 0, 0, "cannot read: %v", err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files
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
	return Overlay{Top: sub, Base: base}
}
