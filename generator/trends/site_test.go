package trends_test

import (
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/output"
	"github.com/wrapup/wrapup/generator/trends"
)

// today is the build date of the hand-built site.
var today = time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC)

func handSite(t testing.TB) fstest.MapFS {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/hand.txtar")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

func buildHand(t *testing.T) (*output.Memory, *build.Result) {
	t.Helper()
	mem := output.NewMemory()
	res, err := build.Build(handSite(t), build.Options{Now: today}, mem)
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diagnostics)
	}
	return mem, res
}

func page(t *testing.T, mem *output.Memory, name string) string {
	t.Helper()
	b, ok := mem.Get(name)
	if !ok {
		t.Fatalf("%s not written", name)
	}
	return string(b)
}

// text is a page's HTML reduced to its words, so assertions read like the page.
func text(html string) string {
	// The theme keeps "2024 Q1" on one line with a span: it goes without a
	// space.
	html = regexp.MustCompile(`<span class="nw">([^<]*)</span>`).ReplaceAllString(html, "$1")
	html = regexp.MustCompile(`(?s)<svg.*?</svg>|<[^>]*>`).ReplaceAllString(html, " ")
	return strings.Join(strings.Fields(html), " ")
}

func f(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestHandSiteFigures(t *testing.T) {
	_, res := buildHand(t)
	r := res.Trends
	if len(r.Held) != 4 {
		t.Fatalf("held = %d, want 4", len(r.Held))
	}
	if len(r.Quarters) != 2 || r.Quarters[0].Quarter != (trends.Quarter{2024, 1}) || r.Quarters[1].Quarter != (trends.Quarter{2024, 2}) {
		t.Fatalf("quarters = %v", r.Quarters)
	}
	q1, q2, all := r.Quarters[0], r.Quarters[1], r.All
	checks := []struct {
		name      string
		got, want any
	}{
		// 2024 Q1: db-upgrade (success, -30m, 1.5×, 9 days, 2/2 spoke, 2 tasks one dropped)
		// and storage (minor impact, +60m, 2×, 3 days late, 1/3 spoke, 1 task).
		{"Q1 windows", q1.Windows, 2},
		{"Q1 success rate", f(q1.SuccessRate), 0.5},
		{"Q1 no-impact rate", f(q1.NoImpactRate), 0.5},
		{"Q1 on-time rate", f(q1.OnTimeRate), 0.5},
		{"Q1 overrun median", f(q1.OverrunMedian), 15.0},   // (-30 + 60) / 2
		{"Q1 overrun p90", f(q1.OverrunP90), 60.0},         // nearest rank: ceil(0.9*2) = 2nd
		{"Q1 estimate median", f(q1.EstimateMedian), 1.75}, // (1.5 + 2) / 2
		{"Q1 notice median", f(q1.NoticeMedian), 6.0},      // (9 + 3) / 2
		{"Q1 late notice", q1.LateNotice, 1},
		{"Q1 participation median", f(q1.ParticipationMedian), 0.667}, // (1 + 0.333) / 2, rounded
		{"Q1 tasks median", f(q1.TasksMedian), 1.5},
		{"Q1 dropped", q1.Dropped, 1},
		{"Q1 dropped rate", f(q1.DroppedRate), 0.333},
		// 2024 Q2: db-patch (partial task, -10m, 1×, no notice) and network (success, 0m, 0.75×, 10 days).
		{"Q2 success rate", f(q2.SuccessRate), 0.5},
		{"Q2 changes-made rate", f(q2.ChangesMadeRate), 0.5},
		{"Q2 overrun median", f(q2.OverrunMedian), -5.0},
		{"Q2 overrun p90", f(q2.OverrunP90), 0.0},
		{"Q2 estimate median", f(q2.EstimateMedian), 0.875},
		{"Q2 notice median", f(q2.NoticeMedian), 10.0}, // only one window has a notice
		{"Q2 late notice", q2.LateNotice, 1},           // no notice counts as late
		{"Q2 participation median", f(q2.ParticipationMedian), 1.0},
		// All four: overruns -30, -10, 0, 60.
		{"all success rate", f(all.SuccessRate), 0.5},
		{"all on-time rate", f(all.OnTimeRate), 0.75},
		{"all overrun median", f(all.OverrunMedian), -5.0},
		{"all overrun p90", f(all.OverrunP90), 60.0},
		{"all estimate median", f(all.EstimateMedian), 1.25}, // 0.75 1 1.5 2
		{"all late notice", all.LateNotice, 2},
		// Headline: the last held quarter is 2024 Q2; the four quarters before
		// 2023 Q3 have no windows, so there is no change to report.
		{"recent span", r.Headline.Recent.From.String() + " – " + r.Headline.Recent.To.String(), "2023 Q3 – 2024 Q2"},
		{"recent windows", r.Headline.Recent.Windows, 4},
		{"before windows", r.Headline.Before.Windows, 0},
		{"change", r.Headline.Change == nil, true},
		{"top problem", r.Headline.TopProblem.Tag, "testing"},
		{"top problem windows", r.Headline.TopProblem.Windows, 3},
		// The board: two open actions are overdue on 2024-07-01.
		{"actions", r.Board.Total, 5},
		{"open", r.Board.Open, 3},
		{"overdue", r.Board.OverdueCount, 2},
		{"done", r.Board.Done, 2},
		{"completion rate", f(r.Board.CompletionRate), 0.4},
		{"median days to close", f(r.Board.MedianDaysToClose), 12.5}, // 10 and 15
		{"unowned", r.Board.Unowned, 1},
		{"headline open", r.Headline.OpenActions, 3},
		{"headline overdue", r.Headline.Overdue, 2},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}

	// Board order: open by due date (the most overdue first), then done, latest first.
	var order []string
	for _, a := range r.Board.Actions {
		order = append(order, a.Action.Text+"/"+a.Status())
	}
	want := []string{"Write a replica test script/overdue", "Label the cables/overdue", "Automate patching/open", "Order more disks/done", "Number every step/done"}
	if strings.Join(order, "|") != strings.Join(want, "|") {
		t.Errorf("board order\n got %v\nwant %v", order, want)
	}
	if a := r.Board.Actions[0]; a.DaysOverdue != 151 { // 2024-02-01 to 2024-07-01
		t.Errorf("days overdue = %d, want 151", a.DaysOverdue)
	}
	// Backlog: Q1 opens 3 and closes 2; Q2 opens 2; Q3 (today) nothing new.
	var backlog []string
	for _, p := range r.Board.Backlog {
		backlog = append(backlog, p.Quarter.String()+":"+itoa(p.Opened)+"/"+itoa(p.Closed)+"/"+itoa(p.Open))
	}
	if got := strings.Join(backlog, " "); got != "2024 Q1:3/2/1 2024 Q2:2/0/3 2024 Q3:0/0/3" {
		t.Errorf("backlog = %s", got)
	}

	// Recurring: #testing went wrong in three windows, two in Q1 and one in Q2.
	row := r.WentWrong.Rows[0]
	if len(r.WentWrong.Rows) != 1 || row.Tag != "testing" || row.Cells[0].Windows != 2 || row.Cells[1].Windows != 1 {
		t.Errorf("went-wrong matrix = %+v", r.WentWrong.Rows)
	}
	if len(r.WentWell.Rows) != 1 || r.WentWell.Rows[0].Tag != "communication" || r.WentWell.OnceTags != 1 {
		t.Errorf("went-well matrix = %+v once %d", r.WentWell.Rows, r.WentWell.OnceTags)
	}
	if len(r.RepeatedIdeas) != 1 || r.RepeatedIdeas[0].Windows != 2 || r.RepeatedIdeas[0].Text != "Video bridge for the team" {
		t.Errorf("repeated ideas = %+v", r.RepeatedIdeas)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestHandSiteRelatedAndCarried(t *testing.T) {
	mem, res := buildHand(t)
	r := res.Trends
	find := func(id string) []string {
		for w, rel := range r.Related {
			if w.ID == id {
				var out []string
				for _, x := range rel {
					out = append(out, x.W.ID+":"+itoa(x.Score))
				}
				return out
			}
		}
		return nil
	}
	// db-patch against db-upgrade: system postgresql (2), tags database and
	// testing (1 each), went-wrong words replica, slow, tests (1 each) = 7.
	// Against storage: tag testing (1), words slow, tests (2) = 3.
	if got := strings.Join(find("2024-04-20-db-patch"), " "); got != "2024-01-10-db-upgrade:7 2024-02-15-storage:3" {
		t.Errorf("related to db-patch = %s", got)
	}
	// The planned move shares postgresql (2) and #database (1) with both
	// database windows: a tie, the newer first.
	if got := strings.Join(find("2024-09-01-db-move"), " "); got != "2024-04-20-db-patch:3 2024-01-10-db-upgrade:3" {
		t.Errorf("related to db-move = %s", got)
	}
	carried := func(id string) []string {
		for w, c := range r.Carried {
			if w.ID == id {
				var out []string
				for _, a := range c.Actions {
					out = append(out, a.Action.Text+" ["+strings.Join(a.Shared(), ",")+"]")
				}
				return out
			}
		}
		return nil
	}
	if got := strings.Join(carried("2024-09-01-db-move"), "|"); got != "Automate patching [postgresql,#database]|Write a replica test script [postgresql,#database]" {
		t.Errorf("carried into db-move = %s", got)
	}
	// "Number every step" was done on 2024-01-20, before db-patch: not carried.
	if got := strings.Join(carried("2024-04-20-db-patch"), "|"); got != "Write a replica test script [postgresql,#database]" {
		t.Errorf("carried into db-patch = %s", got)
	}

	// On the pages.
	move := text(page(t, mem, "windows/2024-09-01-db-move/index.html"))
	for _, want := range []string{"Carried into this window", "Automate patching", "Write a replica test script", "overdue 151 days",
		"Have we seen this before?", "Database patch", "same system postgresql; tag #database"} {
		if !strings.Contains(move, want) {
			t.Errorf("db-move page lacks %q", want)
		}
	}
	patch := page(t, mem, "windows/2024-04-20-db-patch/index.html")
	if !strings.Contains(text(patch), `went wrong alike: “replica”, “slow”, “tests”`) {
		t.Errorf("db-patch page does not give the shared words: %s", text(patch))
	}
	if strings.Contains(page(t, mem, "windows/2024-01-10-db-upgrade/index.html"), "Have we seen this before?") {
		t.Error("the first window has nothing before it, yet shows related windows")
	}
}

func TestHandSitePages(t *testing.T) {
	mem, _ := buildHand(t)
	trendsPage := text(page(t, mem, "trends/index.html"))
	for _, want := range []string{
		"4 held windows, 2024 Q1 to 2024 Q2",
		"50% of windows succeeded in the last four quarters (2023 Q3 – 2024 Q2, 4 windows)",
		"keeps coming back #testing : went wrong in 3 windows, last in 2024 Q2",
		"3 open , 2 overdue",
		"Success rate 50% – 50%",                            // last 4 quarters, the 4 before (none), all
		"Overrun, median 5m early – 5m early",               // -5 minutes
		"Overrun, 90th percentile 1h late – 1h late",        // 60 minutes
		"Estimate (actual ÷ planned), median 1.25× – 1.25×", // 0.75 1 1.5 2
		"2024 Q1 2 50% 100% 50% 50% 15m late 1h late 1.75× 6 days 1 67% 1.5 1",
		"2024 Q2 2 50% 50% 100% 100% 5m early on time 0.88× 10 days 1 100% 1 0",
		"Upgrade the database planned 1h, took 1h 30m (1.50×)", // the worst-estimated tasks
	} {
		if !strings.Contains(trendsPage, want) {
			t.Errorf("/trends/ lacks %q", want)
		}
	}
	// Charts: inline SVG with a caption and a data table.
	raw := page(t, mem, "trends/index.html")
	// Ten charts, the three criteria drawn as small multiples of one each.
	if n := strings.Count(raw, "<svg class=\"chart-svg\""); n != 12 {
		t.Errorf("/trends/ has %d charts, want 12", n)
	}
	if n := strings.Count(raw, `<figure class="chart chart-small"`); n != 3 {
		t.Errorf("/trends/ has %d small multiples, want the 3 criteria", n)
	}
	if !strings.Contains(raw, `<caption>Success rate by quarter</caption>`) || !strings.Contains(raw, `<th scope="row">2024 Q1</th><td>50%</td>`) {
		t.Error("the success chart has no data table")
	}

	board := text(page(t, mem, "actions/index.html"))
	for _, want := range []string{"3 open actions", "2 overdue", "40% done (2 of 5)", "12.5 days median time to close",
		"1 open action has no owner.", "overdue 151 days Write a replica test script"} {
		if !strings.Contains(board, want) {
			t.Errorf("/actions/ lacks %q", want)
		}
	}
	if i, j := strings.Index(board, "Label the cables"), strings.Index(board, "Number every step"); i < 0 || j < 0 || i > j {
		t.Error("open actions must come before done ones")
	}
	overdue := text(page(t, mem, "actions/overdue/index.html"))
	if !strings.Contains(overdue, "2 actions are still open after their due date") || strings.Contains(overdue, "Automate patching") {
		t.Errorf("/actions/overdue/ = %s", overdue)
	}
	ann := text(page(t, mem, "actions/owner/ann/index.html"))
	if !strings.Contains(ann, "2 open, 1 overdue , 0 done") || strings.Contains(ann, "Order more disks") {
		t.Errorf("/actions/owner/ann/ = %s", ann)
	}
	if tag := text(page(t, mem, "actions/tag/process/index.html")); !strings.Contains(tag, "Automate patching") || !strings.Contains(tag, "Number every step") {
		t.Errorf("/actions/tag/process/ = %s", tag)
	}

	recurring := page(t, mem, "trends/recurring/index.html")
	// Two Q1 items: the cell links to the lessons page section; one Q2 item: to the item itself.
	if !strings.Contains(recurring, `href="../../lessons/testing/#2024-q1-went_wrong"`) ||
		!strings.Contains(recurring, `href="../../windows/2024-04-20-db-patch/#went-wrong-1"`) {
		t.Errorf("recurring cells do not link to their items:\n%s", recurring)
	}
	lessons := page(t, mem, "lessons/testing/index.html")
	if !strings.Contains(lessons, `id="2024-q1-went_wrong"`) {
		t.Error("lessons page lacks the quarter anchor the matrix links to")
	}
	lt := text(lessons)
	// Newest first: Q2's item before Q1's two, which are newest window first.
	a, b, c := strings.Index(lt, "Replica tests slow once more"), strings.Index(lt, "Tests were slow again on the array"), strings.Index(lt, "Tests were slow on the replica")
	if !(a >= 0 && a < b && b < c) {
		t.Errorf("lessons not newest first: %s", lt)
	}
	if _, ok := mem.Get("lessons/_untagged/index.html"); ok {
		t.Error("every lesson of the hand site has a tag, yet there is an untagged page")
	}

	home := text(page(t, mem, "index.html"))
	if !strings.Contains(home, "50% of windows succeeded in the last four quarters") || !strings.Contains(home, "#testing : went wrong in 3 windows") {
		t.Errorf("home lacks the headline trend: %s", home)
	}
}

func TestHandSiteExports(t *testing.T) {
	mem, _ := buildHand(t)
	rows := readCSV(t, mem, "data/windows.csv")
	if len(rows) != 5 {
		t.Fatalf("windows.csv has %d rows, want a header and 4 held windows", len(rows))
	}
	col := columns(rows[0])
	storage := rows[3] // newest first: network, patch, storage, upgrade
	for name, want := range map[string]string{"id": "2024-02-15-storage", "quarter": "2024 Q1", "success": "false", "no_impact": "false",
		"overrun_minutes": "60", "notice_days": "3", "late_notice": "true", "estimate": "2", "participation_rate": "0.333",
		"tasks": "1", "tasks_done": "1", "actions": "1", "actions_open": "0"} {
		if got := storage[col[name]]; got != want {
			t.Errorf("windows.csv storage %s = %q, want %q", name, got, want)
		}
	}
	if got := rows[4][col["actions_overdue"]]; got != "1" {
		t.Errorf("windows.csv db-upgrade actions_overdue = %q, want 1", got)
	}

	acts := readCSV(t, mem, "data/actions.csv")
	if len(acts) != 6 {
		t.Fatalf("actions.csv has %d rows, want 6", len(acts))
	}
	ac := columns(acts[0])
	status := map[string]string{}
	for _, r := range acts[1:] {
		status[r[ac["text"]]] = r[ac["status"]] + "/" + r[ac["days_overdue"]] + "/" + r[ac["days_to_close"]]
	}
	for text, want := range map[string]string{"Write a replica test script": "overdue/151/", "Label the cables": "overdue/30/",
		"Automate patching": "open//", "Number every step": "done//10", "Order more disks": "done//15"} {
		if status[text] != want {
			t.Errorf("actions.csv %q = %q, want %q", text, status[text], want)
		}
	}

	var export struct {
		Windows []struct {
			ID      string `json:"id"`
			Actions []struct {
				Text        string `json:"text"`
				Overdue     bool   `json:"overdue"`
				DaysToClose *int   `json:"days_to_close"`
				Done        bool   `json:"done"`
			} `json:"actions"`
		} `json:"windows"`
	}
	if err := json.Unmarshal([]byte(page(t, mem, "data/windows.json")), &export); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, w := range export.Windows {
		for _, a := range w.Actions {
			d := "null"
			if a.DaysToClose != nil {
				d = itoa(*a.DaysToClose)
			}
			got[a.Text] = map[bool]string{true: "overdue", false: "-"}[a.Overdue] + "/" + d
		}
	}
	for text, want := range map[string]string{"Write a replica test script": "overdue/null", "Label the cables": "overdue/null",
		"Automate patching": "-/null", "Number every step": "-/10"} {
		if got[text] != want {
			t.Errorf("windows.json %q = %q, want %q", text, got[text], want)
		}
	}
}

func readCSV(t *testing.T, mem *output.Memory, name string) [][]string {
	t.Helper()
	data, ok := strings.CutPrefix(page(t, mem, name), "\ufeff")
	if !ok {
		t.Errorf("%s does not start with a UTF-8 byte-order mark", name)
	}
	rows, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rows
}

func columns(header []string) map[string]int {
	m := map[string]int{}
	for i, h := range header {
		m[h] = i
	}
	return m
}

// TestTrendsMatchExport recomputes the per-quarter figures from
// data/windows.json alone, on the sample archive of the repository, and
// checks them against the report and the trend page.
func TestTrendsMatchExport(t *testing.T) {
	for _, tc := range []struct {
		name string
		fsys func(t testing.TB) fstest.MapFS
	}{{"hand", handSite}, {"sample", sampleSite}} {
		t.Run(tc.name, func(t *testing.T) {
			mem := output.NewMemory()
			res, err := build.Build(tc.fsys(t), build.Options{Now: today}, mem)
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			var export struct {
				Windows []struct {
					Status   string `json:"status"`
					Start    string `json:"start"`
					Overrun  *int   `json:"overrun_minutes"`
					Estimate *float64
					Outcome  *struct {
						Success bool `json:"success"`
						OnTime  bool `json:"on_time"`
					} `json:"outcome"`
				} `json:"windows"`
			}
			if err := json.Unmarshal([]byte(page(t, mem, "data/windows.json")), &export); err != nil {
				t.Fatal(err)
			}
			type acc struct {
				n, ok, onTime int
				overrun       []float64
			}
			byQ := map[string]*acc{}
			for _, w := range export.Windows {
				if w.Status != "held" {
					continue
				}
				start, err := time.Parse(time.RFC3339, w.Start)
				if err != nil {
					t.Fatal(err)
				}
				q := trends.QuarterOf(start, start.Location()).String()
				a := byQ[q]
				if a == nil {
					a = &acc{}
					byQ[q] = a
				}
				a.n++
				if w.Outcome.Success {
					a.ok++
				}
				if w.Outcome.OnTime {
					a.onTime++
				}
				a.overrun = append(a.overrun, float64(*w.Overrun))
			}
			page := text(page(t, mem, "trends/index.html"))
			seen := 0
			for _, s := range res.Trends.Quarters {
				a := byQ[s.Quarter.String()]
				if a == nil {
					if s.Windows != 0 {
						t.Errorf("%s: report has %d windows, the export none", s.Quarter, s.Windows)
					}
					continue
				}
				seen++
				if s.Windows != a.n || s.Successes != a.ok || s.OnTime != a.onTime {
					t.Errorf("%s: report %d/%d/%d, export %d/%d/%d", s.Quarter, s.Windows, s.Successes, s.OnTime, a.n, a.ok, a.onTime)
				}
				if m := trends.Median(a.overrun); *m != *s.OverrunMedian {
					t.Errorf("%s: overrun median %v, export gives %v", s.Quarter, *s.OverrunMedian, *m)
				}
				if row := s.Quarter.String() + " " + itoa(a.n) + " " + trendsPct(a.ok, a.n); !strings.Contains(page, row) {
					t.Errorf("/trends/ lacks the row %q", row)
				}
			}
			if seen != len(byQ) {
				t.Errorf("report has %d quarters with windows, the export %d", seen, len(byQ))
			}
		})
	}
}

func trendsPct(n, of int) string {
	return itoa(int(float64(n)/float64(of)*100+0.5)) + "%"
}

// sampleSite is the repository's own sample archive (wrapup.yaml and content/).
func sampleSite(t testing.TB) fstest.MapFS {
	t.Helper()
	root := os.DirFS("../..")
	fsys := fstest.MapFS{}
	for _, pattern := range []string{"wrapup.yaml", "content/*.md", "content/*.yaml", "content/*/*.md", "content/*/*/*.md"} {
		names, err := fs.Glob(root, pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			data, err := fs.ReadFile(root, name)
			if err != nil {
				t.Fatal(err)
			}
			fsys[name] = &fstest.MapFile{Data: data}
		}
	}
	if len(fsys) < 5 {
		t.Fatalf("sample site not found: %d files", len(fsys))
	}
	return fsys
}
