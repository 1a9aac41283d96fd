package body

import (
	"strings"

	"github.com/agnivade/levenshtein"
	"github.com/wrapup/wrapup/generator/model"
)

// sectionSpellings are the accepted headings of the known sections (FORMAT.md),
// as written in the docs; matching is on normalizeHeading of both sides.
var sectionSpellings = []struct {
	kind  model.SectionKind
	names []string
}{
	{model.SectionTasks, []string{"Tasks", "Changes", "Plan"}},
	{model.SectionWentWell, []string{"Went well", "What went well", "What went right"}},
	{model.SectionWentWrong, []string{"Went wrong", "What went wrong", "What didn't go well"}},
	{model.SectionNextTime, []string{"Next time", "Actions", "Action items", "Follow-ups"}},
	{model.SectionIdeas, []string{"Ideas", "Ideas for other windows"}},
}

// sectionName is how diagnostics name a known section.
var sectionName = map[model.SectionKind]string{
	model.SectionTasks:     "Tasks",
	model.SectionWentWell:  "Went well",
	model.SectionWentWrong: "Went wrong",
	model.SectionNextTime:  "Next time",
	model.SectionIdeas:     "Ideas",
}

var apostrophes = strings.NewReplacer("’", "'", "‘", "'")

// normalizedSpellings holds normalizeHeading of every accepted spelling.
var normalizedSpellings = func() map[string]string {
	m := map[string]string{}
	for _, s := range sectionSpellings {
		for _, name := range s.names {
			m[name] = normalizeHeading(name)
		}
	}
	return m
}()

// normalizeHeading is the form headings are matched on (FORMAT.md rule 13):
// trimmed, lower case, ’ read as ', trailing ':' or '?' dropped, inner white
// space collapsed.
func normalizeHeading(s string) string {
	s = strings.ToLower(collapse(s))
	if strings.ContainsAny(s, "’‘") {
		s = apostrophes.Replace(s)
	}
	for {
		t := strings.TrimSpace(strings.TrimRight(s, ":?"))
		if t == s {
			return s
		}
		s = t
	}
}

// matchHeading returns the kind of section a level-2 heading opens, or
// SectionFree with a did-you-mean spelling when the heading is a near miss.
func matchHeading(heading string) (kind model.SectionKind, suggestion string) {
	h := normalizeHeading(heading)
	best, bestDist := "", 1<<30
	for _, s := range sectionSpellings {
		for _, name := range s.names {
			n := normalizedSpellings[name]
			if h == n {
				return s.kind, ""
			}
			if d := levenshtein.ComputeDistance(h, n); d < bestDist {
				best, bestDist = name, d
			}
		}
	}
	// Short words are close to many others ("Tests" and "Tasks"): allow one
	// edit up to 7 characters, two beyond.
	limit := 1
	if len(h) > 7 {
		limit = 2
	}
	if bestDist <= limit {
		return model.SectionFree, best
	}
	return model.SectionFree, ""
}

// statusSuggestion returns the known status an unknown bracketed word in a task
// most likely means, or "".
func statusSuggestion(word string) string {
	switch word {
	case "x", "ok", "complete", "completed", "finished", "success", "succeeded", "yes":
		return model.StatusDone
	case "skipped", "skip", "cancelled", "canceled", "removed", "postponed":
		return model.StatusDropped
	case "rollback", "rolledback", "rolled_back", "reverted", "revert":
		return model.StatusRolledBack
	case "fail", "error", "broken":
		return model.StatusFailed
	case "partly", "partially", "part":
		return model.StatusPartial
	}
	best, bestDist := "", 3
	for _, s := range model.Statuses {
		if d := levenshtein.ComputeDistance(word, s); d < bestDist {
			best, bestDist = s, d
		}
	}
	return best
}

func isStatus(word string) bool {
	for _, s := range model.Statuses {
		if s == word {
			return true
		}
	}
	return false
}

// statusList is "[done], [partial], [failed], [rolled-back] or [dropped]".
func statusList() string {
	var b strings.Builder
	for i, s := range model.Statuses {
		switch {
		case i == len(model.Statuses)-1:
			b.WriteString(" or ")
		case i > 0:
			b.WriteString(", ")
		}
		b.WriteString("[" + s + "]")
	}
	return b.String()
}
