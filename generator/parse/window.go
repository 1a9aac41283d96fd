package parse

import (
	"errors"
	"html"
	pathpkg "path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unique"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/parse/body"
)

// windowKeys are the front-matter keys of a window file, in the order of the
// table in docs/authoring.md, "Front matter".
var windowKeys = []string{"title", "start", "planned_end", "end", "impact", "notice",
	"facilitator", "attendees", "systems", "tags", "summary", "draft"}

// idRE is the pattern of a window id (the file's base name without .md).
var idRE = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*$`)

var impacts = []string{model.ImpactNone, model.ImpactMinor, model.ImpactMajor}

// windowParser carries what every step of reading one window file needs.
type windowParser struct {
	path   string
	cfg    model.Config
	loc    *time.Location
	people map[string]model.Person
	doc    *yamlDoc
	diags  *diag.List
	w      *model.Window

	idDate   model.Date
	idDateOK bool

	fields map[string]field // the keys given with a non-empty value
	// misspelt maps a key to the unknown key that looks like it
	// ("impact" -> "impcat"): its "missing" error would be a second
	// message for one mistake.
	misspelt map[string]string
}

// Window parses one window file. path is slash-separated and relative to the
// site folder (content/windows/2013/2013-01-19-postgres-upgrade.md); the id is
// its base name without .md. people is nil when there is no people.yaml.
//
// Every problem of the file is reported at once. The window is returned even
// when there are errors, filled as far as it could be read, so that callers
// can go on checking the rest of the site; such a window must not be published.
func Window(path string, src []byte, cfg model.Config, people map[string]model.Person) (*model.Window, diag.List) {
	var diags diag.List
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	id := strings.TrimSuffix(pathpkg.Base(path), ".md")
	w := &model.Window{ID: id, Path: path, Attendees: []string{}, Systems: []string{}, Tags: []string{}}
	p := &windowParser{path: path, cfg: cfg, loc: cfg.Location, people: people, diags: &diags, w: w}
	p.checkID()

	src = normalize(src)
	if line, col, ok := checkUTF8(src); !ok {
		diags.Errorf(path, line, col, "the file is not UTF-8 text (bad byte here): save it as UTF-8")
		return w, diags
	}
	front, bodySrc, bodyLine, hasFront, err := splitFrontMatter(src)
	if err != nil {
		diags = append(diags, asDiagnostic(err, path))
		return w, diags
	}
	if !hasFront {
		diags.Errorf(path, 1, 1, "missing front matter: start the file with a --- line, then the keys (title, start, planned_end...), then a closing --- line")
		return w, diags
	}
	p.doc = newYAMLDoc(path, front, 1, &diags)
	if !p.readFrontMatter(front) {
		return w, diags
	}

	opts := body.Options{Path: path, FirstLine: bodyLine, Held: w.End != nil || p.fields["end"].value != nil,
		Title: w.Title, PersonByName: personByName(people), Attendees: w.Attendees}
	switch {
	case !w.Start.IsZero():
		opts.Start = model.DateOf(w.Start, p.loc)
	case p.idDateOK:
		opts.Start = p.idDate
	}
	res, bodyDiags := body.Parse(bodySrc, opts)
	diags = append(diags, bodyDiags...)
	w.Tasks, w.WentWell, w.WentWrong, w.Lucky, w.Actions, w.Ideas = res.Tasks, res.WentWell, res.WentWrong, res.Lucky, res.Actions, res.Ideas
	w.CustomerNotice = res.CustomerNotice
	if opts.Held && len(w.Tasks) == 0 {
		// Rule 17: changes_made needs a task, so say why it is false.
		diags.Warnf(path, bodyLine, 1, "this held window has no tasks, so it counts as making no changes: add a ## Tasks section with one numbered item per change and its status (1. Upgrade the database [done])")
	}
	w.Body, w.Links, w.HeadingIDs = res.Sections, res.Links, res.HeadingIDs
	if w.Summary == "" {
		w.Summary = res.Summary
	}

	locator := newHandleLocator(bodySrc, bodyLine)
	p.checkSpeakers(locator)
	p.checkBodyPeople(locator)
	model.Derive(w, cfg)
	return w, diags
}

// asDiagnostic turns an error from splitFrontMatter into a diagnostic of path.
func asDiagnostic(err error, path string) diag.Diagnostic {
	var d diag.Diagnostic
	if errors.As(err, &d) {
		d.Path = path
		return d
	}
	return diag.Diagnostic{Path: path, Line: 1, Col: 1, Severity: diag.Error, Message: err.Error()}
}

// checkID validates the id pattern and that its date is a real date
// (docs/authoring.md, "The file name is the id"). Whether the date is the start
// date is checked once start is known.
func (p *windowParser) checkID() {
	id := p.w.ID
	if !idRE.MatchString(id) {
		p.diags.Errorf(p.path, 1, 1, "the file name %q does not make a valid window id: name it YYYY-MM-DD-words-with-dashes.md in lower case (e.g. 2013-01-19-postgres-upgrade.md)", pathpkg.Base(p.path))
		return
	}
	y, _ := strconv.Atoi(id[0:4])
	m, _ := strconv.Atoi(id[5:7])
	d, _ := strconv.Atoi(id[8:10])
	if !realDate(y, m, d) {
		p.diags.Errorf(p.path, 1, 1, "the file name starts with %s, which is not a real date: rename the file with the window's start date", id[:10])
		return
	}
	p.idDate, p.idDateOK = model.Date{Year: y, Month: time.Month(m), Day: d}, true
}

// readFrontMatter decodes every key, reporting all problems. It returns false
// when the YAML could not be read at all (then the body is not parsed: the
// window's start and whether it was held are unknown).
func (p *windowParser) readFrontMatter(front []byte) bool {
	fields, ok := p.doc.mapping(front, "the front matter")
	if !ok {
		return false
	}
	p.fields = map[string]field{}
	for _, f := range fields {
		if !contains(windowKeys, f.key) {
			line, col := p.doc.pos(f.keyNd)
			if s := closest(f.key, windowKeys); s != "" && !fieldsHave(fields, s) {
				if p.misspelt == nil {
					p.misspelt = map[string]string{}
				}
				p.misspelt[s] = f.key
				p.diags.Errorf(p.path, line, col, "unknown front-matter key %q (did you mean %s?): rename it to %s", f.key, s, s)
				continue
			}
			p.diags.Errorf(p.path, line, col, "unknown front-matter key %q%s: the keys are %s", f.key, didYouMean(f.key, windowKeys), strings.Join(windowKeys, ", "))
			continue
		}
		if isNull(f.value) {
			if line, col, ok := p.doc.commentNull(f.value); ok {
				p.diags.Errorf(p.path, line, col, "%s: '#' starts a YAML comment, so %s is empty: quote the value (%s: \"#...\") or drop the #", f.key, f.key, f.key)
			}
			continue // an empty value counts as absent (docs/authoring.md, "Front matter")
		}
		if text, scalar := scalarText(f.value); scalar && strings.TrimSpace(text) == "" {
			continue
		}
		p.fields[f.key] = f
	}

	w := p.w
	w.Title = decodeEntities(p.text("title"))
	w.Summary = decodeEntities(p.text("summary"))
	w.Draft = p.boolean("draft")

	start, startOK := p.time("start", false)
	plannedEnd, plannedOK := p.time("planned_end", false)
	end, endOK := p.time("end", false)
	notice, noticeOK := p.time("notice", true)
	if startOK {
		w.Start = start
	}
	if plannedOK {
		w.PlannedEnd = plannedEnd
	}
	if endOK {
		w.End = &end
	}
	if noticeOK {
		w.Notice = &notice
	}
	w.Impact = p.impact()

	p.required()
	if startOK && plannedOK && !plannedEnd.After(start) {
		p.errorAt("planned_end", "planned_end (%s) must be after start (%s): check both times", stamp(plannedEnd), stamp(start))
	}
	if startOK && endOK && end.Before(start) {
		p.errorAt("end", "end (%s) is before start (%s): check both times", stamp(end), stamp(start))
	}
	if startOK && noticeOK && notice.After(start) {
		p.warnAt("notice", "notice (%s) is after start (%s): customers were told after the window began; check the date", stamp(notice), stamp(start))
	}
	if startOK && p.idDateOK {
		if got := model.DateOf(start, p.loc); got != p.idDate {
			p.errorAt("start", "the window id's date %s is not the start date %s (in %s): rename the file to start with %s or fix start", p.idDate, got, p.loc, got)
		}
	}

	attendees := p.list("attendees", handleKind)
	seen := map[string]entry{}
	if len(attendees) > 0 {
		w.Attendees = make([]string, 0, len(attendees))
	}
	for _, e := range attendees {
		if first, dup := seen[e.name]; dup {
			p.diags.Errorf(p.path, e.line, e.col, "%s is listed twice in attendees (first on line %d): remove one", e.name, first.line)
			continue
		}
		seen[e.name] = e
		w.Attendees = append(w.Attendees, kept(e.name))
		p.checkPerson(e.name, e.line, e.col)
	}
	w.Systems = names(p.list("systems", systemKind))
	w.Tags = names(p.list("tags", tagKind))
	p.facilitator(seen)
	return true
}

// required reports each missing required key with an example line to add.
func (p *windowParser) required() {
	day, next := "2013-01-19", "2013-01-20"
	if p.idDateOK {
		t := time.Date(p.idDate.Year, p.idDate.Month, p.idDate.Day, 12, 0, 0, 0, time.UTC)
		day, next = t.Format("2006-01-02"), t.AddDate(0, 0, 1).Format("2006-01-02")
	}
	missing := func(key, example string) {
		if _, ok := p.misspelt[key]; ok {
			return // the misspelt key's message says what to do
		}
		p.diags.Errorf(p.path, 1, 1, "missing required key %q: add a line such as `%s` to the front matter", key, example)
	}
	if p.w.Title == "" && !p.present("title") {
		missing("title", "title: PostgreSQL upgrade and disk reclaim")
	}
	if !p.present("start") {
		missing("start", "start: "+day+" 22:00")
	}
	if !p.present("planned_end") {
		missing("planned_end", "planned_end: "+next+" 02:00")
	}
	if _, ok := p.misspelt["impact"]; p.present("end") && !p.present("impact") && !ok {
		p.diags.Errorf(p.path, 1, 1, "missing required key \"impact\": the window has an end, so it was held; add `impact: none` (or minor, or major)")
	}
	if p.present("impact") && !p.present("end") {
		p.errorAt("impact", "impact is given but end is not: a window without end has not been held yet; add `end:` with the time it ended, or remove impact")
	}
}

// fieldsHave reports whether key is among the keys written.
func fieldsHave(fields []field, key string) bool {
	for _, f := range fields {
		if f.key == key {
			return true
		}
	}
	return false
}

func (p *windowParser) present(key string) bool {
	_, ok := p.fields[key]
	return ok
}

func (p *windowParser) errorAt(key, format string, args ...any) {
	line, col := p.doc.pos(p.fields[key].value)
	p.diags.Errorf(p.path, line, col, format, args...)
}

func (p *windowParser) warnAt(key, format string, args ...any) {
	line, col := p.doc.pos(p.fields[key].value)
	p.diags.Warnf(p.path, line, col, format, args...)
}

// scalar returns the text of a key that must hold a single value, reporting a
// list or mapping given instead.
func (p *windowParser) scalar(key, example string) (string, bool) {
	f, ok := p.fields[key]
	if !ok {
		return "", false
	}
	text, scalar := scalarText(f.value)
	if !scalar {
		line, _ := p.doc.pos(f.value)
		if h, ok := p.doc.hazardAt(line); ok {
			// title: [DRAFT] is a list to YAML: the fix is quotes.
			p.diags.Errorf(p.path, line, h.col, "%s", h.msg)
			return "", false
		}
		p.errorAt(key, "%s must be a single value, not %s: write e.g. `%s: %s`", key, describe(f.value), key, example)
		return "", false
	}
	return strings.TrimSpace(text), true
}

func (p *windowParser) text(key string) string {
	s, _ := p.scalar(key, "some text")
	return s
}

// boolean reads a key that is true or false. YAML 1.1 spellings (yes, on, 1)
// are refused because authors read them differently than the generator would.
func (p *windowParser) boolean(key string) bool {
	s, ok := p.scalar(key, "true")
	if !ok {
		return false
	}
	switch s {
	case "true", "True", "TRUE":
		return true
	case "false", "False", "FALSE":
		return false
	}
	p.errorAt(key, "%s must be true or false, not %q", key, s)
	return false
}

func (p *windowParser) time(key string, allowDate bool) (time.Time, bool) {
	s, ok := p.scalar(key, "2013-01-19 22:00")
	if !ok {
		return time.Time{}, false
	}
	pt, err := parseTime(s, p.loc, allowDate)
	if err != nil {
		p.errorAt(key, "%s: %v", key, err)
		return time.Time{}, false
	}
	return pt.t, true
}

func (p *windowParser) impact() string {
	s, ok := p.scalar("impact", "none")
	if !ok {
		return ""
	}
	v := strings.ToLower(s)
	if contains(impacts, v) {
		return v
	}
	p.errorAt("impact", "impact must be none, minor or major, not %q%s", s, didYouMean(v, impacts))
	return ""
}

func (p *windowParser) list(key string, kind listKind) []entry {
	f, ok := p.fields[key]
	if !ok {
		return nil
	}
	return p.doc.readList(f, kind)
}

func names(entries []entry) []string {
	out := make([]string, 0, len(entries))
	seen := map[string]bool{}
	for _, e := range entries {
		if !seen[e.name] {
			seen[e.name] = true
			out = append(out, kept(e.name))
		}
	}
	return out
}

// kept is a handle, system or tag as the model keeps it: interned, since
// the same few fill every window's front matter, each a string of its own
// held for the whole build.
func kept(name string) string { return unique.Make(name).Value() }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// stamp formats a time for messages as the author would write it.
func stamp(t time.Time) string {
	return t.Format("2006-01-02 15:04 -07:00")
}

// entityRef is an HTML character reference: &amp; &mdash; &#8212; &#x2014;.
var entityRef = regexp.MustCompile(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)

// decodeEntities resolves the character references of a title or summary pasted
// from an HTML export ("Firmware &amp; zoning"), as the body's plain text does
// (docs/authoring.md, "Front matter"): the page would otherwise show "&amp;". A
// bare & ("R&D") stays as it is.
func decodeEntities(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return entityRef.ReplaceAllStringFunc(s, html.UnescapeString)
}
