// Package model is the domain of wrapup: sites, maintenance windows, their tasks,
// lessons and actions, and the values derived from them. It does no I/O: the parse
// stage fills these values from files, later stages read them.
package model

import (
	"time"
)

// Config holds the settings of wrapup.yaml with their defaults applied.
type Config struct {
	Title         string
	BaseURL       string // as written, e.g. https://intranet.example.com/it/wrapups/
	Timezone      string // IANA name; "UTC" by default
	Location      *time.Location
	MinNoticeDays int    // 7 by default
	Theme         string // "default" by default
	// NoIndex asks search engines to stay away (robots.txt, meta robots):
	// wrapup.yaml's noindex, false by default.
	NoIndex bool
	// Contact is whom to ask during a window ("the service desk, ext. 4357"),
	// shown on maintenance notices: wrapup.yaml's contact.
	Contact string
	// Meeting is how the wrap-up meeting's 30 minutes are split across its
	// agenda (the meeting page's timer): wrapup.yaml's meeting.
	Meeting MeetingSplit
}

// MeetingSplit is the minutes of each item of the wrap-up agenda.
type MeetingSplit struct {
	WentWell, WentWrong, NextTime int
}

// Total is the meeting's length in minutes.
func (m MeetingSplit) Total() int { return m.WentWell + m.WentWrong + m.NextTime }

// DefaultConfig is the configuration of a site without wrapup.yaml. The
// meeting is the article's 30 minutes in three equal parts.
func DefaultConfig() Config {
	return Config{Title: "Maintenance wrap-ups", Timezone: "UTC", Location: time.UTC, MinNoticeDays: 7, Theme: "default", Meeting: MeetingSplit{WentWell: 10, WentWrong: 10, NextTime: 10}}
}

// Person is an entry of content/people.yaml.
type Person struct {
	Handle string
	Name   string
	Team   string
}

// Page is a free page (content/pages/<name>.md) or the home page intro
// (content/_index.md).
type Page struct {
	Name    string // "process" for content/pages/process.md; "" for _index.md
	Path    string // source path, slash-separated, relative to the site folder
	Title   string
	Summary string
	Draft   bool
	HTML    string // rendered body
	Text    string // plain text of the body, for search
	// Links are the link destinations written in the body, with their
	// positions; HeadingIDs the ids of its headings (for link checks).
	Links      []Link
	HeadingIDs []string
}

// URL is the page's URL relative to the site root.
func (p *Page) URL() string { return "/pages/" + p.Name + "/" }

// Site is everything the content folder describes, parsed and derived.
type Site struct {
	Config  Config
	People  map[string]Person // nil when there is no people.yaml
	Intro   *Page             // nil when there is no _index.md
	Pages   []*Page           // free pages, by name
	Windows []*Window         // newest first, then by id (docs/authoring.md, "The data export: data/windows.json")
}

// Task statuses, the task's status marker (docs/authoring.md, "Tasks, steps and
// statuses").
const (
	StatusDone       = "done"
	StatusPartial    = "partial"
	StatusFailed     = "failed"
	StatusRolledBack = "rolled-back"
	StatusDropped    = "dropped"
)

// Statuses lists the known task statuses in the order authors learn them.
var Statuses = []string{StatusDone, StatusPartial, StatusFailed, StatusRolledBack, StatusDropped}

// Impact values.
const (
	ImpactNone  = "none"
	ImpactMinor = "minor"
	ImpactMajor = "major"
)

// Date is a calendar date with no time of day or zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// String formats the date as YYYY-MM-DD.
func (d Date) String() string {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}

// Start is the first instant of the date in loc.
func (d Date) Start(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// DaysUntil counts calendar days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int {
	a := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
	b := time.Date(e.Year, e.Month, e.Day, 12, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}

// SameDate reports whether two optional dates are equal (both absent counts).
func SameDate(a, b *Date) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.DaysUntil(e) > 0 }

// Window is one maintenance window: its front matter, its body's data, and the
// values derived from them.
type Window struct {
	ID      string // the file's base name without .md
	Path    string // source path, slash-separated, relative to the site folder
	Title   string
	Summary string // front matter summary, else the body's first paragraph, else ""

	Start      time.Time // in the site timezone
	PlannedEnd time.Time
	End        *time.Time // nil: planned (not held yet)
	Impact     string     // "", "none", "minor" or "major"
	Notice     *time.Time // when customers were told; a date means the start of that day

	Facilitator string
	Attendees   []string
	Systems     []string
	Tags        []string
	Draft       bool

	Tasks     []Task
	WentWell  []Item
	WentWrong []Item
	Lucky     []Item // where we got lucky (near misses)
	Actions   []Action
	Ideas     []Item

	// CustomerNotice is the body's customer notice section, the only window
	// text customers see (docs/authoring.md, "The body: sections", Customer
	// notice); nil when the body has none.
	CustomerNotice *CustomerNotice

	// Body is the Markdown body in reading order: the text before the first
	// heading, then each level-2 section. Known sections refer to the lists above.
	Body []Section
	// Links are the link destinations written in the body, with their positions.
	Links []Link
	// HeadingIDs are the ids of every heading in the body (for anchor checks).
	HeadingIDs []string

	Derived Derived
}

// Spoken returns the lists whose items say who spoke (docs/authoring.md, "What
// the site works out for you", Participation): went well, went wrong, lucky and
// ideas, in that order.
func (w *Window) Spoken() [][]Item { return [][]Item{w.WentWell, w.WentWrong, w.Lucky, w.Ideas} }

// Held reports whether the window has taken place (it has an end).
func (w *Window) Held() bool { return w.End != nil }

// URL is the window page's URL relative to the site root.
func (w *Window) URL() string { return "/windows/" + w.ID + "/" }

// Task is one item of the Tasks section.
//
// What most tasks leave empty (a detail under the title, tags) is behind
// More, nil when the task has none, and so is the title's HTML where it is
// not the title itself (most titles have no markup and nothing to escape): a
// site holds every task for the whole build (the dev server across builds),
// and 56 bytes a task less is ~2 MB at 10k windows. Read those through the
// methods of the same names, as templates do ({{ .TitleHTML }},
// {{ .DetailHTML }}, {{ .Tags }}).
type Task struct {
	// Number and Line are int32, side by side: 8 bytes a task less.
	Number         int32  // position across the section, from 1
	Line           int32  // source line of the item
	Anchor         string // task-2
	Title          string // plain text, tokens removed
	Owners         []string
	Status         string // "" when not given (null in the export)
	PlannedMinutes *int
	ActualMinutes  *int
	Steps          []Step
	More           *TaskMore
}

// TaskMore holds the fields of a task that most tasks leave empty.
type TaskMore struct {
	// TitleHTML is the title's inline HTML when OwnTitleHTML is set;
	// else the HTML is the title itself.
	TitleHTML    string
	OwnTitleHTML bool
	DetailHTML   string // later paragraphs and nested content other than steps
	Tags         []string
}

// TitleHTML is the inline HTML of the task's title, tokens removed.
func (t Task) TitleHTML() string {
	if t.More == nil || !t.More.OwnTitleHTML {
		return t.Title
	}
	return t.More.TitleHTML
}

// DetailHTML is the task's later paragraphs and nested content other than
// steps, "" when it has none.
func (t Task) DetailHTML() string {
	if t.More == nil {
		return ""
	}
	return t.More.DetailHTML
}

// Tags are the task's #tags, nil when it has none.
func (t Task) Tags() []string {
	if t.More == nil {
		return nil
	}
	return t.More.Tags
}

// Step is a numbered step of a task (task 2's steps are 2.1, 2.2...). Its
// detail, tags and status (most steps have none: the task's status says how
// it went) are behind More, as a task's detail and tags are.
type Step struct {
	Number    string // "2.1"
	Anchor    string // task-2-1
	Title     string
	TitleHTML string
	Owners    []string
	Line      int
	More      *StepMore
}

// StepMore holds the fields of a step that most steps leave empty.
type StepMore struct {
	DetailHTML string
	Tags       []string
	Status     string // "" when not given
}

// Status is the step's status marker, "" when it has none.
func (s Step) Status() string {
	if s.More == nil {
		return ""
	}
	return s.More.Status
}

// DetailHTML is the step's nested content, "" when it has none.
func (s Step) DetailHTML() string {
	if s.More == nil {
		return ""
	}
	return s.More.DetailHTML
}

// Tags are the step's #tags, nil when it has none.
func (s Step) Tags() []string {
	if s.More == nil {
		return nil
	}
	return s.More.Tags
}

// CustomerNotice is what customers were told about a window: the body's
// customer notice section, rendered, and its plain text.
type CustomerNotice struct {
	HTML string
	Text string
}

// Item is one entry of went well, went wrong, lucky or ideas.
//
// What most items leave empty (a detail, replies and who wrote them) is
// behind More, nil when the item has none, and so is the text's HTML where it
// is not the text itself (most texts have no markup and nothing to escape):
// 72 bytes an item less, ~5 MB at 10k windows. Read those through the methods
// of the same names, as templates do ({{ .HTML }}, {{ .DetailHTML }},
// {{ range .Replies }}).
type Item struct {
	Anchor string // went-well-1, went-wrong-3, lucky-1, idea-2
	Text   string // plain text, tokens removed
	People []string
	Tags   []string
	Line   int
	More   *ItemMore
}

// ItemMore holds the fields of an item that most items leave empty.
type ItemMore struct {
	// HTML is the text's inline HTML when OwnHTML is set; else the HTML is
	// the text itself.
	HTML        string
	OwnHTML     bool
	DetailHTML  string   // later paragraphs and other nested content, not the replies
	ReplyPeople []string // handles in replies (nested lists): they spoke too
	Replies     []Reply  // nested lists under the item, shown after DetailHTML
}

// HTML is the inline HTML of the item's text, tokens removed.
func (it Item) HTML() string {
	if it.More == nil || !it.More.OwnHTML {
		return it.Text
	}
	return it.More.HTML
}

// DetailHTML is the item's later paragraphs and other nested content, not
// the replies; "" when it has none.
func (it Item) DetailHTML() string {
	if it.More == nil {
		return ""
	}
	return it.More.DetailHTML
}

// ReplyPeople are the handles in the item's replies (they spoke too), nil
// when there are none.
func (it Item) ReplyPeople() []string {
	if it.More == nil {
		return nil
	}
	return it.More.ReplyPeople
}

// Replies are the nested lists under the item, shown after its detail; nil
// when there are none.
func (it Item) Replies() []Reply {
	if it.More == nil {
		return nil
	}
	return it.More.Replies
}

// Reply is an entry of a nested list under a went-well, went-wrong or idea item
// (docs/authoring.md, "Replies"): its text with tokens taken out, like an
// item's, who wrote it, and its own replies.
type Reply struct {
	HTML       string
	People     []string
	Tags       []string
	DetailHTML string
	Replies    []Reply
}

// Action is one next-time action. Its detail, an action table's other
// columns and its text's HTML where that is not the text itself are behind
// More, nil when it has none of them (most actions): read them through the
// methods HTML, DetailHTML and Extra, as templates do.
type Action struct {
	Anchor string // action-1
	Text   string
	Owners []string
	Tags   []string
	Due    *Date
	DoneOn *Date
	Done   bool
	Line   int32 // int32 beside Done: 8 bytes an action less
	More   *ActionMore
}

// ActionMore holds the fields of an action that most actions leave empty.
type ActionMore struct {
	// HTML is the text's inline HTML when OwnHTML is set; else the HTML is
	// the text itself.
	HTML       string
	OwnHTML    bool
	DetailHTML string
	// Extra holds the other columns of an action table's row
	// (docs/authoring.md, "Action tables"), in the table's order.
	Extra []Cell
}

// HTML is the inline HTML of the action's text, tokens removed.
func (a Action) HTML() string {
	if a.More == nil || !a.More.OwnHTML {
		return a.Text
	}
	return a.More.HTML
}

// DetailHTML is the action's nested content, "" when it has none.
func (a Action) DetailHTML() string {
	if a.More == nil {
		return ""
	}
	return a.More.DetailHTML
}

// Extra is the other columns of an action table's row (docs/authoring.md,
// "Action tables"), in the table's order; nil for a list item or a row with
// none.
func (a Action) Extra() []Cell {
	if a.More == nil {
		return nil
	}
	return a.More.Extra
}

// Cell is a column of an action table kept with its action: the column's
// heading and the cell's plain text and inline HTML.
type Cell struct {
	Column string
	Text   string
	HTML   string
}

// SectionKind says which of the wiki-style sections a level-2 heading opens.
type SectionKind string

const (
	SectionIntro     SectionKind = "intro" // the body before the first level-2 heading
	SectionTasks     SectionKind = "tasks"
	SectionWentWell  SectionKind = "went_well"
	SectionWentWrong SectionKind = "went_wrong"
	SectionLucky     SectionKind = "lucky"
	SectionNextTime  SectionKind = "next_time"
	SectionIdeas     SectionKind = "ideas"
	// SectionCustomerNotice is the text customers were told (docs/authoring.md,
	// "The body: sections", Customer notice).
	SectionCustomerNotice SectionKind = "customer_notice"
	// SectionLessons is the Lessons learned umbrella: its ### sub-headings
	// open sections of their own (Level 3), which follow it in Body.
	SectionLessons SectionKind = "lessons"
	SectionFree    SectionKind = "free" // any other level-2 section: narrative
)

// Section is a part of a window's body in reading order.
type Section struct {
	Kind    SectionKind
	Heading string // plain text of the heading as written ("" for the intro)
	Anchor  string // heading id
	Level   int32  // the heading's level: 2, or 3 under the umbrella or in a body without ##; 0 for the intro
	Line    int32  // int32, as Level: 96 bytes a section, not 104
	Parts   []Part
	Text    string // plain text of the section's narrative parts (for search)
}

// Link is a link written in a body, kept so that links to windows, pages and
// anchors of this site can be checked.
type Link struct {
	// Dest is where the rendered page links: for a link into the site its
	// root-relative URL ("/windows/x/#task-2"), however it was written;
	// else the destination as written (https:..., mailto:...).
	Dest string
	// Written is the destination as the author wrote it, for messages.
	Written string
	// Out marks a link out of the site (a web or mail address, a file
	// share): never checked.
	Out  bool
	Line int
	Col  int
}

// Part is a piece of a section: either rendered HTML (paragraphs, code, ###
// headings: shown in place) or a run of the section's list entries, From to To
// (exclusive) in the window's list for that section kind.
type Part struct {
	HTML string
	// From and To are int32, and the two flags sit beside them: 32 bytes a
	// part, not 48 (every section holds its parts for the whole build).
	From, To int32
	List     bool
	Ordered  bool
}

// Outcome holds the three success criteria of a held window.
type Outcome struct {
	Success     bool `json:"success"`
	ChangesMade bool `json:"changes_made"`
	NoImpact    bool `json:"no_impact"`
	OnTime      bool `json:"on_time"`
}

// Participation says how many attendees spoke at the wrap-up.
type Participation struct {
	Attendees    int      `json:"attendees"`
	Contributors int      `json:"contributors"`
	Rate         *float64 `json:"rate"`
}

// Derived holds the values the site works out for a window (docs/authoring.md,
// "What the site works out for you"). Pointers are nil where the export has
// null.
type Derived struct {
	Outcome        *Outcome
	OverrunMinutes *int
	NoticeDays     *int
	LateNotice     bool
	Participation  *Participation
	Estimate       *float64
	// Contributors are the attendees who said at least one went-well,
	// went-wrong, lucky or idea item (or a reply to one), in attendee order.
	Contributors []string
	// Duration is end - start for a held window, planned_end - start otherwise.
	Duration time.Duration
}
