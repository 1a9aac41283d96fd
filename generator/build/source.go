package build

import "io/fs"

// Source is the site folder the session reads: the dev server shows the
// source line of an error from it.
func (s *Session) Source() fs.FS { return s.fsys }
