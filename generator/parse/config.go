package parse

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	// The embedded zone database makes timezone names work on machines
	// without one (Windows, minimal containers), so a site builds the same
	// everywhere.
	_ "time/tzdata"

	"github.com/wrapup/wrapup/generator/diag"
	"github.com/wrapup/wrapup/generator/model"
)

var configKeys = []string{"title", "base_url", "timezone", "min_notice_days", "theme", "noindex", "contact", "meeting"}

// themeRE keeps a theme name a single folder name under themes/.
var themeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// Config parses wrapup.yaml. With src nil or empty every key has its default
// (model.DefaultConfig); an empty value also means the default. Problems are
// reported with their position and the defaults are kept for those keys.
func Config(path string, src []byte) (model.Config, diag.List) {
	cfg := model.DefaultConfig()
	var diags diag.List
	src = normalize(src)
	if len(src) == 0 {
		return cfg, nil
	}
	if line, col, ok := checkUTF8(src); !ok {
		diags.Errorf(path, line, col, "the file is not UTF-8 text (bad byte here): save it as UTF-8")
		return cfg, diags
	}
	doc := newYAMLDoc(path, src, 0, &diags)
	fields, ok := doc.mapping(src, path)
	if !ok {
		return cfg, diags
	}
	// meeting is the one key that holds a mapping (meeting.go).
	scalars := fields[:0:0]
	for _, f := range fields {
		if f.key == "meeting" {
			cfg.Meeting = doc.meetingSplit(f, cfg.Meeting, &diags)
			continue
		}
		scalars = append(scalars, f)
	}
	doc.scalarFields(path, scalars, configKeys, "unknown key", "wrapup.yaml", &diags, func(key, text string, line, col int) {
		switch key {
		case "title":
			cfg.Title = text
		case "base_url":
			if msg := BaseURLProblem(text); msg != "" {
				diags.Errorf(path, line, col, "%s", msg)
				return
			}
			cfg.BaseURL = text
		case "timezone":
			loc, err := loadZone(text)
			if err != nil {
				if s := zoneSuggestion(text); s != "" {
					diags.Errorf(path, line, col, "timezone %q is not a known IANA time zone name: did you mean %s?", text, s)
					return
				}
				diags.Errorf(path, line, col, "timezone %q is not a known IANA time zone name: write e.g. America/Chicago, Europe/Paris or UTC", text)
				return
			}
			cfg.Timezone, cfg.Location = text, loc
		case "min_notice_days":
			n, err := strconv.Atoi(text)
			if err != nil || n < 0 {
				diags.Errorf(path, line, col, "min_notice_days must be a whole number of days, 0 or more, not %q: write e.g. min_notice_days: 7", text)
				return
			}
			cfg.MinNoticeDays = n
		case "theme":
			if !themeRE.MatchString(text) {
				diags.Errorf(path, line, col, "theme %q is not a folder name under themes/: use letters, digits, '.', '_' and '-' (e.g. default)", text)
				return
			}
			cfg.Theme = text
		case "contact":
			cfg.Contact = text
		case "noindex":
			switch text {
			case "true":
				cfg.NoIndex = true
			case "false":
				cfg.NoIndex = false
			default:
				diags.Errorf(path, line, col, "noindex must be true or false, not %q", text)
			}
		}
	})
	return cfg, diags
}

// loadZone loads an IANA zone. "Local" is refused: it would make the same
// site build differently on different machines.
func loadZone(name string) (*time.Location, error) {
	if name == "Local" {
		return nil, errLocalZone
	}
	return time.LoadLocation(name)
}

var errLocalZone = errors.New("Local is not an IANA zone name")

// zoneSuggestion returns the zone name an author probably meant: the name
// with its case fixed or spaces as underscores ("america/new york" is
// America/New_York), else a real zone one edit away ("America/Chicag").
// The zone database has no list of names, so candidates are tried: this runs
// only for a name that failed, and costs a fraction of a second.
func zoneSuggestion(name string) string {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 40 || name == "Local" {
		return ""
	}
	ok := func(c string) bool {
		if c == name || c == "Local" || c == "" {
			return false
		}
		_, err := time.LoadLocation(c)
		return err == nil
	}
	fixed := strings.ReplaceAll(name, " ", "_")
	segs := strings.Split(fixed, "/")
	for i, s := range segs {
		parts := strings.Split(strings.ToLower(s), "_")
		for j, p := range parts {
			if p != "" {
				parts[j] = strings.ToUpper(p[:1]) + p[1:]
			}
		}
		segs[i] = strings.Join(parts, "_")
	}
	for _, c := range []string{fixed, strings.Join(segs, "/"), strings.ToUpper(fixed)} {
		if ok(c) {
			return c
		}
	}
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_/-"
	for i := 0; i <= len(fixed); i++ {
		if i < len(fixed) && ok(fixed[:i]+fixed[i+1:]) {
			return fixed[:i] + fixed[i+1:]
		}
		if i+1 < len(fixed) && ok(fixed[:i]+fixed[i+1:i+2]+fixed[i:i+1]+fixed[i+2:]) {
			return fixed[:i] + fixed[i+1:i+2] + fixed[i:i+1] + fixed[i+2:]
		}
		for k := 0; k < len(alphabet); k++ {
			c := alphabet[k : k+1]
			if ok(fixed[:i] + c + fixed[i:]) {
				return fixed[:i] + c + fixed[i:]
			}
			if i < len(fixed) && ok(fixed[:i]+c+fixed[i+1:]) {
				return fixed[:i] + c + fixed[i+1:]
			}
		}
	}
	return ""
}

// BaseURLProblem says what is wrong with a base_url, or "": it is a full
// http(s) URL (https://intranet.example.com/it/wrapups/) or, for a site
// whose feeds may carry paths only, a path from the server's root
// (/it/wrapups/). Anything else would make every link of the 404 page, the
// feed and the digests wrong.
func BaseURLProblem(text string) string {
	const example = "write it like https://intranet.example.com/it/wrapups/"
	u, err := url.Parse(text)
	switch {
	case err != nil || strings.ContainsAny(text, " \t"):
		return fmt.Sprintf("base_url %q is not a URL: %s", text, example)
	case u.Scheme == "http" || u.Scheme == "https":
		if u.Host == "" {
			return fmt.Sprintf("base_url %q has no host: %s", text, example)
		}
		if u.RawQuery != "" || u.Fragment != "" {
			return fmt.Sprintf("base_url %q has a query or fragment, which a site address cannot have: %s", text, example)
		}
		return ""
	case u.Scheme != "":
		return fmt.Sprintf("base_url %q is not a web address (%s:): %s", text, u.Scheme, example)
	case u.Host == "" && strings.HasPrefix(u.Path, "/"):
		return ""
	}
	first, _, _ := strings.Cut(strings.TrimPrefix(text, "//"), "/")
	if strings.Contains(first, ".") || strings.HasPrefix(text, "//") {
		return fmt.Sprintf("base_url %q has no scheme: write https://%s", text, strings.TrimPrefix(text, "//"))
	}
	return fmt.Sprintf("base_url %q is not a URL: %s (or a path from the server's root such as /it/wrapups/)", text, example)
}
