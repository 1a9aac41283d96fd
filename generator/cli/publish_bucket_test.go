package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// The bucket publishing itself is tested against a real S3 server in
// generator/publish/bucket; these are the command line's own checks, which
// need no server.
func TestPublishBucketFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"publish", "--to", "s3://key:secret@sites/wrapups"}, exitUsage, "must not hold credentials"},
		{[]string{"publish", "--to", "s3://sites/wrapups?secret_key=x"}, exitUsage, "does not belong in the URL"},
		{[]string{"publish", "--to", filepath.Join(t.TempDir(), "www"), "--dry-run"}, exitUsage, "--dry-run is for bucket URLs"},
	} {
		code, _, errs := run(c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, %q; want %d and %q", c.args, code, errs, c.code, c.want)
		}
		if strings.Contains(errs, "key:secret") {
			t.Errorf("%v: the error repeats the credentials: %s", c.args, errs)
		}
	}
	_, out, _ := run("publish", "--help")
	for _, flag := range []string{"-dry-run", "-max-deletes", "s3://BUCKET/PREFIX"} {
		if !strings.Contains(out, flag) {
			t.Errorf("publish --help lacks %s", flag)
		}
	}
}
