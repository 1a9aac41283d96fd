package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// DestError says why a folder may not be a build's output folder.
type DestError struct {
	Dest   string
	Reason string
	// Forceable is set when --force may override the refusal: the folder
	// is not the site's own, only not known to be wrapup's.
	Forceable bool
}

func (e *DestError) Error() string {
	msg := fmt.Sprintf("--dest %s %s: a build replaces its output folder whole", e.Dest, e.Reason)
	if e.Forceable {
		return msg + "; choose a new or empty folder, or pass --force to replace it anyway"
	}
	return msg + "; choose a folder of its own, outside content/ and themes/ (the default is public/ in the site folder)"
}

// sourceFolders are the parts of a site folder a build reads.
var sourceFolders = []string{"content", "themes"}

// CheckDest reports whether dest may be the output folder of a build of the
// site folder source. The output folder is wrapup's, never the author's,
// because every build replaces it whole: it may not be the site folder, hold
// it, be a file, or lie in content/ or themes/. With force set, it may be a
// non-empty folder wrapup did not write, or a folder inside the site other
// than public/; without, those are refused too.
func CheckDest(dest, source string, force bool) error {
	refuse := func(reason string, forceable bool) error {
		return &DestError{Dest: dest, Reason: reason, Forceable: forceable}
	}
	rel, err := OutsideSource(dest, source)
	if err != nil {
		return err
	}
	info, statErr := os.Stat(dest)
	if statErr == nil && !info.IsDir() {
		return refuse("is a file, not a folder", false)
	}
	if statErr != nil && !errors.Is(statErr, fs.ErrNotExist) {
		return statErr
	}
	if rel != "" && rel != "public" && !force {
		return refuse("is inside the site folder (only public/ may be)", true)
	}
	if statErr == nil && !force {
		entries, err := os.ReadDir(dest)
		if err != nil {
			return err
		}
		if len(entries) > 0 && !Ours(dest) {
			return refuse("holds files wrapup did not write (it has no "+MarkerFile+" file)", true)
		}
	}
	return nil
}

// OutsideSource checks the part of CheckDest that no flag overrides, for
// any folder a command replaces (build's --dest, publish's --to): it may not
// be the site folder, hold it, or lie in content/ or themes/. rel is dest's
// path inside the site folder, "" when it is outside.
func OutsideSource(dest, source string) (rel string, err error) {
	realDest, err := resolve(dest)
	if err != nil {
		return "", err
	}
	realSource, err := resolve(source)
	if err != nil {
		return "", err
	}
	refuse := func(reason string) error { return &DestError{Dest: dest, Reason: reason} }
	if realDest == realSource {
		return "", refuse("is the site folder")
	}
	if within(realSource, realDest) {
		return "", refuse("holds the site folder")
	}
	if !within(realDest, realSource) {
		return "", nil
	}
	rel, _ = filepath.Rel(realSource, realDest)
	rel = filepath.ToSlash(rel)
	first := strings.Split(rel, "/")[0]
	for _, f := range sourceFolders {
		if first == f {
			return "", refuse("is inside the site's " + f + "/ folder, which the build reads")
		}
	}
	if first == "wrapup.yaml" {
		return "", refuse("is the site's wrapup.yaml")
	}
	return rel, nil
}

// Ours reports whether the folder dir was written by a build: it has the
// marker file, or (a build from before the marker) the site's home page
// and data export.
func Ours(dir string) bool {
	if _, err := os.Lstat(filepath.Join(dir, MarkerFile)); err == nil {
		return true
	}
	for _, f := range []string{"index.html", "data/windows.json"} {
		if info, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f))); err != nil || !info.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// resolve makes p absolute with every symbolic link of its existing part
// resolved, so that two names of one folder compare equal.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; {
		if real, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(real, rest), nil
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// within reports whether p is inside dir (not dir itself).
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
