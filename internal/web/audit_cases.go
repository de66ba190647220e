package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"jixiao/internal/audit"
	"jixiao/internal/auditdb"
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

// AuditCasesPage lists the recovery cases with the three rates.
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
}

func (s *Server) auditCasesPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	town, ok := s.requireCaseScope(w, r)
	if !ok {
		return
	}
	pg := AuditCasesPage{AuditPage: s.auditPage(r, "追回案件"), Rate: r.FormValue("rate"), TimelyDays: auditdb.TimelyDays(ctx, s.st),
		CanEdit: currentUser(r).Role == workflow.RoleAuditor}
	pg.Year, _ = strconv.Atoi(r.FormValue("year"))
	all, err := s.st.AuditCases(ctx, store.CaseFilter{Town: town})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, c := range all {
		if y, _ := strconv.Atoi(c.Opened[:min(4, len(c.Opened))]); y > 0 && !slices.Contains(pg.Years, y) {
			pg.Years = append(pg.Years, y)
		}
	}
	rates, cs, err := auditdb.Rates(ctx, s.st, store.CaseFilter{Year: pg.Year, Town: town}, pg.TimelyDays)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg.Rates = rates
	var ids []string
	switch pg.Rate {
	case "recovery":
		ids = rates.Recovery.CaseIDs
	case "full":
		ids = rates.Full.CaseIDs
	case "timely":
		ids = rates.Timely.CaseIDs
	}
	for _, c := range cs {
		row := caseRow(c)
		row.Counted = slices.Contains(ids, strconv.FormatInt(c.ID, 10))
		pg.Due += c.Due
		pg.Recovered += min(row.Recovered, c.Due)
		pg.Cases = append(pg.Cases, row)
	}
	s.show(w, r, "audit_cases.html", pg)
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
}

func (s *Server) auditCasePage(w http.ResponseWriter, r *http.Request) {
	s.showCase(w, r, http.StatusOK, "")
}

func (s *Server) showCase(w http.ResponseWriter, r *http.Request, status int, formErr string) {
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
	pg := AuditCasePage{AuditPage: s.auditPage(r, "追回案件"), C: caseRow(c), FormError: formErr, Today: s.now().Format("2006-01-02")}
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
	on, ok := audit.ParseDate(strings.TrimSpace(r.PostFormValue("on")))
	if !ok {
		s.showCase(w, r, http.StatusUnprocessableEntity, "还款日期无效。")
		return
	}
	amt, err := money.ParseInput(strings.TrimSpace(r.PostFormValue("amount")))
	if err != nil || amt <= 0 {
		s.showCase(w, r, http.StatusUnprocessableEntity, "还款金额无效。")
		return
	}
	if strings.TrimSpace(r.PostFormValue("method")) == "" {
		s.showCase(w, r, http.StatusUnprocessableEntity, "请填写还款方式。")
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
	on, ok := audit.ParseDate(strings.TrimSpace(r.PostFormValue("on")))
	if !ok {
		on = audit.DateOf(s.now().Year(), int(s.now().Month()), s.now().Day())
	}
	err := auditdb.WriteOff(r.Context(), s.st, id, auditActor(currentUser(r)), r.PostFormValue("reason"), on, s.now())
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
