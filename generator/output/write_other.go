//go:build !unix

package output

// writeNew writes data to the new file p (see createNew).
func writeNew(p string, data []byte) error {
	f, err := createNew(p)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
