package cli

import (
	"net"
	"strings"
	"testing"
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
	if code := Run([]string{"serve", "--source", t.TempDir() + "/nope"}, &out, &errOut); code != ExitUsage || !strings.Contains(errOut.String(), "does not exist") {
		t.Errorf("exit %d, %q", code, errOut.String())
	}
}
