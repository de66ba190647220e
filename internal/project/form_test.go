package project

import (
	"testing"

	"jixiao/internal/eval"
)

// The national form's own fields survive storing and reading back; a
// seed-layout report stores none, and a field cleared in the file is
// cleared in the store.
func TestFormFieldsRoundTrip(t *testing.T) {
	w, _ := eval.ParsePoints("10")
	s, _ := eval.ParsePoints("8.5")
	rate, _ := eval.ParseNumber("86.2")
	in := &eval.Report{Layout: eval.LayoutNational, Code: "32068223-001", Department: "人社局", Implementer: "社保中心",
		Goals: eval.AnnualGoal{Expected: "按时足额发放", Actual: "已完成"}}
	in.Sheet.Execution = &eval.ExecutionRow{Weight: w, HasWeight: true, Rate: rate, HasRate: true, Score: s, HasScore: true, Reason: "项目延期"}
	entries := formEntries(in)
	var out eval.Report
	formToReport(entries, &out)
	if out.Layout != in.Layout || out.Code != in.Code || out.Department != in.Department || out.Implementer != in.Implementer || out.Goals != in.Goals {
		t.Errorf("header %+v", out)
	}
	if out.Sheet.Execution == nil || *out.Sheet.Execution != *in.Sheet.Execution {
		t.Errorf("funds row %+v, want %+v", out.Sheet.Execution, in.Sheet.Execution)
	}
	if formEntries(&eval.Report{Layout: eval.LayoutSituation}) != nil {
		t.Error("a seed-layout report stores form fields")
	}
	in.Sheet.Execution, in.Code = nil, ""
	cleared := formEntries(in)
	if v, ok := cleared[formCode]; !ok || v != "" || cleared[formExecWeight] != "" {
		t.Errorf("cleared fields: %v", cleared)
	}
}
