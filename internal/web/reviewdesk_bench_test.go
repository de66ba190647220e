//go:build unix

package web

import (
	"context"
	"net/http"
	"syscall"
	"testing"
	"time"

	"jixiao/internal/demo"
	"jixiao/internal/store"
)

// BenchmarkReviewDeskPage10k is the web review desk (复核工作台) over a year
// of 10,000 stored projects (the demo scaled: copies of the center's eight
// 2023 projects in synthetic units, so the text reuse is heavy), a sample
// of 100 included: every sheet loaded, checked and reviewed, the page
// rendered. It reports the process's CPU seconds per page beside the wall
// time. Run it with:
//
//	go test ./internal/web -run '^$' -bench ReviewDeskPage -benchtime 1x
func BenchmarkReviewDeskPage10k(b *testing.B) {
	e := newEnv(b, "sqlite")
	ctx := context.Background()
	start := time.Now()
	if err := demo.Scale(ctx, e.st, maxSummaryProjects); err != nil { // 2023 within the desk's limit
		b.Fatal(err)
	}
	n, err := e.st.CountProjects(ctx, store.ProjectFilter{Year: 2023})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("scaled to %d projects of 2023 in %v", n, time.Since(start).Round(time.Second))
	fin := e.login("caizheng")
	fin.hc.Timeout = 20 * time.Minute // the page, not the client, is measured
	b.ResetTimer()
	cpu := processCPU()
	for b.Loop() {
		res := fin.get("/finance/reviewdesk?year=2023&sample=100&seed=1")
		if res.code != http.StatusOK {
			b.Fatalf("desk: %d %.300s", res.code, res.body)
		}
	}
	b.ReportMetric((processCPU()-cpu)/float64(b.N), "cpu-s/op")
}

// processCPU is the process's user + system CPU seconds.
func processCPU() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}
