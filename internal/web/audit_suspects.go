package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"jixiao/internal/audit"
	"jixiao/internal/auditdb"
	"jixiao/internal/cal"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// SuspectRow is a suspect with its due date.
type SuspectRow struct {
	store.AuditSuspect
	Due     int64
	Overdue bool
}

// AuditSuspectsPage lists sent suspects: a town clerk's own town, or any
// town for the auditor; paged, searched, sorted and filtered by the URL's
// query (suspect_list.go).
type AuditSuspectsPage struct {
	AuditPage
	Town     string
	State    string
	States   []string
	Suspects []SuspectRow
	Cells    []SuspectCell // the table's rows in words
	Bulk     bool          // a town clerk's page with suspects to reply to: boxes and the bulk reply form
	OverdueN int
	IsClerk  bool
	List     SuspectList
	// StopLists are the runs whose stop list holds the clerk's town:
	// links to print it (their own town's only, list_print.go).
	StopLists []store.TownStopList
}

// dueOf returns the date a suspect's next step is due, 0 if none.
func dueOf(run store.AuditRun, x store.AuditSuspect) int64 {
	switch audit.SuspectState(x.State) {
	case audit.StatePending:
		return run.ReplyDue
	case audit.StateSuspensionIssued:
		return run.ConfirmDue
	}
	return 0
}

func (s *Server) auditSuspectsPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := currentUser(r)
	l := readSuspectList(r, u)
	pg := AuditSuspectsPage{AuditPage: s.auditPage(r, "疑点核实"), State: l.State, Town: l.Town,
		IsClerk: u.Role == workflow.RoleTownClerk, List: l}
	pg.States = []string{string(audit.StatePending), string(audit.StateTownConfirmed), string(audit.StateTownRejected),
		string(audit.StateSuspensionIssued), string(audit.StateStopped)}
	xs, total, err := s.st.AuditSuspectsPage(ctx, l.query(s.now(), suspectPageSize))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg.List.Total = total
	if len(xs) > 0 {
		pg.List.First, pg.List.Last = xs[0].ID, xs[len(xs)-1].ID
	}
	if len(xs) < suspectPageSize && l.Before != 0 {
		// fewer rows before the cursor than a page: the list's start
		pg.List.Start = 1
	}
	if pg.OverdueN, err = s.st.CountOverdueSuspects(ctx, l.query(s.now(), 0).SuspectFilter, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	if pg.Suspects, err = s.suspectRows(ctx, xs); err != nil {
		s.fail(w, r, err)
		return
	}
	if pg.IsClerk {
		if pg.StopLists, err = s.st.TownStopLists(ctx, u.UnitName); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	pg.Cells = pg.suspectCells(pg.Suspects)
	for i := range pg.Cells {
		if pg.IsClerk && pg.Suspects[i].State == string(audit.StatePending) {
			pg.Cells[i].Pick, pg.Bulk = true, true
		}
	}
	s.show(w, r, "audit_suspects.html", pg)
}

// AuditSuspectPage is one suspect: the finding, its trail and the step
// the user may take.
type AuditSuspectPage struct {
	AuditPage
	Run       store.AuditRun
	S         store.AuditSuspect
	Trail     []store.AuditEvent
	Due       int64
	Overdue   bool
	CanReply  bool
	CanStop   bool
	CanCase   bool
	FormError string
	Today     string
	Note      string
	Evidence  string
	Mem       SuspectMemory // audit_memory.go
}

// loadSuspect loads a suspect the user may see: a clerk only their own
// town's, once sent; others get 404.
func (s *Server) loadSuspect(w http.ResponseWriter, r *http.Request) (store.AuditSuspect, bool) {
	id, ok := pathID(r)
	if !ok {
		s.notFound(w, r)
		return store.AuditSuspect{}, false
	}
	x, err := s.st.AuditSuspect(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return x, false
	}
	u := currentUser(r)
	if u.Role == workflow.RoleTownClerk && (!sameTown(u, x.Town) || x.State == "") {
		s.notFound(w, r)
		return x, false
	}
	return x, true
}

func (s *Server) auditSuspectPage(w http.ResponseWriter, r *http.Request) {
	x, ok := s.loadSuspect(w, r)
	if !ok {
		return
	}
	s.showSuspect(w, r, x, http.StatusOK, "")
}

func (s *Server) showSuspect(w http.ResponseWriter, r *http.Request, x store.AuditSuspect, status int, formErr string) {
	ctx := r.Context()
	u := currentUser(r)
	run, err := s.st.AuditRun(ctx, x.RunID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pg := AuditSuspectPage{AuditPage: s.auditPage(r, "疑点"), Run: run, S: x, Due: dueOf(run, x), Overdue: auditdb.Overdue(run, x, s.now()),
		FormError: formErr, Today: s.now().Format("2006-01-02"), Note: r.PostFormValue("note"), Evidence: r.PostFormValue("evidence")}
	pg.FullID = u.Role == workflow.RoleAuditor
	isClerk := u.Role == workflow.RoleTownClerk
	pg.CanReply = isClerk && x.State == string(audit.StatePending)
	pg.CanStop = isClerk && x.State == string(audit.StateSuspensionIssued)
	switch audit.SuspectState(x.State) {
	case audit.StateTownConfirmed, audit.StateSuspensionIssued, audit.StateStopped:
		pg.CanCase = u.Role == workflow.RoleAuditor && x.CaseID == 0 && x.Overpaid > 0
	}
	if pg.Trail, err = s.st.AuditEvents(ctx, x.ID, 0); err != nil {
		s.fail(w, r, err)
		return
	}
	if pg.Mem, err = s.suspectMemory(r, x); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "audit_suspect.html", "layout", pg)
}

// replyDecision reads a town's conclusion: 属实 (confirm), 不属实
// (reject), or none.
func replyDecision(r *http.Request) (confirm, ok bool) {
	switch r.PostFormValue("decision") {
	case "confirm":
		return true, true
	case "reject":
		return false, true
	}
	return false, false
}

// replySuspect is the first 上: the clerk confirms or rejects.
func (s *Server) replySuspect(w http.ResponseWriter, r *http.Request) {
	x, ok := s.loadSuspect(w, r)
	if !ok {
		return
	}
	confirm, ok := replyDecision(r)
	if !ok {
		s.showSuspect(w, r, x, http.StatusUnprocessableEntity, "请选择核实结论。")
		return
	}
	err := auditdb.Reply(r.Context(), s.st, x.ID, auditActor(currentUser(r)), confirm, r.PostFormValue("note"), r.PostFormValue("evidence"), s.now())
	if errors.Is(err, audit.ErrNoteMissing) {
		s.showSuspect(w, r, x, http.StatusUnprocessableEntity, "须填写核实说明。")
		return
	}
	s.suspectDone(w, r, x, err, "核实结果已上报。")
}

// replySuspects is a town clerk's reply to many suspects at once (the
// ticked rows of the list): one conclusion, note and evidence, one
// confirmation, a trail row for each suspect; all or nothing.
func (s *Server) replySuspects(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.badRequest(w, r, "表单无法读取。")
		return
	}
	var ids []int64
	for _, v := range r.PostForm["id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			s.badRequest(w, r, "疑点编号无效。")
			return
		}
		ids = append(ids, id)
	}
	confirm, ok := replyDecision(r)
	if !ok {
		s.showError(w, r, http.StatusUnprocessableEntity, "请选择核实结论。")
		return
	}
	if len(ids) == 0 {
		s.showError(w, r, http.StatusUnprocessableEntity, "请勾选要上报的疑点。")
		return
	}
	if len(ids) > suspectPageSize {
		s.showError(w, r, http.StatusUnprocessableEntity, "一次最多上报一页（100 条）疑点。")
		return
	}
	if strings.TrimSpace(r.PostFormValue("note")) == "" {
		s.showError(w, r, http.StatusUnprocessableEntity, "须填写核实说明。")
		return
	}
	n, err := auditdb.ReplyMany(r.Context(), s.st, ids, auditActor(currentUser(r)), confirm, r.PostFormValue("note"), r.PostFormValue("evidence"), s.now())
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.auditFail(w, r, err)
		return
	}
	back := "/audit/suspects"
	if q := r.PostFormValue("back"); strings.HasPrefix(q, "/audit/suspects?") {
		back = q
	}
	redirect(w, r, back, s.page(r, "").P.Tf("已上报 %d 条疑点的核实结果。", n))
}

// suspectDone answers a town's step: a refused step, or back to the
// suspect with flash.
func (s *Server) suspectDone(w http.ResponseWriter, r *http.Request, x store.AuditSuspect, err error, flash string) {
	if err != nil {
		s.auditFail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/audit/suspects/%d", x.ID), s.page(r, "").T(flash))
}

// stopSuspect is the second 上: the clerk confirms the payment stopped.
func (s *Server) stopSuspect(w http.ResponseWriter, r *http.Request) {
	x, ok := s.loadSuspect(w, r)
	if !ok {
		return
	}
	err := auditdb.ConfirmStop(r.Context(), s.st, x.ID, auditActor(currentUser(r)), r.PostFormValue("note"), s.now())
	s.suspectDone(w, r, x, err, "已确认停发。")
}

// openCase turns a town-confirmed overpayment into a recovery case.
func (s *Server) openCase(w http.ResponseWriter, r *http.Request) {
	x, ok := s.loadSuspect(w, r)
	if !ok {
		return
	}
	t := audit.CaseType(r.PostFormValue("type"))
	if t != audit.CaseFraud && t != audit.CaseOverpayment {
		s.showSuspect(w, r, x, http.StatusUnprocessableEntity, "请选择案件类型。")
		return
	}
	opened, ok := cal.ParseDate(strings.TrimSpace(r.PostFormValue("opened")))
	if !ok {
		s.showSuspect(w, r, x, http.StatusUnprocessableEntity, "立案日期无效。")
		return
	}
	id, err := auditdb.OpenCase(r.Context(), s.st, x.ID, auditActor(currentUser(r)), t, opened, s.now())
	if err != nil {
		s.auditFail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/audit/cases/%d", id), s.page(r, "").T("已立案。"))
}
