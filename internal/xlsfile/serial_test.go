package xlsfile

import "testing"

func TestSerialDate(t *testing.T) {
	for _, c := range []struct {
		v     float64
		d1904 bool
		want  string
	}{
		{45292, false, "2024-01-01"},
		{61, false, "1900-03-01"},
		{45292.75, false, "2024-01-01"},
		{43830, true, "2024-01-01"},
	} {
		if got, ok := serialDate(c.v, c.d1904); !ok || got != c.want {
			t.Errorf("serialDate(%v, %v) = %q, %v; want %q", c.v, c.d1904, got, ok, c.want)
		}
	}
	if _, ok := serialDate(0, false); ok {
		t.Error("day 0 accepted")
	}
}

func TestPercentText(t *testing.T) {
	for v, want := range map[float64]string{0.862: "86.2%", 1: "100%", 0.9561: "95.61%", 0: "0%", 0.005: "0.5%", 12.5: "1250%", -0.1: "-10%", 0.95: "95%"} {
		if got := PercentText(v); got != want {
			t.Errorf("PercentText(%v) = %q, want %q", v, got, want)
		}
	}
	for code, want := range map[string]bool{"0.0%": true, `0.0"%"`: false, "[Red]0%": true, "0.00": false, `#,##0\%`: false} {
		if got := isPercentFormat(170, code); got != want {
			t.Errorf("isPercentFormat(%q) = %v", code, got)
		}
	}
}
