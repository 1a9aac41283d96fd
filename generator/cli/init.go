package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wrapup/wrapup/generator/parse"
)

// runInit makes a new site, as hugo new site and zola init do: a commented
// wrapup.yaml, content/windows/ with one example window that builds, an
// example people.yaml and a .gitignore for public/. It refuses a folder
// that already holds a site and never overwrites a file.
func runInit(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("init", "init [DIR] [--base-url URL]",
		"Makes a new wrap-up site in DIR (default: the current folder): a commented\n"+
			"wrapup.yaml, content/people.yaml, one example window in content/windows/ and\n"+
			"a .gitignore for public/. DIR may exist and hold other files, but not a site.", stdout, stderr)
	baseURL := fs.String("base-url", "", "the address the site will be published at (https://intranet.example.com/it/wrapups/); without it wrapup.yaml has it commented out and builds warn until it is set")
	var dir string
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(stdout)
			fs.Usage()
			return ExitOK
		}
	}
	// The folder may come before the flags (wrapup init my-site --base-url ...).
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if *baseURL != "" {
		if msg := parse.BaseURLProblem(*baseURL); msg != "" {
			fmt.Fprintln(stderr, "wrapup init: --base-url:", msg)
			return exitUsage
		}
	}
	switch len(positional) {
	case 0:
		dir = "."
	case 1:
		dir = positional[0]
	default:
		fmt.Fprintf(stderr, "wrapup init: one folder only, got %q\n", positional)
		return exitUsage
	}
	today, err := buildTime("")
	if err != nil {
		fmt.Fprintln(stderr, "wrapup init:", err)
		return exitUsage
	}
	files, err := initSite(dir, *baseURL, today)
	if err != nil {
		fmt.Fprintln(stderr, "wrapup init:", err)
		return exitContent
	}
	fmt.Fprintf(stdout, "Made a new wrap-up site in %s:\n", dir)
	for _, f := range files {
		fmt.Fprintf(stdout, "  %s\n", f)
	}
	cd := ""
	if dir != "." {
		cd = "  cd " + dir + "\n"
	}
	fmt.Fprintf(stdout, "\nNext:\n%s"+
		"  wrapup serve     preview the site at http://127.0.0.1:1313/ while you edit\n"+
		"  wrapup new \"Core switch replacement\" --start \"%s 22:00\"\n"+
		"                   start the page of your next window\n"+
		"  wrapup build     write the site into public/\n", cd, today.AddDate(0, 0, 7).Format("2006-01-02"))
	if *baseURL == "" {
		fmt.Fprintln(stdout, "\nSet base_url in wrapup.yaml to the address the site will have: until then builds\nwarn, because feeds, the calendar and mailed digests need full links.")
	}
	return ExitOK
}

// initSite writes a new site into dir (made when missing) and returns the
// paths it wrote, relative to dir. baseURL, when given, is written into
// wrapup.yaml. The example window was held a week before today. A folder
// that already holds a site is refused.
func initSite(dir, baseURL string, today time.Time) ([]string, error) {
	if isSite(dir) {
		return nil, fmt.Errorf("%s already holds a wrapup site (it has a wrapup.yaml or a content/ folder): init makes a new site only in a new or empty folder; to work on this one, run wrapup serve there", dir)
	}
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("%s is a file, not a folder", dir)
	}
	held := today.UTC().AddDate(0, 0, -7)
	id := held.Format("2006-01-02") + "-example-window"
	files := []struct{ name, text string }{
		{"wrapup.yaml", configText(baseURL)},
		{"content/people.yaml", initPeople},
		{"content/windows/" + id + ".md", exampleWindow(held)},
	}
	var made []string
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return made, err
		}
		if err := writeNew(p, f.text); err != nil {
			return made, err
		}
		made = append(made, f.name)
	}
	ignore, err := addGitignore(filepath.Join(dir, ".gitignore"))
	if err != nil {
		return made, err
	}
	if ignore {
		made = append(made, ".gitignore")
	}
	return made, nil
}

// writeNew writes a file that must not exist yet.
func writeNew(p, text string) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists: init never overwrites a file", p)
		}
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// addGitignore makes sure .gitignore keeps the build output out of git:
// a new file, or a line added to the folder's own. It reports whether it
// wrote anything.
func addGitignore(p string) (bool, error) {
	old, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return true, writeNew(p, "# The built site: wrapup build writes it, so it does not belong in git.\n/public/\n")
	}
	if err != nil {
		return false, err
	}
	for _, line := range strings.Split(string(old), "\n") {
		if l := strings.TrimSpace(line); l == "/public/" || l == "public/" || l == "/public" || l == "public" {
			return false, nil
		}
	}
	text := "/public/\n"
	if len(old) > 0 && !strings.HasSuffix(string(old), "\n") {
		text = "\n" + text
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return false, err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return false, err
	}
	return true, f.Close()
}

// configText is the commented wrapup.yaml of a new site.
func configText(baseURL string) string {
	if baseURL == "" {
		return initConfig
	}
	return strings.Replace(initConfig, "# base_url: https://intranet.example.com/it/wrapups/", "base_url: "+baseURL, 1)
}

const initConfig = `# Settings of this wrap-up site. Every key is optional; docs/authoring.md
# in the wrapup repository explains each one.

# The site's name, in every page's header, the feed and the digests.
title: Maintenance wrap-ups

# Where the site is published. The Atom feed, the calendar, the digests you
# mail and the sitemap need it for full links; it may carry a path when the
# site lives under one. Uncomment it and write your address:
# base_url: https://intranet.example.com/it/wrapups/

# The time zone of times written without an offset (an IANA name such as
# America/Chicago or Europe/Paris).
timezone: UTC

# Windows announced to customers fewer days ahead than this are flagged.
min_notice_days: 7

# Shown on each planned window's maintenance page, for people who hit it:
# contact: the IT service desk, extension 4357

# noindex: true asks search engines to stay away (robots.txt, no sitemap).
`

const initPeople = `# Everyone who runs windows or speaks at wrap-ups: handle -> name and team.
# Write @handle in a page; handles are lower case (letters, digits, . _ -).
# A handle a page uses that is missing here is a warning, so typos show.
alex:
  name: Alex Example
  team: infrastructure
sam:
  name: Sam Example
  team: support
`

// exampleWindow is a held window on day held, written as a team would.
func exampleWindow(held time.Time) string {
	d := held.Format("2006-01-02")
	next := held.AddDate(0, 0, 1).Format("2006-01-02")
	due := held.AddDate(0, 0, 30).Format("2006-01-02")
	notice := held.AddDate(0, 0, -8).Format("2006-01-02")
	return `---
# An example window: edit it, or delete it once you have written your own.
# The file name is the start date and a slug; it is the page's address.
title: Example window - replace the core switch
start: ` + d + ` 22:00
planned_end: ` + next + ` 02:00
end: ` + next + ` 01:30          # leave out end and impact for a window not held yet
impact: none                    # none, minor or major
notice: ` + notice + `
facilitator: alex
attendees: [alex, sam]
systems: [network]
---
We swapped the core switch for the new model and kept every link up.

## Tasks
1. Move the uplinks to the new switch @alex [done] planned:2h actual:1h40m
   1. Drain the first uplink
   2. Move it and check the counters
2. Update the network diagram @sam [done] planned:30m actual:30m

## What went well
- The step-by-step plan kept the bridge calm @sam #process

## What went wrong
- The spare cables were in the wrong room @alex #preparation

## Next time
- [ ] Check the cables the day before @alex #preparation due:` + due + `

## Ideas
- A photo of each rack before the window @sam #preparation
`
}
