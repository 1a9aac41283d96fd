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
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"time"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
	"golang.org/x/sync/errgroup"
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

// live is what the bucket holds now.
type live struct {
	state    state
	current  *manifest // the live release's manifest (empty when none)
	pending  *pending  // a run that did not finish, or nil
	objects  map[string]bool
	finished bool // pending.json is left over from a run that did finish
}

func readLive(ctx context.Context, b *blob.Bucket) (*live, error) {
	l := &live{current: &manifest{Files: map[string]manifestEntry{}}, objects: map[string]bool{}}
	data, err := b.ReadAll(ctx, stateKey)
	switch {
	case gcerrors.Code(err) == gcerrors.NotFound:
	case err != nil:
		return nil, explain(err, "reading "+stateKey)
	default:
		if err := decodeJSON(data, stateKey, &l.state); err != nil {
			return nil, err
		}
	}
	if l.state.Current != "" {
		if l.current, err = readManifest(ctx, b, l.state.Current); err != nil {
			return nil, err
		}
	}
	data, err = b.ReadAll(ctx, pendingKey)
	switch {
	case gcerrors.Code(err) == gcerrors.NotFound:
	case err != nil:
		return nil, explain(err, "reading "+pendingKey)
	default:
		var p pending
		if err := decodeJSON(data, pendingKey, &p); err != nil {
			return nil, err
		}
		if p.Release == l.state.Current && p.Release != "" && p.Base != p.Release {
			l.finished = true // killed after it committed: nothing to repair
		} else {
			l.pending = &p
		}
	}
	it := b.List(&blob.ListOptions{Prefix: objectsDir})
	for {
		obj, err := it.Next(ctx)
		if err != nil {
			if errors.Is(err, errEOF) {
				break
			}
			return nil, explain(err, "listing "+objectsDir)
		}
		l.objects[obj.Key[len(objectsDir):]] = true
	}
	return l, nil
}

func readManifest(ctx context.Context, b *blob.Bucket, release string) (*manifest, error) {
	key := releasesDir + release + ".json"
	data, err := b.ReadAll(ctx, key)
	if err != nil {
		return nil, explain(err, "reading the manifest of release "+release)
	}
	m := &manifest{}
	if err := decodeJSON(data, key, m); err != nil {
		return nil, err
	}
	if m.Files == nil {
		m.Files = map[string]manifestEntry{}
	}
	return m, nil
}

// checkEmpty refuses a first publish into a prefix that already holds files.
func checkEmpty(ctx context.Context, b *blob.Bucket) error {
	objs, _, err := b.ListPage(ctx, blob.FirstPageToken, 1, nil)
	if err != nil {
		return explain(err, "listing the bucket")
	}
	if len(objs) > 0 {
		return fmt.Errorf("%w: it holds %s and others but no wrapup release; publish to an empty prefix, or use --force to write the site over what is there (files at other paths are left alone)", ErrNotPublished, objs[0].Key)
	}
	return nil
}

// ErrNotPublished says a prefix holds files that no wrapup publish wrote.
var ErrNotPublished = errors.New("the bucket prefix is not an earlier wrapup publish")

// plan is what apply will do.
type plan struct {
	saves   []string        // live paths whose content is copied to objects/ first
	tiers   [4][]string     // site paths to write, by tier
	deletes []string        // site paths to delete
	touched map[string]bool // every path this run may change, plus a killed run's
	target  *manifest
}

func makePlan(l *live, target *manifest, haveBytes bool) (*plan, error) {
	p := &plan{target: target, touched: map[string]bool{}}
	dirty := map[string]bool{}
	if l.pending != nil {
		for _, path := range l.pending.Touched {
			dirty[path] = true
			p.touched[path] = true
		}
	}
	cur := l.current.Files
	var missing []string
	for _, path := range target.paths() {
		e := target.Files[path]
		old, had := cur[path]
		if had && old == e && !dirty[path] {
			continue
		}
		if !haveBytes && !l.objects[e.SHA256] {
			// A rollback takes content from objects/. A path a killed run
			// may have touched but never overwrote still holds it.
			if dirty[path] && had && old == e {
				continue
			}
			missing = append(missing, path)
			continue
		}
		t := tierOf(path, !had)
		p.tiers[t] = append(p.tiers[t], path)
		p.touched[path] = true
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("cannot roll back to release %s: the bucket has no kept copy of %d of its files (%s...)", target.Release, len(missing), missing[0])
	}
	gone := map[string]bool{}
	for path := range cur {
		gone[path] = true
	}
	for path := range dirty {
		gone[path] = true
	}
	for path := range gone {
		if _, ok := target.Files[path]; !ok {
			p.deletes = append(p.deletes, path)
			p.touched[path] = true
		}
	}
	sort.Strings(p.deletes)
	// Save what is overwritten or deleted, unless a copy is kept already. A
	// path a killed run touched whose copy is missing was not overwritten
	// (saving comes first), so it still holds the live content.
	saved := map[string]bool{}
	for path := range p.touched {
		old, had := cur[path]
		if !had || l.objects[old.SHA256] || saved[old.SHA256] {
			continue
		}
		if e, ok := target.Files[path]; ok && e == old && !dirty[path] {
			continue
		}
		saved[old.SHA256] = true
		p.saves = append(p.saves, path)
	}
	sort.Strings(p.saves)
	return p, nil
}

func (p *plan) writes() int {
	n := 0
	for _, t := range p.tiers {
		n += len(t)
	}
	return n
}

// apply makes the bucket serve target, taking each file's content from src.
// haveBytes says src has every file (a publish); otherwise (a rollback) it
// reads kept copies from objects/.
func apply(ctx context.Context, b *blob.Bucket, l *live, target *manifest, src source, haveBytes bool, opts Options) (*Result, error) {
	p, err := makePlan(l, target, haveBytes)
	if err != nil {
		return nil, err
	}
	res := &Result{Release: target.Release, Previous: l.state.Current, DryRun: opts.DryRun,
		Unchanged: len(target.Files) - p.writes(), Deleted: p.deletes}
	if l.pending != nil {
		res.Interrupted = l.pending.Release
	}
	for _, t := range p.tiers {
		res.Uploaded = append(res.Uploaded, t...)
		for _, path := range t {
			res.Bytes += target.Files[path].Size
		}
	}
	if opts.MaxDeletes >= 0 && len(p.deletes) > opts.MaxDeletes {
		return res, fmt.Errorf("this would delete %d files, more than --max-deletes %d allows; nothing was changed (raise --max-deletes if that is what you want)", len(p.deletes), opts.MaxDeletes)
	}
	if opts.DryRun {
		return res, nil
	}
	if len(p.touched) == 0 && l.pending == nil && l.state.Current != "" {
		// Nothing to change: the live release stays live (and --rollback
		// still goes to the one before it).
		res.Release = l.state.Current
		return res, nil
	}

	// 1. Record the run, so that a kill from here on is repaired next time.
	touched := make([]string, 0, len(p.touched))
	for path := range p.touched {
		touched = append(touched, path)
	}
	sort.Strings(touched)
	if err := writeJSON(ctx, b, pendingKey, pending{Release: target.Release, Base: l.state.Current, Touched: touched}); err != nil {
		return nil, explain(err, "starting the publish (writing "+pendingKey+")")
	}
	if target.Release != "" {
		if err := writeJSON(ctx, b, releasesDir+target.Release+".json", target); err != nil {
			return nil, explain(err, "writing the release manifest")
		}
	}
	total := len(p.saves) + p.writes() + len(p.deletes)
	var mu sync.Mutex
	done := 0
	report := func(step, path string) {
		mu.Lock()
		defer mu.Unlock()
		done++
		if opts.Progress != nil {
			opts.Progress(Progress{Done: done, Total: total, Step: step, Path: path})
		}
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = DefaultWorkers
	}
	cur := l.current.Files

	// 2. Keep the content of every file about to be overwritten or deleted.
	err = each(ctx, workers, p.saves, func(ctx context.Context, path string) error {
		if err := b.Copy(ctx, objectsDir+cur[path].SHA256, path, nil); err != nil {
			return explain(err, "keeping a copy of "+path)
		}
		report("saving", path)
		return nil
	})
	if err != nil {
		return nil, interrupted(err)
	}
	// 3. Write, tier by tier: what pages need before the pages, pages
	// before what links to them.
	for tier, paths := range p.tiers {
		step := uploadTier(tier).String()
		err := each(ctx, workers, paths, func(ctx context.Context, path string) error {
			e := target.Files[path]
			data, err := src(ctx, path, e)
			if err != nil {
				return err
			}
			err = b.WriteAll(ctx, path, data, &blob.WriterOptions{
				ContentType:                 e.ContentType,
				CacheControl:                e.CacheControl,
				DisableContentTypeDetection: true,
				Metadata:                    map[string]string{"sha256": e.SHA256},
			})
			if err != nil {
				return explain(err, "uploading "+path)
			}
			report(step, path)
			return nil
		})
		if err != nil {
			return nil, interrupted(err)
		}
	}
	// 4. Delete what the release no longer has: nothing live links to it.
	err = each(ctx, workers, p.deletes, func(ctx context.Context, path string) error {
		if err := b.Delete(ctx, path); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			return explain(err, "deleting "+path)
		}
		report("deleting", path)
		return nil
	})
	if err != nil {
		return nil, interrupted(err)
	}
	// 5. Commit: the bucket now serves target.
	st := state{Current: target.Release, Releases: l.state.Releases}
	if target.Release != "" && !contains(st.Releases, target.Release) {
		st.Releases = append(st.Releases, target.Release)
		sort.Strings(st.Releases)
	}
	keep := opts.Keep
	if keep == 0 {
		keep = defaultKeep
	}
	keep = max(keep, 2)
	for len(st.Releases) > keep {
		i := 0
		for i < len(st.Releases) && (st.Releases[i] == st.Current || st.Releases[i] == l.state.Current) {
			i++
		}
		if i == len(st.Releases) {
			break
		}
		st.Releases = append(st.Releases[:i:i], st.Releases[i+1:]...)
	}
	if err := writeJSON(ctx, b, stateKey, st); err != nil {
		return nil, interrupted(explain(err, "recording the new release"))
	}
	// 6. Tidy up; failures here leave the site as it should be.
	if err := b.Delete(ctx, pendingKey); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		res.Warnings = append(res.Warnings, "could not remove "+pendingKey+": "+err.Error())
	}
	res.Warnings = append(res.Warnings, prune(ctx, b, st, l.objects, p, cur)...)
	return res, nil
}

// prune deletes the manifests of releases no longer kept and the kept
// copies no kept release refers to.
func prune(ctx context.Context, b *blob.Bucket, st state, objects map[string]bool, p *plan, cur map[string]manifestEntry) []string {
	var warnings []string
	// Manifests of releases no longer kept, and of runs that were killed.
	it := b.List(&blob.ListOptions{Prefix: releasesDir})
	for {
		obj, err := it.Next(ctx)
		if errors.Is(err, errEOF) {
			break
		}
		if err != nil {
			return append(warnings, fmt.Sprintf("old release manifests not pruned: %v", err))
		}
		name := strings.TrimSuffix(obj.Key[len(releasesDir):], ".json")
		if contains(st.Releases, name) {
			continue
		}
		if err := b.Delete(ctx, obj.Key); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			warnings = append(warnings, fmt.Sprintf("could not delete the manifest of old release %s: %v", name, err))
		}
	}
	needed := map[string]bool{}
	for _, r := range st.Releases {
		m, err := readManifest(ctx, b, r)
		if err != nil {
			return append(warnings, fmt.Sprintf("kept copies not pruned: %v", err))
		}
		for _, e := range m.Files {
			needed[e.SHA256] = true
		}
	}
	have := map[string]bool{}
	for h := range objects {
		have[h] = true
	}
	for _, path := range p.saves {
		have[cur[path].SHA256] = true
	}
	for h := range have {
		if needed[h] {
			continue
		}
		if err := b.Delete(ctx, objectsDir+h); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			warnings = append(warnings, fmt.Sprintf("could not delete the unused copy %s%s: %v", objectsDir, h, err))
		}
	}
	return warnings
}

// each runs fn on every path, workers at a time, and stops at the first error.
func each(ctx context.Context, workers int, paths []string, fn func(context.Context, string) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for _, path := range paths {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error { return fn(gctx, path) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err() // stopped from outside between two files
}

// ErrInterrupted marks an error that stopped a publish after it had begun
// to change the bucket.
var ErrInterrupted = errors.New("the publish stopped halfway")

func interrupted(err error) error {
	return fmt.Errorf("%w: %w", ErrInterrupted, err)
}

func writeJSON(ctx context.Context, b *blob.Bucket, key string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	return b.WriteAll(ctx, key, buf.Bytes(), &blob.WriterOptions{
		ContentType: "application/json", CacheControl: "no-store", DisableContentTypeDetection: true})
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
