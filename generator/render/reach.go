package render

import (
	"html/template"
	"text/template/parse"
)

// ReadsWindows reports whether the template of a page kind ("window.html"),
// with the layout and partials it may call, can reach the site's windows
// through the site view rather than through its page's data: .Site.Index
// (every group, every list), or .Site.Model's windows. The dev server counts
// such a page as depending on every window (docs/authoring.md, "Themes": a
// theme may replace the Go-written lists with its own loops).
//
// It reads the templates' parse trees, by field name, and errs on the side
// of yes: a chain that names Index anywhere, or that names Model and goes on
// to anything but its Config, People, Pages or Intro (or stops at Model,
// handing the whole site on) counts. A field is reached in a template only
// by naming it, so no other way in is left.
func (r *Renderer) ReadsWindows(page string) bool {
	reads, ok := r.readsWindows[page]
	return reads || !ok
}

// readsWindows computes ReadsWindows for a parsed page template.
func readsWindows(t *template.Template) bool {
	for _, tt := range t.Templates() {
		if tt.Tree != nil && nodeReadsWindows(tt.Tree.Root) {
			return true
		}
	}
	return false
}

// siteModelFields are the fields of model.Site a page may read without
// depending on the windows: the dev server counts them among what every page
// depends on.
var siteModelFields = map[string]bool{"Config": true, "People": true, "Pages": true, "Intro": true}

func chainReadsWindows(idents []string) bool {
	for i, id := range idents {
		switch id {
		case "Index":
			return true
		case "Model":
			if i+1 == len(idents) || !siteModelFields[idents[i+1]] {
				return true
			}
		}
	}
	return false
}

func nodeReadsWindows(n parse.Node) bool {
	switch n := n.(type) {
	case nil:
		return false
	case *parse.ListNode:
		if n == nil {
			return false
		}
		for _, c := range n.Nodes {
			if nodeReadsWindows(c) {
				return true
			}
		}
	case *parse.ActionNode:
		return nodeReadsWindows(n.Pipe)
	case *parse.PipeNode:
		if n == nil {
			return false
		}
		for _, c := range n.Cmds {
			if nodeReadsWindows(c) {
				return true
			}
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			if nodeReadsWindows(a) {
				return true
			}
		}
	case *parse.FieldNode:
		return chainReadsWindows(n.Ident)
	case *parse.VariableNode:
		return chainReadsWindows(n.Ident[1:])
	case *parse.ChainNode:
		return chainReadsWindows(n.Field) || nodeReadsWindows(n.Node)
	case *parse.IfNode:
		return branchReadsWindows(&n.BranchNode)
	case *parse.RangeNode:
		return branchReadsWindows(&n.BranchNode)
	case *parse.WithNode:
		return branchReadsWindows(&n.BranchNode)
	case *parse.TemplateNode:
		return nodeReadsWindows(n.Pipe)
	}
	return false
}

func branchReadsWindows(b *parse.BranchNode) bool {
	return nodeReadsWindows(b.Pipe) || nodeReadsWindows(b.List) || nodeReadsWindows(b.ElseList)
}
