// Reading what the bucket holds now: the live release's manifest and state,
// the saved objects, and the check that a first publish goes to an empty prefix.

package bucket

import (
	"context"
	"errors"
	"fmt"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
)

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
