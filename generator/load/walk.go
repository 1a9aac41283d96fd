package load

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/internal/par"
)

// MaxFileSize is the largest source file a build reads. A wrap-up is a few
// kilobytes, while a pasted log can be many megabytes, and parsing and
// rendering one file takes many times its size in memory: the limit keeps a
// single bad file from making the build's peak (docs/benchmarks.md, "Figures
// moved from code comments").
const MaxFileSize = 2 << 20

// LinkError says a symbolic link leads where a build does not read: outside
// the folder it must stay in, or round in a loop.
type LinkError struct {
	Link, Target string // the link's path and what it points to
	Within       string // "the site folder", "the theme folder"
	Loop         bool
}

func (e *LinkError) Error() string {
	if e.Loop {
		return fmt.Sprintf("%s: symbolic links loop (%s -> %s)", e.Link, e.Link, e.Target)
	}
	return fmt.Sprintf("%s links to %s, outside %s: copy the file in instead (a build reads only what is inside %s)", e.Link, e.Target, e.Within, e.Within)
}

// resolve returns the path of what name names in fsys, following symbolic
// links component by component. A link that leads outside fsys (an
// absolute target, or one climbing above its root) or links that loop are
// a *LinkError. File systems without links (fs.ReadLinkFS) are taken as
// they are.
func resolve(fsys fs.FS, name, within string) (string, error) {
	if _, ok := fsys.(fs.ReadLinkFS); !ok {
		return name, nil
	}
	done := ""
	rest := strings.Split(name, "/")
	for hops := 0; len(rest) > 0; {
		part := rest[0]
		rest = rest[1:]
		if part == "" || part == "." {
			continue
		}
		next := path.Join(done, part)
		info, err := fs.Lstat(fsys, next)
		if err != nil {
			return "", err
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			done = next
			continue
		}
		target, err := fs.ReadLink(fsys, next)
		if err != nil {
			return "", err
		}
		if hops++; hops > 40 {
			return "", &LinkError{Link: next, Target: target, Loop: true}
		}
		joined := path.Join(done, target)
		if path.IsAbs(target) || strings.HasPrefix(target, `\`) || strings.Contains(target, ":") ||
			joined == ".." || strings.HasPrefix(joined, "../") {
			return "", &LinkError{Link: next, Target: target, Within: within}
		}
		rest = append(strings.Split(joined, "/"), rest...)
		done = ""
	}
	if done == "" {
		return ".", nil
	}
	return done, nil
}

// kindName names a file that is not a regular file or a folder.
func kindName(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		return "a device"
	default:
		return "not a regular file"
	}
}

// readSource reads the source file p: only a regular file inside the site
// (a pipe would block the build for ever), at most MaxFileSize bytes. ok is
// false when it was not read; the reason is in diags.
func readSource(fsys fs.FS, p string, diags *diag.List) (File, bool) {
	if _, err := resolve(fsys, p, "the site folder"); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return File{}, false
		}
		diags.Errorf(p, 0, 0, "%v", unwrapLink(err))
		return File{}, false
	}
	info, err := fs.Stat(fsys, p)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			diags.Errorf(p, 0, 0, "cannot read: %v", err)
		}
		return File{}, false
	}
	if !info.Mode().IsRegular() {
		if info.IsDir() {
			diags.Errorf(p, 0, 0, "is a folder, not a file")
		} else {
			diags.Warnf(p, 0, 0, "is %s, not a file: left out (a build reads only regular files)", kindName(info.Mode()))
		}
		return File{}, false
	}
	if info.Size() > MaxFileSize {
		diags.Errorf(p, 0, 0, "is %s: a source file may be at most %s; move logs and attachments out of the page", size(info.Size()), size(MaxFileSize))
		return File{}, false
	}
	f, err := fsys.Open(p)
	if err != nil {
		diags.Errorf(p, 0, 0, "cannot read: %v", err)
		return File{}, false
	}
	defer f.Close()
	// The file may have grown since Stat: never read past the limit.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		diags.Errorf(p, 0, 0, "cannot read: %v", err)
		return File{}, false
	}
	if len(data) > MaxFileSize {
		diags.Errorf(p, 0, 0, "is over %s: a source file may be at most %s; move logs and attachments out of the page", size(MaxFileSize), size(MaxFileSize))
		return File{}, false
	}
	return File{Path: p, Data: data}, true
}

func unwrapLink(err error) error {
	var le *LinkError
	if errors.As(err, &le) {
		return le
	}
	return err
}

func size(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)>>10)
}

// tree is one folder of source files: content/windows (deep) or
// content/pages.
type tree struct {
	dir  string
	deep bool
}

var trees = []tree{{WindowsDir, true}, {PagesDir, false}}

// singles are the source files read on their own.
var singles = []string{ConfigFile, PeopleFile, IndexFile}

// entriesToward lists the entries of the folder dir that a walk reading
// only (a path at or under it, or ".") needs: all of them, or, when only
// lies below one entry of dir, that entry alone, found without listing the
// folder (listing a folder of 10,000 windows to read one of them again was
// most of a dev server's edit). The entry is what listing would give (by
// fs.Lstat: a link is a link), and a folder that cannot be listed still
// fails as listing fails; on a file system without links it lists.
func entriesToward(fsys fs.FS, dir, only string) ([]fs.DirEntry, error) {
	rest, below := strings.CutPrefix(only, dir+"/")
	if _, links := fsys.(fs.ReadLinkFS); links && below && rest != "" {
		name, _, _ := strings.Cut(rest, "/")
		if f, err := fsys.Open(dir); err == nil { // readable, as listing needs
			f.Close()
			info, err := fs.Lstat(fsys, path.Join(dir, name))
			switch {
			case err == nil:
				return []fs.DirEntry{fs.FileInfoToDirEntry(info)}, nil
			case errors.Is(err, fs.ErrNotExist):
				return nil, nil
			}
		}
	}
	return fs.ReadDir(fsys, dir)
}

// walkTree reads the .md files of t whose path is at or under only ("."
// for all). It follows links to folders inside the site, except a link to a
// folder that is read anyway (inside the tree, or an ancestor: a loop),
// which is left out with a warning so that no window is read twice. Whether
// a link is followed depends on the link alone, not on the order of the
// walk, so reading one path again (the dev server) decides as a whole build.
func walkTree(fsys fs.FS, t tree, only string, diags *diag.List) []File {
	var paths []string // of the files to read, in the order of the walk
	root, err := resolve(fsys, t.dir, "the site folder")
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			diags.Errorf(t.dir, 0, 0, "%v", unwrapLink(err))
		}
		return nil
	}
	// chain holds the real paths of the folders being walked, outermost first.
	var walk func(dir, real string, chain []string)
	walk = func(dir, real string, chain []string) {
		entries, err := entriesToward(fsys, dir, only)
		if err != nil {
			if dir != t.dir || !errors.Is(err, fs.ErrNotExist) {
				diags.Errorf(dir, 0, 0, "cannot read: %v", err)
			}
			return
		}
		chain = append(chain, real)
		for _, e := range entries {
			p := path.Join(dir, e.Name())
			if Skipped(e.Name()) || !overlaps(p, only) {
				continue
			}
			link := e.Type()&fs.ModeSymlink != 0
			isDir := e.IsDir()
			if link {
				info, err := fs.Stat(fsys, p)
				isDir = err == nil && info.IsDir()
			}
			if isDir {
				if !t.deep {
					continue
				}
				r := path.Join(real, e.Name())
				if link {
					if r, err = resolve(fsys, p, "the site folder"); err != nil {
						diags.Errorf(p, 0, 0, "%v", unwrapLink(err))
						continue
					}
					if under(r, root) || slices.ContainsFunc(chain, func(a string) bool { return under(a, r) }) {
						diags.Warnf(p, 0, 0, "is a link to %s, which the build reads already: left out", r)
						continue
					}
				}
				walk(p, r, chain)
				continue
			}
			if !under(p, only) {
				continue
			}
			if path.Ext(e.Name()) != ".md" {
				warnOtherMarkdown(p, diags)
				continue
			}
			paths = append(paths, p)
		}
	}
	walk(t.dir, root, nil)
	// The files are read on every core: at 10,000 windows reading them one
	// after another (a link check, a stat, an open and a read each) was
	// half a second in which the build did nothing else.
	type read struct {
		f     File
		ok    bool
		diags diag.List
	}
	reads := make([]read, len(paths))
	par.Do(len(paths), func(i int) {
		r := &reads[i]
		r.f, r.ok = readSource(fsys, paths[i], &r.diags)
	})
	files := make([]File, 0, len(paths))
	for _, r := range reads {
		*diags = append(*diags, r.diags...)
		if r.ok {
			files = append(files, r.f)
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files
}

// under reports whether p is only or inside it ("." holds everything).
func under(p, only string) bool {
	return only == "." || p == only || strings.HasPrefix(p, only+"/")
}

// overlaps reports whether the folder or file p and the path only may share
// files: one is inside the other.
func overlaps(p, only string) bool { return under(p, only) || under(only, p) }

// Read reads the source files at or under the site path p (a file or a
// folder; "." for the whole site) exactly as Site does, and the
// diagnostics of those paths. The dev server calls it for each changed path,
// so that it reads what a build reads, link for link.
func Read(fsys fs.FS, p string) ([]File, diag.List) {
	var files []File
	var diags diag.List
	for _, s := range singles {
		if under(s, p) {
			if f, ok := readSource(fsys, s, &diags); ok {
				files = append(files, f)
			}
		}
	}
	for _, t := range trees {
		if overlaps(t.dir, p) {
			files = append(files, walkTree(fsys, t, p, &diags)...)
		}
	}
	// A folder above p that cannot be read is an error of p's: p was not
	// read (and must not look removed).
	var mine diag.List
	for _, d := range diags {
		switch {
		case under(d.Path, p):
			mine = append(mine, d)
		case under(p, d.Path) && d.Severity == diag.Error:
			d.Path = p
			mine = append(mine, d)
		}
	}
	return files, mine
}

// Confined returns fsys with every file checked before it is opened: a
// link leading outside fsys, or a file that is not a regular file or a
// folder, is an error naming it (where: how messages name the folder, e.g.
// "themes/mine"). It keeps a site's theme folder to itself.
func Confined(fsys fs.FS, where string) fs.FS { return confined{fsys, where} }

type confined struct {
	fsys  fs.FS
	where string
}

func (c confined) check(op, name string) error {
	if !fs.ValidPath(name) {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if _, err := resolve(c.fsys, name, c.where); err != nil {
		var le *LinkError
		if errors.As(err, &le) {
			le.Link = path.Join(c.where, le.Link)
			return le
		}
		return err
	}
	info, err := fs.Stat(c.fsys, name)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() && !info.IsDir() {
		return fmt.Errorf("%s is %s, not a file: a theme holds only regular files", path.Join(c.where, name), kindName(info.Mode()))
	}
	return nil
}

func (c confined) Open(name string) (fs.File, error) {
	if err := c.check("open", name); err != nil {
		return nil, err
	}
	return c.fsys.Open(name)
}

func (c confined) ReadFile(name string) ([]byte, error) {
	if err := c.check("read", name); err != nil {
		return nil, err
	}
	return fs.ReadFile(c.fsys, name)
}

func (c confined) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := c.check("readdir", name); err != nil {
		return nil, err
	}
	return fs.ReadDir(c.fsys, name)
}

func (c confined) Stat(name string) (fs.FileInfo, error) {
	if err := c.check("stat", name); err != nil {
		return nil, err
	}
	return fs.Stat(c.fsys, name)
}
