package parse

import (
	"testing"

	"github.com/wrapup/wrapup/generator/model"
)

var fuzzSeeds = []string{
	formatExample,
	"",
	"---",
	"---\n",
	"---\n---\n",
	"\xEF\xBB\xBF---\r\ntitle: x\r\n---\r\n",
	"---\ntitle: x\nstart: 2013-03-10 02:30\nplanned_end: 2013-11-03 01:30\ntags: #x\n---\n",
	"---\n- a\n---\n",
	"---\n: :\n---\n",
	"---\ntitle: [a, {b: c}]\nattendees: \"@\"\n---\n",
	"---\na: &x 1\nb: *x\n? c\n: d\n---\n",
	"---\ntitle: \xff\n---\n",
	"no front matter at all",
}

func FuzzSplitFrontMatter(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		front, body, line, has, err := splitFrontMatter(src)
		if err != nil {
			if !has {
				t.Fatal("an error without front matter")
			}
			return
		}
		if line < 1 {
			t.Fatalf("body line %d", line)
		}
		if !has && (front != nil || line != 1) {
			t.Fatalf("no front matter but front %q line %d", front, line)
		}
		_ = body
	})
}

func FuzzWindow(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	cfg := chicagoConfig(f)
	people := map[string]model.Person{"tom": {Handle: "tom", Name: "Tom"}}
	f.Fuzz(func(t *testing.T, src []byte) {
		w, diags := Window("content/windows/2013-01-19-x.md", src, cfg, people)
		if w == nil {
			t.Fatal("nil window")
		}
		for _, d := range diags {
			if d.Path == "" || d.Line < 1 || d.Col < 1 || d.Message == "" {
				t.Fatalf("diagnostic without a position: %#v", d)
			}
		}
		_, _ = Page("content/pages/x.md", src, "x")
		_, _ = Config("wrapup.yaml", src)
		_, _ = People("content/people.yaml", src)
	})
}
