package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// The monthly benefit cycle's storage (issue 15): pay runs — one payroll
// checked against the roll and the rules, with its bank returns — their
// findings, unverifiable reasons, failed payments and shared accounts, and
// the receipts recorded against a month's fund request. The checking is
// internal/payroll's; internal/paydb turns its result into these rows.

// ActionPayRun records a pay run stored; ActionPayReceipt a receipt.
const (
	ActionPayRun     = "pay.run"
	ActionPayReceipt = "pay.receipt"
)

// PayRun is one stored payroll check. Amounts are fen.
type PayRun struct {
	ID                               int64
	From, To                         string // YYYY-MM
	Rules, Source                    string // rule file name; upload or demo
	Files                            []string
	Read, Verified, FindingRows      int
	Unverified, Outside, Rejected    int
	RollSkipped                      int
	Due, Paid                        int64
	HasReturns                       bool
	RetRows, RetSucceeded, RetFailed int
	RetPaid, RetDue                  int64
	RetDueRows, RetNotReturned       int
	RetNotInPayroll, RetOutside      int
	PaidOn, DueOn                    string // YYYY-MM-DD: the day the money was sent, and the day it was due
	Indicators                       string // JSON of []eval.Evidence
	FundMonth                        string // the month the fund request is for
	Fund                             string // JSON of payroll.FundRequest
	CreatedBy                        int64
	CreatedName                      string
	CreatedAt                        int64
}

// PayFinding is one person's departures of one kind.
type PayFinding struct {
	ID, RunID                          int64
	Town, IDNumber, Name, Scheme, Kind string
	Months                             string // "2023-01…2023-06, 2023-09"
	Expected, Paid                     int64
	Rows                               int // payroll rows behind it
	Formula, Lines                     string
}

// Difference is Paid − Expected in fen.
func (f PayFinding) Difference() int64 { return f.Paid - f.Expected }

// PayUnverifiable counts a run's rows that could not be verified, by reason.
type PayUnverifiable struct {
	Reason string
	Rows   int
	Sample string // "file:line" of the first rows
}

// PayFailed is a payment the bank returned as failed.
type PayFailed struct {
	Town, IDNumber, Name, Month string
	Amount                      int64
	Reason, Class               string
}

// PayShared is one recipient paid into an account shared with others.
type PayShared struct {
	Account, Town, IDNumber, Name string
}

// PayRunData is everything stored with a run.
type PayRunData struct {
	Findings     []PayFinding
	Unverifiable []PayUnverifiable
	Failed       []PayFailed
	Shared       []PayShared
}

// CreatePayRun stores a run and its rows in one transaction, with a trail
// row saying who checked which months on which files.
func (s *Store) CreatePayRun(ctx context.Context, r PayRun, d PayRunData) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO pay_runs (month_from, month_to, rules, source, files, rows_read, verified, finding_rows,
			unverified, outside, rejected, roll_skipped, due, paid, has_returns, ret_rows, ret_succeeded, ret_failed, ret_paid, ret_due,
			ret_due_rows, ret_not_returned, ret_not_in_payroll, ret_outside, paid_on, due_on, indicators, fund_month, fund, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26,
			$27, $28, $29, $30, $31) RETURNING id`,
			r.From, r.To, r.Rules, r.Source, strings.Join(r.Files, "\n"), r.Read, r.Verified, r.FindingRows, r.Unverified, r.Outside,
			r.Rejected, r.RollSkipped, r.Due, r.Paid, boolInt(r.HasReturns), r.RetRows, r.RetSucceeded, r.RetFailed, r.RetPaid, r.RetDue,
			r.RetDueRows, r.RetNotReturned, r.RetNotInPayroll, r.RetOutside, r.PaidOn, r.DueOn, r.Indicators, r.FundMonth, r.Fund,
			nullID(r.CreatedBy), s.Now().Unix()).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: create pay run: %w", err)
		}
		if err := insertRows(ctx, tx, `INSERT INTO pay_findings (run_id, town, id_number, name, scheme, kind, months, expected, paid, n_rows, formula, lines)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, len(d.Findings), func(i int) []any {
			f := d.Findings[i]
			return []any{id, f.Town, f.IDNumber, f.Name, f.Scheme, f.Kind, f.Months, f.Expected, f.Paid, f.Rows, f.Formula, f.Lines}
		}); err != nil {
			return err
		}
		if err := insertRows(ctx, tx, `INSERT INTO pay_unverifiable (run_id, reason, n_rows, sample) VALUES ($1, $2, $3, $4)`,
			len(d.Unverifiable), func(i int) []any {
				u := d.Unverifiable[i]
				return []any{id, u.Reason, u.Rows, u.Sample}
			}); err != nil {
			return err
		}
		if err := insertRows(ctx, tx, `INSERT INTO pay_failed (run_id, town, id_number, name, month, amount, reason, class)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, len(d.Failed), func(i int) []any {
			f := d.Failed[i]
			return []any{id, f.Town, f.IDNumber, f.Name, f.Month, f.Amount, f.Reason, f.Class}
		}); err != nil {
			return err
		}
		if err := insertRows(ctx, tx, `INSERT INTO pay_shared (run_id, account, town, id_number, name) VALUES ($1, $2, $3, $4, $5)`,
			len(d.Shared), func(i int) []any {
				x := d.Shared[i]
				return []any{id, x.Account, x.Town, x.IDNumber, x.Name}
			}); err != nil {
			return err
		}
		return addEvent(ctx, tx, Event{UserID: r.CreatedBy, At: s.Now().Unix(), Action: ActionPayRun, Field: "pay_run:" + i64(id),
			New: fmt.Sprintf("发放核对 %s–%s 规则 %s 文件 %s 读入 %d 行 有问题 %d 行 无法核对 %d 行 期间外 %d 行 拒收 %d 行",
				r.From, r.To, r.Rules, strings.Join(r.Files, "、"), r.Read, r.FindingRows, r.Unverified, r.Outside, r.Rejected)})
	})
	return id, err
}

// insertRows runs one prepared insert n times.
func insertRows(ctx context.Context, tx *sql.Tx, q string, n int, args func(i int) []any) error {
	if n == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer st.Close()
	for i := 0; i < n; i++ {
		if _, err := st.ExecContext(ctx, args(i)...); err != nil {
			return fmt.Errorf("store: pay run row %d: %w", i, err)
		}
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

const payRunCols = `r.id, r.month_from, r.month_to, r.rules, r.source, r.files, r.rows_read, r.verified, r.finding_rows, r.unverified,
	r.outside, r.rejected, r.roll_skipped, r.due, r.paid, r.has_returns, r.ret_rows, r.ret_succeeded, r.ret_failed, r.ret_paid, r.ret_due,
	r.ret_due_rows, r.ret_not_returned, r.ret_not_in_payroll, r.ret_outside, r.paid_on, r.due_on, r.indicators, r.fund_month, r.fund,
	COALESCE(r.created_by, 0), COALESCE(u.display_name, ''), r.created_at`

func scanPayRun(sc interface{ Scan(...any) error }) (PayRun, error) {
	var r PayRun
	var files string
	var has int
	err := sc.Scan(&r.ID, &r.From, &r.To, &r.Rules, &r.Source, &files, &r.Read, &r.Verified, &r.FindingRows, &r.Unverified,
		&r.Outside, &r.Rejected, &r.RollSkipped, &r.Due, &r.Paid, &has, &r.RetRows, &r.RetSucceeded, &r.RetFailed, &r.RetPaid, &r.RetDue,
		&r.RetDueRows, &r.RetNotReturned, &r.RetNotInPayroll, &r.RetOutside, &r.PaidOn, &r.DueOn, &r.Indicators, &r.FundMonth, &r.Fund,
		&r.CreatedBy, &r.CreatedName, &r.CreatedAt)
	r.HasReturns = has != 0
	if files != "" {
		r.Files = strings.Split(files, "\n")
	}
	return r, err
}

// PayRuns lists the runs, newest first.
func (s *Store) PayRuns(ctx context.Context) ([]PayRun, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+payRunCols+` FROM pay_runs r LEFT JOIN users u ON u.id = r.created_by ORDER BY r.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: pay runs: %w", err)
	}
	defer rows.Close()
	var out []PayRun
	for rows.Next() {
		r, err := scanPayRun(rows)
		if err != nil {
			return nil, fmt.Errorf("store: pay runs: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PayRun reads one run; ErrNotFound when there is none.
func (s *Store) PayRun(ctx context.Context, id int64) (PayRun, error) {
	r, err := scanPayRun(s.db.QueryRowContext(ctx, `SELECT `+payRunCols+` FROM pay_runs r LEFT JOIN users u ON u.id = r.created_by WHERE r.id = $1`, id))
	if err == sql.ErrNoRows {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("store: pay run %d: %w", id, err)
	}
	return r, nil
}

// PayCount is one town's findings of one kind.
type PayCount struct {
	Town, Kind   string
	People, Rows int
	Difference   int64
}

// PayCounts sums a run's findings by town and kind; town limits it to one
// town ("" = all).
func (s *Store) PayCounts(ctx context.Context, runID int64, town string) ([]PayCount, error) {
	var out []PayCount
	err := queryEach(ctx, s.db, `SELECT town, kind, count(*), sum(n_rows), sum(paid - expected) FROM pay_findings
		WHERE run_id = $1 AND ($2 = '' OR town = $2) GROUP BY town, kind ORDER BY town, kind`, []any{runID, town},
		func(sc func(...any) error) error {
			var c PayCount
			err := sc(&c.Town, &c.Kind, &c.People, &c.Rows, &c.Difference)
			out = append(out, c)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("store: pay counts: %w", err)
	}
	return out, nil
}

// PayFindingFilter selects a run's findings.
type PayFindingFilter struct {
	RunID      int64
	Town, Kind string
	Limit      int // default 1000
}

// PayFindings lists findings by town, kind and ID.
func (s *Store) PayFindings(ctx context.Context, f PayFindingFilter) ([]PayFinding, error) {
	if f.Limit <= 0 {
		f.Limit = 1000
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, run_id, town, id_number, name, scheme, kind, months, expected, paid, n_rows, formula, lines
		FROM pay_findings WHERE run_id = $1 AND ($2 = '' OR town = $2) AND ($3 = '' OR kind = $3) ORDER BY town, kind, id LIMIT $4`,
		f.RunID, f.Town, f.Kind, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("store: pay findings: %w", err)
	}
	defer rows.Close()
	var out []PayFinding
	for rows.Next() {
		var x PayFinding
		if err := rows.Scan(&x.ID, &x.RunID, &x.Town, &x.IDNumber, &x.Name, &x.Scheme, &x.Kind, &x.Months, &x.Expected, &x.Paid,
			&x.Rows, &x.Formula, &x.Lines); err != nil {
			return nil, fmt.Errorf("store: pay findings: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// PayRunRows reads a run's unverifiable reasons, and its failed payments
// and shared accounts of one town ("" = all).
func (s *Store) PayRunRows(ctx context.Context, runID int64, town string) (PayRunData, error) {
	var d PayRunData
	err := queryEach(ctx, s.db, `SELECT reason, n_rows, sample FROM pay_unverifiable WHERE run_id = $1 ORDER BY reason`, []any{runID},
		func(sc func(...any) error) error {
			var u PayUnverifiable
			err := sc(&u.Reason, &u.Rows, &u.Sample)
			d.Unverifiable = append(d.Unverifiable, u)
			return err
		})
	if err == nil {
		err = queryEach(ctx, s.db, `SELECT town, id_number, name, month, amount, reason, class FROM pay_failed
			WHERE run_id = $1 AND ($2 = '' OR town = $2) ORDER BY town, id_number, month`, []any{runID, town},
			func(sc func(...any) error) error {
				var f PayFailed
				err := sc(&f.Town, &f.IDNumber, &f.Name, &f.Month, &f.Amount, &f.Reason, &f.Class)
				d.Failed = append(d.Failed, f)
				return err
			})
	}
	if err == nil {
		err = queryEach(ctx, s.db, `SELECT account, town, id_number, name FROM pay_shared
			WHERE run_id = $1 AND ($2 = '' OR town = $2) ORDER BY account, id_number`, []any{runID, town},
			func(sc func(...any) error) error {
				var x PayShared
				err := sc(&x.Account, &x.Town, &x.IDNumber, &x.Name)
				d.Shared = append(d.Shared, x)
				return err
			})
	}
	if err != nil {
		return d, fmt.Errorf("store: pay run %d: %w", runID, err)
	}
	return d, nil
}

func queryEach(ctx context.Context, db *sql.DB, q string, args []any, each func(scan func(...any) error) error) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PayReceipt is money received from a finance level against a month's
// fund request (资金到位).
type PayReceipt struct {
	ID               int64
	Month, Source    string // YYYY-MM the request was for; 上级 / 本级
	Amount           int64
	ReceivedOn, Note string // YYYY-MM-DD; 文号 or 凭证号
	CreatedBy        int64
	CreatedName      string
	CreatedAt        int64
}

// AddPayReceipt records a receipt, with a trail row.
func (s *Store) AddPayReceipt(ctx context.Context, r PayReceipt) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO pay_receipts (month, source, amount, received_on, note, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, r.Month, r.Source, r.Amount, r.ReceivedOn, r.Note, nullID(r.CreatedBy),
			s.Now().Unix()).Scan(&id); err != nil {
			return fmt.Errorf("store: pay receipt: %w", err)
		}
		return addEvent(ctx, tx, Event{UserID: r.CreatedBy, At: s.Now().Unix(), Action: ActionPayReceipt, Field: "pay_receipt:" + i64(id),
			New: fmt.Sprintf("%s 资金到位 %s %d 分 %s %s", r.Month, r.Source, r.Amount, r.ReceivedOn, r.Note)})
	})
	return id, err
}

// PayReceipts lists the receipts of the months with the given prefix
// ("2023" for a year, "2023-06" for a month), in order.
func (s *Store) PayReceipts(ctx context.Context, prefix string) ([]PayReceipt, error) {
	var out []PayReceipt
	err := queryEach(ctx, s.db, `SELECT p.id, p.month, p.source, p.amount, p.received_on, p.note, COALESCE(p.created_by, 0),
		COALESCE(u.display_name, ''), p.created_at FROM pay_receipts p LEFT JOIN users u ON u.id = p.created_by
		WHERE p.month LIKE $1 ORDER BY p.month, p.received_on, p.id`, []any{prefix + "%"},
		func(sc func(...any) error) error {
			var r PayReceipt
			err := sc(&r.ID, &r.Month, &r.Source, &r.Amount, &r.ReceivedOn, &r.Note, &r.CreatedBy, &r.CreatedName, &r.CreatedAt)
			out = append(out, r)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("store: pay receipts: %w", err)
	}
	return out, nil
}
