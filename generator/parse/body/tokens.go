package body

import "strings"

// tokKind is the kind of a data token found in an item's text
// (docs/authoring.md, "Markers inside list items").
type tokKind int

const (
	tokHandle   tokKind = iota + 1 // @handle
	tokTag                         // #tag
	tokBracket                     // [word]: a status in tasks and steps
	tokKey                         // key:value with key planned, actual, due or done
	tokKeyEmpty                    // a key and its colon with no value ("planned: 45m"): never a token, flagged where the key belongs
)

// Keys of key:value tokens.
const (
	keyPlanned = "planned"
	keyActual  = "actual"
	keyDue     = "due"
	keyDone    = "done"
)

var tokenKeys = []string{keyPlanned, keyActual, keyDue, keyDone}

// barrier stands in the scanned text for a piece that is not plain text (code
// span, link, image, autolink, raw HTML...). It is neither white space nor part of
// any token pattern, so no token starts right after it or runs into it.
const barrier = '\x00'

// token is a data token found by scanTokens.
type token struct {
	kind       tokKind
	start, end int    // byte range in the scanned text (sigil, brackets and key included)
	key        string // tokKey, tokKeyEmpty: the key, lower case
	value      string // handle, tag, bracket word: folded to lower case; key value: as written
}

// raw returns the token as written.
func (t token) raw(s string) string { return s[t.start:t.end] }

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// startsAfter reports whether a token may start right after c
// (docs/authoring.md, "Markers inside list items", Where a marker starts and
// stops).
func startsAfter(c byte) bool {
	switch c {
	case '(', '[', '{', '"', '\'':
		return true
	}
	return isSpace(c)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool  { return isLetter(c) || isDigit(c) }

// isNameChar reports whether c may follow the first character of a handle or tag.
func isNameChar(c byte) bool { return isAlnum(c) || c == '.' || c == '_' || c == '-' }

// isValueChar reports whether c may be part of a key:value token's value. The
// value runs wider than the valid forms so that a bad value is reported whole.
func isValueChar(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '-' || c == '/' || c == ':' || c == '+'
}

// trimEnd shortens the run s[from:to] so that it does not end in '.', '-', '_'
// (or ':' for values).
func trimEnd(s string, from, to int, colon bool) int {
	for to > from {
		c := s[to-1]
		if c == '.' || c == '-' || c == '_' || colon && c == ':' {
			to--
			continue
		}
		break
	}
	return to
}

// scanTokens finds the data tokens of s, the text of an item's first paragraph
// with every non-text piece replaced by barrier. A token starts at the start of
// s or after white space or one of ( [ { " ' and runs as far as its pattern
// allows, never ending in '.', '-' or '_' (docs/authoring.md, "Markers inside
// list items"). Bracketed words are returned whatever the word; the caller
// decides which are statuses.
func scanTokens(s string) []token {
	var toks []token
	for i := 0; i < len(s); i++ {
		if i > 0 && !startsAfter(s[i-1]) {
			continue
		}
		t, ok := tokenAt(s, i)
		if !ok {
			continue
		}
		toks = append(toks, t)
		if t.end > i+1 {
			i = t.end - 1
		}
	}
	return toks
}

// tokenAt reads the token that starts at s[i], if any.
func tokenAt(s string, i int) (token, bool) {
	c := s[i]
	switch {
	case c == '@' || c == '#':
		j := i + 1
		if j >= len(s) || !isAlnum(s[j]) || c == '#' && !isLetter(s[j]) {
			return token{}, false
		}
		for j < len(s) && isNameChar(s[j]) {
			j++
		}
		j = trimEnd(s, i+1, j, false)
		kind := tokHandle
		if c == '#' {
			kind = tokTag
		}
		return token{kind: kind, start: i, end: j, value: strings.ToLower(s[i+1 : j])}, true
	case c == '[':
		j := i + 1
		if j >= len(s) || !isLetter(s[j]) {
			return token{}, false
		}
		for j < len(s) && (isAlnum(s[j]) || s[j] == '-' || s[j] == '_') {
			j++
		}
		if j < len(s) && s[j] == ' ' {
			return spacedStatus(s, i)
		}
		if j >= len(s) || s[j] != ']' {
			return token{}, false
		}
		return token{kind: tokBracket, start: i, end: j + 1, value: strings.ToLower(s[i+1 : j])}, true
	case isLetter(c):
		for _, k := range tokenKeys {
			n := len(k)
			if i+n >= len(s) || s[i+n] != ':' || !strings.EqualFold(s[i:i+n], k) {
				continue
			}
			v := i + n + 1
			j := v
			for j < len(s) && isValueChar(s[j]) {
				j++
			}
			j = trimEnd(s, v, j, true)
			if j == v {
				// "planned: 45m": report it only when a value seems to follow.
				k2 := v
				for k2 < len(s) && (s[k2] == ' ' || s[k2] == '\t') {
					k2++
				}
				if k2 > v && k2 < len(s) && isDigit(s[k2]) {
					return token{kind: tokKeyEmpty, start: i, end: v, key: k}, true
				}
				return token{}, false
			}
			return token{kind: tokKey, start: i, end: j, key: k, value: s[v:j]}, true
		}
	}
	return token{}, false
}

// spacedStatus reads a bracket of words written with spaces at s[i] ("[rolled
// back]", "[Rolled  Back]"). It is a token only when its words joined by
// dashes are a status or close to one, so that the task gets a did-you-mean
// instead of "has no status"; any other bracketed phrase is text. The value
// keeps the words with single spaces.
func spacedStatus(s string, i int) (token, bool) {
	end := strings.IndexByte(s[i:], ']')
	if end < 0 {
		return token{}, false
	}
	inner := s[i+1 : i+end]
	for k := 0; k < len(inner); k++ {
		if c := inner[k]; !isAlnum(c) && c != '-' && c != '_' && c != ' ' {
			return token{}, false
		}
	}
	words := strings.Fields(strings.ToLower(inner))
	if len(words) < 2 || len(words) > 3 {
		return token{}, false
	}
	if joined := strings.Join(words, "-"); !isStatus(joined) && statusSuggestion(joined) == "" {
		return token{}, false
	}
	return token{kind: tokBracket, start: i, end: i + end + 1, value: strings.Join(words, " ")}, true
}
