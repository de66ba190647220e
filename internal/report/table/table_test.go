package table

import (
	"fmt"
	"strings"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/report"
	"jixiao/internal/report/reporttest"
)

// specText turns a test form into tab-separated text and the fuzz merge
// bytes (each merge as four bytes, clipped as the fuzz target clips them).
func specText(s *reporttest.FormSpec) (string, []byte) {
	var lines []string
	for _, row := range s.Cells {
		lines = append(lines, strings.Join(row, "\t"))
	}
	var m []byte
	for _, sp := range s.Merges {
		m = append(m, byte(sp.Top), byte(sp.Left), byte(sp.Bottom), byte(sp.Right))
	}
	return strings.Join(lines, "\n"), m
}

// TestSpecGrids reads the test forms as plain grids (no file format): the
// recogniser alone finds the same report the xlsx and docx readers do.
func TestSpecGrids(t *testing.T) {
	for _, spec := range []*reporttest.FormSpec{reporttest.NationalForm(false), reporttest.SichuanForm(false)} {
		g := &Grid{Name: spec.Name, Cells: spec.Cells}
		for _, m := range spec.Merges {
			g.Merges = append(g.Merges, Merge{m.Top, m.Left, m.Bottom, m.Right})
		}
		imp, err := Recognize("g", []*Grid{g}, report.Options{})
		if err != nil {
			t.Fatal(err)
		}
		r := imp.Reports[0]
		if r.Layout != eval.LayoutNational || r.Sheet.Execution == nil || len(r.Sheet.Rows) != 5 || r.Year != 2023 {
			t.Errorf("%s: layout %q execution %+v rows %d year %d", spec.Name, r.Layout, r.Sheet.Execution, len(r.Sheet.Rows), r.Year)
		}
		for _, f := range eval.Check(r, nil).Findings {
			if f.Severity == eval.SevError {
				t.Errorf("%s: %s %s", spec.Name, f.Rule, f.MessageZH)
			}
		}
	}
}

// gridOf builds a grid from tab-separated lines.
func gridOf(name, text string) *Grid {
	g := &Grid{Name: name}
	for _, line := range strings.Split(text, "\n") {
		g.Cells = append(g.Cells, strings.Split(line, "\t"))
	}
	return g
}

const seedLike = "2023 年项目支出绩效自我评价评分表\n" +
	"填报单位：如皋市被征地农民基本生活保障资金管理中心 项目名称：稽查费\n" +
	"评价指标\t\t\t年初指标值\t实际完成值\t权重\t得分\t评分依据\n" +
	"一级指标\t二级指标\t三级指标\n" +
	"决策指标（12分）\t项目立项\t立项依据充分性\t充分\t充分\t6\t6\t\n" +
	"\t\t立项程序规范性\t规范\t规范\t6\t6\t\n" +
	"产出指标\t数量指标\t追回率\t100%\t100%\t88\t87.5\t个别未追回\n" +
	"总计\t\t\t\t\t100\t99.5\t"

func TestRecognizeRepeatedCells(t *testing.T) {
	imp, err := Recognize("t.txt", []*Grid{gridOf("表格 1", seedLike)}, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := imp.Reports[0]
	if r.Unit == "" || r.Project != "稽查费" || r.Year != 2023 {
		t.Errorf("fields %q %q %d", r.Unit, r.Project, r.Year)
	}
	if len(r.Sheet.Rows) != 3 || r.Sheet.Rows[1].Level1 != "决策指标" || r.Sheet.Rows[1].Level2 != "项目立项" {
		t.Fatalf("rows %+v", r.Sheet.Rows)
	}
	if len(r.Sheet.Shares) != 1 || r.Sheet.Shares[0].Level1 != "决策指标" || r.Sheet.Shares[0].Weight != eval.P(12) {
		t.Errorf("shares %+v", r.Sheet.Shares)
	}
	if r.Sheet.Total == nil || r.Sheet.Total.Score != eval.Points(995000) {
		t.Errorf("total %+v", r.Sheet.Total)
	}
}

func TestClassify(t *testing.T) {
	cases := map[string]col{
		"年初指标值": colTarget, "年度指标值（A）": colTarget, "实际完成值(B)": colActual, "全年实际值": colActual,
		"权重": colWeight, "分值": colWeight, "得分": colScore, "评分依据": colBasis, "偏差原因分析及改进措施": colReason,
		"未完成原因分析": colReason, "指标性质": colNature, "指标值": colValue, "度量单位": colUnit, "三级指标": colL3,
		"一级指标": colL1, "二级指标": colL2, "指标方向": colDirection, "备注": colNone,
	}
	for in, want := range cases {
		if got := classify(in); got != want {
			t.Errorf("classify(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestParseLabelled(t *testing.T) {
	got := ParseLabelled("项目实施年度：2023 项目实施开始时间（年/月）：2023/01 项目实施完成时间（年/月）：2023/12")
	if got["项目实施年度"] != "2023" || got["项目实施开始时间（年/月）"] != "2023/01" || got["项目实施完成时间（年/月）"] != "2023/12" {
		t.Errorf("%v", got)
	}
}

func TestParsePoints(t *testing.T) {
	for in, want := range map[string]eval.Points{"8.5": 85000, "99.299999999999997": 993000, "8.5分": 85000, "1E+2": eval.P(100)} {
		if got, err := ParsePoints(in); err != nil || got != want {
			t.Errorf("ParsePoints(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"满分", "8.12345", "NaN", "Inf", ""} {
		if _, err := ParsePoints(bad); err == nil {
			t.Errorf("ParsePoints(%q) accepted", bad)
		}
	}
}

// FuzzRecognize feeds arbitrary grids (tab/newline text plus merges made
// from the input's bytes) to the recogniser: it must never panic, and a
// result is either a report or an error, never both or neither.
func FuzzRecognize(f *testing.F) {
	f.Add(seedLike, []byte{0, 0, 0, 2})
	f.Add("三级指标\t权重\n总计\t1", []byte{})
	f.Add("资金来源\t全年预算数\t全年执行数\n年度资金总额\t5\t4.9\n章节\t内容\n立项依据\t文本", []byte{1, 1, 9, 9})
	// The national and Sichuan forms with their merges; two sheets ("\f").
	for _, spec := range []*reporttest.FormSpec{reporttest.NationalForm(false), reporttest.SichuanForm(true)} {
		text, merges := specText(spec)
		f.Add(text, merges)
		f.Add(text+"\f"+text, merges)
	}
	f.Fuzz(func(t *testing.T, text string, merges []byte) {
		if len(text) > 1<<16 {
			return
		}
		var grids []*Grid
		for i, part := range strings.Split(text, "\f") {
			if i >= 4 {
				break
			}
			g := gridOf(fmt.Sprint("S", i), part)
			for i := 0; i+3 < len(merges) && i < 64; i += 4 {
				a, b, c, d := int(merges[i]%32), int(merges[i+1]%16), int(merges[i+2]%32), int(merges[i+3]%16)
				g.Merges = append(g.Merges, Merge{Top: min(a, c), Left: min(b, d), Bottom: max(a, c), Right: max(b, d)})
			}
			grids = append(grids, g)
		}
		imp, err := Recognize("f", grids, report.Options{})
		if (imp == nil) == (err == nil) {
			t.Fatalf("imp %v err %v", imp, err)
		}
		if imp != nil && len(imp.Reports) == 0 {
			t.Fatal("an import with no report")
		}
	})
}

// FuzzReadText feeds pasted text (pipes, tabs, spaces, several forms) to
// ReadText: never a panic, and a report or an error, never both or
// neither.
func FuzzReadText(f *testing.F) {
	for _, spec := range []*reporttest.FormSpec{reporttest.NationalForm(true), reporttest.TransferForm(false)} {
		var lines []string
		for _, row := range spec.Cells {
			lines = append(lines, "| "+strings.Join(row, " | ")+" |")
		}
		f.Add(strings.Join(lines, "\n"))
		f.Add(strings.Join(lines[:len(lines)/2], "\n") + "\n" + strings.Join(lines, "\n"))
	}
	f.Add("三级指标\t权重\t实际完成值\n总计\t1")
	// Rows lost: one cell per line, the form on one line.
	for _, spec := range []*reporttest.FormSpec{reporttest.NationalForm(false), reporttest.SichuanForm(true), reporttest.TransferForm(false)} {
		for _, shape := range []string{"cell | per line", "one line, pipes", "one line, spaces"} {
			f.Add(flatShapes[shape](specCells(spec)))
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<16 {
			return
		}
		imp, err := ReadText("f", text, report.Options{})
		if (imp == nil) == (err == nil) || imp != nil && len(imp.Reports) == 0 {
			t.Fatalf("imp %v err %v", imp, err)
		}
	})
}
