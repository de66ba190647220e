package store

import (
	"context"
	"database/sql"
	"fmt"
)

// The monthly cycle feeds the survival audit (migration 0155): a pay
// run's overpayment findings become recovery cases (one case per finding,
// audit_cases.pay_finding_id), and its closed or frozen bank accounts are
// sent to the towns as an audit run of possible deaths (pay_runs.audit_run_id).

// PayCase is a recovery case to open from a pay finding, with the event
// that opens it.
type PayCase struct {
	FindingID int64
	Case      AuditCase
	Event     AuditEvent
}

// CreatePayCases opens the cases in one transaction, skipping findings
// that already have one; it returns how many it opened.
func (s *Store) CreatePayCases(ctx context.Context, cs []PayCase) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		n = 0
		for _, pc := range cs {
			var have int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM audit_cases WHERE pay_finding_id = $1`, pc.FindingID).Scan(&have); err != nil {
				return fmt.Errorf("store: case of pay finding %d: %w", pc.FindingID, err)
			}
			if have > 0 {
				continue
			}
			c := pc.Case
			var id int64
			err := tx.QueryRowContext(ctx, `INSERT INTO audit_cases (pay_finding_id, id_number, name, town, scheme, case_type, due, opened, created_by, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
				pc.FindingID, c.IDNumber, c.Name, c.Town, c.Scheme, c.Type, int64(c.Due), c.Opened, nullID(c.CreatedBy), s.Now().Unix()).Scan(&id)
			if isUnique(err) {
				return fmt.Errorf("store: case of pay finding %d: %w", pc.FindingID, ErrDuplicate)
			}
			if err != nil {
				return fmt.Errorf("store: case of pay finding %d: %w", pc.FindingID, err)
			}
			ev := pc.Event
			ev.CaseID = id
			if err := addAuditEvent(ctx, tx, ev); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if n > 0 {
		s.gen.Add(1)
	}
	return n, nil
}

// PayRunCases maps a run's findings that became recovery cases to their
// case.
func (s *Store) PayRunCases(ctx context.Context, runID int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	err := queryEach(ctx, s.db, `SELECT c.pay_finding_id, c.id FROM audit_cases c JOIN pay_findings f ON f.id = c.pay_finding_id
		WHERE f.run_id = $1`, []any{runID}, func(sc func(...any) error) error {
		var f, c int64
		err := sc(&f, &c)
		out[f] = c
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: cases of pay run %d: %w", runID, err)
	}
	return out, nil
}

// PayRunAuditRun returns the audit run a pay run's possible deaths were
// sent as (0 when not sent).
func (s *Store) PayRunAuditRun(ctx context.Context, runID int64) (int64, error) {
	var id sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT audit_run_id FROM pay_runs WHERE id = $1`, runID).Scan(&id); err != nil {
		if err == sql.ErrNoRows {
			return 0, ErrNotFound
		}
		return 0, fmt.Errorf("store: pay run %d: %w", runID, err)
	}
	return id.Int64, nil
}

// CreateAuditRunForPay stores the audit run of a pay run's possible
// deaths and links it, in one transaction; ErrConflict when the pay run
// has one already.
func (s *Store) CreateAuditRunForPay(ctx context.Context, payRunID int64, r AuditRun, sus []AuditSuspect) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = s.insertAuditRun(ctx, tx, r, sus); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE pay_runs SET audit_run_id = $1 WHERE id = $2 AND audit_run_id IS NULL`, id, payRunID)
		if err != nil {
			return fmt.Errorf("store: pay run %d: %w", payRunID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrConflict
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	s.gen.Add(1)
	return id, nil
}
