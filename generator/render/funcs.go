package render

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/wrapup/wrapup/generator/model"
)

// Funcs are the functions templates may call. They format values; they make
// no decisions about what a page shows.
func Funcs() template.FuncMap {
	return template.FuncMap{
		"html": func(s string) template.HTML { return template.HTML(s) }, // goldmark output: raw HTML already dropped
		// One date style everywhere, "19 Jan 2013": window dates, due and
		// done dates alike (day is for the model's calendar dates).
		"date":      shortDate,
		"shortdate": shortDate,
		"day":       dayLabel,
		"datetime":  func(t time.Time) string { return t.Format("2 Jan 2006, 15:04 MST") },
		"clock":     func(t time.Time) string { return t.Format("15:04") },
		"iso":       func(t time.Time) string { return t.Format(time.RFC3339) },
		"sameday":   func(a, b time.Time) bool { return a.YearDay() == b.YearDay() && a.Year() == b.Year() },
		"duration":  model.FormatDuration,
		"minutes":   formatMinutes,
		"overrun":   model.FormatOverrun,
		"pct":       PctF, // the same figures as the trends pages
		"ratio":     RatioF,
		"deref": func(p *int) int {
			if p == nil {
				return 0
			}
			return *p
		},
		"statusLabel": statusLabel,
		"add":         func(a, b int) int { return a + b },
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return fmt.Sprintf("%d %s", n, one)
			}
			return fmt.Sprintf("%d %s", n, many)
		},
		"join": strings.Join,
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		"list":     func(xs ...any) []any { return xs },
		"tagLinks": TagLinks,
		"list1":    func(s string) []string { return []string{s} },
		// The default theme's window rows (rows.go).
		"windowRowHead": WindowRowHead, "criteria": Criteria, "windowTOC": WindowTOC,
		// The default theme's lists of person, system and tag pages (refs.go).
		"recentItems": RecentItemList, "ownedTasks": OwnedTaskList, "ownedActions": OwnedActionList, "raised": RaisedList,
		// Formats for the trend pages' medians (see trends.go).
		"minutesf": MinutesF, "ratiof": RatioF, "daysf": DaysF, "pctf": PctF, "numf": NumF, "points": Points,
	}
}

// shortDate writes a date as "2 Jan 2006".
func shortDate(t time.Time) string { return t.Format("2 Jan 2006") }

// dayLabel writes a calendar date as shortDate writes a time: "2 Jan 2006".
func dayLabel(d model.Date) string { return d.Start(time.UTC).Format("2 Jan 2006") }

// formatMinutes writes a number of minutes as FormatDuration does; "" for none.
func formatMinutes(m *int) string {
	if m == nil {
		return ""
	}
	return model.FormatDuration(time.Duration(*m) * time.Minute)
}

// statusLabel is a task status in words: "rolled back" for "rolled-back".
func statusLabel(s string) string {
	if s == "" {
		return "planned"
	}
	return strings.ReplaceAll(s, "-", " ")
}
