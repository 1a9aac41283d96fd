package trends

import (
	"slices"
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// wrapupWords are words nearly every wrap-up uses: sharing them says nothing.
var wrapupWords = map[string]bool{"window": true, "windows": true, "went": true, "minute": true, "minutes": true,
	"hour": true, "hours": true, "time": true, "still": true, "got": true, "get": true, "ran": true, "run": true}

// words splits plain text into lower-case words of three letters or more,
// leaving out English stop words.
func words(text string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(f)) < 3 || english.IsStopWord(f) || wrapupWords[f] {
			continue
		}
		out = append(out, f)
	}
	return out
}

func stem(word string) string { return english.Stem(word, false) }

// sortedStems is the set of stems of a text, sorted: two wordings with the
// same stems ("Run the checks" and "running checks") give the same list.
func sortedStems(text string) []string {
	var out []string
	for _, w := range words(text) {
		out = append(out, stem(w))
	}
	slices.Sort(out)
	return slices.Compact(out)
}
