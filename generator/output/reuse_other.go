//go:build !linux

package output

import "io"

// reuse links the previous output's unchanged files into the new folder
// on Linux (see reuse_linux.go); elsewhere every file is written.
type reuse struct{}

func newReuse(dest, tmp string) *reuse { return nil }

func (r *reuse) close() {}

func (r *reuse) linkSame(name, newPath string, data []byte) bool { return false }

func (r *reuse) create(name, newPath string) (io.WriteCloser, error) {
	f, err := createNew(newPath)
	if err != nil {
		return nil, err
	}
	return f, nil
}
