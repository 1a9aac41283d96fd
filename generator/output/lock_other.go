//go:build !unix

package output

import (
	"os"
	"time"
)

func lockFolder(dir string) (*os.File, error) { return nil, nil }

// inUse guesses from the age: without locks, a build folder younger than
// an hour may belong to a build still running.
func inUse(dir string) bool {
	info, err := os.Stat(dir)
	return err == nil && time.Since(info.ModTime()) < time.Hour
}
