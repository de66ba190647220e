package web

import (
	"net/http"
	"net/url"
	"strconv"

	"jixiao/internal/audit"
	"jixiao/internal/money"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// ListPrintPage is a list as a printable official document: the same
// title, unit, scope, header, rows, total and signature block as its
// .xlsx (ListSheet), laid out for A4 landscape by the print style sheet;
// the browser's "print to PDF" makes the PDF.
type ListPrintPage struct {
	Page
	Doc    ListSheet
	Cells  [][]PrintCell
	Totals []PrintCell
	XLSX   string // the same list as .xlsx
	Sign   []string
}

// PrintCell is one cell as text, amounts and counts aligned right.
type PrintCell struct {
	Text string
	Num  bool
	Data bool // a name (of a person, town, unit, scheme): printed as it is
}

// dataHeads are the columns that hold names, not words of the page.
var dataHeads = map[string]bool{"镇（街道）": true, "姓名": true, "险种": true, "单位": true, "项目": true, "项目名称": true}

// maxPrint bounds a printed list; above it the page asks to filter.
const maxPrint = 5000

// showListPrint shows a ListSheet as a printable page.
func (s *Server) showListPrint(w http.ResponseWriter, r *http.Request, d ListSheet, xlsx string) {
	pg := ListPrintPage{Page: s.page(r, d.Title), Doc: d, XLSX: xlsx}
	if len(d.Rows) > maxPrint {
		s.badRequest(w, r, "打印行数过多，请按镇（街道）或状态筛选，或导出 Excel。")
		return
	}
	sums := make([]money.Fen, len(d.Head))
	amount := make([]bool, len(d.Head))
	for _, row := range d.Rows {
		cells := make([]PrintCell, len(row))
		for j, v := range row {
			switch v := v.(type) {
			case money.Fen:
				cells[j] = PrintCell{Text: v.Yuan(), Num: true}
				sums[j] += v
				amount[j] = true
			case int:
				cells[j] = PrintCell{Text: strconv.Itoa(v), Num: true}
			case int64:
				cells[j] = PrintCell{Text: strconv.FormatInt(v, 10), Num: true}
			case string:
				cells[j] = PrintCell{Text: v, Data: j < len(d.Head) && dataHeads[d.Head[j]]}
			}
		}
		pg.Cells = append(pg.Cells, cells)
	}
	pg.Totals = make([]PrintCell, len(d.Head))
	pg.Totals[0] = PrintCell{Text: pg.T("合计")}
	if d.CountCol > 0 && d.CountCol < len(d.Head) {
		pg.Totals[d.CountCol] = PrintCell{Text: pg.P.Tf(d.Unit1, len(d.Rows))}
	}
	for j := range sums {
		if amount[j] {
			pg.Totals[j] = PrintCell{Text: sums[j].Yuan(), Num: true}
		}
	}
	if d.Sign {
		for _, l := range signature {
			pg.Sign = append(pg.Sign, pg.T(l))
		}
	}
	s.show(w, r, "list_print.html", pg)
}

// stopList is a run's 停发名单 as a ListSheet: every suspect the city
// has issued for stopping (暂停 or 终止), with the town's confirmation;
// a town clerk's holds their own town, ID numbers masked.
func (s *Server) stopList(r *http.Request) (ListSheet, int64, error) {
	ctx := r.Context()
	u := currentUser(r)
	id, _ := pathID(r)
	run, err := s.st.AuditRun(ctx, id)
	if err != nil {
		return ListSheet{}, 0, err
	}
	town := stopListTown(r)
	xs, err := s.st.AuditSuspects(ctx, store.SuspectFilter{RunID: id, Town: town, State: "sent"})
	if err != nil {
		return ListSheet{}, 0, err
	}
	pg := AuditPage{Page: s.page(r, "停发名单"), FullID: u.Role == workflow.RoleAuditor}
	var rows [][]any
	for _, x := range xs {
		st := audit.SuspectState(x.State)
		if st != audit.StateSuspensionIssued && st != audit.StateStopped {
			continue
		}
		rows = append(rows, []any{int64(len(rows) + 1), x.Town, x.Name, pg.ID(x.IDNumber), x.Scheme, pg.SuspendAction(x.Action),
			x.EventDate, x.Monthly, x.OverpaidMonths, x.Overpaid, pg.StateName(x.State), strconv.FormatInt(x.ID, 10)})
	}
	scope := pg.P.Tf("稽核月份 %s", run.AsOf)
	if run.IssuedAt != 0 {
		scope += " · " + pg.P.Tf("下发日期 %s", pg.Day(run.IssuedAt))
	}
	return ListSheet{Title: pg.T("生存稽核停发名单"), Unit: u.UnitName, Scope: scope, Place: town,
		Head:   []string{"序号", "镇（街道）", "姓名", "身份证号", "险种", "处理", "死亡日期", "月待遇（元）", "多发月数", "多发金额（元）", "状态", "疑点编号"},
		Widths: []float64{6, 12, 9, 21, 8, 7, 11, 12, 9, 14, 14, 9}, Rows: rows, CountCol: 2, Unit1: "%d 人", Sign: true}, id, nil
}

// stopListTown is the town a stop list is asked for: a town clerk's own,
// whatever the URL says.
func stopListTown(r *http.Request) string {
	if u := currentUser(r); u.Role == workflow.RoleTownClerk {
		return u.UnitName
	}
	return r.FormValue("town")
}

// stopListPage shows a run's stop list to print, or sends it as .xlsx
// (?format=xlsx).
func (s *Server) stopListPage(w http.ResponseWriter, r *http.Request) {
	d, id, err := s.stopList(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.FormValue("format") == "xlsx" {
		s.sendListSheet(w, r, "stop-list", d.Title, d)
		return
	}
	xlsx := "/audit/runs/" + strconv.FormatInt(id, 10) + "/stoplist?format=xlsx"
	if t := stopListTown(r); t != "" {
		xlsx += "&town=" + url.QueryEscape(t)
	}
	s.showListPrint(w, r, d, xlsx)
}
