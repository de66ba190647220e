package web

import (
	"context"
	"net/http"

	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// Who may read recovery cases (追回案件): the auditor; a town clerk, the
// cases of their own town; and the people of the auditing unit (a unit
// where an auditor works) and of the units above it — the department and
// the finance bureau that review its indicators. A reader of any other
// unit sees no case: cases name people and what they owe.

// caseScope says whether u may read cases and, for a town clerk, of which
// town only.
func (s *Server) caseScope(ctx context.Context, u *store.User) (ok bool, town string, err error) {
	switch u.Role {
	case workflow.RoleAuditor:
		return true, "", nil
	case workflow.RoleTownClerk:
		return true, u.UnitName, nil
	}
	units, err := s.st.Units(ctx)
	if err != nil {
		return false, "", err
	}
	parent := map[int64]int64{}
	for _, un := range units {
		parent[un.ID] = un.ParentID
	}
	users, _, err := s.st.ListUsers(ctx, store.UserQuery{Role: workflow.RoleAuditor, Active: "1"})
	if err != nil {
		return false, "", err
	}
	for _, a := range users {
		// the auditing unit and every unit above it
		for id, hops := a.UnitID, 0; id != 0 && hops < 64; id, hops = parent[id], hops+1 {
			if id == u.UnitID {
				return true, "", nil
			}
		}
	}
	return false, "", nil
}

// requireCaseScope answers 404 for users outside the case scope and
// returns the town a clerk is limited to; ok false means the response is
// written.
func (s *Server) requireCaseScope(w http.ResponseWriter, r *http.Request) (town string, ok bool) {
	in, town, err := s.caseScope(r.Context(), currentUser(r))
	if err != nil {
		s.fail(w, r, err)
		return "", false
	}
	if !in {
		s.notFound(w, r)
		return "", false
	}
	return town, true
}
