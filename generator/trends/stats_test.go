package trends

import (
	"testing"
	"time"
)

func TestMedianAndPercentile(t *testing.T) {
	tests := []struct {
		xs          []float64
		median, p90 float64
	}{
		{[]float64{5}, 5, 5},
		{[]float64{60, -30}, 15, 60},
		{[]float64{3, 1, 2}, 2, 3},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5.5, 9},    // rank ceil(9) = 9th
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6, 10}, // rank ceil(9.9) = 10th
	}
	for _, tt := range tests {
		if m := Median(tt.xs); m == nil || *m != tt.median {
			t.Errorf("Median(%v) = %v, want %v", tt.xs, m, tt.median)
		}
		if p := Percentile(tt.xs, 90); p == nil || *p != tt.p90 {
			t.Errorf("Percentile(%v, 90) = %v, want %v", tt.xs, p, tt.p90)
		}
	}
	if Median(nil) != nil || Percentile(nil, 90) != nil {
		t.Error("no values must give nil")
	}
	xs := []float64{3, 1, 2}
	Median(xs)
	if xs[0] != 3 {
		t.Error("Median sorted its argument")
	}
}

func TestQuarters(t *testing.T) {
	chicago, err := time.LoadLocation("America/Chicago")
	if err != nil {
		t.Fatal(err)
	}
	// 03:00 UTC on 1 April is still 31 March in Chicago: Q1.
	if q := QuarterOf(time.Date(2014, 4, 1, 3, 0, 0, 0, time.UTC), chicago); q != (Quarter{2014, 1}) {
		t.Errorf("QuarterOf = %v, want 2014 Q1", q)
	}
	if q := (Quarter{2014, 1}).Add(-7); q != (Quarter{2012, 2}) {
		t.Errorf("Add(-7) = %v", q)
	}
	if q := (Quarter{2014, 4}).Next(); q != (Quarter{2015, 1}) {
		t.Errorf("Next = %v", q)
	}
	if d := (Quarter{2024, 1}).LastDay(); d.String() != "2024-03-31" {
		t.Errorf("LastDay = %v", d)
	}
	if n := len(QuarterRange(Quarter{2013, 3}, Quarter{2014, 2})); n != 4 {
		t.Errorf("range has %d quarters", n)
	}
}
