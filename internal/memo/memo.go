// Package memo is the incremental build's one memo: a result kept by key
// and given back when it is asked for again with the same facts (a hash of
// the values it is made from), "same facts, same result". The dev server's
// Session keeps one per piece of work that is costly and depends on a few
// inputs only (a window's run sheet, a window's words for the report), so
// that an edit redoes the work of the windows it changed and no other.
package memo

import "sync"

// Memo keeps one result per key. A nil *Memo keeps nothing: Get always
// makes the result, as a one-off build does. A Memo is safe for concurrent
// use.
type Memo[K comparable, V any] struct {
	mu      sync.Mutex
	entries map[K]entry[V]
	round   uint64 // counts Sweeps
}

type entry[V any] struct {
	facts uint64
	value V
	round uint64 // the round it was last asked for in
}

// New returns an empty Memo.
func New[K comparable, V any]() *Memo[K, V] {
	return &Memo[K, V]{entries: map[K]entry[V]{}}
}

// Get returns the result kept for key if it was made from the same facts,
// else the result of make, which it keeps in its place. facts must capture
// everything make reads.
func (m *Memo[K, V]) Get(key K, facts uint64, make func() V) V {
	if m == nil {
		return make()
	}
	m.mu.Lock()
	e, ok := m.entries[key]
	if ok && e.facts == facts {
		e.round = m.round
		m.entries[key] = e
		m.mu.Unlock()
		return e.value
	}
	round := m.round
	m.mu.Unlock()
	v := make()
	m.mu.Lock()
	m.entries[key] = entry[V]{facts: facts, value: v, round: round}
	m.mu.Unlock()
	return v
}

// Lookup returns the result kept for key if it was made from the same
// facts, as Get would, without making one when there is none: for a caller
// that must gather what make needs, and gathers it only for the keys that
// miss.
func (m *Memo[K, V]) Lookup(key K, facts uint64) (v V, ok bool) {
	if m == nil {
		return v, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok || e.facts != facts {
		return v, false
	}
	e.round = m.round
	m.entries[key] = e
	return e.value, true
}

// Sweep forgets every result not asked for since the previous Sweep (a
// window that was removed), so that the memo holds only what the last round
// of work used.
func (m *Memo[K, V]) Sweep() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, e := range m.entries {
		if e.round != m.round {
			delete(m.entries, k)
		}
	}
	m.round++
}

// Len is how many results the memo holds.
func (m *Memo[K, V]) Len() int {
	if m == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.entries)
}
