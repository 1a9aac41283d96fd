package search

import (
	"reflect"
	"slices"
	"testing"

	"github.com/rivo/uniseg"
)

func forms(toks []Token) []string {
	var out []string
	for _, t := range toks {
		out = append(out, t.Form)
	}
	return out
}

func terms(toks []Token) []string {
	var out []string
	for _, t := range toks {
		if !t.Stop {
			out = append(out, t.Term)
		}
	}
	return out
}

func TestTokenizeSplitsOnUnicodeWordBoundaries(t *testing.T) {
	got := forms(Tokenize("Run `pg_upgrade` on host-05, then (re)start: 3.5 GB… done!"))
	want := []string{"run", "pg_upgrade", "on", "host", "05", "then", "re", "start", "3.5", "gb", "done"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("forms = %q, want %q", got, want)
	}
}

func TestTokenizeFoldsCaseAndDiacritics(t *testing.T) {
	got := forms(Tokenize("Réseau CAFÉ Straße naïve ÅNGSTRÖM"))
	want := []string{"reseau", "cafe", "strasse", "naive", "angstrom"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("forms = %q, want %q", got, want)
	}
	if Fold("Ünïcödé") != "unicode" {
		t.Errorf("Fold = %q", Fold("Ünïcödé"))
	}
}

func TestTokenizeStemsEnglishAndKeepsIdentifiers(t *testing.T) {
	got := terms(Tokenize("Firewalls blocked the replication; rollbacks tested pg_upgrade"))
	want := []string{"firewal", "block", "replic", "rollback", "test", "pg_upgrade"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("terms = %q, want %q", got, want)
	}
	// The singular and plural meet on one term.
	if a, b := Tokenize("firewall")[0].Term, Tokenize("firewalls")[0].Term; a != b {
		t.Errorf("firewall -> %q, firewalls -> %q", a, b)
	}
}

func TestTokenizeMarksStopWordsAndKeepsPositions(t *testing.T) {
	toks := Tokenize("The rollback script had not been tested")
	if !toks[0].Stop || toks[1].Stop {
		t.Errorf("stop flags: %+v", toks[:2])
	}
	for i, tok := range toks {
		if tok.Pos != i {
			t.Errorf("token %d has position %d", i, tok.Pos)
		}
	}
}

func TestTokenizeIdeographsAndApostrophes(t *testing.T) {
	got := forms(Tokenize("didn’t 数据库 didn't"))
	want := []string{"didn't", "数", "据", "库", "didn't"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("forms = %q, want %q", got, want)
	}
}

// asciiSegments splits s as tokens does ASCII text, and with uniseg.
func asciiSegments(s string) (fast, general []string) {
	for rest := s; len(rest) > 0; {
		var seg string
		seg, rest = firstASCIIWord(rest)
		fast = append(fast, seg)
	}
	state := -1
	for rest := s; len(rest) > 0; {
		var seg string
		seg, rest, state = uniseg.FirstWordInString(rest, state)
		general = append(general, seg)
	}
	return fast, general
}

func TestASCIIWordsAsUniseg(t *testing.T) {
	for _, s := range []string{
		"Upgrade the primary cluster", "didn't", "team's 'quoted'", "3.14 and 1,000,000.5", "a.b.c e.g. U.S.A.",
		"host:port due:2024-01-02 planned:45m", "pg_upgrade __init__ a_1 1_a _", "host-05 @kim #network",
		"end.\r\nnext\n\nx\v\fy", "two  spaces\tand\ttabs", "a'b'c 1'2 a:1 1:a 1.a a.1 a,b 1;2 1,,2 a..b",
		"SELECT relname FROM pg_stat_user_tables WHERE relname LIKE 'db_12%' LIMIT 5;", "\"quoted\" (paren) [x]",
		".", "'", "a.", "1,", ":a", "a:", "_.", "a_.b", "1_,2",
	} {
		fast, general := asciiSegments(s)
		if !slices.Equal(fast, general) {
			t.Errorf("%q:\n fast    %q\n uniseg  %q", s, fast, general)
		}
	}
}

// FuzzASCIIWords compares firstASCIIWord with uniseg on ASCII text.
func FuzzASCIIWords(f *testing.F) {
	f.Add("didn't 3.14 a:b pg_upgrade\r\n  x")
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		for i := range b {
			b[i] &= 0x7f
		}
		s = string(b)
		fast, general := asciiSegments(s)
		if !slices.Equal(fast, general) {
			t.Errorf("%q:\n fast    %q\n uniseg  %q", s, fast, general)
		}
	})
}
