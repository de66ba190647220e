package eval

import (
	"fmt"
	"math/big"

	"jixiao/internal/money"
)

// AnnualGoal is the 年度总体目标 of the 附件1 form: what was planned and
// what was achieved, side by side.
type AnnualGoal struct {
	Expected string // 预期目标
	Actual   string // 实际完成情况
	Line     int
}

// ExecutionRow is the funds block's scored row (预算执行情况): its 分值,
// the 执行率 and 得分 as printed, and the reason given for a low rate.
type ExecutionRow struct {
	Weight    Points // 分值 / 权重
	HasWeight bool
	// Rate is the printed 执行率 in percent ("86%" → 86, "0.862" in a
	// %-formatted cell → 86.2), at the precision it was printed with.
	Rate     Number
	HasRate  bool
	Score    Points // 得分 as printed
	HasScore bool
	Reason   string // 偏差原因 / 原因 of the funds row
	Line     int
}

// ScoredExecution is the rule's view of the funds row.
type ScoredExecution struct {
	// RateBP is 执行率 from the amounts (全年执行数 ÷ 全年预算数, or ÷ 到位数
	// when the rule set says so), in hundredths of a percent; FromAmounts
	// is false when the amounts are not stated and the printed rate was used.
	RateBP      int64
	HasRate     bool
	FromAmounts bool
	// Expected is the rule's 得分 when Exact.
	Expected Points
	Exact    bool
	// Alt is the 得分 the printed rate gives, which a person may have
	// used instead of the exact one (a rounded 86% for 86.2%).
	Alt    Points
	HasAlt bool

	Explain, ExplainEN string
}

// executionShare is the share of the 分值 a rate earns, as a fraction.
func (rs *RuleSet) executionShare(rate *big.Rat) *big.Rat {
	if rate.Sign() < 0 {
		return new(big.Rat)
	}
	if rs.ExecutionScore == ExecutionStepped && len(rs.ExecutionSteps) > 0 {
		for _, st := range rs.ExecutionSteps {
			if rate.Cmp(big.NewRat(st.Min, 10000)) >= 0 {
				return big.NewRat(st.Share, 10000)
			}
		}
		return new(big.Rat)
	}
	if rate.Cmp(big.NewRat(1, 1)) > 0 {
		return big.NewRat(1, 1)
	}
	return rate
}

// ExecutionScoreFor is the 得分 the rule set gives the funds row for
// weight w at a rate (1 = 100%).
func (rs *RuleSet) ExecutionScoreFor(w Points, rate *big.Rat) Points {
	return rs.Round(ratPoints(new(big.Rat).Mul(w.Number().Rat(), rs.executionShare(rate))))
}

// ScoreExecution scores the funds row of the 附件1 form: 执行率 from the
// amounts (the rule set chooses the denominator), and 得分 = 分值 × 执行率
// capped at 分值, or by the rule set's steps.
func ScoreExecution(f Funds, e *ExecutionRow, rs *RuleSet) ScoredExecution {
	var se ScoredExecution
	if e == nil {
		return se
	}
	num := f.Spent.All()
	den := f.Budget.All()
	denName := "全年预算数"
	if rs.ExecutionOverReceived {
		den, denName = f.Received.All(), "全年到位数"
	}
	var rate *big.Rat
	if num.Set && den.Set && den.Fen != 0 {
		rate = big.NewRat(int64(num.Fen), int64(den.Fen))
		se.RateBP, _ = money.RatioBP(num.Fen, den.Fen)
		se.HasRate, se.FromAmounts = true, true
	}
	var printed *big.Rat
	if e.HasRate {
		printed = new(big.Rat).Quo(e.Rate.Rat(), big.NewRat(100, 1))
	}
	if !e.HasWeight {
		return se
	}
	w := e.Weight
	how, howEN := "按比例", "in proportion"
	if rs.ExecutionScore == ExecutionStepped {
		how, howEN = "按档次", "by steps"
	}
	switch {
	case rate != nil:
		se.Expected, se.Exact = rs.ExecutionScoreFor(w, rate), true
		se.Explain = fmt.Sprintf("执行率 %s ÷ %s = %s%%，%s计分：%s 分", num.Fen.WanText(), den.Fen.WanText(), bpString(se.RateBP), how, se.Expected)
		se.ExplainEN = fmt.Sprintf("execution %s ÷ %s = %s%%, scored %s: %s", num.Fen.WanText(), den.Fen.WanText(), bpString(se.RateBP), howEN, se.Expected)
		if printed != nil {
			se.Alt, se.HasAlt = rs.ExecutionScoreFor(w, printed), true
		}
	case printed != nil:
		se.Expected, se.Exact = rs.ExecutionScoreFor(w, printed), true
		se.RateBP, se.HasRate = int64(PointsFromNumber(e.Rate)/100), true
		se.Explain = fmt.Sprintf("按填报执行率 %s%%（未载明全年执行数或%s）%s计分：%s 分", e.Rate, denName, how, se.Expected)
		se.ExplainEN = fmt.Sprintf("by the printed rate %s%% (amounts not stated), scored %s: %s", e.Rate, howEN, se.Expected)
	}
	return se
}

// checkPrintedRate checks the 执行率 a funds block prints against its
// amounts: the scored funds row's, or the block's own. It reports whether
// the rate was wrong.
func (c *checker) checkPrintedRate(line int) bool {
	rate, ok := c.r.Funds.PrintedRate, c.r.Funds.HasPrintedRate
	if e := c.r.Sheet.Execution; e != nil && e.HasRate {
		rate, ok = e.Rate, true
	}
	num, den := c.r.Funds.Spent.All(), c.r.Funds.Budget.All()
	if c.rs.ExecutionOverReceived {
		den = c.r.Funds.Received.All()
	}
	if !ok || !num.Set || !den.Set || den.Fen == 0 || rateAgrees(num.Fen, den.Fen, rate, c.rs.RateTolerance) {
		return false
	}
	bp, _ := money.RatioBP(num.Fen, den.Fen)
	c.add("execution.rate", SevError, nil, line,
		fmt.Sprintf("填报执行率 %s%%，但全年执行数 %s ÷ %s 万元 = %s%%", rate, num.Fen.WanText(), den.Fen.WanText(), bpString(bp)),
		fmt.Sprintf("the printed execution rate is %s%% but %s ÷ %s (10k yuan) = %s%%", rate, num.Fen.WanText(), den.Fen.WanText(), bpString(bp)))
	return true
}

// checkExecutionRow checks the funds row: printed 执行率 against its
// amounts, printed 得分 against the rule.
func (c *checker) checkExecutionRow() {
	e := c.r.Sheet.Execution
	if e == nil {
		c.checkPrintedRate(0)
		return
	}
	se := c.res.Execution
	rateWrong := c.checkPrintedRate(e.Line)
	if !e.HasScore {
		for i := range c.r.Sheet.Rows {
			if c.r.Sheet.Rows[i].HasScore {
				c.add("execution.missing", SevWarning, nil, e.Line, "预算执行情况未填写得分", "the budget execution row has no score")
				break
			}
		}
		return
	}
	if e.HasWeight && (e.Score < 0 || e.Score > e.Weight) {
		c.add("execution.score", SevError, nil, e.Line,
			fmt.Sprintf("预算执行得分 %s 不在 0 与分值 %s 之间", e.Score, e.Weight),
			fmt.Sprintf("the budget execution score %s is not between 0 and its weight %s", e.Score, e.Weight))
		return
	}
	if !se.Exact {
		return
	}
	near := func(p Points) bool {
		d := e.Score - p
		return d >= -c.rs.Tolerance && d <= c.rs.Tolerance
	}
	// The score of the printed rate counts only when that rate is the
	// amounts' rate as printed (86% for 86.2%), not a wrong one.
	if near(se.Expected) || se.HasAlt && !rateWrong && near(se.Alt) {
		return
	}
	if roundsTo(se.Expected, e.Score) {
		c.res.Findings = append(c.res.Findings, Finding{Rule: "score.rounding", Severity: SevWarning, Indicator: "预算执行情况", Line: e.Line,
			MessageZH: fmt.Sprintf("预算执行得分填 %s 分，按规则应得 %s 分（%s），差异似为舍入所致", e.Score, se.Expected, se.Explain),
			MessageEN: fmt.Sprintf("the budget execution score is %s, the rule gives %s (%s); the difference looks like rounding", e.Score, se.Expected, se.ExplainEN)})
		return
	}
	c.add("execution.score", SevError, nil, e.Line,
		fmt.Sprintf("预算执行得分填 %s 分，按规则应得 %s 分：%s", e.Score, se.Expected, se.Explain),
		fmt.Sprintf("the budget execution score is %s, the rule gives %s: %s", e.Score, se.Expected, se.ExplainEN))
}

// IndicatorWeightTotal is what the indicators' weights must add up to
// under rs: the rule set's total, less the funds row's 分值 where the form
// scores budget execution apart (附件1: 90 for the indicators and 10 for
// the funds). weights.sum checks the same sum, funds 分值 included.
func IndicatorWeightTotal(r *Report, rs *RuleSet) Points {
	if rs == nil {
		rs = DefaultRuleSet()
	}
	t := rs.WeightTotal
	if ex := r.Sheet.Execution; ex != nil && ex.HasWeight {
		t -= ex.Weight
	}
	return t
}
