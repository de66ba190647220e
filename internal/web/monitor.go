package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"jixiao/internal/eval"
	"jixiao/internal/monitor"
	"jixiao/internal/store"
	"jixiao/internal/validate"
)

// MonitorRow is one indicator's progress and light.
type MonitorRow struct {
	Index    int
	Ind      store.Indicator
	Progress string
	Reason   string
	Result   monitor.Result
	Errors   map[string]string
	// Computed: the progress is the rate computed from the money records
	// (资金到位率, 预算执行率), never typed, so it agrees with the header.
	Computed bool
}

// computedProgress puts the computed rates into the rows of those names.
func computedProgress(p *store.Project, rows []MonitorRow) {
	for i := range rows {
		if c := computedActual(p, rows[i].Ind.Level3); c != "" {
			rows[i].Progress, rows[i].Computed = c, true
		}
	}
}

// MonitorPage is 绩效运行监控: progress and lights at a date.
type MonitorPage struct {
	Page
	Sheet      *store.Sheet
	Rows       []MonitorRow
	Date       string
	Elapsed    int64
	Budget     monitor.Result
	ExecRate   int64
	ExecOK     bool
	Light      monitor.Light
	Rule       monitor.Rule
	RuleText   string
	Reason     string
	CanEdit    bool
	FormError  string
	DateError  string
	NeedReason bool
}

// monitorRule returns the configured rule, read at most every few seconds.
func (s *Server) monitorRule(ctx context.Context) monitor.Rule {
	s.unitsMu.Lock()
	if s.ruleAt.After(s.now().Add(-5*time.Second)) && !s.ruleAt.IsZero() {
		r := s.rule
		s.unitsMu.Unlock()
		return r
	}
	s.unitsMu.Unlock()
	r := s.readMonitorRule(ctx)
	s.unitsMu.Lock()
	s.rule, s.ruleAt = r, s.now()
	s.unitsMu.Unlock()
	return r
}

func (s *Server) readMonitorRule(ctx context.Context) monitor.Rule {
	v, err := s.st.Setting(ctx, "monitor_rule", "")
	if err != nil || v == "" {
		return monitor.DefaultRule()
	}
	r, err := monitor.ParseRule(v)
	if err != nil {
		return monitor.DefaultRule()
	}
	return r
}

func (s *Server) monitorPage(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadSheet(w, r)
	if !ok {
		return
	}
	date := r.URL.Query().Get("date")
	if date == "" {
		date = sh.Project.MonitorDate
	}
	if date == "" {
		date = s.now().Format("2006-01-02")
	}
	rows := make([]MonitorRow, len(sh.Rows))
	for i, ind := range sh.Rows {
		rows[i] = MonitorRow{Index: i, Ind: ind, Progress: ind.Progress, Reason: ind.ProgressReason}
	}
	computedProgress(&sh.Project, rows)
	s.showMonitor(w, r, sh, rows, date, sh.Project.MonitorReason, "", http.StatusOK)
}

func (s *Server) showMonitor(w http.ResponseWriter, r *http.Request, sh *store.Sheet, rows []MonitorRow, date, reason, formErr string, status int) {
	rule := s.monitorRule(r.Context())
	pg := MonitorPage{Page: s.page(r, "绩效运行监控"), Sheet: sh, Rows: rows, Date: date, Rule: rule, Reason: reason,
		CanEdit: canEdit(currentUser(r), &sh.Project), FormError: formErr}
	pg.RuleText = pg.Pick(rule.DescribeZH(), rule.DescribeEN())
	d, err := time.Parse("2006-01-02", date)
	if err != nil {
		pg.DateError = pg.T("日期格式为 2024-06-30。")
		d = s.now()
	}
	pg.Elapsed = monitor.Elapsed(sh.Project.Year, d)
	progress := make([]string, len(pg.Rows))
	for i := range pg.Rows {
		progress[i] = pg.Rows[i].Progress
	}
	var results []monitor.Result
	results, pg.Budget, pg.Light = lights(rule, sh, progress, pg.Elapsed)
	for i := range pg.Rows {
		row := &pg.Rows[i]
		row.Result = results[i]
		if (row.Result.Light == monitor.LightRed || row.Result.Light == monitor.LightYellow || row.Result.Light == monitor.LightBlue) && row.Reason == "" && row.Errors == nil {
			row.Errors = map[string]string{"reason": pg.T("偏离目标，请说明原因")}
		}
	}
	pg.ExecRate, pg.ExecOK = sh.Project.ExecutionRate()
	pg.NeedReason = pg.Budget.Light == monitor.LightRed || pg.Budget.Light == monitor.LightYellow
	s.render(w, r, status, "monitor.html", "layout", pg)
}

// lights judges each indicator's progress and the budget execution at the
// time elapsed; the project's light is the worst of them.
func lights(rule monitor.Rule, sh *store.Sheet, progress []string, elapsed int64) ([]monitor.Result, monitor.Result, monitor.Light) {
	out := make([]monitor.Result, len(sh.Rows))
	all := make([]monitor.Light, 0, len(sh.Rows)+1)
	for i, ind := range sh.Rows {
		out[i] = rule.Indicator(ind.Level3, eval.ParseValue(ind.Target), eval.ParseValue(progress[i]), elapsed)
		all = append(all, out[i].Light)
	}
	budget := rule.Budget(sh.Project.Spent, sh.Project.BudgetTotal(), elapsed)
	return out, budget, monitor.Worst(append(all, budget.Light)...)
}

// projectLight is the project's monitoring light at its last monitoring
// date, or LightNone when it has not been monitored.
func (s *Server) projectLight(ctx context.Context, sh *store.Sheet) monitor.Light {
	d, err := time.Parse("2006-01-02", sh.Project.MonitorDate)
	if err != nil {
		return monitor.LightNone
	}
	progress := make([]string, len(sh.Rows))
	for i, r := range sh.Rows {
		progress[i] = r.Progress
	}
	_, _, l := lights(s.monitorRule(ctx), sh, progress, monitor.Elapsed(sh.Project.Year, d))
	return l
}

func (s *Server) saveMonitor(w http.ResponseWriter, r *http.Request) {
	sh, ok := s.loadEditable(w, r)
	if !ok {
		return
	}
	date := strings.TrimSpace(r.PostFormValue("date"))
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	rows := make([]MonitorRow, len(sh.Rows))
	valid := true
	for i, ind := range sh.Rows {
		k := func(name string) string { return strings.TrimSpace(r.PostFormValue(fmt.Sprintf("%s_%d", name, i))) }
		rows[i] = MonitorRow{Index: i, Ind: ind, Progress: k("progress"), Reason: k("reason")}
		m1, ok1 := validate.Field(rows[i].Progress)
		m2, ok2 := validate.Text(rows[i].Reason)
		if !ok1 || !ok2 {
			m := m2
			if !ok1 {
				m = m1
			}
			rows[i].Errors = map[string]string{"reason": s.page(r, "").T(m.ZH)}
			valid = false
		}
	}
	computedProgress(&sh.Project, rows)
	if _, ok := validate.Text(reason); !ok {
		valid = false
	}
	if _, err := time.Parse("2006-01-02", date); err != nil {
		valid = false
	}
	if !valid {
		s.showMonitor(w, r, sh, rows, date, reason, "请改正标出的字段。", http.StatusUnprocessableEntity)
		return
	}
	_, err := s.st.Edit(r.Context(), sh.Project.ID, formVersion(r), currentUser(r).ID, store.ActionMonitor, "", func(e *store.Sheet) error {
		if len(e.Rows) != len(rows) {
			return store.ErrConflict
		}
		for i := range e.Rows {
			if e.Rows[i].ID != rows[i].Ind.ID {
				return store.ErrConflict
			}
			e.Rows[i].Progress, e.Rows[i].ProgressReason = rows[i].Progress, rows[i].Reason
		}
		e.Project.MonitorDate, e.Project.MonitorReason = date, reason
		return nil
	})
	if isConflict(err) {
		s.showMonitor(w, r, sh, rows, date, reason, "此表已被他人修改，请刷新后重新填写。", http.StatusConflict)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, "/projects/"+strconv.FormatInt(sh.Project.ID, 10)+"/monitor", s.page(r, "").T("监控情况已保存。"))
}
