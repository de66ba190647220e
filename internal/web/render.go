package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"jixiao/internal/cnid"
	"jixiao/internal/eval"
	"jixiao/internal/locale"
	"jixiao/internal/money"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// Page is what every page template receives: the user, the language and
// the navigation state. Page structs embed it.
type Page struct {
	Title string
	User  *store.User
	P     locale.Printer
	Path  string
	Flash string
	// DemoDate is the demo's today, shown in the header; "" outside the demo.
	DemoDate string
	// TodoN is the number of to-do items, shown beside 待办 (todo.go).
	TodoN int
}

func (s *Server) page(r *http.Request, title string) Page {
	p := locale.FromRequest(r)
	pg := Page{Title: p.T(title), User: currentUser(r), P: p, Path: r.URL.Path}
	if s.opt.DemoDate {
		pg.DemoDate = s.now().Format("2006-01-02")
	}
	if pg.User != nil && !pg.User.MustChange {
		pg.TodoN = s.todoCount(r.Context(), pg.User)
	}
	if c, err := r.Cookie("flash"); err == nil {
		pg.Flash, _ = url.QueryUnescape(c.Value)
	}
	return pg
}

// T translates for templates.
func (pg Page) T(zh string) string { return pg.P.T(zh) }

// Colon is the colon after a label: "：" in Chinese, ": " in English.
func (pg Page) Colon() string { return pg.P.T("：") }

// Pick chooses the Chinese or the English text.
func (pg Page) Pick(zh, en string) string { return pg.P.Pick(zh, en) }

// The display names live in internal/locale.
var (
	statusNames   = locale.StatusNames
	roleNames     = locale.RoleNames
	kindNames     = locale.UnitKindNames
	actionNames   = locale.ActionNames
	severityNames = locale.SeverityNames
)

// UnitKind names a kind of unit in the page's language.
func (pg Page) UnitKind(k store.UnitKind) string { return pg.T(kindNames[string(k)]) }

// Action names an audit-trail action in the page's language.
func (pg Page) Action(a string) string {
	if n, ok := actionNames[a]; ok {
		return pg.T(n)
	}
	return a
}

// FindingView is a finding in the page's language.
type FindingView struct {
	Severity  string // error, warning, info: the CSS class
	Label     string
	Indicator string
	Message   string
	Colon     string // after the indicator, in the page's language
}

// Findings renders the engine's findings in the page's language.
func (pg Page) Findings(fs []eval.Finding) []FindingView {
	out := make([]FindingView, len(fs))
	for i, f := range fs {
		out[i] = FindingView{Severity: f.Severity.String(), Label: pg.T(severityNames[f.Severity.String()]), Indicator: f.Indicator, Message: pg.Pick(f.MessageZH, f.MessageEN), Colon: pg.Colon()}
	}
	return out
}

// Status names a status in the page's language.
func (pg Page) Status(s workflow.Status) string { return pg.T(statusNames[string(s)]) }

// Role names a role in the page's language.
func (pg Page) Role(r workflow.Role) string { return pg.T(roleNames[string(r)]) }

// Can reports whether the user has one of the roles.
func (pg Page) Can(roles ...string) bool {
	if pg.User == nil {
		return false
	}
	for _, r := range roles {
		if string(pg.User.Role) == r {
			return true
		}
	}
	return false
}

// SeesProjects reports whether the user's role reads projects.
func (pg Page) SeesProjects() bool { return pg.User != nil && pg.User.Role.SeesProjects() }

var funcs = template.FuncMap{
	"yuan": func(f money.Fen) string { return f.Yuan() },
	"wan":  func(f money.Fen) string { return f.WanText() },
	"bp":   func(bp int64) string { return eval.Number{Coef: bp, Scale: 2}.String() + "%" },
	"rate": func(bp int64, ok bool) string {
		if !ok {
			return "—"
		}
		return eval.Number{Coef: bp, Scale: 2}.String() + "%"
	},
	"execRate": func(p store.Project) string { return rateText(p.ExecutionRate()) },
	"recvRate": func(p store.Project) string { return rateText(p.ReceivedRate()) },
	"pts":      func(p eval.Points) string { return p.String() },
	"date":     func(unix int64) string { return time.Unix(unix, 0).Format("2006-01-02 15:04") },
	"add":      func(a, b int) int { return a + b },
	"fen":      func(f money.Fen) int64 { return int64(f) },
	"mask": func(id string) string {
		if id == "" {
			return ""
		}
		return cnid.Mask(id)
	},
	"tierHas": func(ts []TierChoice, v string) bool {
		for _, t := range ts {
			if t.Value == v {
				return true
			}
		}
		return false
	},
	"source": func(i int) string { return [...]string{"上级", "本级", "其他"}[min(max(i, 0), 2)] },
	// formAccept is the file picker's filter for self-evaluation forms:
	// every format importer.Read takes.
	"formAccept": func() string {
		return ".xlsx,.xls,.docx,.txt,text/plain,application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	},
}

func rateText(bp int64, ok bool) string {
	if !ok {
		return "—"
	}
	return eval.Number{Coef: bp, Scale: 2}.String() + "%"
}

// group puts thousands separators into "1234567.89" (money.Group, the one
// formatter of amounts).
func group(s string) string { return money.Group(s) }

// parseTemplates builds one template set per page: the layout, the
// partials (files starting with "_") and the page.
func parseTemplates() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	var partials []string
	for _, n := range names {
		if strings.HasPrefix(n, "templates/_") {
			partials = append(partials, n)
		}
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimPrefix(n, "templates/")
		if strings.HasPrefix(base, "_") {
			continue
		}
		files := append(append([]string{}, partials...), n)
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, files...)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", base, err)
		}
		out[base] = t
	}
	return out, nil
}

// render executes a page into a buffer first, so a template error never
// leaves half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, block string, data any) {
	t, ok := s.tmpl[name]
	if !ok {
		s.fail(w, r, fmt.Errorf("web: no template %s", name))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, block, data); err != nil {
		s.fail(w, r, fmt.Errorf("web: render %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if c, err := r.Cookie("flash"); err == nil && c.Value != "" {
		http.SetCookie(w, &http.Cookie{Name: "flash", Path: "/", MaxAge: -1})
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// show renders a full page with the layout.
func (s *Server) show(w http.ResponseWriter, r *http.Request, name string, data any) {
	s.render(w, r, http.StatusOK, name, "layout", data)
}

// redirect sends the browser on after a POST, with a message for the next page.
func redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		http.SetCookie(w, &http.Cookie{Name: "flash", Value: url.QueryEscape(flash), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}
