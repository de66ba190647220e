// Package web is jixiao's multi-user web application: server-rendered
// HTML (html/template), a vendored htmx 2 for live scoring, sessions in the
// store, and the evaluation core for every score and check.
//
// One file per page or action; routes.go lists every route with the roles
// it admits, and the permission test walks that list with every role.
package web

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"
	"sync"
	"time"

	"jixiao/internal/locale"
	"jixiao/internal/monitor"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options configure a Server.
type Options struct {
	// IdleTimeout ends a session after this long without a request.
	IdleTimeout time.Duration
	// SessionLifetime ends a session this long after login, however
	// active (default 12 h).
	SessionLifetime time.Duration
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (--trusted-proxy); from anyone else it is ignored.
	TrustedProxies []netip.Prefix
	// SecureCookies marks the session cookie Secure. It is also set for
	// requests that arrive over TLS.
	SecureCookies bool
	// Hasher hashes passwords; nil means DefaultHasher.
	Hasher *Hasher
	// MaxFailures failed logins in a row for one name from one address
	// earn a delay of LockFor before the next try, doubling with each
	// further failure up to MaxDelay (throttle.go).
	MaxFailures int
	LockFor     time.Duration
	MaxDelay    time.Duration
	// TrustedOrigins are extra origins allowed to POST (a reverse proxy's
	// public URL).
	TrustedOrigins []string
	// LastBackup reports the last scheduled backup; nil when serve makes
	// none (system.go).
	LastBackup func() BackupInfo
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// DemoDate shows the clock's date in the header as 演示日期: the demo
	// runs on its own today (demo.Clock).
	DemoDate bool
	// Logger receives errors; nil means slog.Default().
	Logger *slog.Logger
}

// Server serves the web application.
type Server struct {
	st    *store.Store
	opt   Options
	tmpl  map[string]*template.Template
	log   *slog.Logger
	now   func() time.Time
	hash  *Hasher
	dummy string // a hash to verify against for unknown users: same work, same time
	ipLim *limiter
	gate  *loginGate

	unitsMu   sync.Mutex
	unitsAt   time.Time
	unitCache []store.Unit
	rule      monitor.Rule // the monitoring rule, cached with ruleAt
	ruleAt    time.Time

	uploads    uploadStore // uploaded forms between preview and confirmation
	todoCounts todoCache   // the navigation's to-do counts (todo.go)
	cases      caseCache   // the recovery cases, derived (case_cache.go)
	trailMenus trailMenus  // the trail search's users and actions (trail.go)
}

// New builds a server over a store.
func New(st *store.Store, opt Options) (*Server, error) {
	if opt.IdleTimeout <= 0 {
		opt.IdleTimeout = 30 * time.Minute
	}
	if opt.MaxFailures <= 0 {
		opt.MaxFailures = 5
	}
	if opt.LockFor <= 0 {
		opt.LockFor = time.Minute
	}
	if opt.MaxDelay <= 0 {
		opt.MaxDelay = 15 * time.Minute
	}
	if opt.SessionLifetime <= 0 {
		opt.SessionLifetime = 12 * time.Hour
	}
	s := &Server{st: st, opt: opt, log: opt.Logger, now: opt.Now, hash: opt.Hasher}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.hash == nil {
		s.hash = DefaultHasher()
	}
	s.ipLim = newLimiter(20, 10*time.Minute, s.now)
	s.gate = newLoginGate(s.now, opt.MaxFailures, 10*opt.MaxFailures, opt.LockFor, opt.MaxDelay)
	var err error
	if s.dummy, err = s.hash.Hash(RandomPassword()); err != nil {
		return nil, err
	}
	if s.tmpl, err = parseTemplates(); err != nil {
		return nil, err
	}
	return s, nil
}

// Handler returns the application with its middleware: panic recovery,
// security headers, cross-origin request forgery protection and sessions.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	for _, rt := range s.routes() {
		mux.Handle(rt.Pattern, s.guard(rt))
	}
	// Any other path: the 404 page inside the layout, in the page's language.
	mux.HandleFunc("/", s.notFound)
	cop := http.NewCrossOriginProtection()
	for _, o := range s.opt.TrustedOrigins {
		if err := cop.AddTrustedOrigin(o); err != nil {
			s.log.Error("trusted origin", "origin", o, "err", err)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, locale.FromRequest(r).T("跨站请求被拒绝"), http.StatusForbidden)
	}))
	// recover twice: inside the session, so that the error page of a
	// panicking page has the user's navigation; outside, for the rest.
	return s.recover(s.headers(cop.Handler(s.session(s.recover(mux)))))
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		h.ServeHTTP(w, r)
	})
}

// headers sets the security headers of every answer. Pages carry names,
// scores and ID numbers: nothing is stored by the browser or a proxy
// (no-store; static files override it). HSTS when served over TLS or
// behind a TLS proxy (--secure-cookies).
func (s *Server) headers(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Cache-Control", "no-store")
		if s.opt.SecureCookies || r.TLS != nil {
			hd.Set("Strict-Transport-Security", "max-age=31536000")
		}
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		h.ServeHTTP(w, r)
	})
}

// recover answers a panic with the 500 page inside the layout (when
// nothing was written yet) and logs it with its stack.
func (s *Server) recover(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &startWatch{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "value", v, "stack", string(debug.Stack()))
				if !sw.started {
					s.showError(w, r, http.StatusInternalServerError, "")
				}
			}
		}()
		h.ServeHTTP(sw, r)
	})
}

// startWatch notes whether a response was started.
type startWatch struct {
	http.ResponseWriter
	started bool
}

func (w *startWatch) WriteHeader(code int) {
	w.started = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *startWatch) Write(b []byte) (int, error) {
	w.started = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the writer below.
func (w *startWatch) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// guard enforces a route's roles before its handler runs.
func (s *Server) guard(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rt.Public {
			rt.Handler(w, r)
			return
		}
		u := currentUser(r)
		if u == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.showError(w, r, http.StatusUnauthorized, "请先登录")
			return
		}
		if u.MustChange && rt.Pattern != "GET /account/password" && rt.Pattern != "POST /account/password" && rt.Pattern != "POST /logout" {
			http.Redirect(w, r, "/account/password", http.StatusSeeOther)
			return
		}
		if !rt.allows(u.Role) {
			s.forbidden(w, r)
			return
		}
		s.recordDownloads(rt.Handler)(w, r) // download_trail.go
	})
}

// units returns the unit tree, cached for a few seconds.
func (s *Server) units(ctx context.Context) ([]store.Unit, error) {
	s.unitsMu.Lock()
	defer s.unitsMu.Unlock()
	if s.unitCache != nil && s.now().Sub(s.unitsAt) < 5*time.Second {
		return s.unitCache, nil
	}
	u, err := s.st.Units(ctx)
	if err != nil {
		return nil, err
	}
	s.unitCache, s.unitsAt = u, s.now()
	return u, nil
}

func (s *Server) dropUnitCache() {
	s.unitsMu.Lock()
	s.unitCache = nil
	s.ruleAt = time.Time{}
	s.unitsMu.Unlock()
}

// visibleUnits returns the unit IDs whose projects u may read; nil means all.
func (s *Server) visibleUnits(ctx context.Context, u *store.User) ([]int64, error) {
	switch {
	case !u.Role.SeesProjects():
		return []int64{}, nil
	case u.Role.SeesAllUnits():
		return nil, nil
	case u.Role.SeesSubtree():
		units, err := s.units(ctx)
		if err != nil {
			return nil, err
		}
		in := map[int64]bool{u.UnitID: true}
		out := []int64{u.UnitID}
		for _, x := range units {
			if in[x.ParentID] && !in[x.ID] {
				in[x.ID] = true
				out = append(out, x.ID)
			}
		}
		return out, nil
	}
	return []int64{u.UnitID}, nil
}

// canSee reports whether u may read project p.
func (s *Server) canSee(ctx context.Context, u *store.User, p *store.Project) (bool, error) {
	ids, err := s.visibleUnits(ctx, u)
	if err != nil || ids == nil {
		return err == nil, err
	}
	for _, id := range ids {
		if id == p.UnitID {
			return true, nil
		}
	}
	return false, nil
}

// canEdit reports whether u may change p's targets, money and actuals.
func canEdit(u *store.User, p *store.Project) bool {
	return u.Role == workflow.RoleFiler && u.UnitID == p.UnitID && workflow.Editable(p.Status)
}

// fail writes an error page for err, mapping store errors to statuses.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.showError(w, r, http.StatusNotFound, "")
	case errors.Is(err, store.ErrConflict):
		s.showError(w, r, http.StatusConflict, "此表已被他人修改，请刷新后重新填写。")
	default:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		s.showError(w, r, http.StatusInternalServerError, "")
	}
}

func (s *Server) forbidden(w http.ResponseWriter, r *http.Request) {
	s.showError(w, r, http.StatusForbidden, "")
}

func (s *Server) badRequest(w http.ResponseWriter, r *http.Request, msg string) {
	s.showError(w, r, http.StatusBadRequest, msg)
}
