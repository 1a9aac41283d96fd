package parse

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unique"

	"github.com/goccy/go-yaml/ast"

	"github.com/wrapup/wrapup/generator/model"
)

// timeRE matches every time and date form of docs/authoring.md, "Times, dates
// and time zones": a date, a date and a time of day separated by T or a space
// (seconds and fractions optional), and an optional RFC 3339 offset. Go's RFC
// 3339 layout is not used because it would reject the local forms and report
// errors in terms of layouts, not of what to write.
var timeRE = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(\.[0-9]{1,9})?)?(Z|z|[+-][0-9]{2}:[0-9]{2})?)?$`)

// parsedTime is a time or date read from front matter text.
type parsedTime struct {
	t      time.Time // in the site timezone
	isDate bool      // written as YYYY-MM-DD: t is the start of that day
}

// parseTime reads text as a time in loc. With allowDate a bare date is accepted
// and means the start of that day in loc. The error message says what to write.
func parseTime(text string, loc *time.Location, allowDate bool) (parsedTime, error) {
	m := timeRE.FindStringSubmatch(text)
	if m == nil {
		return parsedTime{}, fmt.Errorf("cannot read %q as a %s: write %s", text, timeNoun(allowDate), timeExamples(allowDate, loc))
	}
	num := func(s string) int { n, _ := strconv.Atoi(s); return n }
	y, mo, d := num(m[1]), num(m[2]), num(m[3])
	if !realDate(y, mo, d) {
		return parsedTime{}, fmt.Errorf("%q is not a real date: check the month and the day", text)
	}
	if m[4] == "" {
		if !allowDate {
			return parsedTime{}, fmt.Errorf("%q is a date without a time of day: write e.g. %s 22:00 (in %s) or an RFC 3339 time", text, m[1]+"-"+m[2]+"-"+m[3], loc)
		}
		return parsedTime{t: model.Date{Year: y, Month: time.Month(mo), Day: d}.Start(loc), isDate: true}, nil
	}
	h, mi, s := num(m[4]), num(m[5]), num(m[6])
	if h > 23 || mi > 59 || s > 59 {
		return parsedTime{}, fmt.Errorf("%q is not a real time of day: hours run 00-23, minutes and seconds 00-59", text)
	}
	ns := 0
	if m[7] != "" {
		frac := (m[7][1:] + "000000000")[:9]
		ns = num(frac)
	}
	if zone := m[8]; zone != "" {
		off := 0
		if zone != "Z" && zone != "z" {
			oh, om := num(zone[1:3]), num(zone[4:6])
			if oh > 23 || om > 59 {
				return parsedTime{}, fmt.Errorf("%q has an offset that does not exist: offsets run from -23:59 to +23:59", text)
			}
			off = (oh*60 + om) * 60
			if zone[0] == '-' {
				off = -off
			}
		}
		t := time.Date(y, time.Month(mo), d, h, mi, s, ns, time.FixedZone("", off))
		return parsedTime{t: t.In(loc)}, nil
	}
	t, ok := resolveLocal(y, time.Month(mo), d, h, mi, s, ns, loc)
	if !ok {
		return parsedTime{}, fmt.Errorf("%q does not exist in %s: the clocks skip that hour when they go forward; write the time with an explicit offset, e.g. %s",
			text, loc, gapExamples(y, time.Month(mo), d, h, mi, s, loc))
	}
	return parsedTime{t: t}, nil
}

func timeNoun(allowDate bool) string {
	if allowDate {
		return "date or time"
	}
	return "time"
}

func timeExamples(allowDate bool, loc *time.Location) string {
	ex := fmt.Sprintf("2013-01-19 22:00 (in the site timezone, %s) or 2013-01-19T22:00:00-06:00", loc)
	if allowDate {
		return "a date such as 2013-01-17, or a time such as " + ex
	}
	return "a time such as " + ex
}

func realDate(y, mo, d int) bool {
	if mo < 1 || mo > 12 || d < 1 {
		return false
	}
	t := time.Date(y, time.Month(mo), d, 12, 0, 0, 0, time.UTC)
	return t.Day() == d && int(t.Month()) == mo
}

// zoneOffsets returns the UTC offsets loc uses within two days of the wall
// clock time naive (read as UTC): a local time can only mean one of them.
func zoneOffsets(naive time.Time, loc *time.Location) []int {
	seen := map[int]bool{}
	var offs []int
	for h := -48; h <= 48; h += 6 {
		_, off := naive.Add(time.Duration(h) * time.Hour).In(loc).Zone()
		if !seen[off] {
			seen[off] = true
			offs = append(offs, off)
		}
	}
	sort.Ints(offs)
	return offs
}

// resolveLocal returns the instant a wall clock time names in loc. When the
// time occurs twice (clocks go back) it is the earlier instant
// (docs/authoring.md, "Times, dates and time zones"); when it does not occur at
// all (clocks go forward), ok is false. time.Date is not used alone because it
// picks either instant in an overlap and silently moves a time in a gap.
func resolveLocal(y int, mo time.Month, d, h, mi, s, ns int, loc *time.Location) (time.Time, bool) {
	naive := time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	var best time.Time
	found := false
	for _, off := range zoneOffsets(naive, loc) {
		cand := naive.Add(-time.Duration(off) * time.Second).In(loc)
		cy, cmo, cd := cand.Date()
		ch, cmi, cs := cand.Clock()
		if cy != y || cmo != mo || cd != d || ch != h || cmi != mi || cs != s {
			continue
		}
		if !found || cand.Before(best) {
			best, found = cand, true
		}
	}
	return best, found
}

// gapExamples writes the skipped wall clock time with each offset in use
// around it, so the author can pick the one meant.
func gapExamples(y int, mo time.Month, d, h, mi, s int, loc *time.Location) string {
	naive := time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	var ex []string
	for _, off := range zoneOffsets(naive, loc) {
		ex = append(ex, naive.Format("2006-01-02T15:04:05")+formatOffset(off))
	}
	return strings.Join(ex, " or ")
}

func formatOffset(off int) string {
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("%c%02d:%02d", sign, off/3600, off%3600/60)
}

// nameRE is the pattern of handles, tags and systems after folding.
var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// listKind says what a list key holds, which decides the sigil dropped.
type listKind struct {
	noun  string // "handle", "tag", "system"
	sigil string // "@" for handles, "#" for tags, "" for systems
}

var (
	handleKind = listKind{noun: "handle", sigil: "@"}
	tagKind    = listKind{noun: "tag", sigil: "#"}
	systemKind = listKind{noun: "system", sigil: ""}
)

// entry is one name of a list key, with its file position.
type entry struct {
	name      string
	line, col int
}

// normName folds a handle, tag or system to its canonical form and says whether
// it is valid. A leading sigil is dropped (docs/authoring.md, "Front matter").
func normName(raw string, kind listKind) (string, bool) {
	s := unquote(strings.TrimSpace(raw))
	if kind.sigil != "" {
		s = strings.TrimPrefix(s, kind.sigil)
	}
	s = strings.ToLower(s)
	return s, nameRE.MatchString(s)
}

// unquote drops one pair of matching quotes around s. A comma-separated
// string may quote its parts (attendees: tom, "@jane"), which YAML leaves in.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// badName explains why raw is not a valid handle, tag or system name.
func badName(key, raw string, kind listKind) string {
	raw = strings.TrimSpace(raw)
	hint := ""
	switch {
	case strings.ContainsAny(raw, " \t"):
		hint = fmt.Sprintf("; separate %ss with commas or write a YAML list", kind.noun)
	case kind.sigil != "@" && strings.HasPrefix(raw, "@"), kind.sigil != "#" && strings.HasPrefix(raw, "#"):
		hint = "; drop the leading " + raw[:1]
	}
	return fmt.Sprintf("%s: %q is not a valid %s: use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit (e.g. %s)%s",
		key, raw, kind.noun, exampleName(kind), hint)
}

func exampleName(kind listKind) string {
	switch kind {
	case tagKind:
		return "communication"
	case systemKind:
		return "postgresql"
	}
	return "tom"
}

// splitCommas splits s at commas and returns each trimmed non-empty part with
// the rune offset where it starts in s.
func splitCommas(s string) (parts []string, offsets []int) {
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != ',' {
			continue
		}
		part := s[start:i]
		trimmed := strings.TrimLeft(part, " \t\n")
		lead := len(part) - len(trimmed)
		trimmed = strings.TrimRight(trimmed, " \t\n")
		if trimmed != "" {
			parts = append(parts, trimmed)
			offsets = append(offsets, utf8.RuneCountInString(s[:start+lead]))
		}
		start = i + 1
	}
	return parts, offsets
}

// readList reads a list key: a YAML list, or a comma-separated string
// (docs/authoring.md, "Front matter"). Each name is folded and validated;
// problems are reported and skipped.
func (d *yamlDoc) readList(f field, kind listKind) []entry {
	var out []entry
	var items []ast.Node
	switch v := unwrap(f.value).(type) {
	case *ast.SequenceNode:
		items = v.Values
	default:
		items = []ast.Node{v}
	}
	for _, it := range items {
		if _, isSeq := unwrap(it).(*ast.SequenceNode); isSeq || !isScalar(it) {
			line, col := d.pos(it)
			d.diags.Errorf(d.path, line, col, "%s: each entry must be a single %s, not %s", f.key, kind.noun, describe(it))
			continue
		}
		if isNull(it) {
			if line, col, ok := d.commentNull(it); ok {
				d.diags.Errorf(d.path, line, col, "%s: '#' starts a YAML comment, so this entry is empty: quote it (\"#%s\") or drop the #", f.key, exampleName(kind))
			}
			continue
		}
		text, _ := scalarText(it)
		line, col := d.pos(it)
		inlineCol := d.valueTextCol(it, text)
		parts, offsets := splitCommas(text)
		for i, p := range parts {
			pcol := col
			if inlineCol > 0 {
				pcol = inlineCol + offsets[i]
			}
			name, ok := normName(p, kind)
			if !ok {
				d.diags.Errorf(d.path, line, pcol, "%s", badName(f.key, p, kind))
				continue
			}
			// Interned: the same handles, systems and tags fill every
			// window of an archive, and the model keeps them to the end.
			out = append(out, entry{name: unique.Make(name).Value(), line: line, col: pcol})
		}
	}
	return out
}

// isScalar reports whether n is a single value (or null), not a list or mapping.
func isScalar(n ast.Node) bool {
	_, ok := scalarText(n)
	return ok
}

// valueTextCol returns the column where the scalar's text starts on its line
// (after an opening quote), or 0 when the source does not hold the text as is
// (escapes, folded lines), in which case callers use the node's column.
func (d *yamlDoc) valueTextCol(n ast.Node, text string) int {
	tk := unwrap(n).GetToken()
	if tk == nil || tk.Position == nil || tk.Position.Line < 1 || tk.Position.Line > len(d.lines) {
		return 0
	}
	_, col := d.pos(n)
	line := d.lines[tk.Position.Line-1]
	i := col - 1
	if i < len(line) && (line[i] == '"' || line[i] == '\'') {
		i++
	}
	t := []rune(text)
	if i+len(t) > len(line) || string(line[i:i+len(t)]) != text {
		return 0
	}
	return i + 1
}
