package xlsx

import (
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/eval"
	"jixiao/internal/report/form"
)

// SheetNational is the sheet the 附件1 form is written on.
const SheetNational = "自评表"

// nationalWorkbook writes the 附件1 项目支出绩效自评表 on one sheet with the
// template's merged cells: 附件1, the title and the year above, the form,
// the signature line below. Amounts, 分值 and 得分 are numbers; 执行率 is
// printed as the unit wrote it.
func nationalWorkbook(r *eval.Report) (*excelize.File, error) {
	g := form.National(r)
	f := excelize.NewFile()
	st, err := newStyles(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", SheetNational); err != nil {
		f.Close()
		return nil, err
	}
	w := &writer{f: f, st: st}
	sh := SheetNational
	row := 1
	for i, t := range g.Above {
		style := st.label
		if i > 0 {
			style = st.title
		}
		w.set(sh, 1, row, t, style)
		if i > 0 {
			w.merge(sh, 1, row, form.NationalCols, row, style)
		}
		row++
	}
	first := row
	for r, cells := range g.Rows {
		y := first + r
		for c, x := range cells {
			if x.Covered {
				w.set(sh, c+1, y, nil, st.cell)
				continue
			}
			var v any = x.Text
			style := st.cellLeft
			switch {
			case x.Label:
				style = st.head
			case x.Number:
				style = st.cell
				// Amounts print with thousands separators (form.WanText);
				// the cell holds the number.
				if n, err := strconv.ParseFloat(strings.ReplaceAll(x.Text, ",", ""), 64); err == nil && x.Text != "" {
					v = n
				}
			}
			w.set(sh, c+1, y, v, style)
		}
	}
	for _, m := range g.Merges {
		w.merge(sh, m.Left+1, first+m.Top, m.Right+1, first+m.Bottom, 0)
	}
	row = first + len(g.Rows)
	for _, t := range g.Below {
		w.set(sh, 1, row, t, st.label)
		w.merge(sh, 1, row, form.NationalCols, row, st.label)
		row++
	}
	for i, wd := range g.Widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if w.err == nil {
			w.err = f.SetColWidth(sh, col, col, float64(wd)*0.95)
		}
	}
	w.page(sh, "")
	if w.err != nil {
		f.Close()
		return nil, w.err
	}
	return f, nil
}
