package feeds

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"

	"github.com/wrapup/wrapup/generator/model"
)

func TestEmptyCalendarIsValid(t *testing.T) {
	site := &model.Site{Config: model.DefaultConfig()}
	data, err := Calendar(site, nil, NewBase(""), time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatalf("does not parse: %v\n%s", err, data)
	}
	if len(cal.Events()) != 0 {
		t.Error("events in an empty calendar")
	}
}

// TestCalendarFoldsLongLinesWholeRunes: a long title in a script with
// multi-byte letters is folded at 75 octets without splitting a letter, and
// reads back unchanged.
func TestCalendarFoldsLongLinesWholeRunes(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Paris")
	cfg := model.DefaultConfig()
	cfg.Location, cfg.Timezone = loc, "Europe/Paris"
	title := strings.Repeat("Mise à jour des serveurs de messagerie électronique ", 4)
	w := &model.Window{ID: "2025-03-08-mail", Title: title, Start: time.Date(2025, 3, 8, 22, 0, 0, 0, loc), PlannedEnd: time.Date(2025, 3, 9, 2, 0, 0, 0, loc)}
	data, err := Calendar(&model.Site{Config: cfg}, []*model.Window{w}, NewBase("https://intranet.example.com/it/"), time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\r\n") {
		if len(line) > 75 || !utf8.ValidString(line) {
			t.Errorf("bad line (%d octets): %q", len(line), line)
		}
	}
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	got, _ := cal.Events()[0].Props.Text(ical.PropSummary)
	if got != "Maintenance: "+title {
		t.Errorf("summary read back %q", got)
	}
	if start, _ := cal.Events()[0].DateTimeStart(time.UTC); !start.Equal(w.Start) {
		t.Errorf("start %v, want %v", start, w.Start)
	}
}

func TestBase(t *testing.T) {
	for in, want := range map[string][2]string{
		"https://intranet.example.com/it/wrapups": {"https://intranet.example.com/it/wrapups/windows/x/", "/it/wrapups/"},
		"/it/wrapups/": {"/it/wrapups/windows/x/", "/it/wrapups/"},
		"":             {"/windows/x/", "/"},
	} {
		b := NewBase(in)
		if got := b.URL("/windows/x/"); got != want[0] || b.Path != want[1] {
			t.Errorf("NewBase(%q): URL %q path %q, want %q %q", in, got, b.Path, want[0], want[1])
		}
	}
}

// TestCalendarLineBreaksInText: a CR in a title (pasted text) used to fail
// the whole build in the calendar writer, naming no file.
func TestCalendarLineBreaksInText(t *testing.T) {
	cfg := model.DefaultConfig()
	w := &model.Window{ID: "2025-03-08-mail", Title: "Mail\rupgrade\r\nnight", CustomerNotice: &model.CustomerNotice{Text: "First line.\rSecond line."}, Systems: []string{"mail"},
		Start: time.Date(2025, 3, 8, 22, 0, 0, 0, time.UTC), PlannedEnd: time.Date(2025, 3, 9, 2, 0, 0, 0, time.UTC)}
	data, err := Calendar(&model.Site{Config: cfg}, []*model.Window{w}, NewBase(""), time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatalf("does not parse: %v\n%s", err, data)
	}
	if got, _ := cal.Events()[0].Props.Text(ical.PropSummary); got != "Maintenance: Mail upgrade night" {
		t.Errorf("summary %q", got)
	}
	if got, _ := cal.Events()[0].Props.Text(ical.PropDescription); !strings.HasPrefix(got, "First line.\nSecond line.") {
		t.Errorf("description %q", got)
	}
}

// TestCalendarFourDigitYears: a window late on 31 December 9999 in a zone
// behind UTC is in the year 10000 in UTC; it is left out (the build warns)
// rather than written with a five-digit year.
func TestCalendarFourDigitYears(t *testing.T) {
	loc, _ := time.LoadLocation("America/Chicago")
	cfg := model.DefaultConfig()
	cfg.Location, cfg.Timezone = loc, "America/Chicago"
	far := &model.Window{ID: "9999-12-31-far", Title: "Far", Start: time.Date(9999, 12, 31, 22, 0, 0, 0, loc), PlannedEnd: time.Date(9999, 12, 31, 23, 30, 0, 0, loc)}
	near := &model.Window{ID: "2025-03-08-near", Title: "Near", Start: time.Date(2025, 3, 8, 22, 0, 0, 0, loc), PlannedEnd: time.Date(2025, 3, 9, 2, 0, 0, 0, loc)}
	if InCalendar(far) || !InCalendar(near) {
		t.Fatalf("InCalendar: far %v, near %v", InCalendar(far), InCalendar(near))
	}
	data, err := Calendar(&model.Site{Config: cfg}, []*model.Window{far, near}, NewBase(""), time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "10000") {
		t.Errorf("a five-digit year:\n%s", data)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil || len(cal.Events()) != 1 {
		t.Fatalf("want the near window only: %v\n%s", err, data)
	}
}
