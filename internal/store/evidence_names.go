package store

import (
	"context"
	"database/sql"
	"fmt"
)

// ActionEvidenceName records a mapping of an indicator name to a rate
// computed from the data being set or cleared (migration 0157).
const ActionEvidenceName = "evidence.name"

// EvidenceNames returns the mappings the users set: an indicator's name
// (normalised by the caller) → the computed rate it is.
func (s *Store) EvidenceNames(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	err := queryEach(ctx, s.db, `SELECT name, indicator FROM evidence_names`, nil, func(sc func(...any) error) error {
		var n, ind string
		err := sc(&n, &ind)
		out[n] = ind
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: evidence names: %w", err)
	}
	return out, nil
}

// SetEvidenceName maps name to the computed rate indicator ("" clears
// the mapping), with a trail entry.
func (s *Store) SetEvidenceName(ctx context.Context, name, indicator string, userID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, `SELECT indicator FROM evidence_names WHERE name = $1`, name).Scan(&old)
		if err != nil && err != sql.ErrNoRows {
			return fmt.Errorf("store: evidence name %q: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM evidence_names WHERE name = $1`, name); err != nil {
			return fmt.Errorf("store: evidence name %q: %w", name, err)
		}
		if indicator != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO evidence_names (name, indicator, set_by, set_at) VALUES ($1, $2, $3, $4)`,
				name, indicator, nullID(userID), s.Now().Unix()); err != nil {
				return fmt.Errorf("store: evidence name %q: %w", name, err)
			}
		}
		return addEvent(ctx, tx, Event{UserID: userID, At: s.Now().Unix(), Action: ActionEvidenceName, Field: name, Old: old, New: indicator})
	})
}
