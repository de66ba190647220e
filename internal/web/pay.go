package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"jixiao/internal/audit"
	"jixiao/internal/benefit"
	"jixiao/internal/cal"
	"jixiao/internal/eval"
	"jixiao/internal/money"
	"jixiao/internal/paydb"
	"jixiao/internal/payroll"
	"jixiao/internal/payrun"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// The monthly benefit cycle (待遇发放核对): a month's payroll and bank
// returns uploaded and checked (internal/paydb), the findings by town and
// kind with drill-down, the fund request to download, and the money
// received against it. Who sees what follows the recovery cases
// (audit_scope.go): the auditor runs the checks and sees full ID numbers;
// a town clerk sees their own town's findings, failed payments and shared
// accounts only, IDs masked, and no city totals; the people of the center
// and the units above it read everything, IDs masked.

// payRoutes are the pages of the monthly cycle.
func (s *Server) payRoutes() []route {
	return []route{
		{Pattern: "GET /pay", Handler: s.payRunsPage, Roles: caseReaders},
		{Pattern: "POST /pay", Handler: s.createPayRun, Roles: []workflow.Role{auditor}},
		{Pattern: "GET /pay/runs/{id}", Handler: s.payRunPage, Roles: caseReaders},
		{Pattern: "GET /pay/runs/{id}/fund", Handler: s.downloadFund, Roles: caseReaders},
		{Pattern: "GET /pay/funds", Handler: s.payFundsPage, Roles: caseReaders},
		{Pattern: "POST /pay/receipts", Handler: s.addPayReceipt, Roles: []workflow.Role{auditor, filer}},
	}
}

// MaxPayUpload bounds one check's uploaded files together.
const MaxPayUpload = 1 << 30

// PayPage is the base of the pay pages.
type PayPage struct {
	AuditPage
	Town string // a town clerk's town; "" = every town
}

// KindName names a finding kind (overpaid …) in the page's language.
func (pg PayPage) KindName(k string) string {
	if kind, ok := payroll.KindByName(k); ok {
		return pg.T(kind.LabelZH())
	}
	return k
}

// FailName names a bank failure class.
func (pg PayPage) FailName(c string) string { return pg.T(payroll.FailureClass(c).LabelZH()) }

// Yuan shows fen as yuan with separators.
func (pg PayPage) Yuan(fen int64) string { return group(money.Fen(fen).String()) }

// Rate shows num ÷ den as a percentage ("99.64%"), or "—".
func (pg PayPage) Rate(num, den int64) string {
	bp, ok := money.RatioBP(money.Fen(num), money.Fen(den))
	return audit.Rate{Num: num, Den: den, BP: bp, OK: ok}.Percent()
}

func (s *Server) payPage(w http.ResponseWriter, r *http.Request, title string) (PayPage, bool) {
	town, ok := s.requireCaseScope(w, r)
	if !ok {
		return PayPage{}, false
	}
	pg := PayPage{AuditPage: s.auditPage(r, title), Town: town}
	pg.FullID = currentUser(r).Role == workflow.RoleAuditor
	return pg, true
}

// PayRunsPage lists the checks and offers a new one.
type PayRunsPage struct {
	PayPage
	Runs      []store.PayRun
	FormError string
	Month     string
	// Year's indicators month by month and for the year (pay_audit.go).
	Year *PayYear
}

func (s *Server) payRunsPage(w http.ResponseWriter, r *http.Request) {
	s.showPayRuns(w, r, http.StatusOK, "")
}

func (s *Server) showPayRuns(w http.ResponseWriter, r *http.Request, status int, formErr string) {
	pp, ok := s.payPage(w, r, "待遇发放核对")
	if !ok {
		return
	}
	pg := PayRunsPage{PayPage: pp, FormError: formErr, Month: r.FormValue("month")}
	var err error
	if pg.Runs, err = s.st.PayRuns(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	if pg.Town == "" && len(pg.Runs) > 0 {
		if pg.Year, err = s.payYear(r, pg.Runs); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, status, "pay_runs.html", "layout", pg)
}

// createPayRun checks a month (or a year) on uploaded files, or on
// generated demo data, and stores the run.
func (s *Server) createPayRun(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxPayUpload)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			s.showPayRuns(w, r, http.StatusRequestEntityTooLarge, "上传文件过大或格式有误。")
			return
		}
		defer r.MultipartForm.RemoveAll()
	}
	from, to, ok := payPeriod(strings.TrimSpace(r.FormValue("month")))
	if !ok {
		s.showPayRuns(w, r, http.StatusUnprocessableEntity, "请填写核对月份（YYYY-MM）或年度（YYYY）。")
		return
	}
	dir, err := os.MkdirTemp("", "jixiao-pay-")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer os.RemoveAll(dir)
	var in paydb.Input
	if r.FormValue("source") == "demo" {
		n, _ := strconv.Atoi(r.FormValue("recipients"))
		if in, err = paydb.Demo(dir, to, min(max(n, 500), 50000)); err != nil {
			s.fail(w, r, err)
			return
		}
		in.From = from
	} else {
		in = paydb.Input{Source: "upload", From: from, To: to, Names: map[string]string{}}
		rules := strings.TrimSpace(r.FormValue("rules"))
		if _, ok := benefit.Builtin(rules); !ok {
			s.showPayRuns(w, r, http.StatusUnprocessableEntity, "请选择待遇规则。")
			return
		}
		in.Rules = rules
		var msg string
		if in.Rolls, msg = saveUploads(r, dir, "roll", in.Names); msg == "" {
			if in.Payrolls, msg = saveUploads(r, dir, "payroll", in.Names); msg == "" {
				in.Returns, msg = saveUploads(r, dir, "returns", in.Names)
			}
		}
		if msg == "" && (len(in.Rolls) == 0 || len(in.Payrolls) == 0) {
			msg = "须上传待遇发放名册和发放明细。"
		}
		if msg != "" {
			s.showPayRuns(w, r, http.StatusUnprocessableEntity, msg)
			return
		}
	}
	for _, d := range []struct {
		field string
		dst   *cal.Date
	}{{"sent_on", &in.SentOn}, {"due_on", &in.DueOn}} {
		if v := strings.TrimSpace(r.FormValue(d.field)); v != "" {
			if *d.dst, ok = cal.ParseDate(v); !ok {
				s.showPayRuns(w, r, http.StatusUnprocessableEntity, "发放日期和应发放日期应为 YYYY-MM-DD。")
				return
			}
		}
	}
	in.By = currentUser(r).ID
	id, run, err := paydb.Execute(r.Context(), s.st, in)
	if err != nil {
		var ie *paydb.InputError
		if errors.As(err, &ie) {
			s.showPayRuns(w, r, http.StatusUnprocessableEntity, err.Error())
			return
		}
		s.fail(w, r, err)
		return
	}
	res := run.Result
	redirect(w, r, fmt.Sprintf("/pay/runs/%d", id), s.page(r, "").P.Tf("核对完成：读取 %d 行，有问题 %d 行，无法核对 %d 行。",
		res.Read, res.FindingRows, res.Unverified))
}

// payPeriod reads YYYY-MM (a month) or YYYY (a year).
func payPeriod(v string) (from, to cal.Month, ok bool) {
	if m, ok := cal.ParseMonth(v); ok {
		return m, m, true
	}
	if y, err := strconv.Atoi(v); err == nil && y >= 1990 && y <= 2200 {
		return cal.MonthOf(y, 1), cal.MonthOf(y, 12), true
	}
	return 0, 0, false
}

// PayRunPage is one check: the figures, findings by town and kind, the
// drill-down list, failed payments, shared accounts, the fund request.
type PayRunPage struct {
	PayPage
	Run          store.PayRun
	Towns        []PayTownRow
	Kinds        []string
	KindTotals   map[string]store.PayCount
	Total        store.PayCount
	Findings     []store.PayFinding
	More         bool // the list was cut at its limit
	SelTown      string
	SelKind      string
	Data         store.PayRunData
	Fund         *payroll.FundRequest
	Indicators   []eval.Evidence
	Over, Under  int64 // to recover (多领) and to back-pay (补发), fen
	PayoutRate   string
	PossibleDead int
	Handover     PayHandover // pay_audit.go
}

// PayTownRow is one town's findings by kind.
type PayTownRow struct {
	Town   string
	ByKind map[string]store.PayCount
	Total  store.PayCount
}

// Count returns a town's count of one kind (templates cannot index by a
// computed key in a nested map easily).
func (t PayTownRow) Count(kind string) store.PayCount { return t.ByKind[kind] }

const payFindingLimit = 2000

func (s *Server) payRunPage(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	pp, ok := s.payPage(w, r, "待遇发放核对")
	if !ok {
		return
	}
	ctx := r.Context()
	run, err := s.st.PayRun(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := PayRunPage{PayPage: pp, Run: run, SelTown: r.FormValue("town"), SelKind: r.FormValue("kind"), KindTotals: map[string]store.PayCount{}}
	if pg.Town != "" {
		pg.SelTown = pg.Town // a clerk reads their own town only
	}
	counts, err := s.st.PayCounts(ctx, id, pg.Town)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, k := range payroll.Kinds() {
		pg.Kinds = append(pg.Kinds, k.String())
	}
	idx := map[string]int{}
	for _, c := range counts {
		i, ok := idx[c.Town]
		if !ok {
			i = len(pg.Towns)
			idx[c.Town] = i
			pg.Towns = append(pg.Towns, PayTownRow{Town: c.Town, ByKind: map[string]store.PayCount{}})
		}
		t := &pg.Towns[i]
		t.ByKind[c.Kind] = c
		t.Total = addCount(t.Total, c)
		pg.KindTotals[c.Kind] = addCount(pg.KindTotals[c.Kind], c)
		pg.Total = addCount(pg.Total, c)
		if k, ok := payroll.KindByName(c.Kind); ok && k.Overpayment() {
			pg.Over += c.Difference
		} else {
			pg.Under -= c.Difference
		}
	}
	if pg.SelTown != "" || pg.SelKind != "" {
		fs, err := s.st.PayFindings(ctx, store.PayFindingFilter{RunID: id, Town: pg.SelTown, Kind: pg.SelKind, Limit: payFindingLimit + 1})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(fs) > payFindingLimit {
			fs, pg.More = fs[:payFindingLimit], true
		}
		pg.Findings = fs
	}
	if pg.Data, err = s.st.PayRunRows(ctx, id, pg.Town); err != nil {
		s.fail(w, r, err)
		return
	}
	if pg.Handover, err = s.payHandover(r, run, counts, pg.Data); err != nil {
		s.fail(w, r, err)
		return
	}
	pg.PossibleDead = pg.Handover.Deaths
	if pg.Town == "" { // the city's figures: not a clerk's
		if pg.Fund, err = paydb.Fund(run); err == nil {
			pg.Indicators, err = paydb.Evidence(run)
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if run.HasReturns {
			pg.PayoutRate = pg.Rate(run.RetPaid, run.RetDue)
		}
	} else {
		pg.Data.Unverifiable = nil // file lines of the whole city
	}
	s.show(w, r, "pay_run.html", pg)
}

func addCount(a, b store.PayCount) store.PayCount {
	a.People += b.People
	a.Rows += b.Rows
	a.Difference += b.Difference
	return a
}

// downloadFund hands out a run's fund request as .xlsx or .docx
// (?format=docx), for the center and the units above it.
func (s *Server) downloadFund(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	pp, ok := s.payPage(w, r, "")
	if !ok {
		return
	}
	if pp.Town != "" {
		s.notFound(w, r)
		return
	}
	run, err := s.st.PayRun(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fr, err := paydb.Fund(run)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rules, err := payrun.LoadRules(run.Rules)
	if fr == nil || err != nil {
		s.notFound(w, r)
		return
	}
	var buf bytes.Buffer
	ext, ctype := "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	if r.FormValue("format") == "docx" {
		ext, ctype = "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		err = payrun.WriteFundDOCX(&buf, fr, rules, currentUser(r).UnitName)
	} else {
		err = payrun.WriteFundXLSX(&buf, fr, rules)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := fmt.Sprintf("资金申请_%s.%s", fr.Month, ext)
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"fund-request-%s.%s\"; filename*=UTF-8''%s", fr.Month, ext, url.PathEscape(name)))
	w.Write(buf.Bytes())
}

// PayFundsPage is a month's fund request against the money received.
type PayFundsPage struct {
	PayPage
	Funds     paydb.MonthFunds
	Year      []paydb.MonthFunds // the months of the month's year, then the year (Month 0)
	Month     string
	Sources   []string
	FormError string
	CanRecord bool
}

func (s *Server) payFundsPage(w http.ResponseWriter, r *http.Request) {
	s.showPayFunds(w, r, http.StatusOK, "")
}

func (s *Server) showPayFunds(w http.ResponseWriter, r *http.Request, status int, formErr string) {
	pp, ok := s.payPage(w, r, "资金到位")
	if !ok {
		return
	}
	if pp.Town != "" { // the city's money, not a town's
		s.notFound(w, r)
		return
	}
	m, ok := cal.ParseMonth(strings.TrimSpace(r.FormValue("month")))
	if !ok {
		m = cal.MonthOf(s.now().Year(), int(s.now().Month()))
	}
	mf, err := paydb.Funds(r.Context(), s.st, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	year, err := paydb.YearFunds(r.Context(), s.st, m.Year())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := currentUser(r)
	pg := PayFundsPage{PayPage: pp, Funds: mf, Year: year, Month: m.String(), Sources: paydb.FinanceSources, FormError: formErr,
		CanRecord: u.Role == workflow.RoleAuditor || u.Role == workflow.RoleFiler}
	s.render(w, r, status, "pay_funds.html", "layout", pg)
}

// addPayReceipt records money received against a month's request.
func (s *Server) addPayReceipt(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.requireCaseScope(w, r); !ok {
		return
	}
	m, ok := cal.ParseMonth(strings.TrimSpace(r.PostFormValue("month")))
	src := strings.TrimSpace(r.PostFormValue("source"))
	amt, err := money.ParseYuan(strings.TrimSpace(r.PostFormValue("amount")))
	on, okOn := cal.ParseDate(strings.TrimSpace(r.PostFormValue("received_on")))
	switch {
	case !ok:
		s.showPayFunds(w, r, http.StatusUnprocessableEntity, "请填写申请月份（YYYY-MM）。")
		return
	case src == "" || len([]rune(src)) > 20:
		s.showPayFunds(w, r, http.StatusUnprocessableEntity, "请选择资金来源。")
		return
	case err != nil || amt <= 0:
		s.showPayFunds(w, r, http.StatusUnprocessableEntity, "到位金额应为大于零的元金额。")
		return
	case !okOn:
		s.showPayFunds(w, r, http.StatusUnprocessableEntity, "到账日期应为 YYYY-MM-DD。")
		return
	}
	if _, err := s.st.AddPayReceipt(r.Context(), store.PayReceipt{Month: m.String(), Source: src, Amount: int64(amt),
		ReceivedOn: on.String(), Note: strings.TrimSpace(r.PostFormValue("note")), CreatedBy: currentUser(r).ID}); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, "/pay/funds?month="+m.String(), s.page(r, "").T("已登记资金到位。"))
}
