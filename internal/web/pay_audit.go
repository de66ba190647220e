package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"jixiao/internal/cal"
	"jixiao/internal/money"
	"jixiao/internal/paydb"
	"jixiao/internal/payroll"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// What a pay run hands on: its overpayments to the recovery cases (多领,
// paydb.OpenCases), its closed and frozen bank accounts to the survival
// audit as possible deaths (paydb.SendPossibleDeaths), and its 追回 and 补发
// lists as official documents (.xlsx) — a town clerk's of their own town.

// payAuditRoutes are those steps.
func (s *Server) payAuditRoutes() []route {
	return []route{
		{Pattern: "POST /pay/runs/{id}/cases", Handler: s.openPayCases, Roles: []workflow.Role{auditor}},
		{Pattern: "POST /pay/runs/{id}/deaths", Handler: s.sendPayDeaths, Roles: []workflow.Role{auditor}},
		{Pattern: "GET /pay/runs/{id}/list", Handler: s.payList, Roles: caseReaders},
		{Pattern: "POST /projects/{id}/money/from-pay", Handler: s.fillMoneyFromPay, Roles: []workflow.Role{filer}}, // project_paymoney.go
		{Pattern: "POST /projects/{id}/evidence-name", Handler: s.setEvidenceName, Roles: []workflow.Role{filer}},   // evidence.go
	}
}

// payRunOf reads the run named in the URL, answering 404 for a malformed
// or unknown one.
func (s *Server) payRunOf(w http.ResponseWriter, r *http.Request) (store.PayRun, bool) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return store.PayRun{}, false
	}
	run, err := s.st.PayRun(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return run, false
	}
	if err != nil {
		s.fail(w, r, err)
		return run, false
	}
	return run, true
}

// openPayCases opens a 多领 case for each overpayment of the run without
// one (or for the finding posted as finding).
func (s *Server) openPayCases(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.requireCaseScope(w, r); !ok {
		return
	}
	run, ok := s.payRunOf(w, r)
	if !ok {
		return
	}
	fid, _ := strconv.ParseInt(r.PostFormValue("finding"), 10, 64)
	now := s.now()
	n, err := paydb.OpenCases(r.Context(), s.st, run.ID, fid, auditActor(currentUser(r)), cal.DateOf(now.Year(), int(now.Month()), now.Day()), now)
	back := fmt.Sprintf("/pay/runs/%d", run.ID)
	if errors.Is(err, paydb.ErrNoOverpayment) {
		redirect(w, r, back, s.page(r, "").T("没有尚未立案的多发。"))
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, back+"#pay-handover", s.page(r, "").P.Tf("已立追回案件（多领）%d 件。", n))
}

// sendPayDeaths sends the run's closed and frozen accounts to the towns
// as possible deaths, and opens the audit run.
func (s *Server) sendPayDeaths(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.requireCaseScope(w, r); !ok {
		return
	}
	run, ok := s.payRunOf(w, r)
	if !ok {
		return
	}
	aid, n, err := paydb.SendPossibleDeaths(r.Context(), s.st, run.ID, auditActor(currentUser(r)), s.now())
	back := fmt.Sprintf("/pay/runs/%d", run.ID)
	switch {
	case errors.Is(err, paydb.ErrDeathsSent):
		redirect(w, r, back, s.page(r, "").T("已转生存稽核。"))
		return
	case errors.Is(err, paydb.ErrNoDeaths):
		redirect(w, r, back, s.page(r, "").T("本批次没有销户或冻结的账户。"))
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/audit/runs/%d", aid), s.page(r, "").P.Tf("已将 %d 个销户或冻结账户的领取人下发各镇核实。", n))
}

// payList sends a run's 追回名单（多领） (?kind=recover), 补发名单
// (?kind=backpay) or 回盘失败重新发放名单 (?kind=reissue) as an .xlsx list;
// a town clerk's holds their own town, IDs masked.
func (s *Server) payList(w http.ResponseWriter, r *http.Request) {
	pp, ok := s.payPage(w, r, "")
	if !ok {
		return
	}
	run, ok := s.payRunOf(w, r)
	if !ok {
		return
	}
	if r.FormValue("kind") == "reissue" {
		s.payReissueList(w, r, pp, run)
		return
	}
	recover := r.FormValue("kind") == "recover"
	if !recover && r.FormValue("kind") != "backpay" {
		s.notFound(w, r)
		return
	}
	fs, err := s.st.PayFindings(r.Context(), store.PayFindingFilter{RunID: run.ID, Town: pp.Town, Limit: 1 << 30})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cases := map[int64]int64{}
	if recover {
		if cases, err = s.st.PayRunCases(r.Context(), run.ID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	var rows [][]any
	for _, f := range fs {
		k, ok := payroll.KindByName(f.Kind)
		if !ok || k.Overpayment() != recover {
			continue
		}
		amount := f.Difference()
		if !recover {
			amount = -amount
		}
		row := []any{int64(len(rows) + 1), f.Town, f.Name, pp.ID(f.IDNumber), f.Scheme, pp.KindName(f.Kind), f.Months,
			money.Fen(f.Expected), money.Fen(f.Paid), money.Fen(amount)}
		if recover {
			c := ""
			if id := cases[f.ID]; id != 0 {
				c = "#" + strconv.FormatInt(id, 10)
			}
			row = append(row, c)
		}
		rows = append(rows, row)
	}
	title, ascii := pp.T("补发名单"), "backpay-list"
	head := []string{"序号", "镇（街道）", "姓名", "身份证号", "险种", "问题类型", "月份", "应发（元）", "实发（元）", "应补发（元）"}
	widths := []float64{6, 12, 9, 21, 8, 16, 22, 12, 12, 12}
	if recover {
		title, ascii = pp.T("追回名单（多领）"), "recovery-list"
		head[9] = "应追回（元）"
		head, widths = append(head, "追回案件"), append(widths, 9)
	}
	scope := pp.P.Tf("发放核对批次 #%d", run.ID) + " · " + run.From
	if run.To != run.From {
		scope += "–" + run.To
	}
	if pp.Town != "" {
		scope += " · " + pp.Town
	}
	s.sendListSheet(w, r, ascii, title, ListSheet{Title: title, Unit: currentUser(r).UnitName, Scope: scope, Head: head, Widths: widths,
		Rows: rows, CountCol: 2, Unit1: "%d 人", Sign: true})
}

// PayHandover is what the run page says of the hand-over: how many
// overpayment findings became cases, and the audit run of the possible
// deaths.
type PayHandover struct {
	Overpayments, Cased int   // findings of an overpayment kind; of them with a case
	Deaths              int   // people with a closed or frozen account
	AuditRun            int64 // the audit run they were sent as; 0 = not sent
}

func (s *Server) payHandover(r *http.Request, run store.PayRun, counts []store.PayCount, d store.PayRunData) (PayHandover, error) {
	var h PayHandover
	for _, c := range counts {
		if k, ok := payroll.KindByName(c.Kind); ok && k.Overpayment() {
			h.Overpayments += c.People
		}
	}
	cases, err := s.st.PayRunCases(r.Context(), run.ID)
	if err != nil {
		return h, err
	}
	h.Cased = len(cases)
	h.Deaths = len(paydb.PossibleDeaths(d))
	h.AuditRun, err = s.st.PayRunAuditRun(r.Context(), run.ID)
	return h, err
}

// payReissueList is the payments the bank returned as failed, to pay
// again once the account is put right; closed and frozen accounts say so.
func (s *Server) payReissueList(w http.ResponseWriter, r *http.Request, pp PayPage, run store.PayRun) {
	d, err := s.st.PayRunRows(r.Context(), run.ID, pp.Town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var rows [][]any
	for _, f := range d.Failed {
		rows = append(rows, []any{int64(len(rows) + 1), f.Town, f.Name, pp.ID(f.IDNumber), f.Month, money.Fen(f.Amount), f.Reason, pp.FailName(f.Class)})
	}
	title := pp.T("回盘失败重新发放名单")
	scope := pp.P.Tf("发放核对批次 #%d", run.ID) + " · " + run.From
	if run.To != run.From {
		scope += "–" + run.To
	}
	if pp.Town != "" {
		scope += " · " + pp.Town
	}
	s.sendListSheet(w, r, "reissue-list", title, ListSheet{Title: title, Unit: currentUser(r).UnitName, Scope: scope,
		Head:   []string{"序号", "镇（街道）", "姓名", "身份证号", "月份", "金额（元）", "失败原因", "分类"},
		Widths: []float64{6, 12, 9, 21, 9, 12, 18, 14}, Rows: rows, CountCol: 2, Unit1: "%d 笔", Sign: true})
}

// PayYear is a year's indicators computed from the checks: each checked
// month's, and the year's (Σ numerators ÷ Σ denominators, paydb.YearEvidence).
type PayYear struct {
	Year   int
	Names  []string
	Months []PayYearRow
	Total  PayYearRow
}

// PayYearRow is one month's (or the year's) values by indicator name.
type PayYearRow struct {
	Month  string
	RunID  int64
	Values map[string]string // "99.47% (1912/1922)"
}

func (s *Server) payYear(r *http.Request, runs []store.PayRun) (*PayYear, error) {
	year, _ := strconv.Atoi(r.FormValue("year"))
	if year < 1990 || year > 2200 {
		m, _ := cal.ParseMonth(runs[0].To)
		year = m.Year()
	}
	ms, err := paydb.MonthsEvidence(r.Context(), s.st, year)
	if err != nil {
		return nil, err
	}
	ye, err := paydb.YearEvidence(r.Context(), s.st, year)
	if err != nil {
		return nil, err
	}
	py := &PayYear{Year: year, Total: PayYearRow{Values: map[string]string{}}}
	seen := map[string]bool{}
	name := func(n string) {
		if !seen[n] {
			seen[n] = true
			py.Names = append(py.Names, n)
		}
	}
	for _, e := range ye {
		name(e.Indicator)
		py.Total.Values[e.Indicator] = fmt.Sprintf("%s (%d/%d)", e.Percent(), e.Num, e.Den)
	}
	for _, m := range ms {
		row := PayYearRow{Month: m.Month.String(), RunID: m.RunID, Values: map[string]string{}}
		for _, e := range m.Ev {
			name(e.Indicator)
			row.Values[e.Indicator] = fmt.Sprintf("%s (%d/%d)", e.Percent(), e.Num, e.Den)
		}
		py.Months = append(py.Months, row)
	}
	if len(py.Names) == 0 {
		return nil, nil
	}
	return py, nil
}
