package store

import (
	"context"
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

// RuleSet returns the built-in rule set a project names, or the default.
func RuleSet(name string) *eval.RuleSet {
	if rs, ok := eval.BuiltinRuleSets()[name]; ok {
		return rs
	}
	return eval.DefaultRuleSet()
}

// ToReport builds the evaluation core's report from a stored sheet, so
// the engine scores and checks exactly what the pages show.
func ToReport(sh *Sheet) *eval.Report {
	p := &sh.Project
	r := &eval.Report{Layout: eval.LayoutSituation, Unit: p.UnitName, Project: p.Name, Year: p.Year}
	r.Start, r.End = yearMonth(p.PeriodStart), yearMonth(p.PeriodEnd)
	for i := range 3 {
		r.Funds.Budget.BySource[i] = eval.Known(p.Budget[i])
	}
	r.Funds.Received.Total = eval.Known(p.Received)
	r.Funds.Spent.Total = eval.Known(p.Spent)
	for _, sec := range r.Narrative.Sections() {
		sec.Text.Text = sh.Narrative[sec.Key]
	}
	if r.Narrative.Basis.Text == "" {
		r.Narrative.Basis.Text = p.Basis
	}
	if r.Narrative.Nature.Text == "" {
		r.Narrative.Nature.Text = p.Nature
	}
	formToReport(sh.Narrative, r)
	// The web computes the 总计 row; it is never typed. On the 附件1 form
	// it counts the funds row's 分值 and 得分.
	total := &eval.TotalRow{HasWeight: true}
	r.Sheet.Total = total
	if e := r.Sheet.Execution; e != nil {
		total.Weight += e.Weight
		if e.HasScore {
			total.Score, total.HasScore = e.Score, true
		}
	}
	for i, ind := range sh.Rows {
		total.Weight += ind.Weight
		if ind.HasScore {
			total.Score, total.HasScore = total.Score+ind.Score, true
		}
		row := eval.Row{
			Level1: ind.Level1, Level2: ind.Level2, Level3: ind.Level3,
			Target: eval.ParseValue(ind.Target), Actual: eval.ParseValue(ind.Actual),
			Weight: ind.Weight, Score: ind.Score, HasScore: ind.HasScore, Basis: ind.Basis,
			Line: i + 1,
		}
		if d, ok := eval.ParseDirection(ind.Direction); ok {
			row.Direction, row.DirectionSet = d, true
		}
		r.Sheet.Rows = append(r.Sheet.Rows, row)
	}
	return r
}

func yearMonth(s string) eval.YearMonth {
	var y, m int
	if _, err := fmt.Sscanf(s, "%d-%d", &y, &m); err != nil {
		return eval.YearMonth{}
	}
	return eval.YearMonth{Year: y, Month: m}
}

// Summary is what the overviews show of a project's evaluation.
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
}

// Summarize scores and checks a sheet with the engine.
func Summarize(sh *Sheet) (Summary, eval.Result) {
	rs := RuleSet(sh.Project.RuleSet)
	res := eval.Check(ToReport(sh), rs)
	var s Summary
	s.SelfScore, s.WeightTotal = res.ComputedTotal, res.WeightTotal
	scored := false
	allFull := len(sh.Rows) > 0
	for _, r := range sh.Rows {
		if r.HasScore {
			scored = true
		}
		if !r.HasScore || r.Score != r.Weight {
			allFull = false
		}
		if !r.HasScore || strings.TrimSpace(r.Actual) == "" {
			s.Unscored++
		}
		if r.HasReview {
			s.HasReview = true
		}
		if r.HasScore && r.Score < r.Weight && strings.TrimSpace(r.Basis) == "" {
			s.Inflated = appendOnce(s.Inflated, "nobasis")
		}
	}
	if scored {
		s.SelfGrade = rs.Grade(s.SelfScore)
	}
	if s.HasReview {
		for _, r := range sh.Rows {
			if r.HasReview {
				s.ReviewScore += r.ReviewScore
			} else {
				s.ReviewScore += r.Score
			}
		}
		s.ReviewGrade = rs.Grade(s.ReviewScore)
	}
	for _, f := range res.Findings {
		switch f.Severity {
		case eval.SevError:
			s.Errors++
		case eval.SevWarning:
			s.Warnings++
		}
	}
	if s.SelfGrade == "优" && listsProblems(sh.Narrative["problems"]) {
		s.Inflated = appendOnce(s.Inflated, "problems")
	}
	if allFull && sh.Project.Spent < sh.Project.BudgetTotal() {
		s.Inflated = appendOnce(s.Inflated, "unspent")
	}
	return s, res
}

// listsProblems reports whether a 存在问题 section states a problem rather
// than "无" or nothing.
func listsProblems(text string) bool {
	t := strings.Trim(strings.TrimSpace(text), "。.；;")
	switch t {
	case "", "无", "暂无", "没有", "无问题", "未发现问题":
		return false
	}
	return true
}

func appendOnce(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// summarize recomputes and stores a project's summary.
func (s *Store) summarize(ctx context.Context, q querier, pid int64) error {
	sh, err := loadSheet(ctx, q, pid)
	if err != nil {
		return err
	}
	sum, _ := Summarize(&sh)
	_, err = q.ExecContext(ctx, `UPDATE projects SET self_score = $1, self_grade = $2, review_score = $3, review_grade = $4,
		weight_total = $5, errors = $6, warnings = $7, inflated = $8 WHERE id = $9`,
		int64(sum.SelfScore), sum.SelfGrade, nullPoints(sum.ReviewScore, sum.HasReview), sum.ReviewGrade,
		int64(sum.WeightTotal), sum.Errors, sum.Warnings, strings.Join(sum.Inflated, ","), pid)
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
	LowExecRate int // projects with execution rate below 90%
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
	q := cached{s}
	err := q.QueryRowContext(ctx, `SELECT count(*), CAST(COALESCE(sum(p.budget_higher + p.budget_local + p.budget_other), 0) AS BIGINT),
		CAST(COALESCE(sum(p.spent), 0) AS BIGINT),
		CAST(COALESCE(sum(CASE WHEN p.inflated <> '' THEN 1 ELSE 0 END), 0) AS BIGINT),
		CAST(COALESCE(sum(CASE WHEN p.errors > 0 THEN 1 ELSE 0 END), 0) AS BIGINT),
		CAST(COALESCE(sum(CASE WHEN p.budget_higher + p.budget_local + p.budget_other > 0
			AND p.spent * 10 < (p.budget_higher + p.budget_local + p.budget_other) * 9 THEN 1 ELSE 0 END), 0) AS BIGINT)
		FROM projects p`+where, args...).Scan(&st.Projects, &st.Budget, &st.Spent, &st.Inflated, &st.OpenErrors, &st.LowExecRate)
	if err != nil {
		return st, fmt.Errorf("store: stats: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT p.self_grade, p.status, CAST(p.self_score / 100000 AS BIGINT), count(*) FROM projects p`+where+
		` GROUP BY p.self_grade, p.status, CAST(p.self_score / 100000 AS BIGINT)`, args...)
	if err != nil {
		return st, fmt.Errorf("store: stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var grade, status string
		var bin int64
		var n int
		if err := rows.Scan(&grade, &status, &bin, &n); err != nil {
			return st, fmt.Errorf("store: scan stats: %w", err)
		}
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
