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
	"sort"
	"strconv"
	"strings"
	"time"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitContent = 1 // the content has errors (or the build failed)
	ExitUsage   = 2 // the command line is wrong
	// ExitInterrupted is a build stopped by Ctrl+C or SIGTERM (128+SIGINT,
	// as shells report it).
	ExitInterrupted = 130
)

// command is one subcommand.
type command struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// Run runs wrapup with the given arguments (without the program name) and
// returns the exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return c.run([]string{"--help"}, stdout, stderr)
			}
		}
		usage(stdout)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "wrapup: unknown command %q\n\n", args[0])
		usage(stderr)
		return ExitUsage
	}
	return c.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "wrapup compiles maintenance-window wrap-ups into a static site.")
	fmt.Fprintln(w, "\nUsage: wrapup <command> [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'wrapup <command> --help' for a command's flags.")
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
		return ExitUsage, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "wrapup %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return ExitUsage, true
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
