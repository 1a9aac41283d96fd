package body

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/model"
)

// one parses a body made of one section holding one list item and returns the
// result and diagnostics.
func one(t *testing.T, heading, item string, held bool) (Result, diag.List) {
	t.Helper()
	marker := "- "
	if heading == "Tasks" {
		marker = "1. "
	}
	src := "## " + heading + "\n" + marker + item + "\n"
	return Parse([]byte(src), Options{Path: "w.md", FirstLine: 1, Held: held, Start: model.Date{Year: 2013, Month: 1, Day: 19}})
}

func messages(d diag.List) string {
	var b strings.Builder
	for _, x := range d {
		b.WriteString(x.Error() + "\n")
	}
	return b.String()
}

const formatExample = `We upgraded every PostgreSQL cluster and took back disk space.

## Tasks
1. Upgrade the PostgreSQL databases @jane [done] planned:60m actual:75m
   1. Stop the application servers
   2. Run ` + "`pg_upgrade`" + ` on each cluster
2. Recover 5% of the disk space on the largest cluster @raj [done] planned:40m actual:30m
3. Migrate the reporting replica @lee [dropped]

## What went well
- A custom error message for the maintenance window @ann #communication
- Phone bridge and chat room for the whole team @tom #communication

## What went wrong
- Customers did not get enough of a heads-up @kim #communication
- Tests looked at one database at a time @lee #testing

## Next time
- [ ] Tell customers a week ahead @kim #communication due:2013-02-10
- [x] Number every step @raj #process done:2013-01-25

## Ideas
- Video conferencing during the window @sam #communication
`

func ip(n int) *int { return &n }

func TestFormatExample(t *testing.T) {
	r, d := Parse([]byte(formatExample), Options{Path: "content/windows/2013-01-19-postgres-upgrade.md", FirstLine: 12, Held: true, Start: model.Date{Year: 2013, Month: 1, Day: 19}})
	if len(d) != 0 {
		t.Fatalf("diagnostics:\n%s", messages(d))
	}
	if r.Summary != "We upgraded every PostgreSQL cluster and took back disk space." {
		t.Errorf("summary %q", r.Summary)
	}
	wantTasks := []model.Task{
		{Number: 1, Anchor: "task-1", Title: "Upgrade the PostgreSQL databases",
			Owners: []string{"jane"}, Status: "done", PlannedMinutes: ip(60), ActualMinutes: ip(75), Line: 15,
			Steps: []model.Step{
				{Number: "1.1", Anchor: "task-1-1", Title: "Stop the application servers", TitleHTML: "Stop the application servers", Owners: []string{}, Line: 16},
				{Number: "1.2", Anchor: "task-1-2", Title: "Run pg_upgrade on each cluster", TitleHTML: "Run <code>pg_upgrade</code> on each cluster", Owners: []string{}, Line: 17},
			}},
		{Number: 2, Anchor: "task-2", Title: "Recover 5% of the disk space on the largest cluster",
			Owners: []string{"raj"}, Status: "done", PlannedMinutes: ip(40), ActualMinutes: ip(30), Steps: []model.Step{}, Line: 18},
		{Number: 3, Anchor: "task-3", Title: "Migrate the reporting replica",
			Owners: []string{"lee"}, Status: "dropped", Steps: []model.Step{}, Line: 19},
	}
	if !reflect.DeepEqual(r.Tasks, wantTasks) {
		t.Errorf("tasks:\n got %+v\nwant %+v", r.Tasks, wantTasks)
	}
	item := func(anchor, text string, people []string, tag string, line int) model.Item {
		return model.Item{Anchor: anchor, Text: text, People: people, Tags: []string{tag}, Line: line}
	}
	if want := []model.Item{
		item("went-well-1", "A custom error message for the maintenance window", []string{"ann"}, "communication", 22),
		item("went-well-2", "Phone bridge and chat room for the whole team", []string{"tom"}, "communication", 23),
	}; !reflect.DeepEqual(r.WentWell, want) {
		t.Errorf("went well:\n got %+v\nwant %+v", r.WentWell, want)
	}
	if want := []model.Item{
		item("went-wrong-1", "Customers did not get enough of a heads-up", []string{"kim"}, "communication", 26),
		item("went-wrong-2", "Tests looked at one database at a time", []string{"lee"}, "testing", 27),
	}; !reflect.DeepEqual(r.WentWrong, want) {
		t.Errorf("went wrong:\n got %+v\nwant %+v", r.WentWrong, want)
	}
	if want := []model.Item{
		item("idea-1", "Video conferencing during the window", []string{"sam"}, "communication", 34),
	}; !reflect.DeepEqual(r.Ideas, want) {
		t.Errorf("ideas:\n got %+v\nwant %+v", r.Ideas, want)
	}
	wantActions := []model.Action{
		{Anchor: "action-1", Text: "Tell customers a week ahead", Owners: []string{"kim"}, Tags: []string{"communication"},
			Due: &model.Date{Year: 2013, Month: time.February, Day: 10}, Line: 30},
		{Anchor: "action-2", Text: "Number every step", Owners: []string{"raj"}, Tags: []string{"process"},
			Done: true, DoneOn: &model.Date{Year: 2013, Month: time.January, Day: 25}, Line: 31},
	}
	if !reflect.DeepEqual(r.Actions, wantActions) {
		t.Errorf("actions:\n got %+v\nwant %+v", r.Actions, wantActions)
	}
	var kinds []model.SectionKind
	for _, s := range r.Sections {
		kinds = append(kinds, s.Kind)
	}
	wantKinds := []model.SectionKind{model.SectionIntro, model.SectionTasks, model.SectionWentWell, model.SectionWentWrong, model.SectionNextTime, model.SectionIdeas}
	if !reflect.DeepEqual(kinds, wantKinds) {
		t.Fatalf("sections %v, want %v", kinds, wantKinds)
	}
	tasks := r.Sections[1]
	if tasks.Heading != "Tasks" || tasks.Anchor != "tasks" || tasks.Line != 14 ||
		!reflect.DeepEqual(tasks.Parts, []model.Part{{List: true, From: 0, To: 3, Ordered: true}}) {
		t.Errorf("tasks section %+v", tasks)
	}
	if r.Sections[0].Line != 12 || r.Sections[0].Text != r.Summary || len(r.Sections[0].Parts) != 1 {
		t.Errorf("intro %+v", r.Sections[0])
	}
	if !reflect.DeepEqual(r.HeadingIDs, []string{"tasks", "what-went-well", "what-went-wrong", "next-time", "ideas"}) {
		t.Errorf("heading ids %v", r.HeadingIDs)
	}
}

func TestDiagnosticPositions(t *testing.T) {
	src := "Intro.\n\n## Tasks\n1. Do it [wip]\n2. Again\n   1. Step *x* planned:5m\n"
	_, d := Parse([]byte(src), Options{Path: "content/windows/x.md", FirstLine: 12, Held: true})
	var got []string
	for _, x := range d {
		got = append(got, x.Error())
	}
	want := []string{
		"content/windows/x.md:15:10: unknown task status [wip]",
		"content/windows/x.md:16:1: task 2 has no status",
		"content/windows/x.md:17:16: planned:5m on a step",
	}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("got %q, want prefix %q", got[i], want[i])
		}
	}
	// CRLF line ends keep the same positions.
	_, d2 := Parse([]byte(strings.ReplaceAll(src, "\n", "\r\n")), Options{Path: "content/windows/x.md", FirstLine: 12, Held: true})
	if !reflect.DeepEqual(d, d2) {
		t.Errorf("CRLF: %v vs %v", d2, d)
	}
}

func TestRawHTMLAndDangerousLinks(t *testing.T) {
	src := "<script>alert(1)</script>\n\nSee [me](javascript:alert(1)) and <javascript:alert(2)> and [d](data:text/html;base64,xx) <img src=x onerror=alert(3)>\n\n" +
		"## Went well\n- Good <b onclick=\"x()\">bold</b> [click](JAVASCRIPT:alert(4)) @kim\n\n## Notes\n\n<div>raw</div>\n"
	r, d := Parse([]byte(src), Options{Path: "w.md"})
	// Nothing vanishes without a word: each piece of HTML left out is a
	// warning at its position.
	var where []string
	for _, x := range d {
		if x.Severity != diag.Warning || !strings.Contains(x.Message, "left out of the page") {
			t.Errorf("unexpected %s", x.Message)
		}
		where = append(where, fmt.Sprintf("%d:%d", x.Line, x.Col))
	}
	if got := strings.Join(where, " "); got != "1:1 3:91 6:8 10:1" {
		t.Errorf("HTML warnings at %s, want 1:1 3:91 6:8 10:1\n%s", got, messages(d))
	}
	var html []string
	for _, s := range r.Sections {
		for _, p := range s.Parts {
			html = append(html, p.HTML)
		}
	}
	html = append(html, r.WentWell[0].HTML(), r.WentWell[0].DetailHTML())
	all := strings.ToLower(strings.Join(html, "\n"))
	for _, bad := range []string{"<script", `href="javascript`, `href="data:`, `href=""`, "<img", "onerror", "onclick", "<div", "<b "} {
		if strings.Contains(all, bad) {
			t.Errorf("HTML holds %q:\n%s", bad, all)
		}
	}
	if !strings.Contains(all, "me") || r.WentWell[0].Text != "Good bold click" || r.WentWell[0].HTML() != "Good bold click" {
		t.Errorf("item %+v", r.WentWell[0])
	}
	if strings.Contains(r.WentWell[0].HTML(), "<a") {
		t.Errorf("dangerous link still a link: %q", r.WentWell[0].HTML())
	}
}

// A <br>, as wiki exports have it in paragraphs and table cells, renders as
// a line break and reads as a space: it is not raw HTML to drop.
func TestBreakTag(t *testing.T) {
	src := "Both arrays.<br>Contact: us.\n\n## Notes\n| a | b |\n|---|---|\n| one<br/>two | x |\n"
	r, d := Parse([]byte(src), Options{Path: "w.md"})
	if len(d) != 0 {
		t.Fatalf("%s", messages(d))
	}
	if r.Summary != "Both arrays. Contact: us." {
		t.Errorf("summary %q", r.Summary)
	}
	var html string
	for _, s := range r.Sections {
		for _, p := range s.Parts {
			html += p.HTML
		}
	}
	if !strings.Contains(html, "Both arrays.<br>") || !strings.Contains(html, "<td>one<br>") || strings.Contains(html, "omitted") {
		t.Errorf("HTML %s", html)
	}
}

func TestHighlighting(t *testing.T) {
	src := "## Timeline\n\n```go\nfunc main() { fmt.Println(\"hi\") }\n```\n\n## Tasks\n1. Run it [done]\n\n   ```sh\n   echo hi\n   ```\n"
	r, _ := Parse([]byte(src), Options{Path: "w.md", Held: true})
	h := r.Sections[0].Parts[0].HTML
	if !strings.Contains(h, `<pre class="chroma">`) || !strings.Contains(h, `<span class="kd">func</span>`) || strings.Contains(h, "style=") {
		t.Errorf("highlighted %q", h)
	}
	if !strings.Contains(r.Tasks[0].DetailHTML(), `class="chroma"`) {
		t.Errorf("task code %q", r.Tasks[0].DetailHTML())
	}
	css := CSS()
	for _, w := range []string{".chroma .kd {", "@media (prefers-color-scheme: dark) {", "unset"} {
		if !strings.Contains(css, w) {
			t.Errorf("CSS lacks %q", w)
		}
	}
	if strings.Contains(css, ".bg ") {
		t.Errorf("CSS keeps .bg")
	}
}

func TestParsePage(t *testing.T) {
	src := "# How we run windows\n\nWe number **every** step. See [the list](/windows/) and [tasks](#task-1).\n\n## Task 1\n\n- @kim owns [done]\n"
	p, d := ParsePage([]byte(src), "content/pages/process.md", 4)
	if len(d) != 0 {
		t.Fatalf("%s", messages(d))
	}
	if p.Summary != "We number every step. See the list and tasks." {
		t.Errorf("summary %q", p.Summary)
	}
	if !strings.Contains(p.HTML, "<li>@kim owns [done]</li>") || !strings.Contains(p.HTML, `<h2 id="h-task-1">`) {
		t.Errorf("html %q", p.HTML)
	}
	if p.Text != "How we run windows We number every step. See the list and tasks. Task 1 @kim owns [done]" {
		t.Errorf("text %q", p.Text)
	}
	want := []model.Link{{Dest: "/windows/", Written: "/windows/", Line: 6, Col: 31}, {Dest: "#task-1", Written: "#task-1", Line: 6, Col: 57}}
	if !reflect.DeepEqual(p.Links, want) {
		t.Errorf("links %+v", p.Links)
	}
	if !reflect.DeepEqual(p.HeadingIDs, []string{"how-we-run-windows", "h-task-1"}) {
		t.Errorf("ids %q", p.HeadingIDs)
	}
}

// testBodies returns the bodies of testdata/windows (written by
// shared/tools/genarchive.go), with whether each window was held.
func testBodies(t testing.TB) (names []string, bodies [][]byte, held []bool, first []int) {
	files, _ := filepath.Glob("testdata/windows/*.md")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		end := strings.Index(s[4:], "\n---\n") + 4
		fm := s[:end]
		body := s[end+5:]
		names = append(names, filepath.Base(f))
		bodies = append(bodies, []byte(body))
		held = append(held, strings.Contains(fm, "\nend:"))
		first = append(first, strings.Count(s[:end+5], "\n")+1)
	}
	return
}

func TestGeneratedArchive(t *testing.T) {
	names, bodies, held, first := testBodies(t)
	for i, b := range bodies {
		r, d := Parse(b, Options{Path: names[i], FirstLine: first[i], Held: held[i]})
		if d.HasErrors() {
			t.Errorf("%s:\n%s", names[i], messages(d))
		}
		if len(r.Tasks) == 0 || r.Summary == "" {
			t.Errorf("%s: %d tasks, summary %q", names[i], len(r.Tasks), r.Summary)
		}
		for _, task := range r.Tasks {
			if strings.ContainsAny(task.Title, "@[") || task.Title == "" {
				t.Errorf("%s: title %q", names[i], task.Title)
			}
		}
	}
}

func TestConcurrent(t *testing.T) {
	_, bodies, held, _ := testBodies(t)
	want := make([]Result, len(bodies))
	for i, b := range bodies {
		want[i], _ = Parse(b, Options{Held: held[i]})
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, b := range bodies {
				got, _ := Parse(b, Options{Held: held[i]})
				if !reflect.DeepEqual(got, want[i]) {
					for k := range got.Sections {
						if !reflect.DeepEqual(got.Sections[k], want[i].Sections[k]) {
							t.Errorf("body %d differs when parsed concurrently:\n%+v\n%+v", i, got.Sections[k], want[i].Sections[k])
						}
					}
					t.Errorf("body %d differs when parsed concurrently", i)
				}
			}
		}()
	}
	wg.Wait()
}

func FuzzParse(f *testing.F) {
	f.Add(formatExample)
	f.Add("## Tasks\n- a\n## Tasks\n1. [x] b [wip]\n   1. c planned:5m\n## Timeline\n```go\nx\n```\n")
	f.Add("Title\n=====\n\nWhat went wel\n---\n- a @b\n  - c @d\n")
	f.Add("a<br>b <b>c</b>\n\n<p>d</p>\n\n## 5. Tasks\n1. x<br/>@k [done]\n## 3.1 Customer notice:\n[s](https://s.example) <m@e.x>\n")
	f.Add("## Next time\n- [ ] a due:2013-02-30 done:2013-01-01\n* b\n\n[^1]\n\n[^1]: note @kim\n")
	f.Add("| a | b |\n|---|---|\n| @x | [done] |\n\n## Ideas\n> - quote\n\n<div>\n## Notes\n</div>\n")
	f.Fuzz(func(t *testing.T, s string) {
		t0 := time.Now()
		defer func() {
			if d := time.Since(t0); d > 10*time.Second {
				t.Fatalf("slow (%v): %q", d, s)
			}
		}()
		for _, held := range []bool{false, true} {
			r, d := Parse([]byte(s), Options{Path: "f.md", FirstLine: 3, Held: held, Start: model.Date{Year: 2013, Month: 1, Day: 19}})
			for _, x := range d {
				if x.Line < 1 && x.Line != 0 || x.Col < 0 {
					t.Fatalf("bad position %v", x)
				}
			}
			for _, s := range r.Sections {
				for _, p := range s.Parts {
					if p.From > p.To {
						t.Fatalf("bad part %+v", p)
					}
				}
			}
			if loose, _ := parseLoose([]byte(s), Options{Path: "f.md", FirstLine: 3, Held: held, Start: model.Date{Year: 2013, Month: 1, Day: 19}}); !reflect.DeepEqual(r, loose) {
				t.Fatalf("compacting changed the result:\n%+v\n%+v", r, loose)
			}
		}
		_, _ = ParsePage([]byte(s), "p.md", 1)
	})
}

func BenchmarkParse(b *testing.B) {
	_, bodies, held, _ := testBodies(b)
	size := 0
	for _, x := range bodies {
		size += len(x)
	}
	b.SetBytes(int64(size / len(bodies)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(bodies)
		_, _ = Parse(bodies[k], Options{Path: "x.md", FirstLine: 12, Held: held[k]})
	}
}

// BenchmarkParseNoCode is BenchmarkParse without the fenced code blocks, whose
// chroma highlighting is about half the cost of a typical body.
func BenchmarkParseNoCode(b *testing.B) {
	_, bodies, held, _ := testBodies(b)
	for i, x := range bodies {
		s := string(x)
		for {
			start := strings.Index(s, "```")
			if start < 0 {
				break
			}
			end := strings.Index(s[start+3:], "```")
			if end < 0 {
				break
			}
			s = s[:start] + s[start+3+end+3:]
		}
		bodies[i] = []byte(s)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(bodies)
		_, _ = Parse(bodies[k], Options{Path: "x.md", FirstLine: 12, Held: held[k]})
	}
}
