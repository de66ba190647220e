package cal

import "testing"

func TestParseDate(t *testing.T) {
	dates := map[string]Date{"2024-03-05": 20240305, "2024/3/5": 20240305, "2024.3.5": 20240305,
		"20240305": 20240305, "2024年3月5日": 20240305, "2024-03-05 00:00:00": 20240305, "45356": 20240305,
		"2023-02-29": 0, "2024-02-29": 20240229, "abc": 0, "2024-13-01": 0, "": 0}
	checkParse(t, "ParseDate", ParseDate, dates)
}

// checkParse runs a parser over cases; a zero want means refused.
func checkParse[T comparable](t *testing.T, name string, parse func(string) (T, bool), cases map[string]T) {
	t.Helper()
	var zero T
	for in, want := range cases {
		got, ok := parse(in)
		if got != want || ok != (want != zero) {
			t.Errorf("%s(%q) = %v %v, want %v", name, in, got, ok, want)
		}
	}
}

// Every form a month is written in — rolls, CLI flags, stored "2023-01",
// and the report forms' "2023/01", "2023年1月" — reads through ParseMonth.
func TestParseMonth(t *testing.T) {
	m3 := MonthOf(2024, 3)
	months := map[string]Month{"2024-03": m3, "202403": m3, "2024年3月": m3, "2024/3": m3, "2024-3": m3,
		"2024.03": m3, "2024/03": m3, " 2024 / 03 ": m3, "2024 年 3 月": m3, "2024-03-31": m3,
		"2024-13": 0, "2024/13": 0, "2024-00": 0, "1850-01": 0, "24-03": 0, "abc": 0, "": 0, "2024": 0}
	checkParse(t, "ParseMonth", ParseMonth, months)
}

func TestMonthDate(t *testing.T) {
	m := MonthOf(2024, 12)
	if m.String() != "2024-12" || (m+1).String() != "2025-01" || Month(0).String() != "" {
		t.Error(m, m+1)
	}
	if m.Slash() != "2024/12" || Month(0).Slash() != "" || m.Year() != 2024 || m.Num() != 12 {
		t.Error(m.Slash(), m.Year(), m.Num())
	}
	if !m.Valid() || Month(0).Valid() || MonthOf(1800, 1).Valid() || MonthOf(2024, 13) != 0 {
		t.Error("Valid")
	}
	if Date(20240229).Month() != MonthOf(2024, 2) || Date(20240229).String() != "2024-02-29" || Date(20240200).String() != "2024-02" {
		t.Error("date")
	}
}

// What ParseMonth accepts prints back as itself.
func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2024-03", "2024/3", "2024年3月", "202403", "2024-03-05", "45356", " 2023 / 1 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := ParseMonth(s)
		if !ok {
			if m != 0 {
				t.Fatalf("%q: rejected but %v", s, m)
			}
			return
		}
		if !m.Valid() {
			t.Fatalf("%q: accepted invalid %d", s, m)
		}
		if back, ok := ParseMonth(m.String()); !ok || back != m {
			t.Fatalf("%q: %v does not read back", s, m)
		}
		if back, ok := ParseMonth(m.Slash()); !ok || back != m {
			t.Fatalf("%q: %v does not read back from %s", s, m, m.Slash())
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-03-05", "2024/3/5", "20240305", "2024年3月5日", "45356"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s)
		if !ok {
			return
		}
		if back, ok := ParseDate(d.String()); !ok || back != d {
			t.Fatalf("%q: %v does not read back", s, d)
		}
	})
}
