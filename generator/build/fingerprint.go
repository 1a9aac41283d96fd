package build

import (
	"hash/maphash"
	"math"
	"reflect"
	"slices"
	"time"
	"unsafe"

	"github.com/wrapup/wrapup/generator/model"
	"github.com/wrapup/wrapup/generator/render"
)

// fingerprinter hashes the inputs of an output, for the incremental build:
// two outputs with equal fingerprints render to the same bytes.
//
// It walks values with reflection and hashes everything reachable, with one
// shortcut that makes it cheap: a window, and the tasks, steps, items and
// actions inside it, are never modified after parsing, and the Session
// reuses the parsed window of a file that did not change. Such a value is
// hashed by its address. That is sound because the previous build, whose
// fingerprints the new ones are compared with, is kept alive while the new
// one is made: a window parsed anew can never take the address of one the
// previous build still holds.
//
// Values that cannot be hashed (functions, channels) make the fingerprint
// unknown, and the output is always made again.
//
// The memo of the previous build is consulted too (prev): what the outputs
// of a build reach is never modified once the build is planned (report
// parts, index groups and carried actions that did not change are the same
// values from one build to the next), and each entry keeps its value alive,
// so its address cannot be taken by another value while the entry is
// looked up.
type fingerprinter struct {
	seed maphash.Seed
	// memo holds the hash of each pointed-to value seen in this build, so a
	// group shared by all of its list pages is hashed once.
	memo map[memoKey]memoEntry
	prev []map[memoKey]memoEntry // the previous build's memos; read only
	busy map[memoKey]bool
	bad  bool
}

type memoEntry struct {
	sum  uint64
	bad  bool           // the value holds something that cannot be hashed
	keep unsafe.Pointer // the value, kept alive while the entry is
}

type memoKey struct {
	addr uintptr
	n    int // length, for slices
	typ  reflect.Type
}

func newFingerprinter(seed maphash.Seed, prev []map[memoKey]memoEntry) *fingerprinter {
	return &fingerprinter{seed: seed, memo: map[memoKey]memoEntry{}, prev: prev, busy: map[memoKey]bool{}}
}

// lookup writes the memoized hash of key to h and reports whether there
// was one, in this build's memo or the previous build's.
func (f *fingerprinter) lookup(h *maphash.Hash, key memoKey) bool {
	e, ok := f.memo[key]
	if !ok {
		for _, m := range f.prev {
			if e, ok = m[key]; ok {
				f.memo[key] = e // carried on to the next build
				break
			}
		}
		if !ok {
			return false
		}
	}
	f.bad = f.bad || e.bad
	writeUint(h, e.sum)
	return true
}

// memoized hashes the value at key with walk (into a hash of its own),
// memoizes the result and writes it to h.
func (f *fingerprinter) memoized(h *maphash.Hash, key memoKey, keep unsafe.Pointer, walk func(sub *maphash.Hash)) {
	outer := f.bad
	f.bad = false
	var sub maphash.Hash
	sub.SetSeed(f.seed)
	walk(&sub)
	e := memoEntry{sum: sub.Sum64(), bad: f.bad, keep: keep}
	f.bad = outer || e.bad
	f.memo[key] = e
	writeUint(h, e.sum)
}

// identityTypes are hashed by address (see fingerprinter).
var identityTypes = map[reflect.Type]bool{
	reflect.TypeFor[*model.Window](): true,
	reflect.TypeFor[*model.Task]():   true,
	reflect.TypeFor[*model.Step]():   true,
	reflect.TypeFor[*model.Item]():   true,
	reflect.TypeFor[*model.Action](): true,
}

// unsharedTypes are made anew for each output of each build: memoizing them
// would cost more than it saves.
var unsharedTypes = map[reflect.Type]bool{
	reflect.TypeFor[*render.Page]():       true,
	reflect.TypeFor[*render.WindowView](): true,
}

var (
	timeType   = reflect.TypeFor[time.Time]()
	windowsTyp = reflect.TypeFor[[]*model.Window]()
	bytesType  = reflect.TypeFor[[]byte]()
)

// sum returns the fingerprint of v and whether it is known.
func (f *fingerprinter) sum(v any) (uint64, bool) {
	f.bad = false
	var h maphash.Hash
	h.SetSeed(f.seed)
	f.value(&h, reflect.ValueOf(v))
	return h.Sum64(), !f.bad
}

// pin fixes the fingerprint of the value the pointer ptr points to for this
// build, so that it is not walked: for a value computed from inputs that are
// cheaper to hash than the value itself (the trends report). Every pointer
// field of *ptr is pinned too, derived from sum and the field's name, since
// pages reach the report's parts directly.
func (f *fingerprinter) pin(ptr any, sum uint64) {
	v := reflect.ValueOf(ptr)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return
	}
	f.memo[memoKey{v.Pointer(), -1, v.Type()}] = memoEntry{sum: sum, keep: v.UnsafePointer()}
	ev := v.Elem()
	if ev.Kind() != reflect.Struct {
		return
	}
	for i := range ev.NumField() {
		fv := ev.Field(i)
		if fv.Kind() != reflect.Pointer || fv.IsNil() || identityTypes[fv.Type()] {
			continue
		}
		var h maphash.Hash
		h.SetSeed(f.seed)
		writeUint(&h, sum)
		h.WriteString(ev.Type().Field(i).Name)
		f.memo[memoKey{fv.Pointer(), -1, fv.Type()}] = memoEntry{sum: h.Sum64(), keep: fv.UnsafePointer()}
	}
}

func writeUint(h *maphash.Hash, n uint64) {
	var b [8]byte
	for i := range b {
		b[i] = byte(n >> (8 * i))
	}
	h.Write(b[:])
}

func (f *fingerprinter) value(h *maphash.Hash, v reflect.Value) {
	if !v.IsValid() {
		h.WriteByte(0)
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			h.WriteByte(1)
		} else {
			h.WriteByte(2)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		writeUint(h, uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		writeUint(h, v.Uint())
	case reflect.Float32, reflect.Float64:
		writeUint(h, math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		writeUint(h, math.Float64bits(real(c)))
		writeUint(h, math.Float64bits(imag(c)))
	case reflect.String:
		writeUint(h, uint64(v.Len()))
		h.WriteString(v.String())
	case reflect.Slice:
		f.slice(h, v)
	case reflect.Array:
		for i := range v.Len() {
			f.value(h, v.Index(i))
		}
	case reflect.Struct:
		if v.Type() == timeType && v.CanInterface() {
			t := v.Interface().(time.Time)
			writeUint(h, uint64(t.UnixNano()))
			h.WriteString(t.Location().String())
			return
		}
		for i := range v.NumField() {
			f.value(h, v.Field(i))
		}
	case reflect.Pointer:
		if v.IsNil() {
			h.WriteByte(0)
			return
		}
		if identityTypes[v.Type()] {
			writeUint(h, uint64(v.Pointer()))
			return
		}
		if unsharedTypes[v.Type()] {
			key := memoKey{v.Pointer(), -1, v.Type()}
			if f.busy[key] { // a cycle, as in shared
				h.WriteByte(3)
				return
			}
			f.busy[key] = true
			f.value(h, v.Elem())
			delete(f.busy, key)
			return
		}
		f.shared(h, memoKey{v.Pointer(), -1, v.Type()}, v)
	case reflect.Interface:
		if v.IsNil() {
			h.WriteByte(0)
			return
		}
		e := v.Elem()
		h.WriteString(e.Type().String())
		f.value(h, e)
	case reflect.Map:
		f.mapValue(h, v)
	default: // functions, channels, unsafe pointers
		f.bad = true
	}
}

// shared hashes a value reachable from many outputs (ptr points to it) once
// per build, or not at all when the previous build hashed it.
func (f *fingerprinter) shared(h *maphash.Hash, key memoKey, ptr reflect.Value) {
	if f.lookup(h, key) {
		return
	}
	if f.busy[key] { // a cycle: the value is being hashed further up
		h.WriteByte(3)
		return
	}
	f.busy[key] = true
	f.memoized(h, key, ptr.UnsafePointer(), func(sub *maphash.Hash) { f.value(sub, ptr.Elem()) })
	delete(f.busy, key)
}

func (f *fingerprinter) slice(h *maphash.Hash, v reflect.Value) {
	if v.IsNil() {
		h.WriteByte(0)
		return
	}
	n := v.Len()
	writeUint(h, uint64(n)+1)
	switch {
	case v.Type() == bytesType:
		h.Write(v.Bytes())
	case v.Type() == windowsTyp && v.CanInterface():
		// The common case of long lists: hash the addresses directly.
		for _, w := range v.Interface().([]*model.Window) {
			writeUint(h, uint64(uintptrOf(w)))
		}
	case v.Pointer() != 0 && (n > 16 || v.Type().Elem().Kind() == reflect.Struct):
		// Long slices are often shared (a group's windows on each of its
		// pages): hash each backing array once. So are slices of structs,
		// from one build to the next (a window's related windows).
		key := memoKey{v.Pointer(), n, v.Type()}
		if f.lookup(h, key) {
			return
		}
		f.memoized(h, key, v.UnsafePointer(), func(sub *maphash.Hash) {
			for i := range n {
				f.value(sub, v.Index(i))
			}
		})
	default:
		for i := range n {
			f.value(h, v.Index(i))
		}
	}
}

// mapValue hashes a map independently of its iteration order.
func (f *fingerprinter) mapValue(h *maphash.Hash, v reflect.Value) {
	if v.IsNil() {
		h.WriteByte(0)
		return
	}
	// A map is shared by reference (the people map is in the inputs of
	// every window's digest and notice): hash each one once.
	key := memoKey{v.Pointer(), -2, v.Type()}
	if f.lookup(h, key) {
		return
	}
	f.memoized(h, key, v.UnsafePointer(), func(sub *maphash.Hash) { f.mapEntries(sub, v) })
}

func (f *fingerprinter) mapEntries(h *maphash.Hash, v reflect.Value) {
	sums := make([][2]uint64, 0, v.Len())
	it := v.MapRange()
	for it.Next() {
		var k, e maphash.Hash
		k.SetSeed(f.seed)
		e.SetSeed(f.seed)
		f.value(&k, it.Key())
		f.value(&e, it.Value())
		sums = append(sums, [2]uint64{k.Sum64(), e.Sum64()})
	}
	slices.SortFunc(sums, func(a, b [2]uint64) int {
		if a[0] != b[0] {
			if a[0] < b[0] {
				return -1
			}
			return 1
		}
		if a[1] < b[1] {
			return -1
		} else if a[1] > b[1] {
			return 1
		}
		return 0
	})
	writeUint(h, uint64(len(sums))+1)
	for _, s := range sums {
		writeUint(h, s[0])
		writeUint(h, s[1])
	}
}

func uintptrOf(w *model.Window) uintptr { return uintptr(unsafe.Pointer(w)) }
