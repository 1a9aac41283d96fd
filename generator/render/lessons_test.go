package render

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/model"
)

// TestNewestItemsIsTheStableSortsFirst: the one-pass pick gives what a
// stable sort by window start, newest first, puts first, ties in list order.
func TestNewestItemsIsTheStableSortsFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for round := range 500 {
		n := rng.IntN(12)
		windows := make([]*model.Window, 4)
		for i := range windows {
			windows[i] = &model.Window{ID: string(rune('a' + i)), Start: base.Add(time.Duration(rng.IntN(3)) * 24 * time.Hour)}
		}
		list := make([]aggregate.ItemRef, n)
		for i := range list {
			list[i] = aggregate.ItemRef{Window: windows[rng.IntN(len(windows))], Item: &model.Item{Text: string(rune('A' + i))}}
		}
		want := slices.Clone(list)
		slices.SortStableFunc(want, func(a, b aggregate.ItemRef) int { return b.Window.Start.Compare(a.Window.Start) })
		want = want[:min(lessonsPerTag, len(want))]
		if got := newestItems(list); !slices.Equal(got, want) {
			t.Fatalf("round %d: got %v, want %v", round, got, want)
		}
	}
}
