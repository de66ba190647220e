package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// BudgetDecision is the finance bureau's decision (结果应用) on the next
// year's budget of one evaluated project, recorded beside the advice the
// project's grade earns under the bureau's rule file.
type BudgetDecision struct {
	ProjectID int64
	Grade     string // the grade the advice was drawn from (re-score, else self-score)
	Advice    string // the rule's advice at the time of the decision
	Decision  string
	Note      string // the reason, required when the decision departs from the advice
	UserID    int64
	UserName  string // display name, filled when read
	DecidedAt time.Time
}

// SetBudgetDecision records (or replaces) the decision on a project.
// The change is a trail row in the same transaction, old → new.
func (s *Store) SetBudgetDecision(ctx context.Context, d BudgetDecision) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, `SELECT 'grade ' || grade || ' advice ' || advice || ' decision ' || decision || ' note ' || note FROM budget_decisions WHERE project_id = $1`, d.ProjectID).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO budget_decisions (project_id, grade, advice, decision, note, user_id, decided_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (project_id) DO UPDATE SET grade = excluded.grade, advice = excluded.advice, decision = excluded.decision,
			note = excluded.note, user_id = excluded.user_id, decided_at = excluded.decided_at`,
			d.ProjectID, d.Grade, d.Advice, d.Decision, d.Note, d.UserID, d.DecidedAt.Unix()); err != nil {
			return err
		}
		return addEvent(ctx, tx, Event{ProjectID: d.ProjectID, UserID: d.UserID, At: d.DecidedAt.Unix(), Action: ActionBudgetDecision, Field: "结果应用",
			Old: old, New: fmt.Sprintf("grade %s advice %s decision %s note %s", d.Grade, d.Advice, d.Decision, d.Note)})
	})
	if err != nil {
		return fmt.Errorf("store: budget decision of project %d: %w", d.ProjectID, err)
	}
	s.gen.Add(1)
	return nil
}

// BudgetDecisions returns the decisions on the projects of a year, by project.
func (s *Store) BudgetDecisions(ctx context.Context, year int) (map[int64]BudgetDecision, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT d.project_id, d.grade, d.advice, d.decision, d.note, d.user_id, u.display_name, d.decided_at
		FROM budget_decisions d JOIN projects p ON p.id = d.project_id JOIN users u ON u.id = d.user_id
		WHERE p.year = $1`, year)
	if err != nil {
		return nil, fmt.Errorf("store: budget decisions %d: %w", year, err)
	}
	defer rows.Close()
	out := map[int64]BudgetDecision{}
	for rows.Next() {
		var d BudgetDecision
		var at int64
		if err := rows.Scan(&d.ProjectID, &d.Grade, &d.Advice, &d.Decision, &d.Note, &d.UserID, &d.UserName, &at); err != nil {
			return nil, fmt.Errorf("store: budget decisions: %w", err)
		}
		d.DecidedAt = time.Unix(at, 0)
		out[d.ProjectID] = d
	}
	return out, rows.Err()
}
