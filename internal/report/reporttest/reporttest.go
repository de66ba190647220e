// Package reporttest gives the document tests their inputs — the seed
// reports and hand-made ones that use every field — and a comparison that
// says which field differs after a round trip.
package reporttest

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"jixiao/internal/cal"
	"jixiao/internal/eval"
	"jixiao/internal/money"
	"jixiao/internal/report/plaintext"
	"jixiao/internal/testenv"
)

// Seeds reads the eight seed reports through the plain-text reader, or
// skips (testenv.Seed) when the seed file is absent.
func Seeds(t testing.TB) []*eval.Report {
	t.Helper()
	p := testenv.Seed(t)
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rs, err := plaintext.Read(filepath.Base(p), f)
	if err != nil {
		t.Fatalf("reading seeds: %v", err)
	}
	if len(rs) == 0 {
		t.Fatal("no seed reports")
	}
	return rs
}

func wan(s string) eval.Amount {
	f, err := money.ParseWan(s)
	if err != nil {
		panic(err)
	}
	return eval.Known(f)
}

func pts(s string) eval.Points {
	p, err := eval.ParsePoints(s)
	if err != nil {
		panic(err)
	}
	return p
}

// Row builds an indicator row.
func Row(l1, l2, l3, target, actual, weight, score, basis string) eval.Row {
	r := eval.Row{Level1: l1, Level2: l2, Level3: l3, Target: eval.ParseValue(target), Actual: eval.ParseValue(actual),
		Weight: pts(weight), Basis: basis}
	if score != "" {
		r.Score, r.HasScore = pts(score), true
	}
	return r
}

// Sample is a hand-made report of the 绩效评价报告 layout that uses every
// field: funds by source, shares, explicit directions, a passage outside
// the sections, multi-paragraph text and characters that need escaping.
func Sample() *eval.Report {
	r := &eval.Report{
		Layout: eval.LayoutReport, Unit: "如皋市被征地农民基本生活保障资金管理中心", Project: "财政对城乡居民养老保险的补助",
		Year: 2023, Start: cal.MonthOf(2023, 1), End: cal.MonthOf(2023, 12),
	}
	r.Funds.Budget.Total = wan("92344.11")
	r.Funds.Budget.BySource[eval.SourceHigher] = wan("40984")
	r.Funds.Budget.BySource[eval.SourceLocal] = wan("51360.11")
	r.Funds.Spent.Total = wan("90044.11")
	r.Funds.Spent.BySource[eval.SourceHigher] = wan("40851")
	r.Funds.Spent.BySource[eval.SourceLocal] = wan("49193.110001")
	r.Funds.Received.Total = wan("92344.11")
	n := &r.Narrative
	n.Basis.Text = "《关于提高 2022 年度城乡居民基本养老保险基础养老金的通知》（皋人社发〔2022〕90 号）。"
	n.Nature.Text = "包括基础养老金、参保补贴和丧葬抚恤补助 <自动生成> & 校验。"
	n.Implementation.Text = "居保中心负责全市居民养老保险待遇发放工作。\n2023 年度补助总预算 92344.11 万元，实际补助 90044.11 万元，预算执行率 97.51%。"
	n.Goal.Text = "不断完善社会保障体系，进一步提高养老保障水平。"
	n.Features.Text = "参保人员较多，百姓关注度较高。"
	n.Principles.Text = "1、经济性、效率性、有效性原则；2、定量分析和定性分析相结合。"
	n.Work.Text = "预算执行率 97.51%。\n服务对象满意率 98%。"
	n.Conclusion.Text = "自评价得分 99.3 分，评价等级为优。"
	n.Performance.Text = "1、不断完善政策配套。\n2、继续提高居保基础养老金。"
	n.Problems.Text = "无"
	n.Measures.Text = "（一）推进适龄人员应保尽保。\n（二）不断夯实基金安全监督试点、示范。"
	n.Other = []eval.Passage{{Text: "附：本报告数据截至 2023 年 12 月 31 日。"}}
	rows := []eval.Row{
		Row("决策指标", "项目立项", "立项依据充分性", "充分", "充分", "2", "2", ""),
		Row("决策指标", "项目立项", "立项程序规范性", "规范", "规范", "2", "2", ""),
		Row("决策指标", "绩效目标", "绩效目标合理性", "合理", "合理", "4", "4", ""),
		Row("过程指标", "资金管理", "资金到位率", "100%", "100%", "3", "3", ""),
		Row("过程指标", "资金管理", "预算执行率", "100%", "97.51%", "3", "2.5", "动用以前年度结余"),
		Row("产出指标", "数量指标", "应发尽发率", "≥50个", "52个", "30", "30", ""),
		Row("效益指标", "社会效益指标", "差错率", "≤0.5%", "0.2%", "46", "45.75", "个别差错"),
		Row("满意度指标", "满意度指标", "百姓满意度", ">95%", "98%", "10", "9.8", ""),
	}
	rows[6].Direction, rows[6].DirectionSet = eval.DirNegative, true
	r.Sheet.Rows = rows
	r.Sheet.Shares = []eval.Share{{Level1: "产出指标", Weight: pts("30")}}
	r.Sheet.Total = &eval.TotalRow{Weight: pts("100"), HasWeight: true, Score: pts("99.05"), HasScore: true}
	return r
}

// Normalized copies a report without what a round trip cannot keep and
// need not: source file, line numbers, the total row's label, and the
// parsed forms of values (compared by their text).
func Normalized(r *eval.Report) eval.Report {
	c := *r
	c.Source, c.Line = "", 0
	n := &c.Narrative
	for _, s := range n.Sections() {
		s.Text.Line = 0
	}
	n.Other = nil
	for _, p := range r.Narrative.Other {
		p.Line = 0
		n.Other = append(n.Other, p)
	}
	c.Sheet.Rows = nil
	for _, row := range r.Sheet.Rows {
		row.Line = 0
		row.Target = eval.Value{Raw: row.Target.String()}
		row.Actual = eval.Value{Raw: row.Actual.String()}
		if !row.DirectionSet {
			row.Direction = 0
		}
		c.Sheet.Rows = append(c.Sheet.Rows, row)
	}
	c.Sheet.Shares = nil
	for _, s := range r.Sheet.Shares {
		s.Line = 0
		c.Sheet.Shares = append(c.Sheet.Shares, s)
	}
	if r.Sheet.Total != nil {
		t := *r.Sheet.Total
		t.Line = 0
		t.Label = "" // each layout writes its own word (总计, 总分)
		c.Sheet.Total = &t
	}
	if r.Sheet.Execution != nil {
		e := *r.Sheet.Execution
		e.Line = 0
		c.Sheet.Execution = &e
	}
	c.Goals.Line = 0
	// A block's printed 执行率 is checked against its amounts, not kept:
	// writers print the rate of the amounts.
	c.Funds.PrintedRate, c.Funds.HasPrintedRate = eval.Number{}, false
	if c.Layout == "" {
		c.Layout = eval.LayoutSituation
	}
	return c
}

// Diff lists the fields in which two reports differ after normalising, or
// returns nil.
func Diff(want, got *eval.Report) []string {
	a, b := Normalized(want), Normalized(got)
	var out []string
	diff := func(name string, x, y any) {
		if !reflect.DeepEqual(x, y) {
			out = append(out, fmt.Sprintf("%s: want %+v, got %+v", name, x, y))
		}
	}
	diff("Layout", a.Layout, b.Layout)
	diff("Unit", a.Unit, b.Unit)
	diff("Project", a.Project, b.Project)
	diff("Year", a.Year, b.Year)
	diff("Start", a.Start, b.Start)
	diff("End", a.End, b.End)
	diff("Funds", a.Funds, b.Funds)
	diff("Code", a.Code, b.Code)
	diff("Department", a.Department, b.Department)
	diff("Implementer", a.Implementer, b.Implementer)
	diff("Goals", a.Goals, b.Goals)
	diff("Sheet.Execution", a.Sheet.Execution, b.Sheet.Execution)
	diff("Sheet.Unscored", a.Sheet.Unscored, b.Sheet.Unscored)
	sa, sb := a.Narrative.Sections(), b.Narrative.Sections()
	for i := range sa {
		diff("Narrative."+sa[i].Key, sa[i].Text.Text, sb[i].Text.Text)
	}
	diff("Narrative.Other", a.Narrative.Other, b.Narrative.Other)
	if len(a.Sheet.Rows) != len(b.Sheet.Rows) {
		out = append(out, fmt.Sprintf("Sheet.Rows: want %d rows, got %d", len(a.Sheet.Rows), len(b.Sheet.Rows)))
	} else {
		for i := range a.Sheet.Rows {
			diff(fmt.Sprintf("Sheet.Rows[%d]", i), a.Sheet.Rows[i], b.Sheet.Rows[i])
		}
	}
	diff("Sheet.Total", a.Sheet.Total, b.Sheet.Total)
	diff("Sheet.Shares", a.Sheet.Shares, b.Sheet.Shares)
	return out
}
