package eval

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Number is an exact decimal: Coef × 10^-Scale. "97.51" is {9751, 2}.
// Indicator values and weights are never floats.
type Number struct {
	Coef  int64
	Scale int
}

// maxScale bounds the decimals we accept; more is not a figure a report holds.
const maxScale = 9

var errNumber = errors.New("不是数字 (not a number)")

// ParseNumber reads a plain decimal such as "97.51", "-3", "1,234.5".
// Full-width digits must already be folded (see Normalize).
func ParseNumber(s string) (Number, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" {
		return Number{}, errNumber
	}
	neg := false
	if s[0] == '-' || s[0] == '+' {
		neg = s[0] == '-'
		s = s[1:]
	}
	ip, fp, dot := strings.Cut(s, ".")
	if ip == "" && fp == "" || !digits(ip) || !digits(fp) || dot && fp == "" && ip == "" {
		return Number{}, errNumber
	}
	fp = strings.TrimRight(fp, "0")
	if len(fp) > maxScale {
		return Number{}, fmt.Errorf("%w: 小数位过多 (too many decimals)", errNumber)
	}
	all := strings.TrimLeft(ip+fp, "0")
	if len(all) > 17 {
		return Number{}, fmt.Errorf("%w: 数值过大 (too large)", errNumber)
	}
	var c int64
	if all != "" {
		var err error
		if c, err = strconv.ParseInt(all, 10, 64); err != nil {
			return Number{}, errNumber
		}
	}
	if neg {
		c = -c
	}
	return Number{Coef: c, Scale: len(fp)}, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String prints the number without trailing zeros: "97.51", "100", "0.5".
func (n Number) String() string {
	if n.Scale <= 0 {
		return strconv.FormatInt(n.Coef, 10)
	}
	neg := n.Coef < 0
	c := n.Coef
	if neg {
		c = -c
	}
	s := strconv.FormatInt(c, 10)
	for len(s) <= n.Scale {
		s = "0" + s
	}
	s = s[:len(s)-n.Scale] + "." + s[len(s)-n.Scale:]
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if neg {
		s = "-" + s
	}
	return s
}

// Rat returns the number as an exact rational.
func (n Number) Rat() *big.Rat {
	return new(big.Rat).SetFrac(big.NewInt(n.Coef), pow10(n.Scale))
}

// Cmp compares two numbers exactly: -1, 0 or +1.
func (n Number) Cmp(m Number) int { return n.Rat().Cmp(m.Rat()) }

// Sign is -1, 0 or +1.
func (n Number) Sign() int {
	switch {
	case n.Coef < 0:
		return -1
	case n.Coef > 0:
		return 1
	}
	return 0
}

// IsZero reports whether the number is 0.
func (n Number) IsZero() bool { return n.Coef == 0 }

func pow10(n int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// Points is a score or weight in ten-thousandths of a point: 9.8 points is
// 98000. Sums of points are exact; rounding happens only where a rule set
// says so (RuleSet.Round).
type Points int64

// PointScale is the number of Points in one point.
const PointScale = 10000

// P converts a whole number of points.
func P(whole int64) Points { return Points(whole * PointScale) }

// PointsFromNumber converts a Number to Points, rounding half away from zero
// below 1/10000 point.
func PointsFromNumber(n Number) Points {
	if n.Scale >= 0 && n.Scale <= 4 && n.Coef < 1<<40 && n.Coef > -(1<<40) {
		c := n.Coef
		for i := n.Scale; i < 4; i++ {
			c *= 10
		}
		return Points(c)
	}
	return Points(roundRat(new(big.Rat).Mul(n.Rat(), big.NewRat(PointScale, 1))))
}

// ParsePoints reads a score or weight written as a decimal ("8.5", "100").
func ParsePoints(s string) (Points, error) {
	n, err := ParseNumber(s)
	if err != nil {
		return 0, err
	}
	if n.Scale > 4 {
		return 0, fmt.Errorf("%w: 分值最多四位小数 (at most 4 decimals)", errNumber)
	}
	return PointsFromNumber(n), nil
}

// String prints points without trailing zeros: "9.8", "100", "2.925".
func (p Points) String() string { return Number{Coef: int64(p), Scale: 4}.String() }

// Number returns the points as a Number.
func (p Points) Number() Number { return Number{Coef: int64(p), Scale: 4} }

// roundRat rounds a rational to the nearest integer, half away from zero.
func roundRat(r *big.Rat) int64 {
	num, den := new(big.Int).Set(r.Num()), r.Denom()
	neg := num.Sign() < 0
	if neg {
		num.Neg(num)
	}
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if m.Lsh(m, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	if !q.IsInt64() {
		return 0
	}
	return q.Int64()
}
