package linkcheck

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wrapup/wrapup/generator/model"
)

// archive makes n windows, each linking to the one before it (a task
// anchor), to a free page, and outside the site.
func archive(n int) *model.Site {
	site := &model.Site{Pages: []*model.Page{{Name: "process", Path: "content/pages/process.md", HeadingIDs: []string{"before"}}}}
	for i := range n {
		w := &model.Window{ID: fmt.Sprintf("2020-01-01-w%d", i), Path: fmt.Sprintf("content/windows/w%d.md", i),
			Tasks: []model.Task{{Anchor: "task-1"}}, Actions: []model.Action{{Anchor: "action-1"}}}
		if i > 0 {
			w.Links = []model.Link{
				{Dest: fmt.Sprintf("../2020-01-01-w%d/#task-1", i-1), Line: 9, Col: 3},
				{Dest: "/pages/process/#before", Line: 10, Col: 1},
				{Dest: "https://example.com/", Line: 11, Col: 1},
			}
		}
		site.Windows = append(site.Windows, w)
	}
	return site
}

func TestCheckArchive(t *testing.T) {
	site := archive(50)
	if d := Check(site, Options{}); len(d) != 0 {
		t.Fatalf("unexpected: %v", d)
	}
	site.Windows[7].Links[0].Dest = "../2020-01-01-w6/#task-2"
	d := Check(site, Options{})
	if len(d) != 1 || d[0].Error() != `content/windows/w7.md:9:3: link "../2020-01-01-w6/#task-2": window 2020-01-01-w6 has no anchor #task-2: did you mean #task-1?` {
		t.Errorf("got %v", d)
	}
}

// TestSourceFileFromTheWrongFolder: "../pages/process.md" is right from
// content/windows/ but not from a year folder under it, where it reads as
// content/windows/pages/process.md; the message says how to write it.
func TestSourceFileFromTheWrongFolder(t *testing.T) {
	site := archive(1)
	w := site.Windows[0]
	w.Path = "content/windows/2020/w0.md"
	w.Links = []model.Link{{Dest: "/windows/process/", Written: "../pages/process.md#before", Line: 3, Col: 5}}
	d := Check(site, Options{})
	want := `content/windows/2020/w0.md:3:5: link "../pages/process.md#before" points to /windows/process/, but there is no such window: ` +
		`the free page process is content/pages/process.md, and links to a source file start from this file's folder (content/windows/2020/): write ../../pages/process.md#before (or /pages/process.md#before)`
	if len(d) != 1 || d[0].Error() != want {
		t.Errorf("got %v\nwant %s", d, want)
	}
}

// TestMissingFileSaysWhereFilesGo: an image the site does not have says how
// to ship it.
func TestMissingFileSaysWhereFilesGo(t *testing.T) {
	site := archive(1)
	site.Windows[0].Links = []model.Link{{Dest: "/images/zoning.png", Line: 3, Col: 1}}
	d := Check(site, Options{URLs: []string{"/feed.xml"}})
	if len(d) != 1 || !strings.HasSuffix(d[0].Error(), `which the site does not have: to publish a file with the site, put it in the static/ folder of the site's theme, at themes/<theme>/static/images/zoning.png (themes/default/static/images/zoning.png with the default theme)`) {
		t.Errorf("got %v", d)
	}
}

func BenchmarkCheck10k(b *testing.B) {
	site := archive(10000)
	b.ReportAllocs()
	for b.Loop() {
		if d := Check(site, Options{}); len(d) != 0 {
			b.Fatal(d)
		}
	}
}

// TestMemoEqualsCheck: a Memo that keeps the targets from check to check
// reports what Check reports after each edit: a window replaced by one
// without the anchor another links to, a window added, a URL gone.
func TestMemoEqualsCheck(t *testing.T) {
	site := archive(20)
	urls := []string{"/feed.xml", "/people/"}
	m := NewMemo()
	step := func(what string) {
		t.Helper()
		facts := uint64(len(urls))
		for _, u := range urls {
			facts = facts*31 + uint64(len(u))
		}
		got := m.Check(site, Options{}, func() []string { return urls }, facts)
		want := Check(site, Options{URLs: urls})
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: memo gives %v, Check %v", what, got, want)
		}
	}
	step("first")
	for _, w := range site.Windows[1:] {
		w.Links = append(w.Links, model.Link{Dest: "/people/", Line: 12, Col: 1})
	}
	step("links added")
	edited := *site.Windows[6]
	edited.Tasks = []model.Task{{Anchor: "task-9"}}
	site.Windows[6] = &edited
	step("anchor gone")
	urls = []string{"/feed.xml"}
	step("URL gone")
	site.Windows = append(site.Windows, &model.Window{ID: "2020-01-01-new", Path: "content/windows/new.md",
		Links: []model.Link{{Dest: "../2020-01-01-w3/#task-1", Line: 2, Col: 2}}})
	step("window added")
	if n := len(Check(site, Options{URLs: urls})); n != 20 {
		t.Errorf("%d diagnostics at the end, want 20 (19 links to /people/, one anchor)", n)
	}
}
