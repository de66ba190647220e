package store_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
	"jixiao/internal/workflow"
)

// trailFixture writes a trail: admin actions, a project with edits and a
// deleted indicator, money, and a recovery case's trail.
func trailFixture(t *testing.T, s *store.Store) (adminID, projectID int64) {
	t.Helper()
	ctx := context.Background()
	unit, err := s.CreateUnit(ctx, 0, "财政局", store.KindFinance)
	if err != nil {
		t.Fatal(err)
	}
	adminID, err = s.CreateUser(ctx, store.User{Username: "admin", DisplayName: "管理员", Role: workflow.RoleAdmin, UnitID: unit, PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	actx := store.WithActor(ctx, adminID)
	center, err := s.CreateUnit(actx, unit, "中心", store.KindUnit)
	if err != nil {
		t.Fatal(err)
	}
	filer, err := s.CreateUser(actx, store.User{Username: "f", DisplayName: "填报", Role: workflow.RoleFiler, UnitID: center, PasswordHash: "h", IDNumber: "320682195001010017", MustChange: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword(actx, filer, "h2", true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword(store.WithActor(ctx, filer), filer, "h3", false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetActive(actx, filer, false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetActive(actx, filer, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(actx, "monitor_rule", "red=50"); err != nil {
		t.Fatal(err)
	}
	projectID, err = s.CreateProject(ctx, store.Project{UnitID: center, Year: 2024, Name: "项目"}, []store.Indicator{
		{Level1: "产出指标", Level2: "数量指标", Level3: "人数", Target: "100", Weight: 60},
		{Level1: "效益指标", Level2: "社会效益", Level3: "满意度", Target: "≥90%", Weight: 40},
	}, filer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Edit(ctx, projectID, 1, filer, "targets", "", func(sh *store.Sheet) error {
		sh.Rows = sh.Rows[:1]
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateAuditCase(ctx, store.AuditCase{IDNumber: "320682195001010017", Name: "某", Town: "如城街道", Scheme: "居保", Type: "death", Due: 100, Opened: "2024-06-01"},
		store.AuditEvent{At: 1, UserID: adminID, Actor: "管理员", To: "open", Note: "立案"}); err != nil {
		t.Fatal(err)
	}
	return adminID, projectID
}

func TestTrail(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) { testTrail(t, d) })
	}
}

func testTrail(t *testing.T, dialect string) {
	ctx := context.Background()
	s := storetest.Open(t, dialect)
	adminID, pid := trailFixture(t, s)

	c, err := s.VerifyTrail(ctx)
	if err != nil || !c.OK || c.Rows < 12 || len(c.Head) != 64 {
		t.Fatalf("untouched trail: %+v %v", c, err)
	}
	// Every admin action is a row, by the admin, with old and new values.
	page, err := s.SearchTrail(ctx, store.TrailFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]store.Event{}
	for _, e := range page {
		if _, ok := seen[e.Action]; !ok { // the newest of each
			seen[e.Action] = e.Event
		}
	}
	for action, want := range map[string]string{
		store.ActionUnitCreate: "中心", store.ActionUserCreate: "320682********0017", store.ActionUserPassword: "一次性密码",
		store.ActionOwnPassword: "本人", store.ActionUserActive: "启用", store.ActionSetting: "red=50",
	} {
		e, ok := seen[action]
		if !ok || !strings.Contains(e.New, want) {
			t.Errorf("trail lacks %s with %q: %+v", action, want, e)
		}
		if action != store.ActionOwnPassword && ok && e.UserID != adminID {
			t.Errorf("%s by user %d, want the admin %d", action, e.UserID, adminID)
		}
	}
	if strings.Contains(seen[store.ActionUserCreate].New, "320682195001010017") {
		t.Error("the trail holds a full ID number")
	}
	// A deleted indicator keeps its target, weight and score.
	evs, _ := s.Events(ctx, pid, 50)
	var del string
	for _, e := range evs {
		if strings.HasPrefix(e.Old, "删除指标") {
			del = e.Old
		}
	}
	if !strings.Contains(del, "满意度") || !strings.Contains(del, "≥90%") || !strings.Contains(del, "权重 0.004") {
		t.Errorf("deleted indicator in the trail: %q", del)
	}
	// Filters: by user, by action, by project; count.
	if got, _ := s.SearchTrail(ctx, store.TrailFilter{Action: store.ActionSetting, Limit: 10}); len(got) != 1 {
		t.Errorf("by action: %d", len(got))
	}
	if n, _ := s.CountTrail(ctx, store.TrailFilter{ProjectID: pid}); n != int64(len(evs)) {
		t.Errorf("by project: %d, want %d", n, len(evs))
	}
	if got, _ := s.SearchTrail(ctx, store.TrailFilter{UserID: adminID, Limit: 100}); len(got) < 6 {
		t.Errorf("by user: %d", len(got))
	}

	// An audit month and the bureau's budget decision are trail rows.
	if _, err := s.CreateAuditRun(ctx, store.AuditRun{AsOf: "2024-06", Source: "upload", Files: []string{"名册.csv"}, CreatedBy: adminID}, []store.AuditSuspect{{Town: "如城街道", IDNumber: "320682195001010017", Name: "某"}}); err != nil {
		t.Fatal(err)
	}
	for i, dec := range []string{"维持", "压减"} {
		if err := s.SetBudgetDecision(ctx, store.BudgetDecision{ProjectID: pid, Grade: "良", Advice: "维持", Decision: dec, UserID: adminID, DecidedAt: time.Unix(int64(1700000000+i), 0)}); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := s.SearchTrail(ctx, store.TrailFilter{Action: store.ActionAuditRun, Limit: 5}); len(got) != 1 || !strings.Contains(got[0].New, "名册.csv") || got[0].UserID != adminID {
		t.Errorf("audit run in the trail: %+v", got)
	}
	if got, _ := s.SearchTrail(ctx, store.TrailFilter{Action: store.ActionBudgetDecision, Limit: 5}); len(got) != 2 || !strings.Contains(got[0].Old, "维持") || !strings.Contains(got[0].New, "压减") {
		t.Errorf("budget decisions in the trail: %+v", got)
	}
	if c, err := s.VerifyTrail(ctx); err != nil || !c.OK {
		t.Errorf("trail after the audit run and decisions: %+v %v", c, err)
	}

	// A project with a trail cannot be deleted: its trail is kept.
	if _, err := s.DB().ExecContext(ctx, `DELETE FROM projects WHERE id = $1`, pid); err == nil {
		t.Error("deleting a project with a trail was allowed")
	}
}

// TestTrailTamper alters, removes and inserts rows through SQL, as someone
// with the database file would, and expects the first bad row named.
func TestTrailTamper(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			for _, tc := range []struct {
				name, sql, want string
			}{
				{"update", `UPDATE events SET new_value = '95' WHERE seq = 5`, "seq 5 "},
				{"update audit", `UPDATE audit_events SET note = '无' WHERE seq = (SELECT max(seq) FROM audit_events)`, "audit_events"},
				{"delete", `DELETE FROM events WHERE seq = 4`, "seq 5 "},
				{"delete last", `DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)`, "removed"},
				{"insert", `INSERT INTO events (project_id, user_id, at, action, field, old_value, new_value, note) VALUES (NULL, NULL, 1, 'x', '', '', '', '')`, "not in the chain"},
				{"insert after head", `INSERT INTO events (project_id, user_id, at, action, field, old_value, new_value, note, seq, hash) VALUES (NULL, NULL, 1, 'x', '', '', '', '', 100000, 'ab')`, "outside the chain"},
				{"swap", `UPDATE events SET seq = CASE seq WHEN 2 THEN -2 ELSE seq END WHERE seq = 2`, "seq "},
			} {
				s := storetest.Open(t, d)
				trailFixture(t, s)
				if d == "sqlite" { // the guards an intruder would drop first
					for _, g := range []string{"events_keep", "audit_events_keep", "events_fixed", "audit_events_fixed"} {
						if _, err := s.DB().ExecContext(ctx, `DROP TRIGGER `+g); err != nil {
							t.Fatal(err)
						}
					}
				}
				if _, err := s.DB().ExecContext(ctx, tc.sql); err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				c, err := s.VerifyTrail(ctx)
				if err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				if c.OK || !strings.Contains(c.Problem, tc.want) {
					t.Errorf("%s: check = %+v, want a problem naming %q", tc.name, c, tc.want)
				}
			}
		})
	}
}

// TestTrailGuards: on SQLite, triggers refuse to change or delete trail
// rows even through SQL.
func TestTrailGuards(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t, "sqlite")
	trailFixture(t, s)
	for _, q := range []string{`UPDATE events SET note = 'x' WHERE seq = 1`, `DELETE FROM events WHERE seq = 1`, `DELETE FROM audit_events`} {
		if _, err := s.DB().ExecContext(ctx, q); err == nil {
			t.Errorf("%s: allowed", q)
		}
	}
}

// A save that changes many fields writes its trail rows in one batch at
// the end of its transaction (more than one INSERT of 200 rows here):
// every row in the chain, in the order of the change, the chain intact.
func TestTrailBatch(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			s := storetest.Open(t, d)
			ctx := context.Background()
			unit, err := s.CreateUnit(ctx, 0, "中心", store.KindUnit)
			if err != nil {
				t.Fatal(err)
			}
			rows := make([]store.Indicator, 150)
			for i := range rows {
				rows[i] = store.Indicator{Level1: "产出指标", Level3: "指标" + strings.Repeat("甲", i%7) + string(rune('A'+i%26)) + time.Duration(i).String(), Target: "1"}
			}
			id, err := s.CreateProject(ctx, store.Project{UnitID: unit, Year: 2024, Name: "批量"}, rows, 0)
			if err != nil {
				t.Fatal(err)
			}
			sh, _ := s.LoadSheet(ctx, id)
			if _, err := s.Edit(ctx, id, sh.Project.Version, 0, store.ActionActuals, "", func(e *store.Sheet) error {
				for i := range e.Rows {
					e.Rows[i].Actual, e.Rows[i].Basis = "2", "依据"
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			ev, err := s.Events(ctx, id, 1000)
			if err != nil {
				t.Fatal(err)
			}
			if len(ev) < 301 { // creation + 150 actuals + 150 bases
				t.Fatalf("%d trail rows", len(ev))
			}
			c, err := s.VerifyTrail(ctx)
			if err != nil || !c.OK || c.Rows != int64(len(ev))+1 { // and the unit created
				t.Fatalf("verify: %+v %v (%d rows)", c, err, len(ev))
			}
		})
	}
}

// A bulk audit step (a send, a town's replies across runs) writes one
// trail row per suspect in one batch at the end of its transaction:
// N suspects, N rows, each with its suspect, the chain intact; a step
// refused for one suspect writes nothing.
func TestTrailBulkAuditStep(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			s := storetest.Open(t, d)
			ctx := context.Background()
			run1, ch1 := bulkRun(t, s, 450, 0) // more than one INSERT of 200
			run2, ch2 := bulkRun(t, s, 70, 1)
			before, err := s.VerifyTrail(ctx)
			if err != nil || !before.OK {
				t.Fatalf("before: %+v %v", before, err)
			}
			// refused: one suspect of the second run is not in the From state
			bad := append([]store.SuspectChange(nil), ch2...)
			bad[len(bad)-1].From = "town_confirmed"
			err = s.ApplyAuditChangeSets(ctx, []store.AuditChangeSet{{RunID: run1, Changes: ch1}, {RunID: run2, Changes: bad}})
			if !errors.Is(err, store.ErrConflict) {
				t.Fatalf("a stale suspect: %v, want ErrConflict", err)
			}
			if c, err := s.VerifyTrail(ctx); err != nil || !c.OK || c.Rows != before.Rows || c.Head != before.Head {
				t.Fatalf("a refused step wrote to the trail: %+v %v", c, err)
			}
			if err := s.ApplyAuditChangeSets(ctx, []store.AuditChangeSet{{RunID: run1, Times: store.RunTimes{SentAt: 1718000000}, Changes: ch1},
				{RunID: run2, Changes: ch2}}); err != nil {
				t.Fatal(err)
			}
			n := int64(len(ch1) + len(ch2))
			c, err := s.VerifyTrail(ctx)
			if err != nil || !c.OK || c.Rows != before.Rows+n {
				t.Fatalf("after %d suspects: %+v %v (before %d rows)", n, c, err, before.Rows)
			}
			for _, ch := range [][]store.SuspectChange{ch1, ch2} {
				for _, i := range []int{0, len(ch) / 2, len(ch) - 1} {
					ev, err := s.AuditEvents(ctx, ch[i].ID, 0)
					if err != nil || len(ev) != 1 || ev[0].Note != ch[i].Events[0].Note || ev[0].To != "pending" {
						t.Errorf("suspect %d: trail %+v %v", ch[i].ID, ev, err)
					}
					x, err := s.AuditSuspect(ctx, ch[i].ID)
					if err != nil || x.State != "pending" {
						t.Errorf("suspect %d: state %q %v", ch[i].ID, x.State, err)
					}
				}
			}
			if r, _ := s.AuditRun(ctx, run1); r.SentAt != 1718000000 {
				t.Errorf("run dates not written: %+v", r)
			}
			// the trail lists them in the order of the step
			page, err := s.SearchTrail(ctx, store.TrailFilter{Action: "audit", Limit: int(n)})
			if err != nil || int64(len(page)) != n {
				t.Fatalf("%d rows, %v", len(page), err)
			}
			if last, first := page[0], page[len(page)-1]; last.Field != "suspect:"+i64s(ch2[len(ch2)-1].ID) || first.Field != "suspect:"+i64s(ch1[0].ID) {
				t.Errorf("order: first %s, last %s", first.Field, last.Field)
			}
		})
	}
}

func i64s(n int64) string { return strconv.FormatInt(n, 10) }

// TestBulkRefreshesPlannerView: on PostgreSQL, storing a run of
// thousands of suspects, and sending them, leave the table analysed (and
// vacuumed, best effort: another open transaction may keep its pages from
// being marked all-visible), so that the suspect list's pages are read
// from its indexes right away (store.afterBulk).
func TestBulkRefreshesPlannerView(t *testing.T) {
	if !slices.Contains(storetest.Dialects(t), "postgres") {
		t.Skip("PostgreSQL only")
	}
	s := storetest.Open(t, "postgres")
	ctx := context.Background()
	view := func() (tuples float64, analysed time.Time) {
		var at sql.NullTime
		if err := s.DB().QueryRowContext(ctx, `SELECT c.reltuples, s.last_analyze FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
			WHERE c.oid = 'audit_suspects'::regclass`).Scan(&tuples, &at); err != nil {
			t.Fatal(err)
		}
		return tuples, at.Time
	}
	if n, _ := view(); n >= 0 {
		t.Fatalf("a new table has statistics: %v tuples", n)
	}
	run, ch := bulkRun(t, s, 1500, 0)
	n, first := view()
	if n < 1500 || first.IsZero() {
		t.Errorf("after the run: %v tuples, analysed %v", n, first)
	}
	if err := s.ApplyAuditChanges(ctx, run, store.RunTimes{SentAt: 1718000000}, ch); err != nil {
		t.Fatal(err)
	}
	if n, again := view(); n < 1500 || !again.After(first) {
		t.Errorf("after the send: %v tuples, analysed %v (before %v)", n, again, first)
	}
}
