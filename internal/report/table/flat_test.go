package table

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/report"
	"jixiao/internal/report/reporttest"
)

// flatShapes write a test form the two ways a paste loses its rows: one
// cell per line (an empty cell as an empty line, or as a lone "|" with
// "238.93 |" for the others), and the whole form on one line (cells set
// apart by " | ", or by single spaces with the empty cells gone). A merged
// cell is written once, as a web page's rowspan/colspan gives it.
var flatShapes = map[string]func(cells []string) string{
	"cell per line": func(cells []string) string { return strings.Join(cells, "\n") },
	"cell | per line": func(cells []string) string {
		var out []string
		for _, c := range cells {
			out = append(out, strings.TrimSpace(c+" |"))
		}
		return strings.Join(out, "\n")
	},
	"one line, pipes": func(cells []string) string { return "| " + strings.Join(cells, " | ") + " |" },
	// pdftotext without -layout: one cell per line, empty cells gone.
	"cell per line, no empties": func(cells []string) string {
		var out []string
		for _, c := range cells {
			if c != "" {
				out = append(out, c)
			}
		}
		return strings.Join(out, "\n")
	},
	"one line, spaces": func(cells []string) string {
		var out []string
		for _, c := range cells {
			if c != "" {
				out = append(out, c)
			}
		}
		return strings.Join(out, " ")
	},
}

// specCells lists the cells of a form in reading order, each merged range
// once (at its top-left cell).
func specCells(s *reporttest.FormSpec) []string {
	covered := func(r, c int) bool {
		for _, m := range s.Merges {
			if r >= m.Top && r <= m.Bottom && c >= m.Left && c <= m.Right && (r != m.Top || c != m.Left) {
				return true
			}
		}
		return false
	}
	var out []string
	for r, row := range s.Cells {
		for c, t := range row {
			if !covered(r, c) {
				out = append(out, t)
			}
		}
	}
	return out
}

// readSpecTab reads a form from its tab-separated rows: the reference.
func readSpecTab(t *testing.T, s *reporttest.FormSpec) *eval.Report {
	t.Helper()
	text, _ := specText(s)
	imp, err := ReadText("tab.txt", text, report.Options{})
	if err != nil {
		t.Fatalf("%s as tab rows: %v", s.Name, err)
	}
	return imp.Reports[0]
}

func errorRules(r *eval.Report) map[string]bool {
	out := map[string]bool{}
	for _, f := range eval.Check(r, nil).Findings {
		if f.Severity == eval.SevError {
			out[f.Rule] = true
		}
	}
	return out
}

type rowKey struct {
	L1, L2, L3, Target, Actual string
	Weight, Score              eval.Points
}

func rowKeys(r *eval.Report) []rowKey {
	var out []rowKey
	for _, x := range r.Sheet.Rows {
		out = append(out, rowKey{x.Level1, x.Level2, x.Level3, x.Target.Raw, x.Actual.Raw, x.Weight, x.Score})
	}
	return out
}

// TestFlatText reads each test form pasted one cell per line and flattened
// onto one line: the same indicator rows, funds, goals, header fields and
// findings as the form read from its rows; the clean forms give no error,
// the planted errors are all found.
func TestFlatText(t *testing.T) {
	forms := []func(bool) *reporttest.FormSpec{reporttest.NationalForm, reporttest.SichuanForm, reporttest.DepartmentForm, reporttest.TransferForm}
	for _, form := range forms {
		for _, planted := range []bool{false, true} {
			spec := form(planted)
			want := readSpecTab(t, spec)
			for shape, write := range flatShapes {
				what := fmt.Sprintf("%s planted=%v %s", spec.Name, planted, shape)
				imp, err := ReadText("pasted.txt", write(specCells(spec)), report.Options{})
				if err != nil {
					t.Errorf("%s: %v", what, err)
					continue
				}
				if len(imp.Reports) != 1 {
					t.Errorf("%s: %d reports", what, len(imp.Reports))
					continue
				}
				got := imp.Reports[0]
				if !reflect.DeepEqual(rowKeys(got), rowKeys(want)) {
					t.Errorf("%s: rows\n got %v\nwant %v", what, rowKeys(got), rowKeys(want))
				}
				if got.Year != want.Year || got.Project != want.Project || got.Unit != want.Unit || got.Code != want.Code || got.Department != want.Department || got.Implementer != want.Implementer {
					t.Errorf("%s: header %d %q %q %q %q %q, want %d %q %q %q %q %q", what, got.Year, got.Project, got.Unit, got.Code, got.Department, got.Implementer, want.Year, want.Project, want.Unit, want.Code, want.Department, want.Implementer)
				}
				if !reflect.DeepEqual(got.Funds, want.Funds) {
					t.Errorf("%s: funds\n got %+v\nwant %+v", what, got.Funds, want.Funds)
				}
				if (got.Sheet.Execution == nil) != (want.Sheet.Execution == nil) || (got.Sheet.Total == nil) != (want.Sheet.Total == nil) {
					t.Errorf("%s: execution row %v total %v", what, got.Sheet.Execution, got.Sheet.Total)
				}
				if shape != "one line, spaces" && (got.Goals.Expected != want.Goals.Expected || got.Goals.Actual != want.Goals.Actual) {
					t.Errorf("%s: goals %+v, want %+v", what, got.Goals, want.Goals)
				}
				if g, w := errorRules(got), errorRules(want); !reflect.DeepEqual(g, w) {
					t.Errorf("%s: errors %v, want %v", what, g, w)
				}
				if !planted && len(errorRules(got)) > 0 {
					t.Errorf("%s: false errors %v", what, errorRules(got))
				}
			}
		}
	}
}

// TestFlatTextBroken: a cell per line with one cell missing or one stray
// cell is an error naming the line, never a report short of a row.
func TestFlatTextBroken(t *testing.T) {
	cells := specCells(reporttest.NationalForm(false))
	find := func(v string) int {
		for i, c := range cells {
			if c == v {
				return i
			}
		}
		t.Fatalf("no cell %q", v)
		return -1
	}
	at := find("9.9") // the 得分 of 按月发放及时率
	noScore := append(append([]string{}, cells[:at]...), cells[at+1:]...)
	stray := append(append([]string{}, cells[:at+1]...), append([]string{"", "备注", "见附件"}, cells[at+1:]...)...)
	for what, text := range map[string]string{"a score left out": strings.Join(noScore, "\n"), "stray cells": strings.Join(stray, "\n")} {
		imp, err := ReadText("pasted.txt", text, report.Options{})
		if err == nil {
			t.Errorf("%s: read %d rows, want an error", what, len(imp.Reports[0].Sheet.Rows))
			continue
		}
		var pe *report.Error
		if !strings.Contains(err.Error(), "逐格粘贴") || !asError(err, &pe) || pe.Pos.Row < at-6 || pe.Pos.Row > at+5 {
			t.Errorf("%s: %v", what, err)
		}
	}
}

func asError(err error, pe **report.Error) bool {
	for _, e := range report.AsErrors(err) {
		*pe = e
		return true
	}
	return false
}

// TestFlatTextTwoForms: two forms pasted one cell per line after a web
// page's navigation, the first cut off before its last rows: two reports,
// the first said to be partial.
func TestFlatTextTwoForms(t *testing.T) {
	first := specCells(reporttest.NationalForm(false))
	first = first[:len(first)-12] // the last indicator rows and 总分 gone
	second := specCells(reporttest.SichuanForm(false))
	nav := []string{"首页 > 政务公开 > 预算绩效", "发布日期：2024-05-10"}
	text := strings.Join(append(append(nav, first...), second...), "\n")
	imp, err := ReadText("pasted.txt", text, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Reports) != 2 || imp.Reports[0].Project != "被征地农民基本生活保障资金" || imp.Reports[1].Project != "政法队伍建设经费" {
		t.Fatalf("%d reports", len(imp.Reports))
	}
	cut := false
	for _, n := range imp.Notes {
		cut = cut || strings.Contains(n.Message, "中途结束")
	}
	if !cut || imp.Reports[0].Sheet.Total != nil || len(imp.Reports[0].Sheet.Rows) >= len(readSpecTab(t, reporttest.NationalForm(false)).Sheet.Rows) {
		t.Errorf("the cut-off form: total %v rows %d notes %v", imp.Reports[0].Sheet.Total, len(imp.Reports[0].Sheet.Rows), imp.Notes)
	}
	if errs := errorRules(imp.Reports[1]); len(errs) > 0 {
		t.Errorf("second form: false errors %v", errs)
	}
}

// TestFlatDeclaration: a 绩效目标申报表 pasted one cell per line is named
// as such, with its line.
func TestFlatDeclaration(t *testing.T) {
	cells := []string{"项目支出绩效目标申报表", "（2024年度）", "一级指标", "二级指标", "三级指标", "指标值", "分值",
		"产出指标", "数量指标", "发放人数", "≥2000人", "20", "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "10"}
	_, err := ReadText("decl.txt", strings.Join(cells, "\n"), report.Options{})
	if err == nil || !strings.Contains(err.Error(), "绩效目标申报表") || !strings.Contains(err.Error(), "第 5 行") {
		t.Errorf("a declaration pasted one cell per line: %v", err)
	}
}

// TestFlatShapeOnlyWhenRowsLost: text whose rows are kept, with a sentence
// mentioning 三级指标 before the table, is read row by row as before.
func TestFlatShapeOnlyWhenRowsLost(t *testing.T) {
	text, _ := specText(reporttest.NationalForm(false))
	lines := strings.Split(text, "\n")
	if flatShape(lines) {
		t.Error("tab rows taken for a paste that lost its rows")
	}
	prose := append([]string{"本表按三级指标逐项评分，分值合计 100。"}, lines...)
	if flatShape(prose) {
		t.Error("a sentence naming 三级指标 taken for a header")
	}
	if _, err := ReadText("rows.txt", strings.Join(prose, "\n"), report.Options{}); err != nil {
		t.Error(err)
	}
	if !flatShape(strings.Split(flatShapes["cell | per line"](specCells(reporttest.NationalForm(false))), "\n")) {
		t.Error("one cell per line not seen")
	}
}
