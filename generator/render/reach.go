package render

import (
	"html/template"
	"text/template/parse"
)

// ReadsWindows reports whether the template of a page kind ("window.html"),
// with the layout and partials it may call, can reach the site's windows
// through the site view rather than through its page's data: .Site.Index
// (every group, every list), or .Site.Model's windows. The dev server counts
// such a page as depending on every window (docs/authoring.md, "Themes and the preview server": a
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

// readsWindows computes ReadsWindows for a parsed page template: over the
// templates the layout may execute, following {{ template }} calls and any
// string that names a template (.Site.Cached executes partials by name).
func readsWindows(t *template.Template) bool {
	seen := map[string]bool{}
	todo := []string{"layout.html"}
	for len(todo) > 0 {
		name := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if seen[name] {
			continue
		}
		seen[name] = true
		tt := t.Lookup(name)
		if tt == nil || tt.Tree == nil {
			continue
		}
		if nodeReadsWindows(tt.Tree.Root) {
			return true
		}
		names, dynamic := calledNames(tt.Tree.Root)
		if dynamic { // a partial named by a computed string: any of them
			for _, other := range t.Templates() {
				names = append(names, other.Name())
			}
		}
		todo = append(todo, names...)
	}
	return false
}

// calledNames lists the template names and strings a tree holds, and
// whether it calls .Site.Cached with a name that is not a string.
func calledNames(root parse.Node) (names []string, dynamic bool) {
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n != nil {
				for _, c := range n.Cmds {
					walk(c)
				}
			}
		case *parse.CommandNode:
			for k, a := range n.Args {
				if lastIdent(a) == "Cached" {
					if k+1 >= len(n.Args) {
						dynamic = true
					} else if _, ok := n.Args[k+1].(*parse.StringNode); !ok {
						dynamic = true
					}
				}
				walk(a)
			}
		case *parse.ChainNode:
			walk(n.Node)
		case *parse.StringNode:
			names = append(names, n.Text)
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.TemplateNode:
			names = append(names, n.Name)
			walk(n.Pipe)
		}
	}
	walk(root)
	return names, dynamic
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

// lastIdent is the last field name of a field, variable or chain node.
func lastIdent(n parse.Node) string {
	var idents []string
	switch n := n.(type) {
	case *parse.FieldNode:
		idents = n.Ident
	case *parse.VariableNode:
		idents = n.Ident
	case *parse.ChainNode:
		idents = n.Field
	}
	if len(idents) == 0 {
		return ""
	}
	return idents[len(idents)-1]
}
