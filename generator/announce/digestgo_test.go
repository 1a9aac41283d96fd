package announce

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wrapup/wrapup/generator/feeds"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/themes"
)

// defaultWriter is a Writer with the default theme's templates.
func defaultWriter(t testing.TB) *Writer {
	wr, err := New(themes.Default(), &model.Site{}, feeds.Base{})
	if err != nil {
		t.Fatal(err)
	}
	if !wr.goHTML || !wr.goText {
		t.Fatalf("the default theme's digests are not written in Go (goHTML %v, goText %v)", wr.goHTML, wr.goText)
	}
	return wr
}

// sameAsTemplates fails t when the Go writers and the default templates
// write d differently.
func sameAsTemplates(t testing.TB, wr *Writer, d *Digest) {
	t.Helper()
	var want bytes.Buffer
	if err := wr.digestHTML.Execute(&want, d); err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	writeDigestHTML(&got, d)
	if got.String() != want.String() {
		t.Errorf("digest.html differs for %+v\n got: %s\nwant: %s", d, got.String(), want.String())
	}
	want.Reset()
	if err := wr.digestText.Execute(&want, d); err != nil {
		t.Fatal(err)
	}
	got.Reset()
	writeDigestText(&got, d)
	if got.String() != want.String() {
		t.Errorf("digest.txt differs for %+v\n got: %q\nwant: %q", d, got.String(), want.String())
	}
}

// awkward is text with everything the escapers touch, non-ASCII, and
// words long enough to wrap.
const awkward = "Move <b>\"mail\"</b> & 'queues' + C++ to the \x00 new storage, then check every mailbox – twice: ünïcödé, 日本語, and a-very-long-word-that-cannot-be-wrapped-at-all-because-it-has-no-spaces-anywhere-in-it"

func TestDigestWritersAsTemplates(t *testing.T) {
	wr := defaultWriter(t)
	full := &Digest{
		SiteTitle: "IT <wrap-ups>", Title: "Mail & \"DNS\" move", When: "Sat 18 Apr 2026, 22:00–01:35 CDT",
		Subject: "Wrap-up: Mail & DNS, Sat 18 Apr 2026: ran 35m late", Systems: []string{"mail", "dns<1>"},
		Verdict: "Not a success: it ran 35m late. " + awkward,
		Criteria: []Criterion{{"Changes made", true, ""}, {"No production impact", false, "impact: minor"},
			{"On time", false, "35m late"}},
		Summary: awkward,
		Tasks: []TaskLine{
			{Number: 1, Text: "Notice", Who: "Ann", Status: "done", StatusLabel: "done", Good: true, Times: "5m, planned 10m", Line: "[done] Notice (Ann; 5m, planned 10m)"},
			{Number: 2, Text: awkward, Status: "rolled-back", StatusLabel: "rolled back", Line: "[rolled back] " + awkward},
			{Number: 3, Text: "Archive", Status: "dropped", StatusLabel: "dropped", Line: "[dropped] Archive"},
			{Number: 12, Text: "No status", StatusLabel: "no status", Line: "[no status] No status"},
		},
		WentWell:  []Line{{Text: "Queues", Who: "Omar Reyes", Line: "Queues (Omar Reyes)"}, {Text: awkward, Line: awkward}},
		WentWrong: []Line{{Text: "Rollback <untested>", Who: "Omar, Lee", Line: "Rollback <untested> (Omar, Lee)"}},
		Lucky:     []Line{{Text: "fstab backup", Line: "fstab backup"}},
		NextTime: []Line{
			{Text: "Measure", Who: "Omar", Done: true, DoneOn: "2026-05-08", Line: "Measure (Omar, done 2026-05-08)"},
			{Text: "Run rollbacks", Who: "Lee", Due: "2026-05-30", Line: "Run rollbacks (Lee, due 2026-05-30)"},
			{Text: "Done, no day", Done: true, Due: "2026-01-01", Line: "Done, no day (done)"},
			{Text: awkward, Line: awkward},
		},
		Ideas: []Line{{Text: "Banner", Who: "Ann", Line: "Banner (Ann)"}},
		Link:  "https://intranet.example.com/it/wrap-ups/windows/2026-04-18-mail/",
	}
	sameAsTemplates(t, wr, full)
	sameAsTemplates(t, wr, &Digest{Link: "./"})
	sameAsTemplates(t, wr, &Digest{Title: "Only a title", Success: true, Verdict: "Success.", Link: "./"})
	for _, link := range []string{"./", "", "javascript:alert(1)", "https://h/a b?c=d&e=<f>", "https://h/ü/"} {
		d := *full
		d.Link = link
		sameAsTemplates(t, wr, &d)
	}
}

// TestDigestTemplatesOfAThemeRun: a theme that changes a digest template
// gets its template, not the Go writer.
func TestDigestTemplatesOfAThemeRun(t *testing.T) {
	theme := fstest.MapFS{}
	for _, name := range []string{NoticeTemplate, DigestHTMLTemplate, DigestTextTemplate} {
		theme[name] = &fstest.MapFile{Data: defaultFile(name)}
	}
	theme[DigestTextTemplate] = &fstest.MapFile{Data: []byte("TEXT {{ .Title }}\n")}
	wr, err := New(theme, &model.Site{}, feeds.Base{})
	if err != nil {
		t.Fatal(err)
	}
	if wr.goText || !wr.goHTML {
		t.Fatalf("goText %v, goHTML %v: want the theme's digest.txt and the Go digest.html", wr.goText, wr.goHTML)
	}
}

// FuzzDigestWriters: for any texts and flags, the Go writers write what
// the default templates write.
func FuzzDigestWriters(f *testing.F) {
	wr := defaultWriter(f)
	f.Add("Mail move", "mail", "Not a success", "A summary.", "Task", "Omar", "./", uint8(0xff), 3)
	f.Add(awkward, "", awkward, "", awkward, "", "https://x/y z", uint8(0x0f), 0)
	f.Fuzz(func(t *testing.T, title, system, verdict, summary, text, who, link string, flags uint8, number int) {
		on := func(bit uint) bool { return flags&(1<<bit) != 0 }
		l := Line{Text: text, Who: who, Line: text + " (" + who + ")", Done: on(0), DoneOn: who, Due: summary}
		d := &Digest{SiteTitle: system, Title: title, When: verdict, Subject: title + summary, Success: on(1),
			Verdict: verdict, Summary: summary, Link: link}
		if on(2) {
			d.Systems = []string{system, title}
		}
		if on(3) {
			d.Criteria = []Criterion{{text, on(4), who}, {who, !on(4), ""}}
		}
		if on(5) {
			d.Tasks = []TaskLine{{Number: number, Text: text, Who: who, Status: system, StatusLabel: verdict, Good: on(6), Times: summary, Line: l.Line}}
		}
		if on(7) {
			d.WentWell, d.WentWrong, d.Lucky, d.NextTime, d.Ideas = []Line{l}, []Line{l, l}, []Line{l}, []Line{l, {Text: who}}, []Line{l}
		}
		sameAsTemplates(t, wr, d)
	})
}
