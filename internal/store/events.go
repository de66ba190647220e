package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Event is one line of a project's audit trail: who changed what, when,
// from which value to which.
type Event struct {
	ID        int64
	ProjectID int64
	UserID    int64
	UserName  string
	At        int64
	Action    string // create, targets, actuals, review, status:submit …
	Field     string // "发放率.实际完成值", "status" …
	Old, New  string
	Note      string // a comment, e.g. why a sheet was returned
}

// Audit-trail actions (events.action); internal/locale names them.
const (
	ActionCreate          = "create"
	ActionProject         = "project"
	ActionTargets         = "targets"
	ActionTargetsDeclare  = "targets:declare"
	ActionTargetsWithdraw = "targets:withdraw"
	ActionActuals         = "actuals"
	ActionMonitor         = "monitor"
	ActionReview          = "review"
	ActionImport          = "import"
	ActionReceipt         = KindReceipt
	ActionSpending        = KindSpending
	ActionDeletePrefix    = "delete_" // + receipt | spending
	ActionStatusPrefix    = "status:" // + a workflow action: submit, approve, dept, finance, return
)

// Actions lists every action, for the tests that keep locale complete.
var Actions = []string{ActionCreate, ActionProject, ActionTargets, ActionTargetsDeclare, ActionTargetsWithdraw, ActionActuals,
	ActionMonitor, ActionReview, ActionImport, ActionReceipt, ActionSpending, ActionDeletePrefix + KindReceipt,
	ActionDeletePrefix + KindSpending}

// ActionStatus is the audit-trail action of a workflow step.
func ActionStatus(act string) string { return ActionStatusPrefix + act }

// addEvent appends a row to the trail, chained (trail.go), in the
// caller's transaction.
func addEvent(ctx context.Context, q querier, e Event) error { return addEvents(ctx, q, []Event{e}) }

// addEvents appends the rows of one change to the trail, chained, in the
// caller's transaction: two statements on the trail head and one insert,
// however many rows. Call it last in the transaction (links says why).
func addEvents(ctx context.Context, q querier, events []Event) error {
	if err := insertTrail(ctx, q, "events", "project_id, user_id, at, action, field, old_value, new_value, note", len(events),
		func(i int) []string { return eventFields(events[i]) },
		func(i int) []any {
			e := &events[i]
			return []any{nullID(e.ProjectID), nullID(e.UserID), e.At, e.Action, e.Field, e.Old, e.New, e.Note}
		}); err != nil {
		return fmt.Errorf("store: audit event: %w", err)
	}
	return nil
}

// Events returns a project's audit trail, newest first, at most limit rows.
func (s *Store) Events(ctx context.Context, pid int64, limit int) ([]Event, error) {
	rows, err := cached{s}.QueryContext(ctx, `SELECT e.id, COALESCE(e.project_id, 0), COALESCE(e.user_id, 0), COALESCE(u.display_name, ''), e.at, e.action, e.field, e.old_value, e.new_value, e.note
		FROM events e LEFT JOIN users u ON u.id = e.user_id WHERE e.project_id = $1 ORDER BY e.id DESC LIMIT $2`, pid, limit)
	if err != nil {
		return nil, fmt.Errorf("store: events of %d: %w", pid, err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.ProjectID, &e.UserID, &e.UserName, &e.At, &e.Action, &e.Field, &e.Old, &e.New, &e.Note); err != nil {
			return nil, fmt.Errorf("store: scan event: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// diffSheet lists every field that differs between two versions of a sheet.
func diffSheet(old, cur Sheet) []Event {
	var out []Event
	add := func(field, a, b string) {
		if a != b {
			out = append(out, Event{Field: field, Old: a, New: b})
		}
	}
	op, np := old.Project, cur.Project
	add("项目名称", op.Name, np.Name)
	add("年度", fmt.Sprint(op.Year), fmt.Sprint(np.Year))
	add("开始", op.PeriodStart, np.PeriodStart)
	add("结束", op.PeriodEnd, np.PeriodEnd)
	add("立项依据", op.Basis, np.Basis)
	add("基本性质与内容", op.Nature, np.Nature)
	add("涉及范围", op.Scope, np.Scope)
	for i, src := range []string{"上级", "本级", "其他"} {
		add("预算("+src+")", op.Budget[i].String(), np.Budget[i].String())
	}
	add("状态", string(op.Status), string(np.Status))
	add("绩效目标已申报", fmt.Sprint(op.TargetsDeclared), fmt.Sprint(np.TargetsDeclared))
	add("监控日期", op.MonitorDate, np.MonitorDate)
	add("监控偏差原因", op.MonitorReason, np.MonitorReason)
	add("评分规则", op.RuleSet, np.RuleSet)
	oldRows := map[int64]Indicator{}
	for _, r := range old.Rows {
		oldRows[r.ID] = r
	}
	seen := map[int64]bool{}
	for _, r := range cur.Rows {
		o, ok := oldRows[r.ID]
		if r.ID == 0 || !ok {
			out = append(out, Event{Field: r.Level3, New: fmt.Sprintf("新增指标 %s/%s/%s 目标 %s 权重 %s", r.Level1, r.Level2, r.Level3, r.Target, r.Weight)})
			continue
		}
		seen[r.ID] = true
		n := o.Level3
		add(n+".一级", o.Level1, r.Level1)
		add(n+".二级", o.Level2, r.Level2)
		add(n+".三级", o.Level3, r.Level3)
		add(n+".年初指标值", o.Target, r.Target)
		add(n+".方向", o.Direction, r.Direction)
		add(n+".权重", o.Weight.String(), r.Weight.String())
		add(n+".实际完成值", o.Actual, r.Actual)
		add(n+".得分", pts(o.Score, o.HasScore), pts(r.Score, r.HasScore))
		add(n+".评分依据", o.Basis, r.Basis)
		add(n+".复核得分", pts(o.ReviewScore, o.HasReview), pts(r.ReviewScore, r.HasReview))
		add(n+".复核意见", o.ReviewNote, r.ReviewNote)
		add(n+".监控进度", o.Progress, r.Progress)
		add(n+".偏差原因", o.ProgressReason, r.ProgressReason)
	}
	for _, o := range old.Rows {
		if !seen[o.ID] {
			out = append(out, Event{Field: o.Level3, Old: fmt.Sprintf("删除指标 %s/%s/%s 目标 %s 方向 %s 权重 %s 实际 %s 得分 %s 依据 %s 复核得分 %s",
				o.Level1, o.Level2, o.Level3, o.Target, o.Direction, o.Weight, o.Actual, pts(o.Score, o.HasScore), o.Basis, pts(o.ReviewScore, o.HasReview))})
		}
	}
	for k, v := range cur.Narrative {
		add("叙述."+k, old.Narrative[k], v)
	}
	return out
}

// AppendEvents adds trail rows in one transaction, chained as every other
// row is (a bulk path: the load tests fill the trail with it).
func (s *Store) AppendEvents(ctx context.Context, events []Event) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return addEvents(ctx, tx, events) })
}
