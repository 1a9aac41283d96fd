package trends_test

import (
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/build"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/parse"
	"github.com/wrapup/wrapup/generator/trends"
)

// memoWindow writes a window whose went-wrong words come from a vocabulary
// large enough that words are seen in one, a few or many windows, so that
// edits move words in and out of being distinctive.
func memoWindow(rng *rand.Rand, day time.Time, slug string, vocab []string) []byte {
	pick := func(from []string, n int) []string {
		out := append([]string(nil), from...)
		rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		return out[:n]
	}
	systems := []string{"postgresql", "storage", "dns", "ldap", "mail", "web"}
	tags := []string{"communication", "testing", "process", "rollback", "backup"}
	start := day.Add(22 * time.Hour)
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\nstart: %s\nplanned_end: %s\nend: %s\nimpact: none\nfacilitator: tom\nattendees: [tom, jane]\n",
		slug, start.Format("2006-01-02 15:04"), start.Add(3*time.Hour).Format("2006-01-02 15:04"), start.Add(2*time.Hour).Format("2006-01-02 15:04"))
	fmt.Fprintf(&b, "systems: [%s]\ntags: [%s]\n---\nNarrative %d.\n\n## What went wrong\n", strings.Join(pick(systems, 1+rng.IntN(2)), ", "),
		strings.Join(pick(tags, rng.IntN(3)), ", "), rng.IntN(1000))
	for range 1 + rng.IntN(3) {
		fmt.Fprintf(&b, "- The %s %s %s @jane", vocab[rng.IntN(len(vocab))], vocab[rng.IntN(len(vocab))], vocab[rng.IntN(len(vocab))])
		if rng.IntN(2) == 0 {
			fmt.Fprintf(&b, " #%s", tags[rng.IntN(len(tags))])
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\n## Ideas\n- Try the %s %s @tom\n", vocab[rng.IntN(20)], vocab[rng.IntN(20)])
	b.WriteString("\n## Next time\n")
	for range rng.IntN(3) {
		mark, done := "[ ]", ""
		if rng.IntN(2) == 0 {
			mark = "[x]"
			if rng.IntN(2) == 0 {
				done = " done:" + day.AddDate(0, 0, rng.IntN(200)).Format("2006-01-02")
			}
		}
		fmt.Fprintf(&b, "- %s Fix the %s @jane #%s%s\n", mark, vocab[rng.IntN(len(vocab))], tags[rng.IntN(len(tags))], done)
	}
	return []byte(b.String())
}

// TestMemoEqualsCompute edits a few windows at a time (their words, tags,
// systems, actions, dates, or only their narrative), adds and removes
// windows, and checks that a Memo's report, and an aggregate.Memo's index,
// equal fresh ones every time.
func TestMemoEqualsCompute(t *testing.T) {
	seed0 := maphash.MakeSeed()
	var vocab []string
	// Three forms of each word share a stem, so that which form a window
	// wrote first decides the word shown for the stem.
	for i := range 60 {
		base := fmt.Sprintf("lock%c%c", 'a'+i%26, 'a'+i/26)
		vocab = append(vocab, base, base+"ing", base+"s")
	}
	now := time.Date(2022, 6, 1, 12, 0, 0, 0, time.UTC)
	cfg := model.DefaultConfig()
	for seed := range uint64(4) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 11))
			type file struct {
				day  time.Time
				data []byte
				w    *model.Window
			}
			files := map[string]*file{}
			put := func(slug string, day time.Time) {
				data := memoWindow(rng, day, slug, vocab)
				w, d := parse.Window("content/windows/"+day.Format("2006-01-02")+"-"+slug+".md", data, cfg, nil)
				if d.HasErrors() {
					t.Fatalf("%s: %v", slug, d)
				}
				files[slug] = &file{day, data, w}
			}
			for i := range 120 {
				put(fmt.Sprint("w", i), time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*i))
			}
			// A window's revision is its file's: the same content parsed
			// again gives an equal window, which the memos may stand in
			// for it.
			revisions := map[*model.Window]uint64{}
			revision := func(w *model.Window) (uint64, bool) { rev, ok := revisions[w]; return rev, ok }
			memo, ixMemo := trends.NewMemo(revision), aggregate.NewMemo(revision)
			var prev []*model.Window
			early := 0
			for step := range 60 {
				var slugs []string
				for s := range files {
					slugs = append(slugs, s)
				}
				slices := slugs
				reparse := func(s string, data []byte) {
					f := files[s]
					w, d := parse.Window(f.w.Path, data, cfg, nil)
					if d.HasErrors() {
						t.Fatalf("%s: %v", s, d)
					}
					f.data, f.w = data, w
				}
				switch op := rng.IntN(14); {
				case op < 3: // rewrite a few windows in place
					for range 1 + rng.IntN(3) {
						s := slices[rng.IntN(len(slices))]
						put(s, files[s].day)
					}
				case op < 6: // reword went-wrong items only
					for range 1 + rng.IntN(3) {
						s := slices[rng.IntN(len(slices))]
						data := string(files[s].data)
						at := strings.Index(data, "- The ") + len("- The ")
						word := data[at : at+strings.IndexByte(data[at:], ' ')]
						if rng.IntN(3) == 0 {
							word += " " // add a word, or drop one
						}
						data = data[:at] + vocab[rng.IntN(len(vocab))] + " " + data[at+len(word):]
						reparse(s, []byte(data))
					}
				case op < 8: // the narrative only
					s := slices[rng.IntN(len(slices))]
					reparse(s, append(append([]byte(nil), files[s].data...), fmt.Sprintf("\nMore %d.\n", step)...))
				case op < 10: // the same content parsed again: new windows, same facts
					for range 1 + rng.IntN(4) {
						s := slices[rng.IntN(len(slices))]
						f := files[s]
						w, _ := parse.Window(f.w.Path, f.data, cfg, nil)
						f.w = w
					}
				case op < 12:
					put(fmt.Sprint("n", step), time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(840)))
				default:
					delete(files, slices[rng.IntN(len(slices))])
				}
				site := &model.Site{Config: cfg}
				for _, f := range files {
					site.Windows = append(site.Windows, f.w)
					revisions[f.w] = maphash.String(seed0, f.w.Path+"\x00"+string(f.data))
				}
				build.SortWindows(site.Windows)
				// The windows an edit replaced in place: Early gives
				// their related windows and carried actions first.
				var changed []*model.Window
				if len(prev) == len(site.Windows) {
					for i, w := range site.Windows {
						if w != prev[i] {
							changed = append(changed, w)
						}
					}
				}
				parts, ok := memo.Early(site, changed, now)
				prev = site.Windows
				ix := aggregate.Build(site, now)
				if !reflect.DeepEqual(ixMemo.Build(site, now), ix) {
					t.Fatalf("step %d: the memo's index differs from a fresh one", step)
				}
				got := memo.Compute(site, ix, now)
				want := trends.Compute(site, ix, now)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("step %d: the memo's report differs from a fresh one", step)
				}
				if ok {
					early++
					for w, p := range parts {
						if !reflect.DeepEqual(p.Related, want.Related[w]) || !reflect.DeepEqual(p.Carried, want.Carried[w]) {
							t.Fatalf("step %d: Early's parts of %s differ from the report's", step, w.ID)
						}
					}
				}
			}
			if early == 0 {
				t.Error("Early never gave the parts of an edit")
			}
		})
	}
}

// TestIndexMemoKeepsUntouchedGroups edits one window's narrative and checks
// that the index memo remakes only the groups that window is in: a group
// is kept by the revisions of its windows, and its windows are the same.
func TestIndexMemoKeepsUntouchedGroups(t *testing.T) {
	cfg := model.DefaultConfig()
	now := time.Date(2022, 6, 1, 12, 0, 0, 0, time.UTC)
	seed := maphash.MakeSeed()
	revisions := map[*model.Window]uint64{}
	parseOne := func(slug, system, extra string) *model.Window {
		data := fmt.Sprintf("---\ntitle: %s\nstart: 2021-03-0%s 22:00\nplanned_end: 2021-03-0%s 23:00\nend: 2021-03-0%s 23:00\nimpact: none\nfacilitator: tom\nsystems: [%s]\n---\nNarrative%s.\n\n## Next time\n- [ ] Check it @tom #backup\n",
			slug, slug[1:], slug[1:], slug[1:], system, extra)
		w, d := parse.Window("content/windows/2021-03-0"+slug[1:]+"-"+slug+".md", []byte(data), cfg, nil)
		if d.HasErrors() {
			t.Fatal(d)
		}
		revisions[w] = maphash.String(seed, data)
		return w
	}
	site := &model.Site{Config: cfg, Windows: []*model.Window{parseOne("w3", "dns", ""), parseOne("w2", "mail", ""), parseOne("w1", "dns", "")}}
	build.SortWindows(site.Windows)
	m := aggregate.NewMemo(func(w *model.Window) (uint64, bool) { rev, ok := revisions[w]; return rev, ok })
	before := m.Build(site, now)
	edited := parseOne("w2", "mail", " edited")
	for i, w := range site.Windows {
		if w.Path == edited.Path {
			site.Windows[i] = edited
		}
	}
	after := m.Build(site, now)
	if after.System("dns") != before.System("dns") {
		t.Error("the dns group was remade, though none of its windows changed")
	}
	if after.System("mail") == before.System("mail") || after.System("mail").Windows[0] != edited {
		t.Error("the mail group was kept, though its window changed")
	}
	if after.Person("tom") == before.Person("tom") || after.Tag("backup").Item(1).Window != edited {
		t.Error("the groups of every window (tom, #backup) must be remade with the edited window")
	}
	if !reflect.DeepEqual(after, aggregate.Build(site, now)) {
		t.Error("the memo's index differs from a fresh one")
	}
}
