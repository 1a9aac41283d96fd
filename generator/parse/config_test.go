package parse

import (
	"strings"
	"testing"
	"time"

	"github.com/wrapup/wrapup/generator/model"
)

func TestConfigDefaults(t *testing.T) {
	for _, src := range []string{"", "# nothing set\n", "\xEF\xBB\xBF"} {
		cfg, diags := Config("wrapup.yaml", []byte(src))
		if len(diags) != 0 {
			t.Errorf("%q: %v", src, texts(diags))
		}
		if cfg.Timezone != "UTC" || cfg.Location == nil || cfg.MinNoticeDays != 7 || cfg.Theme != "default" || cfg.Title == "" {
			t.Errorf("%q: defaults not applied: %+v", src, cfg)
		}
	}
	cfg, diags := Config("wrapup.yaml", nil)
	if len(diags) != 0 || cfg.Location == nil {
		t.Errorf("nil src: %+v %v", cfg, diags)
	}
}

func TestConfigValues(t *testing.T) {
	src := "title: IT wrap-ups\r\nbase_url: https://intranet.example.com/it/wrapups/\r\ntimezone: America/Chicago\r\nmin_notice_days: 10\r\ntheme: dark\r\n"
	cfg, diags := Config("wrapup.yaml", []byte(src))
	if len(diags) != 0 {
		t.Fatal(texts(diags))
	}
	if cfg.Title != "IT wrap-ups" || cfg.BaseURL != "https://intranet.example.com/it/wrapups/" || cfg.Timezone != "America/Chicago" ||
		cfg.Location.String() != "America/Chicago" || cfg.MinNoticeDays != 10 || cfg.Theme != "dark" {
		t.Errorf("%+v", cfg)
	}
	cfg, diags = Config("wrapup.yaml", []byte("min_notice_days: 0\ntimezone: ''\n"))
	if len(diags) != 0 || cfg.MinNoticeDays != 0 || cfg.Timezone != "UTC" {
		t.Errorf("zero notice days / empty timezone: %+v %v", cfg, texts(diags))
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		src, want string
	}{
		{"title: x\ntimezone: America/Chicgo\n", `wrapup.yaml:2:11: timezone "America/Chicgo" is not a known IANA time zone name`},
		{"timezone: Local\n", `wrapup.yaml:1:11: timezone "Local" is not a known IANA time zone name`},
		{"min_notice_days: -1\n", `wrapup.yaml:1:18: min_notice_days must be a whole number of days, 0 or more, not "-1"`},
		{"min_notice_days: 7.5\n", `wrapup.yaml:1:18: min_notice_days must be a whole number of days`},
		{"min_notice_days: seven\n", `wrapup.yaml:1:18: min_notice_days must be a whole number of days`},
		{"title: x\nbase-url: /x/\n", `wrapup.yaml:2:1: unknown key "base-url" (did you mean base_url?)`},
		{"timzone: UTC\n", `wrapup.yaml:1:1: unknown key "timzone" (did you mean timezone?)`},
		{"theme: ../etc\n", `wrapup.yaml:1:8: theme "../etc" is not a folder name`},
		{"title: [a]\n", `wrapup.yaml:1:8: the value of title starts with "[", which YAML reads as the start of a list: put the whole value in quotes: title: "[a]"`},
		{"title: x\ntimezone: America/Chicag\n", `wrapup.yaml:2:11: timezone "America/Chicag" is not a known IANA time zone name: did you mean America/Chicago?`},
		{"timezone: europe/paris\n", `wrapup.yaml:1:11: timezone "europe/paris" is not a known IANA time zone name: did you mean Europe/Paris?`},
		{"timezone: America/New York\n", `wrapup.yaml:1:11: timezone "America/New York" is not a known IANA time zone name: did you mean America/New_York?`},
		{"timezone: Eurpoe/Paris\n", `wrapup.yaml:1:11: timezone "Eurpoe/Paris" is not a known IANA time zone name: did you mean Europe/Paris?`},
		{"title: x\nbase_url: not a url\n", `wrapup.yaml:2:11: base_url "not a url" is not a URL: write it like https://intranet.example.com/it/wrapups/`},
		{"base_url: intranet.example.com/it/\n", `wrapup.yaml:1:11: base_url "intranet.example.com/it/" has no scheme: write https://intranet.example.com/it/`},
		{"base_url: https:///it/\n", `wrapup.yaml:1:11: base_url "https:///it/" has no host`},
		{"base_url: ftp://files.example.com/\n", `wrapup.yaml:1:11: base_url "ftp://files.example.com/" is not a web address (ftp:)`},
		{"base_url: wrapups\n", `wrapup.yaml:1:11: base_url "wrapups" is not a URL`},
		{"title: Wrap-ups: IT\n", `wrapup.yaml:1:8: the value of title holds ": "`},
		{"title: x\n\tbase_url: /x/\n", `wrapup.yaml:2:1: this line holds a tab, which YAML does not accept here: use spaces, not tabs`},
		{"- a\n", "wrapup.yaml:1:1: wrapup.yaml must be a set of key: value lines"},
		{"title: 'x\n", "wrapup.yaml:1:8: the value of title opens a ' quote that is not closed: end the value with ' on the same line"},
	}
	for _, tt := range tests {
		cfg, diags := Config("wrapup.yaml", []byte(tt.src))
		wantDiag(t, diags, tt.want)
		if cfg.Location == nil {
			t.Errorf("%q: Location must fall back to the default", tt.src)
		}
	}
	for _, ok := range []string{"https://intranet.example.com/it/wrapups/", "http://wrapups.corp", "/it/wrapups/", "/"} {
		cfg, diags := Config("wrapup.yaml", []byte("base_url: "+ok+"\n"))
		if len(diags) != 0 || cfg.BaseURL != ok {
			t.Errorf("base_url %s: %v", ok, diags)
		}
	}
	// Every problem is reported, not just the first.
	_, diags := Config("wrapup.yaml", []byte("timzone: UTC\nmin_notice_days: x\ntheme: a/b\n"))
	if n, _ := diags.Count(); n != 3 {
		t.Errorf("want 3 errors, got %s", strings.Join(texts(diags), "; "))
	}
}

func TestPeople(t *testing.T) {
	src := `tom: {name: Tom Smith, team: Ops}
"@Jane":
  name: Jane Doe
kim:
  name: Kim
  tema: DBA
lee: Lee Chan
raj:
  team: Net
"bad handle": {name: X}
TOM: {name: Again}
ann:
`
	people, diags := People("content/people.yaml", []byte(src))
	if people["tom"] != (model.Person{Handle: "tom", Name: "Tom Smith", Team: "Ops"}) {
		t.Errorf("tom = %+v", people["tom"])
	}
	if people["jane"].Name != "Jane Doe" {
		t.Errorf("jane = %+v (the @ and case must be dropped)", people["jane"])
	}
	p := "content/people.yaml"
	wantDiag(t, diags, p+`:6:3: unknown key "tema" for kim (did you mean team?)`)
	wantDiag(t, diags, p+":7:6: lee needs a name")
	wantDiag(t, diags, p+":8:1: raj needs a name")
	wantDiag(t, diags, p+`:10:1: people.yaml: "bad handle" is not a valid handle`)
	wantDiag(t, diags, p+":11:1: tom is listed twice (first on line 1)")
	wantDiag(t, diags, p+":12:1: ann needs a name")
	// Every valid handle is kept, errors or not, so that windows naming lee,
	// raj or ann get no "not in people.yaml" warning on top of the error.
	if len(people) != 6 || people["kim"].Name != "Kim" || people["raj"].Handle != "raj" || people["ann"].Handle != "ann" {
		t.Errorf("every valid handle is kept: %v", people)
	}
}

// TestPeopleMisspeltName: a typo of name is one error, with its did-you-mean,
// not also "needs a name"; and windows naming the handle are not warned that
// it is missing from people.yaml.
func TestPeopleMisspeltName(t *testing.T) {
	people, diags := People("content/people.yaml", []byte("tom: {name: Tom Smith}\nsam:\n  nmae: Sam Brooks\n  team: ops\n"))
	if got := texts(diags); len(got) != 1 || !strings.Contains(got[0], `content/people.yaml:3:3: unknown key "nmae" for sam (did you mean name?)`) {
		t.Errorf("want one error at the typo, got %q", got)
	}
	if _, ok := people["sam"]; !ok {
		t.Fatalf("sam is left out of people: %v", people)
	}
	src := "---\ntitle: T\nstart: 2025-01-18 22:00\nplanned_end: 2025-01-19 02:00\nend: 2025-01-19 01:00\nimpact: none\nfacilitator: sam\nattendees: [sam, tom]\n---\n## Tasks\n1. Do it @sam [done]\n"
	_, wd := Window("content/windows/2025-01-18-x.md", []byte(src), model.Config{Location: time.UTC}, people)
	for _, d := range wd {
		if strings.Contains(d.Message, "people.yaml") {
			t.Errorf("window diagnostic about people.yaml for a handle it lists: %v", d)
		}
	}
}
