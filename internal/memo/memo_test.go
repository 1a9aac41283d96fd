package memo

import "testing"

func TestGetReusesOnlyForTheSameFacts(t *testing.T) {
	m := New[string, int]()
	made := 0
	get := func(key string, facts uint64, v int) int {
		return m.Get(key, facts, func() int { made++; return v })
	}
	if got := get("a", 1, 10); got != 10 || made != 1 {
		t.Fatalf("first get: %d, made %d", got, made)
	}
	if got := get("a", 1, 11); got != 10 || made != 1 {
		t.Fatalf("same facts: %d, made %d; want the kept 10, made once", got, made)
	}
	if got := get("a", 2, 12); got != 12 || made != 2 {
		t.Fatalf("other facts: %d, made %d; want 12 made anew", got, made)
	}
	if got := get("b", 2, 20); got != 20 || made != 3 {
		t.Fatalf("other key: %d, made %d", got, made)
	}
}

func TestSweepForgetsWhatWasNotAskedFor(t *testing.T) {
	m := New[string, int]()
	m.Get("a", 1, func() int { return 1 })
	m.Get("b", 1, func() int { return 2 })
	m.Sweep()
	m.Get("a", 1, func() int { t.Fatal("a was kept: it must not be made again"); return 0 })
	m.Sweep() // b was not asked for in this round
	if m.Len() != 1 {
		t.Fatalf("after sweeping: %d results kept, want 1 (a)", m.Len())
	}
	made := false
	m.Get("b", 1, func() int { made = true; return 2 })
	if !made {
		t.Fatal("b was swept: it must be made again")
	}
}

func TestNilMemoAlwaysMakes(t *testing.T) {
	var m *Memo[string, int]
	n := 0
	for range 2 {
		m.Get("a", 1, func() int { n++; return n })
	}
	m.Sweep()
	if n != 2 {
		t.Fatalf("made %d times, want 2", n)
	}
}

func TestLookupKeepsWhatItFinds(t *testing.T) {
	m := New[string, int]()
	if _, ok := m.Lookup("a", 1); ok {
		t.Fatal("lookup in an empty memo found a result")
	}
	m.Get("a", 1, func() int { return 10 })
	m.Sweep()
	if v, ok := m.Lookup("a", 1); !ok || v != 10 {
		t.Fatalf("lookup with the same facts: %d %v, want 10 true", v, ok)
	}
	if _, ok := m.Lookup("a", 2); ok {
		t.Fatal("lookup with other facts found a result")
	}
	m.Sweep() // a was looked up in this round: it stays
	if m.Len() != 1 {
		t.Fatalf("after sweeping: %d results kept, want 1", m.Len())
	}
	var none *Memo[string, int]
	if _, ok := none.Lookup("a", 1); ok {
		t.Fatal("a nil memo found a result")
	}
}
