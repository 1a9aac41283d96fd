// Package cli is wrapup's command line: it parses flags, runs a stage of the
// generator and turns the outcome into messages and an exit code. main.go only
// calls Run.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// Exit codes. ExitOK is exported for the packages whose tests run the
// command line (publish/bucket); the others are read only here.
const (
	ExitOK      = 0
	exitContent = 1 // the content has errors (or the build failed)
	exitUsage   = 2 // the command line is wrong
	// exitInterrupted is a build stopped by Ctrl+C or SIGTERM (128+SIGINT,
	// as shells report it).
	exitInterrupted = 130
)

// command is one subcommand.
type command struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) int
}

// commands is every subcommand, in the order the usage lists them: one
// table, so what wrapup can do is read in one place.
func commands() []command {
	return []command{
		{name: "init", summary: "make a new site in a folder (default: this one)", run: runInit},
		{name: "new", summary: "start the page of a new window, with the open actions of earlier ones", run: runNew},
		{name: "serve", summary: "preview the site with live reload while you write (builds in memory)", run: runServe},
		{name: "build", summary: "build the site into a folder (default public/)", run: runBuild},
		{name: "check", summary: "validate every file and write nothing", run: runCheck},
		{name: "publish", summary: "build and publish to a served folder (atomic switch) or a bucket (--rollback to undo)", run: runPublish},
	}
}

func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// Run runs wrapup with the given arguments (without the program name) and
// returns the exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version" || args[0] == "version") {
		fmt.Fprintln(stdout, "wrapup", buildVersion())
		return ExitOK
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 {
			if c, ok := lookup(args[1]); ok {
				return c.run([]string{"--help"}, stdout, stderr)
			}
		}
		usage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return ExitOK
	}
	c, ok := lookup(args[0])
	if !ok {
		fmt.Fprintf(stderr, "wrapup: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
	return c.run(args[1:], stdout, stderr)
}

// buildVersion is the module version wrapup was built from (go install
// ...@v1.2.0 gives v1.2.0), or "devel" for a build from a work tree, with
// the commit when the build recorded one.
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	return versionOf(info)
}

func versionOf(info *debug.BuildInfo) string {
	v := info.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", modified"
			}
		}
	}
	if rev != "" && !strings.Contains(v, rev[:min(12, len(rev))]) {
		v += " (" + rev[:min(12, len(rev))] + modified + ")"
	}
	return v
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "wrapup compiles maintenance-window wrap-ups into a static site.")
	fmt.Fprintln(w, "\nUsage: wrapup <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'wrapup <command> --help' for a command's flags, 'wrapup --version' for the version.")
	fmt.Fprintln(w, "A new site: wrapup init my-wrapups")
}

// newFlagSet returns a flag set whose --help prints the command's usage to
// stdout and whose errors go to stderr.
func newFlagSet(name, usageLine, about string, stdout, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: wrapup %s\n\n%s\n\nFlags:\n", usageLine, about)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; it returns an exit code when the command must stop
// (help asked for, or bad flags).
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (int, bool) {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(stdout)
			fs.Usage()
			return ExitOK, true
		}
	}
	if err := fs.Parse(args); err != nil {
		return exitUsage, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "wrapup %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return exitUsage, true
	}
	return 0, false
}

// buildTime returns the build's "today": --now when given, else
// SOURCE_DATE_EPOCH (reproducible builds), else the clock.
func buildTime(flagValue string) (time.Time, error) {
	if flagValue != "" {
		// A bare date means that day wherever the site is: noon UTC falls on
		// the same calendar date in every zone from UTC-11 to UTC+11.
		if d, err := time.Parse("2006-01-02", flagValue); err == nil {
			return d.Add(12 * time.Hour), nil
		}
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02 15:04"} {
			if t, err := time.Parse(layout, flagValue); err == nil {
				return t, nil
			}
		}
		return time.Time{}, fmt.Errorf("--now %q: write a date like 2026-11-26 or a time like 2026-11-26T09:00:00Z", flagValue)
	}
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return time.Time{}, errors.New("SOURCE_DATE_EPOCH must be a number of seconds since 1970")
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Now(), nil
}
