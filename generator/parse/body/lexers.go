package body

import (
	"sync"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/dlclark/regexp2/v2"
)

// chroma gives every lexer rule a 250 ms match timeout, measured by the wall
// clock. On a loaded machine (two cores, a parallel build, the race detector)
// a match can be descheduled past it; the rule then silently fails and the
// same code block is highlighted differently ("BY" as a name instead of a
// keyword). Builds must give the same bytes for the same files, so wrapup
// re-registers every regex lexer with a one-shot mutator that lifts the
// timeout after chroma compiles the rules. The rules themselves are unchanged.
var untimeLexersOnce sync.Once

func untimeLexers() {
	untimeLexersOnce.Do(func() {
		for _, l := range lexers.GlobalLexerRegistry.Lexers {
			orig, ok := l.(*chroma.RegexLexer)
			if !ok {
				continue
			}
			wrapped := chroma.MustNewLexer(orig.Config(), func() chroma.Rules {
				rules, err := orig.Rules()
				if err != nil {
					// Keep chroma's own error path: the lexer fails to compile
					// and the block is shown without highlighting.
					return chroma.Rules{"root": {{Pattern: `(?!)`, Type: chroma.Error}}}
				}
				out := chroma.Rules{}
				for state, rs := range rules {
					out[state] = append([]chroma.Rule(nil), rs...)
				}
				// A rule that never matches, whose mutator runs once at
				// compile time and removes itself.
				out["root"] = append([]chroma.Rule{{Pattern: `(?!)`, Type: chroma.Text, Mutator: &untimeMutator{}}}, out["root"]...)
				return out
			})
			wrapped.SetAnalyser(orig.AnalyseText)
			lexers.GlobalLexerRegistry.Register(wrapped)
		}
	})
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
