package chart

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func TestChartIsWellFormedAndLabelled(t *testing.T) {
	half := 0.5
	c := Chart{ID: "t", Title: "Success <rate>", Kind: Bars, XLabel: "Quarter", YLabel: "Succeeded",
		Labels: []string{"2014 Q1", "2014 Q2", "2014 Q3"}, Format: Percent, Ref: &half, RefLabel: "half",
		Flag: []bool{false, true, false}, Links: []string{"/a/", "", ""},
		Series: []Series{{Name: "rate", Values: []*float64{Value(0.25), Value(0.75), nil}}}}
	html := string(c.HTML())
	dec := xml.NewDecoder(strings.NewReader(html))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, html)
		}
	}
	for _, want := range []string{
		`<figcaption id="chart-t"><span class="chart-title">Success &lt;rate&gt;</span>`,
		`>Quarter</text>`, `>Succeeded</text>`, // both axes labelled
		`<th scope="row">2014 Q2</th><td>75%</td><td>yes</td>`, // flagged in the table too
		`<th scope="row">2014 Q3</th><td>no data</td>`,
		`class="bar flag"`, `<a href="/a/" tabindex="-1">`, `class="ref"`,
		`viewBox="0 0 400 240"`, `style="--w:400px"`, `tabindex="0" role="group"`, // scales; a keyboard scrolls it
		`<text class="nodata"`, `no data</span>`, // a missing value is not a zero
		`aria-hidden="true"`, // the picture; the table speaks
	} {
		if !strings.Contains(html, want) {
			t.Errorf("chart lacks %s", want)
		}
	}
	if strings.Count(html, "<rect") != 2 {
		t.Error("a missing value must draw no bar")
	}
	// A zero is a thin bar labelled with its value; no value is a dash.
	c.Series[0].Values = []*float64{Value(0), Value(0.5), nil}
	html = string(c.HTML())
	if !strings.Contains(html, `<text class="zero-label"`) || !strings.Contains(html, `>0%</text>`) || strings.Count(html, "<rect") != 2 {
		t.Errorf("a zero must draw a labelled bar:\n%s", html)
	}
	small := Chart{ID: "s", Title: "On time", Kind: Bars, Small: true, Labels: []string{"a", "b"}, Series: []Series{{Values: []*float64{Value(1), Value(0.5)}}}}
	if h := string(small.HTML()); !strings.Contains(h, `class="chart chart-small"`) || !strings.Contains(h, `viewBox="0 0 220 170"`) {
		t.Errorf("a small multiple is not small:\n%s", h)
	}
}

func TestNiceTicks(t *testing.T) {
	got := niceTicks(-30, 60, 5)
	if got[0] > -30 || got[len(got)-1] < 60 {
		t.Errorf("ticks %v do not cover -30..60", got)
	}
	for _, v := range niceTicks(0, 1, 5) {
		if s := Percent(v); strings.Contains(s, ".") {
			t.Errorf("tick %v is not round", v)
		}
	}
}

// TestLongChartHasALatestPicture: a chart of more categories than a phone can
// show draws a second picture of the latest ones, with their own bars.
func TestLongChartHasALatestPicture(t *testing.T) {
	var labels []string
	var values []*float64
	for i := range 20 {
		labels = append(labels, "Q"+strings.Repeat("x", i%3)+string(rune('a'+i)))
		values = append(values, Value(float64(i)))
	}
	c := Chart{ID: "long", Title: "Long", Kind: Bars, Labels: labels, Flag: make([]bool, 20), Links: make([]string, 20), Series: []Series{{Name: "v", Values: values}}}
	html := string(c.HTML())
	full, recent := strings.Index(html, `class="chart-scroll chart-full"`), strings.Index(html, `class="chart-scroll chart-recent"`)
	if full < 0 || recent < full {
		t.Fatalf("no full and latest pictures:\n%s", html)
	}
	latest := html[recent:strings.Index(html, `<div class="vh">`)]
	if n := strings.Count(latest, "<rect"); n != recentMax {
		t.Errorf("the latest picture has %d bars, want %d", n, recentMax)
	}
	if !strings.Contains(latest, labels[19]+": 19") || strings.Contains(latest, ">"+labels[0]+"<") {
		t.Errorf("the latest picture does not end on the last category")
	}
	if strings.Count(html, `<tr><th scope="row">`) != 20 {
		t.Error("the table must keep every category")
	}
	short := Chart{ID: "s", Title: "S", Kind: Bars, Labels: labels[:5], Series: []Series{{Values: values[:5]}}}
	if strings.Contains(string(short.HTML()), "chart-recent") {
		t.Error("a short chart needs one picture")
	}
}
