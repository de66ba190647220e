package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/money"
)

// ListSheet is a list as an official document (.xlsx): a title, the unit
// and the filter it covers, a header row repeated on every printed page,
// the rows, a total row and a signature block; A4 landscape, fitted to the
// page width, print area set, header frozen. Every list's export writes
// one (writeListSheet); the printable page shows the same (list_print.go).
type ListSheet struct {
	Title, Unit, Scope string
	// Place is the town (or other named place) the list is limited to, a
	// name printed before Scope; "" for all.
	Place  string
	Head   []string  // Chinese; put into the page's language when written
	Widths []float64 // column widths in characters
	// Rows hold string, int, int64 or money.Fen cells: amounts become
	// numbers shown #,##0.00 and are summed in the total row.
	Rows [][]any
	// CountCol is the column of the total row that says how many rows,
	// in the words of Unit1 ("%d 人"); -1 for none.
	CountCol int
	Unit1    string
	Sign     bool // the signature block under the list
}

// signature is the block every signed list ends with.
var signature = []string{"经办人（签字）：", "审核人（签字）：", "单位负责人（签字）：", "日期：", "（盖章）"}

// writeListSheet writes a list as an official .xlsx document.
func writeListSheet(w io.Writer, pg Page, d ListSheet) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	titleStyle, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	headStyle, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, Fill: excelize.Fill{Type: "pattern", Color: []string{"EEF2F6"}, Pattern: 1}, Alignment: &excelize.Alignment{Horizontal: "center", WrapText: true}})
	textStyle, _ := f.NewStyle(&excelize.Style{Border: border, NumFmt: 49})
	numStyle, _ := f.NewStyle(&excelize.Style{Border: border, NumFmt: 4}) // #,##0.00
	intStyle, _ := f.NewStyle(&excelize.Style{Border: border, NumFmt: 1})
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, wd := range d.Widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(d.Head))
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: titleStyle, Value: d.Title}}, excelize.RowOpts{Height: 26}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", []any{pg.T("单位") + "：" + d.Unit + "    " + d.ScopeLine()}); err != nil {
		return err
	}
	hs := make([]any, len(d.Head))
	for i, h := range d.Head {
		hs[i] = excelize.Cell{StyleID: headStyle, Value: pg.T(h)}
	}
	if err := sw.SetRow("A3", hs); err != nil {
		return err
	}
	sums := make([]int64, len(d.Head))
	amount := make([]bool, len(d.Head))
	row := make([]any, len(d.Head))
	for i, r := range d.Rows {
		for j, v := range r {
			switch v := v.(type) {
			case money.Fen:
				// fen → yuan: exact in decimal, and the cell shows two decimals
				row[j] = excelize.Cell{StyleID: numStyle, Value: yuanNumber(int64(v))}
				sums[j] += int64(v)
				amount[j] = true
			case int, int64:
				row[j] = excelize.Cell{StyleID: intStyle, Value: v}
			default:
				row[j] = excelize.Cell{StyleID: textStyle, Value: v}
			}
		}
		ref, _ := excelize.CoordinatesToCellName(1, i+4)
		if err := sw.SetRow(ref, row[:len(r)]); err != nil {
			return err
		}
	}
	n := len(d.Rows)
	ref, _ := excelize.CoordinatesToCellName(1, n+4)
	sum := make([]any, len(d.Head))
	sum[0] = excelize.Cell{StyleID: headStyle, Value: pg.T("合计")}
	if d.CountCol > 0 && d.CountCol < len(sum) {
		sum[d.CountCol] = pg.P.Tf(d.Unit1, n)
	}
	for j := range sums {
		if amount[j] {
			sum[j] = excelize.Cell{StyleID: numStyle, Value: yuanNumber(sums[j])}
		}
	}
	if err := sw.SetRow(ref, sum); err != nil {
		return err
	}
	lastRow := n + 4
	if d.Sign {
		// the five items spread over the width: label, then room to sign
		cells := make([]any, max(len(d.Head), 2*len(signature)))
		step := max(2, (len(cells)-1)/(len(signature)-1))
		for i, s := range signature {
			cells[min(i*step, len(cells)-1)] = pg.T(s)
		}
		lastRow = n + 6
		ref, _ = excelize.CoordinatesToCellName(1, lastRow)
		if err := sw.SetRow(ref, cells, excelize.RowOpts{Height: 30}); err != nil {
			return err
		}
	}
	if err := sw.MergeCell("A1", last+"1"); err != nil {
		return err
	}
	if err := sw.MergeCell("A2", last+"2"); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	a4, land, one, zero, fit := 9, "landscape", 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &land, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"}); err != nil {
		return err
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$3:$3", Scope: sheet}); err != nil {
		return err
	}
	area := fmt.Sprintf("'%s'!$A$1:$%s$%d", sheet, last, lastRow)
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: area, Scope: sheet}); err != nil {
		return err
	}
	return f.Write(w)
}

// sendListSheet writes a list's .xlsx as a download named after the list
// and the day (ASCII name first, the Chinese one for browsers that read it).
func (s *Server) sendListSheet(w http.ResponseWriter, r *http.Request, ascii, name string, d ListSheet) {
	var buf bytes.Buffer
	if err := writeListSheet(&buf, s.page(r, ""), d); err != nil {
		s.fail(w, r, err)
		return
	}
	day := s.now().Format("20060102")
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\""+ascii+"_"+day+".xlsx\"; filename*=UTF-8''"+url.PathEscape(name+"_"+day+".xlsx"))
	w.Write(buf.Bytes())
}

// ScopeLine is the place and the scope as the document's second line says
// them.
func (d ListSheet) ScopeLine() string {
	if d.Place == "" {
		return d.Scope
	}
	return d.Place + " · " + d.Scope
}
