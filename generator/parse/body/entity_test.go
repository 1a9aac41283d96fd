package body

import "testing"

// TestEntityBeforeTrailingTokens: the ';' that ends a character reference
// is not a separator of the trailing run of tokens (issue 10: "x &gt;
// [done]" showed as "x &gt").
func TestEntityBeforeTrailingTokens(t *testing.T) {
	for _, tc := range []struct{ item, text, html string }{
		{"Use x &gt; [done] planned:30m", "Use x >", "Use x &gt;"},
		{"Compare a &#62; [done] @ann", "Compare a >", "Compare a &gt;"},
		{"Compare a &#x3E; [done]", "Compare a >", "Compare a &gt;"},
		{"Tom &amp; Jerry; [done]", "Tom & Jerry", "Tom &amp; Jerry"},
		{"Upgrade; [done] @ann", "Upgrade", "Upgrade"},
	} {
		r, d := one(t, "Tasks", tc.item, true)
		if d.HasErrors() {
			t.Fatalf("%q: %s", tc.item, messages(d))
		}
		if x := r.Tasks[0]; x.Title != tc.text || x.TitleHTML() != tc.html {
			t.Errorf("%q: text %q html %q, want %q %q", tc.item, x.Title, x.TitleHTML(), tc.text, tc.html)
		}
	}
}
