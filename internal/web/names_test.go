package web

import (
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/locale"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// TestEveryCodeHasAName: every status, role, unit kind, audit-trail action
// and severity the code can produce has its one display name in locale.
func TestEveryCodeHasAName(t *testing.T) {
	for _, s := range []workflow.Status{workflow.StatusDraft, workflow.StatusSubmitted, workflow.StatusUnitApproved,
		workflow.StatusDeptReviewed, workflow.StatusFinanceReviewed} {
		if locale.StatusNames[string(s)] == "" {
			t.Errorf("status %s has no name", s)
		}
	}
	for _, r := range []workflow.Role{workflow.RoleFiler, workflow.RoleUnitApprover, workflow.RoleDeptReviewer,
		workflow.RoleFinance, workflow.RoleAdmin, workflow.RoleTownClerk, workflow.RoleAuditor} {
		if locale.RoleNames[string(r)] == "" {
			t.Errorf("role %s has no name", r)
		}
	}
	for _, k := range []store.UnitKind{store.KindFinance, store.KindDepartment, store.KindUnit, store.KindTown} {
		if locale.UnitKindNames[string(k)] == "" {
			t.Errorf("unit kind %s has no name", k)
		}
	}
	actions := append([]string(nil), store.Actions...)
	for _, a := range []workflow.Action{workflow.ActSubmit, workflow.ActApprove, workflow.ActDept, workflow.ActFinance, workflow.ActReturn} {
		actions = append(actions, store.ActionStatus(string(a)))
	}
	for _, a := range actions {
		if locale.ActionNames[a] == "" {
			t.Errorf("action %s has no name", a)
		}
	}
	for _, s := range []eval.Severity{eval.SevError, eval.SevWarning, eval.SevInfo} {
		if locale.SeverityNames[s.String()] == "" {
			t.Errorf("severity %s has no name", s)
		}
	}
}
