package load

import (
	"errors"
	"io/fs"
	"sort"
)

// Overlay is a read-only file system that serves each file from Top when Top
// has it and from Base otherwise; directory listings are merged. It is how a
// site's theme folder overrides the embedded theme file by file.
type Overlay struct {
	Top, Base fs.FS
}

// Open opens name from Top, falling back to Base when Top has no such
// file. Any other error of Top's (a link leading outside the theme) is
// returned: falling back would hide it.
func (o Overlay) Open(name string) (fs.File, error) {
	f, err := o.Top.Open(name)
	if err == nil {
		if info, serr := f.Stat(); serr == nil && !info.IsDir() {
			return f, nil
		}
		f.Close()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return o.Base.Open(name)
}

// ReadFile reads name from Top, falling back to Base when Top has no such
// file (see Open).
func (o Overlay) ReadFile(name string) ([]byte, error) {
	data, err := fs.ReadFile(o.Top, name)
	if err == nil {
		return data, nil
	}
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) && !(errors.As(err, &pe) && isDirErr(o.Top, name)) {
		return nil, err
	}
	return fs.ReadFile(o.Base, name)
}

// isDirErr reports whether name is a folder in fsys (reading a folder fails
// with an error that is not ErrNotExist).
func isDirErr(fsys fs.FS, name string) bool {
	info, err := fs.Stat(fsys, name)
	return err == nil && info.IsDir()
}

// ReadDir merges the listings of name in both file systems, Top winning.
func (o Overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	var firstErr error
	for i, fsys := range []fs.FS{o.Base, o.Top} {
		entries, err := fs.ReadDir(fsys, name)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				if i == 1 { // Top
					return nil, err // see Open
				}
				if firstErr == nil {
					firstErr = err
				}
			}
			continue
		}
		for _, e := range entries {
			seen[e.Name()] = e
		}
	}
	if len(seen) == 0 {
		if firstErr != nil {
			return nil, firstErr
		}
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}
