package render

import (
	"time"

	"github.com/wrapup/wrapup/generator/model"
)

// Upcoming is the data of the /upcoming/ page: the planned windows, soonest
// first, with where each stands on customer notice.
type Upcoming struct {
	Windows       []UpcomingWindow
	MinNoticeDays int
	// CalendarURL and the notice file name are where the subscribable
	// calendar and each window's maintenance notice are written.
	CalendarURL string
}

// UpcomingWindow is a planned window on the upcoming page.
type UpcomingWindow struct {
	W *model.Window
	// NoticeBy is the last day customers can be told without the notice
	// being late: min_notice_days before the start date.
	NoticeBy model.Date
	// LateNotice: customers were told fewer than min_notice_days ahead.
	LateNotice bool
	// NoticeOverdue: nobody has been told and NoticeBy has passed.
	NoticeOverdue bool
	// Started: the start has passed but the window has no end yet (the
	// wrap-up has not been written).
	Started bool
	// NoticeURL is the window's maintenance notice page.
	NoticeURL string
}

// UpcomingPage builds the /upcoming/ page from the planned windows (soonest
// first). now is the build's today.
func UpcomingPage(site *model.Site, planned []*model.Window, now time.Time, calendarURL, noticeFile string) *Page {
	loc := site.Config.Location
	if loc == nil {
		loc = time.UTC
	}
	today := model.DateOf(now, loc)
	data := &Upcoming{MinNoticeDays: site.Config.MinNoticeDays, CalendarURL: calendarURL}
	for _, w := range planned {
		start := model.DateOf(w.Start, loc)
		by := model.DateOf(start.Start(loc).AddDate(0, 0, -site.Config.MinNoticeDays), loc)
		uw := UpcomingWindow{W: w, NoticeBy: by, Started: !w.Start.After(now), NoticeURL: w.URL() + noticeFile}
		if w.Notice != nil {
			uw.LateNotice = w.Derived.LateNotice
		} else {
			uw.NoticeOverdue = by.Before(today)
		}
		data.Windows = append(data.Windows, uw)
	}
	return &Page{URL: "/upcoming/", Template: "upcoming.html", Title: "Upcoming windows", Section: "upcoming", Data: data}
}
