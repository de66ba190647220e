package eval

import (
	"fmt"
	"runtime"
	"sort"
	"sync"
)

// Severity ranks a finding.
type Severity int

// Severities, from the one that blocks submission down.
const (
	SevError   Severity = iota // must be fixed: the sheet is wrong
	SevWarning                 // needs a look or an explanation
	SevInfo                    // worth knowing; includes "the text is ambiguous"
)

var sevNames = [...]string{"error", "warning", "info"}

// String is "error", "warning" or "info" — the stable name used in JSON.
func (s Severity) String() string { return sevNames[s] }

// Finding is one thing a check found. Rule is the stable name of the check
// (see Rules); Indicator is the 三级 name, empty when the finding is about
// the whole report; Line points into the source when known.
type Finding struct {
	Rule      string
	Severity  Severity
	Indicator string
	Line      int
	MessageZH string
	MessageEN string
}

// RuleInfo describes a check for documentation and for the web page that
// lists them.
type RuleInfo struct {
	Name     string
	Severity Severity
	ZH, EN   string
}

// Rules lists every check Check runs, with its usual severity.
var Rules = []RuleInfo{
	{"weights.sum", SevError, "权重合计应为 100（或规则设定值）", "weights must add up to 100 (or the rule set's total)"},
	{"weights.share", SevError, "各一级指标的权重合计应等于其声明的分值", "the weights of a level-1 group must add up to its declared share"},
	{"weights.invalid", SevError, "权重必须为正数", "a weight must be positive"},
	{"score.range", SevError, "得分应在 0 与权重之间", "a score must lie between 0 and the weight"},
	{"score.missing", SevWarning, "指标缺少得分", "an indicator has no score"},
	{"total.missing", SevError, "评分表缺少总计行", "the sheet has no 总计 row"},
	{"total.sum", SevError, "总计行得分应等于各项得分之和", "the total row's score must equal the sum of the scores"},
	{"total.weight", SevError, "总计行权重应等于各项权重之和", "the total row's weight must equal the sum of the weights"},
	{"narrative.total", SevError, "叙述中的自评得分应等于评分表合计", "the score stated in the narrative must equal the sheet's total"},
	{"narrative.grade", SevError, "叙述中的评价等级应与得分相符", "the grade stated in the narrative must match the total"},
	{"narrative.total_missing", SevInfo, "叙述中未找到自评得分或等级", "no total score or grade found in the narrative"},
	{"score.rule", SevError, "定量指标得分与规则计算结果不符", "a quantitative score departs from the rule's score"},
	{"score.rounding", SevWarning, "定量指标得分与规则结果仅差舍入", "a quantitative score differs from the rule's only by rounding"},
	{"score.tier", SevError, "定性指标得分不在实际完成情况对应的档次内", "a qualitative score lies outside the tier its actual implies"},
	{"score.unscorable", SevInfo, "无法按规则计分（单位不一致、实际值为空或无法判断档次）", "the rule cannot score the row (units differ, empty actual, unclear tier)"},
	{"deduction.no_basis", SevWarning, "扣分但未填写评分依据或偏差原因", "points deducted with no basis or reason"},
	{"deduction.met", SevWarning, "指标已完成却被扣分", "the target was met in full yet points were deducted"},
	{"over.no_reason", SevWarning, "大幅超额完成但未说明原因", "well over target with no explanation"},
	{"indicator.duplicate", SevError, "三级指标重复", "an indicator appears twice"},
	{"direction.inferred", SevInfo, "指标方向由目标值和名称推断", "the direction was inferred from target and name"},
	{"funds.parts", SevError, "分项金额之和应等于总额（上级 + 本级 = 总）", "the parts must add up to the total (higher + local = total)"},
	{"funds.rate", SevError, "叙述中的比率应等于其金额之比", "a rate stated in the narrative must equal the ratio of its amounts"},
	{"funds.conflict", SevWarning, "叙述中同一金额前后不一致", "the narrative states two different figures for the same amount"},
	{"funds.row", SevError, "资金到位率/预算执行率指标与叙述金额不符", "the 资金到位率/预算执行率 row disagrees with the stated amounts"},
	{"funds.ambiguous", SevInfo, "叙述中的金额或比率含义不明，未核对", "an amount or rate in the narrative is ambiguous and was not checked"},
	{"figure.mismatch", SevWarning, "叙述中的指标数值与评分表不符", "a figure in the narrative disagrees with the sheet"},
	{"execution.low", SevWarning, "预算执行率低于规定值且未说明原因", "budget execution below the threshold with no explanation"},
	{"import.mismatch", SevWarning, "评分表表头与报告不一致（单位、项目或年度）", "the sheet's header disagrees with the report (unit, project or year)"},
	{"execution.rate", SevError, "预算执行情况的执行率应等于全年执行数 ÷ 全年预算数", "the funds block's printed 执行率 must equal 全年执行数 ÷ 全年预算数"},
	{"execution.score", SevError, "预算执行情况的得分应等于分值 × 执行率（不超过分值，或按规则档次）", "the funds block's 得分 must be 分值 × 执行率 capped at 分值 (or the rule's steps)"},
	{"execution.missing", SevWarning, "预算执行情况未填写得分", "the funds block's 得分 is missing"},
	{"total.parts", SevError, "总分应等于预算执行得分加各项指标得分", "总分 must equal the funds block's 得分 plus the indicators' scores"},
	{"grade.problems", SevInfo, "评为最高等级（优）但存在问题部分列有问题", "graded at the top grade while the Problems section lists problems"},
	{"score.full_unspent", SevInfo, "各项指标均得满分但资金未用完", "every indicator has full marks although the funds were not all spent"},
}

// Result is the outcome of checking a report.
type Result struct {
	// Scores holds the rule's view of each row, index for index with
	// Report.Sheet.Rows.
	Scores []Scored
	// ComputedTotal is the sum of the scores as written in the rows.
	ComputedTotal Points
	// RuleTotal is the sum of the rule's scores where the rule fixes one,
	// and the written score elsewhere.
	RuleTotal Points
	// WeightTotal is the sum of the weights.
	WeightTotal Points
	// DeclaredTotal is the total stated in the narrative, if any.
	DeclaredTotal    Points
	HasDeclaredTotal bool
	DeclaredGrade    string
	// Grade is the grade of ComputedTotal by the rule set.
	Grade string
	// Execution is the rule's view of the funds row (附件1: 预算执行情况),
	// whose 分值 and 得分 are part of WeightTotal, ComputedTotal and
	// RuleTotal when the sheet has one.
	Execution ScoredExecution
	Findings  []Finding
}

// Errors counts error-level findings.
func (r *Result) Errors() int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == SevError {
			n++
		}
	}
	return n
}

// checker carries a report through the checks.
type checker struct {
	r   *Report
	rs  *RuleSet
	res *Result
}

func (c *checker) add(rule string, sev Severity, row *Row, line int, zh, en string) {
	f := Finding{Rule: rule, Severity: sev, Line: line, MessageZH: zh, MessageEN: en}
	if row != nil {
		f.Indicator = row.Level3
		if f.Line == 0 {
			f.Line = row.Line
		}
	}
	c.res.Findings = append(c.res.Findings, f)
}

// Check scores every row of the report by the rule set and runs every check.
// Findings are ordered by severity, then by line.
func Check(r *Report, rs *RuleSet) Result {
	if rs == nil {
		rs = DefaultRuleSet()
	}
	res := Result{}
	c := &checker{r: r, rs: rs, res: &res}
	rows := r.Sheet.Rows
	res.Scores = make([]Scored, len(rows))
	for i := range rows {
		res.Scores[i] = ScoreRow(&rows[i], rs)
		res.WeightTotal += rows[i].Weight
		res.ComputedTotal += rows[i].Score
		if res.Scores[i].Exact {
			res.RuleTotal += res.Scores[i].Expected
		} else {
			res.RuleTotal += rows[i].Score
		}
	}
	if ex := r.Sheet.Execution; ex != nil {
		res.Execution = ScoreExecution(r.Funds, ex, rs)
		res.WeightTotal += ex.Weight
		res.ComputedTotal += ex.Score
		if res.Execution.Exact {
			res.RuleTotal += res.Execution.Expected
		} else {
			res.RuleTotal += ex.Score
		}
	}
	// A sheet without any score has no grade yet.
	scored := r.Sheet.Execution != nil && r.Sheet.Execution.HasScore
	for i := range rows {
		scored = scored || rows[i].HasScore
	}
	if scored {
		res.Grade = rs.Grade(res.ComputedTotal)
	}
	res.Findings = append(res.Findings, r.Notes...)
	c.checkWeights()
	c.checkTotal()
	c.checkRows()
	c.checkExecutionRow()
	c.checkNarrative()
	c.checkFullUnspent()
	sort.SliceStable(res.Findings, func(i, j int) bool {
		a, b := res.Findings[i], res.Findings[j]
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Line < b.Line
	})
	return res
}

func (c *checker) checkWeights() {
	rows := c.r.Sheet.Rows
	if len(rows) == 0 {
		return
	}
	unscored := c.r.Sheet.Unscored
	if c.res.WeightTotal != c.rs.WeightTotal && !unscored {
		line := 0
		if c.r.Sheet.Total != nil {
			line = c.r.Sheet.Total.Line
		}
		if ex := c.r.Sheet.Execution; ex != nil {
			c.add("weights.sum", SevError, nil, line,
				fmt.Sprintf("预算执行分值 %s 加各项权重 %s 合计 %s，应为 %s", ex.Weight, c.res.WeightTotal-ex.Weight, c.res.WeightTotal, c.rs.WeightTotal),
				fmt.Sprintf("the funds block's %s plus the weights %s add up to %s, not %s", ex.Weight, c.res.WeightTotal-ex.Weight, c.res.WeightTotal, c.rs.WeightTotal))
		} else {
			c.add("weights.sum", SevError, nil, line,
				fmt.Sprintf("各项权重合计 %s，应为 %s", c.res.WeightTotal, c.rs.WeightTotal),
				fmt.Sprintf("weights add up to %s, not %s", c.res.WeightTotal, c.rs.WeightTotal))
		}
	}
	for _, sh := range c.r.Sheet.Shares {
		var sum Points
		for i := range rows {
			if rows[i].Level1 == sh.Level1 {
				sum += rows[i].Weight
			}
		}
		if sum != sh.Weight {
			c.add("weights.share", SevError, nil, sh.Line,
				fmt.Sprintf("一级指标“%s”声明 %s 分，其下权重合计 %s", sh.Level1, sh.Weight, sum),
				fmt.Sprintf("level-1 %q declares %s points but its weights add up to %s", sh.Level1, sh.Weight, sum))
		}
	}
	seen := map[string]int{}
	for i := range rows {
		row := &rows[i]
		if row.Weight <= 0 && !unscored {
			c.add("weights.invalid", SevError, row, 0,
				fmt.Sprintf("权重 %s 不是正数", row.Weight), fmt.Sprintf("weight %s is not positive", row.Weight))
		}
		key := row.Level1 + "\x00" + row.Level2 + "\x00" + row.Level3
		if prev, dup := seen[key]; dup {
			c.add("indicator.duplicate", SevError, row, 0,
				fmt.Sprintf("指标“%s/%s/%s”与第 %d 行重复", row.Level1, row.Level2, row.Level3, prev),
				fmt.Sprintf("indicator “%s/%s/%s” repeats line %d", row.Level1, row.Level2, row.Level3, prev))
		} else {
			seen[key] = row.Line
		}
	}
}

func (c *checker) checkTotal() {
	t := c.r.Sheet.Total
	if len(c.r.Sheet.Rows) == 0 || c.r.Sheet.Unscored {
		return
	}
	if t == nil {
		c.add("total.missing", SevError, nil, c.r.Line, "评分表没有“总计”行，无法核对合计",
			"the score sheet has no 总计 row; its total cannot be checked")
		return
	}
	if ex := c.r.Sheet.Execution; ex != nil && t.HasScore && t.Score != c.res.ComputedTotal {
		ind := c.res.ComputedTotal - ex.Score
		c.add("total.parts", SevError, nil, t.Line,
			fmt.Sprintf("总分 %s，但预算执行得分 %s + 指标得分 %s = %s（差 %s）", t.Score, ex.Score, ind, c.res.ComputedTotal, t.Score-c.res.ComputedTotal),
			fmt.Sprintf("总分 is %s but the funds score %s + the indicators' %s = %s (off by %s)", t.Score, ex.Score, ind, c.res.ComputedTotal, t.Score-c.res.ComputedTotal))
	} else if t.HasScore && t.Score != c.res.ComputedTotal {
		c.add("total.sum", SevError, nil, t.Line,
			fmt.Sprintf("总计行得分 %s，但各项得分之和为 %s（差 %s）", t.Score, c.res.ComputedTotal, t.Score-c.res.ComputedTotal),
			fmt.Sprintf("the total row says %s but the scores add up to %s (off by %s)", t.Score, c.res.ComputedTotal, t.Score-c.res.ComputedTotal))
	}
	if t.HasWeight && t.Weight != c.res.WeightTotal {
		c.add("total.weight", SevError, nil, t.Line,
			fmt.Sprintf("总计行权重 %s，但各项权重之和为 %s", t.Weight, c.res.WeightTotal),
			fmt.Sprintf("the total row's weight is %s but the weights add up to %s", t.Weight, c.res.WeightTotal))
	}
}

func (c *checker) checkRows() {
	rows := c.r.Sheet.Rows
	for i := range rows {
		row, sc := &rows[i], c.res.Scores[i]
		if sc.Inferred && sc.Direction == DirNegative && row.Target.Kind == KindNumber && row.Target.Op == OpNone {
			_, why := InferDirectionWhy(row.Level3, row.Target)
			c.add("direction.inferred", SevInfo, row, 0,
				fmt.Sprintf("方向推断为%s：%s", sc.Direction, why.ZH),
				fmt.Sprintf("direction inferred as %s: %s", sc.Direction.English(), why.EN))
		}
		if !row.HasScore {
			if !c.r.Sheet.Unscored {
				c.add("score.missing", SevWarning, row, 0, "未填写得分", "no score given")
			} else if sc.Over && row.Basis == "" {
				c.add("over.no_reason", SevWarning, row, 0,
					fmt.Sprintf("完成率 %s%%，超过 %s%%，应分析原因（目标是否设定偏低）", bpString(sc.Achievement), bpString(c.rs.OverRatio)),
					fmt.Sprintf("achievement %s%% exceeds %s%%: explain it (was the target set too low?)", bpString(sc.Achievement), bpString(c.rs.OverRatio)))
			}
			continue
		}
		if row.Score < 0 || row.Score > row.Weight {
			c.add("score.range", SevError, row, 0,
				fmt.Sprintf("得分 %s 不在 0 与权重 %s 之间", row.Score, row.Weight),
				fmt.Sprintf("score %s is not between 0 and the weight %s", row.Score, row.Weight))
		}
		c.checkRowScore(row, sc)
		deducted := row.Score < row.Weight
		if deducted && row.Basis == "" {
			c.add("deduction.no_basis", SevWarning, row, 0,
				fmt.Sprintf("扣 %s 分，但未填写评分依据或偏差原因", row.Weight-row.Score),
				fmt.Sprintf("%s points deducted with no basis or reason", row.Weight-row.Score))
		}
		if deducted && sc.Met {
			c.add("deduction.met", SevWarning, row, 0,
				fmt.Sprintf("目标“%s”已完成（实际“%s”），却扣 %s 分", row.Target, row.Actual, row.Weight-row.Score),
				fmt.Sprintf("target %q met (actual %q), yet %s points deducted", row.Target.String(), row.Actual.String(), row.Weight-row.Score))
		}
		if sc.Over && row.Basis == "" {
			c.add("over.no_reason", SevWarning, row, 0,
				fmt.Sprintf("完成率 %s%%，超过 %s%%，应分析原因（目标是否设定偏低）", bpString(sc.Achievement), bpString(c.rs.OverRatio)),
				fmt.Sprintf("achievement %s%% exceeds %s%%: explain it (was the target set too low?)", bpString(sc.Achievement), bpString(c.rs.OverRatio)))
		}
	}
}

// checkRowScore compares the written score with what the rule allows.
func (c *checker) checkRowScore(row *Row, sc Scored) {
	switch {
	case sc.Unscorable != "":
		c.add("score.unscorable", SevInfo, row, 0, sc.Explain, sc.ExplainEN)
	case sc.Exact:
		if sc.Allows(row.Score, c.rs.Tolerance) {
			return
		}
		if roundsTo(sc.Expected, row.Score) {
			c.add("score.rounding", SevWarning, row, 0,
				fmt.Sprintf("填报 %s 分，按规则应得 %s 分（%s），差异似为舍入所致", row.Score, sc.Expected, sc.Explain),
				fmt.Sprintf("written %s, the rule gives %s (%s); the difference looks like rounding", row.Score, sc.Expected, sc.ExplainEN))
			return
		}
		c.add("score.rule", SevError, row, 0,
			fmt.Sprintf("填报 %s 分，按规则应得 %s 分：%s", row.Score, sc.Expected, sc.Explain),
			fmt.Sprintf("written %s, the rule gives %s: %s", row.Score, sc.Expected, sc.ExplainEN))
	default:
		if !sc.Allows(row.Score, 0) {
			c.add("score.tier", SevError, row, 0,
				fmt.Sprintf("得分 %s 不在%s的区间 %s 内（实际“%s”）", row.Score, sc.Tier, sc.Range(), row.Actual),
				fmt.Sprintf("score %s is outside the %s range %s (actual %q)", row.Score, sc.Tier.English(), sc.Range(), row.Actual.String()))
		}
	}
}

// roundsTo reports whether written is the exact score as a person rounds
// it: half up to one decimal or to a whole point, or cut to one decimal
// (8.55 written as 8.6 or 8.5). Other differences are a wrong score.
func roundsTo(exact, written Points) bool {
	half := func(step Points) Points { return (exact + step/2) / step * step }
	return written == half(1000) || written == exact/1000*1000 || written == half(PointScale)
}

// CheckAll checks many reports on up to workers goroutines (0 means one
// per CPU) and returns the results in the order of the reports.
func CheckAll(reports []*Report, rs *RuleSet, workers int) []Result {
	out := make([]Result, len(reports))
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for range workers {
		wg.Go(func() {
			for i := range next {
				out[i] = Check(reports[i], rs)
			}
		})
	}
	for i := range reports {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
