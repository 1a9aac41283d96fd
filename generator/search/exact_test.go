package search

import (
	"io/fs"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/themes"
)

// customersSite has a window whose title says "custom" (a title weighs
// three times a body, so it has the best impact for the stem), and items
// that say "customers", "customer" and "Customers".
func customersSite() *model.Site {
	s, _ := time.Parse("2006-01-02", "2026-01-10")
	end := s.Add(2 * time.Hour)
	w := &model.Window{ID: "2026-01-10-apps", Title: "Stop the custom applications", Start: s, PlannedEnd: s.Add(3 * time.Hour), End: &end, Impact: "none"}
	w.Derived.Outcome = &model.Outcome{Success: true}
	w.Summary = "We stopped the custom applications for the rollback test."
	w.WentWell = []model.Item{
		{Anchor: "went-well-1", Text: "Customers were told a week ahead by the service desk and the account managers of every region"},
		{Anchor: "went-well-2", Text: "The customer portal stayed up"},
	}
	w.WentWrong = []model.Item{{Anchor: "went-wrong-1", Text: "Two customers called about the custom reports"}}
	return &model.Site{Config: model.DefaultConfig(), Windows: []*model.Window{w}}
}

func TestExactFormsRankAboveStemmedOnes(t *testing.T) {
	ix := New(customersSite(), nil)
	if got := ix.Terms["custom"]; got == nil || len(got.Forms) != 3 {
		t.Fatalf("term custom = %+v, want three forms", got)
	}
	for _, q := range []string{"customers", "customers ", "Customers "} {
		rs, _ := ix.Search(q, nil)
		got := urls(rs)
		// The two items saying "customers" first (shorter first), then
		// the other forms by impact.
		want := []string{
			"/windows/2026-01-10-apps/#went-wrong-1",
			"/windows/2026-01-10-apps/#went-well-1",
		}
		if len(got) < 4 || !reflect.DeepEqual(got[:2], want) {
			t.Errorf("%q: %q, want %q first", q, got, want)
		}
	}
	rs, _ := ix.Search("custom ", nil)
	if got := urls(rs); len(got) < 2 || got[0] != "/windows/2026-01-10-apps/" || got[1] != "/windows/2026-01-10-apps/#went-wrong-1" {
		t.Errorf("custom: %q, want the window (title) then the item saying custom", got)
	}
	rs, _ = ix.Search("customer ", nil)
	if got := urls(rs); len(got) == 0 || got[0] != "/windows/2026-01-10-apps/#went-well-2" {
		t.Errorf("customer: %q, want the portal item first", got)
	}
	// Every document still matches: the stem finds them all.
	if rs, _ := ix.Search("customers ", nil); len(rs) != 4 {
		t.Errorf("customers finds %d documents, want 4", len(rs))
	}
}

func TestTopCarriesEachFormsBest(t *testing.T) {
	ix := New(customersSite(), nil)
	term := ix.Terms["custom"]
	// With k = 1, the term's best (the title) and each form's best.
	top := term.topPostings(term.Postings(), 1)
	docs := map[string]bool{}
	for _, i := range top {
		docs[ix.Docs[term.Postings()[i].Doc].URL()] = true
	}
	for _, u := range []string{"/windows/2026-01-10-apps/", "/windows/2026-01-10-apps/#went-wrong-1", "/windows/2026-01-10-apps/#went-well-2"} {
		if !docs[u] {
			t.Errorf("top %v lacks %s", docs, u)
		}
	}
}

func TestSuggest(t *testing.T) {
	ix := New(fixture(), []string{"kim", "lee", "raj"})
	cases := []struct {
		q    string
		want []string
	}{
		{"rolback", []string{"rollback"}},
		{"Rolback", []string{"rollback"}},
		{"firewal", []string{"firewall"}}, // not a word of the index (Search finds it as a prefix; the client asks only on no results)
		{"the rolback scrpit", []string{"the rollback script"}},
		{"fierwall ", []string{"firewall "}}, // a swap of neighbours is one edit
		{"rollback", nil},                    // known
		{"xylophone", nil},                   // nothing close
		{"rolback xylophone", nil},           // one unknown word without candidates
		{"upgade", []string{"upgrade"}},      // one word per term: not "upgraded" as well
		{"tset", []string{"test", "set"}},
		// A typo in the first letter: wrong, missing, extra, swapped.
		{"eollback", []string{"rollback"}},
		{"ollback", []string{"rollback"}},
		{"trollback", []string{"rollback"}},
		{"orllback", []string{"rollback"}},
	}
	for _, c := range cases {
		if got := ix.Suggest(c.q); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Suggest(%q) = %q, want %q", c.q, got, c.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"rolback", "rollback", 1}, {"fierwall", "firewall", 1}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"réseau", "reseau", 1}, {"ca", "abc", 3}, {"same", "same", 0},
	} {
		if got := editDistance([]rune(c.a), []rune(c.b)); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// TestClientConstantsMatchEngine keeps the numbers search.js copies from
// this package equal to them.
func TestClientConstantsMatchEngine(t *testing.T) {
	src, err := fs.ReadFile(themes.Default(), "static/assets/search.js")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]int{
		"EXACT_BONUS": exactBonus, "MAX_MASK_FORMS": maxMaskForms, "TOP_K": TopK, "MAX_SUGGESTIONS": MaxSuggestions,
		"MAX_PREFIX_CHUNKS": MaxPrefixChunks, "MAX_PREFIX_TERMS": MaxPrefixTerms, "MIN_PREFIX": minPrefixLen,
	} {
		m := regexp.MustCompile(`\b` + name + ` = (\d+)`).FindSubmatch(src)
		if m == nil {
			t.Errorf("search.js has no %s", name)
			continue
		}
		if got, _ := strconv.Atoi(string(m[1])); got != want {
			t.Errorf("search.js %s = %d, the engine's is %d", name, got, want)
		}
	}
}

// FuzzSuggest: any query gets suggestions without a panic, and each one is
// the query with only its unknown words changed, to indexed words within
// the edits allowed.
func FuzzSuggest(f *testing.F) {
	ix := New(fixture(), []string{"kim", "lee", "raj"})
	for _, q := range []string{"rolback", "the rolback scrpit", "fierwall ", `"rolback script"`, "réseua", "ß", "a\u0301", "日本語", "", " ", "x-1 pg_upgade"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		for _, s := range ix.Suggest(q) {
			if s == q {
				t.Fatalf("Suggest(%q) offers the query itself", q)
			}
			for _, tok := range Tokenize(s) {
				if _, known := ix.Forms[tok.Form]; !known && !tok.Stop && !strings.Contains(Fold(q), tok.Form) {
					t.Fatalf("Suggest(%q) = %q: %q is neither indexed nor in the query", q, s, tok.Form)
				}
			}
		}
	})
}
