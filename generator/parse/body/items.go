package body

import (
	"fmt"
	"slices"
	"unique"

	"github.com/wrapup/wrapup/generator/model"
	"github.com/yuin/goldmark/ast"
)

// list turns a top-level list of a known section into entries.
func (p *parser) list(kind model.SectionKind, list *ast.List) model.Part {
	part := model.Part{List: true, Ordered: list.IsOrdered()}
	items := func(f func(li ast.Node)) {
		for li := list.FirstChild(); li != nil; li = li.NextSibling() {
			f(li)
		}
	}
	// Each list item is one entry: the lists are grown once to their size,
	// not doubled on the way (the model keeps them to the end of the build).
	n := list.ChildCount()
	switch kind {
	case model.SectionTasks:
		if !list.IsOrdered() {
			p.errorf(list.Pos(), "the Tasks section must be an ordered list: number the tasks (1. 2. 3.) instead of starting them with %q", string(list.Marker))
		}
		part.From = int32(len(p.res.Tasks))
		p.res.Tasks = slices.Grow(p.res.Tasks, n)
		items(func(li ast.Node) { p.res.Tasks = append(p.res.Tasks, p.task(li, len(p.res.Tasks)+1)) })
		part.To = int32(len(p.res.Tasks))
	case model.SectionWentWell, model.SectionWentWrong, model.SectionLucky, model.SectionIdeas:
		dst, ctx, anchor := p.spokenList(kind)
		part.From = int32(len(*dst))
		*dst = slices.Grow(*dst, n)
		items(func(li ast.Node) { *dst = append(*dst, p.spoken(li, ctx, numbered("%s-%d", anchor, len(*dst)+1))) })
		part.To = int32(len(*dst))
	case model.SectionNextTime:
		part.From = int32(len(p.res.Actions))
		p.res.Actions = slices.Grow(p.res.Actions, n)
		items(func(li ast.Node) { p.res.Actions = append(p.res.Actions, p.action(li, len(p.res.Actions)+1)) })
		part.To = int32(len(p.res.Actions))
	}
	return part
}

// spokenList returns where the items of a went-well, went-wrong, lucky or
// ideas section go, their token context and their anchors' prefix.
func (p *parser) spokenList(kind model.SectionKind) (*[]model.Item, ctxKind, string) {
	switch kind {
	case model.SectionWentWell:
		return &p.res.WentWell, ctxWentWell, "went-well"
	case model.SectionWentWrong:
		return &p.res.WentWrong, ctxWentWrong, "went-wrong"
	case model.SectionLucky:
		return &p.res.Lucky, ctxLucky, "lucky"
	default:
		return &p.res.Ideas, ctxIdea, "idea"
	}
}

func (p *parser) spoken(li ast.Node, ctx ctxKind, anchor string) model.Item {
	info, rest := p.item(li, ctx)
	it := model.Item{
		Anchor: anchor,
		Text:   info.text,
		People: info.handles,
		Tags:   info.tags,
		Line:   p.line(li.Pos()),
	}
	var speakers []string
	if detail, replies := p.detailAndReplies(rest, ctx, &speakers); detail != "" || len(replies) > 0 || len(speakers) > 0 || info.html != it.Text {
		it.More = &model.ItemMore{DetailHTML: detail, ReplyPeople: speakers, Replies: replies}
		if info.html != it.Text {
			it.More.HTML, it.More.OwnHTML = info.html, true
		}
	}
	return it
}

// detailAndReplies splits what follows an item's first paragraph: nested lists
// are replies (docs/authoring.md, "Replies"), read like items (tokens out of
// the text, who wrote them kept apart) for the theme to draw; everything else
// is rendered as the item's detail. The replies' handles are added to speakers.
func (p *parser) detailAndReplies(nodes []ast.Node, ctx ctxKind, speakers *[]string) (string, []model.Reply) {
	var detail []ast.Node
	var replies []model.Reply
	for _, c := range nodes {
		l, ok := c.(*ast.List)
		if !ok {
			detail = append(detail, c)
			continue
		}
		for li := l.FirstChild(); li != nil; li = li.NextSibling() {
			info, rest := p.item(li, ctx)
			for _, h := range info.handles {
				addOnce(speakers, h)
			}
			r := model.Reply{HTML: info.html, People: info.handles, Tags: info.tags}
			r.DetailHTML, r.Replies = p.detailAndReplies(rest, ctx, speakers)
			replies = append(replies, r)
		}
	}
	return p.render(detail...), replies
}

// ctxKind says where an item stands, which decides what its tokens mean.
type ctxKind int

const (
	ctxTask ctxKind = iota
	ctxStep
	ctxWentWell
	ctxWentWrong
	ctxLucky
	ctxIdea
	ctxAction
)

func (c ctxKind) String() string {
	switch c {
	case ctxTask:
		return "a task"
	case ctxStep:
		return "a step"
	case ctxWentWell:
		return "a went-well item"
	case ctxWentWrong:
		return "a went-wrong item"
	case ctxLucky:
		return "a where-we-got-lucky item"
	case ctxIdea:
		return "an idea"
	default:
		return "a next-time action"
	}
}

// itemInfo is what the first paragraph of an item says.
type itemInfo struct {
	text, html      string
	handles, tags   []string
	status          string
	planned, actual *int
	due, done       *model.Date
	checked         bool
	statusSeen      bool // a bracketed word, known or not
	seen            map[string]bool
	actualOff       int
	dueOff, doneOff int
}

// item reads an item's first paragraph (its text and tokens) and returns the
// item's other children.
func (p *parser) item(li ast.Node, ctx ctxKind) (itemInfo, []ast.Node) {
	info := itemInfo{handles: []string{}, tags: []string{}}
	first := li.FirstChild()
	var rest []ast.Node
	if first == nil {
		return info, nil
	}
	switch first.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		for c := first.NextSibling(); c != nil; c = c.NextSibling() {
			rest = append(rest, c)
		}
	default:
		for c := first; c != nil; c = c.NextSibling() {
			rest = append(rest, c)
		}
		return info, rest
	}
	p.tokens(first, ctx, &info)
	info.html = p.renderInline(first)
	info.text = plainInline(first, p.src)
	if info.html == info.text {
		// Plain text with nothing to escape (most items): one string, not
		// two, held for the whole build.
		info.html = info.text
	}
	return info, rest
}

// addOnce adds v to list unless it holds it. v is interned: a handle or tag
// is cut out of an item's text, which it would keep alive for the whole
// build, and the same few fill an archive.
func addOnce(list *[]string, v string) {
	for _, x := range *list {
		if x == v {
			return
		}
	}
	*list = append(*list, unique.Make(v).Value())
}

// numbered is an anchor or number such as "went-well-3", "task-2-1" or
// "2.1", interned: every window has the same few, and each was a string of
// its own held for the whole build (~4 MB at 10k windows).
func numbered(format string, n ...any) string {
	return unique.Make(fmt.Sprintf(format, n...)).Value()
}
