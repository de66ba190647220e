package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// AuditRunFile is what one input file of an audit run gave: where its
// header was, rows read = used + rejected + skipped, damaged IDs, and the
// warnings in words.
type AuditRunFile struct {
	Name                          string // as uploaded
	Kind                          string // roll, deaths, other
	Format                        string // csv, xlsx, xls
	Header                        string // where the header was found
	Read, Used, Rejected, Skipped int
	SkippedNote                   string // the skipped rows by kind
	DamagedIDs                    int
	Warnings                      []string
}

// AuditRunReport is the files of a run, its death records with damaged
// IDs that matched no roll row, and the hardship-group members missing
// from the rolls (coverage).
type AuditRunReport struct {
	Files            []AuditRunFile
	UnmatchedDamaged []string
	Coverage         []AuditCoverage
	// CoverageChecked counts the hardship-group members the coverage
	// check looked at; 0 when the run had no hardship lists.
	CoverageChecked int
}

// AuditCoverage is a hardship-group member not enrolled (or enrolled
// without 代缴), found by a run's coverage check.
type AuditCoverage struct {
	Town, IDNumber, Name, Group string
	Kind, Confidence            string
	ReasonZH, ReasonEN          string
}

// saveAuditRunReport stores the file reports of a run, in the
// transaction that creates it.
func saveAuditRunReport(ctx context.Context, tx *sql.Tx, runID int64, rep AuditRunReport) error {
	for i, f := range rep.Files {
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_run_files (run_id, seq, name, kind, format, header, rows_read, rows_used, rows_rejected,
			rows_skipped, skipped_note, damaged_ids, warnings) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			runID, i, f.Name, f.Kind, f.Format, f.Header, f.Read, f.Used, f.Rejected, f.Skipped, f.SkippedNote, f.DamagedIDs,
			strings.Join(f.Warnings, "\n")); err != nil {
			return fmt.Errorf("store: audit run file %s: %w", f.Name, err)
		}
	}
	for _, c := range rep.Coverage {
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_coverage (run_id, town, id_number, name, grp, kind, confidence, reason_zh, reason_en)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, runID, c.Town, c.IDNumber, c.Name, c.Group, c.Kind, c.Confidence, c.ReasonZH, c.ReasonEN); err != nil {
			return fmt.Errorf("store: audit coverage %s: %w", c.Name, err)
		}
	}
	if rep.CoverageChecked > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE audit_runs SET coverage_checked = $1 WHERE id = $2`, rep.CoverageChecked, runID); err != nil {
			return fmt.Errorf("store: audit run %d: %w", runID, err)
		}
	}
	if len(rep.UnmatchedDamaged) > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE audit_runs SET unmatched_damaged = $1 WHERE id = $2`,
			strings.Join(rep.UnmatchedDamaged, "\n"), runID); err != nil {
			return fmt.Errorf("store: audit run %d: %w", runID, err)
		}
	}
	return nil
}

// AuditRunReport reads the file reports of a run.
func (s *Store) AuditRunReport(ctx context.Context, runID int64) (AuditRunReport, error) {
	var rep AuditRunReport
	rows, err := s.db.QueryContext(ctx, `SELECT name, kind, format, header, rows_read, rows_used, rows_rejected, rows_skipped, skipped_note,
		damaged_ids, warnings FROM audit_run_files WHERE run_id = $1 ORDER BY seq`, runID)
	if err != nil {
		return rep, fmt.Errorf("store: audit run files: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f AuditRunFile
		var warn string
		if err := rows.Scan(&f.Name, &f.Kind, &f.Format, &f.Header, &f.Read, &f.Used, &f.Rejected, &f.Skipped, &f.SkippedNote,
			&f.DamagedIDs, &warn); err != nil {
			return rep, fmt.Errorf("store: scan audit run file: %w", err)
		}
		f.Warnings = lines(warn)
		rep.Files = append(rep.Files, f)
	}
	if err := rows.Err(); err != nil {
		return rep, err
	}
	crows, err := s.db.QueryContext(ctx, `SELECT town, id_number, name, grp, kind, confidence, reason_zh, reason_en FROM audit_coverage
		WHERE run_id = $1 ORDER BY town, name, id`, runID)
	if err != nil {
		return rep, fmt.Errorf("store: audit coverage: %w", err)
	}
	defer crows.Close()
	for crows.Next() {
		var c AuditCoverage
		if err := crows.Scan(&c.Town, &c.IDNumber, &c.Name, &c.Group, &c.Kind, &c.Confidence, &c.ReasonZH, &c.ReasonEN); err != nil {
			return rep, fmt.Errorf("store: scan audit coverage: %w", err)
		}
		rep.Coverage = append(rep.Coverage, c)
	}
	if err := crows.Err(); err != nil {
		return rep, err
	}
	var un string
	if err := s.db.QueryRowContext(ctx, `SELECT unmatched_damaged, coverage_checked FROM audit_runs WHERE id = $1`, runID).Scan(&un, &rep.CoverageChecked); err != nil {
		return rep, fmt.Errorf("store: audit run %d: %w", runID, err)
	}
	rep.UnmatchedDamaged = lines(un)
	return rep, nil
}
