// Carrying out a plan: save, write tier by tier, switch the state, delete,
// and prune the releases and objects past the ones kept.

package bucket

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
	"golang.org/x/sync/errgroup"
)

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
