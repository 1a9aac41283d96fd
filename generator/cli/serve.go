package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/server"
	"github.com/wrapup/wrapup/generator/watch"
)

// serveContext is the context that ends the dev server: Ctrl+C or SIGTERM.
// Tests replace it.
var serveContext = func() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

const defaultPort = 1313

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "serve [flags]",
		"Builds the site in --source into memory and serves it with live reload: every saved\n"+
			"file rebuilds what it changed and open pages reload; errors show on the page.\n"+
			"Drafts are shown, marked as drafts. Nothing is written to public/.", stdout, stderr)
	source := fs.String("source", ".", "site folder (holds wrapup.yaml and content/)")
	port := fs.Int("port", defaultPort, "port to listen on (when the default is busy, the next free one is taken)")
	bind := fs.String("bind", "127.0.0.1", "address to listen on (0.0.0.0 serves the whole network)")
	poll := fs.Duration("poll", 0, "look for changes this often (e.g. 500ms) instead of waiting for file events:\nfor network shares, containers and WSL, where events do not arrive")
	noDrafts := fs.Bool("no-drafts", false, "leave drafts out, as the published site does")
	open := fs.Bool("open", false, "open the site in the default browser")
	allowedHosts := fs.String("allowed-hosts", "", "comma-separated host names the server answers to besides localhost and IP addresses\n(e.g. wrapups.lan; .example.com allows every name under it); other names get 403,\nagainst DNS rebinding")
	if code, stop := parseFlags(fs, args, stdout); stop {
		return code
	}
	explicitPort := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "port" {
			explicitPort = true
		}
	})
	if *poll < 0 {
		fmt.Fprintln(stderr, "wrapup serve: --poll must be a positive interval like 500ms")
		return exitUsage
	}
	if !requireSite("serve", *source, stderr) {
		return exitUsage
	}
	ln, err := listen(*bind, *port, explicitPort)
	if err != nil {
		fmt.Fprintln(stderr, "wrapup serve:", err)
		return exitUsage
	}
	defer ln.Close()
	got := ln.Addr().(*net.TCPAddr).Port
	if got != *port {
		fmt.Fprintf(stdout, "port %d is busy: using %d\n", *port, got)
	}

	session := build.NewSession(os.DirFS(*source), build.Options{Drafts: !*noDrafts, LiveReload: server.ScriptURL})
	srv := server.New(session, stdout)
	defer srv.Close()
	fmt.Fprintf(stdout, "building %s\n", *source)
	g := srv.Rebuild(nil)
	if g.Err == nil {
		drafts := "drafts shown"
		if *noDrafts {
			drafts = "drafts left out"
		}
		fmt.Fprintf(stdout, "built %s, %s in %s (%s); pages are made when first asked for\n",
			plural(len(g.Result.Published), "window", "windows"), plural(g.Pages(), "page", "pages"), g.Took.Round(time.Millisecond), drafts)
	} else {
		fmt.Fprintln(stdout, "the site has errors: the browser shows them until the files are fixed")
	}

	w, err := watch.New(*source, watch.Options{Poll: *poll})
	if err != nil {
		fmt.Fprintln(stderr, "wrapup serve: watching files:", err)
		return exitContent
	}
	defer w.Close()

	httpSrv := &http.Server{Handler: server.AllowHosts(srv, hostNames(*bind, *allowedHosts)), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- httpSrv.Serve(ln) }()
	host := *bind
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	url := "http://" + net.JoinHostPort(host, strconv.Itoa(got)) + "/"
	how := "watching for changes"
	if *poll > 0 {
		how = fmt.Sprintf("looking for changes every %s", *poll)
	}
	fmt.Fprintf(stdout, "serving %s at %s (%s; Ctrl+C to stop)\n", *source, url, how)
	if *open {
		openBrowser(url, stderr)
	}

	ctx, cancel := serveContext()
	defer cancel()
	for {
		select {
		case <-ctx.Done():
			fmt.Fprintln(stdout, "stopping")
			srv.Close()
			shutdown, done := context.WithTimeout(context.Background(), 3*time.Second)
			httpSrv.Shutdown(shutdown)
			done()
			return ExitOK
		case err := <-served:
			fmt.Fprintln(stderr, "wrapup serve:", err)
			return exitContent
		case batch, ok := <-w.Changes:
			if !ok {
				return exitContent
			}
			if batch != nil && len(batch) == 1 && batch[0] == watch.Rescan {
				batch = nil
			}
			srv.Rebuild(batch)
		case err := <-w.Errors:
			fmt.Fprintln(stderr, "wrapup serve: watching files:", err)
		}
	}
}

// hostNames are the names the server answers to besides localhost and IP
// addresses: --allowed-hosts, the bind address when it is a name, and the
// machine's own name when the server listens beyond loopback.
func hostNames(bind, allowed string) []string {
	names := strings.Split(allowed, ",")
	if net.ParseIP(bind) == nil && bind != "" {
		names = append(names, bind)
	}
	if ip := net.ParseIP(bind); bind == "" || (ip != nil && !ip.IsLoopback()) {
		if h, err := os.Hostname(); err == nil {
			names = append(names, h)
		}
	}
	return names
}

// listen opens the port on bind. A busy port the user asked for is an
// error; the default one moves on to the next free port.
func listen(bind string, port int, explicit bool) (net.Listener, error) {
	if port < 0 || port > 65535 {
		return nil, fmt.Errorf("--port %d is not a port number (1-65535, or 0 for any free one)", port)
	}
	tries := 1
	if !explicit && port != 0 {
		tries = 20
	}
	var first error
	for i := range tries {
		addr := net.JoinHostPort(bind, strconv.Itoa(port+i))
		ln, err := net.Listen("tcp", addr)
		if err == nil {
			return ln, nil
		}
		if first == nil {
			first = err
		}
		if !errors.Is(err, syscall.EADDRINUSE) {
			break
		}
	}
	if errors.Is(first, syscall.EADDRINUSE) {
		if explicit {
			return nil, fmt.Errorf("port %d on %s is already in use: stop the program using it or choose another with --port", port, bind)
		}
		return nil, fmt.Errorf("ports %d to %d on %s are all in use: choose a free one with --port", port, port+tries-1, bind)
	}
	return nil, fmt.Errorf("cannot listen on %s: %v", net.JoinHostPort(bind, strconv.Itoa(port)), first)
}

// openBrowser asks the desktop to open url; failing is not fatal.
func openBrowser(url string, stderr io.Writer) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "wrapup serve: cannot open a browser (%v): open %s yourself\n", err, url)
		return
	}
	go cmd.Wait()
}
