//go:build !linux

package output

import "os"

// exchange has no atomic form here: Commit falls back to two renames.
func exchange(a, b string) error {
	if _, err := os.Lstat(b); err != nil {
		return err
	}
	return errNoExchange
}
