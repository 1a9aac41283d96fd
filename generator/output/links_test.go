package output

import "testing"

func TestRelativize(t *testing.T) {
	page := []byte(`<a href="/">home</a><link rel="stylesheet" href="/assets/style.css"><img src="/a/b.png"><a href="//cdn.example/x">ext</a><a href="https://x/">x</a><a data-href="/no">n</a><a href="/people/kim/#y">k</a><a href="#top">t</a>`)
	cases := []struct {
		url      string
		fileMode bool
		want     string
	}{
		{"/windows/x/", false, `<a href="../../">home</a><link rel="stylesheet" href="../../assets/style.css"><img src="../../a/b.png"><a href="//cdn.example/x">ext</a><a href="https://x/">x</a><a data-href="/no">n</a><a href="../../people/kim/#y">k</a><a href="#top">t</a>`},
		{"/", true, `<a href="index.html">home</a><link rel="stylesheet" href="assets/style.css"><img src="a/b.png"><a href="//cdn.example/x">ext</a><a href="https://x/">x</a><a data-href="/no">n</a><a href="people/kim/index.html#y">k</a><a href="#top">t</a>`},
		{"/404.html", false, `<a href="./">home</a><link rel="stylesheet" href="assets/style.css"><img src="a/b.png"><a href="//cdn.example/x">ext</a><a href="https://x/">x</a><a data-href="/no">n</a><a href="people/kim/#y">k</a><a href="#top">t</a>`},
	}
	for _, c := range cases {
		if got := string(Relativize(c.url, page, c.fileMode)); got != c.want {
			t.Errorf("Relativize(%q, fileMode=%v) =\n%s\nwant\n%s", c.url, c.fileMode, got, c.want)
		}
	}
	if got := string(Rebase([]byte(`<a href="/windows/">w</a>`), "/it/wrapups/")); got != `<a href="/it/wrapups/windows/">w</a>` {
		t.Errorf("Rebase = %s", got)
	}
}

func BenchmarkRelativize(b *testing.B) {
	var page []byte
	for range 2000 {
		page = append(page, `<li><a href="/windows/2024-01-01-x/">A window</a> <a href="/people/kim/">Kim</a></li>`...)
	}
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		Relativize("/windows/page/2/", page, false)
	}
}
