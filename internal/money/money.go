// Package money holds exact amounts of Chinese yuan as integer fen (分).
//
// Every amount in jixiao — budgets, spending, benefits, overpayments — is a
// Fen. Floats never touch money: amounts are parsed from text digit by digit
// and rates are computed with integer arithmetic and an explicit rounding
// rule (half away from zero, 四舍五入).
package money

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Fen is an amount in fen: 1 yuan = 100 fen, 1 万元 = 1,000,000 fen.
type Fen int64

// Common units.
const (
	Yuan  Fen = 100
	Wan   Fen = 100 * 10000 // 万元
	maxOK     = Fen(1) << 60
)

// ErrSyntax reports text that is not an amount.
var ErrSyntax = errors.New("不是有效金额 (not a valid amount)")

// ErrRange reports an amount too large to hold exactly.
var ErrRange = errors.New("金额超出范围 (amount out of range)")

// ParseYuan reads a decimal amount of yuan such as "1234.56", "-3", "1,234.5"
// or "１２３．４" (full-width digits are folded). More than two decimals are
// rejected rather than rounded: money is never silently changed.
func ParseYuan(s string) (Fen, error) { return parseScaled(s, 2) }

// ParseWan reads a decimal amount of 万元 such as "92344.11" (up to six
// decimals, which is one fen).
func ParseWan(s string) (Fen, error) { return parseScaled(s, 6) }

// parseScaled parses a decimal number and returns it multiplied by 10^scale,
// which must be an integer.
func parseScaled(s string, scale int) (Fen, error) {
	s = strings.TrimSpace(foldWidth(s))
	s = strings.ReplaceAll(s, ",", "")
	if s == "" {
		return 0, ErrSyntax
	}
	neg := false
	switch s[0] {
	case '-':
		neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" && frac == "" || hasDot && frac == "" && intPart == "" {
		return 0, ErrSyntax
	}
	if !allDigits(intPart) || !allDigits(frac) {
		return 0, ErrSyntax
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > scale {
		return 0, fmt.Errorf("%w: 小数位数过多 (too many decimals) in %q", ErrSyntax, s)
	}
	frac += strings.Repeat("0", scale-len(frac))
	digits := strings.TrimLeft(intPart+frac, "0")
	if digits == "" {
		return 0, nil
	}
	if len(digits) > 18 {
		return 0, ErrRange
	}
	v, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || Fen(v) > maxOK {
		return 0, ErrRange
	}
	// With scale 2 the value is fen; with scale 6 it is 万元 × 10^6 = fen.
	if neg {
		v = -v
	}
	return Fen(v), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// foldWidth turns full-width digits, dot, comma and signs into ASCII.
func foldWidth(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return r >= 0xFF01 && r <= 0xFF5E }) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		b.WriteRune(r)
	}
	return b.String()
}

// String formats the amount as yuan with two decimals: "1234.56", "-0.05".
func (f Fen) String() string {
	sign := ""
	v := int64(f)
	if v < 0 {
		sign = "-"
		v = -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// Wan formats the amount in 万元, with trailing zeros trimmed: "92344.11", "5", "48.35".
func (f Fen) Wan() string {
	sign := ""
	v := int64(f)
	if v < 0 {
		sign = "-"
		v = -v
	}
	s := fmt.Sprintf("%d.%06d", v/int64(Wan), v%int64(Wan))
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return sign + s
}

// RatioBP returns num/den in basis points of a percent — hundredths of a
// percent, so 9751 means 97.51% — rounded half away from zero. ok is false
// when den is zero.
func RatioBP(num, den Fen) (bp int64, ok bool) {
	if den == 0 {
		return 0, false
	}
	return DivRound(int64(num)*10000, int64(den)), true
}

// DivRound divides a by b rounding half away from zero (四舍五入). b must not be zero.
func DivRound(a, b int64) int64 {
	if b < 0 {
		a, b = -a, -b
	}
	q, r := a/b, a%b
	if r < 0 {
		r = -r
	}
	if 2*r >= b {
		if a < 0 {
			q--
		} else {
			q++
		}
	}
	return q
}
