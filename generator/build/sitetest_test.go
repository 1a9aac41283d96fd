package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/wrapup/wrapup/generator/output"
)

// siteFromTxtar reads a txtar archive of a whole site. Files under want/ are
// expectations, returned apart from the site.
func siteFromTxtar(t *testing.T, name string) (site fstest.MapFS, want map[string][]byte) {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return siteFromArchive(ar)
}

func siteFromText(text string) fstest.MapFS {
	site, _ := siteFromArchive(txtar.Parse([]byte(text)))
	return site
}

func siteFromArchive(ar *txtar.Archive) (fstest.MapFS, map[string][]byte) {
	site := fstest.MapFS{}
	want := map[string][]byte{}
	for _, f := range ar.Files {
		if rest, ok := strings.CutPrefix(f.Name, "want/"); ok {
			want[rest] = f.Data
			continue
		}
		site[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return site, want
}

// fixedNow is "today" for tests: builds are reproducible.
var fixedNow = time.Date(2013, 3, 1, 12, 0, 0, 0, time.UTC)

// buildMemory builds a site into memory and fails the test on any error.
func buildMemory(t *testing.T, site fstest.MapFS, opts Options) (*output.Memory, *Result) {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = fixedNow
	}
	mem := output.NewMemory()
	res, err := Build(site, opts, mem)
	if err != nil {
		t.Fatalf("build failed: %v", err)
	}
	return mem, res
}

// writeTree writes a MapFS to a folder on disk.
func writeTree(t *testing.T, dir string, site fstest.MapFS) {
	t.Helper()
	for name, f := range site {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
