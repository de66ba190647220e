package web

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"html"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"jixiao/internal/audit"
	"jixiao/internal/demo"
	"jixiao/internal/eval"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// listSeed is what seedLists added: n projects (year 2023), users,
// recovery cases and trail rows, and what the requests pick from.
type listSeed struct {
	units     []int64  // the units of the projects and users
	towns     []string // the cases' towns
	names     []string // people's names (users and cases)
	projNames []string // project names (before their number)
	trailUser []int64  // users of the trail rows
	projects  []int64  // the projects' ids
}

// seedTowns are the towns of the seeded cases.
var seedTowns = []string{"如城街道", "白蒲镇", "林梓镇", "下原镇", "九华镇", "石庄镇", "长江镇", "吴窑镇", "江安镇", "磨头镇", "搬经镇", "丁堰镇", "东陈镇", "城北街道"}

// seedNames are people's names: surnames × given names, 600 in all.
func seedNames() []string {
	var out []string
	for _, s := range strings.Split("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "") {
		for _, g := range []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "文", "华", "金凤", "玉兰", "志强", "红", "斌"} {
			out = append(out, s+g)
		}
	}
	return out
}

// seedLists adds n rows to each of the lists — projects, users, recovery
// cases, trail rows — in a few transactions: plain multi-row inserts for
// the first three, the chained trail's own batch path for the last.
func seedLists(tb testing.TB, e *env, n int) listSeed {
	tb.Helper()
	ctx := context.Background()
	sd := listSeed{towns: seedTowns, names: seedNames(),
		projNames: []string{"城乡居民养老保险待遇发放", "工伤保险基金稽核", "社保卡服务网点建设", "失业保险技能提升补贴", "信息系统运维"}}
	units, err := e.st.Units(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	var dept int64
	for _, u := range units {
		if u.Name == demo.Dept {
			dept = u.ID
		}
	}
	for k := range max(2, n/500) {
		id, err := e.st.CreateUnit(ctx, dept, fmt.Sprintf("负载测试单位%03d", k), store.KindUnit)
		if err != nil {
			tb.Fatal(err)
		}
		sd.units = append(sd.units, id)
	}
	r := rand.New(rand.NewPCG(uint64(n), 14))
	now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC).Unix()
	statuses, roles := workflow.Statuses(), workflow.Roles()
	rs := eval.DefaultRuleSet()
	bulkInsert(tb, e.st.DB(), "projects", "unit_id, year, name, budget_higher, budget_local, spent, status, self_score, self_grade, execution_bp, errors, warnings, created_at, updated_at", n,
		func(i int) []any {
			budget := int64(1+r.IntN(500)) * 1000000
			var exec any
			if i%10 != 0 {
				exec = int64(r.IntN(10001))
			}
			score := eval.Points(r.Int64N(int64(eval.P(100)) + 1))
			grade := ""
			if i%7 != 0 {
				grade = rs.Grade(score)
			} else {
				score = 0
			}
			return []any{sd.units[i%len(sd.units)], 2023, fmt.Sprintf("%s%05d", sd.projNames[i%len(sd.projNames)], i), budget, budget / 2,
				budget / 100 * int64(r.IntN(100)), string(statuses[r.IntN(len(statuses))]), int64(score), grade, exec, r.IntN(3), r.IntN(3), now, now - r.Int64N(86400*365)}
		})
	bulkInsert(tb, e.st.DB(), "users", "username, display_name, role, unit_id, id_number, password_hash, active, created_at", n,
		func(i int) []any {
			return []any{fmt.Sprintf("load%05d", i), sd.names[r.IntN(len(sd.names))], string(roles[r.IntN(len(roles))]), sd.units[r.IntN(len(sd.units))],
				"", "x", min(1, i%10), now}
		})
	bulkInsert(tb, e.st.DB(), "audit_cases", "id_number, name, town, scheme, case_type, due, opened, written_off, write_off_reason, write_off_on, created_at", n,
		func(i int) []any {
			opened := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(700))
			off, reason, on := 0, "", ""
			if i%20 == 0 {
				off, reason, on = 1, "无遗产可追", opened.AddDate(0, 0, 60).Format("2006-01-02")
			}
			return []any{fmt.Sprintf("3206821950%08d", i), sd.names[r.IntN(len(sd.names))], sd.towns[r.IntN(len(sd.towns))],
				[]string{"城乡居民养老保险", "企业职工养老保险", "机关事业养老保险"}[i%3], []string{"fraud", "overpayment"}[i%2],
				int64(1+r.IntN(5000)) * 100, opened.Format("2006-01-02"), off, reason, on, now}
		})
	// repayments: a third of the cases repaid in full, a third in part
	rows, err := e.st.DB().QueryContext(ctx, `SELECT id, due, opened FROM audit_cases WHERE id_number LIKE '3206821950%' ORDER BY id`)
	if err != nil {
		tb.Fatal(err)
	}
	type rep struct {
		id, amount int64
		on         string
	}
	var reps []rep
	for k := 0; rows.Next(); k++ {
		var id, due int64
		var opened string
		if err := rows.Scan(&id, &due, &opened); err != nil {
			tb.Fatal(err)
		}
		day, _ := time.Parse("2006-01-02", opened)
		on := day.AddDate(0, 0, 1+r.IntN(200)).Format("2006-01-02")
		switch k % 3 {
		case 0:
			reps = append(reps, rep{id, due, on})
		case 1:
			reps = append(reps, rep{id, due / 3, on})
		}
	}
	rows.Close()
	bulkInsert(tb, e.st.DB(), "audit_repayments", "case_id, on_date, amount, method, created_at", len(reps),
		func(i int) []any { return []any{reps[i].id, reps[i].on, reps[i].amount, "银行转账", now} })
	for _, name := range []string{"tianbao", "shenhe", "renshe", "caizheng", "admin", "jihe"} {
		u, err := e.st.UserByName(ctx, name)
		if err != nil {
			tb.Fatal(err)
		}
		sd.trailUser = append(sd.trailUser, u.ID)
	}
	prows, err := e.st.DB().QueryContext(ctx, `SELECT id FROM projects ORDER BY id`)
	if err != nil {
		tb.Fatal(err)
	}
	for prows.Next() {
		var id int64
		if err := prows.Scan(&id); err != nil {
			tb.Fatal(err)
		}
		sd.projects = append(sd.projects, id)
	}
	prows.Close()
	// the trail: n rows over 2023–2024, oldest first
	const batch = 5000
	t0 := time.Date(2023, 1, 1, 8, 0, 0, 0, time.Local).Unix()
	actions := []string{store.ActionActuals, store.ActionTargets, store.ActionProject, store.ActionReceipt, store.ActionSpending, store.ActionStatus("submit"), store.ActionReview}
	for a := 0; a < n; a += batch {
		evs := make([]store.Event, min(batch, n-a))
		for k := range evs {
			i := a + k
			evs[k] = store.Event{ProjectID: sd.projects[r.IntN(len(sd.projects))], UserID: sd.trailUser[r.IntN(len(sd.trailUser))],
				At: t0 + int64(i)*(730*86400)/int64(n), Action: actions[r.IntN(len(actions))], Field: fmt.Sprintf("指标%d.实际完成值", i%40),
				Old: fmt.Sprint(r.IntN(1000)), New: fmt.Sprint(r.IntN(1000))}
		}
		if err := e.st.AppendEvents(ctx, evs); err != nil {
			tb.Fatal(err)
		}
	}
	if e.st.Dialect() == "postgres" { // as autovacuum would after so many rows (the visibility map lets index-only scans skip the table)
		if _, err := e.st.DB().ExecContext(ctx, `VACUUM ANALYZE`); err != nil {
			tb.Fatal(err)
		}
	}
	return sd
}

// bulkInsert adds n rows to a table in one transaction, 200 rows a statement.
func bulkInsert(tb testing.TB, db *sql.DB, table, cols string, n int, row func(i int) []any) {
	tb.Helper()
	tx, err := db.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	for a := 0; a < n; a += 200 {
		var sb strings.Builder
		var args []any
		sb.WriteString("INSERT INTO " + table + " (" + cols + ") VALUES ")
		for i := a; i < min(n, a+200); i++ {
			if i > a {
				sb.WriteString(", ")
			}
			vals := row(i)
			sb.WriteByte('(')
			for k, v := range vals {
				if k > 0 {
					sb.WriteString(", ")
				}
				args = append(args, v)
				fmt.Fprintf(&sb, "$%d", len(args))
			}
			sb.WriteByte(')')
		}
		if _, err := tx.Exec(sb.String(), args...); err != nil {
			tb.Fatalf("insert into %s: %v", table, err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// listKinds are the load test's requests of each list: the first page,
// the next, a page jump, each sort, each filter, a search.
func (sd listSeed) listKinds(n int) map[string]func(r *rand.Rand) string {
	pages := func(r *rand.Rand, per int) int { return 1 + r.IntN(max(1, n/per)) }
	k := map[string]func(r *rand.Rand) string{
		"p-first": func(*rand.Rand) string { return "/projects?year=2023" },
		"p-next":  func(r *rand.Rand) string { return fmt.Sprintf("/projects?year=2023&page=%d", 2+r.IntN(3)) },
		"p-jump":  func(r *rand.Rand) string { return fmt.Sprintf("/projects?year=2023&page=%d", pages(r, perPage)) },
		"p-status": func(r *rand.Rand) string {
			return fmt.Sprintf("/projects?year=2023&status=%s", workflow.Statuses()[r.IntN(5)])
		},
		"p-unit": func(r *rand.Rand) string {
			return fmt.Sprintf("/projects?year=2023&unit=%d", sd.units[r.IntN(len(sd.units))])
		},
		"p-search": func(r *rand.Rand) string {
			return fmt.Sprintf("/projects?year=2023&q=%s", url.QueryEscape(fmt.Sprintf("%s%05d", sd.projNames[r.IntN(5)], r.IntN(n))))
		},
		"c-first": func(*rand.Rand) string { return "/audit/cases" },
		"c-next":  func(r *rand.Rand) string { return fmt.Sprintf("/audit/cases?page=%d", 2+r.IntN(3)) },
		"c-jump":  func(r *rand.Rand) string { return fmt.Sprintf("/audit/cases?page=%d", pages(r, 100)) },
		"c-status": func(r *rand.Rand) string {
			return "/audit/cases?status=" + caseStatuses[r.IntN(4)]
		},
		"c-town": func(r *rand.Rand) string {
			return "/audit/cases?town=" + url.QueryEscape(sd.towns[r.IntN(len(sd.towns))])
		},
		"c-year":   func(r *rand.Rand) string { return fmt.Sprintf("/audit/cases?year=%d&rate=recovery", 2023+r.IntN(2)) },
		"c-search": func(r *rand.Rand) string { return "/audit/cases?q=" + url.QueryEscape(sd.names[r.IntN(len(sd.names))]) },
		"u-first":  func(*rand.Rand) string { return "/admin/users" },
		"u-next":   func(r *rand.Rand) string { return fmt.Sprintf("/admin/users?page=%d", 2+r.IntN(3)) },
		"u-jump":   func(r *rand.Rand) string { return fmt.Sprintf("/admin/users?page=%d", pages(r, perPage)) },
		"u-role":   func(r *rand.Rand) string { return "/admin/users?role=" + string(workflow.Roles()[r.IntN(7)]) },
		"u-unit": func(r *rand.Rand) string {
			return fmt.Sprintf("/admin/users?unit=%d&active=1", sd.units[r.IntN(len(sd.units))])
		},
		"u-search": func(r *rand.Rand) string { return "/admin/users?q=" + url.QueryEscape(sd.names[r.IntN(len(sd.names))]) },
		"t-first":  func(*rand.Rand) string { return "/admin/trail" },
		"t-next":   func(r *rand.Rand) string { return fmt.Sprintf("/admin/trail?page=%d", 2+r.IntN(3)) },
		"t-jump":   func(r *rand.Rand) string { return fmt.Sprintf("/admin/trail?page=%d", pages(r, trailPerPage)) },
		"t-user": func(r *rand.Rand) string {
			return fmt.Sprintf("/admin/trail?user=%d", sd.trailUser[r.IntN(len(sd.trailUser))])
		},
		"t-action": func(r *rand.Rand) string {
			return "/admin/trail?action=" + url.QueryEscape(store.ActionStatus("submit"))
		},
		"t-project": func(r *rand.Rand) string {
			return fmt.Sprintf("/admin/trail?project=%d", sd.projects[r.IntN(len(sd.projects))])
		},
		"t-dates": func(r *rand.Rand) string {
			d := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(700))
			return fmt.Sprintf("/admin/trail?from=%s&to=%s", d.Format("2006-01-02"), d.AddDate(0, 0, 30).Format("2006-01-02"))
		},
	}
	for _, s := range []string{"name", "score", "rate", "status", "updated"} {
		k["p-sort-"+s] = func(r *rand.Rand) string {
			return fmt.Sprintf("/projects?year=2023&sort=%s&page=%d", s, pages(r, perPage))
		}
	}
	for _, s := range []string{"outstanding", "due", "name", "town", "days"} {
		k["c-sort-"+s] = func(r *rand.Rand) string { return fmt.Sprintf("/audit/cases?sort=%s&page=%d", s, pages(r, 100)) }
	}
	for _, s := range []string{"username", "name", "role", "unit"} {
		k["u-sort-"+s] = func(r *rand.Rand) string { return fmt.Sprintf("/admin/users?sort=%s&page=%d", s, pages(r, perPage)) }
	}
	return k
}

// BenchmarkLists is the load test of the other lists at 50,000 rows each
// (the suspect list has its own, BenchmarkSuspectList): 100 concurrent
// clients, each asking in turn for a page of the projects (as the
// finance reviewer), the recovery cases (as the auditor), the users and
// the audit trail (as the admin) — the first page, the next, a jump to a
// random page, each sort at a random page, each filter, a search — in the
// two runs of the load harness (load_test.go), then one client asking
// without pause ("serial": each kind's own cost, without the queue that a
// loaded machine makes). Run it with (-v: every kind's line):
//
//	go test ./internal/web -run '^$' -bench 'Lists$' -benchtime 1x -timeout 30m -v
//
// JIXIAO_BENCH_DB=postgres runs it against PostgreSQL; JIXIAO_BENCH_QUICK
// makes fewer requests.
func BenchmarkLists(b *testing.B) {
	const n = 50000
	perClient := 60
	if os.Getenv("JIXIAO_BENCH_QUICK") != "" {
		perClient = 12
	}
	dialect := benchDialect()
	e := newEnv(b, dialect)
	start := time.Now()
	sd := seedLists(b, e, n)
	b.Logf("%s: %d projects, users, cases and trail rows added in %v", dialect, n, time.Since(start).Round(time.Second))
	byList := map[byte][]*http.Cookie{}
	for list, user := range map[byte]string{'p': "caizheng", 'c': "jihe", 'u': "admin", 't': "admin"} {
		byList[list] = e.login(user).hc.Jar.Cookies(mustURL(e.ts.URL))
	}
	paths := sd.listKinds(n)
	var kinds []string
	for k := range paths {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	l := load{e: e, label: dialect, clients: 100, perClient: perClient, seed: 14, kinds: kinds,
		cookies: func(int) []*http.Cookie { return nil },
		next: func(r *rand.Rand, i, j int) loadReq {
			kind := kinds[(i*perClient+j)%len(kinds)]
			return loadReq{kind: kind, path: paths[kind](r), cookies: byList[kind[0]]}
		}}
	l.run(b)
	// one client asking without pause: each kind's own cost, no queue
	one := l
	one.label, one.clients, one.perClient, one.hc = dialect+" one client", 1, 10*len(kinds), nil
	one.mode(b, "serial")
}

// TestListsPaged: the lists of the load test at a small scale — the
// projects, the recovery cases, the users and the audit trail — read page
// by page through the pager's links, in each sort and with each filter
// and a search, hold exactly the rows the query selects in the order it
// names (the expectation made here from every row, in Go).
func TestListsPaged(t *testing.T) {
	eachDialect(t, func(t *testing.T, e *env) {
		ctx := t.Context()
		sd := seedLists(t, e, 260)
		// walk reads every page of a list and the ids its rows link to
		walk := func(c *client, link string, row *regexp.Regexp) []int64 {
			t.Helper()
			var ids []int64
			for _, m := range row.FindAllStringSubmatch(strings.Join(listPages(t, c, link), ""), -1) {
				ids = append(ids, mustInt(t, m[1]))
			}
			return ids
		}
		check := func(what string, got []int64, want []int64) {
			t.Helper()
			if len(want) == 0 {
				t.Errorf("%s: nothing selected: a vacuous check", what)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: %d rows %v…, want %d %v…", what, len(got), got[:min(6, len(got))], len(want), want[:min(6, len(want))])
			}
		}

		// projects, as the finance reviewer
		ps, err := e.st.Projects(ctx, store.ProjectFilter{Year: 2023})
		if err != nil {
			t.Fatal(err)
		}
		projRow := regexp.MustCompile(`<td><a href="/projects/(\d+)">`)
		fin := e.login("caizheng")
		rate := func(p store.Project) int64 {
			if p.HasExecBP {
				return p.ExecBP
			}
			return math.MaxInt64
		}
		projSorts := map[string]func(a, b store.Project) int{
			"": func(a, b store.Project) int {
				return cmp.Or(cmp.Compare(a.UnitID, b.UnitID), strings.Compare(a.Name, b.Name))
			},
			"name": func(a, b store.Project) int { return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) },
			"score": func(a, b store.Project) int {
				return cmp.Or(cmp.Compare(b.SelfScore, a.SelfScore), cmp.Compare(a.ID, b.ID))
			},
			"rate": func(a, b store.Project) int { return cmp.Or(cmp.Compare(rate(a), rate(b)), cmp.Compare(a.ID, b.ID)) },
			"status": func(a, b store.Project) int {
				return cmp.Or(strings.Compare(string(a.Status), string(b.Status)), cmp.Compare(a.ID, b.ID))
			},
			"updated": func(a, b store.Project) int {
				return cmp.Or(cmp.Compare(b.UpdatedAt, a.UpdatedAt), cmp.Compare(a.ID, b.ID))
			},
		}
		projects := func(keep func(p store.Project) bool, sort string) []int64 {
			var out []store.Project
			for _, p := range ps {
				if keep(p) {
					out = append(out, p)
				}
			}
			slices.SortFunc(out, projSorts[sort])
			ids := make([]int64, len(out))
			for i, p := range out {
				ids[i] = p.ID
			}
			return ids
		}
		all := func(store.Project) bool { return true }
		for sort := range projSorts {
			check("projects sort "+sort, walk(fin, "/projects?year=2023&sort="+sort, projRow), projects(all, sort))
		}
		st := workflow.Statuses()[1]
		check("projects status", walk(fin, "/projects?year=2023&sort=name&status="+string(st), projRow),
			projects(func(p store.Project) bool { return p.Status == st }, "name"))
		unit := sd.units[1]
		check("projects unit", walk(fin, fmt.Sprintf("/projects?year=2023&unit=%d", unit), projRow),
			projects(func(p store.Project) bool { return p.UnitID == unit }, ""))
		q := sd.projNames[2] + "0001"
		check("projects search", walk(fin, "/projects?year=2023&q="+url.QueryEscape(q), projRow),
			projects(func(p store.Project) bool { return strings.Contains(p.Name, q) }, ""))

		// users, as the admin
		us, err := e.st.Users(ctx)
		if err != nil {
			t.Fatal(err)
		}
		unitName := map[int64]string{}
		for _, u := range us {
			unitName[u.UnitID] = u.UnitName
		}
		userRow := regexp.MustCompile(`<tr><td(?: translate="no")?>([a-z0-9._-]+)</td>`)
		userID := map[string]int64{}
		for _, u := range us {
			userID[u.Username] = u.ID
		}
		adm := e.login("admin")
		walkUsers := func(link string) []int64 {
			var ids []int64
			for _, m := range userRow.FindAllStringSubmatch(strings.Join(listPages(t, adm, link), ""), -1) {
				ids = append(ids, userID[m[1]])
			}
			return ids
		}
		userSorts := map[string]func(a, b store.User) int{
			"":         func(a, b store.User) int { return cmp.Compare(a.ID, b.ID) },
			"username": func(a, b store.User) int { return strings.Compare(a.Username, b.Username) },
			"name": func(a, b store.User) int {
				return cmp.Or(strings.Compare(a.DisplayName, b.DisplayName), cmp.Compare(a.ID, b.ID))
			},
			"role": func(a, b store.User) int {
				return cmp.Or(strings.Compare(string(a.Role), string(b.Role)), cmp.Compare(a.ID, b.ID))
			},
			"unit": func(a, b store.User) int {
				return cmp.Or(strings.Compare(a.UnitName, b.UnitName), cmp.Compare(a.ID, b.ID))
			},
		}
		users := func(keep func(u store.User) bool, sort string) []int64 {
			var ids []int64
			out := slices.Clone(us)
			slices.SortFunc(out, userSorts[sort])
			for _, u := range out {
				if keep(u) {
					ids = append(ids, u.ID)
				}
			}
			return ids
		}
		for sort := range userSorts {
			check("users sort "+sort, walkUsers("/admin/users?sort="+sort), users(func(store.User) bool { return true }, sort))
		}
		check("users role", walkUsers("/admin/users?sort=name&role=town_clerk"), users(func(u store.User) bool { return u.Role == "town_clerk" }, "name"))
		check("users unit", walkUsers(fmt.Sprintf("/admin/users?unit=%d&active=1", unit)), users(func(u store.User) bool { return u.UnitID == unit && u.Active }, ""))
		check("users disabled", walkUsers("/admin/users?active=0"), users(func(u store.User) bool { return !u.Active }, ""))
		name := us[len(us)/2].DisplayName
		check("users search", walkUsers("/admin/users?q="+url.QueryEscape(name)), users(func(u store.User) bool { return strings.Contains(u.DisplayName, name) }, ""))
		check("users search by user name", walkUsers("/admin/users?q=LOAD0012"), users(func(u store.User) bool { return strings.Contains(u.Username, "load0012") }, ""))

		// recovery cases, as the auditor
		cs, err := e.st.AuditCases(ctx, store.CaseFilter{})
		if err != nil {
			t.Fatal(err)
		}
		rows := make([]CaseRow, len(cs))
		for i, c := range cs {
			rows[i] = caseRow(c)
		}
		caseRowRE := regexp.MustCompile(`<td><a href="/audit/cases/(\d+)">`)
		aud := e.login("jihe")
		cases := func(keep func(c *CaseRow) bool, sort string) []int64 {
			out := slices.Clone(rows)
			slices.SortStableFunc(out, func(a, b CaseRow) int { return caseSorts[sort](&a, &b) })
			var ids []int64
			for i := range out {
				if keep(&out[i]) {
					ids = append(ids, out[i].ID)
				}
			}
			return ids
		}
		for sort := range caseSorts {
			check("cases sort "+sort, walk(aud, "/audit/cases?sort="+sort, caseRowRE), cases(func(*CaseRow) bool { return true }, sort))
		}
		for _, status := range caseStatuses {
			check("cases "+status, walk(aud, "/audit/cases?sort=due&status="+status, caseRowRE), cases(func(c *CaseRow) bool { return c.Status == status }, "due"))
		}
		town := sd.towns[3]
		check("cases town", walk(aud, "/audit/cases?town="+url.QueryEscape(town), caseRowRE), cases(func(c *CaseRow) bool { return c.Town == town }, ""))
		check("cases year", walk(aud, "/audit/cases?year=2024&sort=name", caseRowRE), cases(func(c *CaseRow) bool { return strings.HasPrefix(c.Opened, "2024") }, "name"))
		name = rows[len(rows)/2].Name
		check("cases search", walk(aud, "/audit/cases?q="+url.QueryEscape(name), caseRowRE), cases(func(c *CaseRow) bool { return strings.Contains(c.Name, name) }, ""))

		// the audit trail, as the admin: every row of both tables, newest first
		type trailRow struct {
			seq, user, project, at int64
			action                 string
		}
		var trail []trailRow
		tr, err := e.st.DB().QueryContext(ctx, `SELECT seq, COALESCE(user_id, 0), COALESCE(project_id, 0), at, action FROM events
			UNION ALL SELECT seq, COALESCE(user_id, 0), 0, at, 'audit' FROM audit_events`)
		if err != nil {
			t.Fatal(err)
		}
		for tr.Next() {
			var r trailRow
			if err := tr.Scan(&r.seq, &r.user, &r.project, &r.at, &r.action); err != nil {
				t.Fatal(err)
			}
			trail = append(trail, r)
		}
		tr.Close()
		slices.SortFunc(trail, func(a, b trailRow) int { return cmp.Compare(b.seq, a.seq) })
		trailSel := func(keep func(r trailRow) bool) []int64 {
			var ids []int64
			for _, r := range trail {
				if keep(r) {
					ids = append(ids, r.seq)
				}
			}
			return ids
		}
		trailRowRE := regexp.MustCompile(`<tr><td>(\d+)</td><td>`)
		check("trail", walk(adm, "/admin/trail", trailRowRE), trailSel(func(trailRow) bool { return true }))
		who := sd.trailUser[2]
		check("trail user", walk(adm, fmt.Sprintf("/admin/trail?user=%d", who), trailRowRE), trailSel(func(r trailRow) bool { return r.user == who }))
		act := store.ActionStatus("submit")
		check("trail action", walk(adm, "/admin/trail?action="+url.QueryEscape(act), trailRowRE), trailSel(func(r trailRow) bool { return r.action == act }))
		check("trail audit rows", walk(adm, "/admin/trail?action=audit", trailRowRE), trailSel(func(r trailRow) bool { return r.action == "audit" }))
		proj := sd.projects[len(sd.projects)/2]
		for _, r := range trail {
			if r.project != 0 {
				proj = r.project
			}
		}
		check("trail project", walk(adm, fmt.Sprintf("/admin/trail?project=%d", proj), trailRowRE), trailSel(func(r trailRow) bool { return r.project == proj }))
		from := time.Date(2023, 6, 1, 0, 0, 0, 0, time.Local)
		to := from.AddDate(0, 3, 0)
		check("trail dates", walk(adm, "/admin/trail?from=2023-06-01&to="+to.Format("2006-01-02")+fmt.Sprintf("&user=%d", who), trailRowRE),
			trailSel(func(r trailRow) bool {
				return r.user == who && r.at >= from.Unix() && r.at < to.AddDate(0, 0, 1).Unix()
			}))
	})
}

// caseStatuses are the case list's status filters.
var caseStatuses = []string{string(audit.CaseOpen), string(audit.CasePartly), string(audit.CaseRecovered), string(audit.CaseWrittenOff)}

// pagerNext is the pager's link to the next page.
var pagerNext = regexp.MustCompile(`href="([^"]*)" id="pg-next"`)

// listPages reads every page of a list by its pager's "next" links.
func listPages(t *testing.T, c *client, link string) []string {
	t.Helper()
	var bodies []string
	for link != "" {
		if len(bodies) > 50 {
			t.Fatalf("%s: no end of pages", link)
		}
		page := c.get(link)
		if page.code != http.StatusOK {
			t.Fatalf("%s: %d", link, page.code)
		}
		bodies = append(bodies, page.body)
		link = ""
		if m := pagerNext.FindStringSubmatch(page.body); m != nil {
			link = html.UnescapeString(m[1])
		}
	}
	return bodies
}
