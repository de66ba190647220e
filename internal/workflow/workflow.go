// Package workflow is the life of a project's performance sheet: who may
// do what in which status. It is pure: the store keeps the status, the web
// asks this package whether a step is allowed.
//
//	draft ──submit──▶ submitted ──approve──▶ unit_approved ──review──▶ dept_reviewed ──review──▶ finance_reviewed
//	  ▲                   │                      │                          │
//	  └──────return───────┴──────────────────────┴──────────────────────────┘
package workflow

// Role is what a user may do. Roles are fixed; units limit where.
type Role string

// The roles of jixiao.
const (
	RoleFiler        Role = "filer"         // 填报人
	RoleUnitApprover Role = "unit_approver" // 单位审核人
	RoleDeptReviewer Role = "dept_reviewer" // 主管部门审核
	RoleFinance      Role = "finance"       // 财政审核
	RoleAdmin        Role = "admin"         // 管理员
	RoleTownClerk    Role = "town_clerk"    // 镇（街道）经办员
	RoleAuditor      Role = "auditor"       // 稽核员
)

// Roles lists every role in display order.
func Roles() []Role {
	return []Role{RoleFiler, RoleUnitApprover, RoleDeptReviewer, RoleFinance, RoleAdmin, RoleTownClerk, RoleAuditor}
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, k := range Roles() {
		if k == r {
			return true
		}
	}
	return false
}

// SeesProjects reports whether the role reads performance projects at all.
// Town clerks and auditors work on the survival audit only.
func (r Role) SeesProjects() bool {
	switch r {
	case RoleFiler, RoleUnitApprover, RoleDeptReviewer, RoleFinance, RoleAdmin:
		return true
	}
	return false
}

// SeesAllUnits reports whether the role reads every unit's projects.
func (r Role) SeesAllUnits() bool { return r == RoleFinance || r == RoleAdmin }

// SeesSubtree reports whether the role reads the units below its own
// (a department reviewer reviews its units).
func (r Role) SeesSubtree() bool { return r == RoleDeptReviewer }

// Status is where a project's sheet stands.
type Status string

// Statuses in order.
const (
	StatusDraft           Status = "draft"
	StatusSubmitted       Status = "submitted"
	StatusUnitApproved    Status = "unit_approved"
	StatusDeptReviewed    Status = "dept_reviewed"
	StatusFinanceReviewed Status = "finance_reviewed"
)

// Statuses lists every status in order.
func Statuses() []Status {
	return []Status{StatusDraft, StatusSubmitted, StatusUnitApproved, StatusDeptReviewed, StatusFinanceReviewed}
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, k := range Statuses() {
		if k == s {
			return true
		}
	}
	return false
}

// Action is a step of the workflow.
type Action string

// Workflow actions.
const (
	ActSubmit  Action = "submit"  // filer: draft → submitted
	ActApprove Action = "approve" // unit approver: submitted → unit_approved
	ActDept    Action = "dept"    // department: unit_approved → dept_reviewed
	ActFinance Action = "finance" // finance: dept_reviewed → finance_reviewed
	ActReturn  Action = "return"  // the role that holds it now: back to draft, with comments
)

// Actions lists every action.
func Actions() []Action { return []Action{ActSubmit, ActApprove, ActDept, ActFinance, ActReturn} }

type step struct {
	from Status
	role Role
	to   Status
}

var forward = map[Action]step{
	ActSubmit:  {StatusDraft, RoleFiler, StatusSubmitted},
	ActApprove: {StatusSubmitted, RoleUnitApprover, StatusUnitApproved},
	ActDept:    {StatusUnitApproved, RoleDeptReviewer, StatusDeptReviewed},
	ActFinance: {StatusDeptReviewed, RoleFinance, StatusFinanceReviewed},
}

// holder is the role whose turn it is in each status.
var holder = map[Status]Role{
	StatusDraft:        RoleFiler,
	StatusSubmitted:    RoleUnitApprover,
	StatusUnitApproved: RoleDeptReviewer,
	StatusDeptReviewed: RoleFinance,
}

// Holder is the role whose turn it is, or "" when the sheet is finished.
func Holder(s Status) Role { return holder[s] }

// Next returns the status an action leads to from s when role takes it,
// and false when the action is not allowed. A return is allowed to the
// role that holds a submitted sheet, and to finance after its own review
// (a spot-check may reopen a sheet).
func Next(s Status, role Role, a Action) (Status, bool) {
	if a == ActReturn {
		if s == StatusDraft {
			return "", false
		}
		if holder[s] == role || (role == RoleFinance && s == StatusFinanceReviewed) {
			return StatusDraft, true
		}
		return "", false
	}
	st, ok := forward[a]
	if !ok || st.from != s || st.role != role {
		return "", false
	}
	return st.to, true
}

// Editable reports whether the filer may change targets, money and actuals.
func Editable(s Status) bool { return s == StatusDraft }

// CanRescore reports whether role may enter review scores (复核) in status s.
func CanRescore(s Status, role Role) bool {
	return role == RoleFinance && (s == StatusDeptReviewed || s == StatusFinanceReviewed)
}
