package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/load"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/parse"
)

// archetypeFile is the template of a new window, looked up first in the site
// folder, then in the site's theme folder, then in the embedded default theme.
const archetypeFile = "archetypes/window.md"

// defaultWindowLength is the planned length of a window when --planned-end is
// not given.
const defaultWindowLength = 4 * time.Hour

// maxCarried caps how many earlier open actions a new page lists: past it the
// list would be too long to review in a meeting.
const maxCarried = 40

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("new", `new "Title" --start "YYYY-MM-DD HH:MM" [flags]`,
		"Writes content/windows/<date>-<slug>.md for a planned window from the archetype\n"+
			"(archetypes/window.md in the site, else in its theme, else the built-in one),\n"+
			"listing the still-open actions of earlier windows (those on the same systems\n"+
			"first) for the team to review. It never overwrites a file and prints the path.", stdout, stderr)
	source := fs.String("source", ".", "site folder (holds wrapup.yaml and content/)")
	start := fs.String("start", "", "when the window starts: \"2025-03-08 22:00\" in the site timezone, or RFC 3339 (required)")
	plannedEnd := fs.String("planned-end", "", "when it is planned to end (default: 4 hours after --start)")
	systems := fs.String("systems", "", "affected systems, comma-separated: postgresql,storage")
	title, code, stop := parseNewArgs(fs, args, stdout)
	if stop {
		return code
	}
	if title == "" || *start == "" {
		fmt.Fprintln(stderr, `wrapup new: give the title and --start, e.g. wrapup new "PostgreSQL upgrade" --start "2025-03-08 22:00"`)
		return exitUsage
	}
	if !requireSite("new", *source, stderr) {
		return exitUsage
	}
	site, _ := build.Parse(os.DirFS(*source), build.Options{})
	req, err := newRequest(site, title, *start, *plannedEnd, *systems)
	if err != nil {
		fmt.Fprintln(stderr, "wrapup new:", err)
		return exitUsage
	}
	rel, err := newWindow(*source, site, req)
	if err != nil {
		fmt.Fprintln(stderr, "wrapup new:", err)
		return exitContent
	}
	fmt.Fprintln(stdout, filepath.Join(*source, filepath.FromSlash(rel)))
	return ExitOK
}

// parseNewArgs parses flags given before and after the title, and returns
// the title (the one positional argument).
func parseNewArgs(fs *flag.FlagSet, args []string, stdout io.Writer) (title string, code int, stop bool) {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(stdout)
			fs.Usage()
			return "", ExitOK, true
		}
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return "", exitUsage, true
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(positional) > 1 {
		fmt.Fprintf(fs.Output(), "wrapup new: one title only, got %q: quote a title that has spaces\n", positional)
		return "", exitUsage, true
	}
	if len(positional) == 1 {
		title = strings.TrimSpace(positional[0])
	}
	return title, 0, false
}

// windowRequest is what a new window page is made from.
type windowRequest struct {
	Title      string
	Start      time.Time
	PlannedEnd time.Time
	Systems    []string
}

func newRequest(site *model.Site, title, start, plannedEnd, systems string) (windowRequest, error) {
	loc := site.Config.Location
	req := windowRequest{Title: title}
	var err error
	if req.Start, err = parse.Time(start, loc); err != nil {
		return req, fmt.Errorf("--start: %w", err)
	}
	req.PlannedEnd = req.Start.Add(defaultWindowLength)
	if plannedEnd != "" {
		if req.PlannedEnd, err = parse.Time(plannedEnd, loc); err != nil {
			return req, fmt.Errorf("--planned-end: %w", err)
		}
		if !req.PlannedEnd.After(req.Start) {
			return req, fmt.Errorf("--planned-end %s is not after --start %s", plannedEnd, start)
		}
	}
	for _, s := range strings.Split(systems, ",") {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "" {
			continue
		}
		if !systemRE(s) {
			return req, fmt.Errorf("--systems: %q is not a system name: use lower-case letters, digits, '.', '_' and '-' (e.g. postgresql)", s)
		}
		req.Systems = append(req.Systems, s)
	}
	return req, nil
}

// systemRE is the name pattern of handles, tags and systems,
// [a-z0-9][a-z0-9._-]* (docs/authoring.md, "Front matter").
func systemRE(s string) bool {
	for i, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || i > 0 && (r == '.' || r == '_' || r == '-')
		if !ok {
			return false
		}
	}
	return s != ""
}

// carriedAction is an open action of an earlier window, listed on a new page.
type carriedAction struct {
	Text        string
	Owners      []string
	Due         string
	URL         string // root-relative link to the action on its window page
	WindowTitle string
	WindowDate  string
	Shared      []string // systems the earlier window shares with the new one
}

// archetypeData is what the archetype template sees.
type archetypeData struct {
	Title, Start, PlannedEnd string
	Systems                  []string
	Carried                  []carriedAction
	More                     int // open actions left out of Carried
	// SharedCount is how many of Carried share a system with the new
	// window: those are the ones its page shows as carried into it.
	SharedCount int
}

// newWindow writes the page of a new planned window into the site folder dir
// and returns its path relative to dir. It refuses to overwrite a file or to
// reuse the id of an existing window, and refuses an archetype that does not
// make a valid window file.
func newWindow(dir string, site *model.Site, req windowRequest) (string, error) {
	loc := site.Config.Location
	id := model.DateOf(req.Start, loc).String() + "-" + slug(req.Title)
	for _, w := range site.Windows {
		if w.ID == id {
			return "", fmt.Errorf("window %s already exists in %s: pick another title", id, w.Path)
		}
	}
	rel := path.Join(load.WindowsDir, id+".md")
	tmpl, err := archetype(dir, site.Config.Theme)
	if err != nil {
		return "", err
	}
	carried, more := carriedActions(site, req)
	data := archetypeData{Title: req.Title, Start: req.Start.Format("2006-01-02 15:04"),
		PlannedEnd: req.PlannedEnd.Format("2006-01-02 15:04"), Systems: req.Systems, Carried: carried, More: more}
	for _, c := range carried {
		if len(c.Shared) > 0 {
			data.SharedCount++
		}
	}
	if req.Start.Second() != 0 || !sameOffsetAsLocal(req.Start, loc) {
		data.Start = req.Start.Format(time.RFC3339)
	}
	if req.PlannedEnd.Second() != 0 || !sameOffsetAsLocal(req.PlannedEnd, loc) {
		data.PlannedEnd = req.PlannedEnd.Format(time.RFC3339)
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, data); err != nil {
		return "", fmt.Errorf("%s: %w", archetypeFile, err)
	}
	// The archetype may be the site's own: check that what it made is a
	// window file the build accepts before writing it.
	if _, diags := parse.Window(rel, buf.Bytes(), site.Config, site.People); diags.HasErrors() {
		return "", fmt.Errorf("the archetype made a window file with errors, so nothing was written:\n%v", diags.Err())
	}
	full := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("%s already exists: wrapup new never overwrites a file", full)
	}
	if err != nil {
		return "", err
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		os.Remove(full)
		return "", err
	}
	if err := f.Close(); err != nil {
		os.Remove(full)
		return "", err
	}
	return rel, nil
}

// sameOffsetAsLocal reports whether t, written without an offset, would be
// read back as the same instant in loc (false in the repeated hour of a
// clock change, where the local form means the earlier instant).
func sameOffsetAsLocal(t time.Time, loc *time.Location) bool {
	back, err := parse.Time(t.In(loc).Format("2006-01-02 15:04"), loc)
	return err == nil && back.Equal(t)
}

// archetype finds and parses the new-window template: the site's
// archetypes/window.md, else its theme's, else the built-in one.
func archetype(dir, theme string) (*template.Template, error) {
	site := os.DirFS(dir)
	src, err := fs.ReadFile(site, archetypeFile)
	name := archetypeFile
	if errors.Is(err, fs.ErrNotExist) {
		th, terr := build.SiteTheme(site, model.Config{Theme: theme})
		if terr != nil {
			return nil, terr
		}
		src, err = fs.ReadFile(th, archetypeFile)
		name = "theme " + archetypeFile
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	funcs := template.FuncMap{
		"join":  strings.Join,
		"quote": strconv.Quote, // a double-quoted Go string is a valid YAML double-quoted scalar for titles
	}
	t, err := template.New(path.Base(archetypeFile)).Funcs(funcs).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return t, nil
}

// carriedActions lists the open actions of the published windows that
// started before req: windows sharing a system with req first, then the
// others, each group newest window first. At most maxCarried are listed;
// more is how many were left out.
func carriedActions(site *model.Site, req windowRequest) (carried []carriedAction, more int) {
	var shared, other []carriedAction
	for _, w := range site.Windows { // newest first
		if w.Draft || !w.Start.Before(req.Start) {
			continue
		}
		common := intersect(w.Systems, req.Systems)
		for _, a := range w.Actions {
			if a.Done {
				continue
			}
			c := carriedAction{Text: a.Text, Owners: a.Owners, URL: w.URL() + "#" + a.Anchor, WindowTitle: w.Title,
				WindowDate: model.DateOf(w.Start, site.Config.Location).String(), Shared: common}
			if a.Due != nil {
				c.Due = a.Due.String()
			}
			if len(common) > 0 {
				shared = append(shared, c)
			} else {
				other = append(other, c)
			}
		}
	}
	all := append(shared, other...)
	if len(all) > maxCarried {
		return all[:maxCarried], len(all) - maxCarried
	}
	return all, 0
}

func intersect(a, b []string) []string {
	var out []string
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
				break
			}
		}
	}
	return out
}

// slug turns a title into the words of a window id: ASCII, lower case,
// joined by dashes ("Mise à jour: PostgreSQL 16!" is
// "mise-a-jour-postgresql-16"). Accents are dropped; other letters that
// have no ASCII form are left out. It is at most 60 characters, cut at a
// dash, and "window" when nothing is left.
func slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(title) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // a combining accent: é is e + ´
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
		case r >= 'A' && r <= 'Z':
			r = unicode.ToLower(r)
		case r == '\'' || r == '’':
			continue // "don't" is dont, not don-t
		default:
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(r)
	}
	s := b.String()
	for len(s) > 60 {
		i := strings.LastIndexByte(s[:60], '-')
		if i <= 0 {
			s = s[:60]
			break
		}
		s = s[:i]
	}
	if s == "" {
		return "window"
	}
	return s
}
