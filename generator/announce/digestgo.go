package announce

import (
	"strconv"
	"strings"

	"github.com/wrapup/wrapup/internal/htmlesc"
)

// The default theme's digest templates, written in Go. A build writes a
// digest.html and a digest.txt for every held window, and running the two
// templates was a tenth of a build's CPU; a theme that leaves the files as
// the default theme has them (byte for byte) gets these writers, a theme
// that changes one gets its template run. TestDigestWritersAsTemplates and
// FuzzDigestWriters hold them to the templates' bytes: a change to
// templates/standalone/digest.html or digest.txt needs the same change here.

// writeDigestText writes what templates/standalone/digest.txt writes.
func writeDigestText(b *strings.Builder, d *Digest) {
	b.WriteString("Subject: ")
	b.WriteString(d.Subject)
	b.WriteString("\n\n")
	b.WriteString(d.Title)
	b.WriteByte('\n')
	b.WriteString(strings.Repeat("=", len([]rune(d.Title))))
	b.WriteByte('\n')
	b.WriteString(d.When)
	if len(d.Systems) > 0 {
		b.WriteString("\nSystems: ")
		b.WriteString(strings.Join(d.Systems, ", "))
	}
	b.WriteString("\n\n")
	writeWrapped(b, textWidth, "", "", d.Verdict)
	for _, c := range d.Criteria {
		b.WriteString("\n  [")
		if c.OK {
			b.WriteByte('x')
		} else {
			b.WriteByte(' ')
		}
		b.WriteString("] ")
		b.WriteString(c.Label)
		if c.Note != "" {
			b.WriteString(" (")
			b.WriteString(c.Note)
			b.WriteByte(')')
		}
	}
	b.WriteByte('\n')
	if d.Summary != "" {
		b.WriteByte('\n')
		writeWrapped(b, textWidth, "", "", d.Summary)
		b.WriteByte('\n')
	}
	if len(d.Tasks) > 0 {
		b.WriteString("\nWhat we changed\n")
		for _, t := range d.Tasks {
			n := strconv.Itoa(t.Number) + ". "
			writeWrapped(b, textWidth, n, strings.Repeat(" ", len([]rune(n))), t.Line)
			b.WriteByte('\n')
		}
	}
	textList(b, "What went well", d.WentWell)
	textList(b, "What went wrong", d.WentWrong)
	textList(b, "Where we got lucky", d.Lucky)
	if len(d.NextTime) > 0 {
		b.WriteString("\nWhat we will do next time\n")
		for _, l := range d.NextTime {
			box := "[ ] "
			if l.Done {
				box = "[x] "
			}
			writeWrapped(b, textWidth, box, "    ", l.Line)
			b.WriteByte('\n')
		}
	}
	textList(b, "Ideas", d.Ideas)
	b.WriteString("\nThe full wrap-up: ")
	b.WriteString(d.Link)
	b.WriteByte('\n')
}

func textList(b *strings.Builder, heading string, lines []Line) {
	if len(lines) == 0 {
		return
	}
	b.WriteString("\n" + heading + "\n")
	for _, l := range lines {
		writeWrapped(b, textWidth, "- ", "  ", l.Line)
		b.WriteByte('\n')
	}
}

// The colours of the HTML digest.
const (
	good = "#17703a"
	bad  = "#a33a1b"
)

// writeDigestHTML writes what templates/standalone/digest.html writes.
func writeDigestHTML(b *strings.Builder, d *Digest) {
	var link strings.Builder
	htmlesc.URL(&link, d.Link)
	b.WriteString(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>`)
	htmlesc.Text(b, d.Subject)
	b.WriteString(`</title>
</head>
<body style="margin:0;padding:0;background:#f4f5f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border:1px solid #dde1e8;border-radius:8px;font-family:Arial,Helvetica,sans-serif;color:#1d2330;font-size:15px;line-height:1.5;">
<tr><td style="padding:24px 28px 8px;">
  <p style="margin:0 0 4px;color:#5b6474;font-size:13px;">`)
	htmlesc.Text(b, d.SiteTitle)
	b.WriteString(` · wrap-up digest</p>
  <h1 style="margin:0 0 6px;font-size:22px;line-height:1.3;"><a href="`)
	b.WriteString(link.String())
	b.WriteString(`" style="color:#1d2330;text-decoration:none;">`)
	htmlesc.Text(b, d.Title)
	b.WriteString(`</a></h1>
  <p style="margin:0;color:#5b6474;">`)
	htmlesc.Text(b, d.When)
	if len(d.Systems) > 0 {
		b.WriteString(` · `)
		htmlesc.Text(b, strings.Join(d.Systems, ", "))
	}
	b.WriteString(`</p>
</td></tr>
<tr><td style="padding:12px 28px;">
  <p style="margin:0 0 8px;font-weight:bold;color:`)
	b.WriteString(pick(d.Success, good, bad))
	b.WriteString(`;">`)
	htmlesc.Text(b, d.Verdict)
	b.WriteString(`</p>
  <table role="presentation" cellpadding="0" cellspacing="0">`)
	for _, c := range d.Criteria {
		b.WriteString(`
    <tr><td style="padding:2px 10px 2px 0;font-weight:bold;color:`)
		b.WriteString(pick(c.OK, good, bad))
		b.WriteString(`;">`)
		b.WriteString(pick(c.OK, `&#10003;`, `&#10007;`))
		b.WriteString(`</td><td style="padding:2px 0;">`)
		htmlesc.Text(b, c.Label)
		if c.Note != "" {
			b.WriteString(` <span style="color:#5b6474;">(`)
			htmlesc.Text(b, c.Note)
			b.WriteString(`)</span>`)
		}
		b.WriteString(`</td></tr>`)
	}
	b.WriteString(`
  </table>`)
	if d.Summary != "" {
		b.WriteString(`<p style="margin:12px 0 0;">`)
		htmlesc.Text(b, d.Summary)
		b.WriteString(`</p>`)
	}
	b.WriteString(`
</td></tr>`)
	if len(d.Tasks) > 0 {
		htmlTable(b, "What we changed")
		for _, t := range d.Tasks {
			b.WriteString(`
    <tr><td style="padding:3px 8px 3px 0;vertical-align:top;color:#5b6474;white-space:nowrap;">`)
			b.WriteString(strconv.Itoa(t.Number))
			b.WriteString(`.</td><td style="padding:3px 0;vertical-align:top;">`)
			htmlesc.Text(b, t.Text)
			htmlNote(b, " <span style=\"color:#5b6474;\">— ", t.Who, "</span>")
			htmlNote(b, " <span style=\"color:#5b6474;\">(", t.Times, ")</span>")
			b.WriteString(`</td><td style="padding:3px 0 3px 10px;vertical-align:top;text-align:right;white-space:nowrap;"><span style="display:inline-block;padding:0 6px;border-radius:4px;font-size:13px;font-weight:bold;`)
			switch {
			case t.Good:
				b.WriteString(`background:#e3f4e8;color:#17703a;`)
			case t.Status == "dropped" || t.Status == "":
				b.WriteString(`background:#eef0f3;color:#454d5b;`)
			default:
				b.WriteString(`background:#fbe9e4;color:#a33a1b;`)
			}
			b.WriteString(`">`)
			htmlesc.Text(b, t.StatusLabel)
			b.WriteString(`</span></td></tr>`)
		}
		closeTable(b)
	}
	htmlList(b, "What went well", d.WentWell)
	htmlList(b, "What went wrong", d.WentWrong)
	htmlList(b, "Where we got lucky", d.Lucky)
	if len(d.NextTime) > 0 {
		htmlTable(b, "What we will do next time")
		for _, l := range d.NextTime {
			b.WriteString(`
    <tr><td style="padding:3px 8px 3px 0;vertical-align:top;white-space:nowrap;"><span style="display:inline-block;padding:0 6px;border-radius:4px;font-size:13px;font-weight:bold;`)
			b.WriteString(pick(l.Done, `background:#e3f4e8;color:#17703a;">&#10003; done`, `background:#fdf3d8;color:#7a5200;">open`))
			b.WriteString(`</span></td><td style="padding:3px 0;vertical-align:top;">`)
			htmlesc.Text(b, l.Text)
			htmlNote(b, " <span style=\"color:#5b6474;\">— ", l.Who, "</span>")
			if l.Done {
				htmlNote(b, " <span style=\"color:#5b6474;\">(done ", l.DoneOn, ")</span>")
			} else {
				htmlNote(b, " <span style=\"color:#5b6474;\">(due ", l.Due, ")</span>")
			}
			b.WriteString(`</td></tr>`)
		}
		closeTable(b)
	}
	htmlList(b, "Ideas", d.Ideas)
	b.WriteString(`
<tr><td style="padding:16px 28px 24px;">
  <a href="`)
	b.WriteString(link.String())
	b.WriteString(`" style="display:inline-block;background:#1f5fbf;color:#ffffff;text-decoration:none;padding:9px 16px;border-radius:6px;font-weight:bold;">Read the full wrap-up</a>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`)
}

// htmlSection opens a section of the HTML digest with its heading.
func htmlSection(b *strings.Builder, heading string) {
	b.WriteString(`
<tr><td style="padding:8px 28px;">
  <h2 style="margin:0 0 6px;font-size:16px;">`)
	b.WriteString(heading)
	b.WriteString(`</h2>`)
}

// htmlTable opens a section of the HTML digest whose rows are a table;
// closeTable closes it.
func htmlTable(b *strings.Builder, heading string) {
	htmlSection(b, heading)
	b.WriteString(`
  <table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;">`)
}

func closeTable(b *strings.Builder) {
	b.WriteString(`
  </table>
</td></tr>`)
}

// htmlList writes a section of lines as a list, nothing without lines.
func htmlList(b *strings.Builder, heading string, lines []Line) {
	if len(lines) == 0 {
		return
	}
	htmlSection(b, heading)
	b.WriteString(`
  <ul style="margin:0;padding-left:20px;">`)
	for _, l := range lines {
		b.WriteString(`<li style="margin:0 0 4px;">`)
		htmlesc.Text(b, l.Text)
		htmlNote(b, " <span style=\"color:#5b6474;\">— ", l.Who, "</span>")
		b.WriteString(`</li>`)
	}
	b.WriteString(`</ul>
</td></tr>`)
}

// htmlNote writes open, s escaped and close, nothing when s is "".
func htmlNote(b *strings.Builder, open, s, close string) {
	if s == "" {
		return
	}
	b.WriteString(open)
	htmlesc.Text(b, s)
	b.WriteString(close)
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}

// digestHTMLSize and digestTextSize are a little over the size of d's
// digests as writeDigestHTML and writeDigestText write them: a builder grown
// by doubling from a fixed guess allocated the larger digests twice or
// three times. The constants are the writers' fixed markup; texts get an
// eighth more for escapes and line breaks.
func digestHTMLSize(d *Digest) int {
	n := 2350 + 2*len(d.Link) + len(d.Subject) + len(d.SiteTitle) + len(d.Title) + len(d.When) + len(d.Verdict) + len(d.Summary)
	for _, s := range d.Systems {
		n += len(s) + 2
	}
	for _, c := range d.Criteria {
		n += 160 + len(c.Label) + len(c.Note)
	}
	texts := 0
	if len(d.Tasks) > 0 {
		n += 260
		for _, t := range d.Tasks {
			n += 440
			texts += len(t.Text) + len(t.Who) + len(t.Times) + len(t.StatusLabel)
		}
	}
	if len(d.NextTime) > 0 {
		n += 260
		for _, l := range d.NextTime {
			n += 290
			texts += len(l.Text) + len(l.Who) + len(l.Due) + len(l.DoneOn)
		}
	}
	for _, lines := range [][]Line{d.WentWell, d.WentWrong, d.Lucky, d.Ideas} {
		if len(lines) > 0 {
			n += 190
		}
		for _, l := range lines {
			n += 60
			texts += len(l.Text) + len(l.Who)
		}
	}
	return n + texts + texts/16
}

func digestTextSize(d *Digest) int {
	n := 100 + len(d.Link) + len(d.Subject) + 2*len(d.Title) + len(d.When)
	for _, s := range d.Systems {
		n += len(s) + 2
	}
	for _, c := range d.Criteria {
		n += 12 + len(c.Label) + len(c.Note)
	}
	texts := len(d.Verdict) + len(d.Summary)
	for _, t := range d.Tasks {
		n += 8
		texts += len(t.Line)
	}
	for _, lines := range [][]Line{d.WentWell, d.WentWrong, d.Lucky, d.NextTime, d.Ideas} {
		n += 30
		for _, l := range lines {
			n += 4
			texts += len(l.Line)
		}
	}
	return n + texts + texts/12
}
