package money

import (
	"fmt"
	"strings"
)

// ParseInput reads an amount as people type it into a form, in yuan unless
// a unit says otherwise: "30000", "30,000", "30,000.00", "３００００",
// "¥30,000", "30000元", "3万", "3.5万元", "3 万元". 万 multiplies by 10,000
// exactly; the result must still be whole fen (so "0.000001万" is refused,
// never rounded). Bare numbers are yuan, as the forms' labels say.
func ParseInput(s string) (Fen, error) {
	t := strings.TrimSpace(foldWidth(s))
	t = strings.NewReplacer("¥", "", "￥", "", "，", ",", " ", "", "\u00a0", "", "\u3000", "").Replace(t)
	t = strings.TrimSuffix(t, "人民币")
	t = strings.TrimPrefix(t, "人民币")
	t = strings.TrimSuffix(t, "元")
	wan := strings.HasSuffix(t, "万")
	t = strings.TrimSuffix(t, "万")
	if strings.ContainsAny(t, "万亿千百元") {
		return 0, fmt.Errorf("%w: %q", ErrSyntax, s)
	}
	if !validGrouping(t) {
		return 0, fmt.Errorf("%w: 千分位有误 (misplaced thousands separator) in %q", ErrSyntax, s)
	}
	if wan {
		// ParseWan keeps six decimals of 万元, which is one fen: finer is refused
		return ParseWan(t)
	}
	return ParseYuan(t)
}

// validGrouping accepts "30000", "30,000" and "1,234,567.5", not "3,00" or "30,00,0".
func validGrouping(s string) bool {
	intPart, _, _ := strings.Cut(strings.TrimLeft(s, "+-"), ".")
	if !strings.Contains(intPart, ",") {
		return true
	}
	groups := strings.Split(intPart, ",")
	if len(groups[0]) == 0 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// Understood says what ParseInput made of the text, for the form to show:
// "3万 = 30,000.00 元". It is empty when the text was already the plain
// amount in yuan ("30000.00").
func Understood(input string, f Fen) string {
	in := strings.TrimSpace(input)
	out := f.Yuan() + " 元"
	if in == f.String() || in == f.Yuan() {
		return ""
	}
	return in + " = " + out
}

// Yuan formats the amount in yuan with two decimals and thousands
// separators: "30,000.00", "-1,234.50". It is the one formatter of amounts
// in yuan for pages, documents and the command line.
func (f Fen) Yuan() string { return Group(f.String()) }

// Wan2 formats the amount in 万元 with two decimals (rounded half away from
// zero, 四舍五入) and thousands separators: "24,000.00", "48.35", "0.01".
// It is the one formatter of amounts in 万元, the precision the forms use.
func (f Fen) Wan2() string {
	// 1 万元 = 1,000,000 fen; two decimals of 万元 are units of 100 yuan.
	hundreds := DivRound(int64(f), int64(Wan)/100)
	sign := ""
	if hundreds < 0 {
		sign, hundreds = "-", -hundreds
	}
	return sign + Group(fmt.Sprintf("%d.%02d", hundreds/100, hundreds%100))
}

// WanText formats the amount in 万元 as jixiao prints it everywhere — pages,
// documents, workbooks' text, the command line and messages: Wan2 (two
// decimals, thousands separators), except that an amount finer than two
// decimals of 万元 (100 yuan) keeps all its digits, with separators, rather
// than being rounded silently: "24,000.00", "48.35", "0.012345".
func (f Fen) WanText() string {
	if f%(Wan/100) == 0 {
		return f.Wan2()
	}
	return Group(f.Wan())
}

// Group puts thousands separators into a decimal such as "1234567.89".
func Group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}
