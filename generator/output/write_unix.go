//go:build unix

package output

import (
	"io/fs"

	"golang.org/x/sys/unix"
)

// writeNew writes data to the new file p in three system calls: open,
// write, close. os.WriteFile makes eight on Linux for a new file (the
// runtime tries to add it to its poller: four fcntl and a failing
// epoll_ctl), and a build writes 34k files at 10k windows. Nothing else
// reads the file while the build runs, so nothing is lost by not polling.
// Like createNew it never writes into a file that is there already (it may
// be a link to the previous output's file): that one is unlinked first.
func writeNew(p string, data []byte) error {
	fd, err := openNew(p)
	if err == unix.EEXIST {
		if err = unix.Unlink(p); err == nil {
			fd, err = openNew(p)
		}
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: p, Err: err}
	}
	for len(data) > 0 {
		n, err := unix.Write(fd, data)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			unix.Close(fd)
			return &fs.PathError{Op: "write", Path: p, Err: err}
		}
		data = data[n:]
	}
	if err := unix.Close(fd); err != nil {
		return &fs.PathError{Op: "close", Path: p, Err: err}
	}
	return nil
}

// openNew creates the file p, which must not exist, for writing.
func openNew(p string) (int, error) {
	for {
		fd, err := unix.Open(p, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o644)
		if err != unix.EINTR {
			return fd, err
		}
	}
}
