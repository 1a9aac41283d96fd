// Package search builds the site's search index at build time: it extracts a
// document for every searchable item of the model (windows, free sections,
// tasks and steps, lessons, actions, ideas, people and free pages), indexes
// them with BM25 impacts, and writes a chunked static index that the browser
// client (themes/default/static/assets/search.js) loads piece by piece, over
// HTTP or, as script files, from file://.
package search

import (
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/wrapup/wrapup/generator/model"
)

// Kinds of documents, in the order the filter lists them.
const (
	KindWindow    = "window"
	KindSection   = "section"
	KindTask      = "task"
	KindStep      = "step"
	KindWentWell  = "went_well"
	KindWentWrong = "went_wrong"
	KindLucky     = "lucky"
	KindAction    = "action"
	KindIdea      = "idea"
	KindPerson    = "person"
	KindPage      = "page"
)

// Kinds lists every kind of document.
var Kinds = []string{KindWindow, KindSection, KindTask, KindStep, KindWentWell, KindWentWrong, KindLucky, KindAction, KindIdea, KindPerson, KindPage}

// Field weights: a word in a title counts three times, in a heading twice,
// in the tags, systems and people of an item one and a half times.
const (
	weightTitle   = 3.0
	weightHeading = 2.0
	weightMeta    = 1.5
	weightBody    = 1.0
)

// Doc is one search result: an item with its anchor on its page.
type Doc struct {
	ID     int
	Kind   string
	Window *model.Window // the window it belongs to; nil for people and pages
	URL    string        // root-relative, with the item's anchor: /windows/x/#task-2-1
	Title  string        // heading shown for the result: the window's, page's or person's title
	Text   string        // the snippet: the item's text, the window's summary...

	// Item-level facets (window-level ones come from Window).
	Tags   []string
	People []string
	Action string // "open" or "done" for actions
}

// snippetLimit bounds the text stored for a result's snippet (runes).
const snippetLimit = 240

// docText is what is indexed of a document, by field. It is kept apart from
// Doc, which lives as long as the index: New drops each text once indexed.
type docText struct {
	title, heading, body, meta string
}

// Extract lists the documents of a site: its windows in the site's order
// (newest first), each followed by its items in page order, then the free
// pages, then the people. IDs follow that order, so that among equally good
// results the newest window comes first.
func Extract(site *model.Site, people []string) []*Doc {
	docs, _ := extract(site, people)
	return docs
}

// extract is Extract with what is indexed of each document, by ID.
func extract(site *model.Site, people []string) ([]*Doc, []docText) {
	var docs []*Doc
	var texts []docText
	add := func(d *Doc, text docText) {
		d.ID = len(docs)
		d.Text = clip(d.Text, snippetLimit)
		docs = append(docs, d)
		texts = append(texts, text)
	}
	for _, w := range site.Windows {
		base := w.URL()
		wdoc := &Doc{Kind: KindWindow, Window: w, URL: base, Title: w.Title, Text: w.Summary,
			Tags: w.Tags, People: windowPeople(w)}
		wtext := docText{title: w.Title, body: w.Summary, meta: joinWords(w.Systems, w.Tags)}
		for _, s := range w.Body {
			if s.Kind == model.SectionIntro && s.Text != w.Summary {
				wtext.body += "\n" + s.Text
			}
		}
		add(wdoc, wtext)
		for _, t := range w.Tasks {
			add(&Doc{Kind: KindTask, Window: w, URL: base + "#" + t.Anchor, Title: w.Title, Text: t.Title, Tags: t.Tags, People: t.Owners},
				docText{body: t.Title, meta: joinWords(t.Owners, t.Tags)})
			for _, st := range t.Steps {
				add(&Doc{Kind: KindStep, Window: w, URL: base + "#" + st.Anchor, Title: w.Title, Text: st.Number + " " + st.Title, Tags: st.Tags, People: st.Owners},
					docText{body: st.Title, meta: joinWords(st.Owners, st.Tags)})
			}
		}
		items := []struct {
			kind string
			list []model.Item
		}{{KindWentWell, w.WentWell}, {KindWentWrong, w.WentWrong}, {KindLucky, w.Lucky}}
		for _, group := range items {
			for _, it := range group.list {
				add(itemDoc(w, group.kind, it))
			}
		}
		for _, a := range w.Actions {
			state := "open"
			if a.Done {
				state = "done"
			}
			add(&Doc{Kind: KindAction, Window: w, URL: base + "#" + a.Anchor, Title: w.Title, Text: a.Text,
				Tags: a.Tags, People: a.Owners, Action: state}, docText{body: a.Text, meta: joinWords(a.Owners, a.Tags)})
		}
		for _, it := range w.Ideas {
			add(itemDoc(w, KindIdea, it))
		}
		for _, s := range w.Body {
			narrative := s.Kind == model.SectionFree || s.Kind == model.SectionCustomerNotice || s.Kind == model.SectionLessons
			if !narrative || s.Text == "" {
				continue
			}
			url := base
			if s.Anchor != "" {
				url += "#" + s.Anchor
			}
			add(&Doc{Kind: KindSection, Window: w, URL: url, Title: w.Title, Text: s.Heading + ": " + s.Text},
				docText{heading: s.Heading, body: s.Text})
		}
	}
	for _, p := range site.Pages {
		text := p.Summary
		if text == "" {
			text = p.Text
		}
		add(&Doc{Kind: KindPage, URL: p.URL(), Title: p.Title, Text: text}, docText{title: p.Title, body: p.Text})
	}
	for _, h := range people {
		person := site.People[h]
		name := person.Name
		if name == "" {
			name = h
		}
		text := "@" + h
		if person.Team != "" {
			text += " · " + person.Team
		}
		add(&Doc{Kind: KindPerson, URL: "/people/" + h + "/", Title: name, Text: text, People: []string{h}},
			docText{title: name + " " + h, body: person.Team})
	}
	return docs, texts
}

func itemDoc(w *model.Window, kind string, it model.Item) (*Doc, docText) {
	return &Doc{Kind: kind, Window: w, URL: w.URL() + "#" + it.Anchor, Title: w.Title, Text: it.Text, Tags: it.Tags, People: it.People},
		docText{body: it.Text, meta: joinWords(it.People, it.Tags)}
}

// windowPeople is who a window document is about: facilitator and attendees.
func windowPeople(w *model.Window) []string {
	seen := map[string]bool{}
	var out []string
	for _, h := range append([]string{w.Facilitator}, w.Attendees...) {
		if h != "" && !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}

func joinWords(lists ...[]string) string {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	words := make([]byte, 0, n*10)
	for _, l := range lists {
		for _, s := range l {
			words = append(words, s...)
			words = append(words, ' ')
		}
	}
	return string(words)
}

// clip cuts s to at most n runes, at a word boundary, with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n { // most texts: no copy
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n
	for i := n; i > n*3/4; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return string(r[:cut]) + "…"
}

// Outcome is the one-word verdict of a window, as results show it.
func Outcome(w *model.Window) string {
	switch {
	case w == nil:
		return ""
	case !w.Held():
		return "planned"
	case w.Derived.Outcome != nil && w.Derived.Outcome.Success:
		return "success"
	default:
		return "missed"
	}
}

// Year is the year a window started in, as a facet value.
func Year(w *model.Window) string {
	if w == nil {
		return ""
	}
	return strconv.Itoa(w.Start.Year())
}

// sortedKeys returns the keys of m, sorted.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
