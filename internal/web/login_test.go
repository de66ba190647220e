package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"jixiao/internal/demo"
	"jixiao/internal/store/storetest"
)

// clockEnv is a demo server with a clock the test moves and a trusted
// proxy at 127.0.0.1, so that X-Forwarded-For names the client.
func clockEnv(t *testing.T, dialect string, now *time.Time) *env {
	t.Helper()
	st := storetest.Open(t, dialect)
	if _, err := demo.Load(context.Background(), st, cheapHasher().Hash); err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return *now }
	st.Now = clock
	srv, err := New(st, Options{Hasher: cheapHasher(), Now: clock, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &env{t: t, st: st, srv: srv, ts: ts}
}

// loginFrom posts a login as if from client address addr behind the proxy.
func loginFrom(t *testing.T, e *env, addr, user, pw string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", e.ts.URL+"/login", strings.NewReader(url.Values{"username": {user}, "password": {pw}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", e.ts.URL)
	req.Header.Set("X-Forwarded-For", addr)
	res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	// Apart from the name typed, the page must not differ.
	return res.StatusCode, strings.ReplaceAll(string(b), `value="`+user+`"`, `value="NAME"`)
}

func TestLoginHardening(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			e := clockEnv(t, d, &now)
			// An outsider at 10.0.0.66 guesses shenhe's password.
			for i := 0; i < 5; i++ {
				loginFrom(t, e, "10.0.0.66", "shenhe", "guess")
			}
			// Unknown user, wrong password, delayed account: one answer.
			c1, wrong := loginFrom(t, e, "10.0.0.77", "shenhe", "wrong")
			c2, unknown := loginFrom(t, e, "10.0.0.77", "nobody", "wrong")
			c3, delayed := loginFrom(t, e, "10.0.0.66", "shenhe", demo.Password)
			if c1 != 401 || c2 != 401 || c3 != 401 {
				t.Fatalf("statuses %d %d %d, want 401 for each", c1, c2, c3)
			}
			if wrong != unknown || wrong != delayed {
				t.Errorf("the answers differ:\nwrong:   %s\nunknown: %s\ndelayed: %s", excerpt(wrong), excerpt(unknown), excerpt(delayed))
			}
			// The outsider did not lock the user out: from the user's own
			// desk the right password works at once.
			if code, _ := loginFrom(t, e, "10.0.0.5", "shenhe", demo.Password); code != 303 {
				t.Errorf("the user at another address: %d, want 303", code)
			}
			// Another failure doubles the outsider's delay (1 min → 2 min);
			// once it has passed, the right password works from there too.
			loginFrom(t, e, "10.0.0.66", "caizheng", "guess")
			for i := 0; i < 5; i++ {
				loginFrom(t, e, "10.0.0.66", "caizheng", "guess")
			}
			now = now.Add(61 * time.Second)
			if code, _ := loginFrom(t, e, "10.0.0.66", "caizheng", demo.Password); code != 401 {
				t.Errorf("within the doubled delay: %d, want 401", code)
			}
			now = now.Add(5 * time.Minute)
			if code, _ := loginFrom(t, e, "10.0.0.66", "caizheng", demo.Password); code != 303 {
				t.Errorf("after the delay, the right password: %d, want 303", code)
			}
			// One address spraying many names is stopped (429) — but only
			// that address: behind the same proxy everyone else logs in.
			for i := 0; i < 25; i++ {
				loginFrom(t, e, "10.0.0.99", "x"+itoa(i), "guess")
			}
			if code, _ := loginFrom(t, e, "10.0.0.99", "tianbao", demo.Password); code != 429 {
				t.Errorf("spraying address: %d, want 429", code)
			}
			if code, _ := loginFrom(t, e, "10.0.0.8", "tianbao", demo.Password); code != 303 {
				t.Errorf("another client behind the proxy: %d, want 303", code)
			}
		})
	}
}

func excerpt(s string) string {
	if i := strings.Index(s, `class="error"`); i >= 0 {
		return s[i:min(len(s), i+200)]
	}
	return s[:min(len(s), 200)]
}

// TestForwardedForIgnored: without a trusted proxy, X-Forwarded-For is
// ignored: a client cannot pick a fresh address for each guess.
func TestForwardedForIgnored(t *testing.T) {
	e := newEnv(t, "sqlite")
	code := 0
	for i := 0; i < 25; i++ {
		code, _ = loginFrom(t, e, "10.1.0."+itoa(i), "nobody", "x")
	}
	if code != http.StatusTooManyRequests {
		t.Errorf("spoofed addresses: %d, want 429", code)
	}
	s := &Server{opt: Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}}
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.0.0.1:5000"
	r.Header.Set("X-Forwarded-For", "203.0.113.9, 192.0.2.7, 10.0.0.2")
	if got := s.clientAddr(r); got != "192.0.2.7" {
		t.Errorf("client behind two proxies = %s, want the right-most untrusted 192.0.2.7", got)
	}
	r.RemoteAddr = "192.0.2.50:5000"
	if got := s.clientAddr(r); got != "192.0.2.50" {
		t.Errorf("header from an untrusted peer honoured: %s", got)
	}
}

// TestSessionLimits: an absolute lifetime beside the idle timeout, every
// session ended by a password change, no-store on pages, HSTS when secure.
func TestSessionLimits(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			e := clockEnv(t, d, &now)
			c := e.login("tianbao")
			for i := 0; i < 35; i++ { // active every 20 minutes for 11 h 40 min
				now = now.Add(20 * time.Minute)
				c.get("/projects").want(t, "active session", 200)
			}
			now = now.Add(21 * time.Minute) // 12 h 01 min after login
			if res := c.get("/projects"); res.code != http.StatusSeeOther || !strings.HasPrefix(res.location, "/login") {
				t.Errorf("after 12 hours: %d %q, want the login page", res.code, res.location)
			}

			// A password change ends the user's other sessions too.
			a, b := e.login("tianbao"), e.login("tianbao")
			a.post("/account/password", url.Values{"old": {demo.Password}, "new": {"a-new-password-1"}, "confirm": {"a-new-password-1"}}).want(t, "change", 303)
			if res := b.get("/projects"); res.code != http.StatusSeeOther {
				t.Errorf("other session after a password change: %d", res.code)
			}

			res, err := e.login("caizheng").hc.Get(e.ts.URL + "/projects")
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("project list Cache-Control %q", cc)
			}
			if res.Header.Get("Strict-Transport-Security") != "" {
				t.Error("HSTS over plain HTTP without --secure-cookies")
			}
		})
	}
	srv, _ := New(storetest.Open(t, "sqlite"), Options{Hasher: cheapHasher(), SecureCookies: true})
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/login", nil))
	if h := rec.Header().Get("Strict-Transport-Security"); !strings.Contains(h, "max-age=") {
		t.Errorf("HSTS with --secure-cookies: %q", h)
	}
	rec = httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/static/app.css", nil))
	if cc := rec.Header().Get("Cache-Control"); strings.Contains(cc, "no-store") {
		t.Errorf("static file Cache-Control %q", cc)
	}
}

// TestLoginGate: tries refused while an address waits lengthen only that
// address's delay; many addresses together slow the name everywhere, for
// a bounded time.
func TestLoginGate(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	g := newLoginGate(func() time.Time { return now }, 5, 50, time.Minute, 15*time.Minute)
	for i := 0; i < 5; i++ {
		g.fail("shenhe", "A", true)
	}
	for i := 0; i < 500; i++ {
		g.fail("shenhe", "A", false)
	}
	if !g.waiting("ShenHe", "A") || g.waiting("shenhe", "B") {
		t.Error("the waiting address or another one")
	}
	for i := 0; i < 50; i++ {
		g.fail("caizheng", "10.0.0."+itoa(i), true)
	}
	if !g.waiting("caizheng", "B") {
		t.Error("a spray from 50 addresses does not slow the name")
	}
	now = now.Add(16 * time.Minute)
	if g.waiting("caizheng", "B") || g.waiting("shenhe", "A") {
		t.Error("a delay beyond the 15-minute cap")
	}
	g.succeed("shenhe", "A")
	g.forget("caizheng")
	if len(g.entries) != 0 {
		t.Errorf("entries left: %d", len(g.entries))
	}
}
