package body

import (
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/dlclark/regexp2/v2"
)

// wrapup re-registers every regex lexer of chroma's registry, with the same
// rules, for two reasons:
//
//   - chroma gives every lexer rule a 250 ms match timeout, measured by the
//     wall clock. On a loaded machine (two cores, a parallel build, the race
//     detector) a match can be descheduled past it; the rule then silently
//     fails and the same code block is highlighted differently ("BY" as a
//     name instead of a keyword). Builds must give the same bytes for the
//     same files, so a one-shot mutator lifts the timeout after chroma
//     compiles the rules.
//   - a rule that is a long list of keywords, "(ABORT|ABS|...)\b" (SQL's has
//     hundreds), is tried by regexp2 one word after another at every token,
//     which made most of the time of highlighting SQL. Such a list is
//     rewritten as the same words sharing their prefixes (literalTrie), which
//     matches the same text at every position.
var (
	untimeLexersOnce sync.Once
	// chromaLexers are the lexers chroma registered, as they were: the
	// tests compare the rewritten ones with them.
	chromaLexers []*chroma.RegexLexer
)

func untimeLexers() {
	untimeLexersOnce.Do(func() {
		for _, l := range lexers.GlobalLexerRegistry.Lexers {
			orig, ok := l.(*chroma.RegexLexer)
			if !ok {
				continue
			}
			chromaLexers = append(chromaLexers, orig)
			wrapped := rewrapLexer(orig, true)
			wrapped.SetAnalyser(orig.AnalyseText)
			lexers.GlobalLexerRegistry.Register(wrapped)
		}
	})
}

// rewrapLexer is a lexer with orig's rules, without match timeouts, and with
// its keyword lists as tries when tries is set.
func rewrapLexer(orig *chroma.RegexLexer, tries bool) *chroma.RegexLexer {
	l := chroma.MustNewLexer(orig.Config(), func() chroma.Rules {
		rules, err := orig.Rules()
		if err != nil {
			// Keep chroma's own error path: the lexer fails to compile
			// and the block is shown without highlighting.
			return chroma.Rules{"root": {{Pattern: `(?!)`, Type: chroma.Error}}}
		}
		out := chroma.Rules{}
		for state, rs := range rules {
			out[state] = append([]chroma.Rule(nil), rs...)
			if tries {
				for i := range out[state] {
					out[state][i].Pattern = literalTrie(out[state][i].Pattern, orig.Config().CaseInsensitive)
				}
			}
		}
		// A rule that never matches, whose mutator runs once at
		// compile time and removes itself.
		out["root"] = append([]chroma.Rule{{Pattern: `(?!)`, Type: chroma.Text, Mutator: &untimeMutator{}}}, out["root"]...)
		return out
	})
	l.SetRegistry(lexers.GlobalLexerRegistry)
	return l
}

// untimeMutator lifts the match timeout of every compiled rule of a lexer.
type untimeMutator struct{}

func (*untimeMutator) Mutate(*chroma.LexerState) error { return nil }

func (m *untimeMutator) MutateLexer(rules chroma.CompiledRules, state string, i int) error {
	rules[state] = append(rules[state][:i:i], rules[state][i+1:]...)
	for _, rs := range rules {
		for _, r := range rs {
			if r.Regexp != nil {
				r.Regexp.MatchTimeout = regexp2.DefaultMatchTimeout
			}
		}
	}
	return nil
}
