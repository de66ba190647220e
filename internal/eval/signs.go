package eval

import (
	"fmt"
	"strings"
)

// Signs of an inflated self-score: the findings the overviews count and
// show beside a project, by the short code the store keeps
// (projects.inflated). Each is an ordinary finding of Check; the
// overviews only count what Check returned.
var inflationSigns = map[string]string{
	"grade.problems":     "problems", // graded top while 存在问题 lists problems
	"deduction.no_basis": "nobasis",  // points deducted with no basis
	"score.full_unspent": "unspent",  // every indicator full marks, funds not all spent
}

// InflationSignCodes are the codes in the order the pages list them.
var InflationSignCodes = []string{"nobasis", "problems", "unspent"}

// InflationSign returns the short code of a finding that is a sign of an
// inflated self-score, or "".
func InflationSign(rule string) string { return inflationSigns[rule] }

// noProblems are the ways a 存在问题 section says there is none.
var noProblems = map[string]bool{
	"": true, "无": true, "暂无": true, "没有": true, "无问题": true, "未发现问题": true, "暂未发现问题": true,
	"没有问题": true, "无明显问题": true, "不存在问题": true, "无此情况": true, "/": true, "—": true, "-": true,
}

// ListsProblems reports whether a 存在问题 section states a problem rather
// than "无", "暂无", "没有", "无问题" … or nothing.
func ListsProblems(text string) bool {
	t := strings.Trim(strings.TrimSpace(text), "。.；;，,！! \t\n")
	return !noProblems[t]
}

// TopGrade is the best grade of the rule set ("优" by default).
func (rs *RuleSet) TopGrade() string {
	if len(rs.Grades) == 0 {
		return ""
	}
	return rs.Grades[0].Grade
}

// checkProblems notes a top grade while 存在问题 lists problems.
func (c *checker) checkProblems() {
	grade := c.res.Grade
	if c.res.DeclaredGrade != "" {
		grade = c.res.DeclaredGrade
	}
	top := c.rs.TopGrade()
	if !ListsProblems(c.r.Narrative.Problems.Text) || top == "" || grade != top || len(c.r.Sheet.Rows) == 0 {
		return
	}
	c.add("grade.problems", SevInfo, nil, c.r.Narrative.Problems.Line,
		fmt.Sprintf("评价等级为%s，但“存在问题”部分列有问题，请核实自评是否偏高", top),
		fmt.Sprintf("graded “%s”, the top grade, while the Problems section lists problems: check whether the self-score is inflated", top))
}

// checkFullUnspent notes a sheet whose every indicator has full marks
// although the funds were not all spent (预算执行率 below 100% by the rule
// set's denominator).
func (c *checker) checkFullUnspent() {
	rows := c.r.Sheet.Rows
	if len(rows) == 0 {
		return
	}
	for i := range rows {
		if !rows[i].HasScore || rows[i].Score != rows[i].Weight {
			return
		}
	}
	bp, ok := c.r.Funds.ExecutionRate(c.rs.ExecutionOverReceived)
	if !ok || bp >= 10000 {
		return
	}
	c.add("score.full_unspent", SevInfo, nil, 0,
		fmt.Sprintf("各项指标均得满分，但预算执行率为 %s%%，资金未用完，请核实自评是否偏高", bpString(bp)),
		fmt.Sprintf("every indicator has full marks although budget execution is %s%%: check whether the self-score is inflated", bpString(bp)))
}
