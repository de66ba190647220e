package eval

import "testing"

func TestListsProblems(t *testing.T) {
	for _, none := range []string{"", "无", "无。", "暂无", "暂无。", " 没有 ", "无问题", "未发现问题。", "/"} {
		if ListsProblems(none) {
			t.Errorf("%q lists problems", none)
		}
	}
	for _, some := range []string{"生存稽核工作量巨大。", "无法及时核实死亡信息", "暂无专职人员"} {
		if !ListsProblems(some) {
			t.Errorf("%q lists none", some)
		}
	}
}

// TestGradeProblemsUsesRuleSetGrades: the top grade comes from the rule
// set, not a hard-coded 优, and "暂无" is no problem.
func TestGradeProblemsUsesRuleSetGrades(t *testing.T) {
	fired := func(r *Report, rs *RuleSet) bool {
		for _, f := range Check(r, rs).Findings {
			if f.Rule == "grade.problems" {
				return true
			}
		}
		return false
	}
	r := cleanReport()
	r.Narrative.Problems.Text = "暂无。"
	if fired(r, nil) {
		t.Error("暂无 counted as a problem")
	}
	r.Narrative.Problems.Text = "生存稽核工作量巨大。"
	r.Narrative.Conclusion.Text = "自我评价得分100分。"
	rs := DefaultRuleSet()
	rs.Grades = []GradeBand{{"A", P(90)}, {"B", 0}}
	if !fired(r, rs) {
		t.Error("top grade A with problems: no finding")
	}
	res := Check(r, rs)
	for _, f := range res.Findings {
		if f.Rule == "grade.problems" && InflationSign(f.Rule) != "problems" {
			t.Error("grade.problems is not an inflation sign")
		}
	}
}

func TestUnscoredSheetHasNoGrade(t *testing.T) {
	r := cleanReport()
	for i := range r.Sheet.Rows {
		r.Sheet.Rows[i].HasScore, r.Sheet.Rows[i].Score = false, 0
	}
	if g := Check(r, nil).Grade; g != "" {
		t.Errorf("grade %q for a sheet without scores", g)
	}
}
