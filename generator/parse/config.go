package parse

import (
	"errors"
	"net/url"
	"regexp"
	"strconv"
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
			if _, err := url.Parse(text); err != nil {
				diags.Errorf(path, line, col, "base_url %q is not a URL: write e.g. https://intranet.example.com/it/wrapups/ or /it/wrapups/", text)
				return
			}
			cfg.BaseURL = text
		case "timezone":
			loc, err := loadZone(text)
			if err != nil {
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
