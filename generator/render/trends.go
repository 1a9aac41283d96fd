package render

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/wrapup/wrapup/generator/chart"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/trends"
)

// TrendsView is the data of /trends/.
type TrendsView struct {
	R *trends.Report
	H trends.Headline
	// Charts in the order the page shows them.
	Success, Criteria, Overrun, OverrunWindows, Estimate, Notice, NoticeWindows, Participation, Tasks, Dropped template.HTML
	// Problems are the most recurring went-wrong tags.
	Problems []*trends.Row
	// LateNotice are the latest held windows under the notice line.
	LateNotice []*model.Window
	// QuartersNewest is the quarter table's rows, newest first.
	QuartersNewest []*trends.Stats
}

// RecurringView is the data of /trends/recurring/.
type RecurringView struct {
	Matrices      []MatrixView
	RepeatedIdeas []*trends.IdeaGroup
}

// MatrixView is one tag-by-quarter matrix with links for its cells.
type MatrixView struct {
	M       *trends.Matrix
	ID      string // "went-wrong"
	Heading string
	Lede    string
	Rows    []MatrixRowView
}

// MatrixRowView is a row of a matrix with a link per non-empty cell.
type MatrixRowView struct {
	*trends.Row
	Cells []CellView
}

// CellView is a cell of a matrix: its items, and where they are listed.
type CellView struct {
	trends.Cell
	URL string
}

// BoardView is the data of an action board page.
type BoardView struct {
	Board   *trends.Board
	Heading string
	Filter  string // "" (every action), "overdue", "owner" or "tag"
	Key     string
	Group   *trends.BoardGroup
	Actions []*trends.ActionRef
	Offset  int // how many actions come before this page's first
	Total   int
	Pager   Pager
	First   bool
	Backlog template.HTML // the backlog chart (first page of /actions/)
	// HasLessons: a tag page can link to the tag's lessons page.
	HasLessons bool
}

// TrendPages lists the trend, recurring, action board and lessons pages, and
// adds what the report knows to the home page among pages (the window pages
// get theirs from CorePages).
func TrendPages(site *model.Site, rep *trends.Report, pages []*Page) []*Page {
	for _, p := range pages {
		if d, ok := p.Data.(*Home); ok {
			h := rep.Headline
			d.Trend = &h
			d.TrendChart = homeTrendChart(rep)
		}
	}
	var out []*Page
	out = append(out, &Page{URL: "/trends/", Template: "trends.html", Title: "Trends", Section: "trends", Data: trendsView(site, rep)})
	lessonLinks := map[string]string{} // tag|quarter|kind -> URL of the lessons page section
	lessonPages := lessonsPages(rep.Lessons, rep.Board, lessonLinks)
	out = append(out, &Page{URL: "/trends/recurring/", Template: "recurring.html", Title: "Recurring problems", Section: "trends", Data: recurringView(rep, lessonLinks)})
	out = append(out, boardPages(rep.Board, rep.Lessons)...)
	out = append(out, &Page{URL: "/lessons/", Template: "lessons-index.html", Title: "Lessons", Section: "lessons", Data: &LessonsIndex{L: rep.Lessons, Problems: rep.WentWrong, Latest: lessonPreviews(rep.Lessons)}})
	out = append(out, lessonPages...)
	return out
}

func quarterLabels(qs []*trends.Stats) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.Quarter.String()
	}
	return out
}

func series(qs []*trends.Stats, f func(*trends.Stats) *float64) []*float64 {
	out := make([]*float64, len(qs))
	for i, q := range qs {
		if q.Windows > 0 {
			out[i] = f(q)
		}
	}
	return out
}

func minutesLabel(v float64) string {
	return model.FormatDuration(timeMinutes(v))
}

// timeMinutes turns a (possibly fractional, from a median) number of minutes
// into a duration, to the second.
func timeMinutes(v float64) time.Duration {
	return time.Duration(v * float64(time.Minute)).Round(time.Second)
}

func ratioLabel(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) + "×" }

func daysLabel(v float64) string {
	if v == float64(int(v)) {
		return strconv.Itoa(int(v)) + " d"
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " d"
}

func numLabel(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// homeQuarters is how many quarters the home page's trend chart shows.
const homeQuarters = 8

// homeTrendChart is the success rate of the latest quarters, small, for the
// home page; "" before any window is held.
func homeTrendChart(rep *trends.Report) template.HTML {
	qs := rep.Quarters
	if len(qs) == 0 {
		return ""
	}
	qs = qs[max(0, len(qs)-homeQuarters):]
	return chart.Chart{ID: "home-success", Title: "Success rate, last quarters", Kind: chart.Bars, Small: true,
		XLabel: "Quarter", YLabel: "Succeeded", Labels: quarterLabels(qs), YMin: chart.Value(0), YMax: chart.Value(1), Format: chart.Percent,
		Series: []chart.Series{{Name: "success rate", Values: series(qs, func(s *trends.Stats) *float64 { return s.SuccessRate })}}}.HTML()
}

// recentWindows is how many windows the per-window charts show.
const recentWindows = 40

func trendsView(site *model.Site, rep *trends.Report) *TrendsView {
	v := &TrendsView{R: rep, H: rep.Headline}
	qs := rep.Quarters
	labels := quarterLabels(qs)
	zero, one := chart.Value(0), chart.Value(1)
	v.Success = chart.Chart{ID: "success", Title: "Success rate by quarter", Kind: chart.Bars,
		Note:   "Share of held windows that made every change, had no production impact and ended on time.",
		XLabel: "Quarter", YLabel: "Succeeded", Labels: labels, YMin: zero, YMax: one, Format: chart.Percent,
		Series: []chart.Series{{Name: "success rate", Values: series(qs, func(s *trends.Stats) *float64 { return s.SuccessRate })}}}.HTML()
	// The three criteria as small multiples, one chart each on the same
	// 0-100% axis: three lines on one chart crossed into a tangle.
	var crit strings.Builder
	for _, c := range []struct {
		id, name string
		rate     func(s *trends.Stats) *float64
	}{
		{"changes", "Changes made", func(s *trends.Stats) *float64 { return s.ChangesMadeRate }},
		{"impact", "No production impact", func(s *trends.Stats) *float64 { return s.NoImpactRate }},
		{"ontime", "On time", func(s *trends.Stats) *float64 { return s.OnTimeRate }},
	} {
		crit.WriteString(string(chart.Chart{ID: "criteria-" + c.id, Title: c.name, Kind: chart.Bars, Small: true,
			XLabel: "Quarter", YLabel: "Windows", Labels: labels, YMin: zero, YMax: one, Format: chart.Percent,
			Series: []chart.Series{{Name: strings.ToLower(c.name), Values: series(qs, c.rate)}}}.HTML()))
	}
	v.Criteria = template.HTML(crit.String())
	v.Overrun = chart.Chart{ID: "overrun", Title: "Overrun by quarter", Kind: chart.Lines,
		Note:   "Minutes past the planned end; below zero ended early. The 90th percentile is the bad night of ten.",
		XLabel: "Quarter", YLabel: "Overrun", Labels: labels, Format: minutesLabel, Ref: zero, RefLabel: "planned end",
		Series: []chart.Series{
			{Name: "median", Values: series(qs, func(s *trends.Stats) *float64 { return s.OverrunMedian })},
			{Name: "90th percentile", Values: series(qs, func(s *trends.Stats) *float64 { return s.OverrunP90 })},
		}}.HTML()
	v.Estimate = chart.Chart{ID: "estimate", Title: "Estimate accuracy by quarter", Kind: chart.Lines,
		Note:   "Actual ÷ planned time of the tasks that had both; 1× is spot on, above it took longer than planned.",
		XLabel: "Quarter", YLabel: "Actual ÷ planned", Labels: labels, Format: ratioLabel, Ref: one, RefLabel: "as planned",
		Series: []chart.Series{
			{Name: "median", Values: series(qs, func(s *trends.Stats) *float64 { return s.EstimateMedian })},
			{Name: "90th percentile", Values: series(qs, func(s *trends.Stats) *float64 { return s.EstimateP90 })},
		}}.HTML()
	minNotice := chart.Value(float64(rep.MinNoticeDays))
	noticeMedians := series(qs, func(s *trends.Stats) *float64 { return s.NoticeMedian })
	flags := make([]bool, len(qs))
	for i, m := range noticeMedians {
		flags[i] = m != nil && *m < *minNotice
	}
	v.Notice = chart.Chart{ID: "notice", Title: "Customer notice by quarter", Kind: chart.Bars,
		Note:   fmt.Sprintf("Median days between telling customers and the window. Quarters whose median is under %d days are flagged.", rep.MinNoticeDays),
		XLabel: "Quarter", YLabel: "Days of notice", Labels: labels, Format: daysLabel, Ref: minNotice, RefLabel: fmt.Sprintf("minimum notice (%d days)", rep.MinNoticeDays), Flag: flags,
		Series: []chart.Series{{Name: "median notice", Values: noticeMedians}}}.HTML()
	v.Participation = chart.Chart{ID: "participation", Title: "Participation by quarter", Kind: chart.Bars,
		Note:   "Median share of attendees who said at least one thing at the wrap-up.",
		XLabel: "Quarter", YLabel: "Attendees who spoke", Labels: labels, YMin: zero, YMax: one, Format: chart.Percent,
		Series: []chart.Series{{Name: "median participation", Values: series(qs, func(s *trends.Stats) *float64 { return s.ParticipationMedian })}}}.HTML()
	v.Tasks = chart.Chart{ID: "tasks", Title: "Tasks per window by quarter", Kind: chart.Bars,
		Note:   "Median number of tasks a window planned, dropped ones included.",
		XLabel: "Quarter", YLabel: "Tasks", Labels: labels, Format: numLabel,
		Series: []chart.Series{{Name: "median tasks", Values: series(qs, func(s *trends.Stats) *float64 { return s.TasksMedian })}}}.HTML()
	v.Dropped = chart.Chart{ID: "dropped", Title: "Tasks dropped by quarter", Kind: chart.Bars,
		Note:   "Share of planned tasks taken out of the window before it ran.",
		XLabel: "Quarter", YLabel: "Dropped", Labels: labels, YMin: zero, Format: chart.Percent,
		Series: []chart.Series{{Name: "dropped", Values: series(qs, func(s *trends.Stats) *float64 { return s.DroppedRate })}}}.HTML()

	// Per window: the latest windows, oldest on the left.
	held := rep.Held
	if len(held) > recentWindows {
		held = held[len(held)-recentWindows:]
	}
	var wl, links []string
	var over, notice []*float64
	var lateRun, lateNotice []bool
	for _, p := range held {
		wl = append(wl, p.W.Start.Format("2 Jan 06"))
		links = append(links, p.W.URL())
		var o, n *float64
		if m := p.W.Derived.OverrunMinutes; m != nil {
			o = chart.Value(float64(*m))
		}
		if d := p.W.Derived.NoticeDays; d != nil {
			n = chart.Value(float64(*d))
		}
		over, notice = append(over, o), append(notice, n)
		lateRun = append(lateRun, o != nil && *o > 0)
		lateNotice = append(lateNotice, p.W.Derived.LateNotice)
	}
	v.OverrunWindows = chart.Chart{ID: "overrun-windows", Title: fmt.Sprintf("Overrun of the last %d windows", len(held)), Kind: chart.Bars,
		Note:   "Each bar is a window (click it); windows that ended late are flagged.",
		XLabel: "Window start", YLabel: "Overrun", Labels: wl, Links: links, Flag: lateRun, Format: minutesLabel,
		Series: []chart.Series{{Name: "overrun", Values: over}}}.HTML()
	v.NoticeWindows = chart.Chart{ID: "notice-windows", Title: fmt.Sprintf("Notice of the last %d windows", len(held)), Kind: chart.Bars,
		Note:   "Each bar is a window; late notice (or none) is flagged.",
		XLabel: "Window start", YLabel: "Days of notice", Labels: wl, Links: links, Flag: lateNotice, Format: daysLabel,
		Ref: minNotice, RefLabel: fmt.Sprintf("minimum notice (%d days)", rep.MinNoticeDays),
		Series: []chart.Series{{Name: "notice", Values: notice}}}.HTML()

	if rep.WentWrong != nil {
		v.Problems = rep.WentWrong.Rows
		if len(v.Problems) > 5 {
			v.Problems = v.Problems[:5]
		}
	}
	for i := len(rep.Quarters) - 1; i >= 0; i-- {
		v.QuartersNewest = append(v.QuartersNewest, rep.Quarters[i])
	}
	v.LateNotice = rep.LateNotice
	if len(v.LateNotice) > 10 {
		v.LateNotice = v.LateNotice[:10]
	}
	return v
}

func recurringView(rep *trends.Report, lessonLinks map[string]string) *RecurringView {
	v := &RecurringView{RepeatedIdeas: rep.RepeatedIdeas}
	for _, m := range []struct {
		m              *trends.Matrix
		id, head, lede string
	}{
		{rep.WentWrong, "went-wrong", "Problems that keep coming back", "Went-wrong tags seen in two or more windows, by quarter. Each number is how many windows raised it; follow it to the items."},
		{rep.WentWell, "went-well", "What keeps working", "Went-well tags seen in two or more windows, by quarter."},
		{rep.Lucky, "lucky", "Where we keep getting lucky", "Where-we-got-lucky tags seen in two or more windows, by quarter: near misses that recur are problems waiting to happen."},
		{rep.Ideas, "ideas", "Ideas that keep coming up", "Idea tags raised in two or more windows: an idea raised again and again gains weight."},
	} {
		mv := MatrixView{M: m.m, ID: m.id, Heading: m.head, Lede: m.lede}
		for _, row := range m.m.Rows {
			rv := MatrixRowView{Row: row}
			for _, c := range row.Cells {
				cv := CellView{Cell: c}
				switch len(c.Items) {
				case 0:
				case 1:
					cv.URL = c.Items[0].Window.URL() + "#" + c.Items[0].Anchor()
				default:
					cv.URL = lessonLinks[lessonKey(row.Tag, c.Quarter, m.m.Kind)]
				}
				rv.Cells = append(rv.Cells, cv)
			}
			mv.Rows = append(mv.Rows, rv)
		}
		v.Matrices = append(v.Matrices, mv)
	}
	return v
}

// pager links page n of total of a list whose pages are at urls
// (pageURLs).
func pager(urls []string, n, total int) Pager {
	p := Pager{Current: n, Total: total, urls: urls}
	if n > 1 {
		p.Prev = urls[n-1]
	}
	if n < total {
		p.Next = urls[n+1]
	}
	return p
}

// boardPages lists the action board: every action, the overdue ones, and one
// page set per owner and per tag.
func boardPages(b *trends.Board, l *trends.Lessons) []*Page {
	var pages []*Page
	lessonTags := map[string]bool{}
	for _, g := range l.Tags {
		lessonTags[g.Tag] = true
	}
	add := func(base, title, filter, key string, group *trends.BoardGroup, refs []*trends.ActionRef) {
		total := max(1, (len(refs)+PageSize-1)/PageSize)
		urls := pageURLs(base, total)
		for n := 1; n <= total; n++ {
			lo, hi := (n-1)*PageSize, min(n*PageSize, len(refs))
			v := &BoardView{Board: b, Heading: title, Filter: filter, Key: key, Group: group, Actions: refs[lo:hi],
				Offset: lo, Total: len(refs), Pager: pager(urls, n, total), First: n == 1, HasLessons: filter == "tag" && lessonTags[key]}
			t := title
			if n > 1 {
				t = fmt.Sprintf("%s, page %d", title, n)
			}
			if filter == "" && n == 1 {
				v.Backlog = backlogChart(b)
			}
			pages = append(pages, &Page{URL: urls[n], Template: "actions.html", Title: t, Section: "actions", Data: v})
		}
	}
	add("/actions/", "Action board", "", "", nil, b.Actions)
	add("/actions/overdue/", "Overdue actions", "overdue", "", nil, b.Overdue)
	for _, g := range b.Owners {
		add("/actions/owner/"+g.Key+"/", "Actions of "+g.Key, "owner", g.Key, g, g.Actions)
	}
	for _, g := range b.Tags {
		add("/actions/tag/"+g.Key+"/", "Actions tagged #"+g.Key, "tag", g.Key, g, g.Actions)
	}
	return pages
}

func backlogChart(b *trends.Board) template.HTML {
	var labels []string
	var open, opened, closed []*float64
	for _, p := range b.Backlog {
		labels = append(labels, p.Quarter.String())
		open = append(open, chart.Value(float64(p.Open)))
		opened = append(opened, chart.Value(float64(p.Opened)))
		closed = append(closed, chart.Value(float64(p.Closed)))
	}
	return chart.Chart{ID: "backlog", Title: "Open actions over time", Kind: chart.Lines,
		Note:   "At the end of each quarter: actions still open (is the backlog growing?), and how many were written and done in it.",
		XLabel: "Quarter", YLabel: "Actions", Labels: labels, Format: numLabel,
		Series: []chart.Series{{Name: "open at quarter end", Values: open}, {Name: "written", Values: opened}, {Name: "done", Values: closed}}}.HTML()
}

// orDash formats an optional figure, or "–" where there is none (no
// windows in a quarter, no timed tasks...).
func orDash(v *float64, format func(float64) string) string {
	if v == nil {
		return "–"
	}
	return format(*v)
}

// MinutesF formats a median or percentile of minutes: "12m late", "5m early".
func MinutesF(v *float64) string {
	return orDash(v, func(m float64) string {
		d := timeMinutes(m)
		switch {
		case d > 0:
			return model.FormatDuration(d) + " late"
		case d < 0:
			return model.FormatDuration(-d) + " early"
		}
		return "on time"
	})
}

// RatioF formats actual ÷ planned: "1.25×".
func RatioF(v *float64) string { return orDash(v, ratioLabel) }

// DaysF formats a number of days: "6 days", "6.5 days".
func DaysF(v *float64) string {
	return orDash(v, func(d float64) string {
		if d == 1 {
			return "1 day"
		}
		return strconv.FormatFloat(d, 'f', -1, 64) + " days"
	})
}

// PctF formats a 0-1 rate as a whole percentage.
func PctF(v *float64) string { return orDash(v, chart.Percent) }

// NumF formats a median count.
func NumF(v *float64) string { return orDash(v, numLabel) }

// Points formats a change in percentage points: "+12 points".
func Points(v *float64) string {
	if v == nil {
		return "–"
	}
	p := int(math.Round(*v))
	switch {
	case p > 0:
		return "+" + strconv.Itoa(p) + " points"
	case p < 0:
		return "−" + strconv.Itoa(-p) + " points"
	}
	return "no change"
}
