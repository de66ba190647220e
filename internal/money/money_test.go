package money

import (
	"errors"
	"testing"
)

func TestParseYuan(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Fen
		err  bool
	}{
		{"0", 0, false},
		{"1234.56", 123456, false},
		{"1,234.5", 123450, false},
		{"-3", -300, false},
		{"+0.05", 5, false},
		{"１２３．４", 12340, false},
		{".5", 50, false},
		{"7.", 700, false},
		{"1.234", 0, true},
		{"1.230", 123, false},
		{"", 0, true},
		{".", 0, true},
		{"-", 0, true},
		{"12a", 0, true},
		{"1e5", 0, true},
		{"99999999999999999999", 0, true},
	} {
		got, err := ParseYuan(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d, err=%v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestParseWan(t *testing.T) {
	got, err := ParseWan("92344.11")
	if err != nil || got != 92344110000 {
		t.Fatalf("ParseWan = %d, %v", got, err)
	}
	if got.Wan() != "92344.11" || got.String() != "923441100.00" {
		t.Errorf("formats: %s %s", got.Wan(), got.String())
	}
	if _, err := ParseWan("1.0000001"); !errors.Is(err, ErrSyntax) {
		t.Errorf("sub-fen amount accepted: %v", err)
	}
}

func TestRatioBP(t *testing.T) {
	a, _ := ParseWan("90044.11")
	b, _ := ParseWan("92344.11")
	if bp, ok := RatioBP(a, b); !ok || bp != 9751 {
		t.Errorf("RatioBP = %d, want 9751", bp)
	}
	if _, ok := RatioBP(1, 0); ok {
		t.Error("zero denominator accepted")
	}
	for _, tc := range [][3]int64{{5, 2, 3}, {-5, 2, -3}, {4, 3, 1}, {-4, 3, -1}, {5, -2, -3}} {
		if got := DivRound(tc[0], tc[1]); got != tc[2] {
			t.Errorf("DivRound(%d,%d) = %d want %d", tc[0], tc[1], got, tc[2])
		}
	}
}

func FuzzParseYuan(f *testing.F) {
	for _, s := range []string{"1.5", "-0", "１．２", "1,2,3", "9223372036854775807"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseYuan(s)
		if err != nil {
			return
		}
		back, err := ParseYuan(v.String())
		if err != nil || back != v {
			t.Fatalf("round trip %q -> %s -> %d (%v)", s, v, back, err)
		}
	})
}
