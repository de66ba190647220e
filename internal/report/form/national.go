package form

import (
	"fmt"

	"jixiao/internal/eval"
	"jixiao/internal/money"
)

// OtherChapter titles passages outside the named sections.
const OtherChapter = "其他说明"

// NationalCols is the number of grid columns of the 附件1 form.
const NationalCols = 10

// GridCell is one cell of a form laid out on a grid. Covered cells (inside
// a merge but not its top-left) are empty and have Covered set.
type GridCell struct {
	Text    string
	Number  bool // a figure: right-aligned, written as a number where the format can
	Label   bool // a printed label of the template (bold, centred)
	Covered bool
}

// GridMerge is a merged range, 0-based and inclusive.
type GridMerge struct{ Top, Left, Bottom, Right int }

// GridForm is a one-page form laid out on a grid, for every format alike:
// lines above (附件1, title, year), the table with its merges, lines below.
type GridForm struct {
	Above  []string
	Rows   [][]GridCell
	Merges []GridMerge
	Below  []string
	// Widths are the relative column widths (they add up to 100).
	Widths []int
	// HeaderRow is the row of the 绩效指标 header, repeated on each page.
	HeaderRow int
}

// MergeAt returns the merge whose top-left cell is (r, c).
func (g *GridForm) MergeAt(r, c int) (GridMerge, bool) {
	for _, m := range g.Merges {
		if m.Top == r && m.Left == c {
			return m, true
		}
	}
	return GridMerge{}, false
}

type gridBuilder struct{ g *GridForm }

// add appends a row of cells; span > 1 merges across columns.
func (b *gridBuilder) add(cells ...spanCell) int {
	r := len(b.g.Rows)
	row := make([]GridCell, NationalCols)
	c := 0
	for _, x := range cells {
		for c < NationalCols && b.covered(r, c) {
			row[c].Covered = true
			c++
		}
		if c >= NationalCols {
			break
		}
		row[c] = x.GridCell
		n := max(x.span, 1)
		for k := 1; k < n && c+k < NationalCols; k++ {
			row[c+k].Covered = true
		}
		if n > 1 {
			b.g.Merges = append(b.g.Merges, GridMerge{r, c, r, min(c+n, NationalCols) - 1})
		}
		c += n
	}
	for ; c < NationalCols; c++ {
		if b.covered(r, c) {
			row[c].Covered = true
		}
	}
	b.g.Rows = append(b.g.Rows, row)
	return r
}

func (b *gridBuilder) covered(r, c int) bool {
	for _, m := range b.g.Merges {
		if m.Top < r && r <= m.Bottom && m.Left <= c && c <= m.Right {
			return true
		}
	}
	return false
}

// down merges column c from row top over n rows (registered before the
// rows below are added, so they skip the column).
func (b *gridBuilder) down(top, c, n int) {
	if n > 1 {
		b.g.Merges = append(b.g.Merges, GridMerge{top, c, top + n - 1, c})
	}
}

type spanCell struct {
	GridCell
	span int
}

func lab(s string, n int) spanCell { return spanCell{GridCell{Text: s, Label: true}, n} }
func txt(s string, n int) spanCell { return spanCell{GridCell{Text: s}, n} }
func fig(s string, n int) spanCell { return spanCell{GridCell{Text: s, Number: true}, n} }

func wan(a eval.Amount) string {
	if !a.Set {
		return ""
	}
	return WanText(a.Fen)
}

// National lays out a report as the 附件1 项目支出绩效自评表: 项目名称
// (and 项目编码 when known), 主管部门 / 实施单位, the funds block 项目资金
// （万元）with 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分 over
// 年度资金总额 and its 其中 rows, 年度总体目标 (预期目标 / 实际完成情况), 绩效
// 指标 with 一级 and 二级 merged down, and 总分. Figures are printed as the
// unit wrote them; an 执行率 the unit did not print is computed from the
// amounts.
func National(r *eval.Report) *GridForm {
	g := &GridForm{Widths: []int{11, 10, 11, 15, 11, 11, 7, 8, 8, 8}}
	b := &gridBuilder{g}
	year := "（    年度）"
	if r.Year != 0 {
		year = fmt.Sprintf("（%d年度）", r.Year)
	}
	g.Above = []string{"附件1", "项目支出绩效自评表", year}
	b.add(lab("项目名称", 1), txt(r.Project, 9))
	if r.Code != "" {
		b.add(lab("项目编码", 1), txt(r.Code, 9))
	}
	impl := r.Implementer
	if impl == "" {
		impl = r.Unit
	}
	b.add(lab("主管部门", 1), txt(r.Department, 4), lab("实施单位", 1), txt(impl, 4))

	f := r.Funds
	type fundsLine struct {
		label             string
		init, budget, spt eval.Amount
	}
	lines := []fundsLine{{"年度资金总额", f.Initial.Total, f.Budget.Total, f.Spent.Total}}
	src := func(label string, s eval.FundSource) fundsLine {
		return fundsLine{label, f.Initial.BySource[s], f.Budget.BySource[s], f.Spent.BySource[s]}
	}
	lines = append(lines, src("其中：当年财政拨款", eval.SourceLocal))
	if f.Budget.BySource[eval.SourceHigher].Set || f.Spent.BySource[eval.SourceHigher].Set || f.Initial.BySource[eval.SourceHigher].Set {
		lines = append(lines, src("上级补助资金", eval.SourceHigher))
	}
	lines = append(lines, src("上年结转资金", eval.SourceCarryOver), src("其他资金", eval.SourceOther))
	top := len(g.Rows)
	b.down(top, 0, len(lines)+1)
	ex := r.Sheet.Execution
	// The template's 得分 spans two columns; a funds row with a reason
	// (执行率 below the mark, 原因 as the provincial forms print it) gives
	// the second to 原因.
	withReason := ex != nil && ex.Reason != ""
	scoreHead := []spanCell{lab("得分", 2)}
	if withReason {
		scoreHead = []spanCell{lab("得分", 1), lab("原因", 1)}
	}
	b.add(append([]spanCell{lab("项目资金（万元）", 1), lab("", 2), lab("年初预算数", 1), lab("全年预算数", 1), lab("全年执行数", 1), lab("分值", 1), lab("执行率", 1)}, scoreHead...)...)
	for i, l := range lines {
		weight, rate, score := "—", "", "—"
		if i == 0 {
			weight, score, rate = "", "", executionRate(r)
			if ex != nil && ex.HasWeight {
				weight = ex.Weight.String()
			}
			if ex != nil && ex.HasScore {
				score = ex.Score.String()
			}
		}
		cells := []spanCell{txt(l.label, 2), fig(wan(l.init), 1), fig(wan(l.budget), 1), fig(wan(l.spt), 1), fig(weight, 1), fig(rate, 1), fig(score, 2)}
		if withReason {
			reason := ""
			if i == 0 {
				reason = ex.Reason
			}
			cells = append(cells[:len(cells)-1], fig(score, 1), txt(reason, 1))
		}
		b.add(cells...)
	}
	gt := len(g.Rows)
	b.down(gt, 0, 2)
	b.add(lab("年度总体目标", 1), lab("预期目标", 4), lab("实际完成情况", 5))
	b.add(txt(r.Goals.Expected, 4), txt(r.Goals.Actual, 5))

	ht := len(g.Rows)
	g.HeaderRow = ht
	b.down(ht, 0, len(r.Sheet.Rows)+1)
	b.add(lab("绩效指标", 1), lab("一级指标", 1), lab("二级指标", 1), lab("三级指标", 1), lab("年度指标值", 1), lab("实际完成值", 1),
		lab("分值", 1), lab("得分", 1), lab("偏差原因分析及改进措施", 2))
	start := len(g.Rows)
	t := BuildTable(&r.Sheet)
	for _, tr := range t.Rows {
		row := tr.Row
		score := ""
		if row.HasScore {
			score = row.Score.String()
		}
		reason := row.Reason
		if reason == "" {
			reason = row.Basis
		}
		l1, l2 := tr.Level1, tr.Level2
		if tr.Span1 == 0 {
			l1 = ""
		}
		if tr.Span2 == 0 {
			l2 = ""
		}
		weight := row.Weight.String()
		if r.Sheet.Unscored {
			weight = "" // a form that is not scored (转移支付): the 分值 column stays empty
		}
		b.add(txt(l1, 1), txt(l2, 1), txt(row.Level3, 1), txt(row.Target.String(), 1), txt(row.Actual.String(), 1),
			fig(weight, 1), fig(score, 1), txt(reason, 2))
	}
	for i, tr := range t.Rows {
		if tr.Span1 > 1 {
			g.Merges = append(g.Merges, GridMerge{start + i, 1, start + i + tr.Span1 - 1, 1})
		}
		if tr.Span2 > 1 {
			g.Merges = append(g.Merges, GridMerge{start + i, 2, start + i + tr.Span2 - 1, 2})
		}
	}
	for _, m := range g.Merges {
		for rr := m.Top; rr <= m.Bottom; rr++ {
			for cc := m.Left; cc <= m.Right; cc++ {
				if rr != m.Top || cc != m.Left {
					g.Rows[rr][cc] = GridCell{Covered: true}
				}
			}
		}
	}
	wt, sc := "", ""
	if t := r.Sheet.Total; t != nil {
		if t.HasWeight {
			wt = t.Weight.String()
		}
		if t.HasScore {
			sc = t.Score.String()
		}
	}
	if r.Sheet.Total != nil || !r.Sheet.Unscored {
		b.add(lab("总分", 6), fig(wt, 1), fig(sc, 1), txt("", 2))
	}
	// The narrative, where the report has one, in labelled rows below (the
	// provincial forms print 评价结论, 存在问题, 改进措施 so).
	n := r.Narrative
	for _, sec := range n.Sections() {
		if sec.Text.Text != "" {
			b.add(lab(sec.TitleZH, 1), txt(sec.Text.Text, 9))
		}
	}
	for _, p := range n.Other {
		b.add(lab(OtherChapter, 1), txt(p.Text, 9))
	}
	g.Below = SignatureLines(r.Sign)
	return g
}

// executionRate is the 执行率 to print: the unit's own, or computed from
// the amounts ("86.20%").
func executionRate(r *eval.Report) string {
	if ex := r.Sheet.Execution; ex != nil && ex.HasRate {
		return ex.Rate.String() + "%"
	}
	if !r.Funds.Spent.All().Set || !r.Funds.Budget.All().Set {
		return ""
	}
	bp, ok := money.RatioBP(r.Funds.Spent.All().Fen, r.Funds.Budget.All().Fen)
	if !ok {
		return ""
	}
	return eval.Number{Coef: bp, Scale: 2}.String() + "%"
}
