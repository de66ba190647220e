package web

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"jixiao/internal/demo"
	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
)

// env is a running server over a store loaded with the demo data.
type env struct {
	t   testing.TB
	st  *store.Store
	srv *Server
	ts  *httptest.Server
	// Projects by name and year.
	ids map[string]int64
}

func cheapHasher() *Hasher { return NewHasher(1, 1024, 1, 8) }

func newEnv(t testing.TB, dialect string) *env {
	t.Helper()
	return newEnvOpt(t, dialect, false)
}

// newEnvOpt is newEnv, on the demo's own clock (demo.Today) when demoClock
// is set, as `serve --demo` runs.
func newEnvOpt(t testing.TB, dialect string, demoClock bool) *env {
	t.Helper()
	st := storetest.Open(t, dialect)
	ctx := context.Background()
	opt := Options{Hasher: cheapHasher()}
	if demoClock {
		opt.Now, opt.DemoDate = demo.Clock(time.Now()), true
		st.Now = opt.Now
	}
	if _, err := demo.Load(ctx, st, cheapHasher().Hash); err != nil {
		t.Fatalf("demo: %v", err)
	}
	srv, err := New(st, opt)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	e := &env{t: t, st: st, srv: srv, ts: ts, ids: map[string]int64{}}
	ps, err := st.Projects(ctx, store.ProjectFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		e.ids[p.Name+"/"+itoa(p.Year)] = p.ID
	}
	return e
}

func itoa(n int) string { return strconv.Itoa(n) }

func (e *env) id(name string, year int) int64 {
	id, ok := e.ids[name+"/"+itoa(year)]
	if !ok {
		e.t.Fatalf("no project %s %d", name, year)
	}
	return id
}

// client is a browser-like client: cookies, same-origin Origin header on
// POSTs, no automatic redirects.
type client struct {
	e  *env
	hc *http.Client
}

type originRT struct{ origin string }

func (o originRT) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost {
		r.Header.Set("Origin", o.origin)
	}
	return http.DefaultTransport.RoundTrip(r)
}

func (e *env) anon() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, hc: &http.Client{Jar: jar, Transport: originRT{e.ts.URL}, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (e *env) login(user string) *client {
	e.t.Helper()
	c := e.anon()
	res := c.post("/login", url.Values{"username": {user}, "password": {demo.Password}})
	if res.code != http.StatusSeeOther {
		e.t.Fatalf("login %s: %d %s", user, res.code, res.body)
	}
	return c
}

type result struct {
	code     int
	body     string
	location string
}

func (c *client) do(req *http.Request) result {
	c.e.t.Helper()
	res, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return result{res.StatusCode, string(b), res.Header.Get("Location")}
}

func (c *client) get(path string) result {
	c.e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.e.ts.URL+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values) result {
	c.e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.e.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// want fails unless the result has the status and contains every text.
func (r result) want(t testing.TB, what string, code int, texts ...string) {
	t.Helper()
	if r.code != code {
		body := r.body
		if len(body) > 600 {
			body = body[:600]
		}
		t.Fatalf("%s: status %d, want %d; location %q; body %s", what, r.code, code, r.location, body)
	}
	for _, x := range texts {
		if !strings.Contains(r.body, x) {
			t.Fatalf("%s: body lacks %q", what, x)
		}
	}
}
