package body

import (
	"strings"

	"github.com/wrapup/wrapup/generator/model"
)

// compact moves the text and HTML a window body keeps (titles, item texts,
// rendered parts and details, section texts) into one string of their
// total size, each field a substring of it. The model holds them to the end
// of the build (and the dev server across builds), and each on its own was
// rounded up to the allocator's size class: ~12% of their bytes at 10k
// windows. A window's strings live and die together, so one buffer keeps
// nothing alive that would have gone. Interned strings (anchors, headings,
// statuses) stay as they are.
//
// The same walk runs three times: to add up the sizes, to copy the bytes,
// and to point each field at its copy. Strings that share bytes (an item's
// HTML that is its text, a section text inside its first paragraph) are
// copied once and shared again.
func compact(res *Result) {
	c := compactor{}
	c.walk(res)
	if c.n == 0 {
		return
	}
	c.b.Grow(c.n)
	c.mode = compactWrite
	c.walk(res)
	c.all = c.b.String()
	c.mode = compactAssign
	c.walk(res)
}

type compactMode int

const (
	compactSum compactMode = iota
	compactWrite
	compactAssign
)

type compactor struct {
	mode compactMode
	n    int             // compactSum: total size
	b    strings.Builder // compactWrite: the copies
	all  string          // compactAssign: the copies, as one string
	off  int             // compactAssign: where the next field's copy starts
}

// str copies *s, or points it at its copy.
func (c *compactor) str(s *string) {
	if *s == "" {
		return
	}
	switch c.mode {
	case compactSum:
		c.n += len(*s)
	case compactWrite:
		c.b.WriteString(*s)
	case compactAssign:
		*s = c.all[c.off : c.off+len(*s)]
		c.off += len(*s)
	}
}

// pair copies a text and its HTML, once when they are the same.
func (c *compactor) pair(text, html *string) {
	c.str(text)
	if *html == *text {
		if c.mode == compactAssign {
			*html = *text
		}
		return
	}
	c.str(html)
}

// inParagraph copies a text that its section's first part opens with, as
// a plain paragraph (most intros: the section's text and the summary), along
// with that part: once.
func (c *compactor) inParagraph(text *string, html string) {
	if *text == "" || !strings.HasPrefix(html, "<p>") || !strings.HasPrefix(html[len("<p>"):], *text) {
		c.str(text)
		return
	}
	if c.mode == compactAssign {
		*text = html[len("<p>") : len("<p>")+len(*text)] // html is its copy by now
	}
}

func (c *compactor) walk(res *Result) {
	for i := range res.Sections {
		s := &res.Sections[i]
		for j := range s.Parts {
			c.str(&s.Parts[j].HTML)
		}
		first := ""
		if len(s.Parts) > 0 {
			first = s.Parts[0].HTML
		}
		c.inParagraph(&s.Text, first)
		if i == 0 && s.Kind == model.SectionIntro {
			c.inParagraph(&res.Summary, first)
		}
	}
	if len(res.Sections) == 0 || res.Sections[0].Kind != model.SectionIntro {
		c.str(&res.Summary)
	}
	if n := res.CustomerNotice; n != nil {
		c.notice(n, res.Sections)
	}
	for i := range res.Tasks {
		t := &res.Tasks[i]
		c.str(&t.Title)
		if m := t.More; m != nil {
			c.str(&m.TitleHTML)
			c.str(&m.DetailHTML)
		}
		for j := range t.Steps {
			st := &t.Steps[j]
			c.pair(&st.Title, &st.TitleHTML)
			if m := st.More; m != nil {
				c.str(&m.DetailHTML)
			}
		}
	}
	for _, list := range [][]model.Item{res.WentWell, res.WentWrong, res.Lucky, res.Ideas} {
		for i := range list {
			it := &list[i]
			c.str(&it.Text)
			if m := it.More; m != nil {
				c.str(&m.HTML)
				c.str(&m.DetailHTML)
				c.replies(m.Replies)
			}
		}
	}
	for i := range res.Actions {
		a := &res.Actions[i]
		c.str(&a.Text)
		if m := a.More; m != nil {
			c.str(&m.HTML)
			c.str(&m.DetailHTML)
			for j := range m.Extra {
				c.pair(&m.Extra[j].Text, &m.Extra[j].HTML)
			}
		}
	}
}

// notice copies the customer notice's HTML and text, or shares them with
// the section they were read from when they are its one part and its text.
func (c *compactor) notice(n *model.CustomerNotice, secs []model.Section) {
	for i := range secs {
		s := &secs[i]
		if s.Kind != model.SectionCustomerNotice {
			continue
		}
		c.sameAs(&n.HTML, s.Parts)
		if n.Text == s.Text {
			if c.mode == compactAssign {
				n.Text = s.Text
			}
		} else {
			c.str(&n.Text)
		}
		return
	}
	c.str(&n.HTML)
	c.str(&n.Text)
}

// sameAs copies *html unless it is the one part of parts, whose copy it then
// shares.
func (c *compactor) sameAs(html *string, parts []model.Part) {
	if len(parts) != 1 || parts[0].HTML != *html {
		c.str(html)
		return
	}
	if c.mode == compactAssign {
		*html = parts[0].HTML
	}
}

func (c *compactor) replies(rs []model.Reply) {
	for i := range rs {
		c.str(&rs[i].HTML)
		c.str(&rs[i].DetailHTML)
		c.replies(rs[i].Replies)
	}
}

// shareLists makes the one-handle and one-tag lists of a body's tasks,
// steps, items, replies and actions (most of them: "@kim #db") share one
// array per name: a handle among the attendees shares the attendees' own
// list, any other name its first list. Each was an array of its own held
// for the whole build. Every list shared is full (its length is its
// capacity), so appending to one copies it; nothing writes into them.
func shareLists(res *Result, attendees []string) {
	// A window names a few people and tags: a short list searched in
	// turn, on the stack, costs less than a map.
	var stack [16][]string
	one := stack[:0]
	for i := range attendees {
		one = append(one, attendees[i:i+1:i+1])
	}
	share := func(list *[]string) {
		if len(*list) != 1 {
			return
		}
		v := (*list)[0]
		for _, l := range one {
			if l[0] == v {
				*list = l
				return
			}
		}
		*list = (*list)[:1:1]
		one = append(one, *list)
	}
	var replies func(rs []model.Reply)
	replies = func(rs []model.Reply) {
		for i := range rs {
			share(&rs[i].People)
			share(&rs[i].Tags)
			replies(rs[i].Replies)
		}
	}
	for i := range res.Tasks {
		t := &res.Tasks[i]
		share(&t.Owners)
		if m := t.More; m != nil {
			share(&m.Tags)
		}
		for j := range t.Steps {
			share(&t.Steps[j].Owners)
			if m := t.Steps[j].More; m != nil {
				share(&m.Tags)
			}
		}
	}
	for _, list := range [][]model.Item{res.WentWell, res.WentWrong, res.Lucky, res.Ideas} {
		for i := range list {
			share(&list[i].People)
			share(&list[i].Tags)
			if m := list[i].More; m != nil {
				share(&m.ReplyPeople)
				replies(m.Replies)
			}
		}
	}
	for i := range res.Actions {
		share(&res.Actions[i].Owners)
		share(&res.Actions[i].Tags)
	}
}
