package audit

import (
	"math/bits"
	"sync/atomic"
)

// bloom is a blocked Bloom filter over ID keys: each key sets four bits of
// one 64-bit word, so a lookup touches one cache line. Matchers use it to
// turn away the many roll rows that match nothing before touching their
// large hash maps; false positives only cost a map lookup.
type bloom struct {
	words []uint64
}

// newBloom sizes the filter for n keys at bitsPerKey bits each (16 gives
// well under 1% false positives; 10 about 2%).
func newBloom(n, bitsPerKey int) bloom {
	return bloom{words: make([]uint64, n*bitsPerKey/64+1)}
}

// slot picks the word of hash h (multiply-shift range reduction).
func (b *bloom) slot(h uint64) uint64 {
	hi, _ := bits.Mul64(h, uint64(len(b.words)))
	return hi
}

// bloomHash mixes a key: one multiplication and a shift are enough, as
// the word is chosen from the high bits and the bits from a second mix.
func bloomHash(k uint64) uint64 {
	k *= 0xbf58476d1ce4e5b9
	return k ^ k>>31
}

func (b *bloom) add(k uint64) {
	h := bloomHash(k)
	w := &b.words[b.slot(h)]
	h *= 0x9E3779B97F4A7C15
	*w |= 1<<(h&63) | 1<<(h>>6&63) | 1<<(h>>12&63) | 1<<(h>>18&63)
}

// addAtomic is add for filling one filter from several goroutines.
func (b *bloom) addAtomic(k uint64) {
	h := bloomHash(k)
	w := &b.words[b.slot(h)]
	h *= 0x9E3779B97F4A7C15
	atomic.OrUint64(w, 1<<(h&63)|1<<(h>>6&63)|1<<(h>>12&63)|1<<(h>>18&63))
}

func (b *bloom) has(k uint64) bool {
	if len(b.words) == 0 {
		return false
	}
	h := bloomHash(k)
	w := b.words[b.slot(h)]
	h *= 0x9E3779B97F4A7C15
	bits := uint64(1)<<(h&63) | 1<<(h>>6&63) | 1<<(h>>12&63) | 1<<(h>>18&63)
	return w&bits == bits
}

// hasBatch is has for up to 256 keys at once, key 0 answering false: the
// slots are computed first and the words then loaded in a loop of
// independent loads, so that the cache misses of a large filter overlap
// instead of following one another.
func (b *bloom) hasBatch(keys []uint64, hit []bool) {
	var slot [256]uint64
	var want [256]uint64
	keys = keys[:min(len(keys), 256)]
	hit = hit[:len(keys)]
	if len(b.words) == 0 {
		clear(hit)
		return
	}
	for i, k := range keys {
		h := bloomHash(k)
		slot[i] = b.slot(h)
		h *= 0x9E3779B97F4A7C15
		want[i] = 1<<(h&63) | 1<<(h>>6&63) | 1<<(h>>12&63) | 1<<(h>>18&63)
	}
	var got [256]uint64
	for i := range keys {
		got[i] = b.words[slot[i]]
	}
	for i, k := range keys {
		hit[i] = k != 0 && got[i]&want[i] == want[i]
	}
}
