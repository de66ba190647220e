package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/money"
	"jixiao/internal/workflow"
)

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

// Project is a budget project of one unit and year, with its cached
// evaluation summary (recomputed on every change, for the overviews).
type Project struct {
	ID          int64
	UnitID      int64
	UnitName    string
	Year        int
	Name        string
	PeriodStart string // "2023-01"
	PeriodEnd   string
	Basis       string // 立项依据
	Nature      string // 基本性质与内容
	Scope       string // 涉及范围
	// Budget by funding source: 上级, 本级, 其他.
	Budget   [3]money.Fen
	Received money.Fen // sum of receipts
	Spent    money.Fen // sum of spending records
	Status   workflow.Status
	Version  int64
	Template string
	RuleSet  string
	// TargetsDeclared is set when the filer declares the targets (申报),
	// which needs weights totalling 100; targets are then fixed.
	TargetsDeclared bool

	MonitorDate   string // "2024-06-30"
	MonitorReason string // the project's deviation reason

	SelfScore   eval.Points
	SelfGrade   string
	ReviewScore eval.Points
	HasReview   bool
	ReviewGrade string
	WeightTotal eval.Points
	Errors      int
	Warnings    int
	// Inflated lists the signs of an inflated self-score, comma-separated
	// codes: problems, nobasis, unspent.
	Inflated string
	// ExecBP is the stored 预算执行率 (ExecutionRate); LowExecution is set
	// when it is below the rule set's execution_min.
	ExecBP       int64
	HasExecBP    bool
	LowExecution bool
	CreatedAt    int64
	UpdatedAt    int64
}

// BudgetTotal is the sum of the budget's sources.
func (p *Project) BudgetTotal() money.Fen { return p.Budget[0] + p.Budget[1] + p.Budget[2] }

// ReceivedRate is 资金到位率 in hundredths of a percent.
func (p *Project) ReceivedRate() (int64, bool) { return money.RatioBP(p.Received, p.BudgetTotal()) }

// ExecutionRate is 预算执行率 in hundredths of a percent as the project's
// rule set computes it (spent ÷ budget, or spent ÷ received with
// execution_rate = received), stored with the summary.
func (p *Project) ExecutionRate() (int64, bool) { return p.ExecBP, p.HasExecBP }

// InflatedSigns splits Inflated.
func (p *Project) InflatedSigns() []string {
	if p.Inflated == "" {
		return nil
	}
	return strings.Split(p.Inflated, ",")
}

// Indicator is one row of a project's sheet.
type Indicator struct {
	ID                     int64
	Pos                    int
	Level1, Level2, Level3 string
	Target                 string
	Direction              string // "" = inferred; else 正向/反向/等于/定性
	Weight                 eval.Points
	Actual                 string
	Score                  eval.Points
	HasScore               bool
	Basis                  string
	ReviewScore            eval.Points
	HasReview              bool
	ReviewNote             string
	Progress               string // monitoring: value so far
	ProgressReason         string // monitoring: deviation reason
}

// Sheet is everything a project's pages edit: the project, its indicator
// rows and its narrative sections by key (eval.Narrative.Sections keys).
type Sheet struct {
	Project   Project
	Rows      []Indicator
	Narrative map[string]string
}

const projectCols = `p.id, p.unit_id, u.name, p.year, p.name, p.period_start, p.period_end, p.basis, p.nature, p.scope,
	p.budget_higher, p.budget_local, p.budget_other, p.received, p.spent, p.status, p.version, p.template, p.rule_set,
	p.monitor_date, p.monitor_reason, p.self_score, p.self_grade, p.review_score, p.review_grade, p.weight_total,
	p.errors, p.warnings, p.inflated, p.created_at, p.updated_at, p.targets_declared, p.execution_bp, p.low_execution`

func scanProject(sc interface{ Scan(...any) error }) (Project, error) {
	var p Project
	var status string
	var review sql.NullInt64
	var declared, low int
	var execBP sql.NullInt64
	err := sc.Scan(&p.ID, &p.UnitID, &p.UnitName, &p.Year, &p.Name, &p.PeriodStart, &p.PeriodEnd, &p.Basis, &p.Nature, &p.Scope,
		&p.Budget[0], &p.Budget[1], &p.Budget[2], &p.Received, &p.Spent, &status, &p.Version, &p.Template, &p.RuleSet,
		&p.MonitorDate, &p.MonitorReason, &p.SelfScore, &p.SelfGrade, &review, &p.ReviewGrade, &p.WeightTotal,
		&p.Errors, &p.Warnings, &p.Inflated, &p.CreatedAt, &p.UpdatedAt, &declared, &execBP, &low)
	p.Status, p.TargetsDeclared = workflow.Status(status), declared == 1
	p.ExecBP, p.HasExecBP, p.LowExecution = execBP.Int64, execBP.Valid, low == 1
	p.ReviewScore, p.HasReview = eval.Points(review.Int64), review.Valid
	return p, err
}

// CreateProject stores a new project with its first indicator rows and
// returns its ID.
func (s *Store) CreateProject(ctx context.Context, p Project, rows []Indicator, userID int64) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := s.Now().Unix()
		err := tx.QueryRowContext(ctx, `INSERT INTO projects (unit_id, year, name, period_start, period_end, basis, nature, scope,
			budget_higher, budget_local, budget_other, status, version, template, rule_set, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'draft', 1, $12, $13, $14, $14) RETURNING id`,
			p.UnitID, p.Year, p.Name, p.PeriodStart, p.PeriodEnd, p.Basis, p.Nature, p.Scope,
			p.Budget[0], p.Budget[1], p.Budget[2], p.Template, p.RuleSet, now).Scan(&id)
		if isUnique(err) {
			return fmt.Errorf("store: project %q %d: %w", p.Name, p.Year, ErrDuplicate)
		}
		if err != nil {
			return fmt.Errorf("store: create project %q: %w", p.Name, err)
		}
		for i := range rows {
			rows[i].Pos = i + 1
			if err := insertIndicator(ctx, tx, id, &rows[i]); err != nil {
				return err
			}
		}
		if err := addEvent(ctx, tx, Event{ProjectID: id, UserID: userID, At: now, Action: ActionCreate, New: p.Name}); err != nil {
			return err
		}
		return s.summarize(ctx, tx, id)
	})
	return id, err
}

func insertIndicator(ctx context.Context, q querier, pid int64, r *Indicator) error {
	err := q.QueryRowContext(ctx, `INSERT INTO indicators (project_id, pos, level1, level2, level3, target, direction, weight, actual, score, basis, review_score, review_note, progress, progress_reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		pid, r.Pos, r.Level1, r.Level2, r.Level3, r.Target, r.Direction, int64(r.Weight), r.Actual, nullPoints(r.Score, r.HasScore), r.Basis,
		nullPoints(r.ReviewScore, r.HasReview), r.ReviewNote, r.Progress, r.ProgressReason).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("store: add indicator %q: %w", r.Level3, err)
	}
	return nil
}

func nullPoints(p eval.Points, ok bool) any {
	if !ok {
		return nil
	}
	return int64(p)
}

// Project returns one project.
func (s *Store) Project(ctx context.Context, id int64) (Project, error) {
	return loadProject(ctx, cached{s}, id)
}

func loadProject(ctx context.Context, q querier, id int64) (Project, error) {
	p, err := scanProject(q.QueryRowContext(ctx, `SELECT `+projectCols+` FROM projects p JOIN units u ON u.id = p.unit_id WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("store: project %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("store: project %d: %w", id, err)
	}
	return p, nil
}

// Indicators returns a project's rows in order.
func (s *Store) Indicators(ctx context.Context, pid int64) ([]Indicator, error) {
	return loadIndicators(ctx, cached{s}, pid)
}

func loadIndicators(ctx context.Context, q querier, pid int64) ([]Indicator, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, pos, level1, level2, level3, target, direction, weight, actual, score, basis, review_score, review_note, progress, progress_reason
		FROM indicators WHERE project_id = $1 ORDER BY pos, id`, pid)
	if err != nil {
		return nil, fmt.Errorf("store: indicators of %d: %w", pid, err)
	}
	defer rows.Close()
	var out []Indicator
	for rows.Next() {
		var r Indicator
		var score, review sql.NullInt64
		if err := rows.Scan(&r.ID, &r.Pos, &r.Level1, &r.Level2, &r.Level3, &r.Target, &r.Direction, &r.Weight, &r.Actual, &score, &r.Basis, &review, &r.ReviewNote, &r.Progress, &r.ProgressReason); err != nil {
			return nil, fmt.Errorf("store: scan indicator: %w", err)
		}
		r.Score, r.HasScore = eval.Points(score.Int64), score.Valid
		r.ReviewScore, r.HasReview = eval.Points(review.Int64), review.Valid
		out = append(out, r)
	}
	return out, rows.Err()
}

// Narrative returns a project's narrative sections by key.
func (s *Store) Narrative(ctx context.Context, pid int64) (map[string]string, error) {
	return loadNarrative(ctx, cached{s}, pid)
}

func loadNarrative(ctx context.Context, q querier, pid int64) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT section, body FROM narratives WHERE project_id = $1`, pid)
	if err != nil {
		return nil, fmt.Errorf("store: narrative of %d: %w", pid, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("store: scan narrative: %w", err)
		}
		out[k] = v
	}
	return out, rows.Err()
}

// LoadSheet returns a project with its rows and narrative.
func (s *Store) LoadSheet(ctx context.Context, pid int64) (Sheet, error) {
	return loadSheet(ctx, cached{s}, pid)
}

func loadSheet(ctx context.Context, q querier, pid int64) (Sheet, error) {
	var sh Sheet
	var err error
	if sh.Project, err = loadProject(ctx, q, pid); err != nil {
		return sh, err
	}
	if sh.Rows, err = loadIndicators(ctx, q, pid); err != nil {
		return sh, err
	}
	sh.Narrative, err = loadNarrative(ctx, q, pid)
	return sh, err
}

// Edit changes a project's sheet under optimistic locking: it loads the
// sheet, fails with ErrConflict when its version is no longer version, lets
// f change it, writes every difference to the audit trail as action, and
// saves. It returns the new version.
func (s *Store) Edit(ctx context.Context, pid, version, userID int64, action, note string, f func(*Sheet) error) (int64, error) {
	var newVersion int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		old, err := loadSheet(ctx, tx, pid)
		if err != nil {
			return err
		}
		if old.Project.Version != version {
			return fmt.Errorf("store: project %d at version %d, edit based on %d: %w", pid, old.Project.Version, version, ErrConflict)
		}
		sh := copySheet(old)
		if err := f(&sh); err != nil {
			return err
		}
		now := s.Now().Unix()
		events := diffSheet(old, sh)
		if action != "" && (len(events) == 0 || note != "") {
			events = append(events, Event{Action: action, Note: note})
		}
		for i := range events {
			events[i].ProjectID, events[i].UserID, events[i].At = pid, userID, now
			if events[i].Action == "" {
				events[i].Action = action
			}
			if events[i].Note == "" {
				events[i].Note = note
			}
		}
		p := sh.Project
		newVersion = version + 1
		res, err := tx.ExecContext(ctx, `UPDATE projects SET year = $18, name = $1, period_start = $2, period_end = $3, basis = $4, nature = $5, scope = $6,
			budget_higher = $7, budget_local = $8, budget_other = $9, status = $10, monitor_date = $11, monitor_reason = $12, rule_set = $13,
			version = $14, updated_at = $15, targets_declared = $19 WHERE id = $16 AND version = $17`,
			p.Name, p.PeriodStart, p.PeriodEnd, p.Basis, p.Nature, p.Scope, p.Budget[0], p.Budget[1], p.Budget[2], string(p.Status),
			p.MonitorDate, p.MonitorReason, p.RuleSet, newVersion, now, pid, version, p.Year, b2i(p.TargetsDeclared))
		if isUnique(err) {
			return fmt.Errorf("store: project %q: %w", p.Name, ErrDuplicate)
		}
		if err != nil {
			return fmt.Errorf("store: save project %d: %w", pid, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("store: project %d: %w", pid, ErrConflict)
		}
		if err := saveRows(ctx, tx, pid, old.Rows, sh.Rows); err != nil {
			return err
		}
		for k, v := range sh.Narrative {
			if old.Narrative[k] == v {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO narratives (project_id, section, body) VALUES ($1, $2, $3)
				ON CONFLICT (project_id, section) DO UPDATE SET body = excluded.body`, pid, k, v); err != nil {
				return fmt.Errorf("store: save narrative %s: %w", k, err)
			}
		}
		if err := s.summarize(ctx, tx, pid); err != nil {
			return err
		}
		return addEvents(ctx, tx, events) // last: the trail head stays locked until commit
	})
	return newVersion, err
}

func copySheet(sh Sheet) Sheet {
	c := Sheet{Project: sh.Project, Rows: append([]Indicator(nil), sh.Rows...), Narrative: map[string]string{}}
	for k, v := range sh.Narrative {
		c.Narrative[k] = v
	}
	return c
}

func saveRows(ctx context.Context, tx *sql.Tx, pid int64, old, rows []Indicator) error {
	keep := map[int64]bool{}
	for i := range rows {
		r := &rows[i]
		r.Pos = i + 1
		if r.ID == 0 {
			if err := insertIndicator(ctx, tx, pid, r); err != nil {
				return err
			}
			continue
		}
		keep[r.ID] = true
		if _, err := tx.ExecContext(ctx, `UPDATE indicators SET pos = $1, level1 = $2, level2 = $3, level3 = $4, target = $5, direction = $6, weight = $7,
			actual = $8, score = $9, basis = $10, review_score = $11, review_note = $12, progress = $13, progress_reason = $14 WHERE id = $15 AND project_id = $16`,
			r.Pos, r.Level1, r.Level2, r.Level3, r.Target, r.Direction, int64(r.Weight), r.Actual, nullPoints(r.Score, r.HasScore), r.Basis,
			nullPoints(r.ReviewScore, r.HasReview), r.ReviewNote, r.Progress, r.ProgressReason, r.ID, pid); err != nil {
			return fmt.Errorf("store: save indicator %q: %w", r.Level3, err)
		}
	}
	for _, r := range old {
		if !keep[r.ID] {
			if _, err := tx.ExecContext(ctx, `DELETE FROM indicators WHERE id = $1 AND project_id = $2`, r.ID, pid); err != nil {
				return fmt.Errorf("store: delete indicator %q: %w", r.Level3, err)
			}
		}
	}
	return nil
}

// ProjectFilter selects projects for the overviews.
type ProjectFilter struct {
	Year    int     // 0: every year
	UnitIDs []int64 // nil: every unit
	Status  workflow.Status
	Query   string // part of the name
	Sort    string // one of ProjectSorts; "" by year, unit and name
	Limit   int    // 0: no limit
	Offset  int
}

// ProjectSorts are the overview's orders by name (migration 0142 indexes
// the score, execution-rate and last-change orders within a year).
var ProjectSorts = map[string]string{
	"":        `p.year DESC, p.unit_id, p.name`,
	"name":    `p.name, p.id`,
	"score":   `p.self_score DESC, p.id`,
	"rate":    `p.execution_bp NULLS LAST, p.id`, // no rate yet: last, in both dialects
	"status":  `p.status, p.id`,
	"updated": `p.updated_at DESC, p.id`,
}

// Projects lists the projects a filter selects, in the filter's order.
func (s *Store) Projects(ctx context.Context, f ProjectFilter) ([]Project, error) {
	where, args := f.where()
	by, ok := ProjectSorts[f.Sort]
	if !ok {
		return nil, fmt.Errorf("store: unknown sort %q", f.Sort)
	}
	order := ` ORDER BY ` + by
	q := `SELECT ` + projectCols + ` FROM projects p JOIN units u ON u.id = p.unit_id` + where + order
	if f.Limit > 0 {
		// Page through the index first and join only the page's rows: an
		// OFFSET over the joined rows would fetch every skipped project.
		// LIMIT and OFFSET are arguments: one prepared statement serves
		// every page (PostgreSQL prepares each text anew).
		args = append(args, f.Limit, max(f.Offset, 0))
		q = `SELECT ` + projectCols + ` FROM projects p JOIN units u ON u.id = p.unit_id WHERE p.id IN (SELECT p.id FROM projects p` +
			where + order + fmt.Sprintf(" LIMIT $%d OFFSET $%d", len(args)-1, len(args)) + `)` + order
	}
	return s.queryProjects(ctx, "list projects", q, args...)
}

// queryProjects runs a query selecting projectCols and scans its rows.
func (s *Store) queryProjects(ctx context.Context, what, q string, args ...any) ([]Project, error) {
	rows, err := cached{s}.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	defer rows.Close()
	var out []Project
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			return nil, fmt.Errorf("store: %s: scan: %w", what, err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return out, nil
}

// CountProjects counts the projects a filter selects, ignoring Limit.
func (s *Store) CountProjects(ctx context.Context, f ProjectFilter) (int, error) {
	where, args := f.where()
	var n int
	q := cached{s}
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM projects p`+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count projects: %w", err)
	}
	return n, nil
}

func (f ProjectFilter) where() (string, []any) {
	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.Year != 0 {
		conds = append(conds, "p.year = "+arg(f.Year))
	}
	if f.UnitIDs != nil {
		if len(f.UnitIDs) == 0 {
			conds = append(conds, "1 = 0")
		} else {
			ph := make([]string, len(f.UnitIDs))
			for i, id := range f.UnitIDs {
				ph[i] = arg(id)
			}
			conds = append(conds, "p.unit_id IN ("+strings.Join(ph, ", ")+")")
		}
	}
	if f.Status != "" {
		conds = append(conds, "p.status = "+arg(string(f.Status)))
	}
	if f.Query != "" {
		conds = append(conds, "p.name LIKE "+arg("%"+f.Query+"%"))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// Years lists the years that have projects, newest first. The answer is
// cached until the next write through this Store.
func (s *Store) Years(ctx context.Context) ([]int, error) {
	gen := s.gen.Load()
	s.statsMu.Lock()
	if s.yearsGen == gen && s.years != nil {
		ys := append([]int(nil), s.years...)
		s.statsMu.Unlock()
		return ys, nil
	}
	s.statsMu.Unlock()
	ys, err := s.loadYears(ctx)
	if err != nil {
		return nil, err
	}
	s.statsMu.Lock()
	s.years, s.yearsGen = append([]int{}, ys...), gen
	s.statsMu.Unlock()
	return ys, nil
}

func (s *Store) loadYears(ctx context.Context) ([]int, error) {
	rows, err := cached{s}.QueryContext(ctx, `SELECT DISTINCT year FROM projects ORDER BY year DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: years: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, fmt.Errorf("store: scan year: %w", err)
		}
		out = append(out, y)
	}
	return out, rows.Err()
}
