package build

import (
	"fmt"
	"html/template"
	"reflect"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/wrapup/wrapup/generator/aggregate"
	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/output"
	"github.com/wrapup/wrapup/generator/render"
	"github.com/wrapup/wrapup/generator/trends"
)

// probeTheme returns a theme named "probe" that overrides every page
// template of the default theme with one that prints every exported field
// its data reaches: the view, the whole site (.Site.Model, .Site.Index, the
// navigation) and the page's own data (the trends report's parts, the
// board, a window's related windows...). A template that reads something
// the incremental build does not count as a dependency of its page shows
// the stale value in TestSessionEqualsFullBuild.
//
// The templates are written from the types of the data the default theme's
// pages get in a build of site, so a new field is probed without a change
// here.
func probeTheme(t *testing.T, site fstest.MapFS) fstest.MapFS {
	return probeThemeNamed(t, site, "probe", true)
}

// probeThemeNamed is probeTheme as the theme name; with reachIndex false
// the templates print everything but what reaches every window from the
// site view (.Site.Index, .Site.Model.Windows): the pages of such a theme
// can be made before the rest of a build (Early), and the probe checks
// that everything they print is the full build's.
func probeThemeNamed(t *testing.T, site fstest.MapFS, themeName string, reachIndex bool) fstest.MapFS {
	t.Helper()
	res := &Result{}
	parsed, diags := Parse(site, Options{Now: fixedNow, Drafts: true})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	res.Site = parsed
	theme, err := SiteTheme(site, parsed.Config)
	if err != nil {
		t.Fatal(err)
	}
	r, err := newRenderer(theme, parsed.Config, Options{})
	if err != nil {
		t.Fatal(err)
	}
	outs, err := plan(parsed, theme, r, Options{Now: fixedNow, Drafts: true}, res, nil)
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]reflect.Type{}
	for _, out := range outs.List() {
		if out.Page == nil {
			continue
		}
		dt := reflect.TypeOf(out.Page.Data)
		if old, ok := data[out.Page.Template]; ok && old != dt {
			t.Fatalf("template %s gets data of two types, %v and %v", out.Page.Template, old, dt)
		}
		data[out.Page.Template] = dt
	}
	names := make([]string, 0, len(data))
	for name := range data {
		names = append(names, name)
	}
	sort.Strings(names)
	fsys := fstest.MapFS{}
	for _, name := range names {
		var b strings.Builder
		p := &prober{b: &b, ownData: !reachIndex}
		b.WriteString(`{{ define "main" }}<pre>`)
		b.WriteString("{{ with .Site }}")
		p.walk(reflect.TypeFor[render.Site](), 1)
		b.WriteString("{{ end }}{{ with .Page }}")
		p.walk(reflect.TypeFor[render.Page](), 1)
		b.WriteString("{{ end }}{{ .Root }}")
		if dt := data[name]; dt != nil {
			b.WriteString("{{ with .Data }}")
			p.walk(dt, 1)
			b.WriteString("{{ end }}")
		}
		b.WriteString("</pre>{{ end }}\n")
		fsys["themes/"+themeName+"/templates/pages/"+name] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys
}

// prober writes template text that prints every field of a type.
type prober struct {
	b    *strings.Builder
	path []reflect.Type
	// ownData leaves out what reaches the windows from the site view:
	// .Site.Index, and of .Site.Model all but its Config, People, Intro
	// and Pages (each named from .Model on, as render.ReadsWindows asks).
	ownData bool
}

// maxProbeDepth bounds how many structs deep the probe goes (the site and
// the page's data are at depth 1): far enough to print a window's fields
// from a group of the index (.Site.Index.Systems -> .Windows -> .Title),
// near enough to keep the pages small.
const maxProbeDepth = 4

var (
	timeT = reflect.TypeFor[time.Time]()
	htmlT = reflect.TypeFor[template.HTML]()
)

// walk writes the text that prints dot, of type t, at depth.
func (p *prober) walk(t reflect.Type, depth int) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeT || t == htmlT:
		p.b.WriteString("{{ . }};")
		return
	}
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64, reflect.String:
		p.b.WriteString("{{ . }};")
		return
	case reflect.Slice, reflect.Array:
		if depth > maxProbeDepth {
			p.b.WriteString("{{ len . }};")
			return
		}
		p.b.WriteString("[{{ range . }}")
		p.walk(t.Elem(), depth)
		p.b.WriteString(",{{ end }}]")
		return
	case reflect.Map:
		if k := t.Key().Kind(); k != reflect.String && k != reflect.Int {
			return // keyed by address: no theme can print it the same twice
		}
		if depth > maxProbeDepth {
			p.b.WriteString("{{ len . }};")
			return
		}
		p.b.WriteString("{{ range $k, $v := . }}{{ $k }}:{{ with $v }}")
		p.walk(t.Elem(), depth)
		p.b.WriteString("{{ end }},{{ end }}")
		return
	case reflect.Struct:
	default: // interfaces, functions, channels: nothing a page prints
		return
	}
	for _, seen := range p.path {
		if seen == t {
			return // a cycle
		}
	}
	if depth > maxProbeDepth {
		return
	}
	p.path = append(p.path, t)
	defer func() { p.path = p.path[:len(p.path)-1] }()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch ft.Kind() {
		case reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer:
			continue
		}
		if ft == reflect.TypeFor[time.Location]() {
			continue
		}
		if p.ownData && t == reflect.TypeFor[render.Site]() {
			switch f.Name {
			case "Index":
				continue
			case "Model":
				mt := reflect.TypeFor[model.Site]()
				for _, name := range []string{"Config", "People", "Intro", "Pages"} {
					sf, _ := mt.FieldByName(name)
					fmt.Fprintf(p.b, "Model.%s={{ with .Model.%s }}", name, name)
					p.walk(sf.Type, depth+2)
					p.b.WriteString("{{ end }};")
				}
				continue
			}
		}
		fmt.Fprintf(p.b, "%s=", f.Name)
		if f.Type.Kind() == reflect.Pointer || f.Type.Kind() == reflect.Slice || f.Type.Kind() == reflect.Map {
			fmt.Fprintf(p.b, "{{ with .%s }}", f.Name)
			p.walk(f.Type, depth+1)
			p.b.WriteString("{{ end }};")
			continue
		}
		if ft.Kind() == reflect.Struct && ft != timeT {
			fmt.Fprintf(p.b, "{{ with .%s }}", f.Name)
			p.walk(f.Type, depth+1)
			p.b.WriteString("{{ end }};")
			continue
		}
		fmt.Fprintf(p.b, "{{ .%s }};", f.Name)
	}
	for _, name := range fieldMethods[t] {
		m, ok := reflect.PointerTo(t).MethodByName(name)
		if !ok {
			panic("no method " + name + " of " + t.String())
		}
		fmt.Fprintf(p.b, "%s={{ with .%s }}", name, name)
		p.walk(m.Type.Out(0), depth+1)
		p.b.WriteString("{{ end }};")
	}
}

// fieldMethods are the methods that templates read as fields (lists made
// when they are read rather than held): the probe prints them as fields.
var fieldMethods = map[reflect.Type][]string{
	reflect.TypeFor[aggregate.Group]():      {"Items", "Tasks"},
	reflect.TypeFor[trends.Related]():       {"Systems", "Tags", "Words"},
	reflect.TypeFor[trends.CarriedAction](): {"Shared"},
	reflect.TypeFor[render.Pager]():         {"Pages"},
}

// TestProbeThemeBuilds checks that the probe theme is a working theme that
// prints the site's windows through the index.
func TestProbeThemeBuilds(t *testing.T) {
	site := sessionTestSiteN(8)
	for name, f := range probeTheme(t, site) {
		site[name] = f
	}
	site["wrapup.yaml"] = &fstest.MapFile{Data: []byte("title: Test wrap-ups\ntimezone: UTC\ntheme: probe\n")}
	mem := output.NewMemory()
	if _, err := Build(site, Options{Now: fixedNow}, mem); err != nil {
		t.Fatal(err)
	}
	page, ok := mem.Get("pages/process/index.html")
	if !ok {
		t.Fatal("no free page")
	}
	if !strings.Contains(string(page), "Index=") || !strings.Contains(string(page), "Change-3 window number") {
		t.Errorf("the probe does not print the index's windows:\n%.2000s", page)
	}
}
