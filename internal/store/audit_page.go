package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"jixiao/internal/money"
)

// SuspectQuery is one page of the suspect list: the filter, a search, a
// sort and the page, as the list page's URL states them.
type SuspectQuery struct {
	SuspectFilter
	// Search is part of the name or of the ID number.
	Search string
	// Sort is one of SuspectSorts; "" is the default order (run, town, scheme).
	Sort string
	// Overdue keeps only the suspects past their deadline at Now.
	Overdue bool
	Now     time.Time
	Offset  int
}

// SuspectSorts are the orders the list offers, by name.
var SuspectSorts = map[string]string{
	"":          `x.run_id DESC, x.town, x.scheme, x.id`,
	"id":        `x.id`,
	"town":      `x.town, x.id`,
	"name":      `x.name, x.id`,
	"overpaid":  `x.overpaid DESC, x.id`,
	"months":    `x.overpaid_months DESC, x.id`,
	"eventdate": `x.event_date, x.id`,
}

// overdueSQL is audit.Cycle.Overdue in SQL: unanswered after the reply
// deadline, or a stop unconfirmed after the confirmation deadline.
const overdueSQL = `((x.state = 'pending' AND r.reply_due < $%d) OR (x.state = 'suspension_issued' AND r.confirm_due <> 0 AND r.confirm_due < $%d))`

func (q SuspectQuery) where() (string, []any) {
	var where []string
	var args []any
	arg := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if q.RunID != 0 {
		arg("x.run_id = $%d", q.RunID)
	}
	if q.Town != "" {
		arg("x.town = $%d", q.Town)
	}
	switch q.State {
	case "":
	case "sent":
		where = append(where, "x.state <> ''")
	default:
		arg("x.state = $%d", q.State)
	}
	if s := strings.TrimSpace(q.Search); s != "" {
		args = append(args, "%"+likeEscape(s)+"%")
		where = append(where, fmt.Sprintf(`(x.name LIKE $%d ESCAPE '\' OR x.id_number LIKE $%d ESCAPE '\')`, len(args), len(args)))
	}
	if q.Overdue {
		args = append(args, q.Now.Unix())
		where = append(where, fmt.Sprintf(overdueSQL, len(args), len(args)))
	}
	if len(where) == 0 {
		return "", args
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// AuditSuspectsPage returns one page of the suspects a query selects and
// how many it selects in all. Limit 0 means every row (the export).
func (s *Store) AuditSuspectsPage(ctx context.Context, q SuspectQuery) ([]AuditSuspect, int, error) {
	where, args := q.where()
	order, ok := SuspectSorts[q.Sort]
	if !ok {
		return nil, 0, fmt.Errorf("store: unknown sort %q", q.Sort)
	}
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_suspects x JOIN audit_runs r ON r.id = x.run_id`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count audit suspects: %w", err)
	}
	sq := `SELECT ` + suspectCols + suspectFrom + where + ` ORDER BY ` + order
	if q.Limit > 0 {
		sq += fmt.Sprintf(" LIMIT %d OFFSET %d", q.Limit, max(q.Offset, 0))
	}
	rows, err := s.db.QueryContext(ctx, sq, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: audit suspects: %w", err)
	}
	defer rows.Close()
	var out []AuditSuspect
	for rows.Next() {
		x, err := scanSuspect(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: scan audit suspect: %w", err)
		}
		out = append(out, x)
	}
	return out, total, rows.Err()
}

// CountOverdueSuspects counts the suspects of a filter past their deadline at now.
func (s *Store) CountOverdueSuspects(ctx context.Context, f SuspectFilter, now time.Time) (int, error) {
	where, args := SuspectQuery{SuspectFilter: f, Overdue: true, Now: now}.where()
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_suspects x JOIN audit_runs r ON r.id = x.run_id`+where, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count overdue suspects: %w", err)
	}
	return n, nil
}

// OverdueByTown counts a run's suspects past their deadline at now, per town.
func (s *Store) OverdueByTown(ctx context.Context, runID int64, now time.Time) ([]AuditCount, error) {
	where, args := SuspectQuery{SuspectFilter: SuspectFilter{RunID: runID}, Overdue: true, Now: now}.where()
	rows, err := s.db.QueryContext(ctx, `SELECT x.town, COUNT(*), COALESCE(SUM(x.overpaid), 0) FROM audit_suspects x JOIN audit_runs r ON r.id = x.run_id`+where+` GROUP BY x.town ORDER BY x.town`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: overdue by town: %w", err)
	}
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
