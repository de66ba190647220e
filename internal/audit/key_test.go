package audit

import (
	"math/rand/v2"
	"testing"

	"jixiao/internal/cnid"
)

func TestIDKeyAgreesWithCnid(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := "0123456789X/:x ０"
	check := func(s string) {
		k1, ok1 := cnid.Key(s)
		k2, ok2 := idKey(s)
		if ok1 != ok2 || k1 != k2 {
			t.Fatalf("%q: cnid %d %v, idKey %d %v", s, k1, ok1, k2, ok2)
		}
	}
	for _, s := range []string{"", "320682194609120011", "99999999999999999X", "00000000000000000X", "32068219460912001", "3206821946091200111", "3206821946O9120011", "/20682194609120011", ":20682194609120011"} {
		check(s)
	}
	for i := 0; i < 200000; i++ {
		b := make([]byte, 18)
		for j := range b {
			b[j] = byte('0' + rng.IntN(10))
		}
		if rng.IntN(4) == 0 { // a stray character anywhere
			b[rng.IntN(18)] = alphabet[rng.IntN(len(alphabet))]
		}
		if rng.IntN(8) == 0 { // any byte
			b[rng.IntN(18)] = byte(rng.IntN(256))
		}
		check(string(b))
	}
}

func FuzzIDKey(f *testing.F) {
	f.Add("320682194609120011")
	f.Fuzz(func(t *testing.T, s string) {
		k1, ok1 := cnid.Key(s)
		k2, ok2 := idKey(s)
		if ok1 != ok2 || k1 != k2 {
			t.Fatalf("%q: cnid %d %v, idKey %d %v", s, k1, ok1, k2, ok2)
		}
	})
}
