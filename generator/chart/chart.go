// Package chart draws small charts as inline SVG at build time: no script, no
// external file. A chart is a figure with a caption, labelled axes and a data
// table for screen readers; its colours are CSS classes that the theme maps
// to its custom properties, so dark mode and print restyle it.
package chart

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Kind is how a chart draws its series.
type Kind int

const (
	Bars  Kind = iota // one bar per category (first series), flagged bars in another colour
	Lines             // one line per series, with a gap where a value is missing
)

// Series is one row of values, one per category; nil is "no data".
type Series struct {
	Name   string
	Values []*float64
}

// Chart describes one chart.
type Chart struct {
	ID     string // unique on the page: used for the caption's id
	Title  string
	Note   string // a sentence under the title, e.g. how to read it
	Kind   Kind
	XLabel string
	YLabel string
	Labels []string // category labels, left to right
	Series []Series
	// Format writes a value for ticks, tooltips and the table.
	Format func(float64) string
	// YMin and YMax fix the value axis (rates: 0 to 1); else it fits the data
	// (and always includes 0 and Ref).
	YMin, YMax *float64
	// Ref draws a dashed reference line (the notice threshold, an estimate of 1).
	Ref      *float64
	RefLabel string
	// Flag marks categories drawn in the warning colour (bars only).
	Flag []bool
	// Links make bars link somewhere (bars only); "" for none.
	Links []string
	// Small draws a small multiple: a shorter chart, one of a row of charts
	// with the same axes (the three success criteria).
	Small bool
}

// Geometry, in the units of the SVG's viewBox. The drawing scales to the
// width of its figure (the theme sets width: 100%), from a little under this
// natural size up to 1.3 times as large on a desktop; a chart of many
// categories is wider than a phone, and its figure scrolls sideways then,
// showing the latest categories first.
const (
	height      = 240
	smallHeight = 170
	padLeft     = 66
	padRight    = 16
	padTop      = 18
	padBottom   = 50
	smallBottom = 28 // no axis title under a small multiple
	minWidth    = 400
	smallWidth  = 220
	charWidth   = 7.4 // a character of a 12.5px axis label (the theme's size), roughly
)

// HTML renders the chart as a figure.
func (c Chart) HTML() template.HTML {
	format := c.Format
	if format == nil {
		format = func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	}
	n := len(c.Labels)
	var b strings.Builder
	esc := template.HTMLEscapeString
	capID := "chart-" + c.ID
	class := "chart"
	if c.Small {
		class = "chart chart-small"
	}
	fmt.Fprintf(&b, `<figure class="%s" aria-labelledby="%s">`, class, capID)
	fmt.Fprintf(&b, `<figcaption id="%s"><span class="chart-title">%s</span>`, capID, esc(c.Title))
	if c.Note != "" {
		fmt.Fprintf(&b, ` <span class="chart-note">%s</span>`, esc(c.Note))
	}
	b.WriteString(`</figcaption>`)
	missing := c.Kind == Bars && len(c.Series) > 0 && hasMissing(c.Series[0].Values, n)
	if c.Kind == Lines && len(c.Series) > 1 || c.Ref != nil || hasFlag(c.Flag) || missing {
		b.WriteString(`<p class="chart-legend" aria-hidden="true">`)
		if c.Kind == Lines {
			for k, s := range c.Series {
				fmt.Fprintf(&b, `<span><i class="sw s%d"></i>%s</span>`, k+1, esc(s.Name))
			}
		}
		if hasFlag(c.Flag) && len(c.Series) > 0 {
			fmt.Fprintf(&b, `<span><i class="sw s1"></i>%s</span><span><i class="sw flag"></i>flagged</span>`, esc(c.Series[0].Name))
		}
		if c.Ref != nil {
			fmt.Fprintf(&b, `<span><i class="sw ref"></i>%s</span>`, esc(c.RefLabel))
		}
		if missing {
			b.WriteString(`<span><i class="sw none">–</i>no data</span>`)
		}
		b.WriteString(`</p>`)
	}
	// The picture is for the eyes; the table below carries the same numbers
	// for screen readers. A chart of many categories has a second picture
	// of the latest ones alone, which a phone shows instead: its axis stays
	// in view and its labels readable.
	if n > recentMax {
		c.drawSVG(&b, format, "chart-full")
		c.latest(recentMax).drawSVG(&b, format, "chart-recent")
		fmt.Fprintf(&b, `<p class="chart-note chart-recent" aria-hidden="true">The latest %d of %d; a wider screen shows all.</p>`, recentMax, n)
	} else {
		c.drawSVG(&b, format, "")
	}

	// The data table.
	fmt.Fprintf(&b, `<div class="vh"><table class="chart-data"><caption>%s</caption><thead><tr><th scope="col">%s</th>`, esc(c.Title), esc(c.XLabel))
	for _, s := range c.Series {
		fmt.Fprintf(&b, `<th scope="col">%s</th>`, esc(s.Name))
	}
	if hasFlag(c.Flag) {
		b.WriteString(`<th scope="col">flagged</th>`)
	}
	b.WriteString(`</tr></thead><tbody>`)
	for i, l := range c.Labels {
		fmt.Fprintf(&b, `<tr><th scope="row">%s</th>`, esc(l))
		for _, s := range c.Series {
			cell := "no data"
			if i < len(s.Values) && s.Values[i] != nil {
				cell = format(*s.Values[i])
			}
			fmt.Fprintf(&b, `<td>%s</td>`, esc(cell))
		}
		if hasFlag(c.Flag) {
			f := ""
			if i < len(c.Flag) && c.Flag[i] {
				f = "yes"
			}
			fmt.Fprintf(&b, `<td>%s</td>`, f)
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table></div></figure>`)
	return template.HTML(b.String())
}

// recentMax is the most categories a phone is shown in one picture; a chart
// with more gets a second picture of the latest recentMax.
const recentMax = 12

// latest is the chart cut to its last k categories.
func (c Chart) latest(k int) Chart {
	n := len(c.Labels)
	from := max(0, n-k)
	cut := func(xs []bool) []bool {
		if len(xs) <= from {
			return nil
		}
		return xs[from:min(n, len(xs))]
	}
	c.Labels = c.Labels[from:]
	series := make([]Series, len(c.Series))
	for i, s := range c.Series {
		series[i] = s
		if len(s.Values) > from {
			series[i].Values = s.Values[from:min(n, len(s.Values))]
		} else {
			series[i].Values = nil
		}
	}
	c.Series = series
	c.Flag = cut(c.Flag)
	if len(c.Links) > from {
		c.Links = c.Links[from:min(n, len(c.Links))]
	} else {
		c.Links = nil
	}
	return c
}

func classSuffix(extra string) string {
	if extra == "" {
		return ""
	}
	return " " + extra
}

// drawSVG writes the chart's picture in its scroll box; extra is a class
// for the box ("chart-full", "chart-recent" or "").
func (c Chart) drawSVG(b *strings.Builder, format func(float64) string, extra string) {
	esc := template.HTMLEscapeString
	n := len(c.Labels)
	slot := 22.0
	if c.Kind == Lines {
		slot = 18
	}
	height, minWidth, padBottom := height, minWidth, padBottom
	if c.Small {
		height, minWidth, slot, padBottom = smallHeight, smallWidth, 14, smallBottom
	}
	width := max(minWidth, padLeft+padRight+int(math.Ceil(slot*float64(n))))
	plotW := float64(width - padLeft - padRight)
	plotH := float64(height - padTop - padBottom)
	if n > 0 {
		slot = plotW / float64(n)
	}

	lo, hi := c.bounds()
	ticks := niceTicks(lo, hi, 5)
	lo, hi = ticks[0], ticks[len(ticks)-1]
	y := func(v float64) float64 { return padTop + plotH - (v-lo)/(hi-lo)*plotH }
	x := func(i int) float64 { return padLeft + slot*(float64(i)+0.5) }

	// The scroll box is focusable, so that a keyboard can scroll it too.
	label := c.Title
	if extra == "chart-recent" {
		label += ", latest " + strconv.Itoa(n)
	}
	fmt.Fprintf(b, `<div class="chart-scroll%s" tabindex="0" role="group" aria-label="%s (chart; the table of figures follows)"><svg class="chart-svg" xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" style="--w:%dpx" aria-hidden="true" focusable="false">`, classSuffix(extra), esc(label), width, height, width, height, width)
	// Grid and value axis.
	for _, t := range ticks {
		fmt.Fprintf(b, `<line class="grid" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/>`, padLeft, width-padRight, y(t), y(t))
		fmt.Fprintf(b, `<text class="tick" x="%d" y="%.1f" text-anchor="end" dy="0.32em">%s</text>`, padLeft-6, y(t), esc(format(t)))
	}
	if lo < 0 && hi > 0 {
		fmt.Fprintf(b, `<line class="zero" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/>`, padLeft, width-padRight, y(0), y(0))
	}
	fmt.Fprintf(b, `<line class="axis" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/>`, padLeft, width-padRight, padTop+plotH, padTop+plotH)
	fmt.Fprintf(b, `<line class="axis" x1="%d" x2="%d" y1="%d" y2="%.1f"/>`, padLeft, padLeft, padTop, padTop+plotH)
	// Category axis: as many labels as fit.
	longest := 0
	for _, l := range c.Labels {
		longest = max(longest, len([]rune(l)))
	}
	every := max(1, int(math.Ceil((charWidth*float64(longest)+8)/slot)))
	for i, l := range c.Labels {
		if i%every != 0 {
			continue
		}
		fmt.Fprintf(b, `<text class="tick" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, x(i), padTop+plotH+16, esc(l))
	}
	if !c.Small {
		fmt.Fprintf(b, `<text class="axis-label" x="%.1f" y="%d" text-anchor="middle">%s</text>`, padLeft+plotW/2, height-8, esc(c.XLabel))
	}
	fmt.Fprintf(b, `<text class="axis-label" transform="translate(14 %.1f) rotate(-90)" text-anchor="middle">%s</text>`, padTop+plotH/2, esc(c.YLabel))

	switch c.Kind {
	case Bars:
		if len(c.Series) > 0 {
			s := c.Series[0]
			base := y(math.Max(lo, 0))
			bw := math.Max(2, slot*0.7)
			for i, v := range s.Values {
				if i >= n {
					break
				}
				if v == nil {
					// No data is a dash on the axis, unlike a zero.
					fmt.Fprintf(b, `<text class="nodata" x="%.1f" y="%.1f" text-anchor="middle"><title>%s: no data</title>–</text>`, x(i), base-4, esc(c.Labels[i]))
					continue
				}
				top := y(*v)
				yy, h := math.Min(top, base), math.Abs(base-top)
				if h < 2 {
					// A zero is a thin bar, with its value above it where
					// there is room (no data is a dash instead).
					h = 2
					yy = base - 2
					if slot >= 24 {
						fmt.Fprintf(b, `<text class="zero-label" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, x(i), base-6, esc(format(*v)))
					}
				}
				class := "bar s1"
				if i < len(c.Flag) && c.Flag[i] {
					class = "bar flag"
				}
				link := i < len(c.Links) && c.Links[i] != ""
				if link {
					// Out of the tab order: the picture is hidden from
					// assistive technology, and the same windows are
					// linked from the pages around it.
					fmt.Fprintf(b, `<a href="%s" tabindex="-1">`, esc(c.Links[i]))
				}
				fmt.Fprintf(b, `<rect class="%s" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %s</title></rect>`,
					class, x(i)-bw/2, yy, bw, h, esc(c.Labels[i]), esc(format(*v)))
				if link {
					b.WriteString(`</a>`)
				}
			}
		}
	case Lines:
		for k, s := range c.Series {
			var path strings.Builder
			pen := false
			for i, v := range s.Values {
				if v == nil || i >= n {
					pen = false
					continue
				}
				cmd := "L"
				if !pen {
					cmd = "M"
				}
				fmt.Fprintf(&path, "%s%.1f %.1f ", cmd, x(i), y(*v))
				pen = true
			}
			if path.Len() > 0 {
				fmt.Fprintf(b, `<path class="line s%d" d="%s"/>`, k+1, strings.TrimSpace(path.String()))
			}
			for i, v := range s.Values {
				if v == nil || i >= n {
					continue
				}
				fmt.Fprintf(b, `<circle class="dot s%d" cx="%.1f" cy="%.1f" r="3"><title>%s, %s: %s</title></circle>`,
					k+1, x(i), y(*v), esc(c.Labels[i]), esc(s.Name), esc(format(*v)))
			}
		}
	}
	if c.Ref != nil {
		fmt.Fprintf(b, `<line class="ref" x1="%d" x2="%d" y1="%.1f" y2="%.1f"/>`, padLeft, width-padRight, y(*c.Ref), y(*c.Ref))
	}
	b.WriteString(`</svg></div>`)
}

// bounds is the value range the axis must show.
func (c Chart) bounds() (lo, hi float64) {
	lo, hi = 0, 0
	first := true
	for _, s := range c.Series {
		for _, v := range s.Values {
			if v == nil {
				continue
			}
			if first {
				lo, hi, first = math.Min(0, *v), math.Max(0, *v), false
			}
			lo, hi = math.Min(lo, *v), math.Max(hi, *v)
		}
	}
	if c.Ref != nil {
		lo, hi = math.Min(lo, *c.Ref), math.Max(hi, *c.Ref)
	}
	if c.YMin != nil {
		lo = math.Min(lo, *c.YMin)
	}
	if c.YMax != nil {
		hi = math.Max(hi, *c.YMax)
	}
	if hi <= lo {
		hi = lo + 1
	}
	return lo, hi
}

// niceTicks returns round tick values (steps of 1, 2 or 5 times a power of
// ten) covering lo to hi, about n of them.
func niceTicks(lo, hi float64, n int) []float64 {
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		step = m * mag
		if step >= raw {
			break
		}
	}
	start := math.Floor(lo/step) * step
	var ticks []float64
	for v := start; v <= hi+step*1e-9 || len(ticks) < 2; v += step {
		// Rounding keeps 0.30000000000000004 from showing up in a label.
		ticks = append(ticks, math.Round(v/step)*step)
	}
	if ticks[len(ticks)-1] < hi {
		ticks = append(ticks, ticks[len(ticks)-1]+step)
	}
	return ticks
}

// hasMissing: one of the first n values is missing.
func hasMissing(values []*float64, n int) bool {
	for i := 0; i < n; i++ {
		if i >= len(values) || values[i] == nil {
			return true
		}
	}
	return false
}

func hasFlag(flags []bool) bool {
	for _, f := range flags {
		if f {
			return true
		}
	}
	return false
}

// Value makes a series value from a number.
func Value(v float64) *float64 { return &v }

// Percent formats a 0-1 rate as a whole percentage.
func Percent(v float64) string { return strconv.Itoa(int(math.Round(v*100))) + "%" }
