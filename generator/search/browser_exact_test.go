package search_test

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"

	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/output"
	"github.com/wrapup/wrapup/generator/search"
	"github.com/wrapup/wrapup/internal/browsertest"
)

// wordsSite has "custom" in a window's title and summary, and "customers",
// "Customers" and "customer" in its items: one stem, three forms.
var wordsSite = fstest.MapFS{
	"wrapup.yaml": {Data: []byte("title: Wrap-ups\nbase_url: https://intranet.example.com/\n")},
	"content/windows/2026-01-10-apps.md": {Data: []byte(`---
title: Stop the custom applications
start: 2026-01-10 22:00
planned_end: 2026-01-11 01:00
end: 2026-01-11 00:00
impact: none
systems: [apps]
---
We stopped the custom applications for the rollback test.

## Tasks
1. Stop the custom applications [done]

## What went well
- Customers were told a week ahead by the service desk and the account managers of every region
- The customer portal stayed up

## What went wrong
- Two customers called about the custom reports
`)},
	"content/windows/2025-06-01-db.md": {Data: []byte(`---
title: Database upgrade
start: 2025-06-01 22:00
planned_end: 2025-06-02 01:00
end: 2025-06-02 00:00
impact: none
systems: [postgresql]
---
We upgraded the database; the rollback script was ready.

## Tasks
1. Upgrade the primary [done]
`)},
}

func engine(t *testing.T, fsys fstest.MapFS) *search.Index {
	t.Helper()
	site, diags := build.Parse(fsys, build.Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	return search.New(site, nil)
}

// TestBrowserExactFormsAndSuggestions types "customers" into the header box:
// the results come in the Go engine's order, the documents saying
// "customers" first, and only that word is marked where it is written; a
// document found through its stem alone marks the form it has. Then
// misspelled queries offer the Go engine's suggestions, on the search page
// and in the header box, and a suggestion, clicked, finds what it says.
func TestBrowserExactFormsAndSuggestions(t *testing.T) {
	ix := engine(t, wordsSite)
	ctx := browsertest.New(t)
	mem := output.NewMemory()
	if _, err := build.Build(wordsSite, build.Options{}, mem); err != nil {
		t.Fatal(err)
	}
	served := fstest.MapFS{}
	for name, data := range mem.Files() {
		served[name] = &fstest.MapFile{Data: data}
	}
	base := browsertest.Serve(t, served, "/")
	want := func(q string) []string {
		rs, _ := ix.Search(q, nil)
		var out []string
		for _, r := range rs {
			out = append(out, r.Doc.URL())
		}
		return out
	}
	same := func(u string) string { return u }

	type shown struct {
		Text  string   `json:"text"`
		Marks []string `json:"marks"`
	}
	results := func(sel string) []shown {
		t.Helper()
		out, err := chromedp.Run(ctx, chromedp.Evaluate[[]shown](`Array.from(document.querySelectorAll(`+"`"+sel+"`"+`)).map(li => ({
			text: li.querySelector(".sr-text").textContent,
			marks: Array.from(li.querySelectorAll(".sr-text mark")).map(m => m.textContent)}))`))
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	checkMarks := func(q string, items []shown) {
		t.Helper()
		if len(items) == 0 {
			t.Fatalf("%s: no results shown", q)
		}
		if !strings.Contains(strings.ToLower(items[0].Text), "customers") {
			t.Errorf("%s: first result %q does not say customers", q, items[0].Text)
		}
		for _, it := range items {
			exact := strings.Contains(strings.ToLower(it.Text), "customers")
			if len(it.Marks) == 0 {
				t.Errorf("%s: nothing marked in %q", q, it.Text)
			}
			for _, m := range it.Marks {
				if exact && strings.ToLower(m) != "customers" {
					t.Errorf("%s: %q marked in %q, which says customers", q, m, it.Text)
				}
				if !exact && !strings.HasPrefix(strings.ToLower(m), "custom") {
					t.Errorf("%s: %q marked in %q", q, m, it.Text)
				}
			}
		}
	}

	// The header box, while typing (a prefix too) and after a space.
	for _, typed := range []string{"customers", "customers "} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"windows/"), chromedp.WaitVisible("form.search-box input"),
			chromedp.SendKeys("form.search-box input", typed), answered(), chromedp.WaitVisible(".search-pop .sr-item")); err != nil {
			t.Fatal(err)
		}
		checkOrder(t, links(ctx, t, ".search-pop .sr-item a"), want(typed), same)
		checkMarks("header "+typed, results(".search-pop .sr-item"))
	}
	// The search page.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/?q=customers"), chromedp.WaitVisible("#search-results .sr-item")); err != nil {
		t.Fatal(err)
	}
	checkOrder(t, links(ctx, t, "#search-results .sr-item a"), want("customers"), same)
	checkMarks("page customers", results("#search-results .sr-item"))

	// Did you mean: the search page, then the header box.
	suggested := func(sel string) []string {
		t.Helper()
		out, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("`+sel+` .sr-suggestion")).map(a => a.textContent)`))
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, q := range []string{"rolback", "custmers", "rolback scrpit", "the databse upgarde"} {
		wantS := ix.Suggest(q)
		if len(wantS) == 0 {
			t.Fatalf("the engine suggests nothing for %q", q)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/?q="+strings.ReplaceAll(q, " ", "+")), chromedp.WaitVisible("#search-results .sr-empty")); err != nil {
			t.Fatal(q, err)
		}
		if got := suggested("#search-results"); !reflect.DeepEqual(got, wantS) {
			t.Errorf("page %q suggests %q, want %q", q, got, wantS)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/?q=rolback"), chromedp.WaitVisible("#search-results .sr-suggestion"),
		chromedp.Click("#search-results .sr-suggestion"), chromedp.WaitVisible("#search-results .sr-item")); err != nil {
		t.Fatal(err)
	}
	checkOrder(t, links(ctx, t, "#search-results .sr-item a"), want("rollback"), same)
	if v, _ := chromedp.Run(ctx, chromedp.Value("#search-q")); v != "rollback" {
		t.Errorf("after the suggestion the box reads %q", v)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"windows/"), chromedp.WaitVisible("form.search-box input"),
		chromedp.SendKeys("form.search-box input", "rolback "), answered(), chromedp.WaitVisible(".search-pop .sr-suggestion")); err != nil {
		t.Fatal(err)
	}
	if got, wantS := suggested(".search-pop"), ix.Suggest("rolback "); !reflect.DeepEqual(got, wantS) {
		t.Errorf("header box suggests %q, want %q", got, wantS)
	}
	// Known words that find nothing together offer nothing.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/?q=customers+postgresql"), chromedp.WaitVisible("#search-results .sr-empty")); err != nil {
		t.Fatal(err)
	}
	if got := suggested("#search-results"); len(got) != 0 {
		t.Errorf("known words suggest %q", got)
	}
}

// TestBrowserSuggestionsMatchEngineOnLargerSite compares the search page's
// suggestions with the Go engine's for misspellings of every kind (a
// missing, an extra, a wrong and two swapped letters; two unknown words; an
// unknown word beside known ones), and checks that a word with nothing
// close offers nothing.
func TestBrowserSuggestionsMatchEngineOnLargerSite(t *testing.T) {
	fsys := largerSite()
	ix := engine(t, fsys)
	ctx := browsertest.New(t)
	mem := output.NewMemory()
	if _, err := build.Build(fsys, build.Options{}, mem); err != nil {
		t.Fatal(err)
	}
	served := fstest.MapFS{}
	for name, data := range mem.Files() {
		served[name] = &fstest.MapFile{Data: data}
	}
	base := browsertest.Serve(t, served, "/it/wrapups/")
	for _, q := range []string{"replicaton", "firewalll", "fierwall rule", "rollbak scrpt", "the rulez of the firewall", "databse",
		"eplication", "xeplication", "ifrewall", "qzxv"} {
		want := ix.Suggest(q)
		if q != "qzxv" && len(want) == 0 {
			t.Errorf("the engine suggests nothing for %q", q)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/?q="+strings.ReplaceAll(q, " ", "+")), chromedp.WaitVisible("#search-results .sr-empty")); err != nil {
			t.Fatal(q, err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#search-results .sr-suggestion")).map(a => a.textContent)`))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
			t.Errorf("%q: the page suggests %q, the engine %q", q, got, want)
		}
	}
}
