package store

import (
	"context"
	"database/sql"
	"fmt"

	"jixiao/internal/money"
)

// Money record kinds.
const (
	KindReceipt  = "receipt"  // funds received (到位)
	KindSpending = "spending" // money spent (支出)
)

// MoneyRecord is a receipt of funds or a spending record.
type MoneyRecord struct {
	ID     int64
	Kind   string
	Date   string // "2023-06-30"
	Amount money.Fen
	Source int // 0 上级, 1 本级, 2 其他
	Note   string
	// PayMonth is the month of the monthly cycle a record was filled from
	// ("" = typed), PayRun the pay run of a payout (ReplacePayMoney).
	PayMonth string
	PayRun   int64
}

// MoneyRecords lists a project's records of one kind, by date.
func (s *Store) MoneyRecords(ctx context.Context, pid int64, kind string) ([]MoneyRecord, error) {
	rows, err := cached{s}.QueryContext(ctx, `SELECT id, kind, on_date, amount, source, note, pay_month, pay_run FROM money_records WHERE project_id = $1 AND kind = $2 ORDER BY on_date, id`, pid, kind)
	if err != nil {
		return nil, fmt.Errorf("store: money records of %d: %w", pid, err)
	}
	defer rows.Close()
	var out []MoneyRecord
	for rows.Next() {
		var m MoneyRecord
		if err := rows.Scan(&m.ID, &m.Kind, &m.Date, &m.Amount, &m.Source, &m.Note, &m.PayMonth, &m.PayRun); err != nil {
			return nil, fmt.Errorf("store: scan money record: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// AddMoney records a receipt or spending, updates the project's sums and
// its summary, and writes the audit trail. Money records append, so they
// do not take the sheet's version.
func (s *Store) AddMoney(ctx context.Context, pid int64, m MoneyRecord, userID int64) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := s.Now().Unix()
		err := tx.QueryRowContext(ctx, `INSERT INTO money_records (project_id, kind, on_date, amount, source, note, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, pid, m.Kind, m.Date, m.Amount, m.Source, m.Note, nullID(userID), now).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: add %s to %d: %w", m.Kind, pid, err)
		}
		if err := s.resum(ctx, tx, pid); err != nil {
			return err
		}
		return addEvent(ctx, tx, Event{ProjectID: pid, UserID: userID, At: now, Action: m.Kind, Field: m.Date, New: m.Amount.String(), Note: m.Note})
	})
	return id, err
}

// DeleteMoney removes a record of the project.
func (s *Store) DeleteMoney(ctx context.Context, pid, id, userID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var m MoneyRecord
		err := tx.QueryRowContext(ctx, `SELECT kind, on_date, amount FROM money_records WHERE id = $1 AND project_id = $2`, id, pid).Scan(&m.Kind, &m.Date, &m.Amount)
		if err == sql.ErrNoRows {
			return fmt.Errorf("store: money record %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: money record %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM money_records WHERE id = $1`, id); err != nil {
			return fmt.Errorf("store: delete money record %d: %w", id, err)
		}
		if err := s.resum(ctx, tx, pid); err != nil {
			return err
		}
		return addEvent(ctx, tx, Event{ProjectID: pid, UserID: userID, At: s.Now().Unix(), Action: ActionDeletePrefix + m.Kind, Field: m.Date, Old: m.Amount.String()})
	})
}

// ActionMoneyFromPay records a project's funds filled from the monthly
// cycle.
const ActionMoneyFromPay = "money.from_pay"

// ReplacePayMoney replaces the project's records filled from the monthly
// cycle (PayMonth set) by ms, updates the sums and the summary, and writes
// one trail entry naming the totals; typed records stay.
func (s *Store) ReplacePayMoney(ctx context.Context, pid int64, ms []MoneyRecord, userID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		now := s.Now().Unix()
		var oldR, oldS int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(sum(CASE WHEN kind = 'receipt' THEN amount ELSE 0 END), 0),
			COALESCE(sum(CASE WHEN kind = 'spending' THEN amount ELSE 0 END), 0) FROM money_records WHERE project_id = $1 AND pay_month <> ''`, pid).Scan(&oldR, &oldS); err != nil {
			return fmt.Errorf("store: money of %d from pay: %w", pid, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM money_records WHERE project_id = $1 AND pay_month <> ''`, pid); err != nil {
			return fmt.Errorf("store: money of %d from pay: %w", pid, err)
		}
		var newR, newS money.Fen
		for _, m := range ms {
			if m.PayMonth == "" {
				return fmt.Errorf("store: money of %d from pay: a record without its month", pid)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO money_records (project_id, kind, on_date, amount, source, note, pay_month, pay_run, created_by, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, pid, m.Kind, m.Date, m.Amount, m.Source, m.Note, m.PayMonth, m.PayRun, nullID(userID), now); err != nil {
				return fmt.Errorf("store: money of %d from pay: %w", pid, err)
			}
			if m.Kind == KindReceipt {
				newR += m.Amount
			} else {
				newS += m.Amount
			}
		}
		if err := s.resum(ctx, tx, pid); err != nil {
			return err
		}
		return addEvent(ctx, tx, Event{ProjectID: pid, UserID: userID, At: now, Action: ActionMoneyFromPay, Field: "money",
			Old: fmt.Sprintf("到位 %s 支出 %s", money.Fen(oldR), money.Fen(oldS)), New: fmt.Sprintf("到位 %s 支出 %s", newR, newS),
			Note: fmt.Sprintf("从待遇发放填入 %d 条", len(ms))})
	})
}

func (s *Store) resum(ctx context.Context, tx *sql.Tx, pid int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE projects SET
		received = COALESCE((SELECT sum(amount) FROM money_records WHERE project_id = $1 AND kind = 'receipt'), 0),
		spent = COALESCE((SELECT sum(amount) FROM money_records WHERE project_id = $1 AND kind = 'spending'), 0),
		updated_at = $2 WHERE id = $1`, pid, s.Now().Unix())
	if err != nil {
		return fmt.Errorf("store: sum money of %d: %w", pid, err)
	}
	return s.summarize(ctx, tx, pid)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
