package web

import (
	"io"
	"net/http"
	"strings"

	"jixiao/internal/cnid"
	"jixiao/internal/workflow"
)

// SuspectSheet is the suspect list as an official document: a title, the
// unit, the month or filter it covers, the rows and a signature block.
type SuspectSheet struct {
	Title, Unit, Scope string
	Place              string // the town, "" for all
	Rows               []SuspectRow
	FullID             bool // the auditor's copy; masked otherwise
	Day                func(int64) string
}

// maxSuspectExport bounds one export; above it the page asks to filter.
const maxSuspectExport = 200_000

// exportSuspects sends the whole filtered suspect list as .xlsx.
func (s *Server) exportSuspects(w http.ResponseWriter, r *http.Request) {
	d, ok := s.suspectSheet(w, r, maxSuspectExport, "导出行数过多，请按镇（街道）或状态筛选。")
	if ok {
		s.sendListSheet(w, r, "suspects", d.Title, d)
	}
}

// printSuspects shows the filtered suspect list to print (A4 landscape,
// signature block), up to maxPrint rows.
func (s *Server) printSuspects(w http.ResponseWriter, r *http.Request) {
	l := readSuspectList(r, currentUser(r))
	d, ok := s.suspectSheet(w, r, maxPrint, "打印行数过多，请按镇（街道）或状态筛选，或导出 Excel。")
	if ok {
		s.showListPrint(w, r, d, l.ExportLink())
	}
}

// suspectSheet is the whole filtered suspect list as an official document,
// or a refusal when it holds more than limit rows.
func (s *Server) suspectSheet(w http.ResponseWriter, r *http.Request, limit int, tooMany string) (ListSheet, bool) {
	ctx := r.Context()
	u := currentUser(r)
	l := readSuspectList(r, u)
	pg := s.auditPage(r, "疑点核实清单")
	q := l.query(s.now(), 0)
	q.Limit = limit + 1
	xs, total, err := s.st.AuditSuspectsPage(ctx, q)
	if err != nil {
		s.fail(w, r, err)
		return ListSheet{}, false
	}
	if total > limit {
		s.badRequest(w, r, tooMany)
		return ListSheet{}, false
	}
	rows, err := s.suspectRows(ctx, xs)
	if err != nil {
		s.fail(w, r, err)
		return ListSheet{}, false
	}
	var parts []string
	if l.Town == "" {
		parts = append(parts, pg.T("全部镇（街道）"))
	}
	if l.State != "" {
		parts = append(parts, pg.StateName(l.State))
	}
	if l.Search != "" {
		parts = append(parts, pg.T("搜索")+" “"+l.Search+"”")
	}
	if l.Overdue {
		parts = append(parts, pg.T("只看逾期"))
	}
	scope := strings.Join(append(parts, pg.P.Tf("导出日期 %s", s.now().Format("2006-01-02"))), " · ")
	doc := SuspectSheet{Title: pg.T("生存稽核疑点核实清单"), Unit: u.UnitName, Scope: scope, Place: l.Town,
		Rows: rows, FullID: u.Role == workflow.RoleAuditor, Day: pg.Day}
	return suspectListSheet(pg, doc), true
}

// writeSuspectSheet writes the suspect list as .xlsx.
func writeSuspectSheet(w io.Writer, pg AuditPage, d SuspectSheet) error {
	return writeListSheet(w, pg.Page, suspectListSheet(pg, d))
}

// suspectListSheet is the suspect list (or the stop list) as a ListSheet.
func suspectListSheet(pg AuditPage, d SuspectSheet) ListSheet {
	head := []string{"编号", "镇（街道）", "姓名", "身份证号", "险种", "疑点类型", "比对方式", "可信度", "死亡日期", "多发月数", "多发金额（元）", "状态", "截止"}
	rows := make([][]any, len(d.Rows))
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
		if x.Action != "" {
			state += " · " + pg.SuspendAction(x.Action)
		}
		if x.Overdue {
			state += pg.P.Tf("（%s）", pg.T("已逾期"))
		}
		rows[i] = []any{x.ID, x.Town, x.Name, id, x.Scheme, pg.Finding(x.Finding), pg.Kind(x.Kind), pg.Class(x.Confidence), x.EventDate,
			x.OverpaidMonths, x.Overpaid, state, due}
	}
	return ListSheet{Title: d.Title, Unit: d.Unit, Scope: d.Scope, Place: d.Place, Head: head,
		Widths: []float64{8, 12, 9, 21, 6, 12, 16, 8, 11, 9, 14, 14, 11}, Rows: rows, CountCol: 2, Unit1: "%d 人", Sign: true}
}

// yuanNumber is an amount in fen as a number of yuan for a cell: the
// float64 nearest to the exact decimal, which Excel prints back exactly
// with two decimals (amounts far below 2^53 fen).
func yuanNumber(fen int64) float64 { return float64(fen) / 100 }
