package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Signers are the names a unit prints in its documents' signature block:
// 单位负责人, 填报人 and 联系电话 (the 填报日期 comes from the project).
type Signers struct {
	Head, Filer, Phone string
}

// ActionUnitSigners records a change of a unit's signature names.
const ActionUnitSigners = "admin.unit.signers"

// UnitSigners returns the unit's signature names; empty when never set.
func (s *Store) UnitSigners(ctx context.Context, unitID int64) (Signers, error) {
	var g Signers
	err := s.db.QueryRowContext(ctx, `SELECT head, filer, phone FROM unit_signers WHERE unit_id = $1`, unitID).Scan(&g.Head, &g.Filer, &g.Phone)
	if errors.Is(err, sql.ErrNoRows) {
		return Signers{}, nil
	}
	if err != nil {
		return Signers{}, fmt.Errorf("store: signers of unit %d: %w", unitID, err)
	}
	return g, nil
}

// SetUnitSigners writes the unit's signature names; the trail keeps the
// old and the new.
func (s *Store) SetUnitSigners(ctx context.Context, unitID int64, g Signers) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var old Signers
		err := tx.QueryRowContext(ctx, `SELECT head, filer, phone FROM unit_signers WHERE unit_id = $1`, unitID).Scan(&old.Head, &old.Filer, &old.Phone)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: signers of unit %d: %w", unitID, err)
		}
		if old == g && err == nil {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO unit_signers (unit_id, head, filer, phone) VALUES ($1, $2, $3, $4)
			ON CONFLICT (unit_id) DO UPDATE SET head = excluded.head, filer = excluded.filer, phone = excluded.phone`, unitID, g.Head, g.Filer, g.Phone); err != nil {
			return fmt.Errorf("store: set signers of unit %d: %w", unitID, err)
		}
		show := func(g Signers) string {
			return fmt.Sprintf("单位负责人 %s；填报人 %s；联系电话 %s", g.Head, g.Filer, g.Phone)
		}
		return s.adminEvent(ctx, tx, ActionUnitSigners, "unit:"+i64(unitID), show(old), show(g))
	})
}

// SubmittedAt returns when the project was last submitted (the time of its
// latest 提交 in the trail), or 0 when it never was.
func (s *Store) SubmittedAt(ctx context.Context, projectID int64) (int64, error) {
	var at sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT MAX(at) FROM events WHERE project_id = $1 AND action = $2`, projectID, ActionStatus("submit")).Scan(&at)
	if err != nil {
		return 0, fmt.Errorf("store: submitted at %d: %w", projectID, err)
	}
	return at.Int64, nil
}
