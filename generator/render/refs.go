package render

import (
	"html/template"
	"strings"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/model"
)

// The lists of person, system and tag pages ("Latest lessons and actions",
// "Tasks owned", "Actions owned", "Lessons and ideas raised": up to 20
// entries on each of ~1,400 first pages at 10,000 windows) are written in
// Go, one call per list, for the reason the window page's lists are
// (fragments.go). A theme wanting other markup ranges over the page's
// .Data.RecentItems, RecentTasks, RecentActions and RecentLessons in its own
// group.html. The markup is the template's (testdata/rows-reference.html).

// RecentItemList writes the <li> of each latest lesson or action of a
// system's or tag's page, with what kind of entry it is.
func RecentItemList(items []aggregate.ItemRef) template.HTML {
	var b strings.Builder
	for _, it := range items {
		b.WriteString("\n    <li><span class=\"kind kind-")
		writeText(&b, string(it.Kind))
		b.WriteString(`">`)
		switch it.Kind {
		case model.SectionWentWell:
			b.WriteString("went well")
		case model.SectionWentWrong:
			b.WriteString("went wrong")
		case model.SectionLucky:
			b.WriteString("lucky")
		case model.SectionIdeas:
			b.WriteString("idea")
		default:
			if it.Action != nil && it.Action.Done {
				b.WriteString("action done")
			} else {
				b.WriteString("open action")
			}
		}
		b.WriteString("</span>\n      ")
		writeRefLink(&b, it.Window, it.Anchor(), it.Text())
		b.WriteString(`</li>`)
	}
	return template.HTML(b.String())
}

// OwnedTaskList writes the <li> of each task a person owned.
func OwnedTaskList(tasks []aggregate.TaskRef) template.HTML {
	var b strings.Builder
	for _, t := range tasks {
		b.WriteString("\n    <li>")
		writeEntryLink(&b, t.Window, t.Task.Anchor, t.Task.Title)
		if t.Task.Status != "" {
			b.WriteString(` <span class="status st-`)
			writeText(&b, t.Task.Status)
			b.WriteString(`">`)
			writeText(&b, statusLabel(t.Task.Status))
			b.WriteString(`</span>`)
		}
		b.WriteString(` `)
		writeFrom(&b, t.Window)
		b.WriteString(`</li>`)
	}
	return template.HTML(b.String())
}

// OwnedActionList writes the <li> of each action a person owned, done or open.
func OwnedActionList(actions []aggregate.ItemRef) template.HTML {
	var b strings.Builder
	for _, a := range actions {
		if a.Action != nil && a.Action.Done {
			b.WriteString("\n    <li><span class=\"badge success\">done</span> ")
		} else {
			b.WriteString("\n    <li><span class=\"badge open\">open</span> ")
		}
		writeRefLink(&b, a.Window, a.Anchor(), a.Text())
		b.WriteString(`</li>`)
	}
	return template.HTML(b.String())
}

// RaisedList writes the <li> of each lesson or idea a person raised.
func RaisedList(items []aggregate.ItemRef) template.HTML {
	var b strings.Builder
	for _, it := range items {
		if it.Kind == model.SectionIdeas {
			b.WriteString("\n    <li><span class=\"kind\">idea</span> ")
		} else {
			b.WriteString("\n    <li><span class=\"kind\">lesson</span> ")
		}
		writeRefLink(&b, it.Window, it.Anchor(), it.Text())
		b.WriteString(`</li>`)
	}
	return template.HTML(b.String())
}

// writeRefLink writes an entry's link to its place on its window page, and
// the window it is from.
func writeRefLink(b *strings.Builder, w *model.Window, anchor, text string) {
	writeEntryLink(b, w, anchor, text)
	b.WriteString(` `)
	writeFrom(b, w)
}

// writeEntryLink writes a link with text to the anchor of an entry on its
// window's page.
func writeEntryLink(b *strings.Builder, w *model.Window, anchor, text string) {
	b.WriteString(`<a href="`)
	writeURL(b, w.URL())
	b.WriteString("#")
	writeFragment(b, anchor)
	b.WriteString(`">`)
	writeText(b, text)
	b.WriteString(`</a>`)
}

// writeWindowLink writes a link to a window's page with its title.
func writeWindowLink(b *strings.Builder, w *model.Window) {
	b.WriteString(`<a href="`)
	writeURL(b, w.URL())
	b.WriteString(`">`)
	writeText(b, w.Title)
	b.WriteString(`</a>`)
}

// writeFrom writes "<small>title, date</small>".
func writeFrom(b *strings.Builder, w *model.Window) {
	b.WriteString(`<small>`)
	writeText(b, w.Title)
	b.WriteString(`, `)
	writeText(b, shortDate(w.Start))
	b.WriteString(`</small>`)
}
