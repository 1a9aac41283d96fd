package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/output"
	"github.com/wrapup/wrapup/generator/publish/bucket"
)

// bucketRun is a publish --to s3://... (or gs://, azblob://) as the flags
// asked for it.
type bucketRun struct {
	source, to, now string
	rollback        bool
	build           build.Options
	opts            bucket.Options
}

// publishToBucket builds the site and publishes it to a bucket, or rolls the
// bucket back.
func publishToBucket(r bucketRun, stdout, stderr io.Writer) int {
	loc, err := bucket.ParseURL(r.to)
	if err != nil {
		fmt.Fprintln(stderr, "wrapup publish:", err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	b, err := bucket.Open(ctx, loc)
	if err != nil {
		fmt.Fprintln(stderr, "wrapup publish:", err)
		return exitUsage
	}
	defer b.Close()

	bar := newProgress(stderr)
	r.opts.Progress = bar.update
	started := time.Now()
	var res *bucket.Result
	if r.rollback {
		res, err = bucket.Rollback(ctx, b, r.opts)
	} else {
		var site string
		site, err = r.buildSite(stderr)
		if err != nil {
			var list diag.ErrorList
			if !errors.As(err, &list) {
				fmt.Fprintln(stderr, "wrapup publish:", err)
			}
			fmt.Fprintf(stderr, "publish failed: %s left as it was\n", loc)
			return exitContent
		}
		defer os.RemoveAll(filepath.Dir(site))
		res, err = bucket.Publish(ctx, b, os.DirFS(site), r.opts)
	}
	bar.finish()
	if err != nil {
		fmt.Fprintf(stderr, "wrapup publish: %s: %v\n", loc, err)
		if errors.Is(err, bucket.ErrInterrupted) {
			fmt.Fprintln(stderr, "Every page readers can reach is still whole (new files are written before the pages that link to them, and nothing was deleted).")
			fmt.Fprintf(stderr, "Run the same publish again to finish it, or wrapup publish --to '%s' --rollback to undo it.\n", r.to)
		} else {
			fmt.Fprintf(stderr, "publish failed: nothing was changed at %s\n", loc)
		}
		return exitContent
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	if res.DryRun {
		for _, p := range res.Uploaded {
			fmt.Fprintln(stdout, "upload", p)
		}
		for _, p := range res.Deleted {
			fmt.Fprintln(stdout, "delete", p)
		}
	}
	if res.Interrupted != "" {
		fmt.Fprintf(stdout, "an earlier run (release %s) stopped halfway: its changes are %s\n", res.Interrupted,
			map[bool]string{true: "undone", false: "replaced by this release"}[r.rollback])
	}
	what := fmt.Sprintf("published release %s to %s", res.Release, loc)
	switch {
	case res.DryRun && r.rollback:
		what = fmt.Sprintf("dry run: would roll %s back to release %s", loc, res.Release)
	case res.DryRun:
		what = fmt.Sprintf("dry run: would publish release %s to %s", res.Release, loc)
	case r.rollback && res.Release == "":
		what = fmt.Sprintf("removed what the stopped first publish wrote to %s", loc)
	case r.rollback:
		what = fmt.Sprintf("rolled %s back to release %s", loc, res.Release)
	}
	fmt.Fprintf(stdout, "%s: %s uploaded (%s), %s deleted, %d unchanged, in %s\n",
		what, plural(len(res.Uploaded), "file", "files"), sizeOf(res.Bytes),
		plural(len(res.Deleted), "file", "files"), res.Unchanged, time.Since(started).Round(time.Millisecond))
	switch {
	case res.DryRun:
		fmt.Fprintln(stdout, "nothing was changed")
	case res.Previous != "" && res.Previous != res.Release && !r.rollback:
		fmt.Fprintf(stdout, "previous release %s kept: wrapup publish --to '%s' --rollback brings it back\n", res.Previous, r.to)
	}
	return ExitOK
}

// buildSite builds the site into a new temporary folder and returns the
// folder holding it.
func (r bucketRun) buildSite(stderr io.Writer) (string, error) {
	if info, err := os.Stat(r.source); err != nil || !info.IsDir() {
		return "", fmt.Errorf("source folder %s does not exist", r.source)
	}
	today, err := buildTime(r.now)
	if err != nil {
		return "", err
	}
	r.build.Now = today
	tmp, err := os.MkdirTemp("", "wrapup-publish-")
	if err != nil {
		return "", err
	}
	site := filepath.Join(tmp, "site")
	sink, err := output.NewDir(site)
	if err == nil {
		var built *build.Result
		built, err = build.Build(os.DirFS(r.source), r.build, sink)
		if built != nil {
			printDiagnostics(stderr, built.Diagnostics, r.source)
		}
		if err == nil {
			err = sink.Commit()
		} else {
			sink.Abort()
		}
	}
	if err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	return site, nil
}

// progress draws a progress bar on a terminal and nothing elsewhere (the
// summary line is printed at the end either way).
type progress struct {
	mu  sync.Mutex
	out io.Writer
	tty bool
	bar *progressbar.ProgressBar
}

func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	return &progress{out: w, tty: ok && term.IsTerminal(int(f.Fd()))}
}

func (p *progress) update(pr bucket.Progress) {
	if !p.tty {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar == nil {
		p.bar = progressbar.NewOptions(pr.Total,
			progressbar.OptionSetWriter(p.out),
			progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetPredictTime(false))
	}
	p.bar.Describe(fmt.Sprintf("%-12s", pr.Step))
	p.bar.Set(pr.Done)
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Finish()
		p.bar = nil
	}
}

func sizeOf(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
