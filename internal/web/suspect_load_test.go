package web

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"jixiao/internal/store"
	"jixiao/internal/testenv"
)

// BenchmarkSuspectList is the load test of the suspect list at 50,000
// suspects: 100 concurrent clients logged in as the auditor, each asking
// for a random page of the list — the next page after a random row as
// the pager's keyset links ask, the same sorted by overpayment, a jump to
// a page by number (OFFSET), one town's pending suspects, the overdue
// ones, a name search — in two runs
// as BenchmarkPages does (closed: no pause; paced: 0–2 s pauses). It
// reports p50 and p99 latency per kind. Run it with:
//
//	go test ./internal/web -run '^$' -bench SuspectList -benchtime 1x
func BenchmarkSuspectList(b *testing.B) {
	const clients = 100
	perClient := 10
	dialect := "sqlite"
	if os.Getenv("JIXIAO_BENCH_DB") == "postgres" {
		dialect = "postgres"
	}
	e := newEnv(b, dialect)
	start := time.Now()
	run := bigRun(b, e, 50000)
	xs, err := e.st.AuditSuspects(b.Context(), store.SuspectFilter{RunID: run})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d suspects in the run (made in %v)", dialect, len(xs), time.Since(start).Round(time.Second))
	c := e.login("jihe")
	cookies := c.hc.Jar.Cookies(mustURL(e.ts.URL))
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}, Timeout: 60 * time.Second}
	pages := len(xs) / suspectPageSize
	kinds := []string{"next", "sorted", "jump", "town", "overdue", "search"}
	b.ResetTimer()
	for range b.N {
		for _, mode := range []string{"closed", "paced"} {
			var mu sync.Mutex
			lat := map[string][]time.Duration{}
			var wg sync.WaitGroup
			t0, cpu0 := time.Now(), testenv.CPUSeconds()
			for i := range clients {
				wg.Go(func() {
					r := rand.New(rand.NewPCG(uint64(i), 11))
					for j := range perClient {
						kind := kinds[(i+j)%len(kinds)]
						x := xs[r.IntN(len(xs))]
						path := map[string]string{
							"next":    fmt.Sprintf("/audit/suspects?after=%d&from=%d", x.ID, 1+r.IntN(len(xs))),
							"sorted":  fmt.Sprintf("/audit/suspects?sort=overpaid&after=%d&from=%d", x.ID, 1+r.IntN(len(xs))),
							"jump":    fmt.Sprintf("/audit/suspects?page=%d", 1+r.IntN(pages)),
							"town":    "/audit/suspects?state=pending&town=" + url.QueryEscape(x.Town),
							"overdue": fmt.Sprintf("/audit/suspects?overdue=1&page=%d", 1+r.IntN(10)),
							"search":  "/audit/suspects?q=" + url.QueryEscape(x.Name),
						}[kind]
						if mode == "paced" {
							time.Sleep(time.Duration(r.IntN(2000)) * time.Millisecond)
						}
						req, _ := http.NewRequest("GET", e.ts.URL+path, nil)
						for _, ck := range cookies {
							req.AddCookie(ck)
						}
						s := time.Now()
						res, err := hc.Do(req)
						d := time.Since(s)
						if err != nil || res.StatusCode != 200 {
							b.Errorf("%s: %v %v", path, err, res)
							return
						}
						drain(res)
						mu.Lock()
						lat[kind] = append(lat[kind], d)
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			total := time.Since(t0)
			cpu := (testenv.CPUSeconds() - cpu0) / float64(clients*perClient) * 1000
			b.Logf("%s %s: %.1f ms of CPU per request (both cores, the server and the clients)", dialect, mode, cpu)
			b.ReportMetric(cpu, mode+"-cpu-ms/req")
			for _, kind := range kinds {
				p50, p99 := pct(lat[kind], 50), pct(lat[kind], 99)
				b.Logf("%s %s %-8s n=%d p50=%v p99=%v", dialect, mode, kind, len(lat[kind]), p50.Round(10*time.Microsecond), p99.Round(10*time.Microsecond))
				b.ReportMetric(float64(p99.Microseconds())/1000, mode+"-"+kind+"-p99-ms")
			}
			b.Logf("%s %s: %.0f req/s", dialect, mode, float64(clients*perClient)/total.Seconds())
		}
	}
}
