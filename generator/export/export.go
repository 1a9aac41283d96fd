// Package export writes the data export (docs/authoring.md, "The data export:
// data/windows.json"): data/windows.json, every published window newest first,
// with field names fixed by the contract.
package export

import (
	"bytes"
	"encoding/json"
	"io"
	"time"

	"github.com/wrapup/wrapup/generator/model"
)

// Windows is the top level of data/windows.json.
type Windows struct {
	Windows []Window `json:"windows"`
}

// Window is one window in the export. Field order follows the example of
// docs/authoring.md, "The data export: data/windows.json".
type Window struct {
	ID             string               `json:"id"`
	Title          string               `json:"title"`
	Summary        string               `json:"summary"`
	URL            string               `json:"url"`
	Status         string               `json:"status"`
	Start          string               `json:"start"`
	PlannedEnd     string               `json:"planned_end"`
	End            *string              `json:"end"`
	Impact         *string              `json:"impact"`
	Outcome        *model.Outcome       `json:"outcome"`
	OverrunMinutes *int                 `json:"overrun_minutes"`
	NoticeDays     *int                 `json:"notice_days"`
	LateNotice     bool                 `json:"late_notice"`
	Estimate       *float64             `json:"estimate"`
	Facilitator    *string              `json:"facilitator"`
	Attendees      []string             `json:"attendees"`
	Systems        []string             `json:"systems"`
	Tags           []string             `json:"tags"`
	Participation  *model.Participation `json:"participation"`
	Tasks          []Task               `json:"tasks"`
	WentWell       []Item               `json:"went_well"`
	WentWrong      []Item               `json:"went_wrong"`
	Actions        []Action             `json:"actions"`
	Lucky          []Item               `json:"lucky"`
	Ideas          []Item               `json:"ideas"`
	// Fields beyond the contract ("more fields may be added").
	Notice *string `json:"notice"`
	// CustomerNotice is the plain text of the customer notice section
	// (docs/authoring.md, "The body: sections", Customer notice), null without
	// one.
	CustomerNotice *string `json:"customer_notice"`
	Draft          bool    `json:"draft,omitempty"`
	Path           string  `json:"source"`
	Minutes        int     `json:"duration_minutes"`
}

// Task is a task in the export.
type Task struct {
	Number         int      `json:"number"`
	Anchor         string   `json:"anchor"`
	Title          string   `json:"title"`
	Owners         []string `json:"owners"`
	Tags           []string `json:"tags"`
	Status         *string  `json:"status"`
	PlannedMinutes *int     `json:"planned_minutes"`
	ActualMinutes  *int     `json:"actual_minutes"`
	Steps          []Step   `json:"steps"`
}

// Step is a numbered step in the export.
type Step struct {
	Number string   `json:"number"`
	Anchor string   `json:"anchor"`
	Title  string   `json:"title"`
	Owners []string `json:"owners"`
	Tags   []string `json:"tags"`
	Status *string  `json:"status"`
}

// Item is a went-well, went-wrong or idea item in the export.
type Item struct {
	Text        string   `json:"text"`
	People      []string `json:"people"`
	Tags        []string `json:"tags"`
	Anchor      string   `json:"anchor"`
	ReplyPeople []string `json:"reply_people"`
}

// Action is a next-time action in the export.
type Action struct {
	Text   string   `json:"text"`
	Owners []string `json:"owners"`
	Tags   []string `json:"tags"`
	Due    *string  `json:"due"`
	Done   bool     `json:"done"`
	DoneOn *string  `json:"done_on"`
	Anchor string   `json:"anchor"`
	// The action board's fields: overdue is open with a due date before the
	// build's today (always false from JSON, which has no today);
	// days_to_close is done_on minus the window's start date.
	Overdue     bool `json:"overdue"`
	DaysToClose *int `json:"days_to_close"`
	// Extra holds an action table's other columns (docs/authoring.md, "Action
	// tables"), column heading to cell text; {} for a list item.
	Extra map[string]string `json:"extra"`
}

// Time formats an instant as the contract wants: RFC 3339 in the site timezone,
// Z for a zero offset.
func Time(t time.Time) string { return t.Format(time.RFC3339) }

// FromModel converts a window to its export form.
func FromModel(w *model.Window) Window {
	e := Window{
		ID: w.ID, Title: w.Title, Summary: w.Summary, URL: w.URL(),
		Status: "planned", Start: Time(w.Start), PlannedEnd: Time(w.PlannedEnd),
		OverrunMinutes: w.Derived.OverrunMinutes, NoticeDays: w.Derived.NoticeDays, LateNotice: w.Derived.LateNotice,
		Estimate: w.Derived.Estimate, Attendees: nonNil(w.Attendees), Systems: nonNil(w.Systems), Tags: nonNil(w.Tags),
		Participation: w.Derived.Participation, Outcome: w.Derived.Outcome,
		Tasks: []Task{}, WentWell: items(w.WentWell), WentWrong: items(w.WentWrong), Actions: []Action{}, Lucky: items(w.Lucky), Ideas: items(w.Ideas),
		Draft: w.Draft, Path: w.Path, Minutes: int(w.Derived.Duration / time.Minute),
	}
	if w.Held() {
		e.Status = "held"
		end := Time(*w.End)
		e.End = &end
		e.Impact = optional(w.Impact)
	}
	if w.Notice != nil {
		n := Time(*w.Notice)
		e.Notice = &n
	}
	e.Facilitator = optional(w.Facilitator)
	if w.CustomerNotice != nil {
		e.CustomerNotice = &w.CustomerNotice.Text
	}
	for _, t := range w.Tasks {
		et := Task{Number: int(t.Number), Anchor: t.Anchor, Title: t.Title, Owners: nonNil(t.Owners), Tags: nonNil(t.Tags()),
			Status: optional(t.Status), PlannedMinutes: t.PlannedMinutes, ActualMinutes: t.ActualMinutes, Steps: []Step{}}
		for _, s := range t.Steps {
			et.Steps = append(et.Steps, Step{Number: s.Number, Anchor: s.Anchor, Title: s.Title, Owners: nonNil(s.Owners), Tags: nonNil(s.Tags()), Status: optional(s.Status())})
		}
		e.Tasks = append(e.Tasks, et)
	}
	for _, a := range w.Actions {
		ea := Action{Text: a.Text, Owners: nonNil(a.Owners), Tags: nonNil(a.Tags), Done: a.Done, Anchor: a.Anchor, Extra: map[string]string{}}
		for _, c := range a.Extra() {
			ea.Extra[c.Column] = c.Text
		}
		if a.Due != nil {
			d := a.Due.String()
			ea.Due = &d
		}
		if a.DoneOn != nil {
			d := a.DoneOn.String()
			ea.DoneOn = &d
			days := model.DateOf(w.Start, w.Start.Location()).DaysUntil(*a.DoneOn)
			ea.DaysToClose = &days
		}
		e.Actions = append(e.Actions, ea)
	}
	return e
}

// JSON renders data/windows.json for the given windows (already ordered and
// filtered to what is published).
func JSON(windows []*model.Window) ([]byte, error) {
	return JSONAt(windows, model.Date{})
}

// JSONAt is JSON with the build's today, which decides the actions' overdue.
func JSONAt(windows []*model.Window, today model.Date) ([]byte, error) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, windows, today); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteJSON writes JSONAt's bytes to w one window at a time, so that the
// export of a large archive (50 MB at 10k windows) never waits whole in
// memory, nor its export form: the bytes are those of encoding Windows
// with an indent of one space.
func WriteJSON(w io.Writer, windows []*model.Window, today model.Date) error {
	if len(windows) == 0 {
		_, err := io.WriteString(w, "{\n \"windows\": []\n}\n")
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("  ", " ") // the prefix is the depth of an element of the list
	buf.WriteString("{\n \"windows\": [\n  ")
	for i, win := range windows {
		if i > 0 {
			buf.WriteString(",\n  ")
		}
		e := FromModel(win)
		for i, a := range win.Actions {
			e.Actions[i].Overdue = Overdue(&a, today)
		}
		if err := enc.Encode(e); err != nil {
			return err
		}
		buf.Truncate(buf.Len() - 1) // Encode's newline
		if _, err := w.Write(buf.Bytes()); err != nil {
			return err
		}
		buf.Reset()
	}
	buf.WriteString("\n ]\n}\n")
	_, err := w.Write(buf.Bytes())
	return err
}

func items(list []model.Item) []Item {
	out := make([]Item, 0, len(list))
	for _, it := range list {
		out = append(out, Item{Text: it.Text, People: nonNil(it.People), Tags: nonNil(it.Tags), Anchor: it.Anchor, ReplyPeople: nonNil(it.ReplyPeople())})
	}
	return out
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Overdue reports whether an action is open and was due before today. A zero
// today (no build date) makes nothing overdue.
func Overdue(a *model.Action, today model.Date) bool {
	return !a.Done && a.Due != nil && today != (model.Date{}) && a.Due.Before(today)
}
