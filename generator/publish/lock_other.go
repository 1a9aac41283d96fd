//go:build !unix

package publish

import "os"

// lockFile is a no-op where flock(2) does not exist: two publishes to one
// target at once are not detected there.
func lockFile(f *os.File) error { return nil }

func unlockFile(f *os.File) {}
