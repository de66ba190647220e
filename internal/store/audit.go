package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"jixiao/internal/money"
)

// The survival audit's tables (migration 0004): a run and its suspects,
// each suspect's place in the two-up-two-down (两上两下) cycle with its
// trail, and recovery cases with their repayments. The rules live in
// internal/audit; these functions only read and write rows.

// AuditRun is one month's audit run.
type AuditRun struct {
	ID           int64
	AsOf         string // YYYY-MM
	Source       string // upload | demo
	Files        []string
	RowsRead     int
	RowsRejected int
	RollRows     int
	RowErrors    []string // the first bad rows, "file:line: field "value": reason"
	ReplyDays    int
	ConfirmDays  int
	SentAt       int64 // the first 下; 0 until sent
	SentBy       int64
	ReplyDue     int64
	IssuedAt     int64 // the second 下; 0 until issued
	ConfirmDue   int64
	CreatedBy    int64
	CreatedName  string
	CreatedAt    int64
	// Filled by AuditRuns.
	Suspects int
	Overpaid money.Fen
	// Report, stored by CreateAuditRun with the run (audit_files.go).
	Report AuditRunReport
}

// AuditSuspect is one finding of a run, sent to its town.
type AuditSuspect struct {
	ID             int64
	RunID          int64
	Town           string
	IDNumber       string // full; pages mask it
	Name           string
	Scheme         string
	Finding        string // death | duplicate
	Kind           string // audit.MatchKind
	Confidence     string // confirmed | review
	ReasonZH       string
	ReasonEN       string
	EventDate      string // death date (YYYY-MM-DD) or the other scheme
	Sources        string
	Monthly        money.Fen
	OverpaidMonths int
	Overpaid       money.Fen
	State          string // "" until sent, then audit.SuspectState
	Action         string // audit.Action once issued
	CaseID         int64  // the recovery case opened from it, if any
	AsOf           string // the run's month
}

// AuditEvent is one line of a suspect's or a case's trail.
type AuditEvent struct {
	ID        int64
	SuspectID int64
	CaseID    int64
	At        int64
	UserID    int64
	Actor     string
	ActorRole string
	ActorTown string
	From, To  string
	Note      string
	Evidence  string
}

// AuditCase is a recovery case.
type AuditCase struct {
	ID             int64
	SuspectID      int64
	IDNumber       string
	Name           string
	Town           string
	Scheme         string
	Type           string // fraud | overpayment
	Due            money.Fen
	Opened         string // YYYY-MM-DD
	WrittenOff     bool
	WriteOffReason string
	WriteOffOn     string
	CreatedBy      int64
	CreatedAt      int64
	Repayments     []AuditRepayment
}

// AuditRepayment is one amount paid back on a case.
type AuditRepayment struct {
	ID        int64
	CaseID    int64
	On        string // YYYY-MM-DD
	Amount    money.Fen
	Method    string
	CreatedBy int64
	CreatedAt int64
}

// CreateAuditRun stores a run with its suspects in one transaction: all
// or nothing.
func (s *Store) CreateAuditRun(ctx context.Context, r AuditRun, sus []AuditSuspect) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.insertAuditRun(ctx, tx, r, sus)
		return err
	})
	if err == nil {
		s.afterBulk(ctx, len(sus), "audit_suspects", "audit_suspect_keys")
	}
	return id, err
}

// bulkRows is the number of suspects written at once from which
// afterBulk refreshes PostgreSQL's view of the tables.
const bulkRows = 1000

// afterBulk, on PostgreSQL, vacuums and analyses tables after a write of
// n ≥ bulkRows suspects has committed. Without statistics the planner
// does not know that the list's indexes cover its pages and sorts the
// whole table for every page (BenchmarkSuspectList: p99 0.8–1.8 s at
// 50,000 suspects), and without the visibility map an index-only scan
// still reads the table; autovacuum catches up only later, and not at
// all where it is turned off. SQLite's plans need neither. A failure
// leaves the committed write as it is: the pages are slower until
// autovacuum runs.
func (s *Store) afterBulk(ctx context.Context, n int, tables ...string) {
	if !s.pg || n < bulkRows {
		return
	}
	for _, t := range tables {
		s.db.ExecContext(context.WithoutCancel(ctx), `VACUUM (ANALYZE) `+t)
	}
}

// insertAuditRun writes a run and its suspects inside tx.
func (s *Store) insertAuditRun(ctx context.Context, tx *sql.Tx, r AuditRun, sus []AuditSuspect) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO audit_runs (as_of, source, files, rows_read, rows_rejected, roll_rows, row_errors, reply_days, confirm_days, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		r.AsOf, r.Source, strings.Join(r.Files, "\n"), r.RowsRead, r.RowsRejected, r.RollRows, strings.Join(r.RowErrors, "\n"),
		r.ReplyDays, r.ConfirmDays, nullID(r.CreatedBy), s.Now().Unix()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: create audit run: %w", err)
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO audit_suspects (run_id, town, id_number, name, scheme, finding, kind, confidence, reason_zh, reason_en, event_date, sources, monthly, overpaid_months, overpaid)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`)
	if err != nil {
		return 0, fmt.Errorf("store: audit suspects: %w", err)
	}
	defer st.Close()
	keys, err := tx.PrepareContext(ctx, insertKeySQL) // audit_page.go: the search
	if err != nil {
		return 0, fmt.Errorf("store: audit suspects: %w", err)
	}
	defer keys.Close()
	for _, x := range sus {
		var sid int64
		if err := st.QueryRowContext(ctx, id, x.Town, x.IDNumber, x.Name, x.Scheme, x.Finding, x.Kind, x.Confidence, x.ReasonZH, x.ReasonEN,
			x.EventDate, x.Sources, int64(x.Monthly), x.OverpaidMonths, int64(x.Overpaid)).Scan(&sid); err != nil {
			return 0, fmt.Errorf("store: audit suspect %s: %w", x.Name, err)
		}
		if err := insertSuspectKeys(ctx, keys, sid, x.Name, x.IDNumber); err != nil {
			return 0, err
		}
	}
	// The run itself is a trail row: who ran which month on which files.
	ev := Event{UserID: r.CreatedBy, At: s.Now().Unix(), Action: ActionAuditRun, Field: "run:" + i64(id),
		New: fmt.Sprintf("月份 %s 来源 %s 文件 %s 读入 %d 行 拒收 %d 行 名册 %d 人 疑点 %d 条", r.AsOf, r.Source, strings.Join(r.Files, "、"), r.RowsRead, r.RowsRejected, r.RollRows, len(sus))}
	if err := addEvent(ctx, tx, ev); err != nil {
		return 0, err
	}
	return id, saveAuditRunReport(ctx, tx, id, r.Report)
}

const runCols = `r.id, r.as_of, r.source, r.files, r.rows_read, r.rows_rejected, r.roll_rows, r.row_errors, r.reply_days, r.confirm_days,
	r.sent_at, COALESCE(r.sent_by, 0), r.reply_due, r.issued_at, r.confirm_due, COALESCE(r.created_by, 0), COALESCE(u.display_name, ''), r.created_at`

func scanRun(sc interface{ Scan(...any) error }, r *AuditRun, extra ...any) error {
	var files, errs string
	dst := []any{&r.ID, &r.AsOf, &r.Source, &files, &r.RowsRead, &r.RowsRejected, &r.RollRows, &errs, &r.ReplyDays, &r.ConfirmDays,
		&r.SentAt, &r.SentBy, &r.ReplyDue, &r.IssuedAt, &r.ConfirmDue, &r.CreatedBy, &r.CreatedName, &r.CreatedAt}
	err := sc.Scan(append(dst, extra...)...)
	r.Files, r.RowErrors = lines(files), lines(errs)
	return err
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// AuditRuns lists the runs, newest first, with their suspect counts and
// overpaid totals.
func (s *Store) AuditRuns(ctx context.Context) ([]AuditRun, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+runCols+`, (SELECT count(*) FROM audit_suspects x WHERE x.run_id = r.id),
		(SELECT COALESCE(sum(x.overpaid), 0) FROM audit_suspects x WHERE x.run_id = r.id)
		FROM audit_runs r LEFT JOIN users u ON u.id = r.created_by ORDER BY r.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: audit runs: %w", err)
	}
	defer rows.Close()
	var out []AuditRun
	for rows.Next() {
		var r AuditRun
		var over int64
		if err := scanRun(rows, &r, &r.Suspects, &over); err != nil {
			return nil, fmt.Errorf("store: scan audit run: %w", err)
		}
		r.Overpaid = money.Fen(over)
		out = append(out, r)
	}
	return out, rows.Err()
}

// AuditRun returns one run.
func (s *Store) AuditRun(ctx context.Context, id int64) (AuditRun, error) {
	var r AuditRun
	err := scanRun(s.db.QueryRowContext(ctx, `SELECT `+runCols+` FROM audit_runs r LEFT JOIN users u ON u.id = r.created_by WHERE r.id = $1`, id), &r)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("store: audit run %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("store: audit run %d: %w", id, err)
	}
	return r, nil
}

// AuditCount is one group of a run's suspects.
type AuditCount struct {
	Key      string
	N        int
	Overpaid money.Fen
}

// AuditRunCounts groups a run's suspects by col: "confidence", "scheme",
// "town", "kind" or "state".
func (s *Store) AuditRunCounts(ctx context.Context, runID int64, col string) ([]AuditCount, error) {
	switch col {
	case "confidence", "scheme", "town", "kind", "state", "finding":
	default:
		return nil, fmt.Errorf("store: audit counts by %q", col)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+col+`, count(*), COALESCE(sum(overpaid), 0) FROM audit_suspects WHERE run_id = $1 GROUP BY `+col+` ORDER BY `+col, runID)
	if err != nil {
		return nil, fmt.Errorf("store: audit counts: %w", err)
	}
	return scanAuditCounts(rows)
}

// scanAuditCounts reads rows of (key, count, overpaid) and closes them.
func scanAuditCounts(rows *sql.Rows) ([]AuditCount, error) {
	defer rows.Close()
	var out []AuditCount
	for rows.Next() {
		var c AuditCount
		var o int64
		if err := rows.Scan(&c.Key, &c.N, &o); err != nil {
			return nil, err
		}
		c.Overpaid = money.Fen(o)
		out = append(out, c)
	}
	return out, rows.Err()
}

// SuspectFilter selects suspects. Zero fields select everything.
type SuspectFilter struct {
	RunID int64
	Town  string
	State string // "" any; "sent" any state but unsent
	Limit int
}

const suspectCols = `x.id, x.run_id, x.town, x.id_number, x.name, x.scheme, x.finding, x.kind, x.confidence, x.reason_zh, x.reason_en,
	x.event_date, x.sources, x.monthly, x.overpaid_months, x.overpaid, x.state, x.action, COALESCE(c.id, 0), r.as_of`

const suspectFrom = ` FROM audit_suspects x JOIN audit_runs r ON r.id = x.run_id LEFT JOIN audit_cases c ON c.suspect_id = x.id`

func scanSuspect(sc interface{ Scan(...any) error }) (AuditSuspect, error) {
	var x AuditSuspect
	var monthly, over int64
	err := sc.Scan(&x.ID, &x.RunID, &x.Town, &x.IDNumber, &x.Name, &x.Scheme, &x.Finding, &x.Kind, &x.Confidence, &x.ReasonZH, &x.ReasonEN,
		&x.EventDate, &x.Sources, &monthly, &x.OverpaidMonths, &over, &x.State, &x.Action, &x.CaseID, &x.AsOf)
	x.Monthly, x.Overpaid = money.Fen(monthly), money.Fen(over)
	return x, err
}

// AuditSuspects lists suspects by run, town and name.
func (s *Store) AuditSuspects(ctx context.Context, f SuspectFilter) ([]AuditSuspect, error) {
	conds, args := SuspectQuery{SuspectFilter: f}.where() // audit_page.go
	q := `SELECT ` + suspectCols + suspectFrom + whereSQL(conds)
	q += ` ORDER BY x.run_id DESC, x.town, x.scheme, x.id`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: audit suspects: %w", err)
	}
	defer rows.Close()
	var out []AuditSuspect
	for rows.Next() {
		x, err := scanSuspect(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan audit suspect: %w", err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// AuditSuspect returns one suspect.
func (s *Store) AuditSuspect(ctx context.Context, id int64) (AuditSuspect, error) {
	x, err := scanSuspect(s.db.QueryRowContext(ctx, `SELECT `+suspectCols+suspectFrom+` WHERE x.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return x, fmt.Errorf("store: audit suspect %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return x, fmt.Errorf("store: audit suspect %d: %w", id, err)
	}
	return x, nil
}

// AuditEvents returns the trail of a suspect (caseID 0) or of a case
// (suspectID 0), oldest first.
func (s *Store) AuditEvents(ctx context.Context, suspectID, caseID int64) ([]AuditEvent, error) {
	col, id := "suspect_id", suspectID
	if caseID != 0 {
		col, id = "case_id", caseID
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, COALESCE(suspect_id, 0), COALESCE(case_id, 0), at, COALESCE(user_id, 0), actor, actor_role, actor_town, from_state, to_state, note, evidence
		FROM audit_events WHERE `+col+` = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: audit events: %w", err)
	}
	defer rows.Close()
	var out []AuditEvent
	for rows.Next() {
		var e AuditEvent
		if err := rows.Scan(&e.ID, &e.SuspectID, &e.CaseID, &e.At, &e.UserID, &e.Actor, &e.ActorRole, &e.ActorTown, &e.From, &e.To, &e.Note, &e.Evidence); err != nil {
			return nil, fmt.Errorf("store: scan audit event: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// addAuditEvent appends a row to the trail, chained (trail.go), in the
// caller's transaction.
func addAuditEvent(ctx context.Context, q querier, e AuditEvent) error {
	return addAuditEvents(ctx, q, []AuditEvent{e})
}

// addAuditEvents appends the rows of one audit step to the trail, chained,
// in the caller's transaction: two statements on the trail head and one
// insert per few hundred rows, however many suspects the step moved (the
// save's batching, insertTrail). Call it last in the transaction (links
// says why).
func addAuditEvents(ctx context.Context, q querier, events []AuditEvent) error {
	return insertTrail(ctx, q, "audit_events", "suspect_id, case_id, at, user_id, actor, actor_role, actor_town, from_state, to_state, note, evidence", len(events),
		func(i int) []string { return auditEventFields(events[i]) },
		func(i int) []any {
			e := &events[i]
			return []any{nullID(e.SuspectID), nullID(e.CaseID), e.At, nullID(e.UserID), e.Actor, e.ActorRole, e.ActorTown, e.From, e.To, e.Note, e.Evidence}
		})
}

// SuspectChange moves one suspect from one state to another, with the
// trail lines that record it.
type SuspectChange struct {
	ID       int64
	From, To string
	Action   string
	Events   []AuditEvent
}

// RunTimes are the cycle's dates to write with a set of changes; zero
// fields are left as they are. ClearIssue resets the issue's dates (a stop
// list withdrawn before any town stopped a payment).
type RunTimes struct {
	SentAt, SentBy, ReplyDue, IssuedAt, ConfirmDue int64
	ClearIssue                                     bool
}

// ApplyAuditChanges writes state changes in one transaction. A suspect no
// longer in its From state (someone acted first) fails the whole set with
// ErrConflict.
func (s *Store) ApplyAuditChanges(ctx context.Context, runID int64, t RunTimes, ch []SuspectChange) error {
	return s.ApplyAuditChangeSets(ctx, []AuditChangeSet{{RunID: runID, Times: t, Changes: ch}})
}

// AuditChangeSet is the changes to one run's suspects (and its dates).
type AuditChangeSet struct {
	RunID   int64
	Times   RunTimes
	Changes []SuspectChange
}

// ApplyAuditChangeSets writes the changes of several runs in one
// transaction (a town's replies in bulk may span runs): all or nothing.
// The suspects move a thousand per statement and their trail rows are
// written last, in one batch (addAuditEvents), so the trail head is locked
// only from then to the commit.
func (s *Store) ApplyAuditChangeSets(ctx context.Context, sets []AuditChangeSet) error {
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var events []AuditEvent
		for _, set := range sets {
			if err := applyAuditChanges(ctx, tx, set.RunID, set.Times, set.Changes); err != nil {
				return err
			}
			n += len(set.Changes)
			for _, c := range set.Changes {
				for _, e := range c.Events {
					e.SuspectID = c.ID
					events = append(events, e)
				}
			}
		}
		return addAuditEvents(ctx, tx, events) // last: the trail head stays locked until commit
	})
	if err == nil {
		s.afterBulk(ctx, n, "audit_suspects", "audit_events")
	}
	return err
}

// suspectsPerUpdate is how many suspects one UPDATE moves.
const suspectsPerUpdate = 1000

func applyAuditChanges(ctx context.Context, tx *sql.Tx, runID int64, t RunTimes, ch []SuspectChange) error {
	var sets []string
	var args []any
	if t.ClearIssue {
		sets = append(sets, "issued_at = 0", "confirm_due = 0")
	}
	for _, c := range []struct {
		col string
		v   int64
	}{{"sent_at", t.SentAt}, {"sent_by", t.SentBy}, {"reply_due", t.ReplyDue}, {"issued_at", t.IssuedAt}, {"confirm_due", t.ConfirmDue}} {
		if c.v != 0 {
			args = append(args, c.v)
			sets = append(sets, fmt.Sprintf("%s = $%d", c.col, len(args)))
		}
	}
	if len(sets) > 0 {
		args = append(args, runID)
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`UPDATE audit_runs SET %s WHERE id = $%d`, strings.Join(sets, ", "), len(args)), args...); err != nil {
			return fmt.Errorf("store: audit run %d: %w", runID, err)
		}
	}
	// The moves, grouped by transition and in ID order: two steps over
	// the same suspects lock them in the same order.
	type move struct{ from, to, action string }
	ids := map[move][]int64{}
	var order []move
	for _, c := range ch {
		m := move{c.From, c.To, c.Action}
		if _, ok := ids[m]; !ok {
			order = append(order, m)
		}
		ids[m] = append(ids[m], c.ID)
	}
	for _, m := range order {
		all := ids[m]
		slices.Sort(all)
		for a := 0; a < len(all); a += suspectsPerUpdate {
			part := all[a:min(a+suspectsPerUpdate, len(all))]
			// the IDs are integers written here, not parameters: SQLite
			// looks each parameter up by name, a cost that grows with the
			// square of their number
			var in strings.Builder
			for i, id := range part {
				if i > 0 {
					in.WriteString(", ")
				}
				in.WriteString(strconv.FormatInt(id, 10))
			}
			res, err := tx.ExecContext(ctx, `UPDATE audit_suspects SET state = $1, action = $2 WHERE run_id = $3 AND state = $4 AND id IN (`+in.String()+`)`,
				m.to, m.action, runID, m.from)
			if err != nil {
				return fmt.Errorf("store: audit suspects of run %d: %w", runID, err)
			}
			if n, _ := res.RowsAffected(); n != int64(len(part)) {
				return fmt.Errorf("store: audit suspects of run %d: %d of %d no longer %q: %w", runID, int64(len(part))-n, len(part), m.from, ErrConflict)
			}
		}
	}
	return nil
}

// CreateAuditCase opens a recovery case (from a suspect, when SuspectID is
// set: one case per suspect).
func (s *Store) CreateAuditCase(ctx context.Context, c AuditCase, ev AuditEvent) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO audit_cases (suspect_id, id_number, name, town, scheme, case_type, due, opened, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			nullID(c.SuspectID), c.IDNumber, c.Name, c.Town, c.Scheme, c.Type, int64(c.Due), c.Opened, nullID(c.CreatedBy), s.Now().Unix()).Scan(&id)
		if isUnique(err) {
			return fmt.Errorf("store: case for suspect %d: %w", c.SuspectID, ErrDuplicate)
		}
		if err != nil {
			return fmt.Errorf("store: create audit case: %w", err)
		}
		ev.CaseID = id
		return addAuditEvent(ctx, tx, ev)
	})
	return id, err
}

const caseCols = `id, COALESCE(suspect_id, 0), id_number, name, town, scheme, case_type, due, opened, written_off, write_off_reason, write_off_on, COALESCE(created_by, 0), created_at`

func scanCase(sc interface{ Scan(...any) error }) (AuditCase, error) {
	var c AuditCase
	var due int64
	var wo int
	err := sc.Scan(&c.ID, &c.SuspectID, &c.IDNumber, &c.Name, &c.Town, &c.Scheme, &c.Type, &due, &c.Opened, &wo, &c.WriteOffReason, &c.WriteOffOn, &c.CreatedBy, &c.CreatedAt)
	c.Due, c.WrittenOff = money.Fen(due), wo == 1
	return c, err
}

// CaseFilter selects cases: opened in Year (0: any), of Town ("" any).
type CaseFilter struct {
	Year int
	Town string
}

// AuditCases lists cases with their repayments, oldest first.
func (s *Store) AuditCases(ctx context.Context, f CaseFilter) ([]AuditCase, error) {
	q := `SELECT ` + caseCols + ` FROM audit_cases WHERE 1 = 1`
	var args []any
	if f.Year != 0 {
		args = append(args, fmt.Sprintf("%04d-01-01", f.Year), fmt.Sprintf("%04d-12-31", f.Year))
		q += ` AND opened >= $1 AND opened <= $2`
	}
	if f.Town != "" {
		args = append(args, f.Town)
		q += fmt.Sprintf(` AND town = $%d`, len(args))
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY opened, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: audit cases: %w", err)
	}
	var out []AuditCase
	idx := map[int64]int{}
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan audit case: %w", err)
		}
		idx[c.ID] = len(out)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	reps, err := s.repayments(ctx, 0)
	if err != nil {
		return nil, err
	}
	for _, r := range reps {
		if i, ok := idx[r.CaseID]; ok {
			out[i].Repayments = append(out[i].Repayments, r)
		}
	}
	return out, nil
}

func (s *Store) repayments(ctx context.Context, caseID int64) ([]AuditRepayment, error) {
	q := `SELECT id, case_id, on_date, amount, method, COALESCE(created_by, 0), created_at FROM audit_repayments`
	var args []any
	if caseID != 0 {
		q += ` WHERE case_id = $1`
		args = append(args, caseID)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY case_id, on_date, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: repayments: %w", err)
	}
	defer rows.Close()
	var out []AuditRepayment
	for rows.Next() {
		var r AuditRepayment
		var a int64
		if err := rows.Scan(&r.ID, &r.CaseID, &r.On, &a, &r.Method, &r.CreatedBy, &r.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: scan repayment: %w", err)
		}
		r.Amount = money.Fen(a)
		out = append(out, r)
	}
	return out, rows.Err()
}

// AuditCase returns one case with its repayments.
func (s *Store) AuditCase(ctx context.Context, id int64) (AuditCase, error) {
	c, err := scanCase(s.db.QueryRowContext(ctx, `SELECT `+caseCols+` FROM audit_cases WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("store: audit case %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("store: audit case %d: %w", id, err)
	}
	c.Repayments, err = s.repayments(ctx, id)
	return c, err
}

// AddRepayment records a repayment on a case. repaid is the total the
// caller checked the case against: if another repayment arrived since, it
// fails with ErrConflict.
func (s *Store) AddRepayment(ctx context.Context, r AuditRepayment, repaid money.Fen, ev AuditEvent) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var sum int64
		var wo int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT sum(amount) FROM audit_repayments WHERE case_id = $1), 0), written_off FROM audit_cases WHERE id = $1`, r.CaseID).Scan(&sum, &wo); err != nil {
			return fmt.Errorf("store: case %d: %w", r.CaseID, err)
		}
		if money.Fen(sum) != repaid || wo != 0 {
			return fmt.Errorf("store: case %d: %w", r.CaseID, ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_repayments (case_id, on_date, amount, method, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			r.CaseID, r.On, int64(r.Amount), r.Method, nullID(r.CreatedBy), s.Now().Unix()); err != nil {
			return fmt.Errorf("store: repayment: %w", err)
		}
		ev.CaseID = r.CaseID
		return addAuditEvent(ctx, tx, ev)
	})
}

// ReverseWriteOffCase reopens a written-off case; the event (with the
// reason) goes to the trail, which keeps the write-off before it.
func (s *Store) ReverseWriteOffCase(ctx context.Context, caseID int64, ev AuditEvent) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE audit_cases SET written_off = 0, write_off_reason = '', write_off_on = '' WHERE id = $1 AND written_off = 1`, caseID)
		if err != nil {
			return fmt.Errorf("store: reverse write-off %d: %w", caseID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("store: reverse write-off %d: %w", caseID, ErrConflict)
		}
		ev.CaseID = caseID
		return addAuditEvent(ctx, tx, ev)
	})
}

// WriteOffCase closes a case without full recovery.
func (s *Store) WriteOffCase(ctx context.Context, caseID int64, reason, on string, ev AuditEvent) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE audit_cases SET written_off = 1, write_off_reason = $1, write_off_on = $2 WHERE id = $3 AND written_off = 0`, reason, on, caseID)
		if err != nil {
			return fmt.Errorf("store: write off %d: %w", caseID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("store: write off %d: %w", caseID, ErrConflict)
		}
		ev.CaseID = caseID
		return addAuditEvent(ctx, tx, ev)
	})
}
