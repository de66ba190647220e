package web

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	"jixiao/internal/store"
	"jixiao/internal/store/storetest"
	"jixiao/internal/workflow"
)

// allowed is the permission matrix, written out by hand so that a change
// to routes.go or to a handler's own checks shows up here. For each route
// it names the roles that get through (anything but 403) on the fixture
// the walk uses; every other role must get 403, and an anonymous client
// is sent to the login page (GET) or refused with 401 (POST).
var allowed = map[string]string{
	"GET /login":                             "public",
	"POST /login":                            "public",
	"GET /lang/{lang}":                       "public",
	"GET /healthz":                           "public",
	"POST /logout":                           "filer approver dept finance admin clerk auditor",
	"GET /{$}":                               "filer approver dept finance admin clerk auditor",
	"GET /account/password":                  "filer approver dept finance admin clerk auditor",
	"POST /account/password":                 "filer approver dept finance admin clerk auditor",
	"GET /check":                             "filer approver dept finance admin clerk auditor",
	"GET /signers":                           "filer approver admin",
	"POST /signers":                          "filer approver admin",
	"GET /projects":                          "filer approver dept finance admin",
	"GET /projects/new":                      "filer",
	"POST /projects":                         "filer",
	"POST /projects/from-form":               "filer",
	"GET /projects/{id}":                     "filer approver dept finance admin",
	"GET /projects/{id}/edit":                "filer",
	"POST /projects/{id}/edit":               "filer",
	"GET /projects/{id}/targets":             "filer approver dept finance admin",
	"POST /projects/{id}/targets":            "filer",
	"POST /projects/{id}/targets/declare":    "filer",
	"GET /library":                           "filer",
	"POST /projects/{id}/money":              "filer",
	"POST /projects/{id}/money/{rid}/delete": "filer",
	"GET /projects/{id}/monitor":             "filer approver dept finance admin",
	"POST /projects/{id}/monitor":            "filer",
	"GET /projects/{id}/evaluate":            "filer approver dept finance admin",
	"POST /projects/{id}/evaluate":           "filer",
	"POST /projects/{id}/evaluate/preview":   "filer",
	"POST /projects/{id}/workflow":           "approver", // fixture: a submitted sheet, action return
	"GET /projects/{id}/review":              "finance",
	"POST /projects/{id}/review":             "finance", // fixture: a sheet reviewed by the department
	"GET /finance":                           "finance admin",
	"GET /projects/download":                 "filer approver dept finance admin",
	"GET /finance/download":                  "finance admin",
	"GET /finance/reviewdesk":                "finance admin",
	"GET /finance/reviewdesk/download":       "finance admin",
	"GET /finance/apply":                     "finance admin",
	"POST /finance/apply/{id}":               "finance",
	"GET /finance/apply/download":            "finance admin",
	"GET /finance/assess":                    "finance admin",
	"POST /finance/assess/{id}/list":         "finance",
	"GET /projects/{id}/targetreview":        "filer approver dept finance admin",
	"POST /projects/{id}/targetreview":       "finance",
	"GET /projects/{id}/assess":              "filer approver dept finance admin",
	"POST /projects/{id}/assess":             "finance",
	"GET /projects/{id}/assess/{aid}/report": "filer approver dept finance admin",
	"GET /finance/publish":                   "finance admin",
	"POST /finance/publish/{id}":             "finance",
	"GET /finance/publish/{id}/download":     "finance admin",
	"GET /publish":                           "filer approver dept finance admin",
	"POST /publish/{id}":                     "filer finance",
	"GET /publish/{id}/download":             "filer approver dept finance admin",
	"GET /publish/{id}/targets":              "filer approver dept finance admin",
	"GET /rectify":                           "filer approver dept finance admin",
	"POST /rectify":                          "filer finance",
	"POST /rectify/{id}/report":              "filer",
	"POST /rectify/{id}/review":              "finance",
	"GET /projects/{id}/download":            "filer approver dept finance admin",
	"GET /projects/{id}/import":              "filer",
	"POST /projects/{id}/import":             "filer",
	"POST /projects/{id}/import/confirm":     "filer",
	"GET /admin/users":                       "admin",
	"GET /admin/users/export":                "admin",
	"POST /admin/users":                      "admin",
	"POST /admin/users/{id}/password":        "admin",
	"POST /admin/users/{id}/active":          "admin",
	"GET /admin/units":                       "admin",
	"POST /admin/units":                      "admin",
	"GET /admin/settings":                    "admin",
	"POST /admin/settings":                   "admin",
	"GET /admin/system":                      "admin",
	"GET /admin/trail":                       "admin",
	"GET /admin/trail/export":                "admin",
}

var roleUsers = map[string]string{
	"filer": "tianbao", "approver": "shenhe", "dept": "renshe", "finance": "caizheng",
	"admin": "admin", "clerk": "rucheng", "auditor": "jihe",
}

// TestPermissions walks every route with every role (and no login).
func TestPermissions(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) { testPermissions(t, d) })
	}
}

func testPermissions(t *testing.T, dialect string) {
	e := newEnv(t, dialect)
	routes := e.srv.routes()
	if len(routes) != len(allowed) {
		var names []string
		for _, r := range routes {
			names = append(names, r.Pattern)
		}
		sort.Strings(names)
		t.Fatalf("routes.go has %d routes, the matrix %d: %v", len(routes), len(allowed), names)
	}
	ctx := context.Background()
	draft := e.id("印刷费用", 2024) // a 2024 draft of the center
	submitted := e.id("居（失）保业务运转", 2023)
	deptDone := e.id("财政对城乡居民养老保险的补助", 2023)
	recs, err := e.st.MoneyRecords(ctx, draft, store.KindSpending)
	if err != nil || len(recs) == 0 {
		t.Fatalf("fixture money: %v", err)
	}
	victim, err := e.st.CreateUser(ctx, store.User{Username: "victim", DisplayName: "x", Role: workflow.RoleFiler, UnitID: 1, PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	version := func(id int64) string {
		p, err := e.st.Project(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return strconv.FormatInt(p.Version, 10)
	}
	for _, rt := range routes {
		spec, ok := allowed[rt.Pattern]
		if !ok {
			t.Errorf("route %s is missing from the matrix", rt.Pattern)
			continue
		}
		method, path, _ := strings.Cut(rt.Pattern, " ")
		pid := draft
		switch {
		case strings.Contains(path, "/workflow"):
			pid = submitted
		case strings.Contains(path, "/review"):
			pid = deptDone
		}
		path = strings.NewReplacer("{id}", strconv.FormatInt(pid, 10), "{rid}", strconv.FormatInt(recs[0].ID, 10), "{lang}", "en", "{$}", "").Replace(path)
		if strings.HasPrefix(path, "/admin/users/") {
			path = strings.Replace(path, strconv.FormatInt(pid, 10), strconv.FormatInt(victim, 10), 1)
		}
		for _, role := range append([]string{"anon"}, "filer", "approver", "dept", "finance", "admin", "clerk", "auditor") {
			var c *client
			if role == "anon" {
				c = e.anon()
			} else {
				c = e.login(roleUsers[role])
			}
			var res result
			if method == "GET" {
				res = c.get(path)
			} else {
				form := url.Values{"version": {version(pid)}, "action": {"return"}, "comment": {"权限测试"}, "old": {"wrong"}, "name": {""}}
				res = c.post(path, form)
			}
			what := rt.Pattern + " as " + role
			switch {
			case spec == "public":
				// A login with no password is refused (401), not forbidden.
				if res.code == http.StatusForbidden || res.code >= 500 {
					t.Errorf("%s: %d, want public access", what, res.code)
				}
			case role == "anon":
				if method == "GET" && (res.code != http.StatusSeeOther || !strings.HasPrefix(res.location, "/login")) {
					t.Errorf("%s: %d %q, want redirect to login", what, res.code, res.location)
				}
				if method == "POST" && res.code != http.StatusUnauthorized {
					t.Errorf("%s: %d, want 401", what, res.code)
				}
			case strings.Contains(" "+spec+" ", " "+role+" "):
				if res.code == http.StatusForbidden || res.code == http.StatusUnauthorized || res.code >= 500 {
					t.Errorf("%s: %d, want allowed", what, res.code)
				}
			default:
				if res.code != http.StatusForbidden {
					t.Errorf("%s: %d, want 403", what, res.code)
				}
			}
		}
	}
}

// TestUnitScope: a filer of another unit sees none of the center's
// projects; the department reviewer sees its units; a town clerk none.
func TestUnitScope(t *testing.T) {
	e := newEnv(t, "sqlite")
	id := strconv.FormatInt(e.id("稽查费", 2023), 10)
	other := e.login("jiuye")
	other.get("/projects/"+id).want(t, "other unit", 403)
	other.get("/projects/"+id+"/evaluate").want(t, "other unit eval", 403)
	if body := other.get("/projects?year=2023").body; strings.Contains(body, "稽查费") {
		t.Error("other unit's list shows the center's project")
	}
	e.login("renshe").get("/projects/"+id).want(t, "dept sees its unit", 200, "稽查费")
	e.login("rucheng").get("/").want(t, "clerk home", 200, "生存稽核")
	// ID numbers are masked on the users page.
	body := e.login("admin").get("/admin/users").body
	if strings.Contains(body, "320682199001011236") || !strings.Contains(body, "3206") {
		t.Error("ID number not masked")
	}
}
