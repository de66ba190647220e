package web

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"testing"
	"time"

	"jixiao/internal/store"
)

// BenchmarkSuspectList is the load test of the suspect list at 50,000
// suspects: 100 concurrent clients logged in as the auditor, each asking
// for a random page of the list — the next page after a random row as
// the pager's keyset links ask, the same sorted by overpayment, a jump to
// a page by number (OFFSET), one town's pending suspects, the overdue
// ones, a name search — in the two runs of the load harness
// (load_test.go). Run it with:
//
//	go test ./internal/web -run '^$' -bench SuspectList -benchtime 1x
func BenchmarkSuspectList(b *testing.B) {
	dialect := benchDialect()
	e := newEnv(b, dialect)
	start := time.Now()
	run := bigRun(b, e, 50000)
	xs, err := e.st.AuditSuspects(b.Context(), store.SuspectFilter{RunID: run})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d suspects in the run (made in %v)", dialect, len(xs), time.Since(start).Round(time.Second))
	cookies := e.login("jihe").hc.Jar.Cookies(mustURL(e.ts.URL))
	pages := len(xs) / suspectPageSize
	kinds := []string{"next", "sorted", "jump", "town", "overdue", "search"}
	l := load{e: e, label: dialect, clients: 100, perClient: 10, seed: 11, kinds: kinds,
		cookies: func(int) []*http.Cookie { return cookies },
		next: func(r *rand.Rand, i, j int) loadReq {
			kind := kinds[(i+j)%len(kinds)]
			x := xs[r.IntN(len(xs))]
			return loadReq{kind: kind, path: map[string]string{
				"next":    fmt.Sprintf("/audit/suspects?after=%d&from=%d", x.ID, 1+r.IntN(len(xs))),
				"sorted":  fmt.Sprintf("/audit/suspects?sort=overpaid&after=%d&from=%d", x.ID, 1+r.IntN(len(xs))),
				"jump":    fmt.Sprintf("/audit/suspects?page=%d", 1+r.IntN(pages)),
				"town":    "/audit/suspects?state=pending&town=" + url.QueryEscape(x.Town),
				"overdue": fmt.Sprintf("/audit/suspects?overdue=1&page=%d", 1+r.IntN(10)),
				"search":  "/audit/suspects?q=" + url.QueryEscape(x.Name),
			}[kind]}
		}}
	l.run(b)
}
