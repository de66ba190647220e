// Package monitor computes the lights of 绩效运行监控 ("双监控"): at a given
// date, how far each indicator and the budget execution have come against
// the time elapsed. It is pure; the rule is configurable and described in
// words so the page can show it.
package monitor

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"jixiao/internal/eval"
	"jixiao/internal/money"
)

// Light is a monitoring light.
type Light string

// Lights, from worst to best; LightNone means nothing to judge yet.
const (
	LightNone   Light = ""
	LightRed    Light = "red"
	LightYellow Light = "yellow"
	LightGreen  Light = "green"
	LightBlue   Light = "blue"
)

// rank orders lights for "worst of": red is worst, none is ignored.
func (l Light) rank() int {
	switch l {
	case LightRed:
		return 1
	case LightYellow:
		return 2
	case LightBlue:
		return 3
	case LightGreen:
		return 4
	}
	return 5
}

// Worst returns the worst of the lights, ignoring LightNone.
func Worst(ls ...Light) Light {
	w := LightNone
	for _, l := range ls {
		if l.rank() < w.rank() {
			w = l
		}
	}
	return w
}

// Rule is the configurable monitoring rule. Thresholds are in hundredths
// of a percent of the time-prorated target (6000 = 60%).
type Rule struct {
	Red    int64 // below this: red
	Yellow int64 // below this: yellow; else green
	Blue   int64 // from this: blue (far ahead: was the target set too low?)
	// BudgetBlue turns budget execution far ahead of time blue as well.
	BudgetBlue bool
}

// DefaultRule is the common vendor practice: <60% red, 60–80% yellow,
// 80–120% green, ≥120% blue.
func DefaultRule() Rule { return Rule{Red: 6000, Yellow: 8000, Blue: 12000} }

// Validate reports a rule whose thresholds are out of order.
func (r Rule) Validate() error {
	if r.Red <= 0 || r.Red > r.Yellow || r.Yellow > r.Blue {
		return fmt.Errorf("阈值须满足 0 < 红 ≤ 黄 ≤ 蓝 (thresholds must satisfy 0 < red ≤ yellow ≤ blue)")
	}
	return nil
}

// String encodes the rule for storage: "6000,8000,12000,0".
func (r Rule) String() string {
	b := 0
	if r.BudgetBlue {
		b = 1
	}
	return fmt.Sprintf("%d,%d,%d,%d", r.Red, r.Yellow, r.Blue, b)
}

// ParseRule decodes String's form; anything else gives the default and an error.
func ParseRule(s string) (Rule, error) {
	p := strings.Split(s, ",")
	if len(p) != 4 {
		return DefaultRule(), fmt.Errorf("monitor rule %q: want 4 fields", s)
	}
	var v [4]int64
	for i := range p {
		n, err := strconv.ParseInt(strings.TrimSpace(p[i]), 10, 64)
		if err != nil {
			return DefaultRule(), fmt.Errorf("monitor rule %q: %w", s, err)
		}
		v[i] = n
	}
	r := Rule{Red: v[0], Yellow: v[1], Blue: v[2], BudgetBlue: v[3] == 1}
	if err := r.Validate(); err != nil {
		return DefaultRule(), err
	}
	return r, nil
}

// DescribeZH states the rule in Chinese, for the page.
func (r Rule) DescribeZH() string {
	return fmt.Sprintf("进度 = 累计完成值 ÷（年度指标值 × 已过月数/12）；比率类指标（%%）直接比较完成值与指标值。"+
		"进度 < %s 红灯，%s–%s 黄灯，%s–%s 绿灯，≥ %s 蓝灯（超前较多，需说明指标值是否偏低）。"+
		"反向指标：完成值不超过指标值为绿灯，否则红灯。定性指标：达成绿灯，部分达成黄灯，未达成红灯。"+
		"预算执行进度 = 执行率 ÷ 已过时间：< %s 红灯，%s–%s 黄灯，其余绿灯。项目灯取各灯中最差者。",
		pct(r.Red), pct(r.Red), pct(r.Yellow), pct(r.Yellow), pct(r.Blue), pct(r.Blue), pct(r.Red), pct(r.Red), pct(r.Yellow))
}

// DescribeEN states the rule in English.
func (r Rule) DescribeEN() string {
	return fmt.Sprintf("Progress = actual ÷ (annual target × months elapsed/12); rate indicators (%%) compare actual with target directly. "+
		"Progress < %s red, %s–%s yellow, %s–%s green, ≥ %s blue (far ahead: was the target too low?). "+
		"Lower-better indicators: green while within the target, else red. Qualitative: achieved green, partly yellow, missed red. "+
		"Budget: execution rate ÷ time elapsed: < %s red, %s–%s yellow, else green. The project's light is the worst of its lights.",
		pct(r.Red), pct(r.Red), pct(r.Yellow), pct(r.Yellow), pct(r.Blue), pct(r.Blue), pct(r.Red), pct(r.Red), pct(r.Yellow))
}

func pct(bp int64) string { return eval.Number{Coef: bp, Scale: 2}.String() + "%" }

// Elapsed is the share of the year gone by at date d for year y, in
// hundredths of a percent, counting whole months including d's month.
func Elapsed(y int, d time.Time) int64 {
	switch {
	case d.Year() < y:
		return 0
	case d.Year() > y:
		return 10000
	}
	return int64(d.Month()) * 10000 / 12
}

// Result is one light and the progress that gave it.
type Result struct {
	Light    Light
	Progress int64 // hundredths of a percent of the prorated target; -1 when not numeric
	Why      string
}

// Indicator judges one indicator's progress value against its target at
// the time elapsed (hundredths of a percent).
func (r Rule) Indicator(name string, target, progress eval.Value, elapsed int64) Result {
	if progress.Kind == eval.KindEmpty {
		return Result{Progress: -1, Why: "未填报进度"}
	}
	dir, _ := eval.InferDirection(name, target)
	switch {
	case progress.Kind == eval.KindWord || progress.Kind == eval.KindText || dir == eval.DirQualitative:
		switch {
		case progress.Negative:
			return Result{LightRed, -1, "未达成"}
		case progress.IsPartial():
			return Result{LightYellow, -1, "部分达成"}
		}
		return Result{LightGreen, -1, "达成"}
	case progress.Kind == eval.KindBool || progress.Kind == eval.KindTime:
		if progress.Negative == target.Negative {
			return Result{LightGreen, -1, "与目标一致"}
		}
		return Result{LightRed, -1, "与目标不一致"}
	}
	t, a, ok := eval.Comparable(target, progress)
	if !ok {
		return Result{Progress: -1, Why: "单位不一致，无法比较"}
	}
	if dir == eval.DirNegative {
		if a.Cmp(t) <= 0 {
			return Result{LightGreen, -1, "未超过指标值"}
		}
		return Result{LightRed, -1, "超过指标值"}
	}
	if t.Sign() == 0 {
		if a.Sign() == 0 {
			return Result{LightGreen, -1, "指标值为0"}
		}
		return Result{LightRed, -1, "指标值为0"}
	}
	due := new(big.Rat).Set(t)
	if target.Unit != "%" && target.Unit != "‰" {
		due.Mul(due, big.NewRat(elapsed, 10000))
	}
	if due.Sign() == 0 {
		return Result{LightNone, -1, "年度尚未开始"}
	}
	q := new(big.Rat).Quo(a, due)
	q.Mul(q, big.NewRat(10000, 1))
	p := ratInt(q)
	return Result{r.light(p, true), p, ""}
}

// Budget judges budget execution: spent ÷ budget against time elapsed.
func (r Rule) Budget(spent, budget money.Fen, elapsed int64) Result {
	rate, ok := money.RatioBP(spent, budget)
	if !ok || elapsed == 0 {
		return Result{Progress: -1, Why: "无预算或年度未开始"}
	}
	p := money.DivRound(rate*10000, elapsed)
	return Result{r.light(p, r.BudgetBlue), p, ""}
}

func (r Rule) light(p int64, blue bool) Light {
	switch {
	case p < r.Red:
		return LightRed
	case p < r.Yellow:
		return LightYellow
	case blue && p >= r.Blue:
		return LightBlue
	}
	return LightGreen
}

func ratInt(q *big.Rat) int64 {
	n := new(big.Int).Quo(q.Num(), q.Denom())
	if !n.IsInt64() {
		return 1 << 40
	}
	return n.Int64()
}
