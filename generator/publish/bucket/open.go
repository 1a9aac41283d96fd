package bucket

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"

	"github.com/aws/smithy-go"
	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"

	// The storage services a --to URL may name.
	_ "gocloud.dev/blob/azureblob"
	_ "gocloud.dev/blob/gcsblob"
	_ "gocloud.dev/blob/s3blob"
)

var errEOF = io.EOF

// schemes are the URL schemes Open accepts.
var schemes = []string{"s3", "gs", "azblob"}

// IsURL reports whether to names a bucket (s3://, gs://, azblob://) rather
// than a folder.
func IsURL(to string) bool {
	for _, s := range schemes {
		if strings.HasPrefix(to, s+"://") {
			return true
		}
	}
	return false
}

// Location is a parsed --to URL: the bucket, the prefix the site goes under,
// and the gocloud.dev URL that opens the bucket.
type Location struct {
	Scheme, Bucket, Prefix string
	Endpoint               string // the S3 endpoint, when not AWS's own
	openURL                string
}

// String names the location for messages: scheme, bucket, prefix and
// endpoint, never any credential.
func (l Location) String() string {
	s := l.Scheme + "://" + l.Bucket + "/" + l.Prefix
	if l.Endpoint != "" {
		s += " at " + l.Endpoint
	}
	return s
}

// ParseURL reads a --to URL such as
//
//	s3://wrapups/it/wrapups?endpoint=http://minio.intranet:9000&region=us-east-1
//	gs://intranet-sites/wrapups
//	azblob://sites/wrapups
//
// The path is the prefix the site is published under. The query holds the
// gocloud.dev/blob options of the service (for S3: endpoint, region,
// profile, use_path_style...). Credentials never go in the URL: they come
// from the service's usual environment variables and config files.
func ParseURL(raw string) (Location, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Location{}, errors.New("--to is not a valid URL: write s3://BUCKET/PREFIX?endpoint=http://HOST:PORT")
	}
	if !IsURL(raw) {
		return Location{}, fmt.Errorf("--to %s: the bucket URL must start with s3://, gs:// or azblob://", u.Redacted())
	}
	if u.User != nil {
		return Location{}, fmt.Errorf("--to: a bucket URL must not hold credentials (user:password@); give them through the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ...)")
	}
	if u.Host == "" {
		return Location{}, fmt.Errorf("--to %q names no bucket: write %s://BUCKET/PREFIX", raw, u.Scheme)
	}
	q := u.Query()
	for _, secret := range []string{"access_key", "secret_key", "accessKey", "secretKey", "aws_access_key_id", "aws_secret_access_key", "password", "token"} {
		if q.Has(secret) {
			return Location{}, fmt.Errorf("--to: %s does not belong in the URL; give credentials through the environment or the service's config files", secret)
		}
	}
	prefix := strings.Trim(u.Path, "/")
	if q.Has("prefix") {
		return Location{}, fmt.Errorf("--to %q: write the prefix as the URL's path (%s://%s/PREFIX), not as ?prefix=", raw, u.Scheme, u.Host)
	}
	if prefix != "" {
		q.Set("prefix", prefix+"/")
	}
	loc := Location{Scheme: u.Scheme, Bucket: u.Host, Prefix: prefix}
	if u.Scheme == "s3" && q.Has("endpoint") {
		loc.Endpoint = q.Get("endpoint")
		// Self-hosted S3 services (MinIO, Ceph, SeaweedFS...) rarely have a
		// DNS name per bucket: address buckets by path.
		if !q.Has("use_path_style") && !q.Has("s3ForcePathStyle") {
			q.Set("use_path_style", "true")
		}
		// The SDK insists on a region, which such services ignore.
		if !q.Has("region") && os.Getenv("AWS_REGION") == "" && os.Getenv("AWS_DEFAULT_REGION") == "" && os.Getenv("AWS_PROFILE") == "" {
			q.Set("region", "us-east-1")
		}
	}
	u.Path, u.RawQuery = "", q.Encode()
	loc.openURL = u.String()
	return loc, nil
}

// Open opens the bucket at loc, with the site's prefix applied: keys are
// site paths.
func Open(ctx context.Context, loc Location) (*blob.Bucket, error) {
	b, err := blob.OpenBucket(ctx, loc.openURL)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", loc, err)
	}
	return b, nil
}

// ErrNoBucket says the bucket does not exist.
var ErrNoBucket = errors.New("the bucket does not exist")

// ErrAccess says the service refused the credentials or the access.
var ErrAccess = errors.New("access denied")

// ErrUnreachable says the storage service could not be reached.
var ErrUnreachable = errors.New("cannot reach the storage service")

// checkAccess makes sure the bucket exists and the credentials are good
// before anything is written.
func checkAccess(ctx context.Context, b *blob.Bucket) error {
	ok, err := b.IsAccessible(ctx)
	if err != nil {
		return explain(err, "checking the bucket")
	}
	if !ok {
		return fmt.Errorf("%w: create it first (nothing was published)", ErrNoBucket)
	}
	return nil
}

// explain turns a storage error into one that says what went wrong in a
// reader's terms, keeping the service's own message.
func explain(err error, doing string) error {
	if err == nil {
		return nil
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		switch api.ErrorCode() {
		case "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "AccessDenied", "Forbidden", "InvalidSecurity":
			return fmt.Errorf("%s: %w: the service refused the credentials (%s: %s); check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE or ~/.aws/credentials, and the bucket's policy",
				doing, ErrAccess, api.ErrorCode(), api.ErrorMessage())
		case "NoSuchBucket":
			return fmt.Errorf("%s: %w", doing, ErrNoBucket)
		}
	}
	var netErr *net.OpError
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &dnsErr):
		return fmt.Errorf("%s: %w: no such host %s", doing, ErrUnreachable, dnsErr.Name)
	case errors.As(err, &netErr):
		return fmt.Errorf("%s: %w: %v", doing, ErrUnreachable, netErr)
	case strings.Contains(err.Error(), "failed to retrieve credentials") || strings.Contains(err.Error(), "no EC2 IMDS role found"):
		return fmt.Errorf("%s: %w: no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with ~/.aws/credentials", doing, ErrAccess)
	case gcerrors.Code(err) == gcerrors.PermissionDenied:
		return fmt.Errorf("%s: %w: %v", doing, ErrAccess, err)
	case gcerrors.Code(err) == gcerrors.Canceled || errors.Is(err, context.Canceled):
		return fmt.Errorf("%s: canceled", doing)
	}
	return fmt.Errorf("%s: %w", doing, err)
}
