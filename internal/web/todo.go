package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"jixiao/internal/audit"
	"jixiao/internal/store"
	"jixiao/internal/workflow"
)

// The to-do page (待办) is every role's landing page after login: what waits
// for this user, with deadlines, and the count beside 待办 in the navigation.
// It only reads; each item links to the page where the work is done.

// Deadlines of the performance year (财预〔2020〕10号 practice in the county):
// the mid-year monitoring (双监控, as at 30 June) is due by 31 July, the
// self-evaluation of a year by 31 March of the next.
func monitorDue(year int) string  { return fmt.Sprintf("%d-07-31", year) }
func selfEvalDue(year int) string { return fmt.Sprintf("%d-03-31", year+1) }

// TodoItem is one thing to do.
type TodoItem struct {
	Kind    string // returned, monitor, selfeval, approve, dept, finance, reply, confirm, issue, overdue, case
	Title   string // the project, the town, the case
	Detail  string // the reviewer's comment, the count, the state
	Who     string // who returned it
	Due     string // deadline, "" if none
	Overdue bool
	Href    string
	N       int // how many records the item stands for (suspects, cases)
}

// TodoPage is the to-do list of one user.
type TodoPage struct {
	Page
	Items []TodoItem
	Today string
	// Truncated: more projects wait than the page lists.
	Truncated bool
}

// todoLimit bounds the projects one list shows; the overview filters the rest.
const todoLimit = 50

func (s *Server) todoPage(w http.ResponseWriter, r *http.Request) {
	pg := TodoPage{Page: s.page(r, "待办"), Today: s.now().Format("2006-01-02")}
	var err error
	gen := s.st.Generation()
	if pg.Items, pg.Truncated, err = s.todoItems(r.Context(), currentUser(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.todoCounts.put(currentUser(r).ID, len(pg.Items), s.now(), gen)
	pg.TodoN = len(pg.Items)
	s.show(w, r, "todo.html", pg)
}

// todoItems lists what waits for u.
func (s *Server) todoItems(ctx context.Context, u *store.User) ([]TodoItem, bool, error) {
	now := s.now()
	today := now.Format("2006-01-02")
	switch u.Role {
	case workflow.RoleFiler:
		items, truncated, err := s.filerTodo(ctx, u, now.Year(), today)
		return s.withRectTodo(ctx, u, today, items, truncated, err)
	case workflow.RoleUnitApprover:
		return s.reviewTodo(ctx, u, workflow.StatusSubmitted, "approve")
	case workflow.RoleDeptReviewer:
		return s.reviewTodo(ctx, u, workflow.StatusUnitApproved, "dept")
	case workflow.RoleFinance:
		items, truncated, err := s.reviewTodo(ctx, u, workflow.StatusDeptReviewed, "finance")
		return s.withRectTodo(ctx, u, today, items, truncated, err)
	case workflow.RoleAuditor:
		items, err := s.auditorTodo(ctx, now)
		return items, false, err
	case workflow.RoleTownClerk:
		items, err := s.clerkTodo(ctx, u, now)
		return items, false, err
	}
	return nil, false, nil
}

// filerTodo: returned sheets with the reviewer's comment, monitoring and
// self-evaluations due, for the filer's own unit.
func (s *Server) filerTodo(ctx context.Context, u *store.User, year int, today string) ([]TodoItem, bool, error) {
	ps, err := s.st.Projects(ctx, store.ProjectFilter{UnitIDs: []int64{u.UnitID}, Status: workflow.StatusDraft, Limit: todoLimit + 1})
	if err != nil {
		return nil, false, err
	}
	truncated := len(ps) > todoLimit
	ps = ps[:min(len(ps), todoLimit)]
	var items []TodoItem
	for _, p := range ps {
		href := fmt.Sprintf("/projects/%d", p.ID)
		title := fmt.Sprintf("%s（%d）", p.Name, p.Year)
		ret, err := s.lastReturn(ctx, p.ID)
		if err != nil {
			return nil, false, err
		}
		if ret != nil {
			items = append(items, TodoItem{Kind: "returned", Title: title, Detail: ret.Note, Who: ret.UserName + " · " + time.Unix(ret.At, 0).In(s.now().Location()).Format("2006-01-02"), Href: href})
		}
		if p.Year == year && p.MonitorDate < fmt.Sprintf("%d-06-30", year) && today > fmt.Sprintf("%d-06-30", year) {
			due := monitorDue(year)
			items = append(items, TodoItem{Kind: "monitor", Title: title, Due: due, Overdue: today > due, Href: href + "/monitor"})
		}
		if p.Year <= year {
			due := selfEvalDue(p.Year)
			items = append(items, TodoItem{Kind: "selfeval", Title: title, Due: due, Overdue: today > due, Href: href + "/evaluate"})
		}
	}
	sortTodo(items)
	return items, truncated, nil
}

// withRectTodo adds the user's 整改 items to a list of to-dos: for a filer,
// the unit's items still to report on (overdue marked); for the finance
// reviewer, items reported and awaiting acceptance, and every overdue item
// in the units it sees. Overdue items come first after returned sheets.
func (s *Server) withRectTodo(ctx context.Context, u *store.User, today string, items []TodoItem, truncated bool, err error) ([]TodoItem, bool, error) {
	if err != nil {
		return nil, false, err
	}
	units := []int64{u.UnitID}
	if u.Role != workflow.RoleFiler {
		if units, err = s.visibleUnits(ctx, u); err != nil {
			return nil, false, err
		}
	}
	rs, err := s.st.Rectifications(ctx, store.RectFilter{UnitIDs: units})
	if err != nil {
		return nil, false, err
	}
	for _, it := range rs {
		over := it.Overdue(today)
		kind := ""
		switch {
		case u.Role == workflow.RoleFiler && it.Status == store.RectOpen:
			kind = "rectify"
		case u.Role != workflow.RoleFiler && it.Status == store.RectReported:
			kind = "rect_accept"
		case u.Role != workflow.RoleFiler && over:
			kind = "rect_overdue"
		}
		if kind == "" {
			continue
		}
		items = append(items, TodoItem{Kind: kind, Title: fmt.Sprintf("%s（%d）", it.Project, it.Year), Detail: it.Unit + "：" + it.Problem,
			Due: it.Due, Overdue: over, Href: fmt.Sprintf("/rectify?year=%d#r%d", it.Year, it.ID)})
	}
	sortTodo(items)
	return items, truncated, nil
}

// lastReturn is the event that returned a draft to its filer, or nil when
// the sheet's last status change was not a return.
func (s *Server) lastReturn(ctx context.Context, pid int64) (*store.Event, error) {
	evs, err := s.st.Events(ctx, pid, 200)
	if err != nil {
		return nil, err
	}
	return lastReturnOf(evs), nil
}

// lastReturnOf finds the return among events, newest first.
func lastReturnOf(evs []store.Event) *store.Event {
	for i := range evs {
		if strings.HasPrefix(evs[i].Action, store.ActionStatusPrefix) {
			if evs[i].Action == store.ActionStatus(string(workflow.ActReturn)) {
				return &evs[i]
			}
			return nil
		}
	}
	return nil
}

// reviewTodo: the sheets waiting at the reviewer's step, in their units.
func (s *Server) reviewTodo(ctx context.Context, u *store.User, st workflow.Status, kind string) ([]TodoItem, bool, error) {
	units, err := s.visibleUnits(ctx, u)
	if err != nil {
		return nil, false, err
	}
	f := store.ProjectFilter{UnitIDs: units, Status: st, Limit: todoLimit + 1}
	ps, err := s.st.Projects(ctx, f)
	if err != nil {
		return nil, false, err
	}
	var items []TodoItem
	for _, p := range ps[:min(len(ps), todoLimit)] {
		items = append(items, TodoItem{Kind: kind, Title: fmt.Sprintf("%s（%d）", p.Name, p.Year), Detail: p.UnitName, Href: fmt.Sprintf("/projects/%d", p.ID)})
	}
	return items, len(ps) > todoLimit, nil
}

// auditorTodo: overdue suspects by town, runs whose stop list can be
// issued, and recovery cases still open.
func (s *Server) auditorTodo(ctx context.Context, now time.Time) ([]TodoItem, error) {
	runs, err := s.st.AuditRuns(ctx)
	if err != nil {
		return nil, err
	}
	var items []TodoItem
	for _, run := range runs {
		href := fmt.Sprintf("/audit/runs/%d", run.ID)
		if run.SentAt == 0 {
			items = append(items, TodoItem{Kind: "send", Title: fmt.Sprintf("#%d %s", run.ID, run.AsOf), Href: href})
			continue
		}
		// counted in SQL: a run holds up to a county's tens of thousands of suspects
		over, err := s.st.OverdueByTown(ctx, run.ID, now)
		if err != nil {
			return nil, err
		}
		for _, t := range over {
			items = append(items, TodoItem{Kind: "overdue", Title: t.Key, Detail: fmt.Sprintf("#%d %s", run.ID, run.AsOf), N: t.N, Overdue: true, Href: href + "?town=" + url.QueryEscape(t.Key)})
		}
		_, issue, err := s.st.AuditSuspectsPage(ctx, store.SuspectQuery{SuspectFilter: store.SuspectFilter{RunID: run.ID, State: string(audit.StateTownConfirmed), Limit: 1}})
		if err != nil {
			return nil, err
		}
		if issue > 0 {
			items = append(items, TodoItem{Kind: "issue", Title: fmt.Sprintf("#%d %s", run.ID, run.AsOf), N: issue, Href: href})
		}
	}
	cases, err := s.st.AuditCases(ctx, store.CaseFilter{})
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		row := caseRow(c)
		if c.WrittenOff || row.Outstanding <= 0 {
			continue
		}
		items = append(items, TodoItem{Kind: "case", Title: fmt.Sprintf("#%d %s · %s", c.ID, c.Name, c.Town), Detail: group(row.Outstanding.String()), Due: c.Opened, Href: fmt.Sprintf("/audit/cases/%d", c.ID)})
	}
	return items, nil
}

// clerkTodo: the town's suspects to verify and stops to confirm, counted
// in SQL per run and state (a town holds thousands of suspects), and the
// town's certification due list.
func (s *Server) clerkTodo(ctx context.Context, u *store.User, now time.Time) ([]TodoItem, error) {
	counts, err := s.st.TownOpenSuspects(ctx, u.UnitName, now)
	if err != nil {
		return nil, err
	}
	runs := map[int64]store.AuditRun{}
	items := make([]TodoItem, 0, len(counts))
	for _, c := range counts {
		kind := "reply"
		if audit.SuspectState(c.State) == audit.StateSuspensionIssued {
			kind = "confirm"
		}
		run, ok := runs[c.RunID]
		if !ok {
			if run, err = s.st.AuditRun(ctx, c.RunID); err != nil {
				return nil, err
			}
			runs[c.RunID] = run
		}
		it := TodoItem{Kind: kind, Title: fmt.Sprintf("#%d %s", run.ID, run.AsOf), Href: "/audit/suspects?state=" + c.State, N: c.N, Overdue: c.Overdue}
		if d := dueOf(run, store.AuditSuspect{State: c.State}); d != 0 {
			it.Due = time.Unix(d, 0).In(now.Location()).Format("2006-01-02")
		}
		items = append(items, it)
	}
	// the newest certification run's due list of the town: people to
	// certify before their validity ends
	if runs, err := s.st.CertRuns(ctx); err != nil {
		return nil, err
	} else if len(runs) > 0 {
		n, err := s.st.CertRunListCounts(ctx, runs[0].ID, u.UnitName)
		if err != nil {
			return nil, err
		}
		if n["due"] > 0 {
			items = append(items, TodoItem{Kind: "certdue", Title: fmt.Sprintf("#%d %s", runs[0].ID, runs[0].AsOf), N: n["due"],
				Href: fmt.Sprintf("/cert/runs/%d", runs[0].ID)})
		}
	}
	return items, nil
}

// sortTodo puts returned sheets first, then overdue 整改 items, then by
// deadline.
func sortTodo(items []TodoItem) {
	rank := func(it TodoItem) int {
		switch {
		case it.Kind == "returned":
			return 0
		case strings.HasPrefix(it.Kind, "rect") && it.Overdue:
			return 1
		}
		return 2
	}
	sort.SliceStable(items, func(i, j int) bool {
		if rank(items[i]) != rank(items[j]) {
			return rank(items[i]) < rank(items[j])
		}
		return items[i].Due < items[j].Due
	})
}

// todoCache keeps each user's to-do count for the navigation for a
// minute, so that the count costs nothing on ordinary pages.
type todoCache struct {
	mu sync.Mutex
	m  map[int64]todoCount
}

type todoCount struct {
	n         int
	at        time.Time
	gen       int64
	computing bool
}

func (c *todoCache) put(uid int64, n int, now time.Time, gen int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 10000 {
		c.m = map[int64]todoCount{}
	}
	c.m[uid] = todoCount{n: n, at: now, gen: gen}
}

// get returns the cached count while nothing was written and for a minute
// at most (deadlines pass with time alone). When the count is stale and
// nobody is computing it, the caller is told to (ok false) and the entry is
// marked; concurrent requests meanwhile get the stale count, so a burst of
// requests computes it once.
func (c *todoCache) get(uid int64, now time.Time, gen int64) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[uid]
	if ok && (v.computing || v.gen == gen && now.Sub(v.at) <= time.Minute) {
		return v.n, true
	}
	if c.m == nil {
		c.m = map[int64]todoCount{}
	}
	v.computing = true
	c.m[uid] = v
	return 0, false
}

// todoCount is the user's to-do count for the navigation: cached, else
// computed (once a minute at most per user).
func (s *Server) todoCount(ctx context.Context, u *store.User) int {
	gen := s.st.Generation()
	if n, ok := s.todoCounts.get(u.ID, s.now(), gen); ok {
		return n
	}
	items, _, err := s.todoItems(ctx, u)
	if err != nil {
		s.todoCounts.put(u.ID, 0, time.Time{}, gen) // stale at once: computed again next time
		return 0
	}
	s.todoCounts.put(u.ID, len(items), s.now(), gen)
	return len(items)
}

// TodoLabel names an item's kind in the page's language.
func (pg TodoPage) TodoLabel(kind string) string {
	return pg.T(todoKinds[kind])
}

var todoKinds = map[string]string{
	"returned": "被退回，请修改后重新提交", "monitor": "运行监控待填报", "selfeval": "绩效自评待提交",
	"approve": "待单位审核", "dept": "待主管部门审核", "finance": "待财政复核",
	"send": "疑点待下发", "issue": "停发名单待下发", "overdue": "镇（街道）逾期未核实", "case": "追回案件待跟进",
	"reply": "疑点待核实上报", "confirm": "停发待确认", "certdue": "资格认证即将到期，请组织认证",
	"rectify": "整改待反馈", "rect_accept": "整改待验收", "rect_overdue": "整改已逾期",
}

// Returned is the return that sent this draft back to its filer, shown at
// the top of the project page with the reviewer's comment; nil otherwise.
func (pg ProjectPage) Returned() *store.Event {
	if pg.Sheet.Project.Status != workflow.StatusDraft {
		return nil
	}
	return lastReturnOf(pg.Events)
}
