package body

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

func TestLiteralTrie(t *testing.T) {
	cases := []struct {
		pattern string
		fold    bool
		want    string
	}{
		{`(ABORT|ABS|ADD|ALL|AND)\b`, true, `(A(?:B(?:ORT|S)|DD|LL|ND))\b`},
		{`\b(select|set|sum|from)\b`, true, `\b((?:FROM|S(?:E(?:LECT|T)|UM)))\b`},
		// Without case folding the words keep their case.
		{`(Abc|abd|Abe|x)\b`, false, `((?:Ab(?:c|e)|abd|x))\b`},
		// The longer of two words one of which starts the other comes first.
		{`(CHARACTER|CHAR|CASE|COUNT)\b`, true, `(C(?:ASE|HAR(?:ACTER|)|OUNT))\b`},
		{`(END-EXEC|END|EXEC|ELSE)\b`, true, `(E(?:LSE|ND(?:-EXEC|)|XEC))\b`},
		// Left alone: the shorter word first (the alternation would take it
		// where the trie takes the longer), characters with a meaning, too
		// few words, other shapes.
		{`(END|END-EXEC|EXEC|ELSE)\b`, true, `(END|END-EXEC|EXEC|ELSE)\b`},
		{`(end|End-exec|exec|else)\b`, true, `(end|End-exec|exec|else)\b`},
		{`(a\.b|c|d|e)\b`, false, `(a\.b|c|d|e)\b`},
		{`(a+|b|c|d)\b`, false, `(a+|b|c|d)\b`},
		{`(if|fi|do)\b`, false, `(if|fi|do)\b`},
		{`(if|fi|do|done)`, false, `(if|fi|do|done)`},
		{`(?:if|fi|do|done)\b`, false, `(?:if|fi|do|done)\b`},
		{`(if|fi||done)\b`, false, `(if|fi||done)\b`},
		{`(if|fi|do|done)\b(\s*)`, false, `(if|fi|do|done)\b(\s*)`},
	}
	for _, c := range cases {
		if got := literalTrie(c.pattern, c.fold); got != c.want {
			t.Errorf("literalTrie(%q, %v) = %q, want %q", c.pattern, c.fold, got, c.want)
		}
	}
}

// rewrittenLexers are chroma's lexers that have a keyword list literalTrie
// rewrites, each as chroma made it (timeouts lifted) and as wrapup
// registers it.
func rewrittenLexers(t testing.TB) (names []string, plain, tries []chroma.Lexer) {
	untimeLexers()
	for _, orig := range chromaLexers {
		rules, err := orig.Rules()
		if err != nil {
			continue
		}
		changed := false
		for _, rs := range rules {
			for _, r := range rs {
				if literalTrie(r.Pattern, orig.Config().CaseInsensitive) != r.Pattern {
					changed = true
				}
			}
		}
		if changed {
			names = append(names, orig.Config().Name)
			plain = append(plain, rewrapLexer(orig, false))
			tries = append(tries, rewrapLexer(orig, true))
		}
	}
	if len(names) < 10 {
		t.Fatalf("only %d of chroma's lexers have keyword lists to rewrite: %v", len(names), names)
	}
	return names, plain, tries
}

// sameTokens fails t when the two lexers tokenise text differently.
func sameTokens(t testing.TB, name string, plain, tries chroma.Lexer, text string) {
	want, err1 := chroma.Tokenise(plain, nil, text)
	got, err2 := chroma.Tokenise(tries, nil, text)
	if (err1 == nil) != (err2 == nil) {
		t.Fatalf("%s: errors differ on %q: %v / %v", name, text, err1, err2)
	}
	n := min(len(got), len(want))
	for i := range n {
		if got[i] != want[i] {
			t.Fatalf("%s: token %d of %q is %v with the trie, %v with chroma's rule", name, i, text, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d tokens with the trie, %d with chroma's rule, for %q", name, len(got), len(want), text)
	}
}

// keywordProbe is text made of words of the lexer's keyword lists, in
// their case and in lower and upper case, whole or short of their last
// letter, followed by what ends or continues a word. It stays near 3 KB
// (chroma's own rules are slow on long text: that is the point of the
// rewrite), so long lists give every few words; over the variants, the
// words taken differ.
func keywordProbe(l chroma.Lexer) string {
	rules, _ := l.(*chroma.RegexLexer).Rules()
	var words []string
	for _, rs := range rules {
		for _, r := range rs {
			p := strings.TrimPrefix(r.Pattern, `\b`)
			if strings.HasPrefix(p, "(") && strings.HasSuffix(p, `)\b`) && literalTrie(r.Pattern, true) != r.Pattern {
				words = append(words, strings.Split(p[1:len(p)-3], "|")...)
			}
		}
	}
	sort.Strings(words)
	variants := []func(string) string{
		func(w string) string { return w + " " },
		func(w string) string { return strings.ToLower(w) + "(" },
		func(w string) string { return strings.ToUpper(w) + "\n" },
		func(w string) string { return w + "_x " },
		func(w string) string { return w + "-x " },
		func(w string) string { return w[:len(w)-1] + " " },
		func(w string) string { return w + "1." },
		func(w string) string { return w + "$x " },
	}
	const budget = 3000
	var b strings.Builder
	for i := 0; b.Len() < budget && i < len(words)*len(variants); i++ {
		// The i-th piece: a word taken with a stride that visits all
		// of them over the variants.
		w := words[(i*7919)%len(words)]
		b.WriteString(variants[i%len(variants)](w))
	}
	return b.String()
}

// TestKeywordTriesTokeniseAsChroma: every lexer whose keyword lists are
// rewritten gives the same tokens as chroma's own rules, on chroma's sample
// file for the language (its first 4 KB) and on every keyword in every case, alone and
// followed by what may end or continue it.
func TestKeywordTriesTokeniseAsChroma(t *testing.T) {
	names, plain, tries := rewrittenLexers(t)
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/alecthomas/chroma/v2").Output()
	if err != nil {
		t.Fatalf("finding chroma's module folder (its sample files): %v", err)
	}
	samples := filepath.Join(strings.TrimSpace(string(out)), "lexers", "testdata")
	files, _ := filepath.Glob(filepath.Join(samples, "*.actual"))
	if len(files) == 0 {
		t.Fatalf("no sample files in %s", samples)
	}
	byName := map[string]string{} // lexer name -> sample text
	for _, f := range files {
		l := lexers.Get(strings.TrimSuffix(filepath.Base(f), ".actual"))
		if l == nil {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// The first 4 KB, to a line's end: chroma's own rules are slow.
		if len(data) > 4096 {
			if i := strings.LastIndexByte(string(data[:4096]), '\n'); i > 0 {
				data = data[:i+1]
			}
		}
		byName[l.Config().Name] = string(data)
	}
	sampled := 0
	for i, name := range names {
		if text, ok := byName[name]; ok {
			sameTokens(t, name, plain[i], tries[i], text)
			sampled++
		}
		sameTokens(t, name, plain[i], tries[i], keywordProbe(plain[i]))
	}
	t.Logf("%d lexers rewritten, %d checked on chroma's samples too: %s", len(names), sampled, strings.Join(names, ", "))
	if sampled < len(names)/2 {
		t.Errorf("only %d of %d rewritten lexers have a sample file", sampled, len(names))
	}
}

// FuzzKeywordTries: on any text, a rewritten lexer tokenises as chroma's.
func FuzzKeywordTries(f *testing.F) {
	names, plain, tries := rewrittenLexers(f)
	f.Add(uint8(0), "SELECT relname FROM pg_stat_user_tables WHERE x LIKE 'a%' LIMIT 3;")
	f.Add(uint8(1), "if [ -f x ]; then echo done; fi")
	f.Add(uint8(2), "END-EXEC end_exec character varying CHARACTER_SET_NAME")
	f.Add(uint8(3), "def f(x):\n    return None if x else True\n")
	f.Fuzz(func(t *testing.T, which uint8, text string) {
		i := int(which) % len(names)
		sameTokens(t, names[i], plain[i], tries[i], text)
	})
}
