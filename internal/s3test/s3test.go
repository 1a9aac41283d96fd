// Package s3test runs a real S3-compatible server for tests: SeaweedFS's
// `weed server -s3`, as a separate process bound to 127.0.0.1, with one
// access key that may do everything and anonymous read access (so that a
// web server in front of it can serve a published site, as on an intranet).
//
// The weed binary is found through $WRAPUP_WEED, PATH or the cache folder
// .ci/run builds it into. When it is missing, tests skip, except in CI (CI set), where they
// fail.
package s3test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// The test server's credentials. They are test fixtures, not secrets.
const (
	AccessKey = "wrapup-test"
	SecretKey = "wrapup-test-secret-key"
)

// Server is a running weed server.
type Server struct {
	Endpoint string // the S3 endpoint, http://127.0.0.1:PORT
	Client   *s3.Client
	cmd      *exec.Cmd
	dir, log string
}

// Binary returns the weed binary, or "": $WRAPUP_WEED, weed on PATH, or the
// one .ci/run built into ~/.cache/wrapup/weed-VERSION/.
func Binary() string {
	names := []string{os.Getenv("WRAPUP_WEED"), "weed"}
	if cache, err := os.UserCacheDir(); err == nil {
		built, _ := filepath.Glob(filepath.Join(cache, "wrapup", "weed-*", "weed"))
		sort.Sort(sort.Reverse(sort.StringSlice(built)))
		names = append(names, built...)
	}
	for _, name := range names {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Main runs a test package's tests with a server started for them all (in
// *srv; nil when weed is missing outside CI) and stops it afterwards. Use it
// from TestMain. It also points the AWS SDK at the server's credentials and
// away from anything on the machine (config files, instance metadata).
func Main(m *testing.M, srv **Server) int {
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID":           AccessKey,
		"AWS_SECRET_ACCESS_KEY":       SecretKey,
		"AWS_SESSION_TOKEN":           "",
		"AWS_PROFILE":                 "",
		"AWS_REGION":                  "",
		"AWS_DEFAULT_REGION":          "",
		"AWS_EC2_METADATA_DISABLED":   "true",
		"AWS_CONFIG_FILE":             os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
	} {
		if v == "" {
			os.Unsetenv(k)
		} else {
			os.Setenv(k, v)
		}
	}
	bin := Binary()
	if bin == "" {
		if os.Getenv("CI") != "" {
			fmt.Fprintln(os.Stderr, "s3test: the weed binary (SeaweedFS) is missing: .ci/run must build it and put it on PATH or in $WRAPUP_WEED")
			return 1
		}
		return m.Run()
	}
	s, err := start(bin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "s3test:", err)
		return 1
	}
	*srv = s
	code := m.Run()
	s.stop()
	return code
}

// Need returns srv, or skips the test (fails it in CI) when there is none.
func Need(t testing.TB, srv *Server) *Server {
	t.Helper()
	if srv == nil {
		if os.Getenv("CI") != "" {
			t.Fatal("no S3 server: .ci/run must build SeaweedFS's weed")
		}
		t.Skip("SeaweedFS's weed is not installed (see .ci/run, or set WRAPUP_WEED); CI fails instead of skipping")
	}
	return srv
}

func freePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for len(ports) < n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func start(bin string) (*Server, error) {
	dir, err := os.MkdirTemp("", "wrapup-s3test-")
	if err != nil {
		return nil, err
	}
	config := map[string]any{"identities": []any{
		map[string]any{
			"name":        "wrapup",
			"credentials": []any{map[string]string{"accessKey": AccessKey, "secretKey": SecretKey}},
			"actions":     []string{"Admin", "Read", "List", "Tagging", "Write"},
		},
		// Readers (nginx in front of the bucket) fetch without signing.
		map[string]any{"name": "anonymous", "actions": []string{"Read"}},
	}}
	data, _ := json.Marshal(config)
	if err := os.WriteFile(filepath.Join(dir, "s3.json"), data, 0o600); err != nil {
		return nil, err
	}
	ports, err := freePorts(8)
	if err != nil {
		return nil, err
	}
	p := func(i int) string { return strconv.Itoa(ports[i]) }
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		return nil, err
	}
	args := []string{"server",
		"-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-dir=" + filepath.Join(dir, "data"),
		"-master.port=" + p(0), "-master.port.grpc=" + p(1),
		"-master.volumeSizeLimitMB=16", "-master.telemetry=false",
		"-volume.port=" + p(2), "-volume.port.grpc=" + p(3), "-volume.max=200",
		"-filer", "-filer.port=" + p(4), "-filer.port.grpc=" + p(5),
		"-s3", "-s3.port=" + p(6), "-s3.port.grpc=" + p(7),
		"-s3.port.iceberg=0", "-s3.port.lance=0",
		"-s3.config=" + filepath.Join(dir, "s3.json"), "-s3.autoCreateBucket=false",
	}
	logPath := filepath.Join(dir, "weed.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	logFile.Close()
	s := &Server{Endpoint: "http://127.0.0.1:" + p(6), cmd: cmd, dir: dir, log: logPath}
	s.Client = s3.New(s3.Options{
		BaseEndpoint: aws.String(s.Endpoint), Region: "us-east-1", UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider(AccessKey, SecretKey, ""),
	})
	// Ready when the S3 gateway answers and a bucket can be written (the
	// filer and a volume are up).
	deadline := time.Now().Add(120 * time.Second)
	probe := "wrapup-s3test-probe"
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = s.tryProbe(ctx, probe)
		cancel()
		if err == nil {
			return s, nil
		}
		if time.Now().After(deadline) || cmd.ProcessState != nil {
			s.stop()
			return nil, fmt.Errorf("weed server did not become ready: %v\n%s", err, s.logTail())
		}
		time.Sleep(300 * time.Millisecond)
	}
}

func (s *Server) tryProbe(ctx context.Context, bucket string) error {
	if _, err := s.Client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: &bucket}); err != nil {
		if _, err := s.Client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: &bucket}); err != nil && !strings.Contains(err.Error(), "BucketAlreadyExists") {
			return err
		}
	}
	key := "probe"
	_, err := s.Client.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: strings.NewReader("ok")})
	return err
}

func (s *Server) logTail() string {
	data, _ := os.ReadFile(s.log)
	if len(data) > 4000 {
		data = data[len(data)-4000:]
	}
	return string(data)
}

// stop ends the server and removes its data.
func (s *Server) stop() {
	if s.cmd.Process != nil {
		syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	}
	os.RemoveAll(s.dir)
}

// CreateBucket makes a new, empty bucket.
func (s *Server) CreateBucket(t testing.TB, name string) {
	t.Helper()
	if _, err := s.Client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: &name}); err != nil {
		t.Fatalf("creating bucket %s: %v", name, err)
	}
}

// URL returns the --to URL of prefix in bucket.
func (s *Server) URL(bucket, prefix string) string {
	return "s3://" + bucket + "/" + prefix + "?endpoint=" + s.Endpoint + "&region=us-east-1"
}
