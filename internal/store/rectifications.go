package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Rectification statuses.
const (
	RectOpen     = "open"     // 整改中: the unit is working on it
	RectReported = "reported" // 已反馈: the unit reported, the bureau has not yet accepted
	RectAccepted = "accepted" // 已验收: closed by the bureau
)

// Rectification is one 整改 item: a problem of a project found by the
// checker, the unit or the bureau, with its owner and due date, the unit's
// feedback and evidence, and the bureau's acceptance.
type Rectification struct {
	ID         int64
	ProjectID  int64
	Project    string // name, filled when read
	UnitID     int64
	Unit       string
	Year       int
	Source     string // checker | unit | bureau
	Problem    string
	Measure    string
	Owner      string
	Due        string // "2024-06-30"
	Status     string
	Feedback   string
	Evidence   string
	ReportedAt time.Time // zero until reported
	ReviewNote string
	ReviewedBy string // display name
	ReviewedAt time.Time
	CreatedAt  time.Time
}

// Overdue reports whether the item is past its due date and not closed.
func (r *Rectification) Overdue(today string) bool {
	return r.Status != RectAccepted && r.Due < today
}

// AddRectification records a new item and returns its ID.
func (s *Store) AddRectification(ctx context.Context, r Rectification, userID int64, at time.Time) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `INSERT INTO rectifications (project_id, source, problem, measure, owner, due, status, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		r.ProjectID, r.Source, r.Problem, r.Measure, r.Owner, r.Due, RectOpen, userID, at.Unix()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: add rectification: %w", err)
	}
	s.gen.Add(1)
	return id, nil
}

// ReportRectification records the unit's feedback and evidence.
func (s *Store) ReportRectification(ctx context.Context, id int64, feedback, evidence string, at time.Time) error {
	return s.execOne(ctx, `UPDATE rectifications SET feedback = $1, evidence = $2, status = $3, reported_at = $4 WHERE id = $5 AND status <> $6`,
		feedback, evidence, RectReported, at.Unix(), id, RectAccepted)
}

// ReviewRectification records the bureau's acceptance (accept) or returns
// the item to the unit with the note.
func (s *Store) ReviewRectification(ctx context.Context, id int64, accept bool, note string, userID int64, at time.Time) error {
	status := RectOpen
	if accept {
		status = RectAccepted
	}
	return s.execOne(ctx, `UPDATE rectifications SET status = $1, review_note = $2, reviewed_by = $3, reviewed_at = $4 WHERE id = $5 AND status = $6`,
		status, note, userID, at.Unix(), id, RectReported)
}

func (s *Store) execOne(ctx context.Context, q string, args ...any) error {
	res, err := s.db.ExecContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: rectification: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	s.gen.Add(1)
	return nil
}

// RectFilter selects items: by year of the project, units (nil: all) and
// project (0: all).
type RectFilter struct {
	Year      int
	UnitIDs   []int64
	ProjectID int64
}

// Rectifications lists items, oldest due date first.
func (s *Store) Rectifications(ctx context.Context, f RectFilter) ([]Rectification, error) {
	q := `SELECT r.id, r.project_id, p.name, p.unit_id, un.name, p.year, r.source, r.problem, r.measure, r.owner, r.due, r.status,
		r.feedback, r.evidence, r.reported_at, r.review_note, COALESCE(u.display_name, ''), r.reviewed_at, r.created_at
		FROM rectifications r JOIN projects p ON p.id = r.project_id JOIN units un ON un.id = p.unit_id
		LEFT JOIN users u ON u.id = r.reviewed_by WHERE 1 = 1`
	var args []any
	if f.Year != 0 {
		args = append(args, f.Year)
		q += fmt.Sprintf(" AND p.year = $%d", len(args))
	}
	if f.ProjectID != 0 {
		args = append(args, f.ProjectID)
		q += fmt.Sprintf(" AND r.project_id = $%d", len(args))
	}
	if f.UnitIDs != nil {
		if len(f.UnitIDs) == 0 {
			return nil, nil
		}
		q += " AND p.unit_id IN ("
		for i, id := range f.UnitIDs {
			args = append(args, id)
			if i > 0 {
				q += ", "
			}
			q += fmt.Sprintf("$%d", len(args))
		}
		q += ")"
	}
	q += " ORDER BY r.due, r.id"
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: rectifications: %w", err)
	}
	defer rows.Close()
	var out []Rectification
	for rows.Next() {
		var r Rectification
		var reported, reviewed sql.NullInt64
		var created int64
		if err := rows.Scan(&r.ID, &r.ProjectID, &r.Project, &r.UnitID, &r.Unit, &r.Year, &r.Source, &r.Problem, &r.Measure, &r.Owner, &r.Due, &r.Status,
			&r.Feedback, &r.Evidence, &reported, &r.ReviewNote, &r.ReviewedBy, &reviewed, &created); err != nil {
			return nil, fmt.Errorf("store: rectifications: %w", err)
		}
		if reported.Valid {
			r.ReportedAt = time.Unix(reported.Int64, 0)
		}
		if reviewed.Valid {
			r.ReviewedAt = time.Unix(reviewed.Int64, 0)
		}
		r.CreatedAt = time.Unix(created, 0)
		out = append(out, r)
	}
	return out, rows.Err()
}
