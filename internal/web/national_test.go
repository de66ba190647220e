package web

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/project"
	"jixiao/internal/report/xlsx"
	"jixiao/internal/store/storetest"
)

// TestNationalFormUpload: a project's sheet filled in on the national
// 附件1 form and uploaded keeps the form's own part — 年度总体目标 and the
// funds row's 分值, 执行率 and 得分 — which the project page shows beside
// the rule's score, and which counts in the project's total.
func TestNationalFormUpload(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			e := newEnv(t, d)
			ctx := context.Background()
			id := e.id("印刷费用", 2024)
			base := "/projects/" + itoa(int(id))
			sh, err := e.st.LoadSheet(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			rep := project.Report(&sh)
			rep.Layout = eval.LayoutNational
			rep.Goals = eval.AnnualGoal{Expected: "按需印制业务表单。", Actual: "全年印制表单 5200 份。"}
			rep.Sheet.Execution = &eval.ExecutionRow{Weight: eval.P(10), HasWeight: true, Rate: eval.Number{Coef: 95, Scale: 0}, HasRate: true,
				Score: eval.P(9), HasScore: true, Reason: "年底结算延后"}
			for i := range rep.Sheet.Rows {
				rep.Sheet.Rows[i].Actual, rep.Sheet.Rows[i].Score, rep.Sheet.Rows[i].HasScore = rep.Sheet.Rows[i].Target, rep.Sheet.Rows[i].Weight, true
			}
			var buf bytes.Buffer
			if err := xlsx.WriteXLSX(&buf, rep, eval.Result{}); err != nil {
				t.Fatal(err)
			}
			filer := e.login("tianbao")
			res := filer.upload(base+"/import", "附件1.xlsx", buf.Bytes(), nil)
			res.want(t, "preview", 200, `id="import-preview"`, `id="confirm-import"`)
			form := formOf(t, res.body)
			form.Set("action", "confirm")
			filer.post(base+"/import/confirm", form).want(t, "confirm", 303)
			after, err := e.st.LoadSheet(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			back := project.Report(&after)
			if back.Layout != eval.LayoutNational || back.Sheet.Execution == nil || back.Sheet.Execution.Score != eval.P(9) || back.Goals.Actual == "" {
				t.Fatalf("stored form: layout %q execution %+v goals %+v", back.Layout, back.Sheet.Execution, back.Goals)
			}
			page := filer.get(base)
			page.want(t, "project page", 200, `id="national-form"`, `id="national-execution"`, "全年印制表单 5200 份。", "按需印制业务表单。")
			if !strings.Contains(page.body, "95%") {
				t.Error("the printed 执行率 is not shown")
			}
			ev, err := project.Evaluate(&after)
			if err != nil {
				t.Fatal(err)
			}
			result := ev.Result
			if result.WeightTotal != back.Sheet.Total.Weight {
				t.Errorf("the funds row's 分值 is not in the total: %s vs %s", result.WeightTotal, back.Sheet.Total.Weight)
			}
		})
	}
}
