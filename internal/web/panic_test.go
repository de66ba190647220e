package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestPanicPage: a page that panics answers 500 with the error page inside
// the layout, the user's navigation included, in the page's language.
func TestPanicPage(t *testing.T) {
	e := newEnv(t, "sqlite")
	u, err := e.st.UserByName(context.Background(), "tianbao")
	if err != nil {
		t.Fatal(err)
	}
	h := e.srv.recover(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	for _, c := range []struct{ lang, want, not string }{{"zh-CN", "内部错误", "Internal"}, {"en", "Internal error", "内部错误"}} {
		req := httptest.NewRequest(http.MethodGet, "/projects", nil)
		req.AddCookie(&http.Cookie{Name: "lang", Value: c.lang})
		req = req.WithContext(context.WithValue(req.Context(), userKey, &u))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		body := rec.Body.String()
		if rec.Code != http.StatusInternalServerError || !strings.Contains(body, `id="nav-todo"`) || !strings.Contains(body, `id="logout"`) ||
			!strings.Contains(body, c.want) || strings.Contains(body, c.not) {
			t.Errorf("%s: %d, layout/nav %v, body %.300s", c.lang, rec.Code, strings.Contains(body, `id="nav-todo"`), body)
		}
	}
	// a panic after the answer started only logs
	h = e.srv.recover(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("partial")); panic("late") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Body.String() != "partial" {
		t.Errorf("late panic wrote %q", rec.Body.String())
	}
}
