package bucket_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/publish/bucket"
)

// Environment of the child process TestKilledPublish starts: the test binary
// itself, publishing a site folder and killing itself with SIGKILL halfway.
const (
	childSite  = "WRAPUP_TEST_KILL_SITE"
	childURL   = "WRAPUP_TEST_KILL_URL"
	childAfter = "WRAPUP_TEST_KILL_AFTER"
)

// killChild publishes the site folder in $WRAPUP_TEST_KILL_SITE to
// $WRAPUP_TEST_KILL_URL with 8 uploads at once, and kills the process
// (SIGKILL: no deferred code, no clean-up, uploads cut off mid-stream) once
// $WRAPUP_TEST_KILL_AFTER site files are written.
func killChild() int {
	after, _ := strconv.Atoi(os.Getenv(childAfter))
	loc, err := bucket.ParseURL(os.Getenv(childURL))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	ctx := context.Background()
	b, err := bucket.Open(ctx, loc)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	written := 0 // Progress calls come one at a time
	_, err = bucket.Publish(ctx, b, os.DirFS(os.Getenv(childSite)), bucket.Options{MaxDeletes: -1, Workers: 8,
		Progress: func(p bucket.Progress) {
			if p.Step != "saving" {
				written++
			}
			if written >= after {
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
			}
		}})
	fmt.Fprintln(os.Stderr, "publish finished before the kill:", err)
	return 4
}

// TestKilledPublish kills a real `publish` process halfway and checks that
// readers still see whole pages, that --rollback restores the old release
// exactly, and that publishing again finishes the new one.
func TestKilledPublish(t *testing.T) {
	b, name, prefix := newBucket(t, "it/wrapups")
	src := sampleSource(t)
	v1 := buildSite(t, src)
	src2, _, _ := editedSource(t, src)
	v2 := buildSite(t, src2)
	changed, _ := changedPaths(v1, v2)
	if _, err := bucket.Publish(context.Background(), b, v1, bucket.Options{MaxDeletes: -1, Now: buildNow}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for p, f := range v2 {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	kill := func(after int) {
		t.Helper()
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childSite+"="+dir, childURL+"="+server.URL(name, prefix), childAfter+"="+strconv.Itoa(after))
		out, err := cmd.CombinedOutput()
		status, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
		if !ok || !status.Signaled() || status.Signal() != syscall.SIGKILL {
			t.Fatalf("the publish was not killed: %v\n%s", err, out)
		}
	}
	start := time.Now()
	kill(len(changed) / 2)
	t.Logf("killed after about %d of %d changed files (%s)", len(changed)/2, len(changed), time.Since(start))
	checkWhole(t, contents(t, b), v1, v2)
	if _, err := bucket.Rollback(context.Background(), b, bucket.Options{MaxDeletes: -1}); err != nil {
		t.Fatal(err)
	}
	sameSite(t, contents(t, b), v1, "rollback after a killed publish")

	kill(len(changed) - 3)
	checkWhole(t, contents(t, b), v1, v2)
	if _, err := bucket.Publish(context.Background(), b, v2, bucket.Options{MaxDeletes: -1}); err != nil {
		t.Fatal(err)
	}
	sameSite(t, contents(t, b), v2, "publishing again after a killed publish")
}
