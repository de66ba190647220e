package audit

// table is a read-only hash table from ID or block keys to short lists,
// frozen from a map once an index is built. Its slots sit in one array
// (open addressing, linear probing, at most two thirds full) and the
// lists in another, so a look-up touches a slot and, on a hit, its list:
// fewer cache misses than a Go map of slices, which matters when ten
// million roll rows are looked up.
type table[V any] struct {
	slots []tableSlot[V]
	vals  []V
	shift uint8
}

// tableSlot is one key and where its list lies in vals, with a copy of
// the list's first element (most lists have one, which is then read
// without a second cache miss); n == 0 marks an empty slot (lists are
// never empty), so every key, 0 included, can be stored.
type tableSlot[V any] struct {
	key   uint64
	lo    uint32
	n     uint32
	first V
}

func newTable[V any](m map[uint64][]V) table[V] {
	size, shift := 8, uint8(61)
	for size < len(m)+len(m)/2 {
		size, shift = size*2, shift-1
	}
	total := 0
	for _, l := range m {
		total += len(l)
	}
	t := table[V]{slots: make([]tableSlot[V], size), vals: make([]V, 0, total), shift: shift}
	for k, l := range m {
		if len(l) == 0 {
			continue
		}
		i := t.home(k)
		for t.slots[i].n != 0 {
			i = (i + 1) & (len(t.slots) - 1)
		}
		t.slots[i] = tableSlot[V]{key: k, lo: uint32(len(t.vals)), n: uint32(len(l)), first: l[0]}
		t.vals = append(t.vals, l...)
	}
	return t
}

func (t *table[V]) home(k uint64) int {
	return int(k * 0x9E3779B97F4A7C15 >> t.shift)
}

// find returns the slot of key k, nil if none: its first element, and
// through rest the others.
func (t *table[V]) find(k uint64) *tableSlot[V] {
	if len(t.slots) == 0 {
		return nil
	}
	for i := t.home(k); ; i = (i + 1) & (len(t.slots) - 1) {
		s := &t.slots[i]
		if s.n == 0 {
			return nil
		}
		if s.key == k {
			return s
		}
	}
}

// rest returns the elements of s's list after the first; callers must
// not change them.
func (t *table[V]) rest(s *tableSlot[V]) []V {
	return t.vals[s.lo+1 : s.lo+s.n : s.lo+s.n]
}

// get returns the list of key k (nil if none); callers must not change it.
func (t *table[V]) get(k uint64) []V {
	if s := t.find(k); s != nil {
		return t.vals[s.lo : s.lo+s.n : s.lo+s.n]
	}
	return nil
}
