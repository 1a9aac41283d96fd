package parse

import "time"

// Time reads a time written as in front matter (docs/authoring.md, "Times,
// dates and time zones": RFC 3339, or "2025-03-08 22:00" in loc), for
// command-line flags such as wrapup new's --start. The error says what to
// write.
func Time(text string, loc *time.Location) (time.Time, error) {
	pt, err := parseTime(text, loc, false)
	return pt.t, err
}
