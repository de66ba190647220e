package audit

import "testing"

// TestBloom checks there are no false negatives and few false positives
// on keys as structured as IDs and birth-reading blocks.
func TestBloom(t *testing.T) {
	for _, bits := range []int{10, 16} {
		b := newBloom(100000, bits)
		key := func(i int) uint64 { return 32068219450101000 + uint64(i)*7 }
		for i := 0; i < 100000; i++ {
			if i%2 == 0 {
				b.add(key(i))
			} else {
				b.addAtomic(key(i))
			}
		}
		for i := 0; i < 100000; i++ {
			if !b.has(key(i)) {
				t.Fatalf("false negative %d", i)
			}
		}
		fp := 0
		for i := 0; i < 100000; i++ {
			if b.has(uint64(19450101+i%20000)<<32 | uint64(i%400)) {
				fp++
			}
		}
		if limit := map[int]int{10: 5000, 16: 1500}[bits]; fp > limit {
			t.Errorf("%d bits/key: %d false positives in 100000", bits, fp)
		}
		t.Logf("%d bits/key: %d false positives in 100000", bits, fp)
	}
	var empty bloom
	if empty.has(1) {
		t.Error("empty filter")
	}
}

func TestBloomHasBatch(t *testing.T) {
	b := newBloom(1000, 16)
	for k := uint64(1); k <= 1000; k++ {
		b.add(k * 7919)
	}
	keys := make([]uint64, 256)
	hit := make([]bool, 256)
	for lo := uint64(0); lo < 4000; lo += 256 {
		for i := range keys {
			keys[i] = (lo + uint64(i)) * 7919
		}
		b.hasBatch(keys, hit)
		for i, k := range keys {
			if hit[i] != (k != 0 && b.has(k)) {
				t.Fatalf("key %d: batch %v", k, hit[i])
			}
		}
	}
	var empty bloom
	hit[0] = true
	empty.hasBatch(keys[:1], hit[:1])
	if hit[0] {
		t.Fatal("empty filter hit")
	}
}
