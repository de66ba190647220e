package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// The certification tables (migration 0161): a month's certification run
// kept as evidence (tallies and list rows, as JSON that internal/auditdb
// writes and reads: the store does not look inside), and the offline
// certifications the towns record. The rules live in internal/cert.

// CertRun is one month's certification run.
type CertRun struct {
	ID           int64
	AsOf         string // YYYY-MM
	Source       string // upload | demo
	Rules        string // JSON of cert.Rules
	Files        []string
	RowErrors    []string
	RowsRead     int
	RowsRejected int
	RollRows     int
	Events       int    // events read from the files
	Offline      int    // offline certifications joined to the events
	Unmatched    int    // events whose ID is on no roll
	Tally        string // JSON of the whole roll's cert.Tally
	AuditRunID   int64  // the 两上两下 run of the suspension list; 0 until sent
	CreatedBy    int64
	CreatedName  string
	CreatedAt    int64
}

// CertTown is one town's tally in a run.
type CertTown struct {
	Town  string
	Tally string // JSON of cert.Tally
}

// CertRow is one row of one of a run's lists.
type CertRow struct {
	List     string // due | suspend | resume | dead | review
	Town     string
	IDNumber string
	Name     string
	Data     string // JSON of certrun.Row
}

// CertOffline is an offline certification (线下辅助, 上门) recorded by a
// town, with an evidence note or file.
type CertOffline struct {
	ID           int64
	Town         string
	IDNumber     string
	Name         string
	Date         string // YYYY-MM-DD
	Channel      string // cert.Channel's Chinese name
	Note         string
	EvidenceName string
	Evidence     []byte // only filled by CertOfflineEvidence
	HasEvidence  bool
	CreatedBy    int64
	CreatedName  string
	CreatedAt    int64
}

// ActionCertRun records a certification month stored; ActionCertOffline
// an offline certification recorded.
const (
	ActionCertRun     = "cert.run"
	ActionCertOffline = "cert.offline"
)

// CreateCertRun stores a run with its town tallies and list rows in one
// transaction: all or nothing.
func (s *Store) CreateCertRun(ctx context.Context, r CertRun, towns []CertTown, rows []CertRow) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO cert_runs (as_of, source, rules, files, row_errors, rows_read, rows_rejected, roll_rows, events, offline, unmatched, tally, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
			r.AsOf, r.Source, r.Rules, strings.Join(r.Files, "\n"), strings.Join(r.RowErrors, "\n"), r.RowsRead, r.RowsRejected,
			r.RollRows, r.Events, r.Offline, r.Unmatched, r.Tally, nullID(r.CreatedBy), s.Now().Unix()).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: create cert run: %w", err)
		}
		for _, t := range towns {
			if _, err := tx.ExecContext(ctx, `INSERT INTO cert_run_towns (run_id, town, tally) VALUES ($1, $2, $3)`, id, t.Town, t.Tally); err != nil {
				return fmt.Errorf("store: cert run town %s: %w", t.Town, err)
			}
		}
		st, err := tx.PrepareContext(ctx, `INSERT INTO cert_run_rows (run_id, list, town, id_number, name, data) VALUES ($1, $2, $3, $4, $5, $6)`)
		if err != nil {
			return fmt.Errorf("store: cert run rows: %w", err)
		}
		defer st.Close()
		for _, x := range rows {
			if _, err := st.ExecContext(ctx, id, x.List, x.Town, x.IDNumber, x.Name, x.Data); err != nil {
				return fmt.Errorf("store: cert run row %s: %w", x.Name, err)
			}
		}
		return addEvent(ctx, tx, Event{UserID: r.CreatedBy, At: s.Now().Unix(), Action: ActionCertRun, Field: "cert:" + i64(id),
			New: fmt.Sprintf("认证月份 %s 来源 %s 文件 %s 名册 %d 人 认证记录 %d 条（线下录入 %d 条）", r.AsOf, r.Source,
				strings.Join(r.Files, "、"), r.RollRows, r.Events, r.Offline)})
	})
	if err != nil {
		return 0, err
	}
	s.gen.Add(1)
	return id, nil
}

const certRunCols = `r.id, r.as_of, r.source, r.rules, r.files, r.row_errors, r.rows_read, r.rows_rejected, r.roll_rows, r.events, r.offline,
	r.unmatched, r.tally, COALESCE(r.audit_run_id, 0), COALESCE(r.created_by, 0), COALESCE(u.display_name, ''), r.created_at`

func scanCertRun(sc interface{ Scan(...any) error }) (CertRun, error) {
	var r CertRun
	var files, errs string
	err := sc.Scan(&r.ID, &r.AsOf, &r.Source, &r.Rules, &files, &errs, &r.RowsRead, &r.RowsRejected, &r.RollRows, &r.Events, &r.Offline,
		&r.Unmatched, &r.Tally, &r.AuditRunID, &r.CreatedBy, &r.CreatedName, &r.CreatedAt)
	r.Files, r.RowErrors = lines(files), lines(errs)
	return r, err
}

// CertRuns returns the runs, newest month first (newest run first within
// a month).
func (s *Store) CertRuns(ctx context.Context) ([]CertRun, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+certRunCols+` FROM cert_runs r LEFT JOIN users u ON u.id = r.created_by ORDER BY r.as_of DESC, r.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: cert runs: %w", err)
	}
	defer rows.Close()
	var out []CertRun
	for rows.Next() {
		r, err := scanCertRun(rows)
		if err != nil {
			return nil, fmt.Errorf("store: cert runs: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CertRun returns one run.
func (s *Store) CertRun(ctx context.Context, id int64) (CertRun, error) {
	r, err := scanCertRun(s.db.QueryRowContext(ctx, `SELECT `+certRunCols+` FROM cert_runs r LEFT JOIN users u ON u.id = r.created_by WHERE r.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("store: cert run %d: %w", id, err)
	}
	return r, nil
}

// CertRunTowns returns a run's town tallies in town order.
func (s *Store) CertRunTowns(ctx context.Context, runID int64) ([]CertTown, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT town, tally FROM cert_run_towns WHERE run_id = $1 ORDER BY town`, runID)
	if err != nil {
		return nil, fmt.Errorf("store: cert run towns: %w", err)
	}
	defer rows.Close()
	var out []CertTown
	for rows.Next() {
		var t CertTown
		if err := rows.Scan(&t.Town, &t.Tally); err != nil {
			return nil, fmt.Errorf("store: cert run towns: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// CertRunRows returns a run's rows of one list, of one town ("" = all),
// in the order they were stored.
func (s *Store) CertRunRows(ctx context.Context, runID int64, list, town string) ([]CertRow, error) {
	q := `SELECT list, town, id_number, name, data FROM cert_run_rows WHERE run_id = $1 AND list = $2`
	args := []any{runID, list}
	if town != "" {
		q += ` AND town = $3`
		args = append(args, town)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: cert run rows: %w", err)
	}
	defer rows.Close()
	var out []CertRow
	for rows.Next() {
		var x CertRow
		if err := rows.Scan(&x.List, &x.Town, &x.IDNumber, &x.Name, &x.Data); err != nil {
			return nil, fmt.Errorf("store: cert run rows: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// linkCertAuditRun links the 两上两下 run that carries the run's
// suspension list; it fails with ErrConflict when one is linked already.
func linkCertAuditRun(ctx context.Context, tx *sql.Tx, runID, auditRunID int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE cert_runs SET audit_run_id = $1 WHERE id = $2 AND audit_run_id IS NULL`, auditRunID, runID)
	if err != nil {
		return fmt.Errorf("store: cert run %d: %w", runID, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrConflict
	}
	return nil
}

// CreateAuditRunForCert stores the 两上两下 run of a certification run's
// suspension list and links it, in one transaction.
func (s *Store) CreateAuditRunForCert(ctx context.Context, certRunID int64, r AuditRun, sus []AuditSuspect) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = s.insertAuditRun(ctx, tx, r, sus); err != nil {
			return err
		}
		return linkCertAuditRun(ctx, tx, certRunID, id)
	})
	if err != nil {
		return 0, err
	}
	s.gen.Add(1)
	return id, nil
}

// AddCertOffline records an offline certification.
func (s *Store) AddCertOffline(ctx context.Context, o CertOffline) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var ev any
		if len(o.Evidence) > 0 {
			ev = o.Evidence
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO cert_offline (town, id_number, name, cert_date, channel, note, evidence_name, evidence, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			o.Town, o.IDNumber, o.Name, o.Date, o.Channel, o.Note, o.EvidenceName, ev, nullID(o.CreatedBy), s.Now().Unix()).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: offline certification: %w", err)
		}
		return addEvent(ctx, tx, Event{UserID: o.CreatedBy, At: s.Now().Unix(), Action: ActionCertOffline, Field: "cert_offline:" + i64(id),
			New: fmt.Sprintf("%s %s %s %s 认证 %s 证据 %s", o.Town, o.Name, o.Date, o.Channel, o.Note, o.EvidenceName)})
	})
	if err != nil {
		return 0, err
	}
	s.gen.Add(1)
	return id, nil
}

// CertOfflines returns the offline certifications of a town ("" = all)
// dated up to through ("" = all), newest first; Evidence is not read.
func (s *Store) CertOfflines(ctx context.Context, town, through string) ([]CertOffline, error) {
	q := `SELECT o.id, o.town, o.id_number, o.name, o.cert_date, o.channel, o.note, o.evidence_name, o.evidence IS NOT NULL,
		COALESCE(o.created_by, 0), COALESCE(u.display_name, ''), o.created_at
		FROM cert_offline o LEFT JOIN users u ON u.id = o.created_by WHERE ($1 = '' OR o.town = $1) AND ($2 = '' OR o.cert_date <= $2)
		ORDER BY o.cert_date DESC, o.id DESC`
	rows, err := s.db.QueryContext(ctx, q, town, through)
	if err != nil {
		return nil, fmt.Errorf("store: offline certifications: %w", err)
	}
	defer rows.Close()
	var out []CertOffline
	for rows.Next() {
		var o CertOffline
		if err := rows.Scan(&o.ID, &o.Town, &o.IDNumber, &o.Name, &o.Date, &o.Channel, &o.Note, &o.EvidenceName, &o.HasEvidence,
			&o.CreatedBy, &o.CreatedName, &o.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: offline certifications: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// CertOfflineEvidence returns one offline certification with its evidence
// file.
func (s *Store) CertOfflineEvidence(ctx context.Context, id int64) (CertOffline, error) {
	var o CertOffline
	err := s.db.QueryRowContext(ctx, `SELECT id, town, id_number, name, cert_date, channel, note, evidence_name, evidence FROM cert_offline WHERE id = $1`, id).
		Scan(&o.ID, &o.Town, &o.IDNumber, &o.Name, &o.Date, &o.Channel, &o.Note, &o.EvidenceName, &o.Evidence)
	if errors.Is(err, sql.ErrNoRows) {
		return o, ErrNotFound
	}
	if err != nil {
		return o, fmt.Errorf("store: offline certification %d: %w", id, err)
	}
	o.HasEvidence = o.Evidence != nil
	return o, nil
}

// CertRunListCounts returns how many rows each list of a run holds, for one
// town ("" = all).
func (s *Store) CertRunListCounts(ctx context.Context, runID int64, town string) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT list, COUNT(*) FROM cert_run_rows WHERE run_id = $1 AND ($2 = '' OR town = $2) GROUP BY list`, runID, town)
	if err != nil {
		return nil, fmt.Errorf("store: cert run lists: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var l string
		var n int
		if err := rows.Scan(&l, &n); err != nil {
			return nil, fmt.Errorf("store: cert run lists: %w", err)
		}
		out[l] = n
	}
	return out, rows.Err()
}
