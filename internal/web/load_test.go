package web

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"jixiao/internal/demo"
	"jixiao/internal/eval"
	"jixiao/internal/store"
	"jixiao/internal/testenv"
)

// The load tests (BenchmarkPages, BenchmarkPagesWithSaves,
// BenchmarkSuspectList) share one harness: clients on loopback, each
// making its requests in turn, in two runs — "closed", each client asking
// again the moment it has its answer (the machine's throughput), and
// "paced", each client pausing 0–2 s between requests as a person at a
// desk does. They report p50 and p99 latency per kind of request.

// loadReq is one request of a load test; a GET unless form is set (then a
// POST, which must answer 303).
type loadReq struct {
	kind, path string
	form       url.Values
	cookies    []*http.Cookie // the session, when not the client's
}

// load is a load test's clients and what they ask.
type load struct {
	e         *env
	label     string // dialect, and what else the figures depend on
	clients   int
	perClient int
	seed      uint64
	kinds     []string                                  // the kinds reported, in order
	cookies   func(client int) []*http.Cookie           // the client's session
	next      func(r *rand.Rand, client, j int) loadReq // the client's j-th request
	hc        *http.Client
}

func (l *load) run(b *testing.B) {
	b.ResetTimer()
	for range b.N {
		for _, mode := range []string{"closed", "paced"} {
			l.mode(b, mode)
		}
	}
}

// mode runs the clients once: "paced" pausing between requests, any
// other mode not.
func (l *load) mode(b *testing.B, mode string) {
	if l.hc == nil {
		l.hc = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: l.clients, MaxConnsPerHost: l.clients}, Timeout: 60 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	var mu sync.Mutex
	lat := map[string][]time.Duration{}
	var wg sync.WaitGroup
	t0, cpu0 := time.Now(), testenv.CPUSeconds()
	for i := range l.clients {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(i), l.seed))
			for j := range l.perClient {
				q := l.next(r, i, j)
				if mode == "paced" {
					time.Sleep(time.Duration(r.IntN(2000)) * time.Millisecond)
				}
				req, _ := http.NewRequest(http.MethodGet, l.e.ts.URL+q.path, nil)
				want := http.StatusOK
				if q.form != nil {
					req, _ = http.NewRequest(http.MethodPost, l.e.ts.URL+q.path, strings.NewReader(q.form.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.Header.Set("Origin", l.e.ts.URL)
					want = http.StatusSeeOther
				}
				cookies := q.cookies
				if cookies == nil {
					cookies = l.cookies(i)
				}
				for _, ck := range cookies {
					req.AddCookie(ck)
				}
				s := time.Now()
				res, err := l.hc.Do(req)
				d := time.Since(s)
				if err != nil || res.StatusCode != want {
					b.Errorf("%s %s: %v %v", req.Method, q.path, err, res)
					return
				}
				drain(res)
				mu.Lock()
				lat[q.kind] = append(lat[q.kind], d)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	total := time.Since(t0)
	cpu := (testenv.CPUSeconds() - cpu0) / float64(l.clients*l.perClient) * 1000
	b.Logf("%s %s: %.1f ms of CPU per request (both cores, the server and the clients)", l.label, mode, cpu)
	b.ReportMetric(cpu, mode+"-cpu-ms/req")
	for _, kind := range l.kinds {
		p50, p99 := pct(lat[kind], 50), pct(lat[kind], 99)
		b.Logf("%s %s %-8s n=%d p50=%v p99=%v", l.label, mode, kind, len(lat[kind]), p50.Round(10*time.Microsecond), p99.Round(10*time.Microsecond))
		b.ReportMetric(float64(p99.Microseconds())/1000, mode+"-"+kind+"-p99-ms")
	}
	rate := float64(l.clients*l.perClient) / total.Seconds()
	b.Logf("%s %s: %.0f req/s", l.label, mode, rate)
	b.ReportMetric(rate, mode+"-req/s")
}

func benchDialect() string {
	if os.Getenv("JIXIAO_BENCH_DB") == "postgres" {
		return "postgres"
	}
	return "sqlite"
}

// scaledEnv is the demo scaled to 5,000 projects, and the 2023 ones.
func scaledEnv(b *testing.B, dialect string) (*env, []store.Project) {
	const projects = 5000
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
	return e, ps
}

// pageRequest is the bureau's reading: the overview or a project's page.
func pageRequest(r *rand.Rand, ps []store.Project, j int) loadReq {
	if j%2 == 1 {
		return loadReq{kind: "project", path: fmt.Sprintf("/projects/%d", ps[r.IntN(len(ps))].ID)}
	}
	return loadReq{kind: "overview", path: fmt.Sprintf("/projects?year=2023&page=%d", 1+r.IntN(len(ps)/100))}
}

// BenchmarkPages is the bounded load test of issue 3: the demo data scaled
// to 5,000 projects, 100 concurrent clients on loopback, each asking in
// turn for the overview (/projects, a page of 100 rows with the year's
// totals) and a random project's page. Run it with:
//
//	go test ./internal/web -run '^$' -bench 'Pages$' -benchtime 1x
//
// JIXIAO_BENCH_DB=postgres runs it against PostgreSQL instead.
func BenchmarkPages(b *testing.B) {
	perClient := 40
	if os.Getenv("JIXIAO_BENCH_QUICK") != "" {
		perClient = 6
	}
	dialect := benchDialect()
	e, ps := scaledEnv(b, dialect)
	cookies := e.login("caizheng").hc.Jar.Cookies(mustURL(e.ts.URL))
	l := load{e: e, label: dialect, clients: 100, perClient: perClient, seed: 7, kinds: []string{"overview", "project"},
		cookies: func(int) []*http.Cookie { return cookies },
		next:    func(r *rand.Rand, _, j int) loadReq { return pageRequest(r, ps, j) }}
	l.run(b)
}

// BenchmarkPagesWithSaves is BenchmarkPages with writes: of the 100
// clients, 20 are filers each saving the self-evaluation of a project of
// their own (eight rows, every actual value changed: eight trail rows per
// save), and 80 read as in BenchmarkPages. It reports p50 and p99 of the
// saves beside the pages'. Run it with the trail chain and without, to
// see what the chain costs (issue 17):
//
//	go test ./internal/web -run '^$' -bench PagesWithSaves -benchtime 1x
//	go test ./internal/web -run '^$' -bench PagesWithSaves -benchtime 1x -tags jixiao_trail_unchained
func BenchmarkPagesWithSaves(b *testing.B) {
	const clients, writers = 100, 20
	perClient := 40
	if os.Getenv("JIXIAO_BENCH_QUICK") != "" {
		perClient = 6
	}
	dialect := benchDialect()
	e, ps := scaledEnv(b, dialect)
	ctx := context.Background()
	filer, err := e.st.UserByName(ctx, "tianbao")
	if err != nil {
		b.Fatal(err)
	}
	// each writer's project and the version its next save is based on
	own := make([]store.Sheet, writers)
	version := make([]int64, writers)
	for w := range writers {
		rows := make([]store.Indicator, 8)
		for i := range rows {
			rows[i] = store.Indicator{Level1: "产出指标", Level2: "数量指标", Level3: fmt.Sprintf("办理件数%d", i), Target: "≥100", Weight: eval.P(10)}
		}
		id, err := e.st.CreateProject(ctx, store.Project{UnitID: filer.UnitID, Year: 2024, Name: fmt.Sprintf("负载测试项目%02d", w), Template: "framework"}, rows, filer.ID)
		if err != nil {
			b.Fatal(err)
		}
		if own[w], err = e.st.LoadSheet(ctx, id); err != nil {
			b.Fatal(err)
		}
		version[w] = own[w].Project.Version
	}
	readCookies := e.login("caizheng").hc.Jar.Cookies(mustURL(e.ts.URL))
	writeCookies := e.login("tianbao").hc.Jar.Cookies(mustURL(e.ts.URL))
	writer := func(client int) int {
		if client%(clients/writers) == 0 {
			return client / (clients / writers)
		}
		return -1
	}
	l := load{e: e, label: fmt.Sprintf("%s chain=%v", dialect, store.TrailChained), clients: clients, perClient: perClient, seed: 13,
		kinds: []string{"overview", "project", "save"},
		cookies: func(client int) []*http.Cookie {
			if writer(client) >= 0 {
				return writeCookies
			}
			return readCookies
		},
		next: func(r *rand.Rand, client, j int) loadReq {
			w := writer(client)
			if w < 0 {
				return pageRequest(r, ps, j)
			}
			sh := &own[w]
			form := url.Values{"version": {strconv.FormatInt(version[w], 10)}}
			for i, row := range sh.Rows {
				form.Set(fmt.Sprintf("id_%d", i), strconv.FormatInt(row.ID, 10))
				form.Set(fmt.Sprintf("actual_%d", i), strconv.Itoa(100+r.IntN(1000)))
			}
			version[w]++ // a failed save ends the client
			return loadReq{kind: "save", path: fmt.Sprintf("/projects/%d/evaluate", sh.Project.ID), form: form}
		}}
	l.run(b)
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
