package store_test

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"

	"jixiao/internal/eval"
	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
)

// BenchmarkSave is one self-evaluation save of an eight-row sheet in which
// every row's actual value changes: eight trail rows in the save's
// transaction. Run it with the chain and without, to see what the chain
// costs a write:
//
//	go test ./internal/store -run '^$' -bench Save -benchtime 2000x
//	go test ./internal/store -run '^$' -bench Save -benchtime 2000x -tags jixiao_trail_unchained
//
// "parallel" runs four writers, each on its own project (the trail head
// is the one row they all update). JIXIAO_BENCH_DB=postgres runs it on
// PostgreSQL.
func BenchmarkSave(b *testing.B) {
	s, dialect := benchStore(b)
	ctx := context.Background()
	unit, err := s.CreateUnit(ctx, 0, "社保中心", store.KindUnit)
	if err != nil {
		b.Fatal(err)
	}
	var n atomic.Int64
	newProject := func() (int64, int64) {
		rows := make([]store.Indicator, 8)
		for i := range rows {
			rows[i] = store.Indicator{Level1: "产出指标", Level2: "数量指标", Level3: fmt.Sprintf("指标%d", i), Target: "100", Weight: eval.P(10)}
		}
		id, err := s.CreateProject(ctx, store.Project{UnitID: unit, Year: 2024, Name: fmt.Sprintf("项目%d", n.Add(1))}, rows, 0)
		if err != nil {
			b.Fatal(err)
		}
		p, err := s.Project(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		return id, p.Version
	}
	save := func(id, version int64, k int) int64 {
		v, err := s.Edit(ctx, id, version, 0, "evaluate", "", func(sh *store.Sheet) error {
			for i := range sh.Rows {
				sh.Rows[i].Actual = fmt.Sprint(k*10 + i)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		return v
	}
	b.Logf("%s, trail chained: %v", dialect, store.TrailChained)
	b.Run("serial", func(b *testing.B) {
		id, v := newProject()
		for k := range b.N {
			v = save(id, v, k)
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.SetParallelism(1) // GOMAXPROCS writers (4 with -cpu 4)
		b.RunParallel(func(pb *testing.PB) {
			id, v := newProject()
			for k := 0; pb.Next(); k++ {
				v = save(id, v, k)
			}
		})
	})
}

// benchStore opens an empty store on SQLite, or on PostgreSQL when
// JIXIAO_BENCH_DB=postgres.
func benchStore(b *testing.B) (*store.Store, string) {
	dialect := "sqlite"
	if os.Getenv("JIXIAO_BENCH_DB") == "postgres" {
		dialect = "postgres"
	}
	return storetest.Open(b, dialect), dialect
}
