package render

import (
	"fmt"
	"slices"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/trends"
)

// LessonsIndex is the data of /lessons/.
type LessonsIndex struct {
	L        *trends.Lessons
	Problems *trends.Matrix
	// Latest is every tag's newest lessons, the tag with the newest lesson
	// first: the page shows the lessons themselves, not only their counts.
	Latest []LessonPreview
}

// LessonPreview is a tag's newest lessons on /lessons/.
type LessonPreview struct {
	Group *trends.LessonGroup
	Items []aggregate.ItemRef // newest window first, at most lessonsPerTag
	URL   string
}

// lessonsPerTag is how many lessons of each tag /lessons/ shows.
const lessonsPerTag = 3

// lessonPreviews picks each tag's newest lessons, untagged ones last.
func lessonPreviews(l *trends.Lessons) []LessonPreview {
	if l == nil {
		return nil
	}
	var out []LessonPreview
	for _, g := range l.Tags {
		if len(g.Items) == 0 {
			continue
		}
		out = append(out, LessonPreview{Group: g, Items: newestItems(g.Items), URL: LessonsURL(g.Tag)})
	}
	slices.SortStableFunc(out, func(a, b LessonPreview) int { return b.Items[0].Window.Start.Compare(a.Items[0].Window.Start) })
	if g := l.Untagged; g != nil && len(g.Items) > 0 {
		out = append(out, LessonPreview{Group: g, Items: newestItems(g.Items), URL: LessonsURL("")})
	}
	return out
}

// newestItems are the lessonsPerTag items of the newest windows, in the
// order a stable sort by window start, newest first, gives them: picked in
// one pass (sorting every tag's lessons was a noticeable part of each dev
// server edit at 10,000 windows).
func newestItems(list []aggregate.ItemRef) []aggregate.ItemRef {
	top := make([]aggregate.ItemRef, 0, lessonsPerTag+1)
	for _, it := range list {
		at := len(top)
		for at > 0 && it.Window.Start.After(top[at-1].Window.Start) {
			at--
		}
		if at < lessonsPerTag {
			top = slices.Insert(top, at, it)
			top = top[:min(len(top), lessonsPerTag)]
		}
	}
	return top
}

// LessonsView is one page of a tag's lessons.
type LessonsView struct {
	Group    *trends.LessonGroup
	Tag      string // "" for the untagged lessons
	Quarters []LessonQuarter
	Pager    Pager
	First    bool
	Total    int
	// HasActions: the tag has an action board page to link to.
	HasActions bool
}

// LessonQuarter is the lessons of one quarter on a lessons page.
type LessonQuarter struct {
	Quarter trends.Quarter
	Kinds   []LessonKind
}

// LessonKind is the lessons of one kind in a quarter.
type LessonKind struct {
	Kind  model.SectionKind
	ID    string // anchor: "2014-q3-went_wrong"
	Items []aggregate.ItemRef
}

// UntaggedLessons is the key of the lessons without a tag. Tags start with a
// letter or digit, so it cannot clash with one.
const UntaggedLessons = "_untagged"

// LessonsURL is the first page of a tag's lessons.
func LessonsURL(tag string) string {
	if tag == "" {
		tag = UntaggedLessons
	}
	return "/lessons/" + tag + "/"
}

func lessonKey(tag string, q trends.Quarter, kind model.SectionKind) string {
	return tag + "|" + q.Key() + "|" + string(kind)
}

// lessonsPages splits each tag's lessons into pages and records, in links,
// the page and anchor where each (tag, quarter, kind) starts.
func lessonsPages(l *trends.Lessons, b *trends.Board, links map[string]string) []*Page {
	var pages []*Page
	boardTags := map[string]bool{}
	for _, g := range b.Tags {
		boardTags[g.Key] = true
	}
	groups := append([]*trends.LessonGroup{}, l.Tags...)
	if len(l.Untagged.Items) > 0 {
		groups = append(groups, l.Untagged)
	}
	for _, g := range groups {
		base := LessonsURL(g.Tag)
		name := "#" + g.Tag
		if g.Tag == "" {
			name = "Untagged"
		}
		total := max(1, (len(g.Items)+PageSize-1)/PageSize)
		urls := pageURLs(base, total)
		for n := 1; n <= total; n++ {
			lo, hi := (n-1)*PageSize, min(n*PageSize, len(g.Items))
			v := &LessonsView{Group: g, Tag: g.Tag, First: n == 1, Total: len(g.Items), Pager: pager(urls, n, total), HasActions: boardTags[g.Tag]}
			for j := lo; j < hi; j++ {
				ref := g.Items[j]
				q := trends.QuarterOf(ref.Window.Start, ref.Window.Start.Location())
				if len(v.Quarters) == 0 || v.Quarters[len(v.Quarters)-1].Quarter != q {
					v.Quarters = append(v.Quarters, LessonQuarter{Quarter: q})
				}
				lq := &v.Quarters[len(v.Quarters)-1]
				if len(lq.Kinds) == 0 || lq.Kinds[len(lq.Kinds)-1].Kind != ref.Kind {
					id := q.Key() + "-" + string(ref.Kind)
					lq.Kinds = append(lq.Kinds, LessonKind{Kind: ref.Kind, ID: id})
					if key := lessonKey(g.Tag, q, ref.Kind); links[key] == "" {
						links[key] = urls[n] + "#" + id
					}
				}
				// A kind's items are a run of the group's: a part of its
				// list, not a copy (lessons are every lesson item again).
				k := &lq.Kinds[len(lq.Kinds)-1]
				from := j - len(k.Items)
				k.Items = g.Items[from : j+1 : j+1]
			}
			title := "Lessons: " + name
			if n > 1 {
				title = fmt.Sprintf("%s, page %d", title, n)
			}
			pages = append(pages, &Page{URL: urls[n], Template: "lessons.html", Title: title, Section: "lessons", Data: v})
		}
	}
	return pages
}
