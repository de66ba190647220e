package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"jixiao/internal/money"
)

// The audit's memory (migration 0160): how each run relates to the earlier
// ones. The rules live in internal/auditmem; these functions only read and
// write rows.

// RunLink is a run's link to the previous runs: counts by decision and the
// pairs held back.
type RunLink struct {
	RunID, PrevRunID                                int64
	New, Resent, Carried, StillPaid, Repeated, Held int
	HeldWhy                                         string // "reason: n" lines
}

// SuspectMemory is how one suspect relates to earlier runs.
type SuspectMemory struct {
	SuspectID, PrevSuspectID int64
	Decision                 string // auditmem.Decision
	Evidence                 string
	FirstSent                int64 // unix seconds of the pair's first 下 (0 if new)
	AgeDays                  int
	Accrued                  money.Fen
	WhyZH, WhyEN             string
}

// HeldPair is a finding not sent again: the town rejected it and the
// evidence did not change.
type HeldPair struct {
	ID, RunID, PriorSuspectID int64
	Town, IDNumber, Name      string
	Finding, Evidence         string
	Overpaid                  money.Fen
	WhyZH, WhyEN              string
}

// AuditOutcome is how a suspect ended.
type AuditOutcome struct {
	SuspectID int64
	Outcome   string // auditmem.Outcome
	RootCause string // auditmem.RootCause
	Note      string
	ClosedBy  int64
	ClosedAt  int64
}

// PriorSuspect is a suspect of an earlier run, as the memory needs it.
type PriorSuspect struct {
	AuditSuspect
	FirstSent int64 // the pair's first 下 (memory), else the run's sent_at
	Outcome   string
	RootCause string
	TownNote  string // the town's answer when it rejected the pair
}

// CreateAuditRunRemembering stores a run, its suspects, each suspect's
// memory (mem[i] belongs to sus[i]; SuspectID is filled in), the run's
// link and its held-back pairs, in one transaction.
func (s *Store) CreateAuditRunRemembering(ctx context.Context, r AuditRun, sus []AuditSuspect, mem []SuspectMemory, link RunLink, held []HeldPair) (int64, error) {
	if len(mem) != len(sus) {
		return 0, errors.New("store: one memory per suspect")
	}
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = s.insertAuditRun(ctx, tx, r, sus); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id FROM audit_suspects WHERE run_id = $1 ORDER BY id`, id)
		if err != nil {
			return fmt.Errorf("store: audit memory: %w", err)
		}
		var ids []int64
		for rows.Next() {
			var x int64
			if err := rows.Scan(&x); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, x)
		}
		rows.Close()
		if len(ids) != len(sus) {
			return fmt.Errorf("store: audit memory: %d suspects stored of %d", len(ids), len(sus))
		}
		st, err := tx.PrepareContext(ctx, `INSERT INTO audit_memory (suspect_id, prev_suspect_id, decision, evidence, first_sent, age_days, accrued, why_zh, why_en)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`)
		if err != nil {
			return fmt.Errorf("store: audit memory: %w", err)
		}
		defer st.Close()
		for i, m := range mem {
			if _, err := st.ExecContext(ctx, ids[i], nullID(m.PrevSuspectID), m.Decision, m.Evidence, m.FirstSent, m.AgeDays, int64(m.Accrued), m.WhyZH, m.WhyEN); err != nil {
				return fmt.Errorf("store: audit memory: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_run_links (run_id, prev_run_id, new_count, resent, carried, still_paid, repeated, held, held_why)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, nullID(link.PrevRunID), link.New, link.Resent, link.Carried, link.StillPaid,
			link.Repeated, link.Held, link.HeldWhy); err != nil {
			return fmt.Errorf("store: audit run link: %w", err)
		}
		for _, h := range held {
			if _, err := tx.ExecContext(ctx, `INSERT INTO audit_held (run_id, prior_suspect_id, town, id_number, name, finding, evidence, overpaid, why_zh, why_en)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, id, nullID(h.PriorSuspectID), h.Town, h.IDNumber, h.Name, h.Finding,
				h.Evidence, int64(h.Overpaid), h.WhyZH, h.WhyEN); err != nil {
				return fmt.Errorf("store: audit held: %w", err)
			}
		}
		return nil
	})
	return id, err
}

// PriorSuspects returns the suspects of the runs before month asOf (and
// of earlier runs of that month), for the memory of a new run.
func (s *Store) PriorSuspects(ctx context.Context, asOf string) ([]PriorSuspect, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+suspectCols+`, COALESCE(NULLIF(m.first_sent, 0), r.sent_at), COALESCE(o.outcome, ''), COALESCE(o.root_cause, ''),
		COALESCE((SELECT e.note FROM audit_events e WHERE e.suspect_id = x.id AND e.from_state = 'pending' AND e.to_state = 'town_rejected' ORDER BY e.id DESC LIMIT 1), '')`+
		suspectFrom+` LEFT JOIN audit_memory m ON m.suspect_id = x.id LEFT JOIN audit_outcomes o ON o.suspect_id = x.id
		WHERE r.as_of <= $1 ORDER BY x.id`, asOf)
	if err != nil {
		return nil, fmt.Errorf("store: prior suspects: %w", err)
	}
	defer rows.Close()
	var out []PriorSuspect
	for rows.Next() {
		var p PriorSuspect
		var monthly, over int64
		x := &p.AuditSuspect
		if err := rows.Scan(&x.ID, &x.RunID, &x.Town, &x.IDNumber, &x.Name, &x.Scheme, &x.Finding, &x.Kind, &x.Confidence, &x.ReasonZH, &x.ReasonEN,
			&x.EventDate, &x.Sources, &monthly, &x.OverpaidMonths, &over, &x.State, &x.Action, &x.CaseID, &x.AsOf,
			&p.FirstSent, &p.Outcome, &p.RootCause, &p.TownNote); err != nil {
			return nil, fmt.Errorf("store: scan prior suspect: %w", err)
		}
		x.Monthly, x.Overpaid = money.Fen(monthly), money.Fen(over)
		out = append(out, p)
	}
	return out, rows.Err()
}

// AuditRunLink returns a run's link; ok is false for runs made before
// migration 0160.
func (s *Store) AuditRunLink(ctx context.Context, runID int64) (RunLink, bool, error) {
	l := RunLink{RunID: runID}
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(prev_run_id, 0), new_count, resent, carried, still_paid, repeated, held, held_why
		FROM audit_run_links WHERE run_id = $1`, runID).Scan(&l.PrevRunID, &l.New, &l.Resent, &l.Carried, &l.StillPaid, &l.Repeated, &l.Held, &l.HeldWhy)
	if errors.Is(err, sql.ErrNoRows) {
		return l, false, nil
	}
	if err != nil {
		return l, false, fmt.Errorf("store: audit run link: %w", err)
	}
	return l, true, nil
}

// AuditHeld lists a run's held-back pairs (town "" = all).
func (s *Store) AuditHeld(ctx context.Context, runID int64, town string) ([]HeldPair, error) {
	q := `SELECT id, run_id, COALESCE(prior_suspect_id, 0), town, id_number, name, finding, evidence, overpaid, why_zh, why_en FROM audit_held WHERE run_id = $1`
	args := []any{runID}
	if town != "" {
		q += ` AND town = $2`
		args = append(args, town)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY town, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: audit held: %w", err)
	}
	defer rows.Close()
	var out []HeldPair
	for rows.Next() {
		var h HeldPair
		var over int64
		if err := rows.Scan(&h.ID, &h.RunID, &h.PriorSuspectID, &h.Town, &h.IDNumber, &h.Name, &h.Finding, &h.Evidence, &over, &h.WhyZH, &h.WhyEN); err != nil {
			return nil, fmt.Errorf("store: scan audit held: %w", err)
		}
		h.Overpaid = money.Fen(over)
		out = append(out, h)
	}
	return out, rows.Err()
}

// AuditMemory returns a suspect's memory; ok is false when it has none.
func (s *Store) AuditMemory(ctx context.Context, suspectID int64) (SuspectMemory, bool, error) {
	m := SuspectMemory{SuspectID: suspectID}
	var acc int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(prev_suspect_id, 0), decision, evidence, first_sent, age_days, accrued, why_zh, why_en
		FROM audit_memory WHERE suspect_id = $1`, suspectID).Scan(&m.PrevSuspectID, &m.Decision, &m.Evidence, &m.FirstSent, &m.AgeDays, &acc, &m.WhyZH, &m.WhyEN)
	if errors.Is(err, sql.ErrNoRows) {
		return m, false, nil
	}
	m.Accrued = money.Fen(acc)
	if err != nil {
		return m, false, fmt.Errorf("store: audit memory: %w", err)
	}
	return m, true, nil
}

// SetAuditOutcome records (or replaces) a suspect's outcome, with a line
// in its trail, in one transaction.
func (s *Store) SetAuditOutcome(ctx context.Context, o AuditOutcome, ev AuditEvent) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM audit_outcomes WHERE suspect_id = $1`, o.SuspectID); err != nil {
			return fmt.Errorf("store: audit outcome: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_outcomes (suspect_id, outcome, root_cause, note, closed_by, closed_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			o.SuspectID, o.Outcome, o.RootCause, o.Note, nullID(o.ClosedBy), o.ClosedAt); err != nil {
			return fmt.Errorf("store: audit outcome: %w", err)
		}
		return addAuditEvent(ctx, tx, ev)
	})
}

// AuditOutcomeOf returns a suspect's outcome; ok is false while open.
func (s *Store) AuditOutcomeOf(ctx context.Context, suspectID int64) (AuditOutcome, bool, error) {
	o := AuditOutcome{SuspectID: suspectID}
	err := s.db.QueryRowContext(ctx, `SELECT outcome, root_cause, note, COALESCE(closed_by, 0), closed_at FROM audit_outcomes WHERE suspect_id = $1`,
		suspectID).Scan(&o.Outcome, &o.RootCause, &o.Note, &o.ClosedBy, &o.ClosedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return o, false, nil
	}
	if err != nil {
		return o, false, fmt.Errorf("store: audit outcome: %w", err)
	}
	return o, true, nil
}

// AuditOutcomes returns the outcomes of a run's suspects by suspect ID.
func (s *Store) AuditOutcomes(ctx context.Context, runID int64) (map[int64]AuditOutcome, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT o.suspect_id, o.outcome, o.root_cause, o.note, COALESCE(o.closed_by, 0), o.closed_at
		FROM audit_outcomes o JOIN audit_suspects x ON x.id = o.suspect_id WHERE x.run_id = $1`, runID)
	if err != nil {
		return nil, fmt.Errorf("store: audit outcomes: %w", err)
	}
	defer rows.Close()
	out := map[int64]AuditOutcome{}
	for rows.Next() {
		var o AuditOutcome
		if err := rows.Scan(&o.SuspectID, &o.Outcome, &o.RootCause, &o.Note, &o.ClosedBy, &o.ClosedAt); err != nil {
			return nil, fmt.Errorf("store: scan audit outcome: %w", err)
		}
		out[o.SuspectID] = o
	}
	return out, rows.Err()
}
