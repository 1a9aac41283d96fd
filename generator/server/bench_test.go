package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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
//
// "to event" is when the page's reload event reached an open page (the
// event stream), "to served" when the page fetched then showed the edit,
// "to built" when the whole build was in: with the edited page made first
// (build.Early), the first two come before the third.
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
						sent <- time.Now() // the build is in
					}
				}
			}()
			entries, _ := filepath.Glob(filepath.Join(dir, "content/windows/*.md"))
			sort.Strings(entries)
			file := entries[len(entries)/2]
			id := strings.TrimSuffix(filepath.Base(file), ".md")
			orig, _ := os.ReadFile(file)
			page := hs.URL + "/windows/" + id + "/"
			// The page's reload event, as an open page gets it: the
			// first build event that names the page (or all pages).
			reload := pageEvents(b, hs.URL, "/windows/"+id+"/")
			httpClient := &http.Client{Timeout: 10 * time.Second}
			var toEvent, toServed, toBuilt []time.Duration
			b.ResetTimer()
			for i := range b.N {
				marker := fmt.Sprintf("Edit number %d of the benchmark.", i)
				t0 := time.Now()
				os.WriteFile(file, append(append([]byte(nil), orig...), "\n"+marker+"\n"...), 0o644)
				ev := <-reload
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
				toBuilt = append(toBuilt, (<-sent).Sub(t0))
				b.StopTimer()
				time.Sleep(30 * time.Millisecond) // let the background work of this build start, as between keystrokes
				for len(reload) > 0 {
					<-reload // the build's own event, when it names the page too
				}
				b.StartTimer()
			}
			b.StopTimer()
			b.ReportMetric(median(toEvent), "ms-to-event")
			b.ReportMetric(median(toServed), "ms-to-served")
			b.ReportMetric(median(toBuilt), "ms-to-built")
		})
	}
}

// pageEvents follows the server's event stream and sends the time of each
// build event that tells the page at url (root-relative) to reload.
func pageEvents(b *testing.B, base, url string) <-chan time.Time {
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/_wrapup/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	out := make(chan time.Time, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(line, "event: "); ok {
				name = n
			} else if d, ok := strings.CutPrefix(line, "data: "); ok && name == "build" {
				var ev event
				json.Unmarshal([]byte(d), &ev)
				if ev.All || slices.Contains(ev.Updated, url) {
					out <- time.Now()
				}
			}
		}
	}()
	return out
}

func median(ds []time.Duration) float64 {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return float64(s[len(s)/2].Microseconds()) / 1000
}
