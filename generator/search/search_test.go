package search

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kljensen/snowball/english"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/themes"
)

// fixture is a small archive built as model values, as the parser would.
func fixture() *model.Site {
	held := func(id, title string, start string, success bool, systems []string) *model.Window {
		s, _ := time.Parse("2006-01-02", start)
		end := s.Add(2 * time.Hour)
		w := &model.Window{ID: id, Title: title, Start: s, PlannedEnd: s.Add(3 * time.Hour), End: &end, Impact: "none", Systems: systems}
		w.Derived.Outcome = &model.Outcome{Success: success}
		return w
	}
	a := held("2024-05-01-db", "PostgreSQL upgrade", "2024-05-01", true, []string{"postgresql"})
	a.Summary = "We upgraded the databases."
	a.Tasks = []model.Task{{Number: 1, Anchor: "task-1", Title: "Upgrade the primary cluster", Owners: []string{"jane"},
		Steps: []model.Step{{Number: "1.1", Anchor: "task-1-1", Title: "Open the firewall port for replication"}}}}
	a.WentWrong = []model.Item{
		{Anchor: "went-wrong-1", Text: "A firewall rule blocked the replication traffic", People: []string{"kim"}, Tags: []string{"network"}},
		{Anchor: "went-wrong-2", Text: "The rollback script had not been tested", People: []string{"lee"}},
	}
	a.Actions = []model.Action{{Anchor: "action-1", Text: "Test the rollback script on staging", Owners: []string{"lee"}, Done: true}}
	b := held("2023-02-03-net", "Firewall replacement", "2023-02-03", false, []string{"network"})
	b.WentWrong = []model.Item{{Anchor: "went-wrong-1", Text: "Firewalls came up with an empty rule set", People: []string{"raj"}}}
	b.WentWell = []model.Item{{Anchor: "went-well-1", Text: "Script ran the rollback in five minutes", People: []string{"kim"}}}
	b.Ideas = []model.Item{{Anchor: "idea-1", Text: "Keep a copy of the réseau configuration", People: []string{"kim"}}}
	b.Actions = []model.Action{{Anchor: "action-1", Text: "Export firewall rules before the window", Owners: []string{"raj"}}}
	b.Body = []model.Section{{Kind: model.SectionFree, Heading: "Timeline", Anchor: "timeline", Text: "At 22:10 the firewall vendor joined the bridge."}}
	return &model.Site{Config: model.DefaultConfig(), Windows: []*model.Window{a, b},
		People: map[string]model.Person{"kim": {Handle: "kim", Name: "Kim Lee"}},
		Pages:  []*model.Page{{Name: "process", Title: "How we run windows", Text: "Every window has a rollback plan."}}}
}

func urls(rs []Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Doc.URL())
	}
	return out
}

func TestSearchRanksTitlesFirstThenShortItems(t *testing.T) {
	ix := New(fixture(), []string{"kim", "lee", "raj"})
	rs, _ := ix.Search("firewall ", nil)
	got := urls(rs)
	// The window titled "Firewall replacement" first: the title boost.
	if len(got) != 6 || got[0] != "/windows/2023-02-03-net/" {
		t.Fatalf("results = %q", got)
	}
	// Equal texts rank the newer window first.
	if i, j := slices.Index(got, "/windows/2024-05-01-db/#went-wrong-1"), slices.Index(got, "/windows/2023-02-03-net/#action-1"); i < 0 || j < 0 {
		t.Errorf("items missing: %q", got)
	}
	// Stemming: "Firewalls" (went-wrong of b) is found by "firewall".
	if !contains(got, "/windows/2023-02-03-net/#went-wrong-1") {
		t.Errorf("plural not found: %q", got)
	}
}

func TestSearchPhraseAndPrefix(t *testing.T) {
	ix := New(fixture(), nil)
	rs, _ := ix.Search(`"rollback script"`, nil)
	want := []string{"/windows/2024-05-01-db/#went-wrong-2", "/windows/2024-05-01-db/#action-1"}
	if got := urls(rs); !sameSet(got, want) {
		t.Errorf(`"rollback script" = %q, want %q`, got, want)
	}
	// Without quotes, "Script ran the rollback" matches too.
	rs, _ = ix.Search("rollback script ", nil)
	if len(rs) != 3 {
		t.Errorf("rollback script = %q", urls(rs))
	}
	// While typing, the last word is a prefix: "replic" finds replication.
	rs, _ = ix.Search("replic", nil)
	if len(rs) != 2 {
		t.Errorf("prefix replic = %q", urls(rs))
	}
	// A finished word (space after it) is not a prefix.
	if rs, _ = ix.Search("replic ", nil); len(rs) != 0 {
		t.Errorf("replic + space = %q", urls(rs))
	}
	// Folding: a query without accents finds the accented word.
	if rs, _ = ix.Search("RESEAU", nil); len(rs) != 1 {
		t.Errorf("reseau = %q", urls(rs))
	}
	// Stop words alone match nothing; an unknown word makes the query empty.
	if rs, _ = ix.Search("the ", nil); len(rs) != 0 {
		t.Errorf("stop words = %q", urls(rs))
	}
	if rs, _ = ix.Search("firewall zebra ", nil); len(rs) != 0 {
		t.Errorf("unknown word = %q", urls(rs))
	}
}

func TestSearchFiltersAndCounts(t *testing.T) {
	ix := New(fixture(), nil)
	rs, counts := ix.Search("firewall ", nil)
	if counts["kind"]["went_wrong"] != 2 || counts["outcome"]["missed"] != 4 || counts["year"]["2024"] != 2 {
		t.Errorf("counts = %v", counts)
	}
	rs, counts = ix.Search("firewall ", map[string]string{"kind": "went_wrong"})
	if got := urls(rs); len(got) != 2 || counts["kind"]["went_wrong"] != 2 || len(counts["kind"]) != 1 {
		t.Errorf("filtered = %q %v", got, counts)
	}
	rs, _ = ix.Search("rollback ", map[string]string{"action": "done"})
	if got := urls(rs); !reflect.DeepEqual(got, []string{"/windows/2024-05-01-db/#action-1"}) {
		t.Errorf("done actions = %q", got)
	}
	rs, _ = ix.Search("firewall ", map[string]string{"system": "postgresql", "person": "kim"})
	if got := urls(rs); !reflect.DeepEqual(got, []string{"/windows/2024-05-01-db/#went-wrong-1"}) {
		t.Errorf("system+person = %q", got)
	}
}

func TestSearchPeopleAndPages(t *testing.T) {
	ix := New(fixture(), []string{"kim"})
	rs, _ := ix.Search("kim ", map[string]string{"kind": "person"})
	if got := urls(rs); !reflect.DeepEqual(got, []string{"/people/kim/"}) {
		t.Errorf("person = %q", got)
	}
	rs, _ = ix.Search("rollback plan ", nil)
	if got := urls(rs); !reflect.DeepEqual(got, []string{"/pages/process/"}) {
		t.Errorf("page = %q", got)
	}
}

func TestFilesAreStableAndChunked(t *testing.T) {
	site := fixture()
	a, err := New(site, nil).Files(Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := New(site, nil).Files(Options{})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two builds of one site wrote different index files")
	}
	hashed := regexp.MustCompile(`^search/(t|p|pos|f|d|m|s)/[0-9a-f]{12}\.js$`)
	for name, data := range a {
		if name == "search/entry.js" {
			continue
		}
		if !hashed.MatchString(name) {
			t.Errorf("file name %q is not a content-hashed script", name)
		}
		var v any
		if err := json.Unmarshal(scriptData(t, name, data), &v); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	var entry struct {
		T [][2]string `json:"t"`
	}
	if err := json.Unmarshal(scriptData(t, "search/entry.js", a["search/entry.js"]), &entry); err != nil {
		t.Fatal(err)
	}
	if len(entry.T) == 0 || entry.T[0][0] != "" {
		t.Fatalf("entry ranges = %v", entry.T)
	}
}

// scriptData returns the JSON an index script hands to search.js, checking
// that the script registers it under its own name; packed files are
// unpacked.
func scriptData(t *testing.T, path string, js []byte) []byte {
	t.Helper()
	name := strings.TrimSuffix(strings.TrimPrefix(path, Dir), ".js")
	prefix, suffix := []byte(`wrapupSearchData("`+name+`",`), []byte(");\n")
	if !bytes.HasPrefix(js, prefix) || !bytes.HasSuffix(js, suffix) {
		t.Fatalf("%s does not register its data as %q", path, name)
	}
	data := js[len(prefix) : len(js)-len(suffix)]
	if len(data) == 0 || data[0] != '"' {
		return data
	}
	// A packed file: base64 of zlib-compressed JSON.
	var packed []byte
	if err := json.Unmarshal(data, &packed); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	zr, err := zlib.NewReader(bytes.NewReader(packed))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	data, err = io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return data
}

// TestOneFormatForHTTPAndDisk: the index is the same files whether the site
// is served or opened from disk (only the entry's link style differs), and
// there are no .json twins.
func TestOneFormatForHTTPAndDisk(t *testing.T) {
	served, _ := New(fixture(), nil).Files(Options{})
	disk, _ := New(fixture(), nil).Files(Options{FileMode: true})
	if len(served) != len(disk) {
		t.Fatalf("%d files served, %d from disk", len(served), len(disk))
	}
	for name, data := range served {
		if !strings.HasSuffix(name, ".js") {
			t.Errorf("%s is not a script", name)
		}
		if name != "search/entry.js" && !bytes.Equal(data, disk[name]) {
			t.Errorf("%s differs between HTTP and disk builds", name)
		}
	}
}

func TestChunkBoundariesFindEveryForm(t *testing.T) {
	// Many distinct words force many chunks; each form must be in the chunk
	// its bound points to.
	site := fixture()
	var items []model.Item
	for i := 0; i < 3000; i++ {
		items = append(items, model.Item{Anchor: "idea-x", Text: "word" + strings.Repeat("z", i%7) + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676))})
	}
	site.Windows[1].Ideas = items
	ix := New(site, nil)
	files, err := ix.Files(Options{})
	if err != nil {
		t.Fatal(err)
	}
	var entry struct {
		T [][2]string `json:"t"`
	}
	json.Unmarshal(scriptData(t, "search/entry.js", files["search/entry.js"]), &entry)
	if len(entry.T) < 3 {
		t.Fatalf("want several chunks, got %d", len(entry.T))
	}
	firsts := make([]string, len(entry.T))
	for i, r := range entry.T {
		firsts[i] = r[0]
	}
	if !reflect.DeepEqual(firsts, ix.Chunks) {
		t.Errorf("written bounds differ from the index's")
	}
	for _, form := range ix.FormList {
		var chunk struct {
			F map[string]string `json:"f"`
		}
		path := "search/" + entry.T[chunkOf(firsts, form)][1] + ".js"
		json.Unmarshal(scriptData(t, path, files[path]), &chunk)
		if _, ok := chunk.F[form]; !ok {
			t.Fatalf("form %q is not in the chunk its bound points to", form)
		}
	}
}

// TestClientStopWordsMatchStemmer keeps search.js's stop word list equal to
// the stemmer's: the client must skip exactly the words the index skipped.
func TestClientStopWordsMatchStemmer(t *testing.T) {
	src, err := fs.ReadFile(themes.Default(), "static/assets/search.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)var STOP = new Set\(\((.*?)\)\.split`).FindSubmatch(src)
	if m == nil {
		t.Fatal("no STOP list in search.js")
	}
	words := strings.Fields(strings.NewReplacer(`"`, " ", "+", " ").Replace(string(m[1])))
	if len(words) < 100 {
		t.Fatalf("STOP list has %d words", len(words))
	}
	for _, w := range words {
		if !english.IsStopWord(w) {
			t.Errorf("search.js stop word %q is not a stemmer stop word", w)
		}
	}
	for _, w := range []string{"the", "a", "yourselves", "don", "s", "t"} {
		if !contains(words, w) {
			t.Errorf("search.js misses stop word %q", w)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !contains(b, x) {
			return false
		}
	}
	return true
}

// TestStreamHandsOnEveryFileOnce: Stream hands on each file of Files once,
// as soon as it is made, with the same bytes, and stops at put's first error.
func TestStreamHandsOnEveryFileOnce(t *testing.T) {
	want, err := New(fixture(), nil).Files(Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	n, err := New(fixture(), nil).Stream(Options{}, func(name string, data []byte) error {
		if _, dup := got[name]; dup {
			t.Errorf("%s handed on twice", name)
		}
		got[name] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(want) || len(got) != len(want) {
		t.Fatalf("Stream made %d files (%d handed on), Files %d", n, len(got), len(want))
	}
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s differs between Stream and Files", name)
		}
	}
	full := errors.New("disk full")
	calls := 0
	if _, err := New(fixture(), nil).Stream(Options{}, func(string, []byte) error { calls++; return full }); !errors.Is(err, full) || calls != 1 {
		t.Errorf("after put failed Stream returned %v with %d calls, want the error after one call", err, calls)
	}
}

// TestDocCountIsExtracted: the capacity New and Extract give the documents
// is their number, so the ~190k documents of a large archive are neither
// copied as the list doubles nor given room they do not use.
func TestDocCountIsExtracted(t *testing.T) {
	site := fixture()
	site.Windows[1].Body = append(site.Windows[1].Body,
		model.Section{Kind: model.SectionIntro, Text: "Intro text."},
		model.Section{Kind: model.SectionLessons, Heading: "Lessons", Text: "Test restores."},
		model.Section{Kind: model.SectionCustomerNotice, Heading: "Customer notice", Anchor: "customer-notice", Text: "Mail is down."},
		model.Section{Kind: model.SectionFree, Heading: "Empty"})
	docs := Extract(site, []string{"kim", "lee"})
	if n := docCount(site, []string{"kim", "lee"}); n != len(docs) {
		t.Errorf("docCount = %d, Extract made %d documents", n, len(docs))
	}
	for i, d := range docs {
		if int(d.ID) != i {
			t.Errorf("document %d has ID %d", i, d.ID)
		}
	}
}
