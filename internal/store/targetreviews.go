package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// ActionTargetReview records a round of 绩效目标审核: its result and opinion.
const ActionTargetReview = "targets:review"

// TargetReviewItem is the bureau's opinion on one indicator, with the
// target as it stood when reviewed.
type TargetReviewItem struct {
	Indicator string
	Target    string
	Codes     []string
	Note      string
}

// TargetReview is one round of the bureau's review of a declared target
// sheet (绩效目标审核).
type TargetReview struct {
	ID        int64
	ProjectID int64
	Round     int
	Result    string // 通过 | 修改后通过 | 不通过
	Codes     []string
	Opinion   string
	Items     []TargetReviewItem
	UserID    int64
	UserName  string
	At        time.Time
}

// AddTargetReview records the next round of a project's target review on
// the sheet at version. With reopen (修改后通过, 不通过) the declaration is
// withdrawn in the same transaction, so that the unit can amend the targets
// and declare them again for the next round. ErrConflict when the sheet
// changed since version.
func (s *Store) AddTargetReview(ctx context.Context, rv TargetReview, version int64, reopen bool) (TargetReview, error) {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var cur int64
		var declared bool
		if err := tx.QueryRowContext(ctx, `SELECT version, targets_declared FROM projects WHERE id = $1`, rv.ProjectID).Scan(&cur, &declared); err != nil {
			return err
		}
		if cur != version || !declared {
			return ErrConflict
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(round), 0) + 1 FROM target_reviews WHERE project_id = $1`, rv.ProjectID).Scan(&rv.Round); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO target_reviews (project_id, round, result, codes, opinion, user_id, reviewed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			rv.ProjectID, rv.Round, rv.Result, strings.Join(rv.Codes, ","), rv.Opinion, rv.UserID, rv.At.Unix()).Scan(&rv.ID); err != nil {
			return err
		}
		for k, it := range rv.Items {
			if _, err := tx.ExecContext(ctx, `INSERT INTO target_review_items (review_id, pos, indicator, target, codes, note) VALUES ($1, $2, $3, $4, $5, $6)`,
				rv.ID, k, it.Indicator, it.Target, strings.Join(it.Codes, ","), it.Note); err != nil {
				return err
			}
		}
		if reopen {
			if _, err := tx.ExecContext(ctx, `UPDATE projects SET targets_declared = $1, version = version + 1, updated_at = $2 WHERE id = $3`,
				b2i(false), rv.At.Unix(), rv.ProjectID); err != nil {
				return err
			}
		}
		return addEvent(ctx, tx, Event{ProjectID: rv.ProjectID, UserID: rv.UserID, At: rv.At.Unix(), Action: ActionTargetReview, Field: "绩效目标审核",
			New: fmt.Sprintf("第 %d 轮 %s %s", rv.Round, rv.Result, strings.Join(rv.Codes, "、")), Note: rv.Opinion})
	})
	if err != nil {
		return rv, fmt.Errorf("store: target review of project %d: %w", rv.ProjectID, err)
	}
	s.gen.Add(1)
	return rv, nil
}

// TargetReviews returns a project's review rounds, latest first.
func (s *Store) TargetReviews(ctx context.Context, projectID int64) ([]TargetReview, error) {
	out, err := s.targetReviews(ctx, `r.project_id = $1`, projectID)
	if err != nil {
		return nil, fmt.Errorf("store: target reviews of project %d: %w", projectID, err)
	}
	return out, nil
}

// LatestTargetReviews returns the latest round of each project of a year
// that has been reviewed, by project (without the items).
func (s *Store) LatestTargetReviews(ctx context.Context, year int) (map[int64]TargetReview, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.project_id, r.round, r.result, r.codes, r.opinion, r.user_id, u.display_name, r.reviewed_at
		FROM target_reviews r JOIN users u ON u.id = r.user_id JOIN projects p ON p.id = r.project_id
		WHERE p.year = $1 ORDER BY r.round DESC`, year)
	if err != nil {
		return nil, fmt.Errorf("store: target reviews of %d: %w", year, err)
	}
	defer rows.Close()
	out := map[int64]TargetReview{}
	for rows.Next() {
		rv, err := scanTargetReview(rows)
		if err != nil {
			return nil, fmt.Errorf("store: target reviews: %w", err)
		}
		if _, ok := out[rv.ProjectID]; !ok {
			out[rv.ProjectID] = rv
		}
	}
	return out, rows.Err()
}

func scanTargetReview(rows *sql.Rows) (TargetReview, error) {
	var rv TargetReview
	var codes string
	var at int64
	err := rows.Scan(&rv.ID, &rv.ProjectID, &rv.Round, &rv.Result, &codes, &rv.Opinion, &rv.UserID, &rv.UserName, &at)
	rv.Codes, rv.At = splitCodes(codes), time.Unix(at, 0)
	return rv, err
}

func splitCodes(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func (s *Store) targetReviews(ctx context.Context, where string, arg any) ([]TargetReview, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.project_id, r.round, r.result, r.codes, r.opinion, r.user_id, u.display_name, r.reviewed_at
		FROM target_reviews r JOIN users u ON u.id = r.user_id WHERE `+where+` ORDER BY r.round DESC`, arg)
	if err != nil {
		return nil, err
	}
	var out []TargetReview
	byID := map[int64]int{}
	for rows.Next() {
		rv, err := scanTargetReview(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		byID[rv.ID] = len(out)
		out = append(out, rv)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	rows, err = s.db.QueryContext(ctx, `SELECT i.review_id, i.indicator, i.target, i.codes, i.note
		FROM target_review_items i JOIN target_reviews r ON r.id = i.review_id WHERE `+where+` ORDER BY i.review_id, i.pos`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var it TargetReviewItem
		var codes string
		if err := rows.Scan(&id, &it.Indicator, &it.Target, &codes, &it.Note); err != nil {
			return nil, err
		}
		it.Codes = splitCodes(codes)
		if k, ok := byID[id]; ok {
			out[k].Items = append(out[k].Items, it)
		}
	}
	return out, rows.Err()
}
