// Package targetcheck runs the automatic quality checks of a declared
// target sheet (绩效目标表) before the finance bureau's reviewer looks at it
// (绩效目标审核): missing dimensions, vague targets, a cost indicator
// without an amount, targets below last year's actual, a sheet copied
// unchanged from last year. Findings are eval.Finding values with stable
// rule names, like the self-evaluation checks, so every page and command
// that shows those shows these.
//
// Rule sources (docs/review.md): the dimensions are the 单位自评指标 of
// 财预〔2020〕10号 ("产出数量、质量、时效、成本，以及经济效益、社会效益、生态效益、可持续影响、
// 服务对象满意度") and the core-indicator guide 财预〔2021〕101号 (成本指标, 指标值 with
// 取值依据 and 数据来源); "目标值偏低" against history is the 历史标准 of 10号.
// The thresholds are jixiao's own.
//
// The package is pure.
package targetcheck

import (
	"fmt"
	"math/big"
	"sort"
	"strings"

	"jixiao/internal/eval"
)

// Rules lists the checks with their usual severity.
var Rules = []eval.RuleInfo{
	{Name: "target.dimension", Severity: eval.SevWarning, ZH: "缺少数量、质量、时效、成本、效益或满意度维度的指标", EN: "no indicator of a quantity, quality, timeliness, cost, benefit or satisfaction dimension"},
	{Name: "target.vague", Severity: eval.SevWarning, ZH: "产出、效益、满意度指标的目标值不可衡量（“有效”“提高”或空）", EN: "an output, benefit or satisfaction target that cannot be measured (有效, 提高, empty)"},
	{Name: "target.no_source", Severity: eval.SevInfo, ZH: "比率目标（如“≥95%”）未说明数据来源", EN: "a rate target (≥95%) with no data source"},
	{Name: "target.cost_amount", Severity: eval.SevWarning, ZH: "成本指标没有金额", EN: "a cost indicator without an amount"},
	{Name: "target.cost_budget", Severity: eval.SevError, ZH: "成本指标金额超过项目预算", EN: "a cost target above the project's budget"},
	{Name: "target.below_last", Severity: eval.SevWarning, ZH: "目标值低于上年实际完成值（反向指标：高于）", EN: "a target below last year's actual (lower-is-better: above)"},
	{Name: "target.unchanged", Severity: eval.SevWarning, ZH: "指标表与上年完全相同", EN: "the sheet is last year's, unchanged"},
}

// Dimensions a target sheet should cover.
var dimensions = []struct {
	key, zh, en string
	match       func(r *eval.Row) bool
}{
	{"quantity", "数量指标", "quantity", func(r *eval.Row) bool { return strings.Contains(r.Level2, "数量") }},
	{"quality", "质量指标", "quality", func(r *eval.Row) bool { return strings.Contains(r.Level2, "质量") }},
	{"time", "时效指标", "timeliness", func(r *eval.Row) bool { return strings.Contains(r.Level2, "时效") }},
	{"cost", "成本指标", "cost", isCost},
	{"benefit", "效益指标", "benefit", func(r *eval.Row) bool { return strings.Contains(r.Level1, "效益") }},
	{"satisfaction", "满意度指标", "satisfaction", func(r *eval.Row) bool {
		return strings.Contains(r.Level1, "满意") || strings.Contains(r.Level2, "满意")
	}},
}

func isCost(r *eval.Row) bool { return strings.Contains(r.Level2, "成本") }

// assessed reports whether the row's group must have a measurable target.
func assessed(r *eval.Row) bool {
	return strings.Contains(r.Level1, "产出") || strings.Contains(r.Level1, "效益") || strings.Contains(r.Level1, "满意")
}

// sourceWords say where a figure comes from.
var sourceWords = []string{"来源", "调查", "问卷", "测评", "抽样", "回访", "统计", "台账", "报表", "系统", "数据", "依据"}

var moneyUnits = map[string]bool{"元": true, "万元": true, "亿元": true, "千元": true}

// Check runs every target-quality check on cur, a declared target sheet
// (actuals and scores are ignored). last is the same project's sheet of
// the previous year with its actuals, or nil. Findings are ordered by
// severity, then line.
func Check(cur, last *eval.Report) []eval.Finding {
	var out []eval.Finding
	add := func(rule string, sev eval.Severity, row *eval.Row, zh, en string) {
		f := eval.Finding{Rule: rule, Severity: sev, MessageZH: zh, MessageEN: en}
		if row != nil {
			f.Indicator, f.Line = row.Level3, row.Line
		}
		out = append(out, f)
	}
	rows := cur.Sheet.Rows
	for _, d := range dimensions {
		found := false
		for k := range rows {
			if d.match(&rows[k]) {
				found = true
				break
			}
		}
		if !found && len(rows) > 0 {
			add("target.dimension", eval.SevWarning, nil,
				fmt.Sprintf("指标表没有%s", d.zh), fmt.Sprintf("the sheet has no %s indicator", d.en))
		}
	}
	budget := cur.Funds.Budget.All()
	for k := range rows {
		row := &rows[k]
		t := row.Target
		if isCost(row) {
			switch {
			case t.Kind != eval.KindNumber || !moneyUnits[t.Unit]:
				add("target.cost_amount", eval.SevWarning, row,
					fmt.Sprintf("成本指标目标值“%s”不是金额（应为“≤X万元”等）", t.String()),
					fmt.Sprintf("cost target %q is not an amount (≤ X 10k yuan)", t.String()))
			case budget.Set:
				if fen, ok := amountFen(t); ok && fen > int64(budget.Fen) {
					add("target.cost_budget", eval.SevError, row,
						fmt.Sprintf("成本指标 %s 超过项目预算 %s 万元", t.String(), budget.Fen.WanText()),
						fmt.Sprintf("cost target %s exceeds the budget of %s (10k yuan)", t.String(), budget.Fen.WanText()))
				}
			}
			continue
		}
		if !assessed(row) {
			continue
		}
		switch t.Kind {
		case eval.KindWord, eval.KindText, eval.KindEmpty:
			add("target.vague", eval.SevWarning, row,
				fmt.Sprintf("目标值“%s”不可衡量，应给出数值或可核验的标准", t.String()),
				fmt.Sprintf("target %q cannot be measured; give a number or a checkable standard", t.String()))
		case eval.KindNumber:
			if t.Unit == "%" && !containsAny(row.Basis+row.Reason, sourceWords) {
				add("target.no_source", eval.SevInfo, row,
					fmt.Sprintf("目标值“%s”未说明数据来源（调查、统计、系统数据等）", t.String()),
					fmt.Sprintf("target %q names no data source (survey, statistics, system data)", t.String()))
			}
		}
	}
	if last != nil {
		out = append(out, againstLast(cur, last)...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Severity != out[j].Severity {
			return out[i].Severity < out[j].Severity
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// amountFen converts a money target to fen.
func amountFen(v eval.Value) (int64, bool) {
	a, _, ok := eval.Comparable(v, eval.Value{Kind: eval.KindNumber, Num: eval.Number{Coef: 1}, Unit: "元"})
	if !ok {
		return 0, false
	}
	a.Mul(a, bigHundred)
	// round half up to the fen: ⌊(2·num + den) ÷ (2·den)⌋
	num := new(big.Int).Mul(a.Num(), big.NewInt(2))
	num.Add(num, a.Denom())
	num.Quo(num, new(big.Int).Mul(a.Denom(), big.NewInt(2)))
	if !num.IsInt64() {
		return 0, false
	}
	return num.Int64(), true
}

// againstLast compares the targets with last year's sheet: each target
// against last year's actual of the same indicator, and the whole sheet.
func againstLast(cur, last *eval.Report) []eval.Finding {
	var out []eval.Finding
	prev := map[string]*eval.Row{}
	for k := range last.Sheet.Rows {
		r := &last.Sheet.Rows[k]
		prev[key(r)] = r
	}
	same := len(cur.Sheet.Rows) == len(last.Sheet.Rows) && len(cur.Sheet.Rows) > 0
	for k := range cur.Sheet.Rows {
		row := &cur.Sheet.Rows[k]
		p := prev[key(row)]
		if p == nil || p.Target.String() != row.Target.String() || p.Weight != row.Weight {
			same = false
		}
		if p == nil || row.Target.Kind != eval.KindNumber {
			continue
		}
		tgt, act, ok := eval.Comparable(row.Target, p.Actual)
		if !ok {
			continue
		}
		dir, _ := eval.InferDirection(row.Level3, row.Target)
		if row.DirectionSet {
			dir = row.Direction
		}
		c := tgt.Cmp(act)
		switch {
		case dir == eval.DirPositive && c < 0:
			out = append(out, eval.Finding{Rule: "target.below_last", Severity: eval.SevWarning, Indicator: row.Level3, Line: row.Line,
				MessageZH: fmt.Sprintf("目标值 %s 低于上年实际完成值 %s", row.Target.String(), p.Actual.String()),
				MessageEN: fmt.Sprintf("target %s is below last year's actual %s", row.Target.String(), p.Actual.String())})
		case dir == eval.DirNegative && c > 0:
			out = append(out, eval.Finding{Rule: "target.below_last", Severity: eval.SevWarning, Indicator: row.Level3, Line: row.Line,
				MessageZH: fmt.Sprintf("反向指标目标值 %s 宽于上年实际完成值 %s", row.Target.String(), p.Actual.String()),
				MessageEN: fmt.Sprintf("lower-is-better target %s is looser than last year's actual %s", row.Target.String(), p.Actual.String())})
		}
	}
	if same {
		out = append(out, eval.Finding{Rule: "target.unchanged", Severity: eval.SevWarning,
			MessageZH: fmt.Sprintf("指标、目标值和权重与 %d 年完全相同", last.Year),
			MessageEN: fmt.Sprintf("indicators, targets and weights are those of %d, unchanged", last.Year)})
	}
	return out
}

func key(r *eval.Row) string {
	return eval.Normalize(r.Level1) + "\x00" + eval.Normalize(r.Level2) + "\x00" + eval.Normalize(r.Level3)
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

var bigHundred = big.NewRat(100, 1)
