package output

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/wrapup/wrapup/internal/par"
)

// benchOutput is the output folder of a build that the benchmarks below
// write again: WRAPUP_BENCH_OUTPUT, made by
//
//	wrapup build --source /tmp/wrapup-scale/arch10000 --dest /tmp/o10k
//
// Without one they skip. The copies they write go beside it (the same file
// system, as a build's output goes beside its destination).
func benchOutput(b *testing.B) (dir string, names []string) {
	dir = os.Getenv("WRAPUP_BENCH_OUTPUT")
	if dir == "" {
		b.Skip("set WRAPUP_BENCH_OUTPUT to the output folder of a build")
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && d.Name() != MarkerFile {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return dir, names
}

// writeTree writes the files names of src into dest as a build does (on
// every core, files read from src standing for pages rendered), with
// reuse of dest's files off when noReuse is set.
func writeTree(b *testing.B, src, dest string, names []string, noReuse bool) {
	d, err := NewDir(dest)
	if err != nil {
		b.Fatal(err)
	}
	if noReuse {
		d.reuse.close()
		d.reuse = nil
	}
	var bufs sync.Pool
	err = par.Each(context.Background(), len(names), 0, func(_ context.Context, i int) error {
		bp, _ := bufs.Get().(*[]byte)
		if bp == nil {
			bp = new([]byte)
		}
		defer bufs.Put(bp)
		f, err := os.Open(filepath.Join(src, filepath.FromSlash(names[i])))
		if err != nil {
			return err
		}
		info, _ := f.Stat()
		data := (*bp)[:0]
		if int64(cap(data)) < info.Size()+1 {
			data = make([]byte, 0, info.Size()+1)
		}
		n, err := f.Read(data[:cap(data)])
		f.Close()
		if err != nil && n == 0 && info.Size() > 0 {
			return err
		}
		*bp = data
		return d.WriteFile(names[i], data[:n])
	})
	if err != nil {
		d.Abort()
		b.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkRewrite writes the files of WRAPUP_BENCH_OUTPUT into a folder
// as a build does, swaps it in and removes the previous output: into a
// missing folder (first, the previous one removed between iterations
// outside the timer), over the previous output with every file written
// (write) and with its unchanged files linked (reuse).
func BenchmarkRewrite(b *testing.B) {
	src, names := benchOutput(b)
	for _, mode := range []string{"first", "write", "reuse"} {
		b.Run(mode, func(b *testing.B) {
			dest := filepath.Join(filepath.Dir(src), ".bench-"+filepath.Base(src)+"-"+mode)
			defer os.RemoveAll(dest)
			writeTree(b, src, dest, names, true) // the previous output
			for b.Loop() {
				if mode == "first" {
					b.StopTimer()
					removeOutput(dest)
					b.StartTimer()
				}
				writeTree(b, src, dest, names, mode != "reuse")
			}
		})
	}
}

// BenchmarkRemove removes a previous output whose files are all linked
// into the next one (as after a rebuild that changed nothing) on 1, 2, 4
// and 8 goroutines. The copy removed is made by links outside the timer.
func BenchmarkRemove(b *testing.B) {
	src, _ := benchOutput(b)
	for _, workers := range []int{1, 2, 4, 8, 16} {
		b.Run(filepath.Base(src)+"/workers="+strconv.Itoa(workers), func(b *testing.B) {
			copyDir := filepath.Join(filepath.Dir(src), ".bench-remove-"+filepath.Base(src))
			defer os.RemoveAll(copyDir)
			for b.Loop() {
				b.StopTimer()
				linkTree(b, src, copyDir)
				b.StartTimer()
				if err := removeOutputOn(copyDir, workers); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// linkTree makes dst a copy of the folder src whose files are links.
func linkTree(b *testing.B, src, dst string) {
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.Mkdir(filepath.Join(dst, rel), 0o755)
		}
		return os.Link(p, filepath.Join(dst, rel))
	})
	if err != nil {
		b.Fatal(err)
	}
}
