package workflow

import "testing"

func TestNext(t *testing.T) {
	tests := []struct {
		from Status
		role Role
		act  Action
		to   Status
		ok   bool
	}{
		{StatusDraft, RoleFiler, ActSubmit, StatusSubmitted, true},
		{StatusDraft, RoleUnitApprover, ActSubmit, "", false},
		{StatusSubmitted, RoleUnitApprover, ActApprove, StatusUnitApproved, true},
		{StatusSubmitted, RoleFiler, ActApprove, "", false},
		{StatusSubmitted, RoleUnitApprover, ActReturn, StatusDraft, true},
		{StatusSubmitted, RoleFinance, ActReturn, "", false},
		{StatusUnitApproved, RoleDeptReviewer, ActDept, StatusDeptReviewed, true},
		{StatusDeptReviewed, RoleFinance, ActFinance, StatusFinanceReviewed, true},
		{StatusDeptReviewed, RoleDeptReviewer, ActFinance, "", false},
		{StatusFinanceReviewed, RoleFinance, ActReturn, StatusDraft, true},
		{StatusDraft, RoleFiler, ActReturn, "", false},
		{StatusDraft, RoleAdmin, ActSubmit, "", false},
		{StatusDraft, RoleFiler, Action("bogus"), "", false},
	}
	for _, tc := range tests {
		got, ok := Next(tc.from, tc.role, tc.act)
		if got != tc.to || ok != tc.ok {
			t.Errorf("Next(%s,%s,%s) = %q,%v; want %q,%v", tc.from, tc.role, tc.act, got, ok, tc.to, tc.ok)
		}
	}
}

func TestRoles(t *testing.T) {
	for _, r := range Roles() {
		if !r.Valid() {
			t.Errorf("%s not valid", r)
		}
	}
	if Role("root").Valid() || Status("x").Valid() {
		t.Error("unknown accepted")
	}
	if RoleTownClerk.SeesProjects() || !RoleFinance.SeesAllUnits() || !RoleDeptReviewer.SeesSubtree() {
		t.Error("visibility wrong")
	}
	if !CanRescore(StatusDeptReviewed, RoleFinance) || CanRescore(StatusDraft, RoleFinance) || CanRescore(StatusDeptReviewed, RoleFiler) {
		t.Error("rescore wrong")
	}
}
