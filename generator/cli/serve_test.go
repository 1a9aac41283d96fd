package cli

import (
	"context"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestServePortChoice(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := busy.Addr().(*net.TCPAddr).Port

	// Asked for explicitly: a clear error.
	if ln, err := listen("127.0.0.1", port, true); err == nil {
		ln.Close()
		t.Fatal("listening on a busy port given with --port")
	} else if !strings.Contains(err.Error(), "already in use") || !strings.Contains(err.Error(), "--port") {
		t.Errorf("unclear error: %v", err)
	}
	// The default: the next free port.
	ln, err := listen("127.0.0.1", port, false)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if got := ln.Addr().(*net.TCPAddr).Port; got <= port || got > port+20 {
		t.Errorf("took port %d after busy %d", got, port)
	}
}

func TestServeRejectsAMissingSource(t *testing.T) {
	var out, errOut strings.Builder
	if code := Run([]string{"serve", "--source", t.TempDir() + "/nope"}, &out, &errOut); code != exitUsage || !strings.Contains(errOut.String(), "does not exist") {
		t.Errorf("exit %d, %q", code, errOut.String())
	}
}

// syncBuffer is a strings.Builder safe for a server goroutine and a test.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveSite runs wrapup serve with args on a free port until the test ends
// and returns its URL.
func serveSite(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	old := serveContext
	serveContext = func() (context.Context, context.CancelFunc) { return ctx, cancel }
	var out, errOut syncBuffer
	done := make(chan int)
	go func() { done <- Run(append([]string{"serve", "--port", "0"}, args...), &out, &errOut) }()
	t.Cleanup(func() {
		cancel()
		<-done
		serveContext = old
	})
	re := regexp.MustCompile(`at (http://\S+/) `)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return strings.TrimSuffix(m[1], "/")
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("serve did not start: %s %s", out.String(), errOut.String())
	return ""
}

func getWithHost(t *testing.T, url, host string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestServeChecksHost: DNS rebinding defence on the real command.
func TestServeChecksHost(t *testing.T) {
	url := serveSite(t, "--source", newSite(t), "--allowed-hosts", "wrapups.lan, .corp.example")
	for host, want := range map[string]int{
		"evil.example":          http.StatusForbidden,
		"localhost":             http.StatusOK,
		"127.0.0.1":             http.StatusOK,
		"wrapups.lan":           http.StatusOK,
		"intranet.corp.example": http.StatusOK,
	} {
		if got := getWithHost(t, url+"/", host); got != want {
			t.Errorf("Host %s: %d, want %d", host, got, want)
		}
	}
}
