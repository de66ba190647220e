package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/xuri/excelize/v2"

	"jixiao/internal/cnid"
	"jixiao/internal/workflow"
)

// SuspectSheet is the suspect list as an official document: a title, the
// unit, the month or filter it covers, the rows and a signature block.
type SuspectSheet struct {
	Title, Unit, Scope string
	Rows               []SuspectRow
	FullID             bool // the auditor's copy; masked otherwise
	Day                func(int64) string
}

// maxSuspectExport bounds one export; above it the page asks to filter.
const maxSuspectExport = 200_000

// exportSuspects sends the whole filtered suspect list as .xlsx.
func (s *Server) exportSuspects(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(r)
	l := readSuspectList(r, u)
	pg := s.auditPage(r, "疑点核实清单")
	q := l.query(s.now(), 0)
	q.Limit = maxSuspectExport + 1
	xs, total, err := s.st.AuditSuspectsPage(ctx, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if total > maxSuspectExport {
		s.badRequest(w, r, "导出行数过多，请按镇（街道）或状态筛选。")
		return
	}
	rows, err := s.suspectRows(ctx, xs)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	scope := pg.T("全部镇（街道）")
	if l.Town != "" {
		scope = l.Town
	}
	if l.State != "" {
		scope += " · " + pg.StateName(l.State)
	}
	if l.Search != "" {
		scope += " · " + pg.T("搜索") + " “" + l.Search + "”"
	}
	if l.Overdue {
		scope += " · " + pg.T("只看逾期")
	}
	doc := SuspectSheet{Title: pg.T("生存稽核疑点核实清单"), Unit: u.UnitName, Scope: scope + " · " + pg.P.Tf("导出日期 %s", s.now().Format("2006-01-02")),
		Rows: rows, FullID: u.Role == workflow.RoleAuditor, Day: pg.Day}
	var buf bytes.Buffer
	if err := writeSuspectSheet(&buf, pg, doc); err != nil {
		s.fail(w, r, err)
		return
	}
	name := fmt.Sprintf("疑点核实清单_%s.xlsx", s.now().Format("20060102"))
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"suspects.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Write(buf.Bytes())
}

// writeSuspectSheet writes the list: title, unit and scope, the header row
// (repeated on every printed page), the rows (amounts as numbers with
// separators), the total and the signature block; A4 landscape, fitted to
// the page width, with the print area set.
func writeSuspectSheet(w io.Writer, pg AuditPage, d SuspectSheet) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	head := []string{"编号", "镇（街道）", "姓名", "身份证号", "险种", "疑点类型", "比对方式", "可信度", "死亡日期", "多发月数", "多发金额（元）", "状态", "截止"}
	widths := []float64{8, 12, 9, 21, 6, 12, 16, 8, 11, 9, 14, 14, 11}
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
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(head))
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: titleStyle, Value: d.Title}}, excelize.RowOpts{Height: 26}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", []any{pg.T("单位") + "：" + d.Unit + "    " + d.Scope}); err != nil {
		return err
	}
	hs := make([]any, len(head))
	for i, h := range head {
		hs[i] = excelize.Cell{StyleID: headStyle, Value: pg.T(h)}
	}
	if err := sw.SetRow("A3", hs); err != nil {
		return err
	}
	var total int64
	row := make([]any, len(head))
	for i, x := range d.Rows {
		id := x.IDNumber
		if !d.FullID && id != "" {
			id = cnid.Mask(id)
		}
		due := ""
		if x.Due != 0 {
			due = d.Day(x.Due)
		}
		state := pg.StateName(x.State)
		if x.Overdue {
			state += "（" + pg.T("已逾期") + "）"
		}
		row[0] = excelize.Cell{StyleID: intStyle, Value: x.ID}
		row[1] = excelize.Cell{StyleID: textStyle, Value: x.Town}
		row[2] = excelize.Cell{StyleID: textStyle, Value: x.Name}
		row[3] = excelize.Cell{StyleID: textStyle, Value: id}
		row[4] = excelize.Cell{StyleID: textStyle, Value: x.Scheme}
		row[5] = excelize.Cell{StyleID: textStyle, Value: pg.Finding(x.Finding)}
		row[6] = excelize.Cell{StyleID: textStyle, Value: pg.Kind(x.Kind)}
		row[7] = excelize.Cell{StyleID: textStyle, Value: pg.Class(x.Confidence)}
		row[8] = excelize.Cell{StyleID: textStyle, Value: x.EventDate}
		row[9] = excelize.Cell{StyleID: intStyle, Value: x.OverpaidMonths}
		// fen → yuan: exact in decimal, and the cell shows two decimals
		row[10] = excelize.Cell{StyleID: numStyle, Value: yuanNumber(int64(x.Overpaid))}
		row[11] = excelize.Cell{StyleID: textStyle, Value: state}
		row[12] = excelize.Cell{StyleID: textStyle, Value: due}
		total += int64(x.Overpaid)
		ref, _ := excelize.CoordinatesToCellName(1, i+4)
		if err := sw.SetRow(ref, row); err != nil {
			return err
		}
	}
	n := len(d.Rows)
	ref, _ := excelize.CoordinatesToCellName(1, n+4)
	sum := make([]any, 11)
	sum[0] = excelize.Cell{StyleID: headStyle, Value: pg.T("合计")}
	sum[2] = pg.P.Tf("%d 人", n)
	sum[10] = excelize.Cell{StyleID: numStyle, Value: yuanNumber(total)}
	if err := sw.SetRow(ref, sum); err != nil {
		return err
	}
	sig := []string{pg.T("经办人（签字）："), "", "", pg.T("审核人（签字）："), "", "", pg.T("单位负责人（签字）："), "", "", pg.T("日期："), "", pg.T("（盖章）")}
	ref, _ = excelize.CoordinatesToCellName(1, n+6)
	cells := make([]any, len(sig))
	for i, v := range sig {
		cells[i] = v
	}
	if err := sw.SetRow(ref, cells, excelize.RowOpts{Height: 30}); err != nil {
		return err
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
	area := fmt.Sprintf("'%s'!$A$1:$%s$%d", sheet, last, n+6)
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: area, Scope: sheet}); err != nil {
		return err
	}
	return f.Write(w)
}

// yuanNumber is an amount in fen as a number of yuan for a cell: the
// float64 nearest to the exact decimal, which Excel prints back exactly
// with two decimals (amounts far below 2^53 fen).
func yuanNumber(fen int64) float64 { return float64(fen) / 100 }
