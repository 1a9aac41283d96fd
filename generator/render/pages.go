package render

import (
	"fmt"
	"html/template"
	"strconv"
	"time"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/trends"
)

// PageSize is how many windows a list page shows. Lists that grow with the
// archive (windows, people, systems, tags) are split into pages of this size.
const PageSize = 100

// WindowView is the data of a window page.
type WindowView struct {
	W *model.Window
	// Older and Newer are the neighbouring windows in the archive's order.
	Older, Newer *model.Window
	// Carried are open actions of earlier windows sharing its systems or
	// tags; Related the earlier windows most like it (from the trends
	// report).
	Carried *trends.Carried
	Related []trends.Related
	// Tools is set when the window has a run sheet and a meeting page
	// (HasTools).
	Tools bool
}

// Home is the data of the home page.
type Home struct {
	Intro    *model.Page
	Upcoming []*model.Window
	Latest   []*model.Window
	Headline aggregate.Headline
	// Trend is the headline trend, TrendChart the success rate of the last
	// eight quarters (both filled by TrendPages).
	Trend      *trends.Headline
	TrendChart template.HTML
}

// List is a paginated list of windows, grouped by year on each page.
type List struct {
	Heading  string
	BaseURL  string // the list's first page
	Years    []YearLink
	Groups   []YearGroup
	Pager    Pager
	Total    int
	Upcoming []*model.Window // planned windows, shown above the first page
}

// YearGroup is the windows of one year on a list page.
type YearGroup struct {
	Year    int
	Windows []*model.Window
}

// YearLink points to the list page where a year's windows begin.
type YearLink struct {
	Year  int
	Count int
	URL   string
}

// Pager links the pages of a list.
type Pager struct {
	Current, Total int
	Prev, Next     string
	// urls are the list's pages' URLs (pageURLs), shared by its pages:
	// Pages are made from them when shown (made for every page of every
	// list, they were 1 MB at 10k windows, held from the plan on).
	urls []string
}

// Pages are the links to the first and last pages and those near the
// current one; a PageLink with Number 0 stands for the gap between them.
func (p Pager) Pages() []PageLink {
	if p.Total == 0 {
		return nil
	}
	return pageLinks(p.urls, p.Current, p.Total)
}

// PageLink is one page of a list.
type PageLink struct {
	Number  int
	URL     string
	Current bool
}

// pageLinks lists the first and last pages and those near the current one;
// a PageLink with Number 0 stands for the gap between them.
func pageLinks(urls []string, current, total int) []PageLink {
	links := make([]PageLink, 0, min(total, 11)) // at most 7 near, 2 ends, 2 gaps
	for k := 1; k <= total; k++ {
		if k == 1 || k == total || (k >= current-3 && k <= current+3) {
			links = append(links, PageLink{Number: k, URL: urls[k], Current: k == current})
		} else if links[len(links)-1].Number != 0 {
			links = append(links, PageLink{})
		}
	}
	return links
}

// GroupView is the data of a person, system or tag page.
type GroupView struct {
	Kind   string // "person", "system", "tag"
	Key    string
	Person model.Person
	Group  *aggregate.Group
	List   List
	First  bool // the first page: show the summary above the list
	// Summary figures of the group.
	Facilitated, TasksOwned, OpenActions int
	RecentItems                          []aggregate.ItemRef
	// The newest of each, for a person's page: what they did (tasks and
	// actions they own) and what they raised (lessons and ideas), never
	// "went wrong" beside a name.
	RecentTasks   []aggregate.TaskRef
	RecentActions []aggregate.ItemRef
	RecentLessons []aggregate.ItemRef
	Actions       int // actions in all
	Lessons       int // lessons and ideas in all
}

// recentPerList is how many tasks, actions or lessons a group page shows.
const recentPerList = 8

// GroupIndex is the data of /people/, /systems/ and /tags/.
type GroupIndex struct {
	Kind   string
	Groups []*aggregate.Group
}

// PageURL is the URL of page n (1-based) of a list whose first page is base.
func PageURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

// pageURLs are the URLs of pages 1 to total of a list under base, at their
// numbers (0 is unused): made once for the list, not once per link of
// every page of it.
func pageURLs(base string, total int) []string {
	urls := make([]string, total+1)
	for n := 1; n <= total; n++ {
		urls[n] = PageURL(base, n)
	}
	return urls
}

// Paginate splits windows (newest first) into list pages under base.
func Paginate(base, heading string, windows []*model.Window) []List {
	total := (len(windows) + PageSize - 1) / PageSize
	if total == 0 {
		total = 1
	}
	urls := pageURLs(base, total)
	var years []YearLink
	for i, w := range windows {
		y := w.Start.Year()
		if len(years) == 0 || years[len(years)-1].Year != y {
			years = append(years, YearLink{Year: y, URL: urls[i/PageSize+1] + "#y" + strconv.Itoa(y)})
		}
		years[len(years)-1].Count++
	}
	lists := make([]List, total)
	for n := 1; n <= total; n++ {
		lo, hi := (n-1)*PageSize, min(n*PageSize, len(windows))
		l := List{Heading: heading, BaseURL: base, Years: years, Total: len(windows)}
		for i := lo; i < hi; i++ {
			y := windows[i].Start.Year()
			if len(l.Groups) == 0 || l.Groups[len(l.Groups)-1].Year != y {
				l.Groups = append(l.Groups, YearGroup{Year: y})
			}
			// A year's windows are a run of the list: a part of it, not
			// a copy (every group's pages list its windows again).
			g := &l.Groups[len(l.Groups)-1]
			g.Windows = windows[i-len(g.Windows) : i+1 : i+1]
		}
		l.Pager = pager(urls, n, total)
		lists[n-1] = l
	}
	return lists
}

// Keep lets a caller keep the pages of one window or one group from one
// build to the next (the dev server's Session): each func is given the
// family's key and a make that makes its pages, and returns either make's
// pages or pages it kept from an earlier build made from the very same
// facts. The pages of a family are never changed once made, so a kept page
// may be shared by two builds. The zero Keep makes every page.
type Keep struct {
	// Window gives the pages of window i of the site (WindowPages).
	Window func(i int, make func() []*Page) []*Page
	// Group gives the pages of a group of the index (GroupPages).
	Group func(kind string, g *aggregate.Group, make func() []*Page) []*Page
	// ToolParts works out what a window's run sheet and meeting page show
	// of the window alone; nil means ToolPartsOf (the dev server passes
	// one that keeps the parts of windows that did not change).
	ToolParts func(*model.Window) ToolParts
}

func (k Keep) window(i int, make func() []*Page) []*Page {
	if k.Window == nil {
		return make()
	}
	return k.Window(i, make)
}

func (k Keep) group(kind string, g *aggregate.Group, make func() []*Page) []*Page {
	if k.Group == nil {
		return make()
	}
	return k.Group(kind, g, make)
}

// groupKinds are the three kinds of group page: kind, folder, navigation
// section and heading.
var groupKinds = []struct{ kind, base, section, heading string }{
	{"person", "/people/", "people", "People"},
	{"system", "/systems/", "systems", "Systems"},
	{"tag", "/tags/", "tags", "Tags"},
}

// CorePages lists the pages every site has: home, windows, window pages
// (with their run sheets and meeting pages), people, systems, tags, free
// pages and the 404 page. rep is the site's trends report, whose related
// windows and carried actions the window pages show; now is today.
func CorePages(site *model.Site, ix *aggregate.Index, rep *trends.Report, now time.Time, keep Keep) []*Page {
	var pages []*Page
	latest := ix.Held
	if len(latest) > 10 {
		latest = latest[:10]
	}
	upcoming := ix.Upcoming
	pages = append(pages, &Page{URL: "/", Template: "home.html", Title: site.Config.Title, Section: "home",
		Data: &Home{Intro: site.Intro, Upcoming: upcoming, Latest: latest, Headline: ix.Headline}})

	for i, l := range Paginate("/windows/", "All windows", site.Windows) {
		l := l
		title := "Windows"
		if i > 0 {
			title = fmt.Sprintf("Windows, page %d", i+1)
		}
		pages = append(pages, &Page{URL: PageURL("/windows/", i+1), Template: "list.html", Title: title, Section: "windows", Data: &l})
	}
	partsOf := keep.ToolParts
	if partsOf == nil {
		partsOf = ToolPartsOf
	}
	for i := range site.Windows {
		pages = append(pages, keep.window(i, func() []*Page { return WindowPages(site, i, rep, now, partsOf) })...)
	}
	for _, g := range groupKinds {
		list := map[string][]*aggregate.Group{"person": ix.People, "system": ix.Systems, "tag": ix.Tags}[g.kind]
		pages = append(pages, &Page{URL: g.base, Template: "groups.html", Title: g.heading, Section: g.section,
			Data: &GroupIndex{Kind: g.kind, Groups: list}})
		for _, grp := range list {
			pages = append(pages, keep.group(g.kind, grp, func() []*Page { return GroupPages(site, g.kind, grp) })...)
		}
	}
	for _, p := range site.Pages {
		pages = append(pages, &Page{URL: p.URL(), Template: "page.html", Title: p.Title, Section: "pages", Data: p})
	}
	pages = append(pages, &Page{URL: "/404.html", Template: "404.html", Title: "Page not found", NoIndex: true, Absolute: true})
	return pages
}

// WindowPages are the pages of window i of the site: its page, with its
// neighbours, the actions carried into it and its related windows from
// rep, and, when it HasTools on the day now, its run sheet and meeting
// page (ToolPages). partsOf is ToolPartsOf or one that keeps its results.
func WindowPages(site *model.Site, i int, rep *trends.Report, now time.Time, partsOf func(*model.Window) ToolParts) []*Page {
	w := site.Windows[i]
	v := &WindowView{W: w}
	if i > 0 {
		v.Newer = site.Windows[i-1]
	}
	if i+1 < len(site.Windows) {
		v.Older = site.Windows[i+1]
	}
	if rep != nil {
		v.Carried = rep.Carried[w]
		v.Related = rep.Related[w]
	}
	v.Tools = HasTools(w, now)
	pages := []*Page{{URL: w.URL(), Template: "window.html", Title: w.Title, Section: "windows", Data: v}}
	if v.Tools {
		pages = append(pages, ToolPages(site, v, partsOf(w))...)
	}
	return pages
}

// GroupPages are the pages of a group of the index of kind "person",
// "system" or "tag": its windows, paginated, with its summary on the
// first page.
func GroupPages(site *model.Site, kind string, grp *aggregate.Group) []*Page {
	var base, section string
	for _, g := range groupKinds {
		if g.kind == kind {
			base, section = g.base+grp.Key+"/", g.section
		}
	}
	name := grp.Key
	var person model.Person
	if kind == "person" {
		person = site.People[grp.Key]
		person.Handle = grp.Key
		if person.Name != "" {
			name = person.Name
		}
	} else if kind == "tag" {
		name = "#" + grp.Key
	}
	summary := groupSummary(grp)
	var pages []*Page
	for i, l := range Paginate(base, name, grp.Windows) {
		v := summary
		v.Kind, v.Key, v.Person, v.Group, v.List, v.First = kind, grp.Key, person, grp, l, i == 0
		title := name
		if i > 0 {
			title = fmt.Sprintf("%s, page %d", name, i+1)
		}
		pages = append(pages, &Page{URL: PageURL(base, i+1), Template: "group.html", Title: title, Section: section, Data: &v})
	}
	return pages
}

// groupSummary counts what a group's first page shows above its list.
func groupSummary(g *aggregate.Group) GroupView {
	var v GroupView
	for _, w := range g.Windows {
		if w.Facilitator == g.Key {
			v.Facilitated++
		}
	}
	v.TasksOwned = g.NumTasks()
	n := g.NumItems()
	v.RecentItems = make([]aggregate.ItemRef, min(20, n))
	v.RecentTasks = make([]aggregate.TaskRef, min(recentPerList, v.TasksOwned))
	for i := range v.RecentTasks {
		v.RecentTasks[i] = g.Task(i)
	}
	for i := range n {
		it := g.Item(i)
		if i < len(v.RecentItems) {
			v.RecentItems[i] = it
		}
		if it.Action != nil && !it.Action.Done {
			v.OpenActions++
		}
		if it.Action != nil {
			v.Actions++
			if len(v.RecentActions) < recentPerList {
				v.RecentActions = append(v.RecentActions, it)
			}
		} else {
			v.Lessons++
			if len(v.RecentLessons) < recentPerList {
				v.RecentLessons = append(v.RecentLessons, it)
			}
		}
	}
	return v
}
