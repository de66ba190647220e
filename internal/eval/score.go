package eval

import (
	"fmt"
	"math/big"
)

// Tier is a qualitative band of the weight (财预〔2020〕10号).
type Tier int

// Qualitative tiers.
const (
	TierNone     Tier = iota
	TierAchieved      // 达成年度指标: [80%, 100%] of the weight
	TierPartial       // 部分达成年度指标并具有一定效果: [60%, 80%)
	TierMissed        // 未达成年度指标且效果较差: [0, 60%)
)

var tierNames = [...]string{"", "达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差"}
var tierNamesEN = [...]string{"", "achieved", "partly achieved", "not achieved"}

// String is the tier's Chinese name.
func (t Tier) String() string { return tierNames[t] }

// English is the tier's English name.
func (t Tier) English() string { return tierNamesEN[t] }

// Scored is what a rule set makes of one row: the score the rule gives (or
// the range it allows), whether the target was met, and why.
type Scored struct {
	Direction       Direction
	DirectionReason string // how the direction was decided; "" when set explicitly
	Inferred        bool

	// Quantitative is true when the rule fixes one score from the numbers.
	Quantitative bool
	// Expected is the rule's score when Exact.
	Expected Points
	Exact    bool
	// Min and Max bound the allowed score (inclusive Min; Max inclusive
	// unless MaxOpen). For an exact score both equal Expected.
	Min, Max Points
	MaxOpen  bool
	Tier     Tier

	Met bool // the target was met in full
	// Achievement is actual / target in hundredths of a percent, for
	// quantitative rows with a non-zero target (0 when not applicable).
	Achievement int64
	// Over is true when a higher-better actual exceeds the target beyond
	// the rule set's OverRatio.
	Over bool

	// Unscorable says why no score could be derived (units differ, actual
	// missing, text that names no tier). Empty when scoring worked.
	Unscorable   string
	UnscorableEN string

	Explain   string // the formula with the numbers filled in
	ExplainEN string
}

// Allows reports whether score s lies in the range the rule allows,
// within the rule set's tolerance for exact scores.
func (sc Scored) Allows(s Points, tol Points) bool {
	if sc.Exact {
		d := s - sc.Expected
		if d < 0 {
			d = -d
		}
		return d <= tol
	}
	if s < sc.Min {
		return false
	}
	if sc.MaxOpen {
		return s < sc.Max
	}
	return s <= sc.Max
}

// ScoreRow scores one indicator row by the rule set.
func ScoreRow(row *Row, rs *RuleSet) Scored {
	var sc Scored
	sc.Direction = row.Direction
	if !row.DirectionSet || row.Direction == DirUnknown {
		sc.Direction, sc.DirectionReason = InferDirection(row.Level3, row.Target)
		sc.Inferred = true
	}
	w := row.Weight
	t, a := row.Target, row.Actual
	switch {
	case a.Kind == KindEmpty:
		sc.unscorable("实际完成值为空", "actual value is empty", w)
	case t.Kind == KindEmpty:
		sc.unscorable("年初指标值为空", "target is empty", w)
	case sc.Direction == DirQualitative:
		scoreQualitative(&sc, t, a, w, rs)
	case t.Kind == KindBool || t.Kind == KindTime:
		scoreBinary(&sc, t, a, w, rs)
	case t.Kind == KindNumber:
		scoreNumber(&sc, t, a, w, rs)
	default:
		scoreQualitative(&sc, t, a, w, rs)
	}
	return sc
}

func (sc *Scored) unscorable(zh, en string, w Points) {
	sc.Unscorable, sc.UnscorableEN = zh, en
	sc.Min, sc.Max = 0, w
	sc.Explain = "无法按规则计分：" + zh
	sc.ExplainEN = "cannot score by rule: " + en
}

func (sc *Scored) exact(p Points) {
	sc.Quantitative, sc.Exact = true, true
	sc.Expected, sc.Min, sc.Max = p, p, p
}

// scoreNumber applies the quantitative formulas.
func scoreNumber(sc *Scored, t, a Value, w Points, rs *RuleSet) {
	A, B, ok := Comparable(t, a)
	if !ok {
		if a.Kind == KindNumber {
			sc.unscorable(fmt.Sprintf("单位不一致（目标 %s，实际 %s），无法比较", t.Unit, a.Unit),
				fmt.Sprintf("units differ (target %s, actual %s)", t.Unit, a.Unit), w)
		} else {
			sc.unscorable("目标为数值而实际完成值“"+a.String()+"”不是数值", "target is a number but the actual is not", w)
		}
		return
	}
	if A.Sign() < 0 {
		sc.unscorable("年初指标值为负数（"+t.String()+"），无法按比例计分", "the target is negative ("+t.String()+")", w)
		return
	}
	if B.Sign() < 0 {
		B = new(big.Rat) // negative actuals count as zero
	}
	ts, as := t.String(), a.String()
	if A.Sign() != 0 {
		sc.Achievement = roundRat(new(big.Rat).Mul(new(big.Rat).Quo(B, A), big.NewRat(10000, 1)))
	}
	wr := w.Number().Rat()
	switch sc.Direction {
	case DirNegative:
		if B.Cmp(A) <= 0 && !(t.Op == OpLT && B.Cmp(A) == 0 && A.Sign() != 0) {
			sc.Met = true
			sc.exact(w)
			sc.Explain = fmt.Sprintf("反向指标，实际 %s 未超过目标 %s，得满分 %s", as, ts, w)
			sc.ExplainEN = fmt.Sprintf("lower-better: actual %s within target %s, full weight %s", as, ts, w)
			return
		}
		if A.Sign() == 0 {
			sc.exact(0)
			sc.Explain = fmt.Sprintf("反向指标，目标为 0 而实际 %s，得 0 分", as)
			sc.ExplainEN = fmt.Sprintf("lower-better with target 0 and actual %s: 0", as)
			return
		}
		var r *big.Rat
		if rs.Reverse == ReverseLinear {
			// w × (1 − (B−A)/A), not below zero.
			r = new(big.Rat).Sub(big.NewRat(1, 1), new(big.Rat).Quo(new(big.Rat).Sub(B, A), A))
			if r.Sign() < 0 {
				r = new(big.Rat)
			}
			sc.exact(rs.Round(ratPoints(new(big.Rat).Mul(wr, r))))
			sc.Explain = fmt.Sprintf("反向指标未达标：%s × (1 − (%s − %s) ÷ %s) = %s", w, as, ts, ts, sc.Expected)
			sc.ExplainEN = fmt.Sprintf("lower-better missed: %s × (1 − (%s − %s) ÷ %s) = %s", w, as, ts, ts, sc.Expected)
			return
		}
		r = new(big.Rat).Quo(A, B)
		sc.exact(rs.Round(ratPoints(new(big.Rat).Mul(wr, r))))
		sc.Explain = fmt.Sprintf("反向指标未达标：%s × %s ÷ %s = %s", w, ts, as, sc.Expected)
		sc.ExplainEN = fmt.Sprintf("lower-better missed: %s × %s ÷ %s = %s", w, ts, as, sc.Expected)
	default: // positive and equal
		cmp := B.Cmp(A)
		met := cmp >= 0
		if t.Op == OpGT && cmp == 0 {
			met = false
		}
		if sc.Direction == DirEqual && A.Sign() == 0 {
			met = B.Sign() == 0
		}
		if met {
			sc.Met = true
			sc.exact(w)
			sc.Explain = "实际 " + as + " 达到目标 " + ts + "，得满分 " + w.String()
			sc.ExplainEN = "actual " + as + " meets target " + ts + ": full weight " + w.String()
			if sc.Direction == DirPositive && A.Sign() > 0 && sc.Achievement > rs.OverRatio {
				sc.Over = true
				sc.Explain += fmt.Sprintf("；完成率 %s%% 超过 %s%%，需说明原因", bpString(sc.Achievement), bpString(rs.OverRatio))
				sc.ExplainEN += fmt.Sprintf("; achievement %s%% exceeds %s%%, a reason is required", bpString(sc.Achievement), bpString(rs.OverRatio))
			}
			return
		}
		if A.Sign() == 0 {
			sc.exact(0)
			sc.Explain = fmt.Sprintf("目标为 0 而实际 %s，得 0 分", as)
			sc.ExplainEN = fmt.Sprintf("target 0, actual %s: 0", as)
			return
		}
		sc.exact(rs.Round(ratPoints(new(big.Rat).Mul(wr, new(big.Rat).Quo(B, A)))))
		sc.Explain = fmt.Sprintf("未达标，按比例计分：%s × %s ÷ %s = %s", w, as, ts, sc.Expected)
		sc.ExplainEN = fmt.Sprintf("missed, scored in proportion: %s × %s ÷ %s = %s", w, as, ts, sc.Expected)
	}
}

// scoreBinary handles 是/否 and 及时/按期 targets: met gives the full
// weight; missed falls to the 未达成 tier.
func scoreBinary(sc *Scored, t, a Value, w Points, rs *RuleSet) {
	if a.Kind != KindBool && a.Kind != KindTime {
		if a.Kind == KindWord && !a.Negative && !a.IsPartial() {
			// "达成", "有效" for a 是 target: read as met.
			a = Value{Kind: t.Kind, Negative: t.Negative, Word: a.Word}
		} else {
			scoreQualitative(sc, t, a, w, rs)
			return
		}
	}
	if a.Negative == t.Negative {
		sc.Met = true
		sc.exact(w)
		sc.Explain = "实际“" + a.Word + "”与目标“" + t.String() + "”一致，得满分 " + w.String()
		sc.ExplainEN = "actual \"" + a.Word + "\" matches target \"" + t.String() + "\": full weight " + w.String()
		return
	}
	sc.setTier(TierMissed, w, rs)
	sc.Explain = fmt.Sprintf("实际“%s”未达到目标“%s”，属%s，得分应在 %s", a.Word, t.String(), TierMissed, sc.rangeString())
	sc.ExplainEN = fmt.Sprintf("actual %q misses target %q: %s, score in %s", a.Word, t.String(), TierMissed.English(), sc.rangeString())
}

// scoreQualitative places the actual in one of the three tiers.
func scoreQualitative(sc *Scored, t, a Value, w Points, rs *RuleSet) {
	var tier Tier
	switch {
	case a.Negative:
		tier = TierMissed
	case a.IsPartial():
		tier = TierPartial
	case a.Kind == KindWord || a.Kind == KindBool || a.Kind == KindTime || a.Kind == KindText && a.Word == t.Word:
		tier = TierAchieved
	case a.Kind == KindNumber && t.Kind != KindNumber:
		sc.unscorable("定性目标的实际完成值是数值，无法判断档次", "qualitative target with a numeric actual: tier unclear", w)
		return
	default:
		sc.unscorable("无法从实际完成值“"+a.String()+"”判断达成档次", "cannot tell the tier from the actual "+a.String(), w)
		return
	}
	sc.setTier(tier, w, rs)
	sc.Met = tier == TierAchieved
	// Built by concatenation: this runs for most rows of every sheet.
	r := sc.rangeString()
	sc.Explain = "定性指标，实际“" + a.String() + "”属" + tier.String() + "，得分区间 " + r
	sc.ExplainEN = "qualitative, actual \"" + a.String() + "\" is " + tier.English() + ": score in " + r
}

// TierRange is the score range a tier allows for weight w: 达成 [hi, w],
// 部分达成 [lo, hi), 未达成 [0, lo). The bounds are rounded to the rule
// set's precision as FASP2 does (round(w×0.8, 2)).
func (rs *RuleSet) TierRange(t Tier, w Points) (lo, hi Points, hiOpen bool) {
	high := rs.Round(Points(int64(w) * rs.TierHigh / 10000))
	low := rs.Round(Points(int64(w) * rs.TierLow / 10000))
	switch t {
	case TierAchieved:
		return high, w, false
	case TierPartial:
		return low, high, true
	case TierMissed:
		return 0, low, true
	}
	return 0, w, false
}

// setTier sets the allowed range of a tier.
func (sc *Scored) setTier(t Tier, w Points, rs *RuleSet) {
	sc.Tier = t
	sc.Min, sc.Max, sc.MaxOpen = rs.TierRange(t, w)
}

func (sc Scored) rangeString() string {
	if sc.MaxOpen {
		return "[" + sc.Min.String() + ", " + sc.Max.String() + ")"
	}
	return "[" + sc.Min.String() + ", " + sc.Max.String() + "]"
}

// Range prints the allowed score range, "[8, 10]" or "[6, 8)".
func (sc Scored) Range() string { return sc.rangeString() }

func ratPoints(r *big.Rat) Points {
	return Points(roundRat(new(big.Rat).Mul(r, big.NewRat(PointScale, 1))))
}

// bpString prints hundredths of a percent as a percentage number: 9751 → "97.51".
func bpString(bp int64) string { return Number{Coef: bp, Scale: 2}.String() }
