package web

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"jixiao/internal/locale"
	"jixiao/internal/store"
)

// LoginPage is the login form.
type LoginPage struct {
	Page
	Username string
	Error    string
	Next     string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if currentUser(r) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.show(w, r, "login.html", LoginPage{Page: s.page(r, "登录"), Next: r.URL.Query().Get("next")})
}

// loginFailed is the one answer to every failed login — a wrong password,
// an unknown or disabled user, a name being slowed down — so the page
// never tells which names exist or which are delayed.
const loginFailed = "用户名或密码错误，或尝试过于频繁须稍候再试。"

// login checks a password behind the login gate (throttle.go): per
// client address, and per user name and address with a progressive
// delay. Every failure answers the same status and page after the same
// hashing work.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.PostFormValue("username"))
	pw := r.PostFormValue("password")
	pg := LoginPage{Page: s.page(r, "登录"), Username: name, Next: r.PostFormValue("next")}
	ip := s.clientAddr(r)
	if s.ipLim.blocked(ip) {
		pg.Error = pg.T("尝试次数过多，请稍后再试。")
		s.render(w, r, http.StatusTooManyRequests, "login.html", "layout", pg)
		return
	}
	checked := true
	fail := func() {
		s.ipLim.fail(ip)
		s.gate.fail(name, ip, checked)
		pg.Error = pg.T(loginFailed)
		s.render(w, r, http.StatusUnauthorized, "login.html", "layout", pg)
	}
	if name == "" || pw == "" || len(pw) > 256 || len(name) > 100 || !utf8.ValidString(name) {
		s.hash.Verify(s.dummy, pw)
		fail()
		return
	}
	if s.gate.waiting(name, ip) {
		s.hash.Verify(s.dummy, pw) // the same work as a real check
		checked = false
		fail()
		return
	}
	u, err := s.st.UserByName(r.Context(), name)
	if errors.Is(err, store.ErrNotFound) {
		s.hash.Verify(s.dummy, pw) // the same work as a real check
		fail()
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.hash.Verify(u.PasswordHash, pw) || !u.Active {
		fail()
		return
	}
	s.gate.succeed(name, ip)
	if err := s.st.RecordLoginSuccess(r.Context(), u.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	b := make([]byte, 32)
	rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	if err := s.st.CreateSession(r.Context(), hashToken(tok), u.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setCookie(w, r, tok)
	http.Redirect(w, r, safeNext(pg.Next), http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if th, ok := r.Context().Value(tokenKey).(string); ok {
		if err := s.st.DeleteSession(r.Context(), th); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.clearCookie(w, r)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// setLang switches the interface language (a preference cookie only).
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	lang := locale.New(r.PathValue("lang")).Lang
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 86400, SameSite: http.SameSiteLaxMode, HttpOnly: true})
	next := "/"
	if ref := r.Header.Get("Referer"); ref != "" {
		if i := strings.Index(ref, "://"); i >= 0 {
			if j := strings.Index(ref[i+3:], "/"); j >= 0 {
				next = ref[i+3+j:]
			}
		}
	}
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// home is the landing page after login: the user's to-do list (todo.go).
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	s.todoPage(w, r)
}

// PasswordPage is the form to change one's own password.
type PasswordPage struct {
	Page
	Errors map[string]string
}

func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request) {
	s.show(w, r, "password.html", PasswordPage{Page: s.page(r, "修改密码")})
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	pg := PasswordPage{Page: s.page(r, "修改密码"), Errors: map[string]string{}}
	old, n1, n2 := r.PostFormValue("old"), r.PostFormValue("new"), r.PostFormValue("confirm")
	if !s.hash.Verify(u.PasswordHash, old) {
		pg.Errors["old"] = pg.T("原密码不正确。")
	}
	if msg := passwordProblem(n1); msg != "" {
		pg.Errors["new"] = pg.T(msg)
	} else if n1 != n2 {
		pg.Errors["confirm"] = pg.T("两次输入的新密码不一致。")
	}
	if len(pg.Errors) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "password.html", "layout", pg)
		return
	}
	h, err := s.hash.Hash(n1)
	if err == nil {
		err = s.st.SetPassword(r.Context(), u.ID, h, false)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.clearCookie(w, r)
	redirect(w, r, "/login", pg.T("密码已修改，请重新登录。"))
}

// passwordProblem says what is wrong with a new password, or "".
func passwordProblem(pw string) string {
	if utf8.RuneCountInString(pw) < 10 {
		return "密码至少 10 个字符。"
	}
	if len(pw) > 256 {
		return "密码过长。"
	}
	return ""
}
