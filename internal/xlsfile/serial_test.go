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
