package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wrapup/wrapup/generator/build"
)

// TestHostCheck: a page reached through another name (DNS rebinding) gets
// 403, pages and the event stream alike; loopback names, IP addresses and
// the --allowed-hosts names pass.
func TestHostCheck(t *testing.T) {
	s, _ := start(t, testSite(t), build.Options{Drafts: true})
	h := AllowHosts(s, []string{"wrapups.lan", ".dev.example"})
	for _, tc := range []struct {
		host, path string
		want       int
	}{
		{"evil.example", "/", http.StatusForbidden},
		{"evil.example:1313", "/windows/2024-03-02-dns-move/", http.StatusForbidden},
		{"evil.example", "/data/windows.json", http.StatusForbidden},
		{"localhost.evil.example", "/", http.StatusForbidden},
		{"wrapups.lan.evil.example", "/", http.StatusForbidden},
		{"127.0.0.1:1313", "/", http.StatusOK},
		{"[::1]:1313", "/", http.StatusOK},
		{"192.168.1.20:1313", "/", http.StatusOK},
		{"localhost:1313", "/", http.StatusOK},
		{"LOCALHOST", "/", http.StatusOK},
		{"preview.localhost", "/", http.StatusOK},
		{"wrapups.lan:1313", "/", http.StatusOK},
		{"a.dev.example", "/", http.StatusOK},
		{"dev.example", "/", http.StatusOK},
	} {
		req := httptest.NewRequest("GET", tc.path, nil)
		req.Host = tc.host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tc.want {
			t.Errorf("Host %s %s: %d, want %d", tc.host, tc.path, rec.Code, tc.want)
		}
		if tc.want == http.StatusForbidden && !strings.Contains(rec.Body.String(), "--allowed-hosts") {
			t.Errorf("Host %s: the refusal does not say how to allow it: %q", tc.host, rec.Body.String())
		}
	}
	// The event stream is refused before it starts.
	req := httptest.NewRequest("GET", eventsPath, nil)
	req.Host = "evil.example"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden || s.clientCount() != 0 {
		t.Errorf("event stream from another host: %d, %d streams", rec.Code, s.clientCount())
	}
}
