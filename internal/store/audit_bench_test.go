package store_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"jixiao/internal/audit"
	"jixiao/internal/money"
	"jixiao/internal/store"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSendSuspects is the first 下 of a month with 50,000 suspects:
// every suspect moves from unsent to 待镇核实 with one trail row each, in
// one transaction (what auditdb.Send writes). The run is stored afresh
// before each send, outside the timer.
//
//	go test ./internal/store -run '^$' -bench SendSuspects -benchtime 1x
//
// JIXIAO_BENCH_DB=postgres runs it on PostgreSQL.
func BenchmarkSendSuspects(b *testing.B) {
	const n = 50000
	s, dialect := benchStore(b)
	ctx := context.Background()
	b.Logf("%s, trail chained: %v", dialect, store.TrailChained)
	var cpu time.Duration
	for k := range b.N {
		b.StopTimer()
		runID, ch := bulkRun(b, s, n, k)
		b.StartTimer()
		start := cpuTime()
		if err := s.ApplyAuditChanges(ctx, runID, store.RunTimes{SentAt: 1718000000, ReplyDue: 1718900000}, ch); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - start
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/send")
	// this process's CPU: on SQLite the database's work too, which a
	// loaded machine does not inflate as it does the wall clock
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/send")
}

// bulkRun stores a run of n suspects over twenty towns and returns the
// changes that send them all, one trail row each.
func bulkRun(tb testing.TB, s *store.Store, n, k int) (int64, []store.SuspectChange) {
	tb.Helper()
	ctx := context.Background()
	sus := make([]store.AuditSuspect, n)
	for i := range sus {
		sus[i] = store.AuditSuspect{Town: fmt.Sprintf("镇%02d", i%20), IDNumber: fmt.Sprintf("3206821950%08d", i), Name: fmt.Sprintf("某%d", i),
			Scheme: "居保", Finding: "death", Kind: "exact", Confidence: "confirmed", Monthly: money.Fen(21500), OverpaidMonths: 2, Overpaid: money.Fen(43000)}
	}
	runID, err := s.CreateAuditRun(ctx, store.AuditRun{AsOf: fmt.Sprintf("2024-%02d", k%12+1), Source: "demo", ReplyDays: 10, ConfirmDays: 5}, sus)
	if err != nil {
		tb.Fatal(err)
	}
	xs, err := s.AuditSuspects(ctx, store.SuspectFilter{RunID: runID})
	if err != nil || len(xs) != n {
		tb.Fatalf("%d suspects, %v", len(xs), err)
	}
	ch := make([]store.SuspectChange, n)
	for i, x := range xs {
		ch[i] = store.SuspectChange{ID: x.ID, To: string(audit.StatePending), Events: []store.AuditEvent{{At: 1718000000 + int64(i%7), Actor: "稽核员",
			ActorRole: string(audit.RoleCity), To: string(audit.StatePending), Note: "下发至" + x.Town}}}
	}
	return runID, ch
}
