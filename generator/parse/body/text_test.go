package body

import "testing"

// FuzzCollapse checks collapse's shortcut (the trimmed text itself) against
// the rune-by-rune collapse.
func FuzzCollapse(f *testing.F) {
	for _, s := range []string{"", " ", "a", " a b ", "a  b", "a\tb", "a\nb", "a\u00a0b", "\u00a0a", "a \u00a0", "é ü", "a\xffb", "\xc2", "a \xc2\xa0b", " \v\f\r x \n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapse(s), collapseRunes(s); got != want {
			t.Fatalf("collapse(%q) = %q, want %q", s, got, want)
		}
	})
}
