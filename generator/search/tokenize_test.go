package search

import (
	"reflect"
	"testing"
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
