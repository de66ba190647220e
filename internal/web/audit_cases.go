package web

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"jixiao/internal/audit"
	"jixiao/internal/auditdb"
	"jixiao/internal/cal"
	"jixiao/internal/cnid"
	"jixiao/internal/eval"
	"jixiao/internal/money"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// CaseRow is a case with what the domain derives from it.
type CaseRow struct {
	store.AuditCase
	Status      string
	Recovered   money.Fen
	Outstanding money.Fen
	Days        int
	HasDays     bool
	Counted     bool // in the numerator of the rate asked for
}

func caseRow(c store.AuditCase) CaseRow {
	d := auditdb.DomainCase(c)
	row := CaseRow{AuditCase: c, Status: string(d.Status()), Recovered: d.Recovered(), Outstanding: d.Outstanding()}
	row.Days, row.HasDays = d.DaysToRecovery()
	return row
}

// AuditCasesPage lists the recovery cases with the three rates; the list
// is paged, searched, sorted and filtered by the URL (ListQuery).
type AuditCasesPage struct {
	AuditPage
	Year       int
	Years      []int
	Rate       string // recovery | full | timely: highlight its cases
	Rates      audit.Rates
	TimelyDays int
	Cases      []CaseRow
	Due        money.Fen
	Recovered  money.Fen
	CanEdit    bool
	List       ListQuery
	Statuses   []string
	Months     []CaseMonth // the year's rates month by month (case_months.go)
	Cells      []CaseCell  // the page's rows in words
}

// CaseCell is a case as the list's table shows it, every cell already in
// words (plain fields render faster than the template's method calls).
type CaseCell struct {
	ID                                         int64
	Counted                                    bool
	Name, IDNumber, Town, Scheme, Type, Opened string
	Due, Recovered, Outstanding, Status, Days  string
}

// caseCells writes the page's cases in its language, ID numbers as the
// reader may see them.
func (pg AuditCasesPage) caseCells() []CaseCell {
	out := make([]CaseCell, len(pg.Cases))
	for i, c := range pg.Cases {
		cell := CaseCell{ID: c.ID, Counted: c.Counted, Name: c.Name, IDNumber: pg.ID(c.IDNumber), Town: c.Town, Scheme: c.Scheme,
			Type: pg.CaseType(c.Type), Opened: c.Opened, Due: c.Due.Yuan(), Recovered: c.Recovered.Yuan(), Outstanding: c.Outstanding.Yuan(),
			Status: pg.CaseStatus(c.Status), Days: "—"}
		if c.HasDays {
			cell.Days = strconv.Itoa(c.Days)
		}
		out[i] = cell
	}
	return out
}

// caseSorts are the case list's orders: by opening date (the default),
// outstanding or due amount (largest first), name, town, days to recovery.
// The rows are read in the default order (store.AuditCases).
var caseSorts = map[string]func(a, b *CaseRow) int{
	"":            func(a, b *CaseRow) int { return cmp.Or(strings.Compare(a.Opened, b.Opened), cmp.Compare(a.ID, b.ID)) },
	"outstanding": func(a, b *CaseRow) int { return cmp.Compare(b.Outstanding, a.Outstanding) },
	"due":         func(a, b *CaseRow) int { return cmp.Compare(b.Due, a.Due) },
	"name":        func(a, b *CaseRow) int { return strings.Compare(a.Name, b.Name) },
	"town":        func(a, b *CaseRow) int { return strings.Compare(a.Town, b.Town) },
	"days":        func(a, b *CaseRow) int { return cmp.Compare(b.Days, a.Days) },
}

// SortNames are the case list's orders, in the page's language.
func (pg AuditCasesPage) SortNames() [][2]string {
	return [][2]string{{"", pg.T("立案日期")}, {"outstanding", pg.T("未追回金额从高到低")}, {"due", pg.T("应追回金额从高到低")},
		{"name", pg.T("姓名")}, {"town", pg.T("镇（街道）")}, {"days", pg.T("追回天数从多到少")}}
}

// caseList reads the case list the URL asks for: the year's rates over
// every case in scope, and the cases the search and filters keep, sorted
// (every one when perPage is 0, else the page's).
func (s *Server) caseList(r *http.Request, town string, perPage int) (AuditCasesPage, error) {
	ctx := r.Context()
	pg := AuditCasesPage{AuditPage: s.auditPage(r, "追回案件"), Rate: r.FormValue("rate"), TimelyDays: auditdb.TimelyDays(ctx, s.st),
		CanEdit:  currentUser(r).Role == workflow.RoleAuditor,
		Statuses: []string{string(audit.CaseOpen), string(audit.CasePartly), string(audit.CaseRecovered), string(audit.CaseWrittenOff)},
		List:     readList(r, "/audit/cases", perPage, slices.Collect(maps.Keys(caseSorts)), "year", "rate", "status", "town")}
	if town != "" {
		pg.List.Filters.Set("town", town) // a town's reader sees their own town only
	}
	pg.Year, _ = strconv.Atoi(r.FormValue("year"))
	cs, err := s.caseSetOf(ctx, town, pg.TimelyDays)
	if err != nil {
		return pg, err
	}
	pg.Years = slices.Clone(cs.years)
	cy := cs.year(pg.Year)
	pg.Rates, pg.Due, pg.Recovered, pg.Months = cy.rates, cy.due, cy.recovered, cy.months
	counted := cy.counted[pg.Rate]
	// the page: the year's cases the search and filters keep, in order
	from, to := pg.List.Offset(), pg.List.Offset()+perPage
	for _, i := range cs.order(pg.List.Sort) {
		row := &cs.rows[i]
		if pg.Year != 0 && caseYearOf(row.AuditCase) != pg.Year || !matchCase(pg.List, row) {
			continue
		}
		if perPage == 0 || pg.List.Total >= from && pg.List.Total < to {
			c := *row
			c.Counted = counted[c.ID]
			pg.Cases = append(pg.Cases, c)
		}
		pg.List.Total++
	}
	return pg, nil
}

// matchCase keeps a case the list's search and filters select: a part of
// the name or the end of the ID number, the status, the town.
func matchCase(l ListQuery, c *CaseRow) bool {
	if q := l.Search; q != "" && !strings.Contains(c.Name, q) && !strings.HasSuffix(strings.ToUpper(c.IDNumber), strings.ToUpper(q)) {
		return false
	}
	if st := l.Get("status"); st != "" && c.Status != st {
		return false
	}
	if t := l.Get("town"); t != "" && c.Town != t {
		return false
	}
	return true
}

func (s *Server) auditCasesPage(w http.ResponseWriter, r *http.Request) {
	town, ok := s.requireCaseScope(w, r)
	if !ok {
		return
	}
	pg, err := s.caseList(r, town, 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg.Cells = pg.caseCells()
	s.show(w, r, "audit_cases.html", pg)
}

// exportCases sends the filtered case list, every row, as .xlsx: the
// recovery-case ledger with its total and signature block.
func (s *Server) exportCases(w http.ResponseWriter, r *http.Request) {
	town, ok := s.requireCaseScope(w, r)
	if !ok {
		return
	}
	pg, err := s.caseList(r, town, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	full := currentUser(r).Role == workflow.RoleAuditor
	rows := make([][]any, len(pg.Cases))
	for i, c := range pg.Cases {
		id := c.IDNumber
		if !full {
			id = cnid.Mask(id)
		}
		days := "—"
		if c.HasDays {
			days = strconv.Itoa(c.Days)
		}
		rows[i] = []any{c.ID, c.Name, id, c.Town, c.Scheme, pg.CaseType(c.Type), c.Opened, c.Due, c.Recovered, c.Outstanding, pg.CaseStatus(c.Status), days}
	}
	scope := pg.T("全部年度")
	if pg.Year != 0 {
		scope = pg.P.Tf("%d 年立案", pg.Year)
	}
	if town != "" {
		scope += " · " + town
	}
	sheet := ListSheet{Title: pg.T("追回案件清单"), Unit: currentUser(r).UnitName, Scope: scope + " · " + pg.P.Tf("导出日期 %s", s.now().Format("2006-01-02")),
		Head:   []string{"编号", "姓名", "身份证号", "镇（街道）", "险种", "案件类型", "立案日期", "应追回（元）", "已追回（元）", "未追回（元）", "状态", "追回天数"},
		Widths: []float64{8, 9, 21, 12, 8, 10, 11, 14, 14, 14, 10, 9}, Rows: rows, CountCol: 1, Unit1: "%d 件", Sign: true}
	s.sendListSheet(w, r, "recovery-cases", pg.T("追回案件清单"), sheet)
}

// saveAuditSettings sets the days within which a recovery is timely.
func (s *Server) saveAuditSettings(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("timely_days")))
	if err != nil || n <= 0 || n > 3650 {
		s.showError(w, r, http.StatusUnprocessableEntity, "及时追回天数须为 1–3650 的整数。")
		return
	}
	if err := s.st.SetSetting(r.Context(), auditdb.SettingTimelyDays, strconv.Itoa(n)); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, "/audit/cases", s.page(r, "").T("已保存。"))
}

// AuditCasePage is one case: repayments, trail and the forms.
type AuditCasePage struct {
	AuditPage
	C         CaseRow
	Trail     []store.AuditEvent
	CanEdit   bool
	CanRevert bool // the leader may reverse the write-off
	FormError string
	Today     string
	// Errors are the refused fields of the repayment or write-off form
	// ("on", "amount", "method", "reason"), shown next to each; Form is
	// what was typed, kept.
	Errors map[string]string
	Form   map[string]string
}

func (s *Server) auditCasePage(w http.ResponseWriter, r *http.Request) {
	s.showCase(w, r, http.StatusOK, "")
}

// caseFieldError shows the case again with msg next to field of the form
// just sent, and what was typed kept.
func (s *Server) caseFieldError(w http.ResponseWriter, r *http.Request, field, msg string) {
	s.showCaseWith(w, r, http.StatusUnprocessableEntity, "", map[string]string{field: msg})
}

func (s *Server) showCase(w http.ResponseWriter, r *http.Request, status int, formErr string) {
	s.showCaseWith(w, r, status, formErr, nil)
}

func (s *Server) showCaseWith(w http.ResponseWriter, r *http.Request, status int, formErr string, errs map[string]string) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	ctx := r.Context()
	town, ok := s.requireCaseScope(w, r)
	if !ok {
		return
	}
	c, err := s.st.AuditCase(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if town != "" && c.Town != town {
		s.notFound(w, r) // another town's case
		return
	}
	u := currentUser(r)
	pg := AuditCasePage{AuditPage: s.auditPage(r, "追回案件"), C: caseRow(c), FormError: formErr, Today: s.now().Format("2006-01-02"), Errors: errs, Form: map[string]string{}}
	if errs != nil {
		for _, k := range []string{"on", "amount", "method", "reason"} {
			pg.Form[k] = r.PostFormValue(k)
		}
	}
	pg.FullID = u.Role == workflow.RoleAuditor
	st := audit.CaseStatus(pg.C.Status)
	pg.CanEdit = u.Role == workflow.RoleAuditor && st != audit.CaseRecovered && st != audit.CaseWrittenOff
	pg.CanRevert = st == audit.CaseWrittenOff && auditActor(u).Role == audit.RoleLeader
	if pg.Trail, err = s.st.AuditEvents(ctx, 0, id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "audit_case.html", "layout", pg)
}

func (s *Server) repayCase(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	on, ok := cal.ParseDate(strings.TrimSpace(r.PostFormValue("on")))
	if !ok {
		s.caseFieldError(w, r, "on", "还款日期无效。")
		return
	}
	amt, err := money.ParseInput(strings.TrimSpace(r.PostFormValue("amount")))
	if err != nil || amt <= 0 {
		s.caseFieldError(w, r, "amount", "还款金额无效。")
		return
	}
	if strings.TrimSpace(r.PostFormValue("method")) == "" {
		s.caseFieldError(w, r, "method", "请填写还款方式。")
		return
	}
	err = auditdb.Repay(r.Context(), s.st, id, auditActor(currentUser(r)), on, amt, r.PostFormValue("method"), s.now())
	s.caseDone(w, r, id, err, "已记录还款。")
}

// caseDone answers a step on a case: the page again with the domain's
// message when it refused the input (422), a refused step, or back to the
// case with flash.
func (s *Server) caseDone(w http.ResponseWriter, r *http.Request, id int64, err error, flash string) {
	if code, ok := auditUserError(err); ok && code == http.StatusUnprocessableEntity {
		s.showCase(w, r, code, err.Error())
		return
	}
	if err != nil {
		s.auditFail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/audit/cases/%d", id), s.page(r, "").T(flash))
}

func (s *Server) writeOffCase(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	on, ok := cal.ParseDate(strings.TrimSpace(r.PostFormValue("on")))
	if !ok {
		on = cal.DateOf(s.now().Year(), int(s.now().Month()), s.now().Day())
	}
	err := auditdb.WriteOff(r.Context(), s.st, id, auditActor(currentUser(r)), r.PostFormValue("reason"), on, s.now())
	if errors.Is(err, audit.ErrReason) { // the domain's refusal, next to the reason
		s.caseFieldError(w, r, "reason", err.Error())
		return
	}
	s.caseDone(w, r, id, err, "已核销。")
}

// reverseWriteOff undoes a write-off: the leader's step, with a reason.
func (s *Server) reverseWriteOff(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	if _, ok := s.requireCaseScope(w, r); !ok {
		return
	}
	err := auditdb.ReverseWriteOff(r.Context(), s.st, id, auditActor(currentUser(r)), r.PostFormValue("reason"), s.now())
	if errors.Is(err, audit.ErrReverseReason) {
		s.caseFieldError(w, r, "reason", err.Error())
		return
	}
	s.caseDone(w, r, id, err, "已撤销核销，案件恢复追讨。")
}

// RateHint offers a recovery rate computed from the cases as the actual
// value of a performance indicator of the same name.
type RateHint struct {
	Value string // "92.50%"
	Basis string // "3/5" cases, or "5,826.13/7,925.65" yuan for 追回率
	Link  string
	Label string // what it is computed from; "" = 按追回案件计算
	// LinkText names the link ("" = 查看案件, or 查看疑点 with a Label).
	LinkText string
	// Mismatch is set when the written actual disagrees with the computed
	// value (eval.CheckEvidence, the check evidence.mismatch).
	Mismatch bool
}

// rateHints returns, for the rows named 追回率, 足额追回率 or 及时追回率, the
// value computed from the cases opened in the project's year.
func (s *Server) rateHints(ctx context.Context, year int, rows []EvalRow) {
	which := map[int]string{}
	for i, row := range rows {
		switch eval.Normalize(row.Ind.Level3) {
		case "追回率":
			which[i] = "recovery"
		case "足额追回率":
			which[i] = "full"
		case "及时追回率":
			which[i] = "timely"
		}
	}
	s.auditIndicatorHints(ctx, year, rows) // audit_memory.go
	s.payIndicatorHints(ctx, year, rows)   // pay_hints.go
	if len(which) == 0 {
		return
	}
	rates, _, err := auditdb.Rates(ctx, s.st, store.CaseFilter{Year: year}, auditdb.TimelyDays(ctx, s.st))
	if err != nil {
		s.log.Error("recovery rates", "err", err)
		return
	}
	for i, k := range which {
		rt := map[string]audit.Rate{"recovery": rates.Recovery, "full": rates.Full, "timely": rates.Timely}[k]
		if !rt.OK {
			continue
		}
		basis := fmt.Sprintf("%d/%d", rt.Num, rt.Den)
		if k == "recovery" {
			basis = group(money.Fen(rt.Num).String()) + "/" + group(money.Fen(rt.Den).String())
		}
		rows[i].Hint = &RateHint{Value: rt.Percent(), Basis: basis, Link: fmt.Sprintf("/audit/cases?year=%d&rate=%s", year, k)}
	}
}
