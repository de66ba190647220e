package web

import (
	"jixiao/internal/auditdb"
	"jixiao/internal/workflow"
)

// auditRoutes are the survival-audit pages (audit_*.go). A handler refuses
// further: a town clerk reaches only the sent suspects of their own town.
func (s *Server) auditRoutes() []route {
	return []route{
		{Pattern: "GET /audit/runs", Handler: s.auditRunsPage, Roles: []workflow.Role{auditor}},
		{Pattern: "POST /audit/runs", Handler: s.createAuditRun, Roles: []workflow.Role{auditor}},
		{Pattern: "GET /audit/runs/{id}", Handler: s.auditRunPage, Roles: []workflow.Role{auditor}},
		{Pattern: "POST /audit/runs/{id}/send", Handler: s.runStep(auditdb.Send, "已向各镇（街道）下发疑点 %d 条。"), Roles: []workflow.Role{auditor}},
		{Pattern: "POST /audit/runs/{id}/issue", Handler: s.runStep(auditdb.Issue, "已下发停发名单 %d 人。"), Roles: []workflow.Role{auditor}},
		{Pattern: "POST /audit/runs/{id}/withdraw", Handler: s.withdrawRun, Roles: []workflow.Role{auditor}},
		{Pattern: "GET /audit/runs/{id}/stoplist", Handler: s.stopListPage, Roles: []workflow.Role{auditor, clerk}}, // list_print.go
		{Pattern: "GET /audit/suspects", Handler: s.auditSuspectsPage, Roles: []workflow.Role{auditor, clerk}},
		{Pattern: "GET /audit/suspects/export", Handler: s.exportSuspects, Roles: []workflow.Role{auditor, clerk}}, // suspect_export.go
		{Pattern: "GET /audit/suspects/print", Handler: s.printSuspects, Roles: []workflow.Role{auditor, clerk}},
		{Pattern: "GET /audit/suspects/{id}", Handler: s.auditSuspectPage, Roles: []workflow.Role{auditor, clerk}},
		{Pattern: "POST /audit/suspects/{id}/reply", Handler: s.replySuspect, Roles: []workflow.Role{clerk}},
		{Pattern: "POST /audit/suspects/reply", Handler: s.replySuspects, Roles: []workflow.Role{clerk}},
		{Pattern: "POST /audit/suspects/{id}/stop", Handler: s.stopSuspect, Roles: []workflow.Role{clerk}},
		{Pattern: "POST /audit/suspects/{id}/case", Handler: s.openCase, Roles: []workflow.Role{auditor}},
		{Pattern: "GET /audit/cases", Handler: s.auditCasesPage, Roles: caseReaders},
		{Pattern: "GET /audit/cases/export", Handler: s.exportCases, Roles: caseReaders},
		{Pattern: "GET /audit/cases/{id}", Handler: s.auditCasePage, Roles: caseReaders},
		{Pattern: "POST /audit/cases/{id}/repay", Handler: s.repayCase, Roles: []workflow.Role{auditor}},
		{Pattern: "POST /audit/cases/{id}/writeoff", Handler: s.writeOffCase, Roles: []workflow.Role{auditor}},
		{Pattern: "POST /audit/cases/{id}/reverse", Handler: s.reverseWriteOff, Roles: []workflow.Role{approver}},
		{Pattern: "POST /audit/settings", Handler: s.saveAuditSettings, Roles: []workflow.Role{auditor}},
		{Pattern: "POST /audit/suspects/{id}/close", Handler: s.closeSuspect, Roles: []workflow.Role{auditor}}, // audit_memory.go
		{Pattern: "GET /audit/report", Handler: s.monthlyReport, Roles: []workflow.Role{auditor}},
	}
}
