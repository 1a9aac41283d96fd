package build

import (
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/load"
)

// source assembles what load.Site would return from the files read. When
// no file was added or removed since the last call, it is the last one's
// list with the files' current content (sorting 10,000 paths again was a
// noticeable part of an edit).
func (s *Session) source() *load.Source {
	if last := s.lastSource; last != nil && len(last.Windows)+len(last.Pages) == s.listed {
		src := &load.Source{Windows: slices.Clone(last.Windows), Pages: slices.Clone(last.Pages)}
		s.singles(src)
		for _, list := range [][]load.File{src.Windows, src.Pages} {
			for i := range list {
				list[i].Data = s.sources[list[i].Path]
			}
		}
		return src
	}
	src := s.listSource()
	s.lastSource, s.listed = src, len(src.Windows)+len(src.Pages)
	return src
}

// listSource is source from scratch.
func (s *Session) listSource() *load.Source {
	src := &load.Source{}
	s.singles(src)
	for p, data := range s.sources {
		switch classify(p) {
		case kindWindow:
			src.Windows = append(src.Windows, load.File{Path: p, Data: data})
		case kindPage:
			src.Pages = append(src.Pages, load.File{Path: p, Data: data})
		}
	}
	sort.Slice(src.Windows, func(i, j int) bool { return src.Windows[i].Path < src.Windows[j].Path })
	sort.Slice(src.Pages, func(i, j int) bool { return src.Pages[i].Path < src.Pages[j].Path })
	return src
}

// singles sets the site's single files in src.
func (s *Session) singles(src *load.Source) {
	single := func(p string) *load.File {
		if data, ok := s.sources[p]; ok {
			return &load.File{Path: p, Data: data}
		}
		return nil
	}
	src.Config, src.People, src.Index = single(load.ConfigFile), single(load.PeopleFile), single(load.IndexFile)
}

func (s *Session) loadDiags() diag.List {
	var out diag.List
	for _, d := range s.readErrs {
		out = append(out, d...)
	}
	return out
}

// rescanAll reads the whole site again and returns the paths whose content
// changed (all of them on the first call).
func (s *Session) rescanAll() []string {
	src, diags := load.Site(s.fsys)
	fresh := map[string][]byte{}
	for _, f := range []*load.File{src.Config, src.People, src.Index} {
		if f != nil {
			fresh[f.Path] = f.Data
		}
	}
	for _, list := range [][]load.File{src.Windows, src.Pages} {
		for _, f := range list {
			fresh[f.Path] = f.Data
		}
	}
	var changed []string
	for p, data := range fresh {
		if old, ok := s.sources[p]; !ok || string(old) != string(data) {
			changed = append(changed, p)
		}
	}
	for p := range s.sources {
		if _, ok := fresh[p]; !ok {
			changed = append(changed, p)
		}
	}
	s.sources = fresh
	s.lastSource = nil
	s.readErrs = map[string]diag.List{}
	for _, d := range diags {
		s.readErrs[d.Path] = append(s.readErrs[d.Path], d)
	}
	return changed
}

// refresh reads the path p again (a file, or a folder and everything under
// it) and returns the source paths whose content changed.
func (s *Session) refresh(p string) []string {
	var changed []string
	old := map[string][]byte{}
	for q, data := range s.sources {
		if q == p || strings.HasPrefix(q, p+"/") {
			old[q] = data
			delete(s.sources, q)
		}
	}
	for q := range s.readErrs {
		if q == p || strings.HasPrefix(q, p+"/") {
			delete(s.readErrs, q)
			changed = append(changed, q)
		}
	}
	// load.Read walks the tree as load.Site does (links, pipes, limits), so
	// that the dev server reads exactly what a build reads.
	files, diags := load.Read(s.fsys, p)
	for _, f := range files {
		s.sources[f.Path] = f.Data
		prev, ok := old[f.Path]
		if !ok {
			s.lastSource = nil // a file added
		}
		if !ok || string(prev) != string(f.Data) {
			changed = append(changed, f.Path)
		}
		delete(old, f.Path)
	}
	if len(old) > 0 {
		s.lastSource = nil // files removed
	}
	for _, d := range diags {
		s.readErrs[d.Path] = append(s.readErrs[d.Path], d)
		changed = append(changed, d.Path)
	}
	for q := range old {
		changed = append(changed, q)
	}
	return changed
}

type sourceKind int

const (
	kindNone sourceKind = iota
	kindSingle
	kindWindow
	kindPage
)

// classify says what the file at p is to a build, with load.Site's rules.
func classify(p string) sourceKind {
	switch p {
	case load.ConfigFile, load.PeopleFile, load.IndexFile:
		return kindSingle
	}
	if path.Ext(p) != ".md" {
		return kindNone
	}
	if rest, ok := strings.CutPrefix(p, load.WindowsDir+"/"); ok {
		for _, part := range strings.Split(rest, "/") {
			if load.Skipped(part) {
				return kindNone
			}
		}
		return kindWindow
	}
	if rest, ok := strings.CutPrefix(p, load.PagesDir+"/"); ok && !strings.Contains(rest, "/") && !load.Skipped(rest) {
		return kindPage
	}
	return kindNone
}

// cleanPaths turns changed paths into clean, slash-separated relative paths.
func cleanPaths(paths []string) []string {
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		p = path.Clean(strings.TrimPrefix(strings.ReplaceAll(p, "\\", "/"), "/"))
		if p == "" || p == ".." || strings.HasPrefix(p, "../") {
			continue
		}
		out = append(out, p)
	}
	sort.Strings(out)
	return slices.Compact(out)
}
