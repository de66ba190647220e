package xlsx

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/eval"
)

// SummaryRow is one project in the finance bureau's summary.
type SummaryRow struct {
	Unit, Project string
	Year          int
	Budget, Spent eval.Amount
	// SelfScore is the unit's own total; HasSelf is false when unknown.
	SelfScore eval.Points
	HasSelf   bool
	// ReviewScore is the finance bureau's re-score (复核), when there is one.
	ReviewScore eval.Points
	HasReview   bool
	Grade       string
	// Status is the workflow state in words: 填报中, 已提交, 已审核, 已复核 …
	Status string
}

// SummaryRowOf fills a summary row from a report and its check: budget and
// spent from the funds (the stated totals, else the sum of the sources),
// the self score as the 总计 row states it (else the computed total), and
// the grade of the rule set. Review score and status come from the
// workflow, so the caller sets them.
func SummaryRowOf(r *eval.Report, res eval.Result) SummaryRow {
	s := SummaryRow{Unit: r.Unit, Project: r.Project, Year: r.Year,
		Budget: r.Funds.Budget.All(), Spent: r.Funds.Spent.All(), Grade: res.Grade}
	switch {
	case r.Sheet.Total != nil && r.Sheet.Total.HasScore:
		s.SelfScore, s.HasSelf = r.Sheet.Total.Score, true
	case res.Grade != "":
		s.SelfScore, s.HasSelf = res.ComputedTotal, true
	}
	return s
}

// amountCell is an amount as a cell value to measure: nil when unknown.
func amountCell(a eval.Amount) any {
	if !a.Set {
		return nil
	}
	return a.Fen
}

// SummaryColumns are the column titles of the summary.
var SummaryColumns = []string{"序号", "填报单位", "项目名称", "年度", "预算数（万元）", "执行数（万元）", "执行率", "自评得分", "复核得分", "等级", "状态"}

// WriteSummary writes the finance bureau's summary: one row per project,
// the execution rate as a live formula, budget and spent totals as SUM
// formulas, A4 landscape with the header row repeated.
func WriteSummary(w io.Writer, title string, rows []SummaryRow) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "汇总"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	ww := &writer{f: f, st: st}
	last := len(SummaryColumns)
	measured := make([][]any, len(rows))
	for i, r := range rows {
		measured[i] = []any{i + 1, r.Unit, r.Project, r.Year, amountCell(r.Budget), amountCell(r.Spent), "100.00%", r.SelfScore.String(), r.ReviewScore.String(), r.Grade, r.Status}
	}
	ww.fit(sheet, []float64{6, 30, 30, 7, 15, 15, 10, 9, 9, 7, 10}, SummaryColumns, measured, 3)
	ww.set(sheet, 1, 1, title, 0)
	ww.merge(sheet, 1, 1, last, 1, st.title)
	for c, h := range SummaryColumns {
		ww.set(sheet, c+1, 2, h, st.head)
	}
	first := 3
	for i, r := range rows {
		row := first + i
		ww.set(sheet, 1, row, i+1, st.cell)
		ww.set(sheet, 2, row, r.Unit, st.cellLeft)
		ww.set(sheet, 3, row, r.Project, st.cellLeft)
		if r.Year != 0 {
			ww.set(sheet, 4, row, r.Year, st.cell)
		} else {
			ww.set(sheet, 4, row, nil, st.cell)
		}
		for c, a := range []eval.Amount{r.Budget, r.Spent} {
			if a.Set {
				v, style := ww.wanValue(a.Fen)
				ww.set(sheet, 5+c, row, v, style)
			} else {
				ww.set(sheet, 5+c, row, nil, st.cell)
			}
		}
		ww.set(sheet, 7, row, nil, st.percent)
		if ww.err == nil && r.Budget.Set && r.Spent.Set {
			ww.err = f.SetCellFormula(sheet, cell(7, row), fmt.Sprintf(`IF(%s=0,"",%s/%s)`, cell(5, row), cell(6, row), cell(5, row)))
		}
		for c, p := range []struct {
			v  eval.Points
			ok bool
		}{{r.SelfScore, r.HasSelf}, {r.ReviewScore, r.HasReview}} {
			if p.ok {
				ww.set(sheet, 8+c, row, pointsValue(p.v), st.num)
			} else {
				ww.set(sheet, 8+c, row, nil, st.num)
			}
		}
		ww.set(sheet, 10, row, r.Grade, st.cell)
		ww.set(sheet, 11, row, r.Status, st.cell)
	}
	end := first + len(rows)
	ww.set(sheet, 1, end, "合计", 0)
	ww.merge(sheet, 1, end, 4, end, st.head)
	for _, c := range []int{5, 6} {
		ww.set(sheet, c, end, nil, st.wan[2])
		if ww.err == nil && len(rows) > 0 {
			ww.err = f.SetCellFormula(sheet, cell(c, end), fmt.Sprintf("SUM(%s:%s)", cell(c, first), cell(c, end-1)))
		}
	}
	ww.set(sheet, 7, end, nil, st.percent)
	if ww.err == nil && len(rows) > 0 {
		ww.err = f.SetCellFormula(sheet, cell(7, end), fmt.Sprintf(`IF(%s=0,"",%s/%s)`, cell(5, end), cell(6, end), cell(5, end)))
	}
	for c := 8; c <= last; c++ {
		ww.set(sheet, c, end, nil, st.cell)
	}
	if ww.err != nil {
		return ww.err
	}
	ww.page(sheet, "$2:$2")
	ww.printArea(sheet, last, end)
	land := "landscape"
	if ww.err == nil {
		ww.err = f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &land})
	}
	full := true
	if ww.err == nil {
		ww.err = f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full})
	}
	if ww.err != nil {
		return ww.err
	}
	_, err = f.WriteTo(w)
	return err
}
