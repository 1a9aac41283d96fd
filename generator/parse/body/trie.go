package body

import (
	"sort"
	"strings"
)

// literalTrie rewrites a chroma rule of the form "(w1|w2|...)\b" or
// "\b(w1|w2|...)\b", a list of literal words, as the same words sharing
// their prefixes: "(A(?:B(?:ORT|S)|DD)|...)\b". regexp2 tries the words of
// an alternation one after another at every position, so a lexer with a
// few hundred keywords (SQL) spent most of its time there; in the trie a
// position that starts with "p" only tries the words that start with "p".
//
// The rewritten rule matches the same text at every position, with the same
// capture group. Both forms match a word that the text starts with and that
// ends at a word boundary; the words that do so at one position all start
// the text, so each is a prefix of the next. The alternation takes the
// first of them in the list, the trie the longest (it tries a longer word
// before a word ending where it stands). So the rewrite is made only when,
// of two words one of which starts the other, the longer comes first in the
// list (chroma.Words sorts them so, and the lexers' lists are written so).
// Other patterns, words with characters other than letters, digits, '_',
// '-' and ' ', and lists breaking that order are returned unchanged.
//
// fold is the lexer's case_insensitive: the words are then compared (and
// written) in upper case, which matches the same text under (?i).
func literalTrie(pattern string, fold bool) string {
	prefix, body := "", pattern
	if strings.HasPrefix(body, `\b(`) {
		prefix, body = `\b`, body[2:]
	}
	if !strings.HasPrefix(body, "(") || !strings.HasSuffix(body, `)\b`) {
		return pattern
	}
	words := strings.Split(body[1:len(body)-3], "|")
	if len(words) < 4 {
		return pattern
	}
	order := make(map[string]int, len(words)) // a word's first place in the list
	for i, w := range words {
		if w == "" || !literalWord(w) {
			return pattern
		}
		if fold {
			w = strings.ToUpper(w)
		}
		if _, seen := order[w]; !seen {
			order[w] = i
		}
		words[i] = w
	}
	distinct := make([]string, 0, len(order))
	for w := range order {
		distinct = append(distinct, w)
	}
	sort.Strings(distinct)
	// In sorted order the words a word starts follow it directly.
	for i, short := range distinct {
		for _, long := range distinct[i+1:] {
			if !strings.HasPrefix(long, short) {
				break
			}
			if order[long] > order[short] {
				return pattern
			}
		}
	}
	var b strings.Builder
	b.Grow(len(pattern))
	b.WriteString(prefix)
	b.WriteByte('(')
	writeTrie(&b, distinct)
	b.WriteString(`)\b`)
	return b.String()
}

// literalWord reports whether w holds only characters that stand for
// themselves in a pattern, outside and inside (?i) alike: ASCII letters,
// digits, '_', '-' and ' '.
func literalWord(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == ' ') {
			return false
		}
	}
	return true
}

// writeTrie writes the sorted, distinct words (one may be "") as one
// alternation: the words sharing a first letter are grouped behind their
// common prefix, and a word that ends where longer ones go on comes last,
// as the empty alternative.
func writeTrie(b *strings.Builder, words []string) {
	ends := len(words) > 0 && words[0] == ""
	if ends {
		words = words[1:]
	}
	branches := 0
	for i := 0; i < len(words); {
		j := i + 1
		for j < len(words) && words[j][0] == words[i][0] {
			j++
		}
		branches++
		i = j
	}
	if ends {
		branches++
	}
	if branches > 1 {
		b.WriteString("(?:")
	}
	first := true
	for i := 0; i < len(words); {
		j := i + 1
		for j < len(words) && words[j][0] == words[i][0] {
			j++
		}
		if !first {
			b.WriteByte('|')
		}
		first = false
		group := words[i:j]
		common := group[0]
		for _, w := range group[1:] {
			for !strings.HasPrefix(w, common) {
				common = common[:len(common)-1]
			}
		}
		b.WriteString(common)
		if len(group) > 1 {
			rest := make([]string, len(group))
			for k, w := range group {
				rest[k] = w[len(common):]
			}
			writeTrie(b, rest)
		}
		i = j
	}
	if ends {
		b.WriteByte('|')
	}
	if branches > 1 {
		b.WriteByte(')')
	}
}
