package render

import (
	"fmt"
	"html/template"
	"strconv"

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
	// tags; Related the earlier windows most like it (filled by TrendPages).
	Carried *trends.Carried
	Related []trends.Related
	// Tools is set when the window has a run sheet and a meeting page
	// (filled by ToolPages).
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
	Pages          []PageLink
}

// PageLink is one page of a list.
type PageLink struct {
	Number  int
	URL     string
	Current bool
}

// pageLinks lists the first and last pages and those near the current one;
// a PageLink with Number 0 stands for the gap between them.
func pageLinks(base string, current, total int) []PageLink {
	var links []PageLink
	for k := 1; k <= total; k++ {
		if k == 1 || k == total || (k >= current-3 && k <= current+3) {
			links = append(links, PageLink{Number: k, URL: PageURL(base, k), Current: k == current})
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

// Paginate splits windows (newest first) into list pages under base.
func Paginate(base, heading string, windows []*model.Window) []List {
	total := (len(windows) + PageSize - 1) / PageSize
	if total == 0 {
		total = 1
	}
	var years []YearLink
	for i, w := range windows {
		y := w.Start.Year()
		if len(years) == 0 || years[len(years)-1].Year != y {
			years = append(years, YearLink{Year: y, URL: PageURL(base, i/PageSize+1) + "#y" + strconv.Itoa(y)})
		}
		years[len(years)-1].Count++
	}
	lists := make([]List, total)
	for n := 1; n <= total; n++ {
		lo, hi := (n-1)*PageSize, min(n*PageSize, len(windows))
		l := List{Heading: heading, BaseURL: base, Years: years, Total: len(windows)}
		for _, w := range windows[lo:hi] {
			y := w.Start.Year()
			if len(l.Groups) == 0 || l.Groups[len(l.Groups)-1].Year != y {
				l.Groups = append(l.Groups, YearGroup{Year: y})
			}
			g := &l.Groups[len(l.Groups)-1]
			g.Windows = append(g.Windows, w)
		}
		l.Pager = Pager{Current: n, Total: total}
		if n > 1 {
			l.Pager.Prev = PageURL(base, n-1)
		}
		if n < total {
			l.Pager.Next = PageURL(base, n+1)
		}
		l.Pager.Pages = pageLinks(base, n, total)
		lists[n-1] = l
	}
	return lists
}

// CorePages lists the pages every site has: home, windows, window pages,
// people, systems, tags, free pages and the 404 page.
func CorePages(site *model.Site, ix *aggregate.Index) []*Page {
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
	for i, w := range site.Windows {
		v := &WindowView{W: w}
		if i > 0 {
			v.Newer = site.Windows[i-1]
		}
		if i+1 < len(site.Windows) {
			v.Older = site.Windows[i+1]
		}
		pages = append(pages, &Page{URL: w.URL(), Template: "window.html", Title: w.Title, Section: "windows", Data: v})
	}
	groups := []struct {
		kind, base, section, heading string
		list                         []*aggregate.Group
	}{
		{"person", "/people/", "people", "People", ix.People},
		{"system", "/systems/", "systems", "Systems", ix.Systems},
		{"tag", "/tags/", "tags", "Tags", ix.Tags},
	}
	for _, g := range groups {
		pages = append(pages, &Page{URL: g.base, Template: "groups.html", Title: g.heading, Section: g.section,
			Data: &GroupIndex{Kind: g.kind, Groups: g.list}})
		for _, grp := range g.list {
			base := g.base + grp.Key + "/"
			name := grp.Key
			var person model.Person
			if g.kind == "person" {
				person = site.People[grp.Key]
				person.Handle = grp.Key
				if person.Name != "" {
					name = person.Name
				}
			} else if g.kind == "tag" {
				name = "#" + grp.Key
			}
			summary := groupSummary(grp)
			for i, l := range Paginate(base, name, grp.Windows) {
				v := summary
				v.Kind, v.Key, v.Person, v.Group, v.List, v.First = g.kind, grp.Key, person, grp, l, i == 0
				title := name
				if i > 0 {
					title = fmt.Sprintf("%s, page %d", name, i+1)
				}
				pages = append(pages, &Page{URL: PageURL(base, i+1), Template: "group.html", Title: title, Section: g.section, Data: &v})
			}
		}
	}
	for _, p := range site.Pages {
		pages = append(pages, &Page{URL: p.URL(), Template: "page.html", Title: p.Title, Section: "pages", Data: p})
	}
	pages = append(pages, &Page{URL: "/404.html", Template: "404.html", Title: "Page not found", NoIndex: true, Absolute: true})
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
	v.TasksOwned = len(g.Tasks)
	for _, it := range g.Items {
		if it.Action != nil && !it.Action.Done {
			v.OpenActions++
		}
	}
	v.RecentItems = g.Items
	if len(v.RecentItems) > 20 {
		v.RecentItems = v.RecentItems[:20]
	}
	v.RecentTasks = g.Tasks[:min(recentPerList, len(g.Tasks))]
	for _, it := range g.Items {
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
