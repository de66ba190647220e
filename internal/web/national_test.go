package web

import (
	"bytes"
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/project"
	"jixiao/internal/report/xlsx"
	"jixiao/internal/store"
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
			if err := xlsx.Write(&buf, rep, eval.Result{}); err != nil {
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

// TestDeclarationFollowsForm: a project on the 附件1 form, whose funds row
// carries 10 of the 100 points, declares its targets when the indicators'
// weights add up to 90 — not 100 — and the targets page says so.
func TestDeclarationFollowsForm(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			e := newEnv(t, d)
			ctx := context.Background()
			filer := e.login("tianbao")
			res := filer.post("/projects", url.Values{"name": {"附件1项目"}, "year": {"2025"}, "template": {"framework"}})
			res.want(t, "create", 303)
			m := idRE.FindStringSubmatch(res.location)
			if m == nil {
				t.Fatalf("create redirected to %q", res.location)
			}
			id, _ := strconv.ParseInt(m[1], 10, 64)
			base := "/projects/" + m[1]
			sh, err := e.st.LoadSheet(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			rep := project.Report(&sh)
			rep.Layout = eval.LayoutNational
			rep.Sheet.Execution = &eval.ExecutionRow{Weight: eval.P(10), HasWeight: true}
			if _, err := e.st.Edit(ctx, id, sh.Project.Version, 1, store.ActionImport, "", func(s *store.Sheet) error {
				for k, v := range project.Apply(&sh, rep).Narrative { // the form's own fields (project/form.go)
					s.Narrative[k] = v
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			page := filer.get(base + "/targets")
			page.want(t, "targets", 200, "权重合计须为 90 才能提交", "预算执行情况另有 10 分")
			// The template's weights add up to 100: refused, saying 90.
			filer.post(base+"/targets/declare", url.Values{"version": {version(t, page.body)}, "action": {"declare"}}).
				want(t, "declare at 100", 422, "权重合计须为 90 才能申报", "预算执行情况另有 10 分")
			// Take 10 points off the rows, from the first on.
			form := targetsForm(t, page.body)
			left := eval.P(10)
			for i := 0; left > 0; i++ {
				k := "weight_" + strconv.Itoa(i)
				w, err := eval.ParsePoints(form.Get(k))
				if err != nil {
					t.Fatalf("%s %q: %v", k, form.Get(k), err)
				}
				cut := min(w, left)
				form.Set(k, (w - cut).String())
				left -= cut
			}
			form.Set("version", version(t, page.body))
			filer.post(base+"/targets", form).want(t, "save at 90", 303)
			page = filer.get(base + "/targets")
			if strings.Contains(page.body, `class="err">权重合计须为`) {
				t.Error("90 + 10 is shown as wrong")
			}
			filer.post(base+"/targets/declare", url.Values{"version": {version(t, page.body)}, "action": {"declare"}}).want(t, "declare at 90", 303)
			after, err := e.st.LoadSheet(ctx, id)
			if err != nil || !after.Project.TargetsDeclared {
				t.Fatalf("not declared: %v", err)
			}
		})
	}
}

func version(t *testing.T, body string) string {
	t.Helper()
	m := versionRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no version in form")
	}
	return m[1]
}
