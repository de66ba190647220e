package web

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"jixiao/internal/demo"
	"jixiao/internal/store"
)

// BenchmarkPages is the bounded load test of issue 3: the demo data scaled
// to 5,000 projects, 100 concurrent clients on loopback, each asking in
// turn for the overview (/projects, a page of 100 rows with the year's
// totals) and a random project's page. It reports p50 and p99 latency.
// Run it with:
//
//	go test ./internal/web -run '^$' -bench Pages -benchtime 1x
//
// JIXIAO_BENCH_DB=postgres://… runs it against PostgreSQL instead.
func BenchmarkPages(b *testing.B) {
	const projects, clients = 5000, 100
	perClient := 40
	if os.Getenv("JIXIAO_BENCH_QUICK") != "" {
		perClient = 6
	}
	dialect := "sqlite"
	if os.Getenv("JIXIAO_BENCH_DB") == "postgres" {
		dialect = "postgres"
	}
	e := newEnv(b, dialect)
	ctx := context.Background()
	start := time.Now()
	if err := demo.Scale(ctx, e.st, projects); err != nil {
		b.Fatal(err)
	}
	ps, err := e.st.Projects(ctx, store.ProjectFilter{Year: 2023})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: scaled to %d projects (2023: %d) in %v", dialect, projects, len(ps), time.Since(start).Round(time.Second))
	c := e.login("caizheng")
	cookies := c.hc.Jar.Cookies(mustURL(e.ts.URL))
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	b.ResetTimer()
	for range b.N {
		// Two runs: "closed", each client asking again the moment it has its
		// answer (the machine's throughput); and "paced", each client pausing
		// 0–2 s between requests as a person at a desk does (≈100 req/s).
		for _, mode := range []string{"closed", "paced"} {
			loadRun(b, e, hc, cookies, ps, mode, dialect, clients, perClient)
		}
	}
}

func loadRun(b *testing.B, e *env, hc *http.Client, cookies []*http.Cookie, ps []store.Project, mode, dialect string, clients, perClient int) {
	{
		var mu sync.Mutex
		lat := map[string][]time.Duration{}
		var wg sync.WaitGroup
		t0 := time.Now()
		for i := range clients {
			wg.Go(func() {
				r := rand.New(rand.NewPCG(uint64(i), 7))
				for j := range perClient {
					kind, path := "overview", fmt.Sprintf("/projects?year=2023&page=%d", 1+r.IntN(len(ps)/100))
					if j%2 == 1 {
						kind, path = "project", fmt.Sprintf("/projects/%d", ps[r.IntN(len(ps))].ID)
					}
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
		for _, kind := range []string{"overview", "project"} {
			p50, p99 := pct(lat[kind], 50), pct(lat[kind], 99)
			b.Logf("%s %s %-8s n=%d p50=%v p99=%v", dialect, mode, kind, len(lat[kind]), p50.Round(10*time.Microsecond), p99.Round(10*time.Microsecond))
			b.ReportMetric(float64(p99.Microseconds())/1000, mode+"-"+kind+"-p99-ms")
		}
		b.Logf("%s %s: %.0f req/s", dialect, mode, float64(clients*perClient)/total.Seconds())
		b.ReportMetric(float64(clients*perClient)/total.Seconds(), mode+"-req/s")
	}
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, len(s)*p/100)]
}

func drain(res *http.Response) {
	buf := make([]byte, 32<<10)
	for {
		if _, err := res.Body.Read(buf); err != nil {
			break
		}
	}
	res.Body.Close()
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
