// Package body parses the Markdown body of a window file into its wiki-style
// sections, the data tokens of their list items, and rendered HTML.
//
// PLACEHOLDER: the API below is fixed; the implementation is being written.
package body

import (
	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/model"
)

// Options describe the window the body belongs to.
type Options struct {
	Path      string     // source path, for diagnostics
	FirstLine int        // file line number of the body's first line (after front matter)
	Held      bool       // the window has an end: task statuses required, actual: allowed
	Start     model.Date // the window's start date, for the due-before-start warning
}

// Result is what a window body holds.
type Result struct {
	Summary    string // plain text of the first paragraph before any heading, else ""
	Tasks      []model.Task
	WentWell   []model.Item
	WentWrong  []model.Item
	Actions    []model.Action
	Ideas      []model.Item
	Sections   []model.Section
	Links      []model.Link
	HeadingIDs []string
}

// Parse parses a window body. Diagnostics carry file positions (Options.Path,
// lines offset by Options.FirstLine).
func Parse(src []byte, opts Options) (Result, diag.List) {
	return Result{}, nil
}

// Page is a rendered free page or home intro body.
type Page struct {
	HTML       string
	Text       string
	Summary    string // plain text of the first paragraph
	Links      []model.Link
	HeadingIDs []string
}

// ParsePage renders a free page body (no sections, no tokens).
func ParsePage(src []byte, path string, firstLine int) (Page, diag.List) {
	return Page{}, nil
}
