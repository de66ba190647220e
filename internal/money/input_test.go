package money

import (
	"strings"
	"testing"
)

func TestParseInput(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Fen
	}{
		{"30000", 30000 * Yuan}, {"30,000", 30000 * Yuan}, {"30,000.00", 30000 * Yuan}, {"３００００", 30000 * Yuan},
		{"¥30,000", 30000 * Yuan}, {"30000元", 30000 * Yuan}, {"3万", 30000 * Yuan}, {"3.5万元", 35000 * Yuan},
		{"3 万元", 30000 * Yuan}, {"0.0001万", 1 * Yuan}, {"1,234,567.89", 123456789}, {"-12.5", -1250},
		{"12,500.5元", 1250050}, {"48.35万", 483500 * Yuan}, {"0.000001万", 1},
	} {
		got, err := ParseInput(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseInput(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"", "万", "元", "3,00", "30,00,0", "1.234", "0.0000001万", "3千", "3亿", "3万万", "abc", "3元万", ",300", "1e5", "--3"} {
		if got, err := ParseInput(in); err == nil {
			t.Errorf("ParseInput(%q) = %v, want an error", in, got)
		}
	}
}

func TestUnderstood(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"3万", "3万 = 30,000.00 元"}, {"30000", "30000 = 30,000.00 元"}, {"30,000.00", ""}, {"30000.00", ""},
	} {
		f, err := ParseInput(c.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := Understood(c.in, f); got != c.want {
			t.Errorf("Understood(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFormatters(t *testing.T) {
	for _, c := range []struct {
		f         Fen
		yuan, wan string
	}{
		{0, "0.00", "0.00"}, {24000 * Wan, "240,000,000.00", "24,000.00"}, {483500 * Yuan, "483,500.00", "48.35"},
		{5 * Wan, "50,000.00", "5.00"}, {Fen(123456789), "1,234,567.89", "123.46"}, {-Fen(123456789), "-1,234,567.89", "-123.46"},
		{Fen(4999), "49.99", "0.00"}, {Fen(5000), "50.00", "0.01"},
	} {
		if got := c.f.Yuan(); got != c.yuan {
			t.Errorf("%d.Yuan() = %q, want %q", c.f, got, c.yuan)
		}
		if got := c.f.Wan2(); got != c.wan {
			t.Errorf("%d.Wan2() = %q, want %q", c.f, got, c.wan)
		}
	}
}

// FuzzParseInput: never panics; an accepted amount prints back to text
// that parses to the same amount.
func FuzzParseInput(f *testing.F) {
	for _, s := range []string{"30000", "3万", "3.5万元", "¥30,000", "1,234,567.89", "-0.01", "３万", "0.000001万"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseInput(s)
		if err != nil {
			return
		}
		back, err := ParseInput(v.Yuan())
		if err != nil || back != v {
			t.Fatalf("%q → %v → %q → %v, %v", s, v, v.Yuan(), back, err)
		}
		if u := Understood(s, v); u != "" && !strings.HasSuffix(u, v.Yuan()+" 元") {
			t.Fatalf("Understood(%q) = %q", s, u)
		}
	})
}
