package audit

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestTable(t *testing.T) {
	for _, n := range []int{0, 1, 5, 1000, 100000} {
		m := map[uint64][]int32{}
		rng := rand.New(rand.NewPCG(uint64(n), 1))
		for i := 0; i < n; i++ {
			k := rng.Uint64() >> rng.IntN(64) // many small keys, 0 included
			m[k] = append(m[k], int32(i))
		}
		tb := newTable(m)
		for k, l := range m {
			if got := tb.get(k); !slices.Equal(got, l) {
				t.Fatalf("n %d key %d: %v, want %v", n, k, got, l)
			}
		}
		for k, l := range m {
			s := tb.find(k)
			if s == nil || s.first != l[0] || !slices.Equal(tb.rest(s), l[1:]) {
				t.Fatalf("n %d key %d: find wrong", n, k)
			}
		}
		for i := 0; i < 1000; i++ {
			k := rng.Uint64()
			if _, ok := m[k]; !ok && tb.get(k) != nil {
				t.Fatalf("n %d: key %d found", n, k)
			}
		}
	}
}
