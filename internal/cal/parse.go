package cal

import "strings"

// The one parser of dates and months: roll files, report forms, form
// fields, stored values and command lines all read them here.

func parseMonth7(s string) (Month, bool) {
	y, ok1 := digits(s[:4])
	m, ok2 := digits(s[5:])
	if ok1 && ok2 && y >= 1900 && y <= 2200 {
		mo := MonthOf(y, m)
		return mo, mo != 0
	}
	return parseMonthSlow(strings.TrimSpace(s))
}

// ParseDate reads 2024-03-05, 2024/3/5, 2024.3.5, 20240305, 2024年3月5日
// and Excel serial day numbers (e.g. 45356).
func ParseDate(s string) (Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if len(s) == 10 && s[4] == '-' && s[7] == '-' { // fast path: 2024-03-05
		y, ok1 := digits(s[:4])
		m, ok2 := digits(s[5:7])
		d, ok3 := digits(s[8:])
		if ok1 && ok2 && ok3 {
			return validDate(y, m, d)
		}
	}
	if n, ok := digits(s); ok {
		switch len(s) {
		case 8:
			return validDate(n/10000, n/100%100, n%100)
		case 5:
			return excelSerial(n)
		}
		return 0, false
	}
	s = strings.TrimSuffix(s, "日")
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i] // drop a time of day
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' || r == '年' || r == '月' })
	if len(parts) != 3 {
		return 0, false
	}
	y, ok1 := digits(parts[0])
	m, ok2 := digits(parts[1])
	d, ok3 := digits(parts[2])
	if !ok1 || !ok2 || !ok3 || len(parts[0]) != 4 {
		return 0, false
	}
	return validDate(y, m, d)
}

// ParseMonth reads 2024-03, 2024/3, 2024.3, 202403, 2024年3月 (spaces
// around the separators allowed), or a full date.
func ParseMonth(s string) (Month, bool) {
	if len(s) == 7 && s[4] == '-' {
		return parseMonth7(s)
	}
	return parseMonthSlow(strings.TrimSpace(s))
}

func parseMonthSlow(s string) (Month, bool) {
	if len(s) == 7 && s[4] == '-' { // fast path: 2024-03
		y, ok1 := digits(s[:4])
		m, ok2 := digits(s[5:])
		if ok1 && ok2 && y >= 1900 && y <= 2200 {
			mo := MonthOf(y, m)
			return mo, mo != 0
		}
	}
	if n, ok := digits(s); ok && len(s) == 6 {
		if m := MonthOf(n/100, n%100); m.Valid() {
			return m, true
		}
		return 0, false
	}
	if d, ok := ParseDate(s); ok {
		if m := d.Month(); m.Valid() {
			return m, true
		}
		return 0, false
	}
	s = strings.TrimSpace(strings.TrimSuffix(s, "月"))
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' || r == '年' })
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	if len(parts) != 2 || len(parts[0]) != 4 {
		return 0, false
	}
	y, ok1 := digits(parts[0])
	m, ok2 := digits(parts[1])
	if !ok1 || !ok2 || y < 1900 || y > 2200 {
		return 0, false
	}
	mo := MonthOf(y, m)
	return mo, mo != 0
}

func digits(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

var mdays = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func validDate(y, m, d int) (Date, bool) {
	if y < 1850 || y > 2200 || m < 1 || m > 12 || d < 1 || d > mdays[m] {
		return 0, false
	}
	if m == 2 && d == 29 && !(y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		return 0, false
	}
	return DateOf(y, m, d), true
}

// excelSerial converts an Excel day number (1900 system) to a date.
func excelSerial(n int) (Date, bool) {
	if n < 1 || n > 120000 {
		return 0, false
	}
	// days since 1899-12-30 (Excel's leap-year bug absorbed for n > 60)
	y, m, d := civil(n - 25569 + 719468)
	return validDate(y, m, d)
}

// civil converts days since 0000-03-01 to a proleptic Gregorian date
// (Howard Hinnant's algorithm; input already shifted to Unix days + 719468).
func civil(z int) (int, int, int) {
	era := z / 146097
	if z < 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}
