package model

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Derive fills w.Derived from the window's front matter and body data, exactly
// as docs/authoring.md says in "What the site works out for you" and, for
// rounding, "The data export: data/windows.json". It replaces any earlier
// value, so calling it twice gives the same result. A planned window (no end)
// has no outcome, overrun, participation or estimate: they stay nil.
func Derive(w *Window, cfg Config) {
	loc := cfg.Location
	if loc == nil {
		loc = time.UTC
	}
	d := Derived{Contributors: contributors(w)}

	// Notice is derived for held and planned windows alike: customers must be
	// told ahead of upcoming windows too.
	if w.Notice != nil {
		days := DateOf(*w.Notice, loc).DaysUntil(DateOf(w.Start, loc))
		d.NoticeDays = &days
	}
	d.LateNotice = d.NoticeDays == nil || *d.NoticeDays < cfg.MinNoticeDays

	if w.End == nil {
		d.Duration = w.PlannedEnd.Sub(w.Start)
		w.Derived = d
		return
	}
	end := *w.End
	d.Duration = end.Sub(w.Start)

	outcome := Outcome{
		ChangesMade: changesMade(w.Tasks),
		NoImpact:    w.Impact == ImpactNone,
		OnTime:      !end.After(w.PlannedEnd),
	}
	outcome.Success = outcome.ChangesMade && outcome.NoImpact && outcome.OnTime
	d.Outcome = &outcome

	// Duration division truncates toward zero (-20m30s is -20, not -21), as
	// the export asks (docs/authoring.md, "The data export: data/windows.json").
	overrun := int(end.Sub(w.PlannedEnd) / time.Minute)
	d.OverrunMinutes = &overrun

	p := Participation{Attendees: len(w.Attendees), Contributors: len(d.Contributors)}
	if p.Attendees > 0 {
		rate := Round3(float64(p.Contributors) / float64(p.Attendees))
		p.Rate = &rate
	}
	d.Participation = &p

	var planned, actual int
	for _, t := range w.Tasks {
		if t.PlannedMinutes != nil && t.ActualMinutes != nil {
			planned += *t.PlannedMinutes
			actual += *t.ActualMinutes
		}
	}
	if planned > 0 {
		est := Round3(float64(actual) / float64(planned))
		d.Estimate = &est
	}
	w.Derived = d
}

// changesMade reports whether every task that was not dropped is done, and at
// least one task was not dropped (a window that changed nothing made no changes).
func changesMade(tasks []Task) bool {
	kept := 0
	for _, t := range tasks {
		if t.Status == StatusDropped {
			continue
		}
		kept++
		if t.Status != StatusDone {
			return false
		}
	}
	return kept > 0
}

// contributors returns the attendees who spoke: who said a went-well,
// went-wrong, lucky or idea item, or a reply to one (docs/authoring.md, "What
// the site works out for you", Participation). Owners of tasks and actions do
// not count. The result is in attendee order and never nil.
func contributors(w *Window) []string {
	spoke := map[string]bool{}
	for _, items := range w.Spoken() {
		for _, it := range items {
			for _, h := range it.People {
				spoke[h] = true
			}
			for _, h := range it.ReplyPeople() {
				spoke[h] = true
			}
		}
	}
	// No more than the attendees and no more than who spoke: held for the
	// whole build, so not with an append's spare room.
	out := make([]string, 0, min(len(w.Attendees), len(spoke)))
	seen := map[string]bool{}
	for _, h := range w.Attendees {
		if spoke[h] && !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	if len(out) == len(w.Attendees) && len(out) > 0 {
		// Everyone spoke (most wrap-ups): the attendees' own array, full,
		// so that an append copies it, as the one-name lists share it.
		return w.Attendees[:len(out):len(out)]
	}
	return out
}

// Round3 rounds x half away from zero to 3 decimals (docs/authoring.md, "The
// data export: data/windows.json"). It rounds the shortest decimal form of x
// rather than x*1000, so a value an author would write as 0.0005 or 2.6745
// rounds up as on paper, whatever its binary form.
func Round3(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	abs := math.Abs(x)
	// Beyond 1e15 a float64 holds no digit at the third decimal to round.
	if abs >= 1e15 {
		return x
	}
	s := strconv.FormatFloat(abs, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	if len(frac) <= 3 {
		return x
	}
	n, err := strconv.ParseInt(intPart+frac[:3], 10, 64)
	if err != nil {
		return x
	}
	if frac[3] >= '5' {
		n++
	}
	// Parsing the rounded decimal text gives the float nearest to it.
	r, err := strconv.ParseFloat(strconv.FormatInt(n/1000, 10)+"."+pad3(n%1000), 64)
	if err != nil {
		return x
	}
	if x < 0 {
		return -r
	}
	return r
}

// pad3 formats 0 <= n < 1000 with three digits.
func pad3(n int64) string {
	s := strconv.FormatInt(n, 10)
	return strings.Repeat("0", 3-len(s)) + s
}
