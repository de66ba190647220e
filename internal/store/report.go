package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"jixiao/internal/eval"
	"jixiao/internal/money"
)

func pts(p eval.Points, ok bool) string {
	if !ok {
		return ""
	}
	return p.String()
}

// Summary is what the overviews show of a project's evaluation, as the
// summarizer (internal/project) computes it from the engine's result and
// the store keeps it in the projects row.
type Summary struct {
	SelfScore   eval.Points
	SelfGrade   string
	ReviewScore eval.Points
	HasReview   bool
	ReviewGrade string
	WeightTotal eval.Points
	Errors      int
	Warnings    int
	Inflated    []string
	// Unscored counts rows without an actual value or a score; a sheet
	// with any cannot be submitted.
	Unscored int
	// ExecutionBP is 预算执行率 by the rule set's denominator (budget or
	// received) in hundredths of a percent; LowExecution is set when it is
	// below the rule set's execution_min.
	ExecutionBP  int64
	HasExecution bool
	LowExecution bool
}

// Summarizer computes a sheet's summary. internal/project installs the
// evaluation engine's (project.Open); a store without one cannot save
// sheets.
type Summarizer func(sh *Sheet) (Summary, error)

// SetSummarizer installs the function that summarizes a sheet inside the
// transaction that changed it.
func (s *Store) SetSummarizer(f Summarizer) { s.summarizer = f }

// ErrNoSummarizer means the store was opened without project.Open.
var ErrNoSummarizer = errors.New("store: no summarizer installed (open the store with project.Open)")

// summarize recomputes and stores a project's summary.
func (s *Store) summarize(ctx context.Context, q querier, pid int64) error {
	if s.summarizer == nil {
		return ErrNoSummarizer
	}
	sh, err := loadSheet(ctx, q, pid)
	if err != nil {
		return err
	}
	sum, err := s.summarizer(&sh)
	if err != nil {
		return fmt.Errorf("store: summary of %d: %w", pid, err)
	}
	low := 0
	if sum.LowExecution {
		low = 1
	}
	var bp sql.NullInt64
	if sum.HasExecution {
		bp = sql.NullInt64{Int64: sum.ExecutionBP, Valid: true}
	}
	_, err = q.ExecContext(ctx, `UPDATE projects SET self_score = $1, self_grade = $2, review_score = $3, review_grade = $4,
		weight_total = $5, errors = $6, warnings = $7, inflated = $8, execution_bp = $9, low_execution = $10 WHERE id = $11`,
		int64(sum.SelfScore), sum.SelfGrade, nullPoints(sum.ReviewScore, sum.HasReview), sum.ReviewGrade,
		int64(sum.WeightTotal), sum.Errors, sum.Warnings, strings.Join(sum.Inflated, ","), bp, low, pid)
	if err != nil {
		return fmt.Errorf("store: save summary of %d: %w", pid, err)
	}
	return nil
}

// YearStats aggregates a year's projects for the finance overview.
type YearStats struct {
	Projects    int
	Budget      money.Fen
	Spent       money.Fen
	Grades      map[string]int // grade → count of scored projects
	ScoreBins   [11]int        // self score 0–9, 10–19 … 90–99, 100
	ByStatus    map[string]int
	Inflated    int
	OpenErrors  int
	LowExecRate int // projects whose 预算执行率 is below their rule set's execution_min
}

// Stats computes YearStats over the projects a filter selects, with
// aggregate queries: the overview shows it on every page.
//
// Results are cached until the next write through this Store, so a busy
// overview does not rescan the year on every page.
func (s *Store) Stats(ctx context.Context, f ProjectFilter) (YearStats, error) {
	where, args := f.where()
	key := where + fmt.Sprint(args...)
	gen := s.gen.Load()
	s.statsMu.Lock()
	if e, ok := s.statsCache[key]; ok && e.gen == gen {
		s.statsMu.Unlock()
		return e.stats.clone(), nil
	}
	s.statsMu.Unlock()
	st, err := s.stats(ctx, where, args)
	if err != nil {
		return st, err
	}
	s.statsMu.Lock()
	if s.statsCache == nil || len(s.statsCache) > 1000 {
		s.statsCache = map[string]statsEntry{}
	}
	s.statsCache[key] = statsEntry{gen, st.clone()}
	s.statsMu.Unlock()
	return st, nil
}

type statsEntry struct {
	gen   int64
	stats YearStats
}

func (y YearStats) clone() YearStats {
	c := y
	c.Grades, c.ByStatus = map[string]int{}, map[string]int{}
	for k, v := range y.Grades {
		c.Grades[k] = v
	}
	for k, v := range y.ByStatus {
		c.ByStatus[k] = v
	}
	return c
}

func (s *Store) stats(ctx context.Context, where string, args []any) (YearStats, error) {
	st := YearStats{Grades: map[string]int{}, ByStatus: map[string]int{}}
	// one pass over the projects: the totals by grade, status and score bin
	rows, err := cached{s}.QueryContext(ctx, `SELECT p.self_grade, p.status, CAST(p.self_score / 100000 AS BIGINT), count(*),
		CAST(COALESCE(sum(p.budget_higher + p.budget_local + p.budget_other), 0) AS BIGINT), CAST(COALESCE(sum(p.spent), 0) AS BIGINT),
		CAST(COALESCE(sum(CASE WHEN p.inflated <> '' THEN 1 ELSE 0 END), 0) AS BIGINT),
		CAST(COALESCE(sum(CASE WHEN p.errors > 0 THEN 1 ELSE 0 END), 0) AS BIGINT),
		CAST(COALESCE(sum(p.low_execution), 0) AS BIGINT)
		FROM projects p`+where+` GROUP BY p.self_grade, p.status, CAST(p.self_score / 100000 AS BIGINT)`, args...)
	if err != nil {
		return st, fmt.Errorf("store: stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var grade, status string
		var bin int64
		var n, inflated, errs, low int
		var budget, spent money.Fen
		if err := rows.Scan(&grade, &status, &bin, &n, &budget, &spent, &inflated, &errs, &low); err != nil {
			return st, fmt.Errorf("store: scan stats: %w", err)
		}
		st.Projects += n
		st.Budget += budget
		st.Spent += spent
		st.Inflated += inflated
		st.OpenErrors += errs
		st.LowExecRate += low
		st.ByStatus[status] += n
		if grade != "" {
			st.Grades[grade] += n
			st.ScoreBins[min(max(bin, 0), 10)] += n
		}
	}
	return st, rows.Err()
}

// UnitStat is one unit's totals for a year.
type UnitStat struct {
	Unit     string
	Projects int
	Budget   money.Fen
	Spent    money.Fen
	ScoreSum eval.Points
	Scored   int
	Inflated int
}

// UnitStats totals a year's projects per unit.
func (s *Store) UnitStats(ctx context.Context, year int) ([]UnitStat, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT u.name, count(*), CAST(sum(p.budget_higher + p.budget_local + p.budget_other) AS BIGINT), CAST(sum(p.spent) AS BIGINT),
		CAST(sum(CASE WHEN p.self_grade <> '' THEN p.self_score ELSE 0 END) AS BIGINT), CAST(sum(CASE WHEN p.self_grade <> '' THEN 1 ELSE 0 END) AS BIGINT),
		CAST(sum(CASE WHEN p.inflated <> '' THEN 1 ELSE 0 END) AS BIGINT)
		FROM projects p JOIN units u ON u.id = p.unit_id WHERE p.year = $1 GROUP BY u.name ORDER BY u.name`, year)
	if err != nil {
		return nil, fmt.Errorf("store: unit stats %d: %w", year, err)
	}
	defer rows.Close()
	var out []UnitStat
	for rows.Next() {
		var u UnitStat
		if err := rows.Scan(&u.Unit, &u.Projects, &u.Budget, &u.Spent, &u.ScoreSum, &u.Scored, &u.Inflated); err != nil {
			return nil, fmt.Errorf("store: scan unit stats: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// InflatedProjects lists a year's projects with signs of an inflated
// self-score.
func (s *Store) InflatedProjects(ctx context.Context, year, limit int) ([]Project, error) {
	return s.queryProjects(ctx, "inflated projects", `SELECT `+projectCols+` FROM projects p JOIN units u ON u.id = p.unit_id
		WHERE p.year = $1 AND p.inflated <> '' ORDER BY p.self_score DESC, p.id LIMIT $2`, year, limit)
}
