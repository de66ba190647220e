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
// deadline, or a stop unconfirmed after the confirmation deadline. The
// state is concatenated with the empty string so that no index on state
// is used for it: the list then reads the overdue suspects in order from the sort's
// index and stops after the page, instead of collecting every pending
// suspect of every run and sorting them.
const overdueSQL = `((x.state || '' = 'pending' AND r.reply_due < $%d) OR (x.state || '' = 'suspension_issued' AND r.confirm_due <> 0 AND r.confirm_due < $%d))`

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
//
// A page is found in two steps: the ids of the page, read in order from
// the index matching the sort (migration 0140: the state filter is in
// the index, so OFFSET skips index entries, not rows), then those rows
// with their run and case. The count is cached per filter until the next
// write through this Store (countSuspects).
func (s *Store) AuditSuspectsPage(ctx context.Context, q SuspectQuery) ([]AuditSuspect, int, error) {
	where, args := q.where()
	order, ok := SuspectSorts[q.Sort]
	if !ok {
		return nil, 0, fmt.Errorf("store: unknown sort %q", q.Sort)
	}
	total, err := s.countSuspects(ctx, q.Overdue, where, args)
	if err != nil {
		return nil, 0, fmt.Errorf("store: count audit suspects: %w", err)
	}
	sq := `SELECT ` + suspectCols + suspectFrom + where + ` ORDER BY ` + order
	if q.Limit > 0 {
		ids := `SELECT x.id FROM audit_suspects x`
		if q.Overdue {
			ids += ` JOIN audit_runs r ON r.id = x.run_id`
		}
		ids += where + ` ORDER BY ` + order + fmt.Sprintf(" LIMIT %d OFFSET %d", q.Limit, max(q.Offset, 0))
		sq = `SELECT ` + suspectCols + suspectFrom + ` WHERE x.id IN (` + ids + `) ORDER BY ` + order
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
	n, err := s.countSuspects(ctx, true, where, args)
	if err != nil {
		return 0, fmt.Errorf("store: count overdue suspects: %w", err)
	}
	return n, nil
}

// countEntry is one cached count: valid while the store's generation is
// gen; done is closed once n and err are set.
type countEntry struct {
	gen  int64
	done chan struct{}
	n    int
	err  error
}

// countSuspects counts the suspects a WHERE clause selects (joined with
// the runs when the overdue rule needs their deadlines). The count is
// cached per clause and arguments until the next committed write through
// this Store, and concurrent requests for the same count wait for one
// query instead of each scanning the table. Every write to audit_suspects
// and audit_runs goes through Store.tx, which moves the generation.
func (s *Store) countSuspects(ctx context.Context, joinRuns bool, where string, args []any) (int, error) {
	key := fmt.Sprint(joinRuns, where, args)
	gen := s.gen.Load()
	s.countMu.Lock()
	e, ok := s.countCache[key]
	if !ok || e.gen != gen {
		if s.countCache == nil || len(s.countCache) > 1000 {
			s.countCache = map[string]*countEntry{}
		}
		e = &countEntry{gen: gen, done: make(chan struct{})}
		s.countCache[key] = e
		s.countMu.Unlock()
		q := `SELECT COUNT(*) FROM audit_suspects x`
		if joinRuns {
			q += ` JOIN audit_runs r ON r.id = x.run_id`
		}
		// not the request's context: other requests wait for this count
		e.err = s.db.QueryRowContext(context.WithoutCancel(ctx), q+where, args...).Scan(&e.n)
		close(e.done)
		if e.err != nil {
			s.countMu.Lock()
			if s.countCache[key] == e {
				delete(s.countCache, key)
			}
			s.countMu.Unlock()
		}
		return e.n, e.err
	}
	s.countMu.Unlock()
	select {
	case <-e.done:
		return e.n, e.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
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

// SuspectStateCount is how many of a town's suspects of one run are in
// one state, and whether any of them is past its deadline.
type SuspectStateCount struct {
	RunID   int64
	State   string
	N       int
	Overdue bool
}

// TownOpenSuspects counts a town's suspects waiting for the town (pending
// a reply, or a stop to confirm) per run and state, newest run first: the
// town clerk's to-do, counted in SQL rather than by loading the suspects.
func (s *Store) TownOpenSuspects(ctx context.Context, town string, now time.Time) ([]SuspectStateCount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT x.run_id, x.state, COUNT(*), MAX(CASE WHEN `+fmt.Sprintf(overdueSQL, 2, 2)+` THEN 1 ELSE 0 END)
		FROM audit_suspects x JOIN audit_runs r ON r.id = x.run_id
		WHERE x.town = $1 AND x.state IN ('pending', 'suspension_issued')
		GROUP BY x.run_id, x.state ORDER BY x.run_id DESC, x.state`, town, now.Unix())
	if err != nil {
		return nil, fmt.Errorf("store: town open suspects: %w", err)
	}
	defer rows.Close()
	var out []SuspectStateCount
	for rows.Next() {
		var c SuspectStateCount
		var over int
		if err := rows.Scan(&c.RunID, &c.State, &c.N, &over); err != nil {
			return nil, fmt.Errorf("store: town open suspects: %w", err)
		}
		c.Overdue = over != 0
		out = append(out, c)
	}
	return out, rows.Err()
}
