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
	"strings"
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
var Kinds = kindList[:]

var kindList = [...]string{KindWindow, KindSection, KindTask, KindStep, KindWentWell, KindWentWrong, KindLucky, KindAction, KindIdea, KindPerson, KindPage}

// Field weights: a word in a title counts three times, in a heading twice,
// in the tags, systems and people of an item one and a half times.
const (
	weightTitle   = 3.0
	weightHeading = 2.0
	weightMeta    = 1.5
	weightBody    = 1.0
)

// Doc is one search result: an item with its anchor on its page. A
// document holds little of its own (a 10k-window archive has ~190k): its
// URL and title come from its window when it has one.
type Doc struct {
	Window *model.Window // the window it belongs to; nil for people and pages
	// text is the snippet (Text), or the part of it after its lead, without
	// the ellipsis of a clipped one: a part of the model's text, not a copy,
	// wherever it can be (the snippets of 190k documents at 10k windows).
	text string
	// place is, for a document of a window, its anchor on the window's page
	// (nil for the window itself); for a page or a person, its URL: a
	// pointer into the model (where) rather than a string, 8 bytes less.
	place *string
	// extra is, for a page or person, its title (a window's documents have
	// their window's); for a step or section, the number or heading its
	// snippet leads with (nil when text holds it). A pointer into the model
	// rather than a string keeps every document 8 bytes smaller.
	extra   *string
	ID      int32
	kind    uint8 // index in Kinds
	state   uint8 // an action's: 0 for other kinds, then open, done
	clipped bool  // the snippet was cut: it ends in an ellipsis after text
}

// ellipsis ends a clipped snippet.
const ellipsis = "…"

// leadSep is what follows the lead of a snippet: "2.1 Drain the pool",
// "Rollback: we...".
func (d *Doc) leadSep() string {
	if Kinds[d.kind] == KindStep {
		return " "
	}
	return ": "
}

// Text is the snippet: the item's text, the window's summary...
func (d *Doc) Text() string {
	lead := d.Window != nil && d.extra != nil
	switch {
	case !lead && !d.clipped:
		return d.text
	case !lead:
		return d.text + ellipsis
	case d.clipped:
		return *d.extra + d.leadSep() + d.text + ellipsis
	}
	return *d.extra + d.leadSep() + d.text
}

// textLen is len(d.Text()), without making the text.
func (d *Doc) textLen() int {
	n := len(d.text)
	if d.Window != nil && d.extra != nil {
		n += len(*d.extra) + len(d.leadSep())
	}
	if d.clipped {
		n += len(ellipsis)
	}
	return n
}

// setSnippet clips d's snippet to n runes (clip), keeping in d.text the
// part of the model's text it is wherever it is one.
func (d *Doc) setSnippet(n int) {
	lead := ""
	count := utf8.RuneCountInString(d.text)
	if d.Window != nil && d.extra != nil {
		// The separator is ASCII: the runes of the whole are the sum.
		count += utf8.RuneCountInString(*d.extra) + len(d.leadSep())
		if count > n {
			lead = *d.extra + d.leadSep()
		}
	}
	if count <= n {
		return
	}
	c := clip(lead+d.text, n)
	if cut := len(c) - len(ellipsis); strings.HasSuffix(c, ellipsis) && cut >= len(lead) &&
		strings.HasPrefix(c, lead) && strings.HasPrefix(d.text, c[len(lead):cut]) {
		d.text, d.clipped = d.text[:cut-len(lead)], true
		return
	}
	// Not a part of the text as written (invalid UTF-8 came back as
	// U+FFFD, or the cut falls in the lead): the clipped copy.
	d.text = c
	if d.Window != nil {
		d.extra = nil
	}
}

// actionStates are the values of the action facet, by Doc.state - 1.
var actionStates = [...]string{"open", "done"}

// Kind is the document's kind (KindWindow, KindTask...).
func (d *Doc) Kind() string { return Kinds[d.kind] }

// where is, for a document of a window, its anchor on the window's page
// ("" for the window itself); for a page or a person, its URL.
func (d *Doc) where() string {
	if d.place == nil {
		return ""
	}
	return *d.place
}

// URL is the document's root-relative URL, with the item's anchor:
// /windows/x/#task-2-1.
func (d *Doc) URL() string {
	if d.Window == nil {
		return d.where()
	}
	if d.where() == "" {
		return d.Window.URL()
	}
	return d.Window.URL() + "#" + d.where()
}

// urlLen is len(d.URL()), without making the URL.
func (d *Doc) urlLen() int {
	switch {
	case d.Window == nil:
		return len(d.where())
	case d.where() == "":
		return len("/windows/") + len(d.Window.ID) + 1
	}
	return len("/windows/") + len(d.Window.ID) + 2 + len(d.where())
}

// Title is the heading shown for the result: the window's, page's or
// person's title.
func (d *Doc) Title() string {
	if d.Window != nil {
		return d.Window.Title
	}
	if d.extra == nil {
		return ""
	}
	return *d.extra
}

// Action is "open" or "done" for an action, else "".
func (d *Doc) Action() string {
	if d.state == 0 {
		return ""
	}
	return actionStates[d.state-1]
}

// kindIndex is the index of each kind in Kinds.
var kindIndex = func() map[string]uint8 {
	m := map[string]uint8{}
	for i, k := range Kinds {
		m[k] = uint8(i)
	}
	return m
}()

// snippetLimit bounds the text stored for a result's snippet (runes).
const snippetLimit = 240

// docText is what is indexed of a document, by field, and its item-level
// facets (window-level ones come from its window). It is kept apart from
// Doc, which lives as long as the index: New drops each text once indexed.
type docText struct {
	title, heading, body, meta string
	tags, people               []string
}

// Extract lists the documents of a site: its windows in the site's order
// (newest first), each followed by its items in page order, then the free
// pages, then the people. IDs follow that order, so that among equally good
// results the newest window comes first.
func Extract(site *model.Site, people []string) []Doc {
	docs := make([]Doc, 0, docCount(site, people))
	extract(site, people, func(d Doc, _ *docText) { docs = append(docs, d) })
	return docs
}

// extract hands each document of Extract to emit, in ID order, with what is
// indexed of it.
func extract(site *model.Site, people []string, emit func(Doc, *docText)) {
	id := int32(0)
	add := func(d Doc, kind string, text docText) {
		d.ID = id
		id++
		d.kind = kindIndex[kind]
		d.setSnippet(snippetLimit)
		emit(d, &text)
	}
	for _, w := range site.Windows {
		wtext := docText{title: w.Title, body: w.Summary, meta: joinWords(w.Systems, w.Tags), tags: w.Tags, people: windowPeople(w)}
		for _, s := range w.Body {
			if s.Kind == model.SectionIntro && s.Text != w.Summary {
				wtext.body += "\n" + s.Text
			}
		}
		add(Doc{Window: w, text: w.Summary}, KindWindow, wtext)
		for ti := range w.Tasks {
			t := &w.Tasks[ti]
			add(Doc{Window: w, place: &t.Anchor, text: t.Title}, KindTask,
				docText{body: t.Title, meta: joinWords(t.Owners, t.Tags()), tags: t.Tags(), people: t.Owners})
			for k := range t.Steps {
				st := &t.Steps[k]
				add(Doc{Window: w, place: &st.Anchor, extra: &st.Number, text: st.Title}, KindStep,
					docText{body: st.Title, meta: joinWords(st.Owners, st.Tags()), tags: st.Tags(), people: st.Owners})
			}
		}
		items := []struct {
			kind string
			list []model.Item
		}{{KindWentWell, w.WentWell}, {KindWentWrong, w.WentWrong}, {KindLucky, w.Lucky}}
		for _, group := range items {
			for k := range group.list {
				it := &group.list[k]
				add(itemDoc(w, it), group.kind, itemText(it))
			}
		}
		for k := range w.Actions {
			a := &w.Actions[k]
			state := uint8(1)
			if a.Done {
				state = 2
			}
			add(Doc{Window: w, place: &a.Anchor, text: a.Text, state: state}, KindAction,
				docText{body: a.Text, meta: joinWords(a.Owners, a.Tags), tags: a.Tags, people: a.Owners})
		}
		for k := range w.Ideas {
			it := &w.Ideas[k]
			add(itemDoc(w, it), KindIdea, itemText(it))
		}
		for k := range w.Body {
			s := &w.Body[k]
			narrative := s.Kind == model.SectionFree || s.Kind == model.SectionCustomerNotice || s.Kind == model.SectionLessons
			if !narrative || s.Text == "" {
				continue
			}
			add(Doc{Window: w, place: &s.Anchor, extra: &s.Heading, text: s.Text}, KindSection,
				docText{heading: s.Heading, body: s.Text})
		}
	}
	for _, p := range site.Pages {
		text := p.Summary
		if text == "" {
			text = p.Text
		}
		url := p.URL()
		add(Doc{place: &url, extra: &p.Title, text: text}, KindPage, docText{title: p.Title, body: p.Text})
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
		url := "/people/" + h + "/"
		add(Doc{place: &url, extra: &name, text: text}, KindPerson,
			docText{title: name + " " + h, body: person.Team, people: []string{h}})
	}
}

// docCount is how many documents extract makes: the capacity they are
// given, so that ~190k documents are not copied as the list doubles.
func docCount(site *model.Site, people []string) int {
	n := len(site.Pages) + len(people)
	for _, w := range site.Windows {
		n += 1 + len(w.Tasks) + len(w.WentWell) + len(w.WentWrong) + len(w.Lucky) + len(w.Actions) + len(w.Ideas)
		for _, t := range w.Tasks {
			n += len(t.Steps)
		}
		for _, s := range w.Body {
			if (s.Kind == model.SectionFree || s.Kind == model.SectionCustomerNotice || s.Kind == model.SectionLessons) && s.Text != "" {
				n++
			}
		}
	}
	return n
}

func itemDoc(w *model.Window, it *model.Item) Doc {
	return Doc{Window: w, place: &it.Anchor, text: it.Text}
}

func itemText(it *model.Item) docText {
	return docText{body: it.Text, meta: joinWords(it.People, it.Tags), tags: it.Tags, people: it.People}
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
