//go:build !unix

package output

import "os"

// writeNew writes data to the file p, created or truncated.
func writeNew(p string, data []byte) error { return os.WriteFile(p, data, 0o644) }
