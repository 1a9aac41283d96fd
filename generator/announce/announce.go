// Package announce writes the files that tell people outside the site about a
// window: the maintenance notice of each planned window (maintenance.html, a
// self-contained page operators put in front of an application during the
// window) and the digest of each held window (digest.txt and digest.html, for
// e-mail to the whole company). Their templates are theme files under
// templates/standalone/, so a site's theme can override them.
package announce

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"strings"
	texttemplate "text/template"
	"time"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/wrapup/wrapup/generator/feeds"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/themes"
)

// Theme files.
const (
	NoticeTemplate     = "templates/standalone/maintenance.html"
	DigestHTMLTemplate = "templates/standalone/digest.html"
	DigestTextTemplate = "templates/standalone/digest.txt"
	NoticeFile         = "maintenance.html"
	DigestHTMLFile     = "digest.html"
	DigestTextFile     = "digest.txt"
	textWidth          = 72
	timeLayout         = "Mon 2 Jan 2006, 15:04 MST"
	maxParallelWindows = 64
)

// Writer renders notices and digests with a theme's templates.
type Writer struct {
	notice, digestHTML *htmltemplate.Template
	digestText         *texttemplate.Template
	// goHTML and goText: the theme's digest templates are the default
	// theme's, which digestgo.go writes without running them.
	goHTML, goText bool
	site           *model.Site
	base           feeds.Base
}

// New parses the theme's standalone templates.
func New(theme fs.FS, site *model.Site, base feeds.Base) (*Writer, error) {
	w := &Writer{site: site, base: base}
	funcs := map[string]any{
		"join":      strings.Join,
		"wrap":      Wrap,
		"underline": func(s string) string { return strings.Repeat("=", len([]rune(s))) },
		"spaces":    func(s string) string { return strings.Repeat(" ", len([]rune(s))) },
	}
	var err error
	if w.notice, err = parseHTML(theme, NoticeTemplate, funcs); err != nil {
		return nil, err
	}
	if w.digestHTML, err = parseHTML(theme, DigestHTMLTemplate, funcs); err != nil {
		return nil, err
	}
	src, err := fs.ReadFile(theme, DigestTextTemplate)
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	if w.digestText, err = texttemplate.New("digest.txt").Funcs(funcs).Parse(string(src)); err != nil {
		return nil, fmt.Errorf("theme file %s: %w", DigestTextTemplate, err)
	}
	w.goText = bytes.Equal(src, defaultFile(DigestTextTemplate))
	if src, err := fs.ReadFile(theme, DigestHTMLTemplate); err == nil {
		w.goHTML = bytes.Equal(src, defaultFile(DigestHTMLTemplate))
	}
	return w, nil
}

// defaultFile is the default theme's file name.
func defaultFile(name string) []byte {
	data, _ := fs.ReadFile(themes.Default(), name)
	return data
}

func parseHTML(theme fs.FS, name string, funcs map[string]any) (*htmltemplate.Template, error) {
	src, err := fs.ReadFile(theme, name)
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	t, err := htmltemplate.New(name).Funcs(funcs).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("theme file %s: %w", name, err)
	}
	return t, nil
}

// Notice is the data of a maintenance notice.
type Notice struct {
	W                  *model.Window
	StartISO, EndISO   string
	StartText, EndText string // in the site timezone: the no-script fallback
	Timezone           string
	Systems            []string
	Contact            string
	// Message is the window's customer notice section, the only text of the
	// body customers see (docs/authoring.md, "The body: sections", Customer
	// notice); "" without one. The summary and the rest of the body are
	// internal and never shown here.
	Message htmltemplate.HTML
}

// NoticeData prepares the notice of a planned window.
func (wr *Writer) NoticeData(w *model.Window) *Notice {
	n := &Notice{W: w, Systems: w.Systems, Timezone: wr.site.Config.Timezone,
		StartISO: w.Start.Format(time.RFC3339), EndISO: w.PlannedEnd.Format(time.RFC3339),
		StartText: w.Start.Format(timeLayout), EndText: w.PlannedEnd.Format(timeLayout)}
	if w.CustomerNotice != nil {
		// The body parser's HTML: raw HTML dropped, dangerous links unwrapped.
		n.Message = htmltemplate.HTML(w.CustomerNotice.HTML)
	}
	n.Contact = wr.site.Config.Contact
	if n.Contact == "" && w.Facilitator != "" {
		n.Contact = wr.personLabel(w.Facilitator)
	}
	return n
}

// personLabel is "Kim Lee (Support)" from people.yaml, or the handle.
func (wr *Writer) personLabel(handle string) string {
	p, ok := wr.site.People[handle]
	if !ok || p.Name == "" {
		return handle
	}
	if p.Team != "" {
		return p.Name + " (" + p.Team + ")"
	}
	return p.Name
}

func (wr *Writer) personName(handle string) string {
	if p, ok := wr.site.People[handle]; ok && p.Name != "" {
		return p.Name
	}
	return handle
}

func (wr *Writer) names(handles []string) string {
	out := make([]string, len(handles))
	for i, h := range handles {
		out[i] = wr.personName(h)
	}
	return strings.Join(out, ", ")
}

// Digest is the data of a held window's digest.
type Digest struct {
	SiteTitle, Title, When string
	// Subject is the e-mail's subject line: the window, its day and its
	// outcome in a few words ("success", "ran 35m late").
	Subject             string
	Systems             []string
	Success             bool
	Verdict             string
	Criteria            []Criterion
	Summary             string
	Tasks               []TaskLine
	WentWell, WentWrong []Line
	Lucky               []Line // where we got lucky: near misses
	NextTime            []Line
	Ideas               []Line
	Link                string
}

// TaskLine is a task in a digest: what we changed and how it went.
type TaskLine struct {
	Number      int
	Text, Who   string
	Status      string // the status as written ("rolled-back"), "" when none was given
	StatusLabel string // how the digest says it: "done", "rolled back", "no status"
	Good        bool   // done: the change was made as planned
	Times       string // "20m, planned 15m" when both are known
	// Line is "[status] text (who; times)", as the plain-text digest shows it.
	Line string
}

// Criterion is one of the three success criteria.
type Criterion struct {
	Label string
	OK    bool
	Note  string
}

// Line is a lesson, an idea or an action in a digest.
type Line struct {
	Text, Who, Due string
	Done           bool
	DoneOn         string // an action's day of completion, when written
	// Line is the text with who and due, as the plain-text digest shows it.
	Line string
}

// DigestData prepares the digest of a held window.
func (wr *Writer) DigestData(w *model.Window) *Digest { return wr.digestData(w, true) }

// digestData is DigestData, without the Line of each task and line unless
// lines: the HTML digest's Go writer shows their parts.
func (wr *Writer) digestData(w *model.Window, lines bool) *Digest {
	d := &Digest{SiteTitle: wr.site.Config.Title, Title: w.Title, Systems: w.Systems, Summary: w.Summary,
		Verdict: feeds.Criteria(w)}
	end := *w.End
	if w.Start.YearDay() == end.YearDay() && w.Start.Year() == end.Year() {
		d.When = w.Start.Format(timeLayout[:len(timeLayout)-4]) + "–" + end.Format("15:04 MST")
	} else {
		d.When = w.Start.Format(timeLayout) + " – " + end.Format(timeLayout)
	}
	if o := w.Derived.Outcome; o != nil {
		d.Success = o.Success
		timing := ""
		if w.Derived.OverrunMinutes != nil {
			timing = model.FormatOverrun(w.Derived.OverrunMinutes)
		}
		d.Criteria = []Criterion{
			{"Changes made", o.ChangesMade, ""},
			{"No production impact", o.NoImpact, "impact: " + w.Impact},
			{"On time", o.OnTime, timing},
		}
	}
	d.Link = "./"
	if wr.base.Absolute() {
		d.Link = wr.base.URL(w.URL())
	}
	lesson := func(items []model.Item) []Line {
		var out []Line
		for _, it := range items {
			l := Line{Text: it.Text, Who: wr.names(it.People)}
			if lines {
				l.Line = l.Text
				if l.Who != "" {
					l.Line += " (" + l.Who + ")"
				}
			}
			out = append(out, l)
		}
		return out
	}
	d.WentWell, d.WentWrong, d.Lucky, d.Ideas = lesson(w.WentWell), lesson(w.WentWrong), lesson(w.Lucky), lesson(w.Ideas)
	d.Tasks = wr.taskLines(w.Tasks, lines)
	d.Subject = subject(w)
	for _, a := range w.Actions {
		l := Line{Text: a.Text, Who: wr.names(a.Owners), Done: a.Done}
		if a.Due != nil {
			l.Due = a.Due.String()
		}
		if a.DoneOn != nil {
			l.DoneOn = a.DoneOn.String()
		}
		if !lines {
			d.NextTime = append(d.NextTime, l)
			continue
		}
		var notes []string
		if l.Who != "" {
			notes = append(notes, l.Who)
		}
		if l.Due != "" {
			notes = append(notes, "due "+l.Due)
		}
		if a.Done && l.DoneOn != "" {
			notes = append(notes, "done "+l.DoneOn)
		} else if a.Done {
			notes = append(notes, "done")
		}
		l.Line = l.Text
		if len(notes) > 0 {
			l.Line += " (" + strings.Join(notes, ", ") + ")"
		}
		d.NextTime = append(d.NextTime, l)
	}
	return d
}

// statusLabels are how a digest says each task status.
var statusLabels = map[string]string{
	model.StatusDone:       "done",
	model.StatusPartial:    "partly done",
	model.StatusFailed:     "failed",
	model.StatusRolledBack: "rolled back",
	model.StatusDropped:    "dropped",
	"":                     "no status",
}

// taskLines lists what a window changed, each task with its status.
func (wr *Writer) taskLines(tasks []model.Task, lines bool) []TaskLine {
	var out []TaskLine
	for _, t := range tasks {
		l := TaskLine{Number: int(t.Number), Text: t.Title, Who: wr.names(t.Owners), Status: t.Status,
			Good: t.Status == model.StatusDone}
		l.StatusLabel = statusLabels[t.Status]
		if l.StatusLabel == "" {
			l.StatusLabel = t.Status
		}
		if t.PlannedMinutes != nil && t.ActualMinutes != nil {
			l.Times = minutes(*t.ActualMinutes) + ", planned " + minutes(*t.PlannedMinutes)
		}
		if !lines {
			out = append(out, l)
			continue
		}
		var notes []string
		if l.Who != "" {
			notes = append(notes, l.Who)
		}
		if l.Times != "" {
			notes = append(notes, l.Times)
		}
		l.Line = "[" + l.StatusLabel + "] " + l.Text
		if len(notes) > 0 {
			l.Line += " (" + strings.Join(notes, "; ") + ")"
		}
		out = append(out, l)
	}
	return out
}

func minutes(m int) string { return model.FormatDuration(time.Duration(m) * time.Minute) }

// subject is a digest's subject line: "Wrap-up: <title>, <day>: <outcome>",
// the outcome "success" or what fell short, in the order of the criteria.
func subject(w *model.Window) string {
	s := "Wrap-up: " + w.Title + ", " + w.Start.Format("Mon 2 Jan 2006")
	o := w.Derived.Outcome
	if o == nil {
		return s
	}
	if o.Success {
		return s + ": success"
	}
	var short []string
	if !o.ChangesMade {
		short = append(short, "not every change made")
	}
	if !o.NoImpact {
		short = append(short, "production impact ("+w.Impact+")")
	}
	if !o.OnTime {
		late := "ran late"
		if m := w.Derived.OverrunMinutes; m != nil && *m > 0 {
			late = "ran " + model.FormatOverrun(m)
		}
		short = append(short, late)
	}
	return s + ": " + strings.Join(short, ", ")
}

// Notice renders the maintenance notice of a planned window.
func (wr *Writer) Notice(w *model.Window) ([]byte, error) {
	var buf bytes.Buffer
	if err := wr.notice.Execute(&buf, wr.NoticeData(w)); err != nil {
		return nil, fmt.Errorf("maintenance notice of %s: %w", w.ID, err)
	}
	return buf.Bytes(), nil
}

// DigestHTML renders the e-mail-ready digest of a held window.
func (wr *Writer) DigestHTML(w *model.Window) ([]byte, error) {
	if wr.goHTML {
		d := wr.digestData(w, false)
		var b strings.Builder
		b.Grow(digestHTMLSize(d))
		writeDigestHTML(&b, d)
		return builderBytes(&b), nil
	}
	var buf bytes.Buffer
	if err := wr.digestHTML.Execute(&buf, wr.DigestData(w)); err != nil {
		return nil, fmt.Errorf("digest of %s: %w", w.ID, err)
	}
	return buf.Bytes(), nil
}

// DigestText renders the plain-text digest of a held window.
func (wr *Writer) DigestText(w *model.Window) ([]byte, error) {
	if wr.goText {
		d := wr.DigestData(w)
		var b strings.Builder
		b.Grow(digestTextSize(d))
		writeDigestText(&b, d)
		return builderBytes(&b), nil
	}
	var buf bytes.Buffer
	if err := wr.digestText.Execute(&buf, wr.DigestData(w)); err != nil {
		return nil, fmt.Errorf("digest of %s: %w", w.ID, err)
	}
	return buf.Bytes(), nil
}

// builderBytes is what b holds, as the bytes of its string, not a copy:
// copied, every digest was allocated twice (~90 MB at 10k windows). b is
// dropped after, so nothing else holds that string, and the file's
// consumer (an output sink) only reads the bytes.
func builderBytes(b *strings.Builder) []byte {
	s := b.String()
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// Wrap folds text into lines of at most width runes (a longer word stays
// whole), the first line starting with first and the others with next.
func Wrap(width int, first, next, text string) string {
	var b strings.Builder
	writeWrapped(&b, width, first, next, text)
	return b.String()
}

// writeWrapped writes Wrap's lines into b: the Go digests write them in
// place, not each into a string of its own first (with the word list
// strings.Fields makes).
func writeWrapped(b *strings.Builder, width int, first, next, text string) {
	prefix := first
	lineLen := 0
	for rest := text; ; {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			return
		}
		end := strings.IndexFunc(rest, unicode.IsSpace)
		if end < 0 {
			end = len(rest)
		}
		word := rest[:end]
		rest = rest[end:]
		n := utf8.RuneCountInString(word)
		switch {
		case lineLen == 0:
			b.WriteString(prefix)
			lineLen = utf8.RuneCountInString(prefix)
		case lineLen+1+n > width:
			b.WriteString("\n")
			prefix = next
			b.WriteString(prefix)
			lineLen = utf8.RuneCountInString(prefix)
		default:
			b.WriteByte(' ')
			lineLen++
		}
		b.WriteString(word)
		lineLen += n
	}
}
