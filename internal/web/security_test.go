package web

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"jixiao/internal/demo"
	"jixiao/internal/locale"
	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
)

func TestHasher(t *testing.T) {
	h := cheapHasher()
	hash, err := h.Hash("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Errorf("hash = %s", hash)
	}
	if !h.Verify(hash, "correct horse") || h.Verify(hash, "correct horsE") {
		t.Error("verify")
	}
	for _, bad := range []string{"", "$argon2id$", "$bcrypt$x$y$z$w", "$argon2id$v=19$m=99999999,t=1,p=1$AA$AA", "$argon2id$v=19$m=1024,t=1,p=1$!!$!!"} {
		if h.Verify(bad, "x") {
			t.Errorf("Verify(%q) accepted", bad)
		}
	}
	if a, b := RandomPassword(), RandomPassword(); a == b || len(a) != 16 {
		t.Errorf("random passwords %q %q", a, b)
	}
}

func TestLockout(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.anon()
	for i := 0; i < 5; i++ {
		c.post("/login", url.Values{"username": {"shenhe"}, "password": {"wrong"}}).want(t, "wrong password", 401)
	}
	// Slowed down now from this address, even with the right password,
	// with the same answer as a wrong password.
	c.post("/login", url.Values{"username": {"shenhe"}, "password": {demo.Password}}).want(t, "delayed", 401, "用户名或密码错误")
	// The admin's password reset lifts the delay.
	u, _ := e.st.UserByName(context.Background(), "shenhe")
	res := e.login("admin").post("/admin/users/"+itoa(int(u.ID))+"/password", nil)
	res.want(t, "reset", 200, "一次性密码")
	pw := regexp.MustCompile(`<code>([^<]+)</code>`).FindStringSubmatch(res.body)
	if pw == nil {
		t.Fatal("no one-time password shown")
	}
	c.post("/login", url.Values{"username": {"shenhe"}, "password": {pw[1]}}).want(t, "after the reset", 303)
	// Unknown users get the same answer as wrong passwords.
	c.post("/login", url.Values{"username": {"nobody"}, "password": {"x"}}).want(t, "unknown user", 401, "用户名或密码错误")
}

func TestThrottle(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.anon()
	code := 0
	for i := 0; i < 25; i++ {
		code = c.post("/login", url.Values{"username": {"nobody" + strings.Repeat("x", i)}, "password": {"x"}}).code
	}
	if code != http.StatusTooManyRequests {
		t.Errorf("after 25 failures from one address: %d, want 429", code)
	}
}

func TestCrossOrigin(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.login("tianbao")
	pid := e.id("印刷费用", 2024)
	body := url.Values{"kind": {"spending"}, "date": {"2024-07-01"}, "amount": {"1"}, "source": {"1"}}.Encode()
	for _, h := range []map[string]string{
		{"Origin": "http://evil.example"},
		{"Sec-Fetch-Site": "cross-site"},
	} {
		req, _ := http.NewRequest("POST", e.ts.URL+"/projects/"+itoa(int(pid))+"/money", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range h {
			req.Header.Set(k, v)
		}
		// Bypass the client's own Origin header.
		res, err := (&http.Client{Jar: c.hc.Jar, CheckRedirect: c.hc.CheckRedirect}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-origin POST with %v: %d, want 403", h, res.StatusCode)
		}
	}
}

func TestCookiesAndHeaders(t *testing.T) {
	e := newEnv(t, "sqlite")
	res, err := e.anon().hc.PostForm(e.ts.URL+"/login", url.Values{"username": {"tianbao"}, "password": {demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	ck := res.Header.Get("Set-Cookie")
	for _, want := range []string{"jixiao_session=", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(ck, want) {
			t.Errorf("cookie %q lacks %s", ck, want)
		}
	}
	if strings.Contains(ck, "Secure") {
		t.Errorf("plain-HTTP cookie marked Secure: %s", ck)
	}
	for k, v := range map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff"} {
		if res.Header.Get(k) != v {
			t.Errorf("%s = %q", k, res.Header.Get(k))
		}
	}
	if !strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Error("no CSP")
	}
	// Behind TLS the cookie is Secure.
	ts := httptest.NewTLSServer(e.srv.Handler())
	defer ts.Close()
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("POST", ts.URL+"/login", strings.NewReader(url.Values{"username": {"tianbao"}, "password": {demo.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", ts.URL)
	res, err = hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if ck := res.Header.Get("Set-Cookie"); !strings.Contains(ck, "Secure") {
		t.Errorf("TLS cookie not Secure: %s", ck)
	}
}

func TestIdleTimeout(t *testing.T) {
	st := storetest.Open(t, "sqlite")
	ctx := context.Background()
	if _, err := demo.Load(ctx, st, cheapHasher().Hash); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2024, 6, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	st.Now = clock
	srv, err := New(st, Options{Hasher: cheapHasher(), IdleTimeout: 10 * time.Minute, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	e := &env{t: t, st: st, srv: srv, ts: ts}
	c := e.login("tianbao")
	c.get("/projects").want(t, "fresh session", 200)
	now = now.Add(9 * time.Minute)
	c.get("/projects").want(t, "9 minutes idle", 200)
	now = now.Add(11 * time.Minute)
	res := c.get("/projects")
	if res.code != http.StatusSeeOther || !strings.HasPrefix(res.location, "/login") {
		t.Errorf("after 11 idle minutes: %d %q", res.code, res.location)
	}
}

func TestEscaping(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.login("tianbao")
	name := `<script>alert(1)</script>`
	c.post("/projects", url.Values{"name": {name}, "year": {"2025"}, "template": {"caiyu2020"}, "basis": {`"><img src=x onerror=alert(1)>`}}).want(t, "create", 303)
	body := c.get("/projects?year=2025").body
	if strings.Contains(body, name) || !strings.Contains(body, "&lt;script&gt;") {
		t.Error("project name not escaped")
	}
	// Logout ends the session server-side.
	c.post("/logout", nil).want(t, "logout", 303)
	c.get("/projects").want(t, "after logout", 303)
}

func TestPasswordChange(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := context.Background()
	h, _ := cheapHasher().Hash("temporary-pass-1")
	if _, err := e.st.CreateUser(ctx, store.User{Username: "neu", DisplayName: "新人", Role: "filer", UnitID: 3, PasswordHash: h, MustChange: true}); err != nil {
		t.Fatal(err)
	}
	c := e.anon()
	c.post("/login", url.Values{"username": {"neu"}, "password": {"temporary-pass-1"}}).want(t, "login", 303)
	res := c.get("/projects")
	if res.location != "/account/password" {
		t.Fatalf("must-change user not sent to the password page: %q", res.location)
	}
	c.post("/account/password", url.Values{"old": {"temporary-pass-1"}, "new": {"short"}, "confirm": {"short"}}).want(t, "short", 422, "至少 10 个字符")
	c.post("/account/password", url.Values{"old": {"temporary-pass-1"}, "new": {"a-long-new-pass"}, "confirm": {"a-long-new-pass"}}).want(t, "change", 303)
	c.post("/login", url.Values{"username": {"neu"}, "password": {"a-long-new-pass"}}).want(t, "new login", 303)
	c.get("/projects").want(t, "projects", 200)
}

func TestAdminPages(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			e := newEnv(t, d)
			a := e.login("admin")
			a.get("/admin/users").want(t, "users", 200, "tianbao", "3206")
			a.post("/admin/users", url.Values{"username": {"Bad Name"}, "display_name": {""}, "role": {"root"}, "unit": {"999"}, "id_number": {"123"}}).
				want(t, "invalid user", 422, "用户名为", "请填写姓名", "请选择角色", "请选择单位", "身份证号无效")
			res := a.post("/admin/users", url.Values{"username": {"xinren"}, "display_name": {"新人"}, "role": {"filer"}, "unit": {"3"}})
			res.want(t, "create user", 200, "一次性密码", "xinren")
			pw := regexp.MustCompile(`<code>([^<]+)</code>`).FindStringSubmatch(res.body)
			if pw == nil {
				t.Fatal("no one-time password shown")
			}
			c := e.anon()
			c.post("/login", url.Values{"username": {"xinren"}, "password": {pw[1]}}).want(t, "one-time login", 303)
			a.post("/admin/users", url.Values{"username": {"xinren"}, "display_name": {"x"}, "role": {"filer"}, "unit": {"3"}}).want(t, "duplicate user", 422, "用户名已存在")
			u, _ := e.st.UserByName(context.Background(), "xinren")
			a.post("/admin/users/"+itoa(int(u.ID))+"/password", nil).want(t, "reset", 200, "一次性密码")
			a.post("/admin/users/"+itoa(int(u.ID))+"/active", url.Values{"active": {"0"}}).want(t, "disable", 303)
			c.get("/projects").want(t, "disabled user's session ended", 303)
			a.get("/admin/units").want(t, "units", 200, "如皋市财政局", "主管部门")
			a.post("/admin/units", url.Values{"name": {"白蒲镇"}, "parent": {"0"}, "kind": {"town"}}).want(t, "duplicate unit", 422, "单位名称已存在")
			a.post("/admin/units", url.Values{"name": {"搬经镇"}, "parent": {"0"}, "kind": {"town"}}).want(t, "add unit", 303)
			a.get("/admin/settings").want(t, "settings", 200, "红灯")
			a.post("/admin/settings", url.Values{"red": {"90"}, "yellow": {"80"}, "blue": {"120"}}).want(t, "bad rule", 422, "红 ≤ 黄 ≤ 蓝")
			a.post("/admin/settings", url.Values{"red": {"50"}, "yellow": {"75"}, "blue": {"130"}}).want(t, "save rule", 303)
			// The rule is shown on the monitoring page.
			e.login("tianbao").get("/projects/"+itoa(int(e.id("印刷费用", 2024)))+"/monitor").want(t, "rule shown", 200, "进度 &lt; 50%", "≥ 130%")
		})
	}
}

// TestCatalogue checks that every Chinese string the templates translate
// has an English entry.
func TestCatalogue(t *testing.T) {
	files, _ := os.ReadDir("templates")
	lit := regexp.MustCompile(`\.T "([^"]+)"`)
	for _, f := range files {
		b, err := os.ReadFile("templates/" + f.Name())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(b), -1) {
			if !locale.Has(m[1]) {
				t.Errorf("%s: no English for %q", f.Name(), m[1])
			}
		}
	}
	var names []string
	for _, v := range statusNames {
		names = append(names, v)
	}
	for _, v := range roleNames {
		names = append(names, v)
	}
	for _, v := range kindNames {
		names = append(names, v)
	}
	for _, v := range actionNames {
		names = append(names, v)
	}
	for _, v := range severityNames {
		names = append(names, v)
	}
	for _, n := range names {
		if !locale.Has(n) {
			t.Errorf("no English for %q", n)
		}
	}
	goLit := regexp.MustCompile(`(?:T|page\(r,|Errors\[[^]]+\] =|FormError =|\.Errors\["[a-z_0-9]+"\] =) ?\(?"([^"]*[\x{4e00}-\x{9fff}][^"]*)"`)
	gofiles, _ := os.ReadDir(".")
	for _, f := range gofiles {
		if !strings.HasSuffix(f.Name(), ".go") || strings.HasSuffix(f.Name(), "_test.go") {
			continue
		}
		b, _ := os.ReadFile(f.Name())
		for _, m := range goLit.FindAllStringSubmatch(string(b), -1) {
			if !locale.Has(m[1]) {
				t.Errorf("%s: no English for %q", f.Name(), m[1])
			}
		}
	}
}
