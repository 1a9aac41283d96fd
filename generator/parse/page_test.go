package parse

import "testing"

func TestPage(t *testing.T) {
	pg, diags := Page("content/pages/process.md", []byte("---\ntitle: How we run windows\nsummary: The agenda.\ndraft: false\n---\nText\n"), "process")
	wantNoErrors(t, diags)
	if pg.Title != "How we run windows" || pg.Summary != "The agenda." || pg.Draft || pg.Name != "process" || pg.URL() != "/pages/process/" {
		t.Errorf("%+v", pg)
	}
	// The home intro needs no front matter and no title.
	pg, diags = Page("content/_index.md", []byte("Welcome.\n"), "")
	if len(diags) != 0 || pg.Title != "" {
		t.Errorf("intro: %+v %v", pg, texts(diags))
	}
}

func TestPageErrors(t *testing.T) {
	tests := []struct {
		path, name, src, want string
	}{
		{"content/pages/process.md", "process", "Text only\n", `content/pages/process.md:1:1: missing required key "title"`},
		{"content/pages/process.md", "process", "---\ntitle: x\ntitel: y\n---\n", `content/pages/process.md:3:1: unknown front-matter key "titel" (did you mean title?)`},
		{"content/pages/process.md", "process", "---\ntitle: x\ndraft: yes\n---\n", `content/pages/process.md:3:8: draft must be true or false, not "yes"`},
		{"content/pages/How_To.md", "How_To", "---\ntitle: x\n---\n", `content/pages/How_To.md:1:1: the page name "How_To" is not valid`},
		{"content/pages/process.md", "process", "---\ntitle: x\n", `content/pages/process.md:1:1: the front matter opened here has no closing "---" line`},
		{"content/pages/process.md", "process", "---\ntitle: \xff\n---\n", "content/pages/process.md:2:8: the file is not UTF-8"},
	}
	for _, tt := range tests {
		_, diags := Page(tt.path, []byte(tt.src), tt.name)
		wantDiag(t, diags, tt.want)
	}
}
