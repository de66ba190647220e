// Package cal is the one vocabulary of calendar months and dates: the
// types every package uses (audit rolls, benefit rules, payroll, report
// periods, stored values, form fields) and the one parser of each.
//
// The package is pure: no I/O, no clock.
package cal

import "fmt"

// Month is a calendar month counted as year*12 + (month-1); 0 means unknown.
type Month int32

// MonthOf returns the Month of year y and month m (1–12), or 0 when m is
// not a month.
func MonthOf(y, m int) Month {
	if y <= 0 || m < 1 || m > 12 {
		return 0
	}
	return Month(y*12 + m - 1)
}

// Year returns the calendar year.
func (m Month) Year() int { return int(m) / 12 }

// Num returns the month number 1–12.
func (m Month) Num() int { return int(m)%12 + 1 }

// Valid reports whether the month is known and of a plausible year
// (1900–2200, as the parser accepts).
func (m Month) Valid() bool { return m != 0 && m.Year() >= 1900 && m.Year() <= 2200 }

// String formats the month as "2024-03" (as stored and as the rolls write
// it), or "" when unknown.
func (m Month) String() string {
	if m == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", m.Year(), m.Num())
}

// Slash formats the month as "2024/03", as the self-evaluation forms
// state a project's period, or "" when unknown.
func (m Month) Slash() string {
	if m == 0 {
		return ""
	}
	return fmt.Sprintf("%04d/%02d", m.Year(), m.Num())
}

// Date is a calendar date as the integer YYYYMMDD; 0 means unknown.
type Date int32

// DateOf returns the Date of y-m-d without checking the day of month.
func DateOf(y, m, d int) Date { return Date(y*10000 + m*100 + d) }

// Month returns the month the date falls in.
func (d Date) Month() Month { return MonthOf(int(d)/10000, int(d)/100%100) }

// String formats the date as "2024-03-05", "2024-03" for a date known to
// the month only (day 0), or "" when unknown.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	if d%100 == 0 {
		return fmt.Sprintf("%04d-%02d", int(d)/10000, int(d)/100%100)
	}
	return fmt.Sprintf("%04d-%02d-%02d", int(d)/10000, int(d)/100%100, int(d)%100)
}
