package trends

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/wrapup/wrapup/generator/model"
)

// Quarter is a calendar quarter: Q is 1 to 4.
type Quarter struct {
	Year, Q int
}

// QuarterOf returns the quarter of t in loc (a window belongs to the quarter of
// its start in the site timezone).
func QuarterOf(t time.Time, loc *time.Location) Quarter {
	t = t.In(loc)
	return Quarter{t.Year(), (int(t.Month())-1)/3 + 1}
}

// QuarterOfDate returns the quarter a calendar date falls in.
func QuarterOfDate(d model.Date) Quarter { return Quarter{d.Year, (int(d.Month)-1)/3 + 1} }

// String is the quarter as people write it: "2014 Q3".
func (q Quarter) String() string { return fmt.Sprintf("%d Q%d", q.Year, q.Q) }

// Short is the quarter for a chart's axis: "Q3 14" would confuse; "14Q3" stays short.
func (q Quarter) Short() string { return fmt.Sprintf("%02dQ%d", q.Year%100, q.Q) }

// Key is the quarter as an anchor or CSV value: "2014-q3".
func (q Quarter) Key() string { return fmt.Sprintf("%d-q%d", q.Year, q.Q) }

// Next is the quarter after q.
func (q Quarter) Next() Quarter {
	if q.Q == 4 {
		return Quarter{q.Year + 1, 1}
	}
	return Quarter{q.Year, q.Q + 1}
}

// Add moves q by n quarters (n may be negative).
func (q Quarter) Add(n int) Quarter {
	i := q.index() + n
	return Quarter{floorDiv(i, 4), i - 4*floorDiv(i, 4) + 1}
}

// Before reports whether q is earlier than r.
func (q Quarter) Before(r Quarter) bool { return q.index() < r.index() }

// LastDay is the quarter's last calendar date.
func (q Quarter) LastDay() model.Date {
	t := time.Date(q.Year, time.Month(3*q.Q)+1, 0, 12, 0, 0, 0, time.UTC)
	return model.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

func (q Quarter) index() int { return 4*q.Year + q.Q - 1 }

func floorDiv(a, b int) int {
	d := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		d--
	}
	return d
}

// QuarterRange lists every quarter from first to last, both included.
func QuarterRange(first, last Quarter) []Quarter {
	var out []Quarter
	for q := first; !last.Before(q); q = q.Next() {
		out = append(out, q)
	}
	return out
}

// Median is the middle value of xs, or the mean of the two middle values when
// there is an even number of them; nil for no values. xs is not changed.
// Medians, not means, because window durations and overruns are skewed: one
// night that ran four hours over would drag a mean far from the usual window.
func Median(xs []float64) *float64 {
	if len(xs) == 0 {
		return nil
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	m := s[n/2]
	if n%2 == 0 {
		m = (s[n/2-1] + s[n/2]) / 2
	}
	return &m
}

// Percentile is the nearest-rank p-th percentile (0 < p <= 100): the smallest
// value that at least p% of xs are at or below. It is always one of the
// values, so "the 90th percentile overrun is 45 minutes" means 9 windows in
// 10 overran by 45 minutes or less, and one really did overrun by 45.
func Percentile(xs []float64, p float64) *float64 {
	if len(xs) == 0 {
		return nil
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	rank = min(max(rank, 1), len(s))
	v := s[rank-1]
	return &v
}

// Rate is n/of rounded to 3 decimals, nil when of is 0.
func Rate(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	r := model.Round3(float64(n) / float64(of))
	return &r
}

func round3p(f *float64) *float64 {
	if f == nil {
		return nil
	}
	r := model.Round3(*f)
	return &r
}
