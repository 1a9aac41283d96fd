package diag

import (
	"bytes"
	"testing"
)

func TestExcerpt(t *testing.T) {
	src := []byte("\xef\xbb\xbftitle: x\r\n\t- dns\r\n- café [wip]\n- 会议 [wip]\nlast")
	for _, c := range []struct {
		line, col   int
		text, caret string
		ok          bool
	}{
		{1, 8, "title: x", "       ^", true},
		{2, 3, "\t- dns", "\t ^", true},
		{3, 9, "- café [wip]", "       ^", true}, // byte column: é is two bytes, one cell
		{4, 10, "- 会议 [wip]", "       ^", true},  // each wide character takes two cells
		{5, 99, "last", "    ^", true},
		{5, 0, "last", "", true},
		{6, 1, "", "", false},
	} {
		text, caret, ok := Excerpt(src, c.line, c.col)
		if text != c.text || caret != c.caret || ok != c.ok {
			t.Errorf("Excerpt(%d, %d) = %q %q %v, want %q %q %v", c.line, c.col, text, caret, ok, c.text, c.caret, c.ok)
		}
	}
}

func TestWriteOrdersAndLabels(t *testing.T) {
	var l List
	l.Warnf("a.md", 1, 1, "first file, a warning")
	l.Errorf("b.md", 2, 3, "second file, an error")
	l.Errorf("c.md", 0, 0, "no position")
	var b bytes.Buffer
	Write(&b, l, ReportOptions{Source: func(p string) []byte {
		if p == "b.md" {
			return []byte("one\ntwo words\n")
		}
		return nil
	}})
	want := "b.md:2:3: error: second file, an error\n  2 | two words\n    |   ^\nc.md: error: no position\na.md:1:1: warning: first file, a warning\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}
