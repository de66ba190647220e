package eval

import (
	"strings"
	"testing"
)

// cleanReport is a report with nothing to find: weights add up, every
// target met with full marks, the narrative agrees with the sheet.
func cleanReport() *Report {
	rows := []Row{
		row("立项依据充分性", "充分", "充分", "10", "10"),
		row("资金到位率", "100%", "100%", "10", "10"),
		row("预算执行率", "100%", "100%", "10", "10"),
		row("追回率", "100%", "100%", "20", "20"),
		row("是否超出预算", "否", "否", "10", "10"),
		row("保障基金安全", "是", "是", "20", "20"),
		row("百姓满意度", ">95%", "98%", "20", "20"),
	}
	rows[0].Level1, rows[0].Level2 = "决策指标", "项目立项"
	rows[1].Level1, rows[1].Level2 = "过程指标", "资金管理"
	rows[2].Level1, rows[2].Level2 = "过程指标", "资金管理"
	rows[5].Level1, rows[5].Level2 = "效益指标", "社会效益指标"
	rows[6].Level1, rows[6].Level2 = "满意度指标", "满意度指标"
	for i := range rows {
		rows[i].Line = 10 + i
	}
	return &Report{
		Source: "t.txt", Line: 1, Layout: LayoutSituation, Unit: "中心", Project: "稽查费", Year: 2023,
		Narrative: Narrative{
			Implementation: Passage{Text: "本项目预算资金5万元，截至年底实际已支出5万元，占全年总计划的100%。", Line: 3},
			Conclusion:     Passage{Text: "自我评价得分100分，评价等级为优。", Line: 5},
			Problems:       Passage{Text: "无", Line: 7},
		},
		Sheet: Sheet{Rows: rows, Total: &TotalRow{Weight: P(100), HasWeight: true, Score: P(100), HasScore: true, Line: 17}},
	}
}

func findRow(r *Report, name string) *Row {
	for i := range r.Sheet.Rows {
		if r.Sheet.Rows[i].Level3 == name {
			return &r.Sheet.Rows[i]
		}
	}
	panic(name)
}

// setScore changes a row's score and keeps the totals in step, so only the
// intended check fires.
func setScore(r *Report, name, score string) {
	row := findRow(r, name)
	d := pts(score) - row.Score
	row.Score = pts(score)
	r.Sheet.Total.Score += d
	r.Narrative.Conclusion.Text = "自我评价得分" + r.Sheet.Total.Score.String() + "分，评价等级为" + DefaultRuleSet().Grade(r.Sheet.Total.Score) + "。"
}

func TestCleanReportHasNoFindings(t *testing.T) {
	res := Check(cleanReport(), nil)
	for _, f := range res.Findings {
		t.Errorf("unexpected finding %s: %s", f.Rule, f.MessageZH)
	}
	if res.ComputedTotal != P(100) || res.Grade != "优" || !res.HasDeclaredTotal || res.DeclaredGrade != "优" {
		t.Errorf("result %+v", res)
	}
}

// TestEachCheck breaks a clean report in one way per case and expects the
// named check — and only findings that the break explains — to fire.
func TestEachCheck(t *testing.T) {
	cases := []struct {
		rule      string
		indicator string
		sev       Severity
		breakIt   func(r *Report)
		mention   string
	}{
		{"weights.sum", "", SevError, func(r *Report) {
			findRow(r, "追回率").Weight = P(25)
			findRow(r, "追回率").Score = P(25)
			r.Sheet.Total = &TotalRow{Weight: P(105), HasWeight: true, Score: P(105), HasScore: true}
			r.Narrative.Conclusion.Text = "自我评价得分105分，评价等级为优。"
		}, "105"},
		{"weights.share", "", SevError, func(r *Report) {
			r.Sheet.Shares = []Share{{Level1: "过程指标", Weight: P(30), Line: 11}}
		}, "过程指标"},
		{"weights.invalid", "追回率", SevError, func(r *Report) {
			row := findRow(r, "追回率")
			row.Weight, row.Score = -P(20), 0
		}, "不是正数"},
		{"score.range", "追回率", SevError, func(r *Report) { setScore(r, "追回率", "21") }, "不在 0 与权重"},
		{"score.missing", "追回率", SevWarning, func(r *Report) { findRow(r, "追回率").HasScore = false }, "未填写得分"},
		{"total.missing", "", SevError, func(r *Report) { r.Sheet.Total = nil }, "总计"},
		{"total.sum", "", SevError, func(r *Report) { r.Sheet.Total.Score = P(99) }, "99"},
		{"total.weight", "", SevError, func(r *Report) { r.Sheet.Total.Weight = P(90) }, "90"},
		{"narrative.total", "", SevError, func(r *Report) { r.Narrative.Conclusion.Text = "自评价得分 99.8 分，评价等级为优。" }, "99.8"},
		{"narrative.grade", "", SevError, func(r *Report) { r.Narrative.Conclusion.Text = "自我评价得分100分，评价等级为良。" }, "良"},
		{"narrative.total_missing", "", SevInfo, func(r *Report) { r.Narrative.Conclusion.Text = "达到预期目标。" }, ""},
		{"score.rule", "追回率", SevError, func(r *Report) {
			setScore(r, "追回率", "18")
			findRow(r, "追回率").Basis = "酌情扣分"
		}, "应得 20"},
		{"score.rounding", "追回率", SevWarning, func(r *Report) {
			row := findRow(r, "追回率")
			row.Actual, row.Weight, row.Basis = ParseValue("95%"), P(9), "未全部追回"
			row.Score = P(9)
			setScore(r, "追回率", "8.5")
			findRow(r, "立项依据充分性").Weight += P(11)
			findRow(r, "立项依据充分性").Score += P(11)
			r.Sheet.Total.Score += P(11)
			r.Narrative.Conclusion.Text = "自我评价得分" + r.Sheet.Total.Score.String() + "分，评价等级为优。"
		}, "8.55"},
		{"score.tier", "立项依据充分性", SevError, func(r *Report) {
			setScore(r, "立项依据充分性", "7")
			findRow(r, "立项依据充分性").Basis = "依据不够充分"
		}, "[8, 10]"},
		{"score.unscorable", "追回率", SevInfo, func(r *Report) { findRow(r, "追回率").Actual = ParseValue("20万元") }, "单位"},
		{"deduction.no_basis", "立项依据充分性", SevWarning, func(r *Report) { setScore(r, "立项依据充分性", "9") }, "扣 1 分"},
		{"deduction.met", "立项依据充分性", SevWarning, func(r *Report) {
			setScore(r, "立项依据充分性", "9")
			findRow(r, "立项依据充分性").Basis = "酌情扣分"
		}, "已完成"},
		{"over.no_reason", "追回率", SevWarning, func(r *Report) { findRow(r, "追回率").Target = ParseValue("≥80%") }, "125"},
		{"indicator.duplicate", "预算执行率", SevError, func(r *Report) {
			findRow(r, "资金到位率").Level3 = "预算执行率"
		}, "重复"},
		{"direction.inferred", "业务数据差错率", SevInfo, func(r *Report) {
			row := findRow(r, "追回率")
			row.Level3, row.Target, row.Actual = "业务数据差错率", ParseValue("0%"), ParseValue("0%")
		}, "反向"},
		{"funds.parts", "", SevError, func(r *Report) {
			r.Narrative.Implementation.Text = "总预算100万元，其中：上级补助资金预算40万元，本级补助资金预算50万元。实际支出100万元，预算执行率100%。"
		}, "90"},
		{"funds.rate", "", SevError, func(r *Report) {
			r.Narrative.Implementation.Text = "本项目预算资金100万元，实际已支出90万元，预算执行率95%。"
			setScore(r, "预算执行率", "9")
			findRow(r, "预算执行率").Actual = ParseValue("90%")
			findRow(r, "预算执行率").Basis = "年底结余"
		}, "95%"},
		{"funds.conflict", "", SevWarning, func(r *Report) {
			r.Narrative.Work = Passage{Text: "年初预算数6万元。", Line: 6}
		}, "6万元"},
		{"funds.row", "预算执行率", SevError, func(r *Report) {
			r.Narrative.Implementation.Text = "本项目预算资金10万元，实际已支出9.9万元。"
		}, "99%"},
		{"funds.ambiguous", "", SevInfo, func(r *Report) {
			r.Narrative.Implementation.Text = "截至年底，该项目支出10万元，占总预算100%。"
		}, "100%"},
		{"figure.mismatch", "百姓满意度", SevWarning, func(r *Report) {
			r.Narrative.Work = Passage{Text: "服务对象满意率95%。", Line: 6}
		}, "95%"},
		{"execution.low", "预算执行率", SevWarning, func(r *Report) {
			r.Narrative.Implementation.Text = "本项目预算资金10万元，实际已支出8万元，占全年总计划的80%。"
			row := findRow(r, "预算执行率")
			row.Actual = ParseValue("80%")
			setScore(r, "预算执行率", "8")
			row.Basis = ""
		}, "80%"},
		{"grade.problems", "", SevInfo, func(r *Report) { r.Narrative.Problems.Text = "生存稽核工作量巨大。" }, "存在问题"},
		{"score.full_unspent", "", SevInfo, func(r *Report) {
			r.Funds.Budget.Total, r.Funds.Spent.Total = Known(500000_00), Known(450000_00)
		}, "90%"},
	}
	covered := map[string]bool{"import.mismatch": true} // tested in plaintext
	for _, name := range nationalRules {                // tested in execution_test.go
		covered[name] = true
	}
	for _, tc := range cases {
		t.Run(tc.rule, func(t *testing.T) {
			r := cleanReport()
			tc.breakIt(r)
			res := Check(r, nil)
			var got *Finding
			for i, f := range res.Findings {
				if f.Rule == tc.rule {
					got = &res.Findings[i]
				}
			}
			if got == nil {
				t.Fatalf("%s did not fire; findings: %v", tc.rule, rulesOf(res.Findings))
			}
			covered[tc.rule] = true
			if got.Severity != tc.sev || got.Indicator != tc.indicator || got.MessageZH == "" || got.MessageEN == "" {
				t.Errorf("finding %+v", *got)
			}
			if !strings.Contains(got.MessageZH, tc.mention) {
				t.Errorf("message %q does not mention %q", got.MessageZH, tc.mention)
			}
		})
	}
	for _, r := range Rules {
		if !covered[r.Name] {
			t.Errorf("check %s has no test case", r.Name)
		}
	}
}

func rulesOf(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+": "+f.MessageZH)
	}
	return out
}

func TestExecutionLowWithReason(t *testing.T) {
	r := cleanReport()
	r.Narrative.Implementation.Text = "本项目预算资金10万元，实际已支出8万元，占全年总计划的80%，预算执行率偏低的原因是动用以前年度结余。"
	row := findRow(r, "预算执行率")
	row.Actual = ParseValue("80%")
	setScore(r, "预算执行率", "8")
	for _, f := range Check(r, nil).Findings {
		if f.Rule == "execution.low" {
			t.Errorf("a stated reason should satisfy execution.low: %s", f.MessageZH)
		}
	}
}

func TestFindingsOrdered(t *testing.T) {
	r := cleanReport()
	setScore(r, "立项依据充分性", "9")
	r.Sheet.Total.Score = P(90)
	res := Check(r, nil)
	for i := 1; i < len(res.Findings); i++ {
		if res.Findings[i-1].Severity > res.Findings[i].Severity {
			t.Fatalf("findings not ordered by severity: %v", rulesOf(res.Findings))
		}
	}
	if res.Errors() == 0 {
		t.Fatal("expected an error finding")
	}
}
