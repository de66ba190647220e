package store

import (
	"context"
	"fmt"
	"time"
)

// Kinds of publication.
const (
	PubTargets    = "targets"    // 绩效目标, published with the budget
	PubEvaluation = "evaluation" // 自评结果, published with the final accounts
)

// Publication records whether a project's target sheet or self-evaluation
// was published (公开): the date and where, or the reason it was not.
type Publication struct {
	ProjectID  int64
	Kind       string
	Published  bool
	Date       string // "2024-03-15"
	Place      string
	Reason     string
	UserName   string // filled when read
	RecordedAt time.Time
}

// SetPublication records (or replaces) a publication record.
func (s *Store) SetPublication(ctx context.Context, p Publication, userID int64, at time.Time) error {
	pub := 0
	if p.Published {
		pub = 1
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO publications (project_id, kind, published, pub_date, place, reason, user_id, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (project_id, kind) DO UPDATE SET published = excluded.published, pub_date = excluded.pub_date,
			place = excluded.place, reason = excluded.reason, user_id = excluded.user_id, recorded_at = excluded.recorded_at`,
		p.ProjectID, p.Kind, pub, p.Date, p.Place, p.Reason, userID, at.Unix())
	if err != nil {
		return fmt.Errorf("store: publication of project %d: %w", p.ProjectID, err)
	}
	s.gen.Add(1)
	return nil
}

// Publications returns the records of a year's projects, by project and kind.
func (s *Store) Publications(ctx context.Context, year int) (map[int64]map[string]Publication, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT b.project_id, b.kind, b.published, b.pub_date, b.place, b.reason, u.display_name, b.recorded_at
		FROM publications b JOIN projects p ON p.id = b.project_id JOIN users u ON u.id = b.user_id WHERE p.year = $1`, year)
	if err != nil {
		return nil, fmt.Errorf("store: publications %d: %w", year, err)
	}
	defer rows.Close()
	out := map[int64]map[string]Publication{}
	for rows.Next() {
		var p Publication
		var pub int
		var at int64
		if err := rows.Scan(&p.ProjectID, &p.Kind, &pub, &p.Date, &p.Place, &p.Reason, &p.UserName, &at); err != nil {
			return nil, fmt.Errorf("store: publications: %w", err)
		}
		p.Published, p.RecordedAt = pub == 1, time.Unix(at, 0)
		if out[p.ProjectID] == nil {
			out[p.ProjectID] = map[string]Publication{}
		}
		out[p.ProjectID][p.Kind] = p
	}
	return out, rows.Err()
}
