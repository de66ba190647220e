package audit

// bloom is a blocked Bloom filter over ID keys: each key sets four bits of
// one 64-bit word, so a lookup touches one cache line. Matchers use it to
// turn away the many roll rows that match nothing before touching their
// large hash maps; false positives only cost a map lookup.
type bloom struct {
	words []uint64
	mask  uint64
}

// newBloom sizes the filter for n keys at about 16 bits per key.
func newBloom(n int) bloom {
	size := uint64(1)
	for size*64 < uint64(n)*16 {
		size <<= 1
	}
	return bloom{words: make([]uint64, size), mask: size - 1}
}

func bloomHash(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	k ^= k >> 33
	return k
}

func (b *bloom) add(k uint64) {
	h := bloomHash(k)
	w := &b.words[h&b.mask]
	h >>= 32
	*w |= 1<<(h&63) | 1<<(h>>6&63) | 1<<(h>>12&63) | 1<<(h>>18&63)
}

func (b *bloom) has(k uint64) bool {
	if len(b.words) == 0 {
		return false
	}
	h := bloomHash(k)
	w := b.words[h&b.mask]
	h >>= 32
	bits := uint64(1)<<(h&63) | 1<<(h>>6&63) | 1<<(h>>12&63) | 1<<(h>>18&63)
	return w&bits == bits
}
