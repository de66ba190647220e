package store_test

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"

	"jixiao/internal/project"
	"jixiao/internal/store"
)

// BenchmarkVerifyTrail checks a chain of 1,000,000 rows (target < 3 s).
// It also reports the CPU seconds per check, which say more than the
// wall clock on a shared machine. JIXIAO_BENCH_DB=postgres runs it on
// PostgreSQL; JIXIAO_BENCH_TRAIL_DB=FILE keeps the filled SQLite file
// between runs.
//
//	go test ./internal/store -run '^$' -bench VerifyTrail -benchtime 1x
func BenchmarkVerifyTrail(b *testing.B) {
	ctx := context.Background()
	var s *store.Store
	if keep := os.Getenv("JIXIAO_BENCH_TRAIL_DB"); keep != "" {
		var err error
		if s, err = project.Open(ctx, keep); err != nil {
			b.Fatal(err)
		}
		defer s.Close()
	} else {
		s, _ = benchStore(b)
	}
	if c, err := s.VerifyTrail(ctx); err != nil || c.Rows < 1000000 {
		if err := store.FillTrail(ctx, s, 1000000-int(c.Rows)); err != nil {
			b.Fatal(err)
		}
	}
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	b.ResetTimer()
	start := cpu()
	for range b.N {
		c, err := s.VerifyTrail(ctx)
		if err != nil || !c.OK || c.Rows < 1000000 {
			b.Fatalf("%+v %v", c, err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/verify")
	b.ReportMetric((cpu()-start).Seconds()/float64(b.N), "cpu-s/verify")
}
