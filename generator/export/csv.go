package export

import (
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/trends"
)

// windowColumns are the columns of data/windows.csv: one row a held window,
// with every value derived from it.
var windowColumns = []string{
	"id", "title", "url", "start", "planned_end", "end", "quarter", "impact",
	"success", "changes_made", "no_impact", "on_time", "overrun_minutes", "duration_minutes",
	"notice", "notice_days", "late_notice",
	"estimate", "planned_minutes", "actual_minutes",
	"attendees", "contributors", "participation_rate", "facilitator", "systems", "tags",
	"tasks", "tasks_done", "tasks_not_done", "tasks_dropped",
	"went_well", "went_wrong", "ideas", "actions", "actions_open", "actions_overdue",
	"lucky", // added after the others, so that columns read by position keep their place
}

// BOM is the UTF-8 byte-order mark each CSV file starts with. Excel reads
// a CSV file without one in the system's legacy code page (Windows-1252 in
// most of Europe and the Americas), so "Zoë" would read "ZoÃ«"; with it,
// Excel, LibreOffice and Numbers all read UTF-8. Programs reading the files
// (Python's csv with encoding="utf-8-sig", pandas, R's readr) skip it.
const BOM = "\ufeff"

// actionColumns are the columns of data/actions.csv: one row an action.
var actionColumns = []string{
	"window_id", "window_title", "window_start", "url", "anchor", "text", "owners", "tags",
	"due", "done", "done_on", "status", "days_overdue", "days_to_close",
}

// WindowsCSV renders data/windows.csv: the report's held windows, newest first.
func WindowsCSV(rep *trends.Report) ([]byte, error) {
	var buf bytes.Buffer
	if err := WriteWindowsCSV(&buf, rep); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteWindowsCSV writes WindowsCSV's bytes to out as they are made.
func WriteWindowsCSV(out io.Writer, rep *trends.Report) error {
	if _, err := io.WriteString(out, BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(out)
	if err := cw.Write(windowColumns); err != nil {
		return err
	}
	for i := len(rep.Held) - 1; i >= 0; i-- {
		p := rep.Held[i]
		w, d := p.W, p.W.Derived
		row := []string{w.ID, text(w.Title), w.URL(), Time(w.Start), Time(w.PlannedEnd), timePtr(w.End), p.Quarter.String(), w.Impact}
		if o := d.Outcome; o != nil {
			row = append(row, boolStr(o.Success), boolStr(o.ChangesMade), boolStr(o.NoImpact), boolStr(o.OnTime))
		} else {
			row = append(row, "", "", "", "")
		}
		row = append(row, intPtr(d.OverrunMinutes), strconv.Itoa(int(d.Duration/time.Minute)),
			timePtr(w.Notice), intPtr(d.NoticeDays), boolStr(d.LateNotice), floatPtr(d.Estimate))
		var planned, actual, done, notDone int
		for _, t := range w.Tasks {
			if t.PlannedMinutes != nil && t.ActualMinutes != nil {
				planned += *t.PlannedMinutes
				actual += *t.ActualMinutes
			}
			switch t.Status {
			case model.StatusDone:
				done++
			case model.StatusDropped:
			default:
				notDone++
			}
		}
		row = append(row, strconv.Itoa(planned), strconv.Itoa(actual))
		if pa := d.Participation; pa != nil {
			row = append(row, strconv.Itoa(pa.Attendees), strconv.Itoa(pa.Contributors), floatPtr(pa.Rate))
		} else {
			row = append(row, strconv.Itoa(len(w.Attendees)), "", "")
		}
		open, overdue := 0, 0
		for k := range w.Actions {
			if ref := rep.Board.ByAction[&w.Actions[k]]; ref != nil && !ref.Action.Done {
				open++
				if ref.Overdue {
					overdue++
				}
			}
		}
		row = append(row, w.Facilitator, strings.Join(w.Systems, " "), strings.Join(w.Tags, " "),
			strconv.Itoa(p.Tasks), strconv.Itoa(done), strconv.Itoa(notDone), strconv.Itoa(p.Dropped),
			strconv.Itoa(len(w.WentWell)), strconv.Itoa(len(w.WentWrong)), strconv.Itoa(len(w.Ideas)),
			strconv.Itoa(len(w.Actions)), strconv.Itoa(open), strconv.Itoa(overdue), strconv.Itoa(len(w.Lucky)))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ActionsCSV renders data/actions.csv: every action of the published windows,
// newest window first, in the order each window lists them.
func ActionsCSV(windows []*model.Window, rep *trends.Report) ([]byte, error) {
	var buf bytes.Buffer
	if err := WriteActionsCSV(&buf, windows, rep); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteActionsCSV writes ActionsCSV's bytes to out as they are made.
func WriteActionsCSV(out io.Writer, windows []*model.Window, rep *trends.Report) error {
	if _, err := io.WriteString(out, BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(out)
	if err := cw.Write(actionColumns); err != nil {
		return err
	}
	for _, w := range windows {
		for k := range w.Actions {
			ref := rep.Board.ByAction[&w.Actions[k]]
			if ref == nil {
				continue
			}
			a := ref.Action
			daysOverdue := ""
			if ref.Overdue {
				daysOverdue = strconv.Itoa(ref.DaysOverdue)
			}
			row := []string{w.ID, text(w.Title), Time(w.Start), w.URL() + "#" + a.Anchor, a.Anchor, text(a.Text),
				strings.Join(a.Owners, " "), strings.Join(a.Tags, " "), datePtr(a.Due), boolStr(a.Done), datePtr(a.DoneOn),
				ref.Status(), daysOverdue, intPtr(ref.DaysToClose)}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// text guards free text against spreadsheet formulas: a cell starting with
// = + - @ would be run as one by Excel or LibreOffice, so it gets a leading '.
func text(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func boolStr(b bool) string { return strconv.FormatBool(b) }

func intPtr(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func floatPtr(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

func timePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return Time(*t)
}

func datePtr(d *model.Date) string {
	if d == nil {
		return ""
	}
	return d.String()
}
