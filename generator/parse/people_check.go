// The people checks of a window file: the facilitator and attendees against
// people.yaml, speakers against attendees, and the handles of the body's items
// found back at their file position for the warnings.

package parse

import (
	"strings"
	"unicode/utf8"

	"github.com/wrapup/wrapup/generator/model"
)

// personByName returns a lookup of people.yaml entries by name, folded to lower
// case, for owners an action table writes without @ (docs/authoring.md, "Action
// tables"); nil without people.yaml. Two people with one name match neither.
// The index is made on the first lookup: most windows have no action table.
func personByName(people map[string]model.Person) func(string) (string, bool) {
	if people == nil {
		return nil
	}
	fold := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	var byName map[string]string
	return func(name string) (string, bool) {
		if byName == nil {
			byName = map[string]string{}
			for h, person := range people {
				n := fold(person.Name)
				if n == "" {
					continue
				}
				if _, dup := byName[n]; dup {
					byName[n] = ""
					continue
				}
				byName[n] = h
			}
		}
		h := byName[fold(name)]
		return h, h != ""
	}
}

// facilitator reads the facilitator's handle. It is not added to attendees
// (docs/authoring.md, "Front matter"): a facilitator missing from them is a
// warning, except in a planned window that lists no attendees yet.
func (p *windowParser) facilitator(attendees map[string]entry) {
	f, ok := p.fields["facilitator"]
	if !ok {
		return
	}
	if !isScalar(f.value) {
		p.errorAt("facilitator", "facilitator must be one handle, not %s: write e.g. `facilitator: tom`", describe(f.value))
		return
	}
	entries := p.doc.readList(f, handleKind)
	if len(entries) == 0 {
		return
	}
	if len(entries) > 1 {
		p.diags.Errorf(p.path, entries[1].line, entries[1].col, "facilitator must be one handle: keep only the person who ran the wrap-up")
	}
	e := entries[0]
	p.w.Facilitator = kept(e.name)
	p.checkPerson(e.name, e.line, e.col)
	if _, misspelt := p.misspelt["attendees"]; misspelt {
		return // the misspelt key's error is the one message
	}
	if _, attended := attendees[e.name]; !attended && (p.present("end") || len(attendees) > 0) {
		p.diags.Warnf(p.path, e.line, e.col, "the facilitator %s is not in attendees: add %s to attendees if they attended", e.name, e.name)
	}
}

// checkPerson warns when people.yaml exists and lacks the handle
// (docs/authoring.md, "people.yaml").
func (p *windowParser) checkPerson(handle string, line, col int) {
	if p.people == nil {
		return
	}
	if _, ok := p.people[handle]; ok {
		return
	}
	handles := make([]string, 0, len(p.people))
	for h := range p.people {
		handles = append(handles, h)
	}
	p.diags.Warnf(p.path, line, col, "%s is not in content/people.yaml%s: add them there or fix the handle", handle, didYouMean(handle, handles))
}

// checkSpeakers warns about handles that speak in went well, went wrong or
// ideas (items or replies) but are not attendees (docs/authoring.md, "What the
// site works out for you", Participation); once per handle and section, at the
// first place it speaks.
func (p *windowParser) checkSpeakers(loc *handleLocator) {
	if _, misspelt := p.misspelt["attendees"]; misspelt {
		return // every speaker would be "not in attendees": one mistake, one message
	}
	attended := map[string]bool{}
	for _, h := range p.w.Attendees {
		attended[h] = true
	}
	sections := []struct {
		name  string
		items []model.Item
	}{{"went well", p.w.WentWell}, {"went wrong", p.w.WentWrong}, {"where we got lucky", p.w.Lucky}, {"ideas", p.w.Ideas}}
	for _, s := range sections {
		warned := map[string]bool{}
		for _, it := range s.items {
			for _, h := range append(append([]string(nil), it.People...), it.ReplyPeople()...) {
				if attended[h] || warned[h] {
					continue
				}
				warned[h] = true
				line, col := loc.find(h, it.Line)
				p.diags.Warnf(p.path, line, col, "%s speaks in %s but is not in attendees: add %s to attendees or fix the handle", h, s.name, h)
			}
		}
	}
}

// checkBodyPeople warns, once per handle, about owners and speakers of the
// body that people.yaml lacks.
func (p *windowParser) checkBodyPeople(loc *handleLocator) {
	if p.people == nil {
		return
	}
	checked := map[string]bool{}
	check := func(handles []string, line int) {
		for _, h := range handles {
			if checked[h] {
				continue
			}
			checked[h] = true
			if _, ok := p.people[h]; ok {
				continue
			}
			l, c := loc.find(h, line)
			p.checkPerson(h, l, c)
		}
	}
	for _, t := range p.w.Tasks {
		check(t.Owners, int(t.Line))
		for _, s := range t.Steps {
			check(s.Owners, s.Line)
		}
	}
	for _, items := range p.w.Spoken() {
		for _, it := range items {
			check(it.People, it.Line)
			check(it.ReplyPeople(), it.Line)
		}
	}
	for _, a := range p.w.Actions {
		check(a.Owners, int(a.Line))
	}
}

// handleLocator finds where "@handle" is written in the body, so that warnings
// about a handle point at it rather than at the start of its item.
type handleLocator struct {
	lines     []string
	firstLine int // file line of lines[0]
}

func newHandleLocator(bodySrc []byte, firstLine int) *handleLocator {
	return &handleLocator{lines: strings.Split(string(bodySrc), "\n"), firstLine: firstLine}
}

// find returns the file position of "@handle" on the item's line or the lines
// after it (replies sit below their item), else the item's line, column 1.
func (l *handleLocator) find(handle string, itemLine int) (line, col int) {
	if itemLine < 1 {
		itemLine = l.firstLine
	}
	needle := "@" + handle
	for i := itemLine - l.firstLine; i >= 0 && i < len(l.lines) && i < itemLine-l.firstLine+200; i++ {
		lower := asciiLower(l.lines[i])
		for from := 0; from < len(lower); {
			at := strings.Index(lower[from:], needle)
			if at < 0 {
				break
			}
			at += from
			// "@kim" must not be the start of "@kimberly".
			if end := at + len(needle); end == len(lower) || !isHandleByte(lower[end]) {
				return i + l.firstLine, utf8.RuneCountInString(l.lines[i][:at]) + 1
			}
			from = at + 1
		}
	}
	// An action table's owner cell may name the handle without @ ("| raj |").
	if i := itemLine - l.firstLine; i >= 0 && i < len(l.lines) {
		lower := asciiLower(l.lines[i])
		for from := 0; from < len(lower); {
			at := strings.Index(lower[from:], handle)
			if at < 0 {
				break
			}
			at += from
			end := at + len(handle)
			if (at == 0 || !isHandleByte(lower[at-1])) && (end == len(lower) || !isHandleByte(lower[end])) {
				return itemLine, utf8.RuneCountInString(l.lines[i][:at]) + 1
			}
			from = at + 1
		}
	}
	return itemLine, 1
}

func isHandleByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
}

// asciiLower folds A-Z only, so byte offsets in the result are offsets in s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
