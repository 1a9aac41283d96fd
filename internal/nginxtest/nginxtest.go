// Package nginxtest starts Debian's nginx on a loopback address for tests
// that serve a built site through a real web server.
package nginxtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// Start runs bin (an nginx binary) in the foreground with server, one
// `server { ... }` block listening on addr, inside a minimal http block whose
// files all live in a temporary folder. It waits until addr accepts
// connections; the test's cleanup stops nginx and, if the test failed, logs
// nginx's error log.
func Start(t *testing.T, bin, addr, server string) {
	t.Helper()
	run := t.TempDir()
	conf := fmt.Sprintf(`daemon off;
master_process off;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path %[1]s/body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
%[2]s
}
`, run, server)
	confPath := filepath.Join(run, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", run, "-c", confPath, "-e", filepath.Join(run, "error.log"))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			if log, err := os.ReadFile(filepath.Join(run, "error.log")); err == nil {
				t.Logf("nginx error.log:\n%s", log)
			}
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			conn.Close()
			return
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(run, "error.log"))
			t.Fatalf("nginx did not start on %s:\n%s", addr, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
