package parse

import (
	"errors"
	"testing"

	"github.com/wrapup/wrapup/generator/diag"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		front     string
		body      string
		bodyLine  int
		hasFront  bool
		wantError bool
	}{
		{"plain", "---\ntitle: x\n---\nBody\n", "title: x\n", "Body\n", 4, true, false},
		{"BOM and CRLF", "\xEF\xBB\xBF---\r\ntitle: x\r\nsummary: y\r\n---\r\nBody\r\nmore\r\n", "title: x\nsummary: y\n", "Body\nmore\n", 5, true, false},
		{"empty front matter", "---\n---\nBody", "", "Body", 3, true, false},
		{"no body", "---\ntitle: x\n---", "title: x\n", "", 4, true, false},
		{"trailing blanks on fences", "--- \ntitle: x\n---\t\nB", "title: x\n", "B", 4, true, false},
		{"no front matter", "# Title\n\nText\n", "", "# Title\n\nText\n", 1, false, false},
		{"empty file", "", "", "", 1, false, false},
		{"a rule later is not front matter", "Text\n---\n", "", "Text\n---\n", 1, false, false},
		{"missing closing", "---\ntitle: x\nBody\n", "", "", 0, true, true},
		{"only an opening line", "---", "", "", 0, true, true},
		{"longer dash line does not close", "---\ntitle: x\n----\n", "", "", 0, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			front, body, line, has, err := splitFrontMatter([]byte(tt.src))
			if (err != nil) != tt.wantError {
				t.Fatalf("err = %v", err)
			}
			if has != tt.hasFront {
				t.Errorf("hasFront = %v", has)
			}
			if err != nil {
				var d diag.Diagnostic
				if !errors.As(err, &d) || d.Line != 1 || d.Col != 1 || d.Severity != diag.Error {
					t.Errorf("error is not a positioned diagnostic: %#v", err)
				}
				return
			}
			if string(front) != tt.front || string(body) != tt.body || line != tt.bodyLine {
				t.Errorf("got front %q body %q line %d, want %q %q %d", front, body, line, tt.front, tt.body, tt.bodyLine)
			}
		})
	}
}

func TestCheckUTF8(t *testing.T) {
	tests := []struct {
		src       string
		line, col int
		ok        bool
	}{
		{"héllo\nwörld", 0, 0, true},
		{"ab\xff", 1, 3, false},
		{"é\nxé\xc3(", 2, 3, false}, // columns count characters
		{"\xff", 1, 1, false},
	}
	for _, tt := range tests {
		line, col, ok := checkUTF8([]byte(tt.src))
		if line != tt.line || col != tt.col || ok != tt.ok {
			t.Errorf("checkUTF8(%q) = %d:%d %v, want %d:%d %v", tt.src, line, col, ok, tt.line, tt.col, tt.ok)
		}
	}
}
