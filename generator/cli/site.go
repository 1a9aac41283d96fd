package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/wrapup/wrapup/generator/load"
)

// isSite reports whether dir holds a wrapup site: a wrapup.yaml or a
// content/ folder.
func isSite(dir string) bool {
	if info, err := os.Stat(filepath.Join(dir, load.ConfigFile)); err == nil && !info.IsDir() {
		return true
	}
	info, err := os.Stat(filepath.Join(dir, load.ContentDir))
	return err == nil && info.IsDir()
}

// requireSite checks that source is a site folder before cmd reads it, so
// that a command run in the wrong folder says so instead of building an
// empty site or passing green. It prints the reason and returns false.
func requireSite(cmd, source string, stderr io.Writer) bool {
	shown := source
	if abs, err := filepath.Abs(source); err == nil {
		shown = abs
	}
	info, err := os.Stat(source)
	if err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "wrapup %s: the site folder %s does not exist: point --source at a site folder, or make a new site with: wrapup init %s\n", cmd, shown, source)
		return false
	}
	if isSite(source) {
		return true
	}
	fmt.Fprintf(stderr, "wrapup %s: %s is not a wrapup site: it has no wrapup.yaml and no content/ folder.\n", cmd, shown)
	// check --source content: the content folder instead of the site's.
	if info, err := os.Stat(filepath.Join(source, "windows")); err == nil && info.IsDir() && isSite(filepath.Dir(shown)) {
		fmt.Fprintf(stderr, "It looks like the content folder of a site: use --source %s\n", filepath.Dir(shown))
		return false
	}
	init := "wrapup init"
	if source != "." {
		init += " " + source
	}
	fmt.Fprintf(stderr, "Run wrapup in a site folder, point --source at one (wrapup %s --source path/to/site), or make a new site with: %s\n", cmd, init)
	return false
}
