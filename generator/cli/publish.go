package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/output"
	"github.com/wrapup/wrapup/generator/publish"
	"github.com/wrapup/wrapup/generator/publish/bucket"
)

func runPublish(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("publish", "publish --to DIR|BUCKET-URL [flags]",
		"Builds the site into a new release beside DIR and then switches DIR (a symbolic\n"+
			"link) to it in one step: readers see the old site or the new one, never a mix.\n"+
			"The previous release is kept: --rollback switches back to it. A DIR that is not\n"+
			"an earlier publish is refused unless --force is given.\n\n"+
			"--to s3://BUCKET/PREFIX?endpoint=http://HOST:PORT&region=R (or gs://, azblob://)\n"+
			"publishes to object storage instead: only changed files are uploaded, in an\n"+
			"order that never shows a page whose assets are missing; credentials come from\n"+
			"the environment (AWS_ACCESS_KEY_ID, AWS_PROFILE, ...). See docs/hosting.md.", stdout, stderr)
	source := fs.String("source", ".", "site folder (holds wrapup.yaml and content/)")
	to := fs.String("to", "", "the folder the web server serves (required)")
	releases := fs.String("releases", "", "folder for the releases (default: .<name of DIR>.releases beside DIR)")
	keep := fs.Int("keep", publish.DefaultKeep, "how many releases to keep (at least 2)")
	force := fs.Bool("force", false, "replace a DIR that is not an earlier publish (a folder is kept as a release)")
	rollback := fs.Bool("rollback", false, "serve the previous release again instead of building")
	baseURL := fs.String("base-url", "", "base URL, overriding wrapup.yaml's base_url")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	now := fs.String("now", "", "the build's today (default: SOURCE_DATE_EPOCH or the clock)")
	dryRun := fs.Bool("dry-run", false, "bucket: print what would be uploaded and deleted, change nothing")
	maxDeletes := fs.Int("max-deletes", bucket.DefaultMaxDeletes, "bucket: refuse to delete more files than this (-1: no limit)")
	workers := fs.Int("workers", bucket.DefaultWorkers, "bucket: how many files to upload at once")
	if code, stop := parseFlags(fs, args, stdout); stop {
		return code
	}
	if *to == "" {
		fmt.Fprintln(stderr, "wrapup publish: --to DIR is required: the folder your web server serves")
		return exitUsage
	}
	if bucket.IsURL(*to) {
		return publishToBucket(bucketRun{
			source: *source, to: *to, rollback: *rollback, now: *now,
			build: build.Options{Strict: *strict, BaseURL: *baseURL},
			opts:  bucket.Options{DryRun: *dryRun, MaxDeletes: *maxDeletes, Keep: *keep, Workers: *workers, Force: *force},
		}, stdout, stderr)
	}
	if *dryRun {
		fmt.Fprintln(stderr, "wrapup publish: --dry-run is for bucket URLs (s3://...); a folder publish changes nothing until it switches in one step")
		return exitUsage
	}
	target := publish.NewTarget(*to, *releases)
	if *rollback {
		res, err := publish.Rollback(target)
		if err != nil {
			fmt.Fprintln(stderr, "wrapup publish:", err)
			return exitContent
		}
		fmt.Fprintf(stdout, "rolled back %s from release %s to %s\n", target.Dir, res.Previous, res.Release)
		return ExitOK
	}
	today, err := buildTime(*now)
	if err != nil {
		fmt.Fprintln(stderr, "wrapup publish:", err)
		return exitUsage
	}
	if !requireSite("publish", *source, stderr) {
		return exitUsage
	}
	if _, err := output.OutsideSource(*to, *source); err != nil {
		fmt.Fprintln(stderr, "wrapup publish:", strings.Replace(err.Error(), "--dest", "--to", 1))
		return exitUsage
	}
	started := time.Now()
	var built *build.Result
	stopped := abortOnSignal(nil)
	defer stopped.release()
	res, err := publish.Publish(target, publish.Options{Force: *force, Keep: *keep}, func(sink output.Sink) error {
		if dir, ok := sink.(*output.Dir); ok {
			stopped.watch(dir) // Ctrl+C removes the half-built release
		}
		r, err := build.Build(os.DirFS(*source), build.Options{Strict: *strict, BaseURL: *baseURL, Now: today}, sink)
		built = r
		if sig := stopped.signal(); sig != nil && err == nil {
			err = fmt.Errorf("stopped by %s", sig)
		}
		return err
	})
	if sig := stopped.signal(); sig != nil && err != nil {
		fmt.Fprintf(stderr, "wrapup publish: stopped by %s; %s left as it was\n", sig, target.Dir)
		return exitInterrupted
	}
	if built != nil {
		printDiagnostics(stderr, built.Diagnostics, *source)
	}
	if err != nil {
		var list diag.ErrorList
		if !errors.As(err, &list) {
			fmt.Fprintln(stderr, "wrapup publish:", err)
		}
		fmt.Fprintf(stderr, "publish failed: %s left as it was\n", target.Dir)
		return exitContent
	}
	fmt.Fprintf(stdout, "published %s (%s) to %s as release %s in %s\n",
		plural(len(built.Published), "window", "windows"), plural(built.Files, "file", "files"), target.Dir, res.Release,
		time.Since(started).Round(time.Millisecond))
	if res.Previous != "" {
		fmt.Fprintf(stdout, "previous release %s kept: wrapup publish --to %s --rollback switches back\n", res.Previous, *to)
	}
	return ExitOK
}
