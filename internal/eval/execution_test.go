package eval

import (
	"strings"
	"testing"

	"jixiao/internal/money"
)

// nationalRules are the checks of the 附件1 funds row, covered here.
var nationalRules = []string{"execution.rate", "execution.score", "execution.missing", "total.parts"}

func wan(t *testing.T, s string) Amount {
	t.Helper()
	f, err := money.ParseWan(s)
	if err != nil {
		t.Fatal(err)
	}
	return Known(f)
}

// nationalReport is a clean 附件1 form: funds block worth 10 points
// (43.2 budgeted, 37.24 spent: 86.20%, 8.62 points, a reason given), 90
// points of indicators, 总分 98.62.
func nationalReport(t *testing.T) *Report {
	rows := []Row{
		row("工程完工率", "100%", "100%", "30", "30"),
		row("工程验收合格率", "100%", "100%", "30", "30"),
		row("学生满意度", "≥95%", "96%", "30", "30"),
	}
	rows[0].Level1, rows[0].Level2 = "产出指标", "数量指标"
	rows[1].Level1, rows[1].Level2 = "产出指标", "质量指标"
	rows[2].Level1, rows[2].Level2 = "满意度指标", "服务对象满意度指标"
	for i := range rows {
		rows[i].Line = 14 + i
	}
	r := &Report{Source: "n.xlsx", Line: 1, Layout: LayoutSituation, Unit: "学校", Project: "暖通改造", Year: 2019,
		Sheet: Sheet{Rows: rows, Total: &TotalRow{Weight: P(100), HasWeight: true, Score: pts("98.62"), HasScore: true, Line: 20},
			Execution: &ExecutionRow{Weight: P(10), HasWeight: true, Rate: mustNum("86.2"), HasRate: true, Score: pts("8.62"), HasScore: true,
				Reason: "尾款未付", Line: 7}}}
	r.Funds.Initial.Total = wan(t, "43.2")
	r.Funds.Budget.Total = wan(t, "43.2")
	r.Funds.Spent.Total = wan(t, "37.24")
	r.Funds.Budget.BySource[SourceLocal] = wan(t, "43.2")
	r.Funds.Spent.BySource[SourceLocal] = wan(t, "37.24")
	return r
}

func mustNum(s string) Number {
	n, err := ParseNumber(s)
	if err != nil {
		panic(err)
	}
	return n
}

func TestNationalCleanNoErrors(t *testing.T) {
	res := Check(nationalReport(t), nil)
	for _, f := range res.Findings {
		if f.Severity != SevInfo {
			t.Errorf("clean national form: %s %s", f.Rule, f.MessageZH)
		}
	}
	if res.WeightTotal != P(100) || res.ComputedTotal != pts("98.62") || res.Grade != "优" {
		t.Errorf("totals: weight %s total %s grade %s", res.WeightTotal, res.ComputedTotal, res.Grade)
	}
	if !res.Execution.Exact || res.Execution.Expected != pts("8.62") || res.Execution.RateBP != 8620 {
		t.Errorf("execution %+v", res.Execution)
	}
	// A rounded printed rate (86%) and the score it gives (8.6) are what a
	// person writes: not errors either.
	r := nationalReport(t)
	r.Sheet.Execution.Rate, r.Sheet.Execution.Score = mustNum("86"), pts("8.6")
	r.Sheet.Total.Score = pts("98.6")
	for _, f := range Check(r, nil).Findings {
		if f.Severity == SevError {
			t.Errorf("rounded rate: %s %s", f.Rule, f.MessageZH)
		}
	}
}

func TestNationalPlantedErrors(t *testing.T) {
	cases := []struct {
		rule    string
		sev     Severity
		breakIt func(r *Report)
		mention string
	}{
		{"execution.rate", SevError, func(r *Report) { r.Sheet.Execution.Rate = mustNum("96") }, "86.2"},
		{"execution.score", SevError, func(r *Report) {
			r.Sheet.Execution.Score = P(10)
			r.Sheet.Total.Score = pts("100")
		}, "8.62"},
		{"execution.score", SevError, func(r *Report) {
			r.Sheet.Execution.Score = P(11)
			r.Sheet.Total.Score = pts("101")
		}, "分值"},
		{"execution.missing", SevWarning, func(r *Report) {
			r.Sheet.Execution.HasScore = false
			r.Sheet.Total.Score = P(90)
		}, "得分"},
		{"total.parts", SevError, func(r *Report) { r.Sheet.Total.Score = P(90) }, "8.62"},
		{"weights.sum", SevError, func(r *Report) { r.Sheet.Execution.Weight = P(20); r.Sheet.Total.HasWeight = false }, "预算执行分值 20"},
		{"funds.parts", SevError, func(r *Report) { r.Funds.Budget.BySource[SourceOther] = wan(t, "1") }, "43.2"},
		{"execution.low", SevWarning, func(r *Report) { r.Sheet.Execution.Reason = "" }, "86.2"},
	}
	for _, tc := range cases {
		r := nationalReport(t)
		tc.breakIt(r)
		res := Check(r, nil)
		var got *Finding
		for i, f := range res.Findings {
			if f.Rule == tc.rule {
				got = &res.Findings[i]
			}
		}
		if got == nil {
			t.Errorf("%s did not fire: %v", tc.rule, rulesOf(res.Findings))
			continue
		}
		if got.Severity != tc.sev || !strings.Contains(got.MessageZH, tc.mention) || got.MessageEN == "" {
			t.Errorf("%s: %+v (want mention %q)", tc.rule, *got, tc.mention)
		}
	}
}

func TestExecutionStepped(t *testing.T) {
	rs, err := ParseRuleSet("p.rules", []byte("execution_score = stepped\nexecution_steps = 90%:100%, 80%:80%, 60%:50%\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := nationalReport(t)
	r.Sheet.Execution.Score, r.Sheet.Total.Score = P(8), P(98)
	res := Check(r, rs)
	if res.Execution.Expected != P(8) {
		t.Errorf("stepped: %+v", res.Execution)
	}
	for _, f := range res.Findings {
		if f.Severity == SevError {
			t.Errorf("stepped: %s %s", f.Rule, f.MessageZH)
		}
	}
	// Over 100% is capped at the 分值 in proportional scoring.
	r = nationalReport(t)
	r.Funds.Spent.Total = wan(t, "50")
	r.Funds.Spent.BySource[SourceLocal] = wan(t, "50")
	if se := ScoreExecution(r.Funds, r.Sheet.Execution, DefaultRuleSet()); se.Expected != P(10) {
		t.Errorf("capped: %+v", se)
	}
	if _, err := ParseRuleSet("p.rules", []byte("execution_score = stepped\n")); err == nil {
		t.Error("stepped without steps accepted")
	}
	if _, err := ParseRuleSet("p.rules", []byte("execution_steps = 90%:120%\n")); err == nil {
		t.Error("share above 100% accepted")
	}
}
