package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/rivo/uniseg"
	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Token is one word of a text as the index sees it.
type Token struct {
	Form string // the folded word: lower case, no diacritics ("réseau" -> "reseau")
	Term string // what is indexed: the English stem of Form, or Form itself
	Pos  int    // position among the words of the text, from 0; stop words count
	Stop bool   // an English stop word: counted for positions, not indexed
}

// folder lowers case and strips diacritics: decompose, drop the combining
// marks, recompose. The client does the same with String.normalize("NFD"),
// a \p{M} filter and toLowerCase, so a query folds as the text did.
var folder = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// caser folds case the Unicode way ("ß" -> "ss", "Σ" -> "σ").
var caser = cases.Fold()

// Fold returns s lower-cased and without diacritics.
func Fold(s string) string {
	if isPlainASCII(s) {
		return strings.ToLower(s)
	}
	out, _, err := transform.String(folder, s)
	if err != nil {
		out = s
	}
	return caser.String(out)
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Tokenize splits text into words by Unicode word boundaries (UAX #29, as
// Intl.Segmenter does in the browser), folds them, and stems English words.
// Runs of punctuation and space are not words. Ideographs come out one per
// word, which is how UAX #29 splits them and good enough to find them.
func Tokenize(text string) []Token {
	return (&tokenizer{}).tokens(text, nil)
}

// tokenizer tokenizes many texts, remembering what each distinct word
// became: an archive repeats its words, and folding and stemming them again
// was most of the cost of indexing it.
type tokenizer struct {
	words map[string]wordInfo // segment as written -> its folded form and term
}

// wordInfo is what a segment of text is as a token; word is false for runs
// of punctuation and space.
type wordInfo struct {
	form, term string
	word, stop bool
}

// tokens appends the tokens of text to toks.
func (tz *tokenizer) tokens(text string, toks []Token) []Token {
	state := -1
	rest := text
	pos := 0
	ascii := isPlainASCII(text)
	for len(rest) > 0 {
		var seg string
		if ascii {
			seg, rest = firstASCIIWord(rest)
		} else {
			seg, rest, state = uniseg.FirstWordInString(rest, state)
		}
		info, ok := tz.words[seg]
		if !ok {
			info = classify(seg)
			if tz.words == nil {
				tz.words = map[string]wordInfo{}
			}
			tz.words[seg] = info
		}
		if !info.word {
			continue
		}
		toks = append(toks, Token{Form: info.form, Term: info.term, Pos: pos, Stop: info.stop})
		pos++
	}
	return toks
}

// classify folds and stems one segment.
func classify(seg string) wordInfo {
	if !isWordLike(seg) {
		return wordInfo{}
	}
	form := Fold(seg)
	// Apostrophes inside words ("didn't", "team’s") are folded to one
	// spelling so both quotes find each other.
	form = strings.ReplaceAll(form, "’", "'")
	info := wordInfo{form: form, term: form, word: true}
	if english.IsStopWord(form) {
		info.stop = true
	} else if stemmable(form) {
		info.term = english.Stem(form, false)
	}
	return info
}

// isWordLike reports whether a segment holds a letter or a digit.
func isWordLike(seg string) bool {
	for _, r := range seg {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// stemmable reports whether the English stemmer should see form: words of
// ASCII letters (and inner apostrophes) only. Identifiers like pg_upgrade or
// host-05 and words of other scripts are indexed as written.
func stemmable(form string) bool {
	if len(form) < 3 {
		return false
	}
	for i := 0; i < len(form); i++ {
		c := form[i]
		if (c < 'a' || c > 'z') && c != '\'' {
			return false
		}
	}
	return true
}

// Word break classes of ASCII characters (UAX #29, table 3).
const (
	wbOther = iota
	wbLetter
	wbDigit
	wbExtendNumLet // _
	wbMidLetter    // :
	wbMidNumLetQ   // . and the apostrophe
	wbMidNum       // , and ;
	wbSpace
	wbCR
	wbLF
	wbNewline // vertical tab, form feed
)

func wordBreakClass(c byte) int {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		return wbLetter
	case '0' <= c && c <= '9':
		return wbDigit
	}
	switch c {
	case '_':
		return wbExtendNumLet
	case ':':
		return wbMidLetter
	case '.', '\'':
		return wbMidNumLetQ
	case ',', ';':
		return wbMidNum
	case ' ':
		return wbSpace
	case '\r':
		return wbCR
	case '\n':
		return wbLF
	case '\v', '\f':
		return wbNewline
	}
	return wbOther
}

// firstASCIIWord is uniseg.FirstWordInString for text of ASCII characters
// only, where few of the rules of UAX #29 apply: most of an archive's text
// is ASCII, and the general segmenter was most of the time of tokenizing it
// (FuzzASCIIWords compares the two).
func firstASCIIWord(s string) (seg, rest string) {
	c := wordBreakClass(s[0])
	j := 1
	switch c {
	case wbCR:
		if len(s) > 1 && s[1] == '\n' { // WB3
			j = 2
		}
	case wbSpace: // WB3d
		for j < len(s) && s[j] == ' ' {
			j++
		}
	case wbLetter, wbDigit, wbExtendNumLet:
		prev := c
		for j < len(s) {
			cur := wordBreakClass(s[j])
			switch {
			case cur == wbLetter || cur == wbDigit || cur == wbExtendNumLet:
				// WB5, WB8, WB9, WB10, WB13a, WB13b.
			case j+1 < len(s) && (prev == wbLetter && (cur == wbMidLetter || cur == wbMidNumLetQ) && wordBreakClass(s[j+1]) == wbLetter ||
				prev == wbDigit && (cur == wbMidNum || cur == wbMidNumLetQ) && wordBreakClass(s[j+1]) == wbDigit):
				// WB6, WB7 (letter, mid, letter); WB11, WB12 (digit, mid, digit).
				j++
				cur = wordBreakClass(s[j])
			default:
				return s[:j], s[j:]
			}
			prev = cur
			j++
		}
	}
	return s[:j], s[j:]
}
