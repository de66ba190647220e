package store

import (
	"context"
	"database/sql"
	"fmt"
)

// FillTrail appends n chained project events in one transaction, the way
// addEvent does but with one prepared statement (for the benchmark).
func FillTrail(ctx context.Context, s *Store, n int) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var seq int64
		var prev string
		if err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM trail_head WHERE id = 1`).Scan(&seq, &prev); err != nil {
			return err
		}
		st, err := tx.PrepareContext(ctx, `INSERT INTO events (project_id, user_id, at, action, field, old_value, new_value, note, seq, hash) VALUES (NULL, NULL, $1, $2, $3, $4, $5, $6, $7, $8)`)
		if err != nil {
			return err
		}
		defer st.Close()
		for i := 0; i < n; i++ {
			e := Event{At: 1700000000 + int64(i), Action: "actuals", Field: fmt.Sprintf("指标%d.实际完成值", i%50), Old: fmt.Sprint(i), New: fmt.Sprint(i + 1), Note: "基准"}
			seq++
			prev = chainHash(prev, seq, "events", eventFields(e))
			if _, err := st.ExecContext(ctx, e.At, e.Action, e.Field, e.Old, e.New, e.Note, seq, prev); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE trail_head SET seq = $1, hash = $2 WHERE id = 1`, seq, prev)
		return err
	})
}

// OpenAt opens a database migrated only up to version v (a migration's
// test stores rows the way that version held them).
func OpenAt(ctx context.Context, dsn string, v int) (*Store, error) {
	s, err := openRaw(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx, v); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// SetDenseOverdue sets the count of overdue suspects from which a page
// reads them in the sort's order, and returns a function restoring it.
func SetDenseOverdue(n int) func() {
	old := denseOverdue
	denseOverdue = n
	return func() { denseOverdue = old }
}
