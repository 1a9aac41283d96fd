package model

import (
	"fmt"
	"time"
)

// FormatDuration writes a duration as "3h 40m", "45m" or "2h": the way pages,
// feeds and digests show durations.
func FormatDuration(d time.Duration) string {
	neg := d < 0
	if neg {
		d = -d
	}
	m := int(d / time.Minute)
	var s string
	switch {
	case m >= 60 && m%60 != 0:
		s = fmt.Sprintf("%dh %dm", m/60, m%60)
	case m >= 60:
		s = fmt.Sprintf("%dh", m/60)
	default:
		s = fmt.Sprintf("%dm", m)
	}
	if neg {
		return "-" + s
	}
	return s
}

// FormatOverrun says how a window ended against its plan: "20m early",
// "1h 5m late" or "on the minute"; "" when it is not known.
func FormatOverrun(m *int) string {
	if m == nil {
		return ""
	}
	switch {
	case *m < 0:
		return FormatDuration(time.Duration(-*m)*time.Minute) + " early"
	case *m > 0:
		return FormatDuration(time.Duration(*m)*time.Minute) + " late"
	}
	return "on the minute"
}
