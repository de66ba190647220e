package project

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/money"
	"jixiao/internal/store"
)

func TestRuleSetResolution(t *testing.T) {
	if rs, err := RuleSet(""); err != nil || rs.Name != eval.DefaultRuleSet().Name {
		t.Errorf("empty name: %v %v", rs, err)
	}
	if rs, err := RuleSet("fasp2"); err != nil || rs.Name != "fasp2" {
		t.Errorf("fasp2: %v", err)
	}
	// An unknown name is an error, for the web and the command line alike.
	_, err := RuleSet("nosuch")
	if !errors.Is(err, ErrUnknownRuleSet) || !strings.Contains(err.Error(), "fasp2") {
		t.Errorf("unknown name: %v", err)
	}
	if _, err := LoadRuleSet("nosuch"); !errors.Is(err, ErrUnknownRuleSet) {
		t.Errorf("unknown name on the command line: %v", err)
	}
	p := filepath.Join(t.TempDir(), "r.rules")
	os.WriteFile(p, []byte("base = fasp2\nexecution_min = 80%\n"), 0o644)
	if rs, err := LoadRuleSet(p); err != nil || rs.ExecutionMin != 8000 {
		t.Errorf("rule-set file: %v", err)
	}
	sh := sheet()
	sh.Project.RuleSet = "nosuch"
	if _, err := Evaluate(&sh); !errors.Is(err, ErrUnknownRuleSet) {
		t.Errorf("stored project with an unknown rule set: %v", err)
	}
}

// sheet is a stored sheet with every row at full marks, 90% of the budget
// spent and problems listed: all three signs of an inflated self-score.
func sheet() store.Sheet {
	row := func(l3, target, actual string, w, s int64, basis string) store.Indicator {
		return store.Indicator{Level1: "产出指标", Level2: "数量指标", Level3: l3, Target: target, Actual: actual,
			Weight: eval.P(w), Score: eval.P(s), HasScore: true, Basis: basis}
	}
	return store.Sheet{
		Project: store.Project{ID: 7, Name: "稽查费", UnitName: "中心", Year: 2023, RuleSet: "caiyu-2020-10",
			PeriodStart: "2023-01", PeriodEnd: "2023-12",
			Budget: [3]money.Fen{0, 100000_00, 0}, Received: 80000_00, Spent: 90000_00},
		Rows: []store.Indicator{
			row("追回率", "100%", "100%", 50, 50, ""),
			row("发放率", "100%", "100%", 50, 50, ""),
		},
		Narrative: map[string]string{"problems": "基层核查力量不足。"},
	}
}

func TestSummaryCountsWhatTheEngineReturns(t *testing.T) {
	sh := sheet()
	ev, err := Evaluate(&sh)
	if err != nil {
		t.Fatal(err)
	}
	s := ev.Summary
	if s.SelfScore != eval.P(100) || s.SelfGrade != "优" || s.SelfGrade != ev.Result.Grade {
		t.Errorf("score %s grade %q (engine %q)", s.SelfScore, s.SelfGrade, ev.Result.Grade)
	}
	if strings.Join(s.Inflated, ",") != "problems,unspent" {
		t.Errorf("signs %v", s.Inflated)
	}
	errs, warns := 0, 0
	for _, f := range ev.Result.Findings {
		switch f.Severity {
		case eval.SevError:
			errs++
		case eval.SevWarning:
			warns++
		}
	}
	if s.Errors != errs || s.Warnings != warns {
		t.Errorf("summary %d/%d, engine %d/%d", s.Errors, s.Warnings, errs, warns)
	}
	// 90% by the budget: not below the default execution_min of 90%.
	if !s.HasExecution || s.ExecutionBP != 9000 || s.LowExecution {
		t.Errorf("execution %d %v %v", s.ExecutionBP, s.HasExecution, s.LowExecution)
	}
	// A deduction without a basis is the third sign; "暂无" lists no problem.
	sh.Rows[0].Score = eval.P(45)
	sh.Narrative["problems"] = "暂无。"
	ev, _ = Evaluate(&sh)
	if strings.Join(ev.Summary.Inflated, ",") != "nobasis" {
		t.Errorf("signs %v", ev.Summary.Inflated)
	}
	// No score at all: no grade, on the pages as in the engine.
	for i := range sh.Rows {
		sh.Rows[i].HasScore, sh.Rows[i].Score = false, 0
	}
	ev, _ = Evaluate(&sh)
	if ev.Summary.SelfGrade != "" || ev.Result.Grade != "" || ev.Summary.Unscored != 2 {
		t.Errorf("unscored: %q %q %d", ev.Summary.SelfGrade, ev.Result.Grade, ev.Summary.Unscored)
	}
}

// TestExecutionByRuleSet: execution_rate = received divides by the
// receipts, and execution_min decides "low".
func TestExecutionByRuleSet(t *testing.T) {
	sh := sheet()
	rs, _ := eval.ParseRuleSet("r", []byte("execution_rate = received\nexecution_min = 95%\n"))
	rep := Report(&sh)
	s := summary(&sh, rep, eval.Check(rep, rs), rs)
	if s.ExecutionBP != 11250 || s.LowExecution {
		t.Errorf("spent ÷ received: %d low %v", s.ExecutionBP, s.LowExecution)
	}
	rs, _ = eval.ParseRuleSet("r", []byte("execution_min = 95%\n"))
	s = summary(&sh, rep, eval.Check(rep, rs), rs)
	if s.ExecutionBP != 9000 || !s.LowExecution {
		t.Errorf("spent ÷ budget below 95%%: %d low %v", s.ExecutionBP, s.LowExecution)
	}
}

// TestApplyRoundTrip: a stored sheet written as a report and applied back
// is the same sheet, with its rows' IDs kept.
func TestApplyRoundTrip(t *testing.T) {
	sh := sheet()
	for i := range sh.Rows {
		sh.Rows[i].ID = int64(i + 1)
	}
	sh.Rows[1].Direction = "正向"
	next := Apply(&sh, Report(&sh))
	if len(next.Rows) != len(sh.Rows) {
		t.Fatalf("%d rows", len(next.Rows))
	}
	for i := range sh.Rows {
		if next.Rows[i] != sh.Rows[i] {
			t.Errorf("row %d: %+v, want %+v", i, next.Rows[i], sh.Rows[i])
		}
	}
	if next.Narrative["problems"] != sh.Narrative["problems"] || next.Narrative["basis"] != "" {
		t.Errorf("narrative %v", next.Narrative)
	}
}
