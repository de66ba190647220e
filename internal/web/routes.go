package web

import (
	"net/http"

	"jixiao/internal/workflow"
)

// route is one URL pattern, its handler and the roles it admits. The
// handler may refuse further (the project's unit, its status).
type route struct {
	Pattern string
	Handler http.HandlerFunc
	Public  bool            // no login needed
	Roles   []workflow.Role // nil with !Public: any logged-in user
}

func (rt route) allows(r workflow.Role) bool {
	if rt.Roles == nil {
		return true
	}
	for _, x := range rt.Roles {
		if x == r {
			return true
		}
	}
	return false
}

var (
	filer    = workflow.RoleFiler
	approver = workflow.RoleUnitApprover
	dept     = workflow.RoleDeptReviewer
	finance  = workflow.RoleFinance
	admin    = workflow.RoleAdmin
	// readers read projects; each project page further checks the unit.
	readers = []workflow.Role{filer, approver, dept, finance, admin}
)

// routes lists every route of the application.
func (s *Server) routes() []route {
	return append([]route{
		{Pattern: "GET /login", Handler: s.loginPage, Public: true},
		{Pattern: "POST /login", Handler: s.login, Public: true},
		{Pattern: "GET /lang/{lang}", Handler: s.setLang, Public: true},
		{Pattern: "GET /healthz", Handler: s.health, Public: true},
		{Pattern: "POST /logout", Handler: s.logout},
		{Pattern: "GET /{$}", Handler: s.home},
		{Pattern: "GET /account/password", Handler: s.passwordPage},
		{Pattern: "POST /account/password", Handler: s.changePassword},
		// check.go: the forms' check on entry; signers.go: a unit's signature names
		{Pattern: "GET /check", Handler: s.check},
		{Pattern: "GET /signers", Handler: s.signersPage, Roles: []workflow.Role{filer, approver, admin}},
		{Pattern: "POST /signers", Handler: s.saveSigners, Roles: []workflow.Role{filer, approver, admin}},

		{Pattern: "GET /projects", Handler: s.projectList, Roles: readers},
		{Pattern: "GET /projects/new", Handler: s.newProjectPage, Roles: []workflow.Role{filer}},
		{Pattern: "POST /projects", Handler: s.createProject, Roles: []workflow.Role{filer}},
		{Pattern: "POST /projects/from-form", Handler: s.createFromForm, Roles: []workflow.Role{filer}},
		{Pattern: "GET /projects/{id}", Handler: s.projectPage, Roles: readers},
		{Pattern: "GET /projects/{id}/edit", Handler: s.editProjectPage, Roles: []workflow.Role{filer}},
		{Pattern: "POST /projects/{id}/edit", Handler: s.editProject, Roles: []workflow.Role{filer}},
		{Pattern: "GET /projects/{id}/targets", Handler: s.targetsPage, Roles: readers},
		{Pattern: "POST /projects/{id}/targets", Handler: s.saveTargets, Roles: []workflow.Role{filer}},
		{Pattern: "POST /projects/{id}/targets/declare", Handler: s.declareTargets, Roles: []workflow.Role{filer}},
		{Pattern: "GET /library", Handler: s.library, Roles: []workflow.Role{filer}},
		{Pattern: "POST /projects/{id}/money", Handler: s.addMoney, Roles: []workflow.Role{filer}},
		{Pattern: "POST /projects/{id}/money/{rid}/delete", Handler: s.deleteMoney, Roles: []workflow.Role{filer}},
		{Pattern: "GET /projects/{id}/monitor", Handler: s.monitorPage, Roles: readers},
		{Pattern: "POST /projects/{id}/monitor", Handler: s.saveMonitor, Roles: []workflow.Role{filer}},
		{Pattern: "GET /projects/{id}/evaluate", Handler: s.evaluatePage, Roles: readers},
		{Pattern: "POST /projects/{id}/evaluate", Handler: s.saveEvaluation, Roles: []workflow.Role{filer}},
		{Pattern: "POST /projects/{id}/evaluate/preview", Handler: s.previewEvaluation, Roles: []workflow.Role{filer}},
		{Pattern: "POST /projects/{id}/workflow", Handler: s.workflowStep, Roles: []workflow.Role{filer, approver, dept, finance}},
		{Pattern: "GET /projects/{id}/review", Handler: s.reviewPage, Roles: []workflow.Role{finance}},
		{Pattern: "POST /projects/{id}/review", Handler: s.saveReview, Roles: []workflow.Role{finance}},

		{Pattern: "GET /finance", Handler: s.financePage, Roles: []workflow.Role{finance, admin}},
		{Pattern: "GET /finance/reviewdesk", Handler: s.reviewDeskPage, Roles: []workflow.Role{finance, admin}},
		{Pattern: "GET /finance/reviewdesk/download", Handler: s.downloadReviewDesk, Roles: []workflow.Role{finance, admin}},
		{Pattern: "GET /finance/apply", Handler: s.applyPage, Roles: []workflow.Role{finance, admin}},
		{Pattern: "POST /finance/apply/{id}", Handler: s.saveDecision, Roles: []workflow.Role{finance}},
		{Pattern: "GET /finance/apply/download", Handler: s.downloadApply, Roles: []workflow.Role{finance, admin}},
		{Pattern: "GET /finance/assess", Handler: s.assessListPage, Roles: []workflow.Role{finance, admin}},
		{Pattern: "POST /finance/assess/{id}/list", Handler: s.setBudgetListing, Roles: []workflow.Role{finance}},
		{Pattern: "GET /projects/{id}/targetreview", Handler: s.targetReviewPage, Roles: readers},
		{Pattern: "POST /projects/{id}/targetreview", Handler: s.saveTargetReview, Roles: []workflow.Role{finance}},
		{Pattern: "GET /projects/{id}/assess", Handler: s.assessPage, Roles: readers},
		{Pattern: "POST /projects/{id}/assess", Handler: s.saveAssessment, Roles: []workflow.Role{finance}},
		{Pattern: "GET /projects/{id}/assess/{aid}/report", Handler: s.downloadAssessment, Roles: readers},
		{Pattern: "GET /finance/publish", Handler: s.publishPage, Roles: []workflow.Role{finance, admin}},
		{Pattern: "POST /finance/publish/{id}", Handler: s.savePublication, Roles: []workflow.Role{finance}},
		{Pattern: "GET /finance/publish/{id}/download", Handler: s.downloadPublication, Roles: []workflow.Role{finance, admin}},
		{Pattern: "GET /publish", Handler: s.publishPage, Roles: readers},
		{Pattern: "POST /publish/{id}", Handler: s.savePublication, Roles: []workflow.Role{finance, filer}},
		{Pattern: "GET /publish/{id}/download", Handler: s.downloadPublication, Roles: readers},
		{Pattern: "GET /publish/{id}/targets", Handler: s.downloadTargetsPublication, Roles: readers},
		{Pattern: "GET /rectify", Handler: s.rectifyPage, Roles: readers},
		{Pattern: "POST /rectify", Handler: s.addRectification, Roles: []workflow.Role{finance, filer}},
		{Pattern: "POST /rectify/{id}/report", Handler: s.reportRectification, Roles: []workflow.Role{filer}},
		{Pattern: "POST /rectify/{id}/review", Handler: s.reviewRectification, Roles: []workflow.Role{finance}},

		// Documents: downloads and the upload of a filled-in form (download.go, upload.go).
		{Pattern: "GET /projects/download", Handler: s.downloadOverview, Roles: readers},
		{Pattern: "GET /finance/download", Handler: s.downloadFinance, Roles: []workflow.Role{finance, admin}},
		{Pattern: "GET /projects/{id}/download", Handler: s.downloadProject, Roles: readers},
		{Pattern: "GET /projects/{id}/import", Handler: s.importPage, Roles: []workflow.Role{filer}},
		{Pattern: "POST /projects/{id}/import", Handler: s.uploadImport, Roles: []workflow.Role{filer}},
		{Pattern: "POST /projects/{id}/import/confirm", Handler: s.confirmImport, Roles: []workflow.Role{filer}},

		{Pattern: "GET /admin/users", Handler: s.usersPage, Roles: []workflow.Role{admin}},
		{Pattern: "GET /admin/users/export", Handler: s.exportUsers, Roles: []workflow.Role{admin}},
		{Pattern: "POST /admin/users", Handler: s.createUser, Roles: []workflow.Role{admin}},
		{Pattern: "POST /admin/users/{id}/password", Handler: s.resetPassword, Roles: []workflow.Role{admin}},
		{Pattern: "POST /admin/users/{id}/active", Handler: s.setActive, Roles: []workflow.Role{admin}},
		{Pattern: "GET /admin/units", Handler: s.unitsPage, Roles: []workflow.Role{admin}},
		{Pattern: "POST /admin/units", Handler: s.createUnit, Roles: []workflow.Role{admin}},
		{Pattern: "GET /admin/settings", Handler: s.settingsPage, Roles: []workflow.Role{admin}},
		{Pattern: "POST /admin/settings", Handler: s.saveSettings, Roles: []workflow.Role{admin}},
		{Pattern: "GET /admin/system", Handler: s.systemPage, Roles: []workflow.Role{admin}},
		{Pattern: "GET /admin/trail", Handler: s.trailPage, Roles: []workflow.Role{admin}},
		{Pattern: "GET /admin/trail/export", Handler: s.trailExport, Roles: []workflow.Role{admin}},
	}, append(append(append(s.auditRoutes(), s.certRoutes()...), s.payRoutes()...), s.payAuditRoutes()...)...) // survival audit: audit_routes.go; certification: cert.go; monthly benefit cycle: pay.go
}
