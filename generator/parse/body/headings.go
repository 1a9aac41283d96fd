package body

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/agnivade/levenshtein"
	"github.com/wrapup/wrapup/generator/model"
)

// sectionSpellings are the accepted headings of the known sections, exactly as
// the heading table of docs/authoring.md, "The body: sections", lists them (the
// first is the name diagnostics use); matching is on normalizeHeading of both
// sides. The Lessons learned umbrella is listed last: its ### sub-headings are
// matched against the rest.
var sectionSpellings = []struct {
	kind  model.SectionKind
	names []string
}{
	{model.SectionTasks, []string{"Tasks", "Changes", "Plan", "Change plan", "What we changed"}},
	{model.SectionWentWell, []string{"Went well", "What went well", "What went right", "What worked", "What worked well", "Successes", "Wins", "Highlights"}},
	{model.SectionWentWrong, []string{"Went wrong", "What went wrong", "What didn't go well", "What did not go well", "What didn't go so well", "What went badly", "What went poorly", "What could have gone better", "What could be improved", "Problems", "Challenges"}},
	{model.SectionLucky, []string{"Where we got lucky", "What we got lucky with", "Lucky", "Near misses"}},
	{model.SectionNextTime, []string{"Next time", "Actions", "Action items", "Follow-ups", "Follow-up actions", "Next steps", "Corrective actions", "Preventive actions", "Remediation", "Recommendations", "To do"}},
	{model.SectionIdeas, []string{"Ideas", "Ideas for other windows", "Suggestions", "Improvement ideas", "Parking lot"}},
	{model.SectionCustomerNotice, []string{"Customer notice", "Notice", "Maintenance notice", "Announcement", "Customer message"}},
	{model.SectionLessons, []string{"Lessons learned", "Lessons", "Learnings", "Retrospective"}},
}

// sectionName is how diagnostics name a known section.
var sectionName = map[model.SectionKind]string{
	model.SectionTasks:          "Tasks",
	model.SectionWentWell:       "Went well",
	model.SectionWentWrong:      "Went wrong",
	model.SectionLucky:          "Where we got lucky",
	model.SectionNextTime:       "Next time",
	model.SectionIdeas:          "Ideas",
	model.SectionCustomerNotice: "Customer notice",
	model.SectionLessons:        "Lessons learned",
}

// spellingsOf returns the accepted headings of kind, quoted and joined for a
// diagnostic: "Went well", "What went well" or "Wins".
func spellingsOf(kind model.SectionKind) string {
	for _, s := range sectionSpellings {
		if s.kind != kind {
			continue
		}
		var b strings.Builder
		for i, n := range s.names {
			switch {
			case i == len(s.names)-1 && i > 0:
				b.WriteString(" or ")
			case i > 0:
				b.WriteString(", ")
			}
			b.WriteString(`"` + n + `"`)
		}
		return b.String()
	}
	return ""
}

var apostrophes = strings.NewReplacer("’", "'", "‘", "'", "ʼ", "'")

// normalSpellings are the accepted spellings in sectionSpellings' order,
// each with its normalizeHeading: every heading of a free section is
// compared with all of them.
var normalSpellings = func() []struct{ name, normal string } {
	var out []struct{ name, normal string }
	for _, s := range sectionSpellings {
		for _, name := range s.names {
			out = append(out, struct{ name, normal string }{name, normalizeHeading(name)})
		}
	}
	return out
}()

// spellingKinds maps normalizeHeading of every accepted spelling to its kind.
var spellingKinds = func() map[string]model.SectionKind {
	m := map[string]model.SectionKind{}
	for _, s := range sectionSpellings {
		for _, name := range s.names {
			m[normalizeHeading(name)] = s.kind
		}
	}
	return m
}()

// normalizeHeading is the form headings are matched on (docs/authoring.md, "The
// body: sections", How headings are matched): lower case, ’ read as ', inner
// white space collapsed, and leading and trailing emoji, symbols and
// punctuation dropped ("✅ What went well?" is "what went well"), and so is a
// leading section number ("5. Action items"). Inner punctuation stays:
// "didn't", "follow-ups".
func normalizeHeading(s string) string {
	s = strings.ToLower(collapse(s))
	if strings.ContainsAny(s, "’‘ʼ") {
		s = apostrophes.Replace(s)
	}
	keep := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	s = strings.TrimFunc(s, func(r rune) bool { return !keep(r) })
	if m := sectionNumber.FindString(s); m != "" && len(m) < len(s) {
		s = strings.TrimFunc(s[len(m):], func(r rune) bool { return !keep(r) })
	}
	return s
}

// sectionNumber is the number wiki pages and exported documents put before
// a heading ("5. Action items", "2) Tasks", "3.1 What went well"): it is not
// part of the section's name. A number without "." or ")" stays, as in
// "5 Whys".
var sectionNumber = regexp.MustCompile(`^(?:[0-9]+(?:\.[0-9]+)+\.?|[0-9]+[.)])\s+`)

// matchHeading returns the kind of section a heading opens, or SectionFree
// with a did-you-mean spelling when the heading is a near miss.
func matchHeading(heading string) (kind model.SectionKind, suggestion string) {
	h := normalizeHeading(heading)
	if k, ok := spellingKinds[h]; ok {
		return k, ""
	}
	if h == "" {
		return model.SectionFree, ""
	}
	best, bestDist := "", 1<<30
	for _, s := range normalSpellings {
		if d := levenshtein.ComputeDistance(h, s.normal); d < bestDist {
			best, bestDist = s.name, d
		}
	}
	// Short words are close to many others ("Tests" and "Tasks"): allow one
	// edit up to 7 characters, two beyond.
	limit := 1
	if len([]rune(h)) > 7 {
		limit = 2
	}
	if bestDist <= limit {
		return model.SectionFree, best
	}
	return model.SectionFree, ""
}
