package parse

import (
	"regexp"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/parse/body"
)

var pageKeys = []string{"title", "summary", "draft"}

// pageNameRE is the id pattern without the date (docs/authoring.md, "The home
// page and free pages").
var pageNameRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Page parses a free page (content/pages/<name>.md, title required) or, with
// name "", the home page intro content/_index.md (title optional). Front matter
// is optional; its keys are title, summary and draft.
func Page(path string, src []byte, name string) (*model.Page, diag.List) {
	var diags diag.List
	pg := &model.Page{Name: name, Path: path}
	if name != "" && !pageNameRE.MatchString(name) {
		diags.Errorf(path, 1, 1, "the page name %q is not valid: name the file in lower-case words joined by dashes (e.g. process.md, how-we-run-windows.md)", name)
	}
	src = normalize(src)
	if line, col, ok := checkUTF8(src); !ok {
		diags.Errorf(path, line, col, "the file is not UTF-8 text (bad byte here): save it as UTF-8")
		return pg, diags
	}
	front, bodySrc, bodyLine, hasFront, err := splitFrontMatter(src)
	if err != nil {
		diags = append(diags, asDiagnostic(err, path))
		return pg, diags
	}
	if hasFront {
		readPageFront(path, front, pg, &diags)
	}
	if name != "" && pg.Title == "" {
		diags.Errorf(path, 1, 1, "missing required key \"title\": a free page starts with a front matter holding its title: a line ---, a line such as title: How we run windows, and a closing ---")
	}
	bp, bodyDiags := body.ParsePage(bodySrc, path, bodyLine)
	diags = append(diags, bodyDiags...)
	pg.HTML, pg.Text = bp.HTML, bp.Text
	pg.Links, pg.HeadingIDs = bp.Links, bp.HeadingIDs
	if pg.Summary == "" {
		pg.Summary = bp.Summary
	}
	return pg, diags
}

func readPageFront(path string, front []byte, pg *model.Page, diags *diag.List) {
	doc := newYAMLDoc(path, front, 1, diags)
	fields, ok := doc.mapping(front, "the front matter")
	if !ok {
		return
	}
	doc.scalarFields(path, fields, pageKeys, "unknown front-matter key", "a page", diags, func(key, text string, line, col int) {
		switch key {
		case "title":
			pg.Title = text
		case "summary":
			pg.Summary = text
		case "draft":
			switch text {
			case "true", "True", "TRUE":
				pg.Draft = true
			case "false", "False", "FALSE":
			default:
				diags.Errorf(path, line, col, "draft must be true or false, not %q", text)
			}
		}
	})
}
