package body

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/model"
)

// Case files (testdata/cases/*.txt), after goldmark's testutil: each case is
//
//	N: what it shows [held] [people=Kim Lee:kim,Jane Doe:jane] [title=Some title]
//	//- - - - - - - - -//
//	the window body, as a page would have it
//	//- - - - - - - - -//
//	a JSON object: the parts of the result to compare (see caseView)
//	L:C: warning|error: words the message contains     (every diagnostic, in order)
//	//= = = = = = = = = = = = = = = = = = = = = = = =//
//
// Only the keys the expected object names are compared, so a case states
// just what it is about. Without diagnostic lines the case must have none.
// Adding a case is adding text, not code.

const (
	caseSep = "//- - - - - - - - -//"
	caseEnd = "//= = = = = = = = = = = = = = = = = = = = = = = =//"
)

type testCase struct {
	file, name string
	line       int
	opts       Options
	body       string
	want       map[string]json.RawMessage
	diags      []string
}

func readCases(t *testing.T, path string) []testCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []testCase
	sc := bufio.NewScanner(f)
	lineNo := 0
	next := func() (string, bool) {
		if !sc.Scan() {
			return "", false
		}
		lineNo++
		return sc.Text(), true
	}
	for {
		head, ok := next()
		if !ok {
			break
		}
		if strings.TrimSpace(head) == "" {
			continue
		}
		c := testCase{file: filepath.Base(path), line: lineNo, opts: Options{Path: "w.md", FirstLine: 1}}
		c.name, c.opts = caseHeader(t, head, c.opts)
		if l, _ := next(); l != caseSep {
			t.Fatalf("%s:%d: want %s after the case header", path, lineNo, caseSep)
		}
		var body []string
		for {
			l, ok := next()
			if !ok {
				t.Fatalf("%s:%d: case %q does not end", path, c.line, c.name)
			}
			if l == caseSep {
				break
			}
			body = append(body, l)
		}
		c.body = strings.Join(body, "\n") + "\n"
		var js []string
		for {
			l, ok := next()
			if !ok {
				t.Fatalf("%s:%d: case %q does not end", path, c.line, c.name)
			}
			if l == caseEnd {
				break
			}
			if isDiagLine(l) {
				c.diags = append(c.diags, l)
				continue
			}
			js = append(js, l)
		}
		if s := strings.TrimSpace(strings.Join(js, "\n")); s != "" {
			if err := json.Unmarshal([]byte(s), &c.want); err != nil {
				t.Fatalf("%s:%d: case %q: expected JSON: %v", path, c.line, c.name, err)
			}
		}
		cases = append(cases, c)
	}
	return cases
}

// isDiagLine reports whether an expected line is a diagnostic ("12:3: warning: ...").
func isDiagLine(l string) bool {
	var line, col int
	var rest string
	n, _ := fmt.Sscanf(l, "%d:%d: %s", &line, &col, &rest)
	return n == 3 && (rest == "warning:" || rest == "error:")
}

func caseHeader(t *testing.T, head string, opts Options) (string, Options) {
	name := head
	for _, f := range strings.Fields(head) {
		switch {
		case f == "[held]":
			opts.Held = true
			opts.Start = model.Date{Year: 2024, Month: 3, Day: 16}
			name = strings.Replace(name, " "+f, "", 1)
		case strings.HasPrefix(f, "[people=") && strings.HasSuffix(f, "]"):
			byName := map[string]string{}
			for _, kv := range strings.Split(strings.TrimSuffix(strings.TrimPrefix(f, "[people="), "]"), ",") {
				n, h, _ := strings.Cut(kv, ":")
				byName[strings.ToLower(strings.ReplaceAll(n, "_", " "))] = h
			}
			opts.PersonByName = func(s string) (string, bool) { h, ok := byName[strings.ToLower(s)]; return h, ok }
			name = strings.Replace(name, " "+f, "", 1)
		case strings.HasPrefix(f, "[title=") && strings.HasSuffix(f, "]"):
			opts.Title = strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(f, "[title="), "]"), "_", " ")
			name = strings.Replace(name, " "+f, "", 1)
		}
	}
	return name, opts
}

// caseView is what a case can compare: the windows.json shape of the body's
// lists, plus the sections in reading order as "kind: heading" (level 3
// ones marked "###").
func caseView(r Result) map[string]any {
	items := func(list []model.Item) []map[string]any {
		out := []map[string]any{}
		for _, it := range list {
			out = append(out, map[string]any{"text": it.Text, "people": it.People, "tags": it.Tags})
		}
		return out
	}
	date := func(d *model.Date) any {
		if d == nil {
			return nil
		}
		return d.String()
	}
	actions := []map[string]any{}
	for _, a := range r.Actions {
		extra := map[string]string{}
		for _, c := range a.Extra() {
			extra[c.Column] = c.Text
		}
		actions = append(actions, map[string]any{"text": a.Text, "owners": a.Owners, "tags": a.Tags,
			"due": date(a.Due), "done": a.Done, "done_on": date(a.DoneOn), "extra": extra})
	}
	tasks := []map[string]any{}
	for _, t := range r.Tasks {
		tasks = append(tasks, map[string]any{"title": t.Title, "status": t.Status})
	}
	sections := []string{}
	for _, s := range r.Sections {
		mark := ""
		if s.Level == 3 {
			mark = "### "
		}
		sections = append(sections, mark+string(s.Kind)+": "+s.Heading)
	}
	var notice any
	if r.CustomerNotice != nil {
		notice = r.CustomerNotice.Text
	}
	return map[string]any{"sections": sections, "summary": r.Summary, "tasks": tasks,
		"went_well": items(r.WentWell), "went_wrong": items(r.WentWrong), "lucky": items(r.Lucky),
		"ideas": items(r.Ideas), "actions": actions, "customer_notice": notice}
}

func formatDiag(d diag.Diagnostic) string {
	sev := "error"
	if d.Severity == diag.Warning {
		sev = "warning"
	}
	return fmt.Sprintf("%d:%d: %s: %s", d.Line, d.Col, sev, d.Message)
}

// diagMatches reports whether got ("12:3: warning: the whole message")
// matches want ("12:3: warning: words it contains").
func diagMatches(got, want string) bool {
	var line, col int
	var sev string
	if n, _ := fmt.Sscanf(want, "%d:%d: %s", &line, &col, &sev); n != 3 {
		return false
	}
	prefix := fmt.Sprintf("%d:%d: %s ", line, col, sev)
	words := strings.TrimSpace(strings.TrimPrefix(want, prefix))
	return strings.HasPrefix(got, prefix) && strings.Contains(got, words)
}

func TestCaseFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/cases/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files: %v", err)
	}
	for _, file := range files {
		for _, c := range readCases(t, file) {
			t.Run(strings.TrimSuffix(c.file, ".txt")+"/"+c.name, func(t *testing.T) {
				r, d := Parse([]byte(c.body), c.opts)
				var got []string
				for _, x := range d {
					got = append(got, formatDiag(x))
				}
				ok := len(got) == len(c.diags)
				for i := 0; ok && i < len(got); i++ {
					ok = diagMatches(got[i], c.diags[i])
				}
				if !ok {
					t.Errorf("%s:%d: diagnostics\ngot:\n  %s\nwant:\n  %s", c.file, c.line, strings.Join(got, "\n  "), strings.Join(c.diags, "\n  "))
				}
				view := caseView(r)
				for key, want := range c.want {
					v, known := view[key]
					if !known {
						t.Fatalf("%s:%d: unknown key %q", c.file, c.line, key)
					}
					gotJSON, _ := json.Marshal(v)
					var a, b any
					_ = json.Unmarshal(gotJSON, &a)
					_ = json.Unmarshal(want, &b)
					if !reflect.DeepEqual(a, b) {
						t.Errorf("%s:%d: %s\ngot:  %s\nwant: %s", c.file, c.line, key, gotJSON, want)
					}
				}
			})
		}
	}
}
