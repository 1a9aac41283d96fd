package trends

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/model"
)

// TestWorstEstimatesIsStableSort checks the bounded selection against a
// stable sort of every overrun task, with many ties.
func TestWorstEstimatesIsStableSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 50 {
		var held []*Point
		for i := range 1 + rng.IntN(60) {
			w := &model.Window{ID: strconv.Itoa(i), Start: time.Date(2020, 1, 1+rng.IntN(5), 0, 0, 0, 0, time.UTC)}
			for range rng.IntN(4) {
				planned, actual := 10*(1+rng.IntN(3)), 10*(1+rng.IntN(5))
				w.Tasks = append(w.Tasks, model.Task{PlannedMinutes: &planned, ActualMinutes: &actual})
			}
			held = append(held, &Point{W: w})
		}
		var all []TaskEstimate
		for _, p := range held {
			for i := range p.W.Tasks {
				tk := &p.W.Tasks[i]
				ratio := model.Round3(float64(*tk.ActualMinutes) / float64(*tk.PlannedMinutes))
				if ratio > 1 {
					all = append(all, TaskEstimate{W: p.W, Task: tk, Ratio: ratio, Excess: *tk.ActualMinutes - *tk.PlannedMinutes})
				}
			}
		}
		slices.SortStableFunc(all, func(a, b TaskEstimate) int {
			switch {
			case a.Ratio != b.Ratio:
				return cmpDesc(a.Ratio, b.Ratio)
			case a.Excess != b.Excess:
				return b.Excess - a.Excess
			}
			return b.W.Start.Compare(a.W.Start)
		})
		want := all[:min(len(all), WorstEstimatesShown)]
		got := worstEstimates(held, WorstEstimatesShown)
		if len(want) == 0 {
			want = nil
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: got %v, want %v", round, got, want)
		}
	}
}
