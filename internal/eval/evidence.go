package eval

import (
	"fmt"
	"math/big"
	"strings"
)

// Evidence is an indicator's actual value computed from data rather than
// typed — 发放率 from the bank returns, 足额发放率 from the payroll check —
// with where it came from. It is offered to the sheet's row of the same
// name, and CheckEvidence reports a written actual that disagrees.
type Evidence struct {
	Indicator  string   `json:"indicator"`         // 发放率, 及时发放率, 足额发放率 …
	Aliases    []string `json:"aliases,omitempty"` // other names of the same indicator
	BP         int64    `json:"bp"`                // the rate in hundredths of a percent: 9982 = 99.82%
	Num        int64    `json:"num"`               // numerator and denominator, for the reader
	Den        int64    `json:"den"`
	Period     string   `json:"period"`     // "2023" or "2023-06"
	Provenance string   `json:"provenance"` // what computed it, from which files
}

// Percent formats the rate: "99.82%".
func (e *Evidence) Percent() string {
	return fmt.Sprintf("%d.%02d%%", e.BP/100, e.BP%100)
}

// EvidenceRule describes the check CheckEvidence runs. It is not in Rules:
// Check runs those on a report alone, this one needs the evidence.
var EvidenceRule = RuleInfo{"evidence.mismatch", SevWarning, "实际完成值与按业务数据计算的结果不符",
	"a written actual value disagrees with the value computed from the data"}

// MatchEvidence returns the evidence offered to an indicator name: the one
// whose name or alias is the longest part of it (so 及时发放率 wins over
// 发放率 for "待遇及时发放率"), or nil.
func MatchEvidence(name string, ev []Evidence) *Evidence {
	name = strings.TrimSpace(name)
	var best *Evidence
	bestLen := 0
	for i := range ev {
		for _, n := range append([]string{ev[i].Indicator}, ev[i].Aliases...) {
			if n != "" && strings.Contains(name, n) && len(n) > bestLen {
				best, bestLen = &ev[i], len(n)
			}
		}
	}
	return best
}

// CheckEvidence compares each row's written actual with the evidence
// offered to it. A percentage is compared at the precision written (98.5%
// against 98.47% agrees), except that 100% claims the whole: 99.82% is not
// 100%. Rows with no evidence, and actuals that are not percentages, are
// left alone, and so is evidence of another year than the report's.
func CheckEvidence(r *Report, ev []Evidence) []Finding {
	if r.Year != 0 {
		var same []Evidence
		for _, e := range ev {
			if len(e.Period) < 4 || e.Period[:4] == fmt.Sprint(r.Year) {
				same = append(same, e)
			}
		}
		ev = same
	}
	var out []Finding
	for i := range r.Sheet.Rows {
		row := &r.Sheet.Rows[i]
		e := MatchEvidence(row.Level3, ev)
		if e == nil || row.Actual.Kind != KindNumber || row.Actual.Unit != "%" {
			continue
		}
		written := row.Actual.Num
		if agrees(written, e.BP) && !shortOfWhole(written, e) {
			continue
		}
		out = append(out, Finding{Rule: EvidenceRule.Name, Severity: EvidenceRule.Severity, Indicator: row.Level3, Line: row.Line,
			MessageZH: fmt.Sprintf("实际完成值写 %s，按业务数据计算为 %s（%d ÷ %d，%s，%s）", row.Actual.String(), e.Percent(), e.Num, e.Den, e.Period, e.Provenance),
			MessageEN: fmt.Sprintf("the actual is written as %s; the data give %s (%d ÷ %d, %s, %s)", row.Actual.String(), e.Percent(), e.Num, e.Den, e.Period, e.Provenance)})
	}
	return out
}

// shortOfWhole reports a written 100% against a rate whose numerator falls
// short of its denominator even though it rounds to 100.00% (99.995%):
// 100% claims every payment.
func shortOfWhole(written Number, e *Evidence) bool {
	return written.Rat().Cmp(big.NewRat(100, 1)) == 0 && e.Den > 0 && e.Num < e.Den
}

// agrees compares a written percentage with a rate in hundredths of a
// percent at the written precision.
func agrees(written Number, bp int64) bool {
	w := written.Rat()
	c := new(big.Rat).SetFrac64(bp, 100)
	if w.Cmp(big.NewRat(100, 1)) == 0 {
		return c.Cmp(w) == 0
	}
	scale := max(written.Scale, 0)
	// round the computed value half away from zero to the written decimals
	pow := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
	x := new(big.Rat).Mul(c, new(big.Rat).SetInt(pow))
	num, den := x.Num(), x.Denom()
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(new(big.Int).Abs(rem), big.NewInt(2)).Cmp(den) >= 0 {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	rounded := new(big.Rat).SetFrac(q, pow)
	return rounded.Cmp(w) == 0
}
