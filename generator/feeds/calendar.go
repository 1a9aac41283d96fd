package feeds

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/emersion/go-ical"

	"github.com/wrapup/wrapup/generator/model"
)

// PropNoticeDate is the calendar's extension property that carries the date
// customers were told about a window (absent when they have not been yet).
const PropNoticeDate = "X-WRAPUP-NOTICE-DATE"

// Calendar returns calendar.ics (RFC 5545): one event per planned window,
// from its start to its planned end, with its systems as categories, the
// notice date, and a link to the window page. now is the build time, used as
// every event's DTSTAMP.
func Calendar(site *model.Site, planned []*model.Window, base Base, now time.Time) ([]byte, error) {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//wrapup//maintenance windows//EN")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(ical.PropMethod, "PUBLISH")
	cal.Props.SetText("X-WR-CALNAME", site.Config.Title+": planned maintenance")
	cal.Props.SetText("X-WR-TIMEZONE", site.Config.Timezone)
	host := base.host()
	if host == "" {
		host = "wrapup.invalid"
	}
	stamp := now.UTC().Truncate(time.Second)
	loc := site.Config.Location
	if loc == nil {
		loc = time.UTC
	}
	for _, w := range planned {
		if !InCalendar(w) {
			continue // the build warns about it
		}
		ev := ical.NewEvent()
		// The window id never changes while the window is planned, so
		// subscribers' calendars update the event instead of adding another.
		ev.Props.SetText(ical.PropUID, w.ID+"@"+host)
		ev.Props.SetDateTime(ical.PropDateTimeStamp, stamp)
		// UTC times need no VTIMEZONE component and mean the same instant in
		// every client.
		ev.Props.SetDateTime(ical.PropDateTimeStart, w.Start.UTC())
		ev.Props.SetDateTime(ical.PropDateTimeEnd, w.PlannedEnd.UTC())
		ev.Props.SetText(ical.PropSummary, "Maintenance: "+oneLine(w.Title))
		link := base.URL(w.URL())
		if u, err := url.Parse(link); err == nil && base.Absolute() {
			ev.Props.SetURI(ical.PropURL, u)
		}
		if len(w.Systems) > 0 {
			p := ical.NewProp(ical.PropCategories)
			systems := make([]string, len(w.Systems))
			for i, sys := range w.Systems {
				systems[i] = oneLine(sys)
			}
			p.SetTextList(systems)
			ev.Props.Set(p)
		}
		if w.Notice != nil {
			p := ical.NewProp(PropNoticeDate)
			p.SetDate(w.Notice.In(loc))
			ev.Props.Set(p)
		}
		status := ical.EventConfirmed
		if w.Draft {
			status = ical.EventTentative
		}
		ev.SetStatus(status)
		ev.Props.SetText(ical.PropDescription, lineBreaks.Replace(eventDescription(w, link)))
		cal.Children = append(cal.Children, ev.Component)
	}
	if len(cal.Children) == 0 {
		// RFC 5545 wants at least one component, and subscribers keep polling
		// the same address while nothing is planned: a UTC time zone (the zone
		// every event here uses) keeps the empty calendar valid.
		cal.Children = append(cal.Children, utcTimezone())
	}
	var buf bytes.Buffer
	if err := ical.NewEncoder(&foldingWriter{w: &buf}).Encode(cal); err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	return buf.Bytes(), nil
}

// InCalendar reports whether the window can be an event: iCalendar times
// have four-digit years, and a window late on 31 December 9999 in the site's
// zone is already in the year 10000 in UTC.
func InCalendar(w *model.Window) bool {
	for _, t := range []time.Time{w.Start.UTC(), w.PlannedEnd.UTC()} {
		if t.Year() < 1 || t.Year() > 9999 {
			return false
		}
	}
	return true
}

// lineBreaks turns CR and CRLF into LF: iCalendar text escapes LF (as \n)
// but cannot hold a CR, and a title pasted from elsewhere may have one.
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// oneLine is s on one line, for values that are single lines.
func oneLine(s string) string { return lineSpaces.Replace(s) }

var lineSpaces = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ")

// eventDescription is the event's text: the window's customer notice section,
// the systems and the link. Subscribers include customers, so nothing else of
// the body, not even the summary, goes here (docs/authoring.md, "The body:
// sections", Customer notice).
func eventDescription(w *model.Window, link string) string {
	var lines []string
	if w.CustomerNotice != nil && w.CustomerNotice.Text != "" {
		lines = append(lines, w.CustomerNotice.Text, "")
	}
	if len(w.Systems) > 0 {
		lines = append(lines, "Systems: "+strings.Join(w.Systems, ", "))
	}
	lines = append(lines, "Details: "+link)
	return strings.Join(lines, "\n")
}

// foldingWriter folds content lines longer than 75 octets (RFC 5545 3.1) by
// inserting CRLF and a space, never inside a UTF-8 sequence. go-ical writes
// each content line with a single Write ending in CRLF.
type foldingWriter struct {
	w *bytes.Buffer
}

func (f *foldingWriter) Write(p []byte) (int, error) {
	line := p
	width := 0
	for len(line) > 0 {
		if line[0] == '\r' || line[0] == '\n' {
			f.w.WriteByte(line[0])
			line = line[1:]
			width = 0
			continue
		}
		n := 1
		for n < len(line) && line[n]&0xC0 == 0x80 { // continuation bytes
			n++
		}
		if width+n > 75 {
			f.w.WriteString("\r\n ")
			width = 1
		}
		f.w.Write(line[:n])
		width += n
		line = line[n:]
	}
	return len(p), nil
}

// utcTimezone is a VTIMEZONE component for UTC.
func utcTimezone() *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, "UTC")
	std := ical.NewComponent(ical.CompTimezoneStandard)
	start := ical.NewProp(ical.PropDateTimeStart)
	start.Value = "19700101T000000"
	std.Props.Set(start)
	for _, name := range []string{ical.PropTimezoneOffsetFrom, ical.PropTimezoneOffsetTo} {
		p := ical.NewProp(name)
		p.SetValueType(ical.ValueUTCOffset)
		p.Value = "+0000"
		std.Props.Set(p)
	}
	std.Props.SetText(ical.PropTimezoneName, "UTC")
	tz.Children = append(tz.Children, std)
	return tz
}
