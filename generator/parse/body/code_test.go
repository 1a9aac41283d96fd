package body

import (
	"bytes"
	"sync"
	"testing"

	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/extension"
	gparser "github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"
)

// referenceMarkdown is NewMarkdown with goldmark-highlighting's own code
// block renderer: code.go must write the same bytes.
func referenceMarkdown() goldmark.Markdown {
	untimeLexers()
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, highlighting.NewHighlighting(codeOptions()...)),
		goldmark.WithParserOptions(
			gparser.WithAutoHeadingID(),
			gparser.WithASTTransformers(util.Prioritized(safetyTransformer{}, 100)),
		),
	)
}

var codeCases = []string{
	"```sql\nSELECT relname FROM pg_stat_user_tables\n WHERE relname LIKE 'x_1%' LIMIT 5;\n```\n",
	"```bash\nsystemctl restart nginx && echo ok\n```\n",
	"```\nno language\n```\n",
	"```nosuchlanguage\nplain <b>text</b> & more\n```\n",
	"```sql {linenos=true}\nSELECT 1;\n```\n",
	"```go {hl_lines=[2]}\npackage x\nfunc f() {}\n```\n",
	"```yaml\n```\n",
	"~~~python\ndef f():\n\treturn '<x>'\n~~~\n",
	"- item\n\n  ```sh\n  cd /srv\n    ls -l\n  ```\n",
	"> ```json\n> {\"a\": [1, 2]}\n> ```\n",
	"```Sql\nselect 1\n```\n",
	"```sql extra words\nselect 1\n```\n",
	"```c++\nint main() { return 0; }\n```\n",
	"```html\n<script>alert(1)</script>\n```\n",
}

func convert(t testing.TB, md goldmark.Markdown, src string) string {
	var out bytes.Buffer
	if err := md.Convert([]byte(src), &out); err != nil {
		t.Error(err) // not Fatal: called from goroutines too
	}
	return out.String()
}

// TestCodeBlocksAsGoldmarkHighlighting: fenced code blocks come out as
// goldmark-highlighting writes them, the first time and from the memo.
func TestCodeBlocksAsGoldmarkHighlighting(t *testing.T) {
	md, ref := NewMarkdown(), referenceMarkdown()
	for _, src := range codeCases {
		want := convert(t, ref, src)
		for i := range 2 {
			if got := convert(t, md, src); got != want {
				t.Errorf("%q (conversion %d):\n got %s\nwant %s", src, i+1, got, want)
			}
		}
	}
}

// TestCodeMemoBounded: the memo never holds more than its budget, and a
// block too large for it is not kept.
func TestCodeMemoBounded(t *testing.T) {
	m := &codeMemo{budget: 1000, blocks: map[string]string{}}
	for i := range 100 {
		m.put([]byte{byte(i), 'k'}, string(bytes.Repeat([]byte{'x'}, 30)))
		if m.size > m.budget {
			t.Fatalf("after %d blocks the memo holds %d bytes, budget %d", i+1, m.size, m.budget)
		}
	}
	if html, ok := m.get([]byte{99, 'k'}); !ok || len(html) != 30 {
		t.Errorf("the last block is not in the memo: %q %v", html, ok)
	}
	m.put([]byte("big"), string(bytes.Repeat([]byte{'x'}, 500)))
	if _, ok := m.get([]byte("big")); ok {
		t.Error("a block over a sixteenth of the budget was kept")
	}
}

// FuzzCodeBlock compares code.go with goldmark-highlighting on any fenced
// block: info string and code.
func FuzzCodeBlock(f *testing.F) {
	f.Add("sql", "SELECT 1;\n")
	f.Add("bash {linenos=true}", "echo $HOME\n")
	f.Add("", "x\n")
	f.Add("python", "def f():\n\treturn '<x>'\n")
	md, ref := NewMarkdown(), referenceMarkdown()
	f.Fuzz(func(t *testing.T, info, code string) {
		src := "```" + info + "\n" + code + "\n```\n"
		if got, want := convert(t, md, src), convert(t, ref, src); got != want {
			t.Errorf("%q:\n got %s\nwant %s", src, got, want)
		}
	})
}

// TestCodeBlocksConcurrently: the build's parse workers share the converter,
// its formatter and its memo (run with -race).
func TestCodeBlocksConcurrently(t *testing.T) {
	md, ref := NewMarkdown(), referenceMarkdown()
	want := make([]string, len(codeCases))
	for i, src := range codeCases {
		want[i] = convert(t, ref, src)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for r := range 20 {
				i := (w + r) % len(codeCases)
				if got := convert(t, md, codeCases[i]); got != want[i] {
					t.Errorf("%q: got %s, want %s", codeCases[i], got, want[i])
				}
			}
		})
	}
	wg.Wait()
}
