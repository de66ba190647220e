package demo

import (
	"context"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
	"jixiao/internal/workflow"
)

func TestLoad(t *testing.T) {
	st := storetest.Open(t, "sqlite")
	ctx := context.Background()
	logins, err := Load(ctx, st, func(s string) (string, error) { return "hash:" + s, nil })
	if err != nil {
		t.Fatal(err)
	}
	roles := map[workflow.Role]bool{}
	for _, l := range logins {
		roles[l.Role] = true
	}
	for _, r := range workflow.Roles() {
		if !roles[r] {
			t.Errorf("no demo user for role %s", r)
		}
	}
	for _, tc := range []struct {
		year, n int
	}{{2023, 10}, {2024, 8}} {
		ps, err := st.Projects(ctx, store.ProjectFilter{Year: tc.year})
		if err != nil || len(ps) != tc.n {
			t.Fatalf("%d: %d projects, %v", tc.year, len(ps), err)
		}
	}
	ps, _ := st.Projects(ctx, store.ProjectFilter{Year: 2023, Query: "城乡居民养老保险"})
	if len(ps) != 1 {
		t.Fatal("pension project missing")
	}
	p := ps[0]
	if p.BudgetTotal() != 92344110000 || p.Spent != 90044110000 {
		t.Errorf("pension funds: budget %s spent %s", p.BudgetTotal(), p.Spent)
	}
	if bp, _ := p.ExecutionRate(); bp != 9751 {
		t.Errorf("execution rate %d, want 9751 (97.51%%)", bp)
	}
	if p.Status != workflow.StatusDeptReviewed || p.SelfScore != eval.P(993)/10 {
		t.Errorf("pension: %s %s", p.Status, p.SelfScore)
	}
	rows, _ := st.Indicators(ctx, p.ID)
	if len(rows) != 19 {
		t.Errorf("%d rows", len(rows))
	}
	// the month's certification run: 如城街道's clerk has a due list to send on
	cr, err := st.CertRuns(ctx)
	if err != nil || len(cr) != 1 || cr[0].AsOf != "2024-06" || cr[0].RollRows != 800 {
		t.Fatalf("certification runs %+v, %v", cr, err)
	}
	if n, err := st.CertRunListCounts(ctx, cr[0].ID, "如城街道"); err != nil || n["due"]+n["suspend"] == 0 {
		t.Errorf("如城街道's lists %v, %v", n, err)
	}
	if _, err := Load(ctx, st, func(s string) (string, error) { return s, nil }); err == nil {
		t.Error("demo loaded twice")
	}
	if err := Scale(ctx, st, 40); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.CountProjects(ctx, store.ProjectFilter{}); n != 40 {
		t.Errorf("scaled to %d", n)
	}
}
