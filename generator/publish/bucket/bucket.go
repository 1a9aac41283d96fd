// Package bucket publishes a built site to object storage: an S3-compatible
// bucket (AWS, MinIO, Ceph, SeaweedFS, StorageGRID...), Google Cloud Storage
// or Azure Blob Storage, through gocloud.dev/blob.
//
// A bucket has no atomic switch between two sets of files, so a publish
// writes in an order that keeps every page a reader can reach whole: new
// assets and search chunks first, then new pages, then changed pages, then
// the entry points (home page, search entry, feed...), and only then deletes
// what the new release no longer has. It writes only files whose content or
// headers changed, by comparing the site with the live release's manifest
// (path -> SHA-256) kept in the bucket under .wrapup/:
//
//	<prefix>/.wrapup/state.json            live release, kept releases
//	<prefix>/.wrapup/releases/<name>.json  a kept release's manifest
//	<prefix>/.wrapup/objects/<sha256>      earlier contents, for --rollback
//	<prefix>/.wrapup/pending.json          a publish under way (or killed)
//
// Before a file is overwritten or deleted, its old content is copied (on the
// server) to objects/, so Rollback can bring the previous release back. A
// publish writes pending.json before it changes anything and removes it when
// it is done; a run that finds one knows which paths a killed run may have
// changed, and rewrites them.
package bucket

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"gocloud.dev/blob"
)

// defaultKeep is how many releases a bucket keeps for --rollback by default.
const defaultKeep = 3

// DefaultMaxDeletes is how many site files a publish may delete unless told
// otherwise (as hugo deploy's --maxDeletes).
const DefaultMaxDeletes = 256

// DefaultWorkers is how many objects are written at once.
const DefaultWorkers = 8

// stampLayout names releases so that names sort in time order.
const stampLayout = "20060102-150405.000000000"

// Options change a publish or rollback.
type Options struct {
	// DryRun plans and reports but changes nothing in the bucket.
	DryRun bool
	// MaxDeletes refuses (before changing anything) a publish that would
	// delete more site files than this; negative means no limit. As with
	// hugo deploy's --maxDeletes, 0 allows none: the command passes
	// DefaultMaxDeletes unless told otherwise.
	MaxDeletes int
	// Keep is how many releases to keep (at least 2). 0 means defaultKeep.
	Keep int
	// Workers is how many objects are written at once. 0 means DefaultWorkers.
	Workers int
	// Force publishes into a prefix that holds files wrapup did not publish.
	Force bool
	// Now names the release; zero means the clock.
	Now time.Time
	// Progress, when set, is told after each object written, copied or
	// deleted. It is called from several goroutines, one call at a time.
	Progress func(Progress)
}

// Progress is how far a publish has come.
type Progress struct {
	Done, Total int    // objects handled so far, and in all
	Step        string // "saving", "assets", "new pages", "pages", "entry points", "deleting"
	Path        string // the site path just handled
}

// Result says what a publish or rollback did (or, with DryRun, would do).
type Result struct {
	Release     string   // the release now live
	Previous    string   // the release live before ("" when none)
	Uploaded    []string // site paths written, in the order written
	Deleted     []string // site paths deleted
	Unchanged   int      // site files left as they were
	Bytes       int64    // bytes uploaded
	Interrupted string   // a killed earlier run whose changes this one completed or undid
	DryRun      bool
	Warnings    []string // problems that did not stop the publish (old records not pruned...)
}

// source returns the content to write at path p for entry e.
type source func(ctx context.Context, p string, e manifestEntry) ([]byte, error)

// Publish makes the bucket serve the site in site (a complete build).
func Publish(ctx context.Context, b *blob.Bucket, site fs.FS, opts Options) (*Result, error) {
	if err := checkAccess(ctx, b); err != nil {
		return nil, err
	}
	live, err := readLive(ctx, b)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	name := uniqueName(now.UTC().Format(stampLayout), live.state.Releases)
	target, err := manifestOf(site, name)
	if err != nil {
		return nil, err
	}
	if live.state.Current == "" && live.pending == nil && !opts.Force {
		if err := checkEmpty(ctx, b); err != nil {
			return nil, err
		}
	}
	read := func(_ context.Context, p string, e manifestEntry) ([]byte, error) {
		data, err := fs.ReadFile(site, p)
		if err == nil && hashContent(data) != e.SHA256 {
			err = fmt.Errorf("%s changed while it was being published", p)
		}
		return data, err
	}
	return apply(ctx, b, live, target, read, true, opts)
}

// Rollback makes the bucket serve the release before the live one again,
// re-uploading the files that differ from the copies kept under
// .wrapup/objects/. When an earlier publish was killed halfway, Rollback
// instead undoes what that publish wrote, restoring the live release whole.
func Rollback(ctx context.Context, b *blob.Bucket, opts Options) (*Result, error) {
	if err := checkAccess(ctx, b); err != nil {
		return nil, err
	}
	live, err := readLive(ctx, b)
	if err != nil {
		return nil, err
	}
	if live.state.Current == "" && live.pending == nil {
		return nil, errors.New("nothing to roll back: no release has been published here")
	}
	if live.state.Current == "" {
		// A killed first publish: undo it by deleting what it wrote.
		return apply(ctx, b, live, &manifest{Files: map[string]manifestEntry{}}, nil, false, opts)
	}
	name := live.state.Current // undo a killed run: back to the live release
	if live.pending == nil {
		name = ""
		for _, r := range live.state.Releases {
			if r < live.state.Current {
				name = r
			}
		}
		if name == "" {
			return nil, fmt.Errorf("release %s is the oldest one kept: there is no earlier release to roll back to", live.state.Current)
		}
	}
	target, err := readManifest(ctx, b, name)
	if err != nil {
		return nil, err
	}
	fetch := func(ctx context.Context, p string, e manifestEntry) ([]byte, error) {
		data, err := b.ReadAll(ctx, objectsDir+e.SHA256)
		if err != nil {
			return nil, fmt.Errorf("reading the kept copy of %s: %w", p, err)
		}
		if hashContent(data) != e.SHA256 {
			return nil, fmt.Errorf("the kept copy of %s (%s%s) is damaged: its content does not match its hash", p, objectsDir, e.SHA256)
		}
		return data, nil
	}
	return apply(ctx, b, live, target, fetch, false, opts)
}

func uniqueName(name string, existing []string) string {
	base := name
	for i := 2; contains(existing, name); i++ {
		name = fmt.Sprintf("%s-%d", base, i)
	}
	return name
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
