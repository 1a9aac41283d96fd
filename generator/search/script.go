package search

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
)

// writer hands on files with content-hashed names, each once.
type writer struct {
	put   func(name string, data []byte) error
	names map[string]bool // the files handed on
	err   error           // the first error of put; later files are dropped
	zip   *zlib.Writer
	zbuf  bytes.Buffer
}

// add writes data as search/<kind>/<hash>.js and returns "<kind>/<hash>",
// the name the client asks for.
func (w *writer) add(kind string, data any) (string, error) {
	body, err := json.Marshal(data)
	if err != nil {
		return "", err
	}
	return w.addBody(kind, body), nil
}

func (w *writer) addBody(kind string, body []byte) string {
	sum := sha256.Sum256(body)
	name := kind + "/" + hex.EncodeToString(sum[:6])
	w.putScript(name, body)
	return name
}

// addPacked writes data as add does, compressed: the script hands over a
// string, the base64 of the zlib-compressed JSON, which search.js inflates
// with the browser's DecompressionStream. Document texts shrink several
// times, so a result past its terms' best ones costs a few kilobytes.
func (w *writer) addPacked(kind string, data any) (string, error) {
	body, err := json.Marshal(data)
	if err != nil {
		return "", err
	}
	w.zbuf.Reset()
	if w.zip == nil {
		// Level 4: at 10k windows, level 9 made the index 3% smaller
		// for 0.9 s more CPU (1.4 s of compression instead of 0.5 s).
		w.zip, err = zlib.NewWriterLevel(&w.zbuf, 4)
		if err != nil {
			return "", err
		}
	} else {
		w.zip.Reset(&w.zbuf)
	}
	if _, err := w.zip.Write(body); err != nil {
		return "", err
	}
	if err := w.zip.Close(); err != nil {
		return "", err
	}
	packed := make([]byte, 0, base64.StdEncoding.EncodedLen(w.zbuf.Len())+2)
	packed = append(packed, '"')
	packed = base64.StdEncoding.AppendEncode(packed, w.zbuf.Bytes())
	packed = append(packed, '"')
	return w.addBody(kind, packed), nil
}

// putJSON writes data as search/<name>.js.
func (w *writer) putJSON(name string, data any) error {
	body, err := json.Marshal(data)
	if err != nil {
		return err
	}
	w.putScript(name, body)
	return w.err
}

// putScript writes search/<name>.js, a script that registers the data under
// its name with the loader of search.js.
func (w *writer) putScript(name string, body []byte) {
	js := make([]byte, 0, len(body)+len(name)+40)
	js = append(js, `wrapupSearchData("`...)
	js = append(js, name...)
	js = append(js, `",`...)
	js = append(js, body...)
	js = append(js, ");\n"...)
	file := Dir + name + ".js"
	if w.err != nil || w.names[file] { // the same name is the same content
		return
	}
	w.names[file] = true
	w.err = w.put(file, js)
}

// Sink is where the index files go (output.Sink).
type Sink interface {
	WriteFile(name string, data []byte) error
}

// Stats describe a written index.
type Stats struct {
	Docs, Terms, Files int
	Bytes              int
}

// Write indexes the site and writes the index files to sink.
func (ix *Index) Write(sink Sink, opts Options) (Stats, error) {
	files, err := ix.Files(opts)
	if err != nil {
		return Stats{}, err
	}
	st := Stats{Docs: len(ix.Docs), Terms: len(ix.Terms), Files: len(files)}
	for _, name := range sortedKeys(files) {
		st.Bytes += len(files[name])
		if err := sink.WriteFile(name, files[name]); err != nil {
			return st, err
		}
	}
	return st, nil
}
