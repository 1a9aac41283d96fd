//go:build linux

package output

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// reuse gives a new output folder the files of the previous output (the
// destination, still in place while the build runs) that the build makes
// again byte for byte: such a file is hard-linked from the destination
// instead of written. On ext4 a new file costs an inode and data blocks to
// allocate now and to free (and discard) when the previous output is
// deleted after the swap; a link costs one directory entry, and deleting
// the old name of a file still linked frees nothing. At 10k windows a
// build writes 34k files (622 MB), most of them the same from build to
// build.
//
// The destination is only ever read: a file is linked only after its bytes
// were compared with the new ones, and only when nothing but the previous
// output holds it (one link), it is a regular file reached without any
// symbolic link, and it has the owner, group and mode a file written now
// would get. Anything else (no such file, other bytes, a file edited or
// re-permissioned by hand, a file system without hard links) falls back
// to writing the file. A linked file keeps its modification time.
type reuse struct {
	root int         // the destination, opened: old files are opened beneath it
	want unix.Stat_t // the marker of the new folder: the mode, owner and group a written file gets
	// link makes newPath a hard link of the old file name (relative to
	// root); tests replace it to make links fail.
	link func(name, newPath string) error
	// off is set once the file system refused a link for a reason that
	// holds for every file (no hard links, another device): from then on
	// every file is written.
	off  atomic.Bool
	bufs sync.Pool // of *[]byte, compareChunk long
}

// compareChunk is how much of an old file is read at a time to compare it.
const compareChunk = 256 << 10

// newReuse prepares linking from dest, the previous output, into tmp,
// whose marker file is written. It returns nil when there is nothing to
// reuse: dest is missing or not wrapup's (a forced build never links the
// author's files), or the kernel cannot open files beneath a folder
// without following links (openat2, Linux 5.6).
func newReuse(dest, tmp string) *reuse {
	if !Ours(dest) {
		return nil
	}
	root, err := unix.Open(dest, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	r := &reuse{root: root}
	r.link = func(name, newPath string) error {
		return unix.Linkat(r.root, name, unix.AT_FDCWD, newPath, 0)
	}
	if err := unix.Fstatat(unix.AT_FDCWD, filepath.Join(tmp, MarkerFile), &r.want, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		unix.Close(root)
		return nil
	}
	probe, err := r.openAt(".", unix.O_DIRECTORY)
	if err != nil {
		unix.Close(root)
		return nil
	}
	unix.Close(probe)
	return r
}

// close releases the destination; the reuse is done.
func (r *reuse) close() {
	if r != nil {
		unix.Close(r.root)
	}
}

// openAt opens name beneath the destination for reading, refusing any
// symbolic link on the way, a mount point crossed, a name leaving the
// folder; O_NONBLOCK keeps a FIFO from blocking the open.
func (r *reuse) openAt(name string, flags uint64) (int, error) {
	how := unix.OpenHow{
		Flags:   unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NOFOLLOW | unix.O_NONBLOCK | unix.O_NOCTTY | flags,
		Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS | unix.RESOLVE_NO_XDEV,
	}
	for {
		fd, err := unix.Openat2(r.root, name, &how)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// open opens the old file of the slash-separated name when it may be
// reused for a new file of size bytes: a regular file of that size, with
// one link, the mode, owner and group of a new file. ok is false
// otherwise, and nothing is left open.
func (r *reuse) open(name string, size int64) (fd int, st unix.Stat_t, ok bool) {
	if r == nil || r.off.Load() {
		return -1, st, false
	}
	fd, err := r.openAt(filepath.FromSlash(name), 0)
	if err != nil {
		return -1, st, false
	}
	if unix.Fstat(fd, &st) != nil || st.Mode != r.want.Mode || st.Nlink != 1 ||
		st.Uid != r.want.Uid || st.Gid != r.want.Gid || (size >= 0 && st.Size != size) {
		unix.Close(fd)
		return -1, st, false
	}
	return fd, st, true
}

// linkSame links the old file of name to newPath (in the new folder) when
// its bytes are data; false means nothing was made and the caller writes.
func (r *reuse) linkSame(name, newPath string, data []byte) bool {
	fd, st, ok := r.open(name, int64(len(data)))
	if !ok {
		return false
	}
	defer unix.Close(fd)
	return r.equalAt(fd, 0, data) && r.linkOpened(name, newPath, &st)
}

// equalAt reports whether the file fd holds data at offset off.
func (r *reuse) equalAt(fd int, off int64, data []byte) bool {
	bp := r.buffer()
	defer r.bufs.Put(bp)
	buf := *bp
	for len(data) > 0 {
		want := data[:min(len(data), len(buf))]
		n, err := unix.Pread(fd, buf[:len(want)], off)
		if err == unix.EINTR {
			continue
		}
		if err != nil || n == 0 || !bytes.Equal(buf[:n], want[:n]) {
			return false
		}
		data, off = data[n:], off+int64(n)
	}
	return true
}

// buffer is a compareChunk buffer from the pool, to put back.
func (r *reuse) buffer() *[]byte {
	if bp, _ := r.bufs.Get().(*[]byte); bp != nil {
		return bp
	}
	b := make([]byte, compareChunk)
	return &b
}

// linkOpened links the old file of name, opened and compared as st, to
// newPath; false when no link was made (the caller writes the file). The
// link goes by name, so it is checked to be the very file compared: were
// the name replaced in between, the new link is removed.
func (r *reuse) linkOpened(name, newPath string, st *unix.Stat_t) bool {
	if err := r.link(filepath.FromSlash(name), newPath); err != nil {
		if errors.Is(err, unix.EXDEV) || errors.Is(err, unix.EPERM) || errors.Is(err, unix.EOPNOTSUPP) ||
			errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EACCES) {
			r.off.Store(true)
		}
		return false
	}
	var got unix.Stat_t
	if unix.Fstatat(unix.AT_FDCWD, newPath, &got, unix.AT_SYMLINK_NOFOLLOW) != nil || got.Dev != st.Dev || got.Ino != st.Ino {
		os.Remove(newPath)
		return false
	}
	return true
}

// create opens a streamed file of name at newPath (see Streamer): while
// what is written matches the old file, nothing is written; at the first
// byte that differs the new file is made, with the matching part copied
// from the old one, and the rest written to it.
func (r *reuse) create(name, newPath string) (io.WriteCloser, error) {
	fd, st, ok := r.open(name, -1)
	if !ok {
		f, err := createNew(newPath)
		if err != nil {
			return nil, err
		}
		return f, nil
	}
	return &sameStream{r: r, name: name, path: newPath, old: fd, st: st}, nil
}

// sameStream is a streamed file compared with the old file of its name
// as it is written (see reuse.create).
type sameStream struct {
	r          *reuse
	name, path string
	old        int // the old file; -1 once closed
	st         unix.Stat_t
	off        int64    // how many bytes matched the old file
	f          *os.File // the new file, once the bytes differed
}

func (s *sameStream) Write(p []byte) (int, error) {
	if s.f == nil {
		if s.off+int64(len(p)) <= s.st.Size && s.r.equalAt(s.old, s.off, p) {
			s.off += int64(len(p))
			return len(p), nil
		}
		if err := s.diverge(); err != nil {
			return 0, err
		}
	}
	return s.f.Write(p)
}

// diverge makes the new file, holding the bytes that matched so far.
func (s *sameStream) diverge() error {
	f, err := createNew(s.path)
	if err != nil {
		return err
	}
	s.f = f
	bp := s.r.buffer()
	defer s.r.bufs.Put(bp)
	for off := int64(0); off < s.off; {
		n, err := unix.Pread(s.old, (*bp)[:min(int64(len(*bp)), s.off-off)], off)
		if err == unix.EINTR {
			continue
		}
		if err == nil && n == 0 {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return &os.PathError{Op: "read", Path: s.name + " of the previous output", Err: err}
		}
		if _, err := f.Write((*bp)[:n]); err != nil {
			return err
		}
		off += int64(n)
	}
	s.closeOld()
	return nil
}

func (s *sameStream) closeOld() {
	if s.old >= 0 {
		unix.Close(s.old)
		s.old = -1
	}
}

func (s *sameStream) Close() error {
	defer s.closeOld()
	if s.f == nil {
		if s.off == s.st.Size && s.r.linkOpened(s.name, s.path, &s.st) {
			return nil
		}
		if err := s.diverge(); err != nil {
			if s.f != nil {
				s.f.Close()
			}
			return err
		}
	}
	return s.f.Close()
}
