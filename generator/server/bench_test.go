package server

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/watch"
)

// BenchmarkWriteToServed measures what an author waits for: from writing a
// window's file to the dev server serving the changed page, through the
// real watcher, the incremental rebuild and HTTP. It also records when the
// reload event was sent. WRAPUP_ARCHIVE_1K and WRAPUP_ARCHIVE_10K name sites
// made by shared/tools/genarchive.go (copied to a temporary folder first);
// without them the benchmark is skipped at that size.
func BenchmarkWriteToServed(b *testing.B) {
	for _, size := range []string{"1K", "10K"} {
		b.Run(size, func(b *testing.B) {
			src := os.Getenv("WRAPUP_ARCHIVE_" + size)
			if src == "" {
				b.Skip("set WRAPUP_ARCHIVE_" + size + " to a genarchive site folder")
			}
			dir := b.TempDir()
			if out, err := exec.Command("cp", "-r", src+"/.", dir).CombinedOutput(); err != nil {
				b.Fatalf("copying the archive: %v %s", err, out)
			}
			s := New(build.NewSession(os.DirFS(dir), build.Options{Drafts: true, LiveReload: ScriptURL}), io.Discard)
			started := time.Now()
			if g := s.Rebuild(nil); g.Err != nil {
				b.Fatal(g.Err)
			}
			b.ReportMetric(float64(time.Since(started).Milliseconds()), "first-build-ms")
			hs := httptest.NewServer(s)
			defer hs.Close()
			defer s.Close()
			w, err := watch.New(dir, watch.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer w.Close()
			sent := make(chan time.Time, 16)
			go func() {
				for batch := range w.Changes {
					if g := s.Rebuild(batch); g != nil {
						sent <- time.Now() // the reload event has gone out
					}
				}
			}()
			entries, _ := filepath.Glob(filepath.Join(dir, "content/windows/*.md"))
			sort.Strings(entries)
			file := entries[len(entries)/2]
			id := strings.TrimSuffix(filepath.Base(file), ".md")
			orig, _ := os.ReadFile(file)
			page := hs.URL + "/windows/" + id + "/"
			httpClient := &http.Client{Timeout: 10 * time.Second}
			var toEvent, toServed []time.Duration
			b.ResetTimer()
			for i := range b.N {
				marker := fmt.Sprintf("Edit number %d of the benchmark.", i)
				t0 := time.Now()
				os.WriteFile(file, append(append([]byte(nil), orig...), "\n"+marker+"\n"...), 0o644)
				ev := <-sent
				toEvent = append(toEvent, ev.Sub(t0))
				for {
					resp, err := httpClient.Get(page)
					if err != nil {
						b.Fatal(err)
					}
					body, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if strings.Contains(string(body), marker) {
						break
					}
				}
				toServed = append(toServed, time.Since(t0))
				b.StopTimer()
				time.Sleep(30 * time.Millisecond) // let the background work of this build start, as between keystrokes
				b.StartTimer()
			}
			b.StopTimer()
			b.ReportMetric(median(toEvent), "ms-to-event")
			b.ReportMetric(median(toServed), "ms-to-served")
		})
	}
}

func median(ds []time.Duration) float64 {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return float64(s[len(s)/2].Microseconds()) / 1000
}
