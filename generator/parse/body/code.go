package body

import (
	"bytes"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// codeRenderer renders fenced code blocks as goldmark-highlighting does with
// the options of NewMarkdown, with the same bytes, but cheaper:
//
//   - one chroma formatter for every block. goldmark-highlighting makes a
//     formatter per block, and each new formatter works out the style's CSS
//     table again (a fifth of the time of highlighting a block).
//   - a bounded memo of highlighted blocks: the same language and code always
//     highlight to the same HTML, and real archives repeat their runbooks'
//     snippets. The converter is shared by the build's parse workers, so
//     they share the memo.
//
// Blocks with attributes ({linenos=true}...) and blocks of a language chroma
// does not know go to goldmark-highlighting itself.
type codeRenderer struct {
	fallback  renderer.NodeRendererFunc // goldmark-highlighting's
	formatter *chromahtml.Formatter
	style     *chroma.Style
	memo      *codeMemo
}

// codeOptions are the options of goldmark-highlighting in NewMarkdown.
func codeOptions() []highlighting.Option {
	return []highlighting.Option{
		highlighting.WithStyle(LightStyle),
		highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
		highlighting.WithWrapperRenderer(codeWrapper),
	}
}

func newCodeRenderer() *codeRenderer {
	r := &codeRenderer{
		formatter: chromahtml.New(chromahtml.WithClasses(true)),
		style:     styles.Get(LightStyle),
		memo:      &codeMemo{budget: codeMemoBudget, blocks: map[string]string{}},
	}
	if r.style == nil {
		r.style = styles.Fallback
	}
	highlighting.NewHTMLRenderer(codeOptions()...).RegisterFuncs(funcOf{ast.KindFencedCodeBlock, &r.fallback})
	return r
}

// funcOf takes the render function a node renderer registers for a kind.
type funcOf struct {
	kind ast.NodeKind
	f    *renderer.NodeRendererFunc
}

func (c funcOf) Register(k ast.NodeKind, f renderer.NodeRendererFunc) {
	if k == c.kind {
		*c.f = f
	}
}

func (r *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
}

func (r *codeRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.FencedCodeBlock)
	if !entering {
		return ast.WalkContinue, nil
	}
	if n.Attributes() != nil || n.Info != nil && bytes.IndexByte(n.Info.Segment.Value(source), '{') >= 0 {
		return r.fallback(w, source, node, entering)
	}
	language := n.Language(source)
	if language == nil {
		return r.fallback(w, source, node, entering)
	}
	var code bytes.Buffer
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		line := lines.At(i)
		code.Write(line.Value(source))
	}
	key := make([]byte, 0, len(language)+1+code.Len())
	key = append(append(append(key, language...), 0), code.Bytes()...)
	if html, ok := r.memo.get(key); ok {
		_, _ = w.WriteString(html)
		return ast.WalkContinue, nil
	}
	lexer := lexers.Get(string(language))
	if lexer == nil {
		return r.fallback(w, source, node, entering)
	}
	iterator, err := chroma.Coalesce(lexer).Tokenise(nil, code.String())
	if err != nil {
		return r.fallback(w, source, node, entering)
	}
	var out bytes.Buffer
	openCode(&out, language, true)
	_ = r.formatter.Format(&out, r.style, iterator)
	closeCode(&out, true)
	r.memo.put(key, out.String())
	_, _ = w.Write(out.Bytes())
	return ast.WalkContinue, nil
}

// codeMemoBudget bounds the bytes of code and HTML the memo holds.
const codeMemoBudget = 2 << 20

// codeMemo maps a block's language and code to its HTML. When it reaches
// its budget it starts again empty: a block repeated across an archive is
// met again soon enough to be kept.
type codeMemo struct {
	mu     sync.Mutex
	budget int
	size   int
	blocks map[string]string
}

func (m *codeMemo) get(key []byte) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	html, ok := m.blocks[string(key)]
	return html, ok
}

func (m *codeMemo) put(key []byte, html string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := len(key) + len(html)
	if n > m.budget/16 {
		return
	}
	if m.size+n > m.budget {
		clear(m.blocks)
		m.size = 0
	}
	m.blocks[string(key)] = html
	m.size += n
}
