package importer

import (
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/report"
	"jixiao/internal/report/reporttest"
)

// specLines writes a test form as text lines: "| a | b |" rows or
// tab-separated ones, as copied from a web page or a spreadsheet.
func specLines(s *reporttest.FormSpec, pipes bool) []string {
	var out []string
	for _, row := range s.Cells {
		if pipes {
			out = append(out, "| "+strings.Join(row, " | ")+" |")
		} else {
			out = append(out, strings.Join(row, "\t"))
		}
	}
	return out
}

func readText(t *testing.T, text string) (*report.Import, error) {
	t.Helper()
	return Read("pasted.txt", strings.NewReader(text), int64(len(text)), report.Options{})
}

func noErrors(t *testing.T, what string, r *eval.Report) {
	t.Helper()
	for _, f := range eval.Check(r, nil).Findings {
		if f.Severity == eval.SevError {
			t.Errorf("%s: false error %s: %s", what, f.Rule, f.MessageZH)
		}
	}
}

// TestPastedText reads forms as people paste them: navigation lines
// before the form, pipe- or tab-separated rows, two forms one after the
// other with the first cut off, a form cut mid-table.
func TestPastedText(t *testing.T) {
	nav := []string{"首页 > 政务公开 > 财政预决算", "当前位置：预算绩效管理", "发布日期：2024-05-10  来源：财政局"}
	for _, pipes := range []bool{false, true} {
		for _, form := range []func(bool) *reporttest.FormSpec{reporttest.NationalForm, reporttest.SichuanForm, reporttest.DepartmentForm, reporttest.TransferForm} {
			spec := form(false)
			text := strings.Join(append(nav, specLines(spec, pipes)...), "\n")
			imp, err := readText(t, text)
			if err != nil {
				t.Fatalf("%s pipes=%v: %v", spec.Name, pipes, err)
			}
			r := imp.Reports[0]
			if r.Year != 2023 || r.Project == "" || len(r.Sheet.Rows) < 4 {
				t.Errorf("%s pipes=%v: year %d project %q rows %d", spec.Name, pipes, r.Year, r.Project, len(r.Sheet.Rows))
			}
			noErrors(t, spec.Name, r)
		}
	}
	// Two forms, the first cut off before its last indicators and 总分.
	first := specLines(reporttest.NationalForm(false), true)
	first = first[:len(first)-4]
	second := specLines(reporttest.SichuanForm(false), true)
	imp, err := readText(t, strings.Join(append(append(nav, first...), second...), "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Reports) != 2 || imp.Reports[1].Project != "政法队伍建设经费" || len(imp.Reports[0].Sheet.Rows) != 4 {
		t.Fatalf("two forms: %d reports", len(imp.Reports))
	}
	cut := false
	for _, n := range imp.Notes {
		if strings.Contains(n.Message, "中途结束") && strings.Contains(n.Message, "4") {
			cut = true
		}
	}
	if !cut {
		t.Errorf("the cut-off form is not said to be partial: %v", imp.Notes)
	}
	noErrors(t, "second form", imp.Reports[1])
}

// TestPastedNotAForm: a 绩效目标申报表 is named as such; a cover page says
// what was expected.
func TestPastedNotAForm(t *testing.T) {
	decl := "项目支出绩效目标申报表\n| 一级指标 | 二级指标 | 三级指标 | 指标值 |\n| 产出指标 | 数量指标 | 发放人数 | ≥2000人 |"
	if _, err := readText(t, decl); err == nil || !strings.Contains(err.Error(), "绩效目标申报表") {
		t.Errorf("declaration: %v", err)
	}
	cover := "2023年度项目支出绩效自评报告\n\n如皋市被征地农民基本生活保障资金管理中心\n2024年1月"
	if _, err := readText(t, cover); err == nil || !strings.Contains(err.Error(), "封面") {
		t.Errorf("a cover page: %v", err)
	}
}

// TestNarrativeOnly: a 自评报告 in prose, no table: year, project and unit
// right; the rate the prose states is checked against its amounts with no
// false error, and a wrong one is found.
func TestNarrativeOnly(t *testing.T) {
	text := "首页 > 信息公开\n2023年度被征地农民基本生活保障资金项目支出绩效自评报告\n填报单位：如皋市被征地农民基本生活保障资金管理中心\n" +
		"一、基本情况\n本项目年初任务数216786人，全年完成值201201人。全年预算数5000万元，执行数4780.5万元，执行率95.61%。\n" +
		"二、存在问题\n个别人员信息更新不及时。\n三、改进措施\n加强数据比对。\n"
	imp, err := readText(t, text)
	if err != nil {
		t.Fatal(err)
	}
	r := imp.Reports[0]
	if r.Year != 2023 || r.Project != "被征地农民基本生活保障资金" || r.Unit != "如皋市被征地农民基本生活保障资金管理中心" ||
		r.Narrative.Problems.Text == "" || r.Narrative.Measures.Text == "" {
		t.Fatalf("report: %d %q %q %+v", r.Year, r.Project, r.Unit, r.Narrative)
	}
	noErrors(t, "narrative", r)
	imp, err = readText(t, strings.Replace(text, "95.61%", "96.61%", 1))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range eval.Check(imp.Reports[0], nil).Findings {
		if f.Rule == "funds.rate" && f.Severity == eval.SevError {
			found = true
		}
	}
	if !found {
		t.Error("a wrong rate in the prose was not found")
	}
}
