// Package xlsx writes a self-evaluation as an Excel workbook — one sheet for
// the 情况表 (header, funds block, narrative) and one for the 评分表 —
// writes the finance bureau's summary of many projects, and reads a filled-in
// 评分表 back, in the layout jixiao writes and in the common variants (see
// package table).
package xlsx

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/eval"
	"jixiao/internal/money"
	"jixiao/internal/report/form"
	"jixiao/internal/report/table"
)

// Sheet names jixiao writes.
const (
	SheetSituation = "情况表"
	SheetReport    = "评价报告"
	SheetScores    = "评分表"
)

// maxCellRunes is what jixiao puts in one cell; Excel holds at most 32,767
// characters, so longer passages continue on "（续）" rows.
const maxCellRunes = 30000

// Fonts named in the workbook; Excel and WPS substitute when missing.
const (
	fontBody  = "宋体"
	fontTitle = "黑体"
)

// Write writes one evaluation as a workbook. res is the checked result
// (its grade and totals are not part of the official form and are not
// written); it is accepted so every writer has the same signature.
func Write(w io.Writer, r *eval.Report, res eval.Result) error {
	f, err := Workbook(r)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.WriteTo(w)
	return err
}

// Workbook builds the workbook of one evaluation.
func Workbook(r *eval.Report) (*excelize.File, error) {
	if r.Layout == eval.LayoutNational {
		return nationalWorkbook(r)
	}
	d := form.Build(r)
	f := excelize.NewFile()
	st, err := newStyles(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	first := SheetSituation
	if d.Layout == eval.LayoutReport {
		first = SheetReport
	}
	if err := f.SetSheetName("Sheet1", first); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.NewSheet(SheetScores); err != nil {
		f.Close()
		return nil, err
	}
	ww := &writer{f: f, st: st}
	ww.situation(first, d, r)
	ww.scores(SheetScores, d)
	if ww.err == nil {
		full := true
		ww.err = f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full})
	}
	if ww.err != nil {
		f.Close()
		return nil, ww.err
	}
	return f, nil
}

type styles struct {
	title, label, text, head, cell, cellLeft, num, percent int
	wan                                                    [7]int // by decimals 0..6
}

func newStyles(f *excelize.File) (*styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	body := &excelize.Font{Family: fontBody, Size: 11}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}
	s := &styles{}
	var err error
	mk := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	s.title = mk(&excelize.Style{Font: &excelize.Font{Family: fontTitle, Size: 16, Bold: true}, Alignment: center})
	s.label = mk(&excelize.Style{Font: body, Alignment: left})
	s.text = mk(&excelize.Style{Font: body, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}, Border: border})
	s.head = mk(&excelize.Style{Font: &excelize.Font{Family: fontTitle, Size: 11}, Alignment: center, Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EDEDED"}}})
	s.cell = mk(&excelize.Style{Font: body, Alignment: center, Border: border})
	s.cellLeft = mk(&excelize.Style{Font: body, Alignment: left, Border: border})
	s.num = mk(&excelize.Style{Font: body, Alignment: center, Border: border, NumFmt: 0})
	s.percent = mk(&excelize.Style{Font: body, Alignment: center, Border: border, NumFmt: 10})
	for d := 0; d <= 6; d++ {
		// The forms print 万元 with two decimals (money.Fen.Wan2); an amount
		// finer than that keeps its digits.
		fmtStr := "#,##0." + fmt.Sprintf("%0*d", max(d, 2), 0)
		s.wan[d] = mk(&excelize.Style{Font: body, Alignment: center, Border: border, CustomNumFmt: &fmtStr})
	}
	return s, err
}

// writer carries the first error, so the layout code reads straight.
type writer struct {
	f   *excelize.File
	st  *styles
	err error
}

func cell(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

func (w *writer) set(sheet string, col, row int, v any, style int) {
	if w.err != nil {
		return
	}
	if t, ok := v.(numText); ok {
		w.err = w.f.SetCellDefault(sheet, cell(col, row), string(t))
	} else if v != nil {
		w.err = w.f.SetCellValue(sheet, cell(col, row), v)
	}
	if w.err == nil && style != 0 {
		w.err = w.f.SetCellStyle(sheet, cell(col, row), cell(col, row), style)
	}
}

func (w *writer) merge(sheet string, c1, r1, c2, r2, style int) {
	if w.err != nil || (c1 == c2 && r1 == r2) {
		if style != 0 && w.err == nil {
			w.err = w.f.SetCellStyle(sheet, cell(c1, r1), cell(c2, r2), style)
		}
		return
	}
	w.err = w.f.MergeCell(sheet, cell(c1, r1), cell(c2, r2))
	if w.err == nil && style != 0 {
		w.err = w.f.SetCellStyle(sheet, cell(c1, r1), cell(c2, r2), style)
	}
}

func (w *writer) page(sheet string, titles string) {
	if w.err != nil {
		return
	}
	a4, portrait, one, zero := 9, "portrait", 1, 0
	fit := true
	w.err = w.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &portrait, FitToWidth: &one, FitToHeight: &zero})
	if w.err == nil {
		w.err = w.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
	}
	if w.err == nil {
		m := 0.6
		w.err = w.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &m, Bottom: &m})
	}
	if w.err == nil {
		w.err = w.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"})
	}
	if w.err == nil && titles != "" {
		w.err = w.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!" + titles, Scope: sheet})
	}
}

// wanValue turns fen into a number of 万元 for a cell, exact in its decimal
// form (the shortest float that prints as the amount), and the style with
// as many decimals as the amount needs.
func (w *writer) wanValue(f money.Fen) (numText, int) {
	s := f.Wan()
	dec := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			dec = len(s) - i - 1
		}
	}
	if dec > 0 && dec < 2 {
		dec = 2
	}
	return numText(s), w.st.wan[min(dec, 6)]
}

// numText is a number cell's exact decimal text ("4911969238.34"): written
// as it is, so that an amount reaches the file without a float64 between
// (which keeps only 15–17 significant digits).
type numText string

func pointsValue(p eval.Points) float64 {
	x, _ := strconv.ParseFloat(p.String(), 64)
	return x
}

func (w *writer) situation(sheet string, d *form.Document, r *eval.Report) {
	for c, width := range []float64{26, 18, 18, 18, 14} {
		if w.err == nil {
			w.err = w.f.SetColWidth(sheet, report0(c+1), report0(c+1), width)
		}
	}
	row := 1
	w.set(sheet, 1, row, d.Title, 0)
	w.merge(sheet, 1, row, 5, row, w.st.title)
	if w.err == nil {
		w.err = w.f.SetRowHeight(sheet, row, 30)
	}
	row += 2
	for _, fl := range d.Header {
		w.set(sheet, 1, row, fl.Label, w.st.label)
		w.set(sheet, 2, row, fl.Value, 0)
		w.merge(sheet, 2, row, 5, row, w.st.label)
		row++
	}
	if d.Funds != nil {
		row++
		w.set(sheet, 1, row, "项目资金情况", w.st.label)
		row++
		for c, h := range d.Funds.Columns {
			w.set(sheet, c+1, row, h, w.st.head)
		}
		row++
		for _, fr := range d.Funds.Rows {
			w.set(sheet, 1, row, fr.Label, w.st.cellLeft)
			for c, a := range []eval.Amount{fr.Budget, fr.Received, fr.Spent} {
				if a.Set {
					v, style := w.wanValue(a.Fen)
					w.set(sheet, c+2, row, v, style)
				} else {
					w.set(sheet, c+2, row, nil, w.st.cell)
				}
			}
			if fr.Budget.Set && fr.Spent.Set && fr.Budget.Fen != 0 {
				bp, _ := money.RatioBP(fr.Spent.Fen, fr.Budget.Fen)
				w.set(sheet, 5, row, float64(bp)/10000, w.st.percent)
				if w.err == nil {
					w.err = w.f.SetCellFormula(sheet, cell(5, row), fmt.Sprintf("IF(%s=0,\"\",%s/%s)", cell(2, row), cell(4, row), cell(2, row)))
				}
			} else {
				w.set(sheet, 5, row, nil, w.st.cell)
			}
			row++
		}
	}
	row++
	w.set(sheet, 1, row, table.SectionsHeader[0], w.st.head)
	w.set(sheet, 2, row, table.SectionsHeader[1], 0)
	w.merge(sheet, 2, row, 5, row, w.st.head)
	row++
	put := func(title, text string) {
		rs := []rune(text)
		for part := 0; part == 0 || len(rs) > 0; part++ {
			n := min(len(rs), maxCellRunes)
			t := title
			if part > 0 {
				t += table.Continued
			}
			w.set(sheet, 1, row, t, w.st.cellLeft)
			w.set(sheet, 2, row, string(rs[:n]), 0)
			w.merge(sheet, 2, row, 5, row, w.st.text)
			if w.err == nil {
				lines := len(rs[:n])/40 + 1
				w.err = w.f.SetRowHeight(sheet, row, min(409, float64(lines)*15))
			}
			rs = rs[n:]
			row++
		}
	}
	for _, s := range r.Narrative.Sections() {
		if s.Text.Text != "" {
			put(s.TitleZH, s.Text.Text)
		}
	}
	for _, p := range r.Narrative.Other {
		if p.Text != "" {
			put(table.OtherSection, p.Text)
		}
	}
	w.page(sheet, "")
	w.printArea(sheet, 5, row-1)
}

// report0 is a column letter.
func report0(c int) string {
	n, _ := excelize.ColumnNumberToName(c)
	return n
}

func (w *writer) scores(sheet string, d *form.Document) {
	t := d.Sheet
	cols := append([]string(nil), form.SheetColumns...)
	if t.HasDirection {
		cols = append(cols, form.DirectionColumn)
	}
	last := len(cols)
	widths := []float64{11, 13, 24, 12, 12, 7, 7, 24, 9}
	for c, width := range widths {
		if c < last && w.err == nil {
			w.err = w.f.SetColWidth(sheet, report0(c+1), report0(c+1), width)
		}
	}
	w.set(sheet, 1, 1, d.SheetTitle, 0)
	w.merge(sheet, 1, 1, last, 1, w.st.title)
	if w.err == nil {
		w.err = w.f.SetRowHeight(sheet, 1, 30)
	}
	w.set(sheet, 1, 2, d.SheetHeader, 0)
	w.merge(sheet, 1, 2, last, 2, w.st.label)
	// Two header rows: "评价指标" over the three levels, the rest merged down.
	w.set(sheet, 1, 3, "评价指标", 0)
	w.merge(sheet, 1, 3, 3, 3, w.st.head)
	for c := 0; c < 3; c++ {
		w.set(sheet, c+1, 4, cols[c], w.st.head)
	}
	for c := 3; c < last; c++ {
		w.set(sheet, c+1, 3, cols[c], 0)
		w.merge(sheet, c+1, 3, c+1, 4, w.st.head)
	}
	first := 5
	row := first
	for _, tr := range t.Rows {
		if tr.Span1 > 0 {
			w.set(sheet, 1, row, tr.Level1, 0)
			w.merge(sheet, 1, row, 1, row+tr.Span1-1, w.st.cell)
		}
		if tr.Span2 > 0 {
			w.set(sheet, 2, row, tr.Level2, 0)
			w.merge(sheet, 2, row, 2, row+tr.Span2-1, w.st.cell)
		}
		r := tr.Row
		if w.err == nil {
			w.err = w.f.SetRowHeight(sheet, row, rowHeight(tr.Cells(t.HasDirection), widths[2:]))
		}
		w.set(sheet, 3, row, r.Level3, w.st.cellLeft)
		w.set(sheet, 4, row, r.Target.String(), w.st.cell)
		w.set(sheet, 5, row, r.Actual.String(), w.st.cell)
		w.set(sheet, 6, row, pointsValue(r.Weight), w.st.num)
		if r.HasScore {
			w.set(sheet, 7, row, pointsValue(r.Score), w.st.num)
		} else {
			w.set(sheet, 7, row, nil, w.st.num)
		}
		w.set(sheet, 8, row, r.Basis, w.st.cellLeft)
		if t.HasDirection {
			dir := ""
			if r.DirectionSet {
				dir = r.Direction.String()
			}
			w.set(sheet, 9, row, dir, w.st.cell)
		}
		row++
	}
	// 总计: live SUM formulas; the cached values are the row as written, so
	// a reader that does not recompute sees what the unit declared.
	w.set(sheet, 1, row, "总计", 0)
	w.merge(sheet, 1, row, 5, row, w.st.head)
	endRow := max(row-1, first)
	sums := [2]eval.Points{}
	has := [2]bool{}
	for _, tr := range t.Rows {
		sums[0] += tr.Row.Weight
		if tr.Row.HasScore {
			sums[1] += tr.Row.Score
			has[1] = true
		}
	}
	has[0] = len(t.Rows) > 0
	if t.Total != nil {
		sums[0], has[0] = t.Total.Weight, t.Total.HasWeight
		sums[1], has[1] = t.Total.Score, t.Total.HasScore
	}
	for i, c := range []int{6, 7} {
		if has[i] {
			w.set(sheet, c, row, pointsValue(sums[i]), w.st.num)
			if w.err == nil {
				w.err = w.f.SetCellFormula(sheet, cell(c, row), fmt.Sprintf("SUM(%s:%s)", cell(c, first), cell(c, endRow)))
			}
		} else {
			w.set(sheet, c, row, nil, w.st.num)
		}
	}
	for c := 8; c <= last; c++ {
		w.set(sheet, c, row, nil, w.st.cell)
	}
	// The signature block, two rows below the 总计 row: one line a row,
	// merged across the table; the reader stops at its labels.
	row += 2
	for _, l := range d.Signature {
		w.set(sheet, 1, row, l, 0)
		w.merge(sheet, 1, row, last, row, w.st.label)
		if w.err == nil {
			w.err = w.f.SetRowHeight(sheet, row, 24)
		}
		row++
	}
	w.page(sheet, "$3:$4")
	w.printArea(sheet, last, row-1)
}

// printArea sets the sheet's print area to columns A..lastCol, rows
// 1..lastRow, so nothing outside the form is printed.
func (w *writer) printArea(sheet string, lastCol, lastRow int) {
	if w.err == nil {
		w.err = w.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area",
			RefersTo: "'" + sheet + "'!$A$1:" + absCell(lastCol, lastRow), Scope: sheet})
	}
}

func absCell(col, row int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return fmt.Sprintf("$%s$%d", name, row)
}

// rowHeight estimates the height in points a row needs for its wrapped
// texts: a Chinese character is two width units of a column.
func rowHeight(cells []string, widths []float64) float64 {
	lines := 1
	for i, c := range cells {
		if i >= len(widths) {
			break
		}
		units := 0
		for _, r := range c {
			if r < 0x80 {
				units++
			} else {
				units += 2
			}
		}
		if n := (units + int(widths[i]) - 2) / max(int(widths[i])-1, 1); n > lines {
			lines = n
		}
	}
	return min(409, float64(lines)*14+6)
}
