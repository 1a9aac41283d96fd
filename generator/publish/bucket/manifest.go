package bucket

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// Keys of wrapup's own objects, under the site's prefix. Their folder starts
// with a dot so that web servers that hide dot files (see docs/hosting.md)
// never serve them, and no site file can have such a name.
const (
	metaDir     = ".wrapup/"
	stateKey    = metaDir + "state.json"   // which release is live, which are kept
	pendingKey  = metaDir + "pending.json" // a publish that started and has not finished
	releasesDir = metaDir + "releases/"    // one manifest per kept release
	objectsDir  = metaDir + "objects/"     // earlier file contents, by hash, for --rollback
)

// manifestEntry is one published file: its content hash and the headers it is
// served with. Two entries are equal when the object in the bucket need not
// be written again.
type manifestEntry struct {
	SHA256       string `json:"sha256"`
	Size         int64  `json:"size"`
	ContentType  string `json:"type"`
	CacheControl string `json:"cache"`
}

// manifest is one release: every file of the site, by path.
type manifest struct {
	Release string                   `json:"release"`
	Files   map[string]manifestEntry `json:"files"`
}

// paths returns the manifest's paths, sorted.
func (m *manifest) paths() []string {
	paths := make([]string, 0, len(m.Files))
	for p := range m.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths
}

// state is what .wrapup/state.json holds: the live release and the
// releases kept for --rollback, oldest first. Writing it is the moment a
// publish counts as done.
type state struct {
	Current  string   `json:"current"`
	Releases []string `json:"releases"`
}

// pending is what .wrapup/pending.json holds while a publish or rollback is
// under way: the release it is making, the release that was live when it
// started, and every path it may have written or deleted. When a run is
// killed, the next one treats those paths as unknown.
type pending struct {
	Release string   `json:"release"`
	Base    string   `json:"base"`
	Touched []string `json:"touched"`
}

// hashContent returns the hex SHA-256 of data.
func hashContent(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// manifestOf reads every regular file of site and returns the release
// manifest (named release) for it.
func manifestOf(site fs.FS, release string) (*manifest, error) {
	m := &manifest{Release: release, Files: map[string]manifestEntry{}}
	err := fs.WalkDir(site, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		if strings.HasPrefix(p, metaDir) {
			return fmt.Errorf("%s: the site may not contain %s, which wrapup keeps its release records in", p, metaDir)
		}
		data, err := fs.ReadFile(site, p)
		if err != nil {
			return err
		}
		m.Files[p] = manifestEntry{
			SHA256:       hashContent(data),
			Size:         int64(len(data)),
			ContentType:  contentType(p),
			CacheControl: cacheControl(p),
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(m.Files) == 0 {
		return nil, fmt.Errorf("the site has no files to publish")
	}
	return m, nil
}

func decodeJSON(data []byte, key string, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("reading %s in the bucket: %w (it is written by wrapup publish: was it edited by hand?)", key, err)
	}
	return nil
}
