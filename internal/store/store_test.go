package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"jixiao/internal/eval"
	"jixiao/internal/money"
	"jixiao/internal/project"
	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
	"jixiao/internal/workflow"
)

func TestStore(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) { testStore(t, d) })
	}
}

func testStore(t *testing.T, dialect string) {
	ctx := context.Background()
	dsn := storetest.DSN(t, dialect)
	s, err := project.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Migrations are idempotent: migrate again, and reopen.
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	s2, err := project.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	s2.Close()

	fin, err := s.CreateUnit(ctx, 0, "财政局", store.KindFinance)
	if err != nil {
		t.Fatal(err)
	}
	dept, _ := s.CreateUnit(ctx, fin, "人社局", store.KindDepartment)
	center, _ := s.CreateUnit(ctx, dept, "中心", store.KindUnit)
	if _, err := s.CreateUnit(ctx, dept, "中心", store.KindUnit); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("duplicate unit: %v", err)
	}
	sub, err := s.Subtree(ctx, dept)
	if err != nil || len(sub) != 2 {
		t.Errorf("subtree = %v %v", sub, err)
	}
	units, _ := s.Units(ctx)
	if len(units) != 3 || units[2].Depth != 2 {
		t.Errorf("units = %+v", units)
	}

	uid, err := s.CreateUser(ctx, store.User{Username: "f", DisplayName: "填报", Role: workflow.RoleFiler, UnitID: center, PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, store.User{Username: "f", DisplayName: "x", Role: workflow.RoleFiler, UnitID: center, PasswordHash: "h"}); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("duplicate user: %v", err)
	}
	if n, _ := s.RecordLoginFailure(ctx, uid, 3, 99); n != 1 {
		t.Errorf("failures = %d", n)
	}
	s.RecordLoginFailure(ctx, uid, 3, 99)
	s.RecordLoginFailure(ctx, uid, 3, 99)
	u, _ := s.UserByName(ctx, "f")
	if u.LockedUntil != 99 || u.UnitName != "中心" {
		t.Errorf("user after lock = %+v", u)
	}
	if err := s.CreateSession(ctx, "tok", uid); err != nil {
		t.Fatal(err)
	}
	if got, _, err := s.Session(ctx, "tok"); err != nil || got.ID != uid {
		t.Errorf("session = %+v %v", got, err)
	}
	s.CreateSession(ctx, "old", uid)
	s.Now = func() time.Time { return time.Unix(1<<32, 0) }
	if err := s.DeleteIdleSessions(ctx, 1<<32-60); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Session(ctx, "old"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("idle session survives the sweep: %v", err)
	}
	s.Now = time.Now
	s.SetPassword(ctx, uid, "h2", false)
	if _, _, err := s.Session(ctx, "tok"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("session survives password reset: %v", err)
	}

	p := store.Project{UnitID: center, Year: 2023, Name: "稽查费", Budget: [3]money.Fen{0, 5 * money.Wan, 0}, RuleSet: "caiyu-2020-10"}
	rows := []store.Indicator{
		{Level1: "产出指标", Level2: "数量指标", Level3: "追回率", Target: "100%", Weight: eval.P(60)},
		{Level1: "满意度指标", Level2: "满意度指标", Level3: "满意度", Target: ">95%", Weight: eval.P(40)},
	}
	pid, err := s.CreateProject(ctx, p, rows, uid)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateProject(ctx, p, nil, uid); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("duplicate project: %v", err)
	}
	if _, err := s.AddMoney(ctx, pid, store.MoneyRecord{Kind: store.KindSpending, Date: "2023-06-01", Amount: 3 * money.Wan, Source: 1}, uid); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Project(ctx, pid)
	if got.Spent != 3*money.Wan || got.Version != 1 || got.WeightTotal != eval.P(100) {
		t.Errorf("project = %+v", got)
	}
	if bp, _ := got.ExecutionRate(); bp != 6000 {
		t.Errorf("execution = %d", bp)
	}
	v, err := s.Edit(ctx, pid, 1, uid, "actuals", "", func(sh *store.Sheet) error {
		sh.Rows[0].Actual, sh.Rows[0].Score, sh.Rows[0].HasScore = "90%", eval.P(54), true
		sh.Rows[0].Basis = "未全部追回"
		sh.Rows[1].Actual, sh.Rows[1].Score, sh.Rows[1].HasScore = "98%", eval.P(40), true
		sh.Narrative["problems"] = "无"
		return nil
	})
	if err != nil || v != 2 {
		t.Fatalf("edit: %v %d", err, v)
	}
	if _, err := s.Edit(ctx, pid, 1, uid, "actuals", "", func(*store.Sheet) error { return nil }); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale edit: %v", err)
	}
	got, _ = s.Project(ctx, pid)
	if got.SelfScore != eval.P(94) || got.SelfGrade != "优" {
		t.Errorf("summary = %s %s", got.SelfScore, got.SelfGrade)
	}
	ev, _ := s.Events(ctx, pid, 100)
	found := false
	for _, e := range ev {
		if e.Field == "追回率.实际完成值" && e.Old == "" && e.New == "90%" && e.UserName == "填报" {
			found = true
		}
	}
	if !found {
		t.Errorf("audit trail lacks the actual: %+v", ev)
	}
	list, _ := s.Projects(ctx, store.ProjectFilter{Year: 2023, UnitIDs: []int64{center}})
	if len(list) != 1 {
		t.Errorf("projects = %d", len(list))
	}
	if n, _ := s.CountProjects(ctx, store.ProjectFilter{UnitIDs: []int64{}}); n != 0 {
		t.Errorf("empty unit filter = %d", n)
	}
	st, _ := s.Stats(ctx, store.ProjectFilter{Year: 2023})
	if st.Projects != 1 || st.Grades["优"] != 1 || st.LowExecRate != 1 {
		t.Errorf("stats = %+v", st)
	}
	if err := s.SetSetting(ctx, "k", "1"); err != nil {
		t.Fatal(err)
	}
	s.SetSetting(ctx, "k", "2")
	if v, _ := s.Setting(ctx, "k", ""); v != "2" {
		t.Errorf("setting = %q", v)
	}
}
