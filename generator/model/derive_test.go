package model

import (
	"math"
	"slices"
	"testing"
	"time"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func intp(n int) *int { return &n }

func cfgIn(loc *time.Location) Config {
	c := DefaultConfig()
	c.Location, c.Timezone = loc, loc.String()
	return c
}

func TestRound3(t *testing.T) {
	tests := []struct {
		in, want float64
	}{
		{5.0 / 7, 0.714},
		{2.0 / 3, 0.667},
		{1.0 / 3, 0.333},
		{0.0005, 0.001},
		{0.0004999, 0},
		{-0.0005, -0.001}, // half away from zero, not up
		{2.6745, 2.675},
		{1.0005, 1.001}, // binary 1.000499999... still rounds as written
		{75.0 / 70, 1.071},
		{105.0 / 100, 1.05},
		{1, 1},
		{0, 0},
		{0.12, 0.12},
		{123456.78951, 123456.79},
		{1e20, 1e20},
	}
	for _, tt := range tests {
		if got := Round3(tt.in); got != tt.want {
			t.Errorf("Round3(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if !math.IsNaN(Round3(math.NaN())) || !math.IsInf(Round3(math.Inf(-1)), -1) {
		t.Error("Round3 must pass NaN and Inf through")
	}
}

// exampleWindow is the FORMAT.md example window, with its body data filled in
// as the body parser would.
func exampleWindow(loc *time.Location) *Window {
	at := func(s string) time.Time {
		t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			panic(err)
		}
		return t
	}
	end := at("2013-01-20 01:40")
	notice := at("2013-01-17 00:00")
	return &Window{
		ID: "2013-01-19-postgres-upgrade", Start: at("2013-01-19 22:00"), PlannedEnd: at("2013-01-20 02:00"),
		End: &end, Impact: ImpactNone, Notice: &notice,
		Attendees: []string{"tom", "jane", "ann", "raj", "lee", "kim", "sam"},
		Tasks: []Task{
			{Number: 1, Status: StatusDone, PlannedMinutes: intp(60), ActualMinutes: intp(75), Owners: []string{"jane"}},
			{Number: 2, Status: StatusDone, PlannedMinutes: intp(40), ActualMinutes: intp(30), Owners: []string{"raj"}},
			{Number: 3, Status: StatusDropped, Owners: []string{"lee"}},
		},
		WentWell:  []Item{{People: []string{"ann"}}, {People: []string{"tom"}}},
		WentWrong: []Item{{People: []string{"kim"}}, {People: []string{"lee"}}},
		Actions:   []Action{{Owners: []string{"kim"}}, {Owners: []string{"raj"}}},
		Ideas:     []Item{{People: []string{"sam"}}},
	}
}

func TestDeriveFormatExample(t *testing.T) {
	loc := mustZone(t, "America/Chicago")
	w := exampleWindow(loc)
	Derive(w, cfgIn(loc))
	d := w.Derived
	if d.Outcome == nil || *d.Outcome != (Outcome{Success: true, ChangesMade: true, NoImpact: true, OnTime: true}) {
		t.Errorf("outcome = %+v", d.Outcome)
	}
	if d.OverrunMinutes == nil || *d.OverrunMinutes != -20 {
		t.Errorf("overrun = %v, want -20", d.OverrunMinutes)
	}
	if d.NoticeDays == nil || *d.NoticeDays != 2 || !d.LateNotice {
		t.Errorf("notice_days = %v late = %v, want 2 true", d.NoticeDays, d.LateNotice)
	}
	if d.Estimate == nil || *d.Estimate != 1.05 {
		t.Errorf("estimate = %v, want 1.05", d.Estimate)
	}
	p := d.Participation
	if p == nil || p.Attendees != 7 || p.Contributors != 5 || p.Rate == nil || *p.Rate != 0.714 {
		t.Errorf("participation = %+v", p)
	}
	want := []string{"tom", "ann", "lee", "kim", "sam"} // attendee order
	if len(d.Contributors) != len(want) {
		t.Fatalf("contributors = %v, want %v", d.Contributors, want)
	}
	for i := range want {
		if d.Contributors[i] != want[i] {
			t.Errorf("contributors = %v, want %v", d.Contributors, want)
		}
	}
	if d.Duration != 3*time.Hour+40*time.Minute {
		t.Errorf("duration = %v", d.Duration)
	}
}

func TestDeriveOutcome(t *testing.T) {
	tests := []struct {
		name string
		edit func(w *Window)
		want Outcome
	}{
		{"example", func(w *Window) {}, Outcome{true, true, true, true}},
		{"a partial task", func(w *Window) { w.Tasks[1].Status = StatusPartial }, Outcome{false, false, true, true}},
		{"a rolled-back task", func(w *Window) { w.Tasks[0].Status = StatusRolledBack }, Outcome{false, false, true, true}},
		{"all dropped", func(w *Window) {
			for i := range w.Tasks {
				w.Tasks[i].Status = StatusDropped
			}
		}, Outcome{false, false, true, true}},
		{"no tasks", func(w *Window) { w.Tasks = nil }, Outcome{false, false, true, true}},
		{"minor impact", func(w *Window) { w.Impact = ImpactMinor }, Outcome{false, true, false, true}},
		{"end == planned_end is on time", func(w *Window) { e := w.PlannedEnd; w.End = &e }, Outcome{true, true, true, true}},
		{"one second late", func(w *Window) { e := w.PlannedEnd.Add(time.Second); w.End = &e }, Outcome{false, true, true, false}},
	}
	loc := mustZone(t, "America/Chicago")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := exampleWindow(loc)
			tt.edit(w)
			Derive(w, cfgIn(loc))
			if w.Derived.Outcome == nil || *w.Derived.Outcome != tt.want {
				t.Errorf("outcome = %+v, want %+v", w.Derived.Outcome, tt.want)
			}
		})
	}
}

func TestDeriveOverrunRoundsTowardZero(t *testing.T) {
	tests := []struct {
		delta time.Duration
		want  int
	}{
		{-20 * time.Minute, -20},
		{-(20*time.Minute + 59*time.Second), -20}, // toward zero, not floor
		{-59 * time.Second, 0},
		{59 * time.Second, 0},
		{90*time.Minute + 59*time.Second, 90},
		{0, 0},
	}
	for _, tt := range tests {
		w := exampleWindow(time.UTC)
		end := w.PlannedEnd.Add(tt.delta)
		w.End = &end
		Derive(w, cfgIn(time.UTC))
		if got := *w.Derived.OverrunMinutes; got != tt.want {
			t.Errorf("overrun for %v = %d, want %d", tt.delta, got, tt.want)
		}
	}
}

func TestDeriveNoticeDays(t *testing.T) {
	chicago := mustZone(t, "America/Chicago")
	tokyo := mustZone(t, "Asia/Tokyo")
	tests := []struct {
		name     string
		loc      *time.Location
		notice   time.Time
		start    time.Time
		minDays  int
		want     int
		wantLate bool
	}{
		{"across the spring DST change", chicago,
			time.Date(2013, 3, 1, 0, 0, 0, 0, chicago), time.Date(2013, 3, 12, 22, 0, 0, 0, chicago), 7, 11, false},
		{"across the autumn DST change", chicago,
			time.Date(2013, 10, 28, 0, 0, 0, 0, chicago), time.Date(2013, 11, 4, 0, 30, 0, 0, chicago), 7, 7, false},
		{"late UTC evening is the same day in Chicago", chicago,
			time.Date(2013, 1, 18, 3, 0, 0, 0, time.UTC), time.Date(2013, 1, 19, 22, 0, 0, 0, chicago), 7, 2, true},
		{"UTC evening is the next day in Tokyo", tokyo,
			time.Date(2013, 1, 17, 20, 0, 0, 0, time.UTC), time.Date(2013, 1, 19, 22, 0, 0, 0, tokyo), 7, 1, true},
		{"same day", chicago,
			time.Date(2013, 1, 19, 8, 0, 0, 0, chicago), time.Date(2013, 1, 19, 22, 0, 0, 0, chicago), 0, 0, false},
		{"exactly min_notice_days is not late", time.UTC,
			time.Date(2013, 1, 12, 23, 59, 0, 0, time.UTC), time.Date(2013, 1, 19, 0, 0, 0, 0, time.UTC), 7, 7, false},
		{"notice after start is negative and late", time.UTC,
			time.Date(2013, 1, 21, 0, 0, 0, 0, time.UTC), time.Date(2013, 1, 19, 22, 0, 0, 0, time.UTC), 0, -2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &Window{Start: tt.start, PlannedEnd: tt.start.Add(time.Hour), Notice: &tt.notice}
			cfg := cfgIn(tt.loc)
			cfg.MinNoticeDays = tt.minDays
			Derive(w, cfg)
			if w.Derived.NoticeDays == nil || *w.Derived.NoticeDays != tt.want || w.Derived.LateNotice != tt.wantLate {
				t.Errorf("notice_days = %v late = %v, want %d %v", w.Derived.NoticeDays, w.Derived.LateNotice, tt.want, tt.wantLate)
			}
		})
	}
}

func TestDerivePlannedWindow(t *testing.T) {
	w := exampleWindow(time.UTC)
	w.End, w.Impact = nil, ""
	Derive(w, cfgIn(time.UTC))
	d := w.Derived
	if d.Outcome != nil || d.OverrunMinutes != nil || d.Participation != nil || d.Estimate != nil {
		t.Errorf("planned window has held values: %+v", d)
	}
	if d.NoticeDays == nil || *d.NoticeDays != 2 || !d.LateNotice {
		t.Errorf("planned window notice = %v late %v, want 2 true", d.NoticeDays, d.LateNotice)
	}
	if d.Duration != 4*time.Hour {
		t.Errorf("planned duration = %v, want planned_end - start", d.Duration)
	}

	w.Notice = nil
	Derive(w, cfgIn(time.UTC))
	if w.Derived.NoticeDays != nil || !w.Derived.LateNotice {
		t.Errorf("no notice: notice_days = %v late = %v, want nil true", w.Derived.NoticeDays, w.Derived.LateNotice)
	}
}

func TestDeriveParticipationAndEstimate(t *testing.T) {
	tests := []struct {
		name             string
		edit             func(w *Window)
		wantContributors int
		wantRate         *float64
		wantEstimate     *float64
	}{
		{"no attendees: rate null", func(w *Window) { w.Attendees = nil }, 0, nil, ptr(1.05)},
		{"replies count as speaking", func(w *Window) {
			w.Attendees = []string{"ann", "bob", "cy"}
			w.WentWell = []Item{{People: []string{"ann"}, More: &ItemMore{ReplyPeople: []string{"bob"}}}}
			w.WentWrong, w.Ideas = nil, nil
		}, 2, ptr(0.667), ptr(1.05)},
		{"owners do not count, speakers who did not attend do not count", func(w *Window) {
			w.Attendees = []string{"jane", "raj", "zed"}
			w.WentWell = []Item{{People: []string{"nobody"}}}
		}, 0, ptr(0), ptr(1.05)},
		{"tasks without both durations are skipped", func(w *Window) {
			w.Tasks[1].ActualMinutes = nil
		}, 5, ptr(0.714), ptr(1.25)},
		{"no task with both: estimate null", func(w *Window) {
			for i := range w.Tasks {
				w.Tasks[i].PlannedMinutes = nil
			}
		}, 5, ptr(0.714), nil},
		{"estimate rounds to 3 decimals", func(w *Window) {
			w.Tasks = []Task{{Status: StatusDone, PlannedMinutes: intp(7), ActualMinutes: intp(5)}}
		}, 5, ptr(0.714), ptr(0.714)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := exampleWindow(time.UTC)
			tt.edit(w)
			Derive(w, cfgIn(time.UTC))
			p := w.Derived.Participation
			if p == nil || p.Attendees != len(w.Attendees) || p.Contributors != tt.wantContributors || !sameFloat(p.Rate, tt.wantRate) {
				t.Errorf("participation = %+v (rate %v), want %d contributors rate %v", p, deref(p), tt.wantContributors, tt.wantRate)
			}
			if !sameFloat(w.Derived.Estimate, tt.wantEstimate) {
				t.Errorf("estimate = %v, want %v", deref2(w.Derived.Estimate), deref2(tt.wantEstimate))
			}
			if w.Derived.Contributors == nil {
				t.Error("contributors must never be nil")
			}
		})
	}
}

func TestDeriveIsIdempotent(t *testing.T) {
	w := exampleWindow(time.UTC)
	Derive(w, cfgIn(time.UTC))
	w.End = nil
	Derive(w, cfgIn(time.UTC))
	if w.Derived.Outcome != nil || w.Derived.Participation != nil {
		t.Error("a second Derive must replace every earlier value")
	}
}

func TestDeriveZeroWindowDoesNotPanic(t *testing.T) {
	Derive(&Window{}, Config{})
	end := time.Time{}
	Derive(&Window{End: &end}, Config{})
}

func ptr(f float64) *float64 { return &f }

func sameFloat(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func deref(p *Participation) any {
	if p == nil || p.Rate == nil {
		return nil
	}
	return *p.Rate
}

func deref2(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// TestContributorsShareTheAttendees checks that when every attendee spoke
// the contributors are the attendees' own array, full (an append copies it),
// and otherwise a list of their own in attendee order.
func TestContributorsShareTheAttendees(t *testing.T) {
	w := &Window{Attendees: []string{"ann", "bob"},
		WentWell: []Item{{People: []string{"bob"}}, {People: []string{"ann"}}}}
	got := contributors(w)
	if !slices.Equal(got, w.Attendees) || &got[0] != &w.Attendees[0] || cap(got) != len(got) {
		t.Errorf("everyone spoke: %v (cap %d), not the attendees' array", got, cap(got))
	}
	w.WentWell = w.WentWell[:1]
	if got := contributors(w); !slices.Equal(got, []string{"bob"}) || &got[0] == &w.Attendees[1] {
		t.Errorf("one spoke: %v", got)
	}
	if got := contributors(&Window{}); got == nil || len(got) != 0 {
		t.Errorf("no attendees: %#v, want an empty list", got)
	}
}
