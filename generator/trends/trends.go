// Package trends answers the questions a team keeps an archive for: are
// windows getting better, do estimates improve, are customers told in time,
// which problems keep coming back, and do next-time actions get done. It is a
// pure computation over the model and the aggregate index: "today" is passed
// in, nothing is read from the clock or the disk.
package trends

import (
	"slices"
	"time"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/internal/par"
)

// WorstEstimatesShown is how many of the worst-estimated tasks the report keeps.
const WorstEstimatesShown = 10

// Report is everything the trend, lessons and action pages show.
type Report struct {
	Now           time.Time
	Today         model.Date
	MinNoticeDays int

	// Held are the held windows, oldest first: the per-window series.
	Held []*Point
	// Quarters are the quarters from the first held window's to the last
	// one's, every quarter included (an empty quarter shows as a gap).
	Quarters []*Stats
	// All sums up every held window.
	All *Stats

	// WorstEstimates are the tasks whose actual time most exceeded the plan.
	WorstEstimates []TaskEstimate
	// LateNotice are the held windows announced later than min_notice_days,
	// newest first; UpcomingLate the planned ones, soonest first.
	LateNotice   []*model.Window
	UpcomingLate []*model.Window

	Headline Headline

	WentWrong, WentWell, Lucky, Ideas *Matrix
	// RepeatedIdeas are ideas written in the same words in two or more windows.
	RepeatedIdeas []*IdeaGroup

	Lessons *Lessons
	Board   *Board

	// Related and Carried are what a window page shows of the windows before it.
	Related map[*model.Window][]Related
	Carried map[*model.Window]*Carried
}

// Point is one held window in the per-window series.
type Point struct {
	W       *model.Window
	Quarter Quarter
	Tasks   int // tasks in the window, dropped ones included
	Dropped int
}

// Stats are the figures of a set of held windows (a quarter, or all of them).
type Stats struct {
	Quarter Quarter // zero for All
	Windows int

	Successes, ChangesMade, NoImpact, OnTime               int
	SuccessRate, ChangesMadeRate, NoImpactRate, OnTimeRate *float64

	// Overrun in minutes (negative: ended early).
	OverrunMedian, OverrunP90 *float64
	// Estimate is actual ÷ planned per window, over windows that have one.
	EstimateMedian, EstimateP90 *float64
	EstimateWindows             int
	// Notice in days, over windows with a notice; LateNotice counts windows
	// under the line, those without notice included (docs/authoring.md, "What
	// the site works out for you": late notice).
	NoticeMedian   *float64
	NoticeWindows  int
	LateNotice     int
	LateNoticeRate *float64
	// Participation is the median of the windows' rates (windows with attendees).
	ParticipationMedian *float64
	// Tasks per window and dropped tasks.
	TasksMedian *float64
	Tasks       int
	Dropped     int
	DroppedRate *float64
}

// TaskEstimate is a task with both planned and actual times.
type TaskEstimate struct {
	W      *model.Window
	Task   *model.Task
	Ratio  float64 // actual ÷ planned, rounded to 3 decimals
	Excess int     // actual - planned, minutes
}

// Span is a run of quarters in the headline comparison.
type Span struct {
	From, To    Quarter
	Windows     int
	Successes   int
	SuccessRate *float64
}

// Headline is the trend the home page leads with.
type Headline struct {
	// Recent are the four quarters ending with the quarter of the latest held
	// window (not today's: an archive that stopped two years ago still has a
	// trend to show, labelled with its quarters); Before the four before them.
	Recent, Before Span
	// RecentStats and BeforeStats are the full figures of the two spans.
	RecentStats, BeforeStats *Stats
	// Change is Recent's success rate minus Before's, in percentage points;
	// nil unless both spans have windows.
	Change *float64
	// Direction is "better", "worse" or "steady" (a change under 5 points
	// either way), "" without a Change.
	Direction   string
	OpenActions int
	Overdue     int
	// TopProblem is the went-wrong tag seen in the most windows, nil when no
	// went-wrong tag recurs.
	TopProblem *Row
}

// Compute builds the report for a published site and its index. now is the
// build's "today", in the site timezone.
func Compute(site *model.Site, ix *aggregate.Index, now time.Time) *Report {
	return (*Memo)(nil).Compute(site, ix, now)
}

// Compute is the package's Compute, reusing what m knows of windows seen
// before (m may be nil). The report is the same either way.
func (m *Memo) Compute(site *model.Site, ix *aggregate.Index, now time.Time) *Report {
	loc := site.Config.Location
	if loc == nil {
		loc = time.UTC
	}
	r := &Report{Now: now, Today: model.DateOf(now, loc), MinNoticeDays: site.Config.MinNoticeDays,
		Related: map[*model.Window][]Related{}, Carried: map[*model.Window]*Carried{}}

	// ix.Held is newest first; series read oldest first.
	for i := len(ix.Held) - 1; i >= 0; i-- {
		w := ix.Held[i]
		p := &Point{W: w, Quarter: QuarterOf(w.Start, loc), Tasks: len(w.Tasks)}
		for _, t := range w.Tasks {
			if t.Status == model.StatusDropped {
				p.Dropped++
			}
		}
		r.Held = append(r.Held, p)
	}
	r.All = stats(r.Held)
	if len(r.Held) > 0 {
		byQuarter := map[Quarter][]*Point{}
		for _, p := range r.Held {
			byQuarter[p.Quarter] = append(byQuarter[p.Quarter], p)
		}
		for _, q := range QuarterRange(r.Held[0].Quarter, r.Held[len(r.Held)-1].Quarter) {
			s := stats(byQuarter[q])
			s.Quarter = q
			r.Quarters = append(r.Quarters, s)
		}
	}
	r.WorstEstimates = worstEstimates(r.Held, WorstEstimatesShown)
	for _, w := range ix.Held {
		if w.Derived.LateNotice {
			r.LateNotice = append(r.LateNotice, w)
		}
	}
	for _, w := range ix.Upcoming {
		if w.Derived.LateNotice {
			r.UpcomingLate = append(r.UpcomingLate, w)
		}
	}

	facts := m.factsOf(site.Windows, loc)
	// The parts below are independent of each other but for carry, which
	// needs the board: run them side by side (the dev server waits for them
	// on every edit).
	var parts []func()
	run := func(fn func()) { parts = append(parts, fn) }
	ws := site.Windows
	for i, kind := range []model.SectionKind{model.SectionWentWrong, model.SectionWentWell, model.SectionLucky, model.SectionIdeas} {
		dst := []**Matrix{&r.WentWrong, &r.WentWell, &r.Lucky, &r.Ideas}[i]
		run(func() { *dst = m.matrixOf(ws, kind, facts) })
	}
	run(func() { r.RepeatedIdeas = m.repeatedOf(ws, facts) })
	run(func() { r.Lessons = m.lessonsOf(ws, facts) })
	run(func() { r.Board = m.boardOf(ws, r.Today, facts) })
	var prevRelate, relate *relateState
	if m != nil {
		prevRelate, m.relate = m.relate, nil // unusable if relatedOf panics halfway
	}
	run(func() { r.Related, relate = relatedOf(ws, facts, prevRelate) })
	par.Do(len(parts), func(i int) { parts[i]() })
	if m != nil {
		m.relate = relate
	}
	shareCellItems(r.Lessons, []*Matrix{r.WentWrong, r.WentWell, r.Lucky, r.Ideas}, facts)
	m.carryOf(r, ws, facts)
	r.Headline = headline(r)
	return r
}

// shareCellItems makes each matrix cell's items a part of its tag's lesson
// items, which hold the same run (a quarter's items of one kind, newest
// window first), rather than a copy: the matrices' items were 4 MB at 10k
// windows, live as long as the report. A cell whose run is not found as it
// is keeps its own list.
func shareCellItems(l *Lessons, ms []*Matrix, facts map[*model.Window]*windowFacts) {
	if l == nil {
		return
	}
	type run struct {
		q    Quarter
		kind model.SectionKind
	}
	groups := make(map[string]*LessonGroup, len(l.Tags))
	for _, g := range l.Tags {
		groups[g.Tag] = g
	}
	starts := map[*LessonGroup]map[run]int{}
	for _, m := range ms {
		if m == nil {
			continue
		}
		for _, row := range m.Rows {
			g := groups[row.Tag]
			if g == nil {
				continue
			}
			at := starts[g]
			if at == nil {
				at = map[run]int{}
				for i, ref := range g.Items {
					k := run{facts[ref.Window].quarter, ref.Kind}
					if _, ok := at[k]; !ok {
						at[k] = i
					}
				}
				starts[g] = at
			}
			for i := range row.Cells {
				c := &row.Cells[i]
				from, ok := at[run{c.Quarter, m.Kind}]
				to := from + len(c.Items)
				if !ok || len(c.Items) == 0 || to > len(g.Items) || !slices.Equal(c.Items, g.Items[from:to]) {
					continue
				}
				c.Items = g.Items[from:to:to]
			}
		}
	}
}

// stats sums up a set of held windows.
func stats(points []*Point) *Stats {
	s := &Stats{Windows: len(points)}
	var overrun, estimate, notice, rate, tasks []float64
	for _, p := range points {
		w := p.W
		d := w.Derived
		if o := d.Outcome; o != nil {
			s.Successes += b2i(o.Success)
			s.ChangesMade += b2i(o.ChangesMade)
			s.NoImpact += b2i(o.NoImpact)
			s.OnTime += b2i(o.OnTime)
		}
		if d.OverrunMinutes != nil {
			overrun = append(overrun, float64(*d.OverrunMinutes))
		}
		if d.Estimate != nil {
			estimate = append(estimate, *d.Estimate)
		}
		if d.NoticeDays != nil {
			notice = append(notice, float64(*d.NoticeDays))
		}
		s.LateNotice += b2i(d.LateNotice)
		if d.Participation != nil && d.Participation.Rate != nil {
			rate = append(rate, *d.Participation.Rate)
		}
		tasks = append(tasks, float64(p.Tasks))
		s.Tasks += p.Tasks
		s.Dropped += p.Dropped
	}
	s.SuccessRate = Rate(s.Successes, s.Windows)
	s.ChangesMadeRate = Rate(s.ChangesMade, s.Windows)
	s.NoImpactRate = Rate(s.NoImpact, s.Windows)
	s.OnTimeRate = Rate(s.OnTime, s.Windows)
	s.OverrunMedian = Median(overrun)
	s.OverrunP90 = Percentile(overrun, 90)
	s.EstimateMedian = round3p(Median(estimate))
	s.EstimateP90 = Percentile(estimate, 90)
	s.EstimateWindows = len(estimate)
	s.NoticeMedian = Median(notice)
	s.NoticeWindows = len(notice)
	s.LateNoticeRate = Rate(s.LateNotice, s.Windows)
	s.ParticipationMedian = round3p(Median(rate))
	s.TasksMedian = Median(tasks)
	s.DroppedRate = Rate(s.Dropped, s.Tasks)
	return s
}

// worstEstimates returns the n tasks with the highest actual ÷ planned,
// ties broken by the larger excess, then the newer window, then the order
// of held (as a stable sort of every task would). Only the best n are kept
// while going through the tasks: sorting every overrun task of a 10k-window
// archive was a visible part of each dev-server rebuild.
func worstEstimates(held []*Point, n int) []TaskEstimate {
	worse := func(a, b *TaskEstimate) bool { // a comes strictly before b
		switch {
		case a.Ratio != b.Ratio:
			return a.Ratio > b.Ratio
		case a.Excess != b.Excess:
			return a.Excess > b.Excess
		}
		return a.W.Start.After(b.W.Start)
	}
	var top []TaskEstimate
	for _, p := range held {
		for i := range p.W.Tasks {
			t := &p.W.Tasks[i]
			if t.PlannedMinutes == nil || t.ActualMinutes == nil || *t.PlannedMinutes <= 0 {
				continue
			}
			ratio := model.Round3(float64(*t.ActualMinutes) / float64(*t.PlannedMinutes))
			if ratio <= 1 {
				continue // on or under plan: not among the worst
			}
			e := TaskEstimate{W: p.W, Task: t, Ratio: ratio, Excess: *t.ActualMinutes - *t.PlannedMinutes}
			if len(top) == n && (n == 0 || !worse(&e, &top[n-1])) {
				continue
			}
			// After every entry it does not come strictly before: equal
			// entries keep their order.
			at := len(top)
			for at > 0 && worse(&e, &top[at-1]) {
				at--
			}
			top = slices.Insert(top, at, e)
			if len(top) > n {
				top = top[:n]
			}
		}
	}
	return top
}

// headline compares the last four quarters with the four before.
func headline(r *Report) Headline {
	h := Headline{OpenActions: r.Board.Open, Overdue: r.Board.OverdueCount}
	if r.WentWrong != nil && len(r.WentWrong.Rows) > 0 {
		h.TopProblem = r.WentWrong.Rows[0]
	}
	if len(r.Held) == 0 {
		return h
	}
	last := r.Held[len(r.Held)-1].Quarter
	h.Recent = Span{From: last.Add(-3), To: last}
	h.Before = Span{From: last.Add(-7), To: last.Add(-4)}
	var recent, before []*Point
	for _, p := range r.Held {
		var s *Span
		switch {
		case !p.Quarter.Before(h.Recent.From):
			s = &h.Recent
			recent = append(recent, p)
		case !p.Quarter.Before(h.Before.From):
			s = &h.Before
			before = append(before, p)
		default:
			continue
		}
		s.Windows++
		if o := p.W.Derived.Outcome; o != nil && o.Success {
			s.Successes++
		}
	}
	h.RecentStats, h.BeforeStats = stats(recent), stats(before)
	h.Recent.SuccessRate = Rate(h.Recent.Successes, h.Recent.Windows)
	h.Before.SuccessRate = Rate(h.Before.Successes, h.Before.Windows)
	if h.Recent.SuccessRate != nil && h.Before.SuccessRate != nil {
		c := model.Round3((*h.Recent.SuccessRate - *h.Before.SuccessRate) * 100)
		h.Change = &c
		switch {
		case c >= 5:
			h.Direction = "better"
		case c <= -5:
			h.Direction = "worse"
		default:
			h.Direction = "steady"
		}
	}
	return h
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}
