package store_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jixiao/internal/demo"
	"jixiao/internal/store"
)

// BenchmarkBackup backs up a database of 5,000 projects and a 460,000-row
// audit month (as suspects, more than a real month keeps) while four
// writers keep saving projects. It reports the seconds per backup and the
// saves that went through meanwhile. JIXIAO_BENCH_DB=postgres runs it on
// PostgreSQL.
//
//	go test ./internal/store -run '^$' -bench Backup -benchtime 1x
func BenchmarkBackup(b *testing.B) {
	s, dialect := benchStore(b)
	ctx := context.Background()
	if _, err := demo.Load(ctx, s, func(string) (string, error) { return "x", nil }); err != nil {
		b.Fatal(err)
	}
	if err := demo.Scale(ctx, s, 5000); err != nil {
		b.Fatal(err)
	}
	sus := make([]store.AuditSuspect, 460000)
	for i := range sus {
		sus[i] = store.AuditSuspect{Town: "如城街道", IDNumber: fmt.Sprintf("32068219500101%04d", i%10000), Name: "测试", Scheme: "居保",
			Finding: "death", Kind: "id", Confidence: "confirmed", ReasonZH: "死亡名单身份证号一致", EventDate: "2024-05-01", Monthly: 23500}
	}
	if _, err := s.CreateAuditRun(ctx, store.AuditRun{AsOf: "2024-06", Source: "bench"}, sus); err != nil {
		b.Fatal(err)
	}
	ps, err := s.Projects(ctx, store.ProjectFilter{})
	if err != nil || len(ps) < 5000 {
		b.Fatalf("projects %d %v", len(ps), err)
	}
	b.ResetTimer()
	for range b.N {
		var saves atomic.Int64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					p := ps[rand.IntN(len(ps))]
					cur, err := s.Project(ctx, p.ID)
					if err != nil {
						b.Error(err)
						return
					}
					if _, err := s.Edit(ctx, p.ID, cur.Version, 0, "header", "", func(sh *store.Sheet) error {
						sh.Project.Scope = fmt.Sprint(time.Now().UnixNano())
						return nil
					}); err == nil {
						saves.Add(1)
					}
				}
			}()
		}
		start := time.Now()
		var n countWriter
		m, err := s.Backup(ctx, &n, b.TempDir())
		took := time.Since(start)
		close(stop)
		wg.Wait()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(took.Seconds(), "s/backup")
		b.ReportMetric(float64(n), "bytes")
		b.ReportMetric(float64(saves.Load()), "saves-meanwhile")
		b.Logf("%s: backup of %d projects, %d suspects: %v, %d bytes, %d saves meanwhile", dialect, m.Rows("projects"), m.Rows("audit_suspects"), took, n, saves.Load())
	}
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)
