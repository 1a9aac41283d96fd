package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/load"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/output"
)

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("build", "build [flags]",
		"Builds the site in --source into --dest. The new site replaces --dest only when\nthe whole build succeeded: a failed build leaves the previous output as it was.", stdout, stderr)
	source := fs.String("source", ".", "site folder (holds wrapup.yaml and content/)")
	dest := fs.String("dest", "", "output folder (default <source>/public)")
	baseURL := fs.String("base-url", "", "base URL, overriding wrapup.yaml's base_url")
	drafts := fs.Bool("drafts", false, "publish draft windows and pages too")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	fileMode := fs.Bool("file-urls", false, "links end in index.html, so the site works opened from disk (file://)")
	now := fs.String("now", "", "the build's today, for overdue actions and upcoming windows (default: SOURCE_DATE_EPOCH or the clock)")
	force := fs.Bool("force", false, "replace --dest even when it holds files wrapup did not write, or lies in the site folder\n(never the site folder itself, content/ or themes/)")
	if code, stop := parseFlags(fs, args, stdout); stop {
		return code
	}
	if *dest == "" {
		*dest = filepath.Join(*source, "public")
	}
	today, err := buildTime(*now)
	if err != nil {
		fmt.Fprintln(stderr, "wrapup build:", err)
		return exitUsage
	}
	if !requireSite("build", *source, stderr) {
		return exitUsage
	}
	if err := output.CheckDest(*dest, *source, *force); err != nil {
		fmt.Fprintln(stderr, "wrapup build:", err)
		return exitUsage
	}
	started := time.Now()
	out, err := output.NewDir(*dest)
	if err != nil {
		fmt.Fprintln(stderr, "wrapup build:", err)
		return exitContent
	}
	stopped := abortOnSignal(out)
	defer stopped.release()
	res, err := build.Build(os.DirFS(*source), build.Options{Drafts: *drafts, Strict: *strict, BaseURL: *baseURL, FileMode: *fileMode, Now: today}, out)
	if sig := stopped.signal(); sig != nil {
		out.Abort()
		fmt.Fprintf(stderr, "wrapup build: stopped by %s; %s left as it was\n", sig, *dest)
		return exitInterrupted
	}
	printDiagnostics(stderr, res.Diagnostics, *source)
	if err != nil {
		out.Abort()
		var list diag.ErrorList
		if !errors.As(err, &list) {
			fmt.Fprintln(stderr, "wrapup build:", err)
		}
		errs, _ := res.Diagnostics.Count()
		fmt.Fprintf(stderr, "build failed: %s; %s left as it was\n", plural(max(errs, 1), "error", "errors"), *dest)
		return exitContent
	}
	if err := out.Commit(); err != nil {
		if sig := stopped.signal(); sig != nil {
			fmt.Fprintf(stderr, "wrapup build: stopped by %s; %s left as it was\n", sig, *dest)
			return exitInterrupted
		}
		fmt.Fprintln(stderr, "wrapup build:", err)
		return exitContent
	}
	if out.Kept != "" {
		fmt.Fprintf(stdout, "the files that were in %s (not written by wrapup) are kept in %s\n", *dest, out.Kept)
	}
	_, warns := res.Diagnostics.Count()
	// Say where the windows read but not published went.
	windows := plural(len(res.Published), "window", "windows")
	if n := len(res.Site.Windows) - len(res.Published); n > 0 {
		windows += fmt.Sprintf(" (%s left out: build with --drafts to include)", plural(n, "draft", "drafts"))
	}
	fmt.Fprintf(stdout, "built %s, %s (%s) in %s, %s → %s\n",
		windows, plural(res.Pages, "page", "pages"), plural(res.Files, "file", "files"),
		time.Since(started).Round(time.Millisecond), plural(warns, "warning", "warnings"), *dest)
	return ExitOK
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", "check [flags]", "Validates every file of the site and writes nothing. Exit code 1 when there are errors.", stdout, stderr)
	source := fs.String("source", ".", "site folder (holds wrapup.yaml and content/)")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	format := fs.String("format", "text", "output format: text or json")
	if code, stop := parseFlags(fs, args, stdout); stop {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "wrapup check: --format must be text or json, not %q\n", *format)
		return exitUsage
	}
	if !requireSite("check", *source, stderr) {
		return exitUsage
	}
	// As a publishing build sees it: a link from a published page to a draft is broken.
	site, diags := build.Check(os.DirFS(*source), build.Options{Strict: *strict})
	if *format == "json" {
		if err := writeJSONDiagnostics(stdout, diags); err != nil {
			fmt.Fprintln(stderr, "wrapup check:", err)
			return exitContent
		}
	} else {
		printDiagnostics(stdout, diags, *source)
		errs, warns := diags.Count()
		read, failed := windowsRead(site, diags)
		with := ""
		if failed > 0 {
			with = fmt.Sprintf(" (%d with errors)", failed)
		}
		fmt.Fprintf(stdout, "checked %s%s: %s, %s\n", plural(read, "window", "windows"), with, plural(errs, "error", "errors"), plural(warns, "warning", "warnings"))
	}
	if diags.HasErrors() {
		return exitContent
	}
	return ExitOK
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// signalStop watches for Ctrl+C and SIGTERM during a build: the first one
// removes the unfinished output folder at once, and the build ends at its
// next write. Later ones are taken too: ending the program then could leave
// the folder half removed.
type signalStop struct {
	sigs chan os.Signal
	got  atomic.Pointer[os.Signal]
	out  atomic.Pointer[output.Dir]
	done chan struct{}
}

// abortOnSignal starts watching; out (when not nil) is the folder to abort,
// or one is given later with watch.
func abortOnSignal(out *output.Dir) *signalStop {
	s := &signalStop{sigs: make(chan os.Signal, 1), done: make(chan struct{})}
	s.watch(out)
	signal.Notify(s.sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		for {
			select {
			case sig := <-s.sigs:
				if s.got.CompareAndSwap(nil, &sig) {
					if out := s.out.Load(); out != nil {
						out.Abort()
					}
				}
			case <-s.done:
				return
			}
		}
	}()
	return s
}

// watch makes out the folder a signal aborts; when a signal came already,
// it is aborted at once.
func (s *signalStop) watch(out *output.Dir) {
	if out == nil {
		return
	}
	s.out.Store(out)
	if s.got.Load() != nil {
		out.Abort()
	}
}

// signal returns the signal that stopped the build, or nil.
func (s *signalStop) signal() os.Signal {
	if p := s.got.Load(); p != nil {
		return *p
	}
	return nil
}

func (s *signalStop) release() {
	signal.Stop(s.sigs)
	close(s.done)
}

// windowsRead counts the window files a check read: the site holds the valid
// ones only, so the files with errors are counted from the diagnostics.
func windowsRead(site *model.Site, diags diag.List) (read, failed int) {
	valid := map[string]bool{}
	for _, w := range site.Windows {
		valid[w.Path] = true
	}
	bad := map[string]bool{}
	for _, d := range diags {
		if d.Severity == diag.Error && strings.HasPrefix(d.Path, load.WindowsDir+"/") && strings.HasSuffix(d.Path, ".md") {
			bad[d.Path] = true
		}
	}
	for p := range bad {
		if !valid[p] {
			read++
		}
	}
	return read + len(site.Windows), len(bad)
}
