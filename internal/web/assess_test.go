package web

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"jixiao/internal/report/pdf"
	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
	"jixiao/internal/testenv"
)

// docxDocument is the text of a .docx's word/document.xml.
func docxDocument(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == "word/document.xml" {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			x, _ := io.ReadAll(rc)
			return string(x)
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}

// assessForm fills the five default dimensions with scores and opinions.
func assessForm(scores [5]string, opinion string) url.Values {
	f := url.Values{"opinion": {opinion}}
	for k, s := range scores {
		f.Set("score_"+itoa(k), s)
		f.Set("opinion_"+itoa(k), "意见"+itoa(k))
	}
	return f
}

// TestAssessmentAndBudgetGate: a new project cannot enter the budget list
// without a passed 事前绩效评估 unless the bureau gives a reason; the
// assessment is scored on the rule file's dimensions, kept with its
// history, and reported as .docx and PDF.
func TestAssessmentAndBudgetGate(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			e := newEnv(t, d)
			fin := e.login("caizheng")
			id := e.id("稽查费", 2023) // 2023 has no 2022 before it: every project is new
			sid := itoa(int(id))
			fin.get("/finance/assess?year=2023").want(t, "page", http.StatusOK, `id="assess-table"`, "稽查费", "新增项目", "须评估，未评估")
			list := "/finance/assess/" + sid + "/list"
			fin.post(list, nil).want(t, "gate", http.StatusUnprocessableEntity, "未开展事前绩效评估", "不得列入预算")

			ap := "/projects/" + sid + "/assess"
			fin.post(ap, assessForm([5]string{"30", "20", "20", "20", "15"}, "可行")).want(t, "over the weight", http.StatusUnprocessableEntity, "得分应在 0 与权重之间")
			f := assessForm([5]string{"20", "15", "15", "12", "8"}, "")
			fin.post(ap, f).want(t, "no overall opinion", http.StatusUnprocessableEntity, "请填写总体评估意见")
			f.Set("opinion", "成本测算依据不足，实施方案需细化")
			f.Set("opinion_1", "")
			fin.post(ap, f).want(t, "deduction without opinion", http.StatusUnprocessableEntity, "扣分须填写评分依据")
			f.Set("opinion_1", "单价高于同类项目")
			if res := fin.post(ap, f); res.code != http.StatusSeeOther {
				t.Fatalf("assess: %d %s", res.code, res.body)
			}
			fin.get(ap).want(t, "partial", http.StatusOK, "部分通过", "70", "单价高于同类项目", "成本测算依据不足")
			fin.post(list, nil).want(t, "gate after a partial pass", http.StatusUnprocessableEntity, "事前绩效评估未通过")
			if res := fin.post(list, url.Values{"override": {"市委常委会议定事项，须年内启动"}}); res.code != http.StatusSeeOther {
				t.Fatalf("override: %d %s", res.code, res.body)
			}
			fin.get("/finance/assess?year=2023").want(t, "overridden", http.StatusOK, "财政局决定列入", "市委常委会议定事项")

			// Re-assessed and passed: the latest counts, the first is kept.
			if res := fin.post(ap, assessForm([5]string{"25", "18", "18", "17", "14"}, "补充测算后可行")); res.code != http.StatusSeeOther {
				t.Fatalf("re-assess: %d %s", res.code, res.body)
			}
			as, err := e.st.Assessments(context.Background(), id)
			if err != nil || len(as) != 2 || as[0].Conclusion != "通过" || as[0].Total.String() != "92" || as[1].Conclusion != "部分通过" || len(as[0].Scores) != 5 {
				t.Fatalf("assessments %+v %v", as, err)
			}
			fin.post(list, url.Values{"action": {"unlist"}})
			if res := fin.post(list, url.Values{"override": {"不需要的理由"}}); res.code != http.StatusSeeOther {
				t.Fatalf("list passed: %d %s", res.code, res.body)
			}
			bl, _ := e.st.BudgetList(context.Background(), 2023)
			if l, ok := bl[id]; !ok || l.Override != "" {
				t.Errorf("a passed project listed with an override: %+v %v", l, ok)
			}

			// The report.
			rep := fin.file(ap + "/" + itoa(int(as[1].ID)) + "/report?format=docx")
			if rep.code != http.StatusOK {
				t.Fatalf("docx %d", rep.code)
			}
			doc := docxDocument(t, rep.body)
			for _, w := range []string{"稽查费事前绩效评估报告", "评估结论：部分通过（合计 70 分）", "单价高于同类项目", "投入经济性"} {
				if !strings.Contains(doc, w) {
					t.Errorf("docx lacks %q", w)
				}
			}
			if testenv.Has(t, "a Chinese TrueType font", pdf.Available()) {
				if rep := fin.file(ap + "/" + itoa(int(as[0].ID)) + "/report?format=pdf"); rep.code != http.StatusOK || !bytes.HasPrefix(rep.body, []byte("%PDF-")) {
					t.Errorf("pdf: %d", rep.code)
				}
			}

			// The unit reads its assessment, cannot make one; the trail has both steps.
			filer := e.login("tianbao")
			filer.get(ap).want(t, "filer reads", http.StatusOK, "补充测算后可行")
			if strings.Contains(filer.get(ap).body, `id="assess-form"`) {
				t.Error("the filer is offered the assessment form")
			}
			if got := filer.post(ap, assessForm([5]string{"25", "20", "20", "20", "15"}, "好")); got.code != http.StatusForbidden {
				t.Errorf("a filer assesses: %d", got.code)
			}
			ev, _ := e.st.Events(context.Background(), id, 20)
			seen := map[string]bool{}
			for _, x := range ev {
				seen[x.Action] = true
			}
			if !seen[store.ActionAssessment] || !seen[store.ActionBudgetList] {
				t.Errorf("trail lacks the assessment or the listing: %v", seen)
			}
		})
	}
}

// TestBudgetGateContinuingSmall: a continuing project under the threshold
// needs no assessment and is listed without a reason.
func TestBudgetGateContinuingSmall(t *testing.T) {
	e := newEnv(t, "sqlite")
	ps, err := e.st.Projects(context.Background(), store.ProjectFilter{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	var small, large *store.Project
	for k := range ps {
		if ps[k].BudgetTotal() < resultRules.Threshold && small == nil {
			small = &ps[k]
		}
		if ps[k].BudgetTotal() >= resultRules.Threshold && large == nil {
			large = &ps[k]
		}
	}
	if small == nil {
		t.Fatal("the demo has no 2024 project under the threshold")
	}
	fin := e.login("caizheng")
	fin.get("/finance/assess?year=2024").want(t, "page", http.StatusOK, "延续项目", "无须评估")
	if res := fin.post("/finance/assess/"+itoa(int(small.ID))+"/list", nil); res.code != http.StatusSeeOther {
		t.Fatalf("small continuing project refused: %d %s", res.code, res.body)
	}
	if large != nil {
		fin.post("/finance/assess/"+itoa(int(large.ID))+"/list", nil).want(t, "large continuing", http.StatusUnprocessableEntity, "未开展事前绩效评估")
	}
}
