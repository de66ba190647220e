package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
)

// TestTargetReviewRounds: the automatic checks come first as ticked
// suggestions; 不通过 with opinions returns the sheet to the unit, which
// sees the opinions, amends and declares again; the next round passes;
// both rounds are kept, and the refused round holds the project out of the
// budget list.
func TestTargetReviewRounds(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			e := newEnv(t, d)
			ctx := context.Background()
			id := e.id("稽查费", 2024)
			sid := itoa(int(id))
			path := "/projects/" + sid + "/targetreview"
			fin := e.login("caizheng")
			res := fin.get(path)
			res.want(t, "page", http.StatusOK, `id="tr-checks"`, `id="tr-form"`, "尚未审核")
			// Last year's sheet is compared: the 2024 sheet repeats 2023's satisfaction target.
			if !strings.Contains(res.body, `value="缺少数据来源" checked`) && !strings.Contains(res.body, `value="目标值偏低" checked`) {
				t.Errorf("no automatic suggestion ticked: %s", res.body)
			}
			version := func() string {
				sh, err := e.st.LoadSheet(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				return itoa(int(sh.Project.Version))
			}
			fin.post(path, url.Values{"version": {version()}, "result": {"不通过"}}).
				want(t, "no opinion", http.StatusUnprocessableEntity, "须给出审核意见")
			fin.post(path, url.Values{"version": {version()}, "result": {"随便"}}).
				want(t, "bad result", http.StatusUnprocessableEntity, "请选择审核结果")
			f := url.Values{"version": {version()}, "result": {"不通过"}, "codes_0": {"目标值偏低", "不存在的代码"}, "note_0": {"应不低于上年实际"},
				"codes": {"缺少成本指标"}, "opinion": {"请补充成本指标并说明数据来源"}}
			if res := fin.post(path, f); res.code != http.StatusSeeOther {
				t.Fatalf("refuse: %d %s", res.code, res.body)
			}
			// The same form again: the sheet is no longer declared.
			fin.post(path, f).want(t, "stale", http.StatusConflict, "请刷新后重新审核")
			sh, _ := e.st.LoadSheet(ctx, id)
			if sh.Project.TargetsDeclared {
				t.Error("a refused sheet stays declared")
			}
			fin.post("/finance/assess/"+sid+"/list", nil).want(t, "gate", http.StatusUnprocessableEntity, "绩效目标审核不通过")

			filer := e.login("tianbao")
			filer.get("/projects/"+sid+"/targets").want(t, "unit sees", http.StatusOK, `id="targets-review"`, "应不低于上年实际", "请补充成本指标并说明数据来源")
			if got := filer.post(path, url.Values{"version": {version()}, "result": {"通过"}}); got.code != http.StatusForbidden {
				t.Errorf("a filer reviews: %d", got.code)
			}
			if res := filer.post("/projects/"+sid+"/targets/declare", url.Values{"version": {version()}, "action": {"declare"}}); res.code != http.StatusSeeOther {
				t.Fatalf("declare again: %d %s", res.code, res.body)
			}
			if res := fin.post(path, url.Values{"version": {version()}, "result": {"通过"}}); res.code != http.StatusSeeOther {
				t.Fatalf("pass: %d %s", res.code, res.body)
			}
			rounds, err := e.st.TargetReviews(ctx, id)
			if err != nil || len(rounds) != 2 || rounds[0].Round != 2 || rounds[0].Result != "通过" || rounds[1].Result != "不通过" {
				t.Fatalf("rounds %+v %v", rounds, err)
			}
			r1 := rounds[1]
			if len(r1.Codes) != 1 || r1.Codes[0] != "缺少成本指标" || len(r1.Items) != len(sh.Rows) ||
				strings.Join(r1.Items[0].Codes, ",") != "目标值偏低" || r1.Items[0].Target != sh.Rows[0].Target {
				t.Errorf("round 1 as kept: %+v", r1)
			}
			fin.get(path).want(t, "history", http.StatusOK, `id="round-1"`, `id="round-2"`, "应不低于上年实际")
			if res := fin.post("/finance/assess/"+sid+"/list", nil); strings.Contains(res.body, "绩效目标审核不通过") {
				t.Error("a passed second round still holds the project back")
			}
			ev, _ := e.st.Events(ctx, id, 30)
			n := 0
			for _, x := range ev {
				if x.Action == store.ActionTargetReview {
					n++
				}
			}
			if n != 2 {
				t.Errorf("trail has %d review rounds, want 2", n)
			}
		})
	}
}

// TestTargetReviewClosedAfterSubmission: a project past the budget stage
// (its self-evaluation submitted) is not reviewed, so no refused sheet is
// left that its filer could not amend.
func TestTargetReviewClosedAfterSubmission(t *testing.T) {
	e := newEnv(t, "sqlite")
	id := e.id("稽查费", 2023) // reviewed by the bureau in the demo
	sh, err := e.st.LoadSheet(t.Context(), id)
	if err != nil || sh.Project.Status == "draft" || !sh.Project.TargetsDeclared {
		t.Fatalf("demo project %+v %v", sh.Project, err)
	}
	fin := e.login("caizheng")
	path := "/projects/" + itoa(int(id)) + "/targetreview"
	page := fin.get(path)
	page.want(t, "page", http.StatusOK, "绩效目标审核阶段已结束", `id="tr-checks"`)
	if strings.Contains(page.body, `id="tr-form"`) {
		t.Error("the form is offered after submission")
	}
	fin.post(path, url.Values{"version": {itoa(int(sh.Project.Version))}, "result": {"不通过"}, "opinion": {"x"}}).
		want(t, "closed", http.StatusConflict, "不能再审核绩效目标")
	if rounds, _ := e.st.TargetReviews(t.Context(), id); len(rounds) != 0 {
		t.Errorf("a round was recorded: %+v", rounds)
	}
}
