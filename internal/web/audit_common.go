package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"jixiao/internal/audit"
	"jixiao/internal/auditdb"
	"jixiao/internal/cnid"
	"jixiao/internal/locale"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// The survival-audit pages (生存稽核): runs, suspects and the two-up-two-down
// (两上两下) cycle, recovery cases. The rules are internal/audit's, reached
// through internal/auditdb; these handlers check who may see what:
//
//   - the auditor (稽核员) runs audits, sends and issues, opens and keeps
//     cases, and sees full ID numbers on a suspect's and a case's page;
//   - a town clerk (镇（街道）经办员) sees and answers only the sent suspects
//     of their own town (another town's suspect is 404), IDs masked;
//   - the project readers see the recovery cases and rates behind the
//     performance indicators, IDs masked.

var (
	auditor = workflow.RoleAuditor
	clerk   = workflow.RoleTownClerk
	// caseReaders may open the recovery-case pages; caseScope (audit_scope.go)
	// then limits them to the auditing unit and its superiors, and a clerk
	// to their own town's cases.
	caseReaders = []workflow.Role{auditor, clerk, filer, approver, dept, finance, admin}
)

// AuditPage is the base of the audit pages: labels in the page's language.
type AuditPage struct {
	Page
	FullID bool // this page shows full ID numbers (the auditor's own pages)
}

func (s *Server) auditPage(r *http.Request, title string) AuditPage {
	return AuditPage{Page: s.page(r, title)}
}

// ID shows an ID number: in full on the auditor's suspect and case pages,
// masked everywhere else.
func (pg AuditPage) ID(id string) string {
	if pg.FullID {
		return id
	}
	return cnid.Mask(id)
}

var (
	auditStateNames = map[string]string{
		"":                                  "未下发",
		string(audit.StatePending):          "待镇核实",
		string(audit.StateTownConfirmed):    "镇已核实属实",
		string(audit.StateTownRejected):     "镇核实不属实",
		string(audit.StateSuspensionIssued): "已下发停发名单",
		string(audit.StateStopped):          "镇已确认停发",
	}
	auditKindNames    = locale.MatchKindNames
	auditClassNames   = locale.ConfidenceNames
	auditFindingNames = map[string]string{"death": "死亡未停发", "duplicate": "重复领取", auditdb.FindingCert: "未按期认证"}
	auditActionNames  = map[string]string{string(audit.ActionSuspend): "暂停", string(audit.ActionTerminate): "终止"}
	auditCaseTypes    = map[string]string{string(audit.CaseFraud): "冒领/骗取", string(audit.CaseOverpayment): "多领"}
	auditCaseStatus   = map[string]string{
		string(audit.CaseOpen): "未追回", string(audit.CasePartly): "部分追回", string(audit.CaseRecovered): "已足额追回", string(audit.CaseWrittenOff): "已核销",
	}
	auditRoleNames = map[string]string{string(audit.RoleCity): "市稽核", string(audit.RoleTown): "镇（街道）", string(audit.RoleLeader): "单位负责人"}
)

func label(pg Page, m map[string]string, k string) string {
	if n, ok := m[k]; ok {
		return pg.T(n)
	}
	return k
}

// StateName names a suspect state.
func (pg AuditPage) StateName(s string) string { return label(pg.Page, auditStateNames, s) }

// Kind names a match kind.
func (pg AuditPage) Kind(s string) string { return label(pg.Page, auditKindNames, s) }

// Class names a confidence class.
func (pg AuditPage) Class(s string) string { return label(pg.Page, auditClassNames, s) }

// Finding names a finding (death, duplicate).
func (pg AuditPage) Finding(s string) string { return label(pg.Page, auditFindingNames, s) }

// SuspendAction names 暂停 / 终止.
func (pg AuditPage) SuspendAction(s string) string { return label(pg.Page, auditActionNames, s) }

// CaseType names a case type.
func (pg AuditPage) CaseType(s string) string { return label(pg.Page, auditCaseTypes, s) }

// CaseStatus names a case status.
func (pg AuditPage) CaseStatus(s string) string { return label(pg.Page, auditCaseStatus, s) }

// ActorRole names a role of the trail.
func (pg AuditPage) ActorRole(s string) string { return label(pg.Page, auditRoleNames, s) }

// TrailState names a state of a suspect's or a case's trail.
func (pg AuditPage) TrailState(s string) string {
	if n, ok := auditCaseStatus[s]; ok {
		return pg.T(n)
	}
	return pg.StateName(s)
}

// When formats unix seconds, or "—" for zero.
func (pg AuditPage) When(unix int64) string {
	if unix == 0 {
		return "—"
	}
	return time.Unix(unix, 0).Format("2006-01-02 15:04")
}

// Day formats unix seconds as a date, or "—" for zero.
func (pg AuditPage) Day(unix int64) string {
	if unix == 0 {
		return "—"
	}
	return time.Unix(unix, 0).Format("2006-01-02")
}

func auditActor(u *store.User) auditdb.Actor {
	a := auditdb.Actor{UserID: u.ID, Name: u.DisplayName, Role: audit.RoleCity}
	switch u.Role {
	case workflow.RoleTownClerk:
		a.Role, a.Town = audit.RoleTown, u.UnitName
	case workflow.RoleUnitApprover:
		a.Role = audit.RoleLeader // 单位负责人: may reverse a write-off
	}
	return a
}

// sameTown reports whether a suspect's town is the clerk's town.
func sameTown(u *store.User, town string) bool {
	return audit.NormTown(u.UnitName) == audit.NormTown(town)
}

func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.showError(w, r, http.StatusNotFound, "")
}

// auditUserError tells whether err is the user's (a refused step) and
// with which status: 422 for input the domain refuses, 409 for a step the
// state no longer allows.
func auditUserError(err error) (int, bool) {
	switch {
	case errors.Is(err, audit.ErrNoteMissing), errors.Is(err, audit.ErrReason), errors.Is(err, audit.ErrAmount),
		errors.Is(err, audit.ErrTooMuch), errors.Is(err, audit.ErrDateCase), errors.Is(err, auditdb.ErrNoCase),
		errors.Is(err, audit.ErrReverseReason), errors.Is(err, audit.ErrWithdrawWhy):
		return http.StatusUnprocessableEntity, true
	case errors.Is(err, audit.ErrState), errors.Is(err, audit.ErrClosed), errors.Is(err, auditdb.ErrAlreadySent),
		errors.Is(err, audit.ErrNoIssued), errors.Is(err, audit.ErrNotWrittenOff),
		errors.Is(err, auditdb.ErrNotSent), errors.Is(err, store.ErrConflict), errors.Is(err, store.ErrDuplicate):
		return http.StatusConflict, true
	case errors.Is(err, audit.ErrForbidden), errors.Is(err, audit.ErrNoSuspect):
		return http.StatusNotFound, true
	case errors.Is(err, audit.ErrRole):
		return http.StatusForbidden, true
	}
	return 0, false
}

// auditFail answers a refused step with its status and message, or fails.
func (s *Server) auditFail(w http.ResponseWriter, r *http.Request, err error) {
	if code, ok := auditUserError(err); ok {
		s.showError(w, r, code, err.Error())
		return
	}
	s.fail(w, r, err)
}
