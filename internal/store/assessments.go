package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"jixiao/internal/eval"
)

// Trail actions of the budget's front end (issue 18).
const (
	// ActionAssessment records a 事前绩效评估: total, conclusion, opinion.
	ActionAssessment = "assessment"
	// ActionBudgetList records a project put into (or taken out of) the
	// year's budget list, with the override reason when the gate was
	// passed by the bureau's decision.
	ActionBudgetList = "budget.list"
)

// AssessmentScore is one dimension of an assessment as scored.
type AssessmentScore struct {
	Dimension string
	Weight    eval.Points
	Score     eval.Points
	Opinion   string
}

// Assessment is one 事前绩效评估 of a project: the dimension scores under
// the bureau's rule file, the total and conclusion the rules drew, and the
// overall opinion.
type Assessment struct {
	ID         int64
	ProjectID  int64
	RuleName   string
	Scores     []AssessmentScore
	Total      eval.Points
	Conclusion string // 通过 | 部分通过 | 不通过
	Opinion    string
	UserID     int64
	UserName   string // filled when read
	At         time.Time
}

// AddAssessment stores an assessment with a trail row, in one transaction,
// and returns its ID. An earlier assessment of the project is kept; the
// latest counts.
func (s *Store) AddAssessment(ctx context.Context, a Assessment) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO assessments (project_id, rule_name, total, conclusion, opinion, user_id, assessed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			a.ProjectID, a.RuleName, int64(a.Total), a.Conclusion, a.Opinion, a.UserID, a.At.Unix()).Scan(&id); err != nil {
			return err
		}
		var parts []string
		for k, sc := range a.Scores {
			if _, err := tx.ExecContext(ctx, `INSERT INTO assessment_scores (assessment_id, pos, dimension, weight, score, opinion) VALUES ($1, $2, $3, $4, $5, $6)`,
				id, k, sc.Dimension, int64(sc.Weight), int64(sc.Score), sc.Opinion); err != nil {
				return err
			}
			parts = append(parts, fmt.Sprintf("%s %s/%s", sc.Dimension, sc.Score, sc.Weight))
		}
		return addEvent(ctx, tx, Event{ProjectID: a.ProjectID, UserID: a.UserID, At: a.At.Unix(), Action: ActionAssessment, Field: "事前绩效评估",
			New: fmt.Sprintf("%s 合计 %s %s", strings.Join(parts, "，"), a.Total, a.Conclusion), Note: a.Opinion})
	})
	if err != nil {
		return 0, fmt.Errorf("store: assessment of project %d: %w", a.ProjectID, err)
	}
	s.gen.Add(1)
	return id, nil
}

// Assessments returns a project's assessments, newest first, with their
// dimension scores.
func (s *Store) Assessments(ctx context.Context, projectID int64) ([]Assessment, error) {
	out, err := s.assessments(ctx, `a.project_id = $1`, projectID)
	if err != nil {
		return nil, fmt.Errorf("store: assessments of project %d: %w", projectID, err)
	}
	return out, nil
}

// LatestAssessments returns the latest assessment of each project of a
// year that has one, by project.
func (s *Store) LatestAssessments(ctx context.Context, year int) (map[int64]Assessment, error) {
	all, err := s.assessments(ctx, `a.project_id IN (SELECT id FROM projects WHERE year = $1)`, year)
	if err != nil {
		return nil, fmt.Errorf("store: assessments of %d: %w", year, err)
	}
	out := map[int64]Assessment{}
	for _, a := range all {
		if _, ok := out[a.ProjectID]; !ok { // newest first
			out[a.ProjectID] = a
		}
	}
	return out, nil
}

func (s *Store) assessments(ctx context.Context, where string, arg any) ([]Assessment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.project_id, a.rule_name, a.total, a.conclusion, a.opinion, a.user_id, u.display_name, a.assessed_at
		FROM assessments a JOIN users u ON u.id = a.user_id WHERE `+where+` ORDER BY a.assessed_at DESC, a.id DESC`, arg)
	if err != nil {
		return nil, err
	}
	var out []Assessment
	byID := map[int64]int{}
	for rows.Next() {
		var a Assessment
		var total, at int64
		if err := rows.Scan(&a.ID, &a.ProjectID, &a.RuleName, &total, &a.Conclusion, &a.Opinion, &a.UserID, &a.UserName, &at); err != nil {
			rows.Close()
			return nil, err
		}
		a.Total, a.At = eval.Points(total), time.Unix(at, 0)
		byID[a.ID] = len(out)
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	rows, err = s.db.QueryContext(ctx, `SELECT sc.assessment_id, sc.dimension, sc.weight, sc.score, sc.opinion
		FROM assessment_scores sc JOIN assessments a ON a.id = sc.assessment_id WHERE `+where+` ORDER BY sc.assessment_id, sc.pos`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, w, sc int64
		var x AssessmentScore
		if err := rows.Scan(&id, &x.Dimension, &w, &sc, &x.Opinion); err != nil {
			return nil, err
		}
		x.Weight, x.Score = eval.Points(w), eval.Points(sc)
		if k, ok := byID[id]; ok {
			out[k].Scores = append(out[k].Scores, x)
		}
	}
	return out, rows.Err()
}

// BudgetListing is a project's place in its year's budget list (预算清单).
type BudgetListing struct {
	ProjectID int64
	// Override is the bureau's reason when the project was listed without
	// the passed assessment (or target review) the gate asks for.
	Override string
	UserID   int64
	UserName string
	At       time.Time
}

// ListInBudget puts a project into its year's budget list, or takes it out
// (listed false), with a trail row in the same transaction.
func (s *Store) ListInBudget(ctx context.Context, l BudgetListing, listed bool) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, `SELECT '已列入 ' || override FROM budget_list WHERE project_id = $1`, l.ProjectID).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		newVal := "未列入"
		if listed {
			newVal = strings.TrimSpace("已列入 " + l.Override)
			_, err = tx.ExecContext(ctx, `INSERT INTO budget_list (project_id, override, user_id, listed_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (project_id) DO UPDATE SET override = excluded.override, user_id = excluded.user_id, listed_at = excluded.listed_at`,
				l.ProjectID, l.Override, l.UserID, l.At.Unix())
		} else {
			_, err = tx.ExecContext(ctx, `DELETE FROM budget_list WHERE project_id = $1`, l.ProjectID)
		}
		if err != nil {
			return err
		}
		return addEvent(ctx, tx, Event{ProjectID: l.ProjectID, UserID: l.UserID, At: l.At.Unix(), Action: ActionBudgetList, Field: "预算清单",
			Old: strings.TrimSpace(old), New: newVal, Note: l.Override})
	})
	if err != nil {
		return fmt.Errorf("store: budget list, project %d: %w", l.ProjectID, err)
	}
	s.gen.Add(1)
	return nil
}

// BudgetList returns the listed projects of a year, by project.
func (s *Store) BudgetList(ctx context.Context, year int) (map[int64]BudgetListing, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT b.project_id, b.override, b.user_id, u.display_name, b.listed_at
		FROM budget_list b JOIN projects p ON p.id = b.project_id JOIN users u ON u.id = b.user_id WHERE p.year = $1`, year)
	if err != nil {
		return nil, fmt.Errorf("store: budget list %d: %w", year, err)
	}
	defer rows.Close()
	out := map[int64]BudgetListing{}
	for rows.Next() {
		var l BudgetListing
		var at int64
		if err := rows.Scan(&l.ProjectID, &l.Override, &l.UserID, &l.UserName, &at); err != nil {
			return nil, fmt.Errorf("store: budget list: %w", err)
		}
		l.At = time.Unix(at, 0)
		out[l.ProjectID] = l
	}
	return out, rows.Err()
}
