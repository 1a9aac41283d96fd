package render

import (
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/wrapup/wrapup/generator/model"
)

// Templates of the two pages a window has beside its own: the run sheet
// used during the window and the wrap-up meeting page used after it.
const (
	RunSheetTemplate = "run.html"
	MeetingTemplate  = "wrap-up.html"
)

// RunSheetURL and MeetingURL are where a window's two working pages live.
func RunSheetURL(w *model.Window) string { return w.URL() + "run/" }
func MeetingURL(w *model.Window) string  { return w.URL() + "wrap-up/" }

// ToolView is the data of a window's run sheet and meeting page. It shares
// the window page's view, so the actions carried into the window page are
// the ones the meeting reviews.
type ToolView struct {
	*WindowView
	Tasks    []RunTask
	Timezone string // IANA name, to write end: in the site's time zone
	Agenda   []AgendaItem
	// Sections are the jotting fields of the meeting, each seeded with the
	// items the window file already has, so that the copied Markdown
	// replaces those sections whole.
	Sections []MeetingSection
	People   []MeetingPerson // attendees, in the front matter's order
}

// RunTask is a task of the run sheet with the Markdown its copy starts from:
// the title, owners and tags, without status and durations (the sheet adds
// those).
type RunTask struct {
	*model.Task
	Markdown string
	Steps    []RunStep
}

// RunStep is a step of the run sheet.
type RunStep struct {
	*model.Step
	Markdown string
}

// AgendaItem is one item of the wrap-up agenda with its share of the time.
type AgendaItem struct {
	Key, Label string
	Minutes    int
}

// MeetingSection is a section the meeting jots items into.
type MeetingSection struct {
	Kind    string // went_well, went_wrong, lucky, next_time, ideas
	Heading string // the heading the copy writes
	Prompt  string
	Agenda  string // the agenda item it is discussed under
	Items   []MeetingItem
}

// MeetingItem is an item already in the window file, as the copy writes it.
type MeetingItem struct {
	Markdown string
	People   []string // who said it (owners for next time)
}

// MeetingPerson is an attendee chip.
type MeetingPerson struct {
	Handle, Name string
}

// ToolDays is how long after its end a held window keeps its run sheet and
// meeting page: long enough to hold the wrap-up and paste both into the
// file. Older windows have nothing left to run, and at 10,000 windows the
// two pages each would add half again to the build.
const ToolDays = 30

// HasTools reports whether a window has a run sheet and a meeting page on
// the day now: a planned window does, a held one for ToolDays after its end.
func HasTools(w *model.Window, now time.Time) bool {
	return !w.Held() || now.Sub(*w.End) < ToolDays*24*time.Hour
}

// ToolPages makes the run sheet and the meeting page of a window that
// HasTools, from its page's view v and its parts (ToolPartsOf). They are
// NoIndex: search finds the window page, which links to them, and the
// sitemap leaves them out.
func ToolPages(site *model.Site, v *WindowView, parts ToolParts) []*Page {
	w := v.W
	tv := &ToolView{WindowView: v, Timezone: site.Config.Timezone, Tasks: parts.Tasks, Sections: parts.Sections}
	m := site.Config.Meeting
	tv.Agenda = []AgendaItem{
		{"went_well", "What went well", m.WentWell},
		{"went_wrong", "What went wrong", m.WentWrong},
		{"next_time", "What to do better next time", m.NextTime},
	}
	for _, h := range w.Attendees {
		name := h
		if pp, ok := site.People[h]; ok && pp.Name != "" {
			name = pp.Name
		}
		tv.People = append(tv.People, MeetingPerson{Handle: h, Name: name})
	}
	return []*Page{
		{URL: RunSheetURL(w), Template: RunSheetTemplate, Title: "Run sheet: " + w.Title, Section: "windows", Data: tv, NoIndex: true},
		{URL: MeetingURL(w), Template: MeetingTemplate, Title: "Wrap-up: " + w.Title, Section: "windows", Data: tv, NoIndex: true},
	}
}

// ToolParts is what the run sheet and the meeting page show of a window
// that depends on the window alone: the Markdown of its tasks, steps and
// items. It is most of the pages' cost.
type ToolParts struct {
	Tasks    []RunTask
	Sections []MeetingSection
}

// ToolPartsOf works out the ToolParts of a window.
func ToolPartsOf(w *model.Window) ToolParts {
	var parts ToolParts
	for i := range w.Tasks {
		t := &w.Tasks[i]
		rt := RunTask{Task: t, Markdown: itemMarkdown(t.Title, t.Owners, t.Tags())}
		for j := range t.Steps {
			s := &t.Steps[j]
			rt.Steps = append(rt.Steps, RunStep{Step: s, Markdown: itemMarkdown(s.Title, s.Owners, s.Tags())})
		}
		parts.Tasks = append(parts.Tasks, rt)
	}
	parts.Sections = meetingSections(w)
	return parts
}

// meetingSections lists the sections jotted at the meeting, in the order
// the copy writes them, with the window's items already in each. Lucky is
// discussed with what went wrong (a near miss), ideas with next time.
func meetingSections(w *model.Window) []MeetingSection {
	items := func(list []model.Item) []MeetingItem {
		var out []MeetingItem
		for _, it := range list {
			out = append(out, MeetingItem{Markdown: itemMarkdown(it.Text, it.People, it.Tags), People: it.People})
		}
		return out
	}
	var actions []MeetingItem
	for _, a := range w.Actions {
		md := itemMarkdown(a.Text, a.Owners, a.Tags)
		if a.Due != nil {
			md += " due:" + a.Due.String()
		}
		box := "[ ] "
		if a.Done {
			box = "[x] "
			if a.DoneOn != nil {
				md += " done:" + a.DoneOn.String()
			}
		}
		actions = append(actions, MeetingItem{Markdown: box + md, People: a.Owners})
	}
	return []MeetingSection{
		{Kind: "went_well", Heading: "What went well", Prompt: "What went well, and why?", Agenda: "went_well", Items: items(w.WentWell)},
		{Kind: "went_wrong", Heading: "What went wrong", Prompt: "What went wrong?", Agenda: "went_wrong", Items: items(w.WentWrong)},
		{Kind: "lucky", Heading: "Where we got lucky", Prompt: "Where did we get lucky (a near miss)?", Agenda: "went_wrong", Items: items(w.Lucky)},
		{Kind: "next_time", Heading: "Next time", Prompt: "What do we do better next time? (an action, with its owner)", Agenda: "next_time", Items: actions},
		{Kind: "ideas", Heading: "Ideas", Prompt: "Ideas for other windows", Agenda: "next_time", Items: items(w.Ideas)},
	}
}

// itemMarkdown writes an item's plain text back as Markdown that parses to the
// same text, followed by its handles and tags as tokens. Words of the text that
// would read as tokens ([wip], @x, #x, due:...) go in code spans, where tokens
// are text (docs/authoring.md, "Markers inside list items"), and Markdown's
// emphasis and HTML characters are escaped.
func itemMarkdown(text string, people, tags []string) string {
	var b strings.Builder
	for i, word := range strings.Fields(text) {
		if i > 0 {
			b.WriteByte(' ')
		}
		if tokenLike(word) && !strings.Contains(word, "`") {
			b.WriteString("`" + word + "`")
			continue
		}
		if tokenLike(word) && !strings.Contains(word, "``") {
			b.WriteString("`` " + word + " ``") // a code span that may hold a backtick
			continue
		}
		rs := []rune(word)
		for j, r := range rs {
			// An underscore between letters (snake_case) is never emphasis.
			inWord := r == '_' && j > 0 && j+1 < len(rs) && isWordRune(rs[j-1]) && isWordRune(rs[j+1])
			// A word that reads as a token but holds a `` run cannot go
			// in a code span: escaping its @ # and : keeps it plain text.
			token := tokenLike(word) && strings.ContainsRune("@#:", r)
			if (strings.ContainsRune("\\`*_<>[]", r) && !inWord) || token {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
	}
	text = blockSafe(b.String())
	b.Reset()
	b.WriteString(text)
	for _, h := range people {
		b.WriteString(" @" + h)
	}
	for _, t := range tags {
		b.WriteString(" #" + t)
	}
	return strings.TrimSpace(b.String())
}

// tokenLike reports whether a word of plain text would hold a token if written
// as it is: a token starts at the word's start or after one of ( [ { " '
// (docs/authoring.md, "Markers inside list items").
func tokenLike(word string) bool {
	for i := 0; i < len(word); i++ {
		if i > 0 && !strings.ContainsRune(`([{"'`, rune(word[i-1])) {
			continue
		}
		w := word[i:]
		switch w[0] {
		case '@', '#', '[':
			if len(w) > 1 {
				return true
			}
		}
		if k, v, ok := strings.Cut(w, ":"); ok && v != "" {
			switch strings.ToLower(k) {
			case "planned", "actual", "due", "done":
				return true
			}
		}
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// listMarkerRE matches an ordered list marker ("3." or "3)") at the start.
var listMarkerRE = regexp.MustCompile(`^[0-9]{1,9}[.)]`)

// blockSafe escapes what would make the start of an item's text a block of
// its own (a nested list, a quote, a heading, a rule, a fence) instead of
// words.
func blockSafe(md string) string {
	if m := listMarkerRE.FindString(md); m != "" {
		return m[:len(m)-1] + "\\" + md[len(m)-1:]
	}
	if md != "" && strings.ContainsRune("-+>#=~|", rune(md[0])) {
		return "\\" + md
	}
	return md
}
