package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"jixiao/internal/money"
	"jixiao/internal/project"
	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
)

// pageFixture stores a run of n suspects with many ties in every order
// (3 towns, 2 schemes, 5 amounts, repeated names and dates), so that a
// page boundary falls inside runs of equal values.
func pageFixture(n int) []store.AuditSuspect {
	towns := []string{"如城街道", "东陈镇", "丁堰镇"}
	names := []string{"王芳", "王小芳", "李四", "芳华", "张三丰"}
	xs := make([]store.AuditSuspect, n)
	for i := range xs {
		xs[i] = store.AuditSuspect{Town: towns[i%3], Scheme: []string{"居保", "被征地"}[i%2], Name: names[i%5] + fmt.Sprint(i%7),
			IDNumber: fmt.Sprintf("3206821950%08d", i*37%100000000), Finding: "death", Kind: "exact", Confidence: "confirmed",
			EventDate: fmt.Sprintf("2024-0%d-01", 1+i%4), OverpaidMonths: i % 4, Overpaid: money.Fen(100 * (i % 5))}
	}
	xs[11].IDNumber = "32068219500101123X"
	return xs
}

func ids(xs []store.AuditSuspect) []int64 {
	out := make([]int64, len(xs))
	for i, x := range xs {
		out[i] = x.ID
	}
	return out
}

// TestSuspectPages: for every order, walking the list page by page after
// the last row (keyset), back before the first row, and by offset gives
// exactly the whole list in its order, ties included; a second run makes
// the default order's run column matter.
func TestSuspectPages(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			s := storetest.Open(t, d)
			ctx := context.Background()
			for range 2 {
				if _, err := s.CreateAuditRun(ctx, store.AuditRun{AsOf: "2024-06", Source: "test"}, pageFixture(230)); err != nil {
					t.Fatal(err)
				}
			}
			for sort := range store.SuspectSorts {
				q := store.SuspectQuery{Sort: sort}
				all, total, err := s.AuditSuspectsPage(ctx, q)
				if err != nil || total != 460 || len(all) != 460 {
					t.Fatalf("sort %q: %d of %d, %v", sort, len(all), total, err)
				}
				want := ids(all)
				q.Limit = 37
				var fwd, off []int64
				for page := 0; len(fwd) < len(want)+37; page++ {
					q.Offset = page * 37
					xs, _, err := s.AuditSuspectsPage(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if len(xs) == 0 {
						break
					}
					fwd = append(fwd, ids(xs)...)
					q.After = xs[len(xs)-1].ID
				}
				for page := 0; ; page++ {
					xs, _, err := s.AuditSuspectsPage(ctx, store.SuspectQuery{Sort: sort, SuspectFilter: store.SuspectFilter{Limit: 37}, Offset: page * 37})
					if err != nil {
						t.Fatal(err)
					}
					if len(xs) == 0 {
						break
					}
					off = append(off, ids(xs)...)
				}
				var back []int64
				q = store.SuspectQuery{Sort: sort, SuspectFilter: store.SuspectFilter{Limit: 37}, Before: want[len(want)-1]}
				for {
					xs, _, err := s.AuditSuspectsPage(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if len(xs) == 0 {
						break
					}
					back = append(ids(xs), back...)
					q.Before = xs[0].ID
				}
				back = append(back, want[len(want)-1])
				if !slices.Equal(fwd, want) || !slices.Equal(off, want) || !slices.Equal(back, want) {
					t.Errorf("sort %q: keyset forward %v…, backward %v…, offset %v…, want %v…", sort, head(fwd), head(back), head(off), head(want))
				}
			}
		})
	}
}

func head(xs []int64) []int64 { return xs[:min(len(xs), 8)] }

// TestSuspectSearch: a part of a name and the last digits of an ID number
// find exactly the suspects a scan would, through the search keys — those
// written with the run and those migration 0141 derives for older rows.
func TestSuspectSearch(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, d)
			old, err := store.OpenAt(ctx, dsn, 140)
			if err != nil {
				t.Fatal(err)
			}
			// a run stored before 0141: no search keys
			db := old.DB()
			var run int64
			if err := db.QueryRowContext(ctx, `INSERT INTO audit_runs (as_of, source, created_at) VALUES ('2024-05', 'old', 1) RETURNING id`).Scan(&run); err != nil {
				t.Fatal(err)
			}
			fx := pageFixture(60)
			for _, x := range fx[:30] {
				if _, err := db.ExecContext(ctx, `INSERT INTO audit_suspects (run_id, town, id_number, name, scheme, finding, kind, confidence) VALUES ($1, $2, $3, $4, $5, 'death', 'exact', 'confirmed')`,
					run, x.Town, x.IDNumber, x.Name, x.Scheme); err != nil {
					t.Fatal(err)
				}
			}
			old.Close()
			s, err := project.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, err := s.CreateAuditRun(ctx, store.AuditRun{AsOf: "2024-06", Source: "test"}, fx[30:]); err != nil {
				t.Fatal(err)
			}
			all, _, err := s.AuditSuspectsPage(ctx, store.SuspectQuery{})
			if err != nil || len(all) != 60 {
				t.Fatalf("%d suspects, %v", len(all), err)
			}
			for _, q := range []string{"芳", "王", "小芳", "王芳3", "张三丰6", "1123x", "123X", "0", fx[40].IDNumber, fx[3].IDNumber[12:], "不存在", "%", "_"} {
				// digits (and a final X) are the end of an ID number, the rest part of a name
				number := strings.Trim(strings.TrimSuffix(strings.ToUpper(q), "X"), "0123456789") == ""
				var want []int64
				for _, x := range all {
					if number && strings.HasSuffix(x.IDNumber, strings.ToUpper(q)) || !number && strings.Contains(x.Name, q) {
						want = append(want, x.ID)
					}
				}
				got, n, err := s.AuditSuspectsPage(ctx, store.SuspectQuery{Search: q, SuspectFilter: store.SuspectFilter{Limit: 100}})
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(ids(got), want) || n != len(want) {
					t.Errorf("search %q: %v (count %d), want %v", q, ids(got), n, want)
				}
			}
		})
	}
}

// TestOverduePages: the overdue filter's pages are the same whether they
// are read in the sort's order (many overdue) or from the overdue runs
// (few), and hold exactly the suspects past their deadline.
func TestOverduePages(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			s := storetest.Open(t, d)
			ctx := context.Background()
			var runs []int64
			for range 2 {
				id, err := s.CreateAuditRun(ctx, store.AuditRun{AsOf: "2024-06", Source: "test"}, pageFixture(150))
				if err != nil {
					t.Fatal(err)
				}
				runs = append(runs, id)
			}
			now := time.Unix(1_800_000_000, 0)
			db := s.DB()
			// run 1 past its reply deadline, run 2 not, but its stops past theirs
			for _, q := range []string{
				`UPDATE audit_suspects SET state = 'pending'`,
				`UPDATE audit_suspects SET state = 'town_confirmed' WHERE id % 5 = 0`,
				`UPDATE audit_suspects SET state = 'suspension_issued' WHERE id % 7 = 0`,
			} {
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.ExecContext(ctx, `UPDATE audit_runs SET reply_due = $1, confirm_due = $2 WHERE id = $3`, now.Unix()-1, now.Unix()+9, runs[0]); err != nil {
				t.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, `UPDATE audit_runs SET reply_due = $1, confirm_due = $2 WHERE id = $3`, now.Unix()+1, now.Unix()-9, runs[1]); err != nil {
				t.Fatal(err)
			}
			all, _, err := s.AuditSuspectsPage(ctx, store.SuspectQuery{Sort: "overpaid"})
			if err != nil {
				t.Fatal(err)
			}
			var want []int64
			for _, x := range all {
				if x.RunID == runs[0] && x.State == "pending" || x.RunID == runs[1] && x.State == "suspension_issued" {
					want = append(want, x.ID)
				}
			}
			for _, dense := range []int{0, 1 << 30} {
				restore := store.SetDenseOverdue(dense)
				q := store.SuspectQuery{Sort: "overpaid", Overdue: true, Now: now, SuspectFilter: store.SuspectFilter{Limit: 40, State: "sent"}}
				var got []int64
				for {
					xs, n, err := s.AuditSuspectsPage(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if n != len(want) {
						t.Errorf("dense from %d: count %d, want %d", dense, n, len(want))
					}
					if len(xs) == 0 {
						break
					}
					got = append(got, ids(xs)...)
					q.After = xs[len(xs)-1].ID
				}
				restore()
				if !slices.Equal(got, want) || len(want) == 0 {
					t.Errorf("dense from %d: %d overdue %v…, want %d %v…", dense, len(got), head(got), len(want), head(want))
				}
			}
			// before any deadline: none overdue
			early := store.SuspectQuery{Overdue: true, Now: time.Unix(1, 0), SuspectFilter: store.SuspectFilter{Limit: 40, State: "sent"}}
			if xs, n, err := s.AuditSuspectsPage(ctx, early); err != nil || n != 0 || len(xs) != 0 {
				t.Errorf("none overdue: %d rows, count %d, %v", len(xs), n, err)
			}
			if n, err := s.CountOverdueSuspects(ctx, store.SuspectFilter{State: "sent"}, now); err != nil || n != len(want) {
				t.Errorf("count overdue: %d, want %d (%v)", n, len(want), err)
			}
		})
	}
}
