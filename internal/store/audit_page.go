package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// SuspectQuery is one page of the suspect list: the filter, a search, a
// sort and the page, as the list page's URL states them.
type SuspectQuery struct {
	SuspectFilter
	// Search is part of the name, or the last digits of the ID number.
	Search string
	// Sort is one of SuspectSorts; "" is the default order (run, town, scheme).
	Sort string
	// Overdue keeps only the suspects past their deadline at Now.
	Overdue bool
	Now     time.Time
	// A page starts Offset rows into the list, or — keyset paging, which
	// reads only the page's own index entries — right after the suspect
	// After, or it ends right before the suspect Before.
	Offset        int
	After, Before int64
	// overdue are the runs past their deadlines at Now (withOverdueRuns),
	// nil until read.
	overdue *overdueRuns
}

// overdueRuns are the runs whose reply deadline (pending) or confirmation
// deadline (suspension_issued) has passed.
type overdueRuns struct{ pending, issued []int64 }

// sortCol is one column of a list's order.
type sortCol struct {
	col  string
	desc bool
}

// suspectOrders are the orders the list offers, by name. Each ends with
// x.id, so an order is total and a page can start right after a row; each
// has its index (migration 0140).
var suspectOrders = map[string][]sortCol{
	"":          {{"x.run_id", true}, {"x.town", false}, {"x.scheme", false}, {"x.id", false}},
	"id":        {{"x.id", false}},
	"town":      {{"x.town", false}, {"x.id", false}},
	"name":      {{"x.name", false}, {"x.id", false}},
	"overpaid":  {{"x.overpaid", true}, {"x.id", false}},
	"months":    {{"x.overpaid_months", true}, {"x.id", false}},
	"eventdate": {{"x.event_date", false}, {"x.id", false}},
}

// SuspectSorts are the orders the list offers, by name, as ORDER BY lists.
var SuspectSorts = func() map[string]string {
	m := map[string]string{}
	for k, cols := range suspectOrders {
		m[k] = orderBy(cols, false)
	}
	return m
}()

// orderBy is an order as SQL, or its reverse.
func orderBy(cols []sortCol, reverse bool) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = c.col
		if c.desc != reverse {
			parts[i] += " DESC"
		}
	}
	return strings.Join(parts, ", ")
}

// overdueSQL is audit.Cycle.Overdue in SQL: unanswered after the reply
// deadline, or a stop unconfirmed after the confirmation deadline. It is
// written two ways. overdueSQL (joined with the runs as r) concatenates
// the state with the empty string so that no index on state is used for
// it: a page then reads the overdue suspects in order from the sort's
// index and stops after the page — right when most suspects are overdue.
// overdueRunsSQL reads the (state, run) index for the overdue runs only,
// so counting costs as many index entries as there are overdue suspects,
// and a page of a few overdue suspects does not scan every other one.
const overdueSQL = `((x.state || '' = 'pending' AND r.reply_due < $%d) OR (x.state || '' = 'suspension_issued' AND r.confirm_due <> 0 AND r.confirm_due < $%d))`

const overdueRunsSQL = `((x.state = 'pending' AND x.run_id IN (SELECT r.id FROM audit_runs r WHERE r.reply_due < $%d)) OR (x.state = 'suspension_issued' AND x.run_id IN (SELECT r.id FROM audit_runs r WHERE r.confirm_due <> 0 AND r.confirm_due < $%d)))`

// denseOverdue is the number of overdue suspects from which a page reads
// them in the sort's order (overdueSQL) rather than sorting them all.
var denseOverdue = 2000

// searchSQL finds the suspects whose search keys (suspectKeys) start with
// a key: a range of the keys' index, never a scan of the suspects.
const searchSQL = `x.id IN (SELECT k.suspect_id FROM audit_suspect_keys k WHERE k.key >= $%d AND k.key < $%d)`

// keyEnd ends a key range: every key starting with a prefix sorts between
// the prefix and the prefix followed by the highest code point.
const keyEnd = "\U0010FFFF"

// where is the query's filter as conditions and their arguments.
func (q SuspectQuery) where() ([]string, []any) { return q.conds(false) }

// conds is the filter; dense writes the overdue rule for reading in the
// sort's order, joined with the runs (overdueSQL).
func (q SuspectQuery) conds(dense bool) ([]string, []any) {
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
		k := searchKey(s)
		args = append(args, k, k+keyEnd)
		where = append(where, fmt.Sprintf(searchSQL, len(args)-1, len(args)))
	}
	switch {
	case q.Overdue && !dense && q.overdue != nil:
		where = append(where, q.overdue.cond())
	case q.Overdue:
		args = append(args, q.Now.Unix())
		rule := overdueRunsSQL
		if dense {
			rule = overdueSQL
		}
		where = append(where, fmt.Sprintf(rule, len(args), len(args)))
	}
	return where, args
}

// withOverdueRuns reads the runs past their deadlines at q.Now when q
// selects the overdue suspects. Their IDs written into the condition
// give both dialects an index range per run on (state, run_id) and
// PostgreSQL an estimate of the rows from its statistics; the same rule
// as a subquery (overdueRunsSQL) makes PostgreSQL filter every pending
// suspect of every run (BenchmarkSuspectList, overdue: 50,000 index
// entries read for a hundred).
func (s *Store) withOverdueRuns(ctx context.Context, q SuspectQuery) (SuspectQuery, error) {
	if !q.Overdue || q.overdue != nil {
		return q, nil
	}
	rows, err := cached{s}.QueryContext(ctx, `SELECT id, reply_due < $1, confirm_due <> 0 AND confirm_due < $1 FROM audit_runs
		WHERE reply_due < $1 OR (confirm_due <> 0 AND confirm_due < $1) ORDER BY id`, q.Now.Unix())
	if err != nil {
		return q, fmt.Errorf("store: overdue runs: %w", err)
	}
	defer rows.Close()
	o := &overdueRuns{}
	for rows.Next() {
		var id int64
		var reply, confirm bool
		if err := rows.Scan(&id, &reply, &confirm); err != nil {
			return q, fmt.Errorf("store: overdue runs: %w", err)
		}
		if reply {
			o.pending = append(o.pending, id)
		}
		if confirm {
			o.issued = append(o.issued, id)
		}
	}
	q.overdue = o
	return q, rows.Err()
}

// cond is overdueRunsSQL with the runs' IDs written in.
func (o *overdueRuns) cond() string {
	var parts []string
	for _, p := range []struct {
		state string
		ids   []int64
	}{{"pending", o.pending}, {"suspension_issued", o.issued}} {
		if len(p.ids) == 0 {
			continue
		}
		ids := make([]string, len(p.ids))
		for i, id := range p.ids {
			ids[i] = strconv.FormatInt(id, 10)
		}
		parts = append(parts, fmt.Sprintf("(x.state = '%s' AND x.run_id IN (%s))", p.state, strings.Join(ids, ", ")))
	}
	if len(parts) == 0 {
		return "1 = 0"
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// whereSQL joins conditions into a WHERE clause ("" for none).
func whereSQL(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// suspectKeys are the search keys of a suspect: 'n' and each suffix of
// the name (a part of a name is the start of one of them), 'i' and the
// ID number reversed (its last digits are the start).
func suspectKeys(name, idNumber string) []string {
	var keys []string
	r := []rune(strings.TrimSpace(name))
	if len(r) > 40 {
		r = r[:40]
	}
	seen := map[string]bool{}
	for i := range r {
		if k := "n" + string(r[i:]); !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	if id := strings.ToUpper(strings.TrimSpace(idNumber)); id != "" {
		keys = append(keys, "i"+reverse(id))
	}
	return keys
}

// searchKey is the key a search looks for: digits (with a final X) are
// the end of an ID number, anything else part of a name.
func searchKey(s string) string {
	s = strings.ToUpper(s)
	digits := strings.TrimRight(strings.TrimSuffix(s, "X"), "0123456789") == ""
	if digits {
		return "i" + reverse(s)
	}
	return "n" + s
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// insertSuspectKeys stores a suspect's search keys.
func insertSuspectKeys(ctx context.Context, st *sql.Stmt, id int64, name, idNumber string) error {
	for _, k := range suspectKeys(name, idNumber) {
		if _, err := st.ExecContext(ctx, k, id); err != nil {
			return fmt.Errorf("store: search key of suspect %d: %w", id, err)
		}
	}
	return nil
}

const insertKeySQL = `INSERT INTO audit_suspect_keys (key, suspect_id) VALUES ($1, $2)`

// fillSuspectKeys gives the suspects stored before migration 0141 their
// search keys.
func fillSuspectKeys(ctx context.Context, tx *sql.Tx) error {
	type row struct {
		id       int64
		name, no string
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, name, id_number FROM audit_suspects ORDER BY id`)
	if err != nil {
		return err
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.name, &r.no); err != nil {
			rows.Close()
			return err
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	st, err := tx.PrepareContext(ctx, insertKeySQL)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, r := range all {
		if err := insertSuspectKeys(ctx, st, r.id, r.name, r.no); err != nil {
			return err
		}
	}
	return nil
}

// AuditSuspectsPage returns one page of the suspects a query selects and
// how many it selects in all. Limit 0 means every row (the export).
//
// A page is found in two steps: the ids of the page, read in order from
// the index matching the sort (migration 0140: the state filter is in
// the index), then those rows with their run and case. With a cursor
// (After, Before) the ids are the next index entries after the cursor's
// (keyset paging: the cost does not grow with the page's position); with
// an Offset, OFFSET skips index entries. The count is cached per filter
// until the next write through this Store (countSuspects).
func (s *Store) AuditSuspectsPage(ctx context.Context, q SuspectQuery) ([]AuditSuspect, int, error) {
	q, err := s.withOverdueRuns(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	conds, args := q.where()
	order, ok := suspectOrders[q.Sort]
	if !ok {
		return nil, 0, fmt.Errorf("store: unknown sort %q", q.Sort)
	}
	total, err := s.countSuspects(ctx, whereSQL(conds), args)
	if err != nil {
		return nil, 0, fmt.Errorf("store: count audit suspects: %w", err)
	}
	sq := `SELECT ` + suspectCols + suspectFrom + whereSQL(conds) + ` ORDER BY ` + orderBy(order, false)
	var rows *sql.Rows
	if q.Limit > 0 {
		var ids []int64
		switch {
		case q.Overdue && total <= denseOverdue:
			// few: all of them sorted from the overdue runs, paged here
			ids, err = s.suspectIDs(ctx, ` FROM audit_suspects x`, conds, args, order, false, total+1, 0)
			ids = pageOf(ids, q)
		case q.Overdue:
			conds, args = q.conds(true)
			ids, err = s.suspectPageIDs(ctx, q, true, order, conds, args)
		default:
			ids, err = s.suspectPageIDs(ctx, q, false, order, conds, args)
		}
		if err != nil {
			return nil, 0, fmt.Errorf("store: audit suspects: %w", err)
		}
		if len(ids) == 0 {
			return nil, total, nil
		}
		ph := make([]string, len(ids))
		idArgs := make([]any, len(ids))
		for i, id := range ids {
			ph[i], idArgs[i] = fmt.Sprintf("$%d", i+1), id
		}
		rows, err = s.db.QueryContext(ctx, `SELECT `+suspectCols+suspectFrom+` WHERE x.id IN (`+strings.Join(ph, ", ")+`) ORDER BY `+orderBy(order, false), idArgs...)
		if err != nil {
			return nil, 0, fmt.Errorf("store: audit suspects: %w", err)
		}
	} else if rows, err = s.db.QueryContext(ctx, sq, args...); err != nil {
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

// suspectIDs reads ids in an order (or its reverse), from an offset.
func (s *Store) suspectIDs(ctx context.Context, from string, conds []string, args []any, order []sortCol, reverse bool, limit, offset int) ([]int64, error) {
	args = append(args[:len(args):len(args)], limit, offset)
	rows, err := cached{s}.QueryContext(ctx, `SELECT x.id`+from+whereSQL(conds)+` ORDER BY `+orderBy(order, reverse)+
		fmt.Sprintf(` LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// pageOf is the page a query asks for out of every id in the list's
// order: after or before its cursor (the list's start when the cursor is
// not among them), or at its offset.
func pageOf(ids []int64, q SuspectQuery) []int64 {
	from := min(max(q.Offset, 0), len(ids))
	if c := max(q.After, q.Before); c != 0 {
		from = 0
		if i := slices.Index(ids, c); i >= 0 && q.After != 0 {
			from = i + 1
		} else if i >= 0 {
			from = max(0, i-q.Limit)
			return ids[from:i]
		}
	}
	return ids[from:min(len(ids), from+q.Limit)]
}

// suspectPageIDs reads the ids of a page from the order's index: at an
// offset, or after (before) a cursor. After a cursor whose order columns
// hold v0…vk, the rows that follow are, in the list's order, those with
// c0…ck-1 = v0…vk-1 and ck beyond vk, then those with c0…ck-2 equal and
// ck-1 beyond, and so on: one index range per column, deepest first, read
// until the page is full. Before a cursor is the same in the reverse order.
func (s *Store) suspectPageIDs(ctx context.Context, q SuspectQuery, joinRuns bool, order []sortCol, conds []string, args []any) ([]int64, error) {
	from := ` FROM audit_suspects x`
	if joinRuns {
		from += ` JOIN audit_runs r ON r.id = x.run_id`
	}
	cursor, reverse := q.After, false
	if cursor == 0 && q.Before != 0 {
		cursor, reverse = q.Before, true
	}
	var vals []any
	if cursor != 0 {
		cols := make([]string, len(order))
		vals = make([]any, len(order))
		ptrs := make([]any, len(order))
		for i, c := range order {
			cols[i], ptrs[i] = c.col, &vals[i]
		}
		err := cached{s}.QueryRowContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM audit_suspects x WHERE x.id = $1`, cursor).Scan(ptrs...)
		if errors.Is(err, sql.ErrNoRows) {
			vals = nil // the row is gone: the list's start
		} else if err != nil {
			return nil, err
		}
	}
	read := func(conds []string, args []any, limit, offset int) ([]int64, error) {
		return s.suspectIDs(ctx, from, conds, args, order, reverse, limit, offset)
	}
	if vals == nil {
		if reverse {
			return nil, nil // before the first row: nothing
		}
		return read(conds, args, q.Limit, max(q.Offset, 0))
	}
	var ids []int64
	for k := len(order) - 1; k >= 0 && len(ids) < q.Limit; k-- {
		c, a := append([]string(nil), conds...), append([]any(nil), args...)
		for i := 0; i <= k; i++ {
			op := "="
			if i == k {
				op = ">"
				if order[i].desc != reverse {
					op = "<"
				}
			}
			a = append(a, vals[i])
			c = append(c, fmt.Sprintf("%s %s $%d", order[i].col, op, len(a)))
		}
		more, err := read(c, a, q.Limit-len(ids), 0)
		if err != nil {
			return nil, err
		}
		ids = append(ids, more...)
	}
	return ids, nil
}

// CountOverdueSuspects counts the suspects of a filter past their deadline at now.
func (s *Store) CountOverdueSuspects(ctx context.Context, f SuspectFilter, now time.Time) (int, error) {
	q, err := s.withOverdueRuns(ctx, SuspectQuery{SuspectFilter: f, Overdue: true, Now: now})
	if err != nil {
		return 0, err
	}
	conds, args := q.where()
	n, err := s.countSuspects(ctx, whereSQL(conds), args)
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

// countSuspects counts the suspects a WHERE clause selects. The count is
// cached per clause and arguments until the next committed write through
// this Store, and concurrent requests for the same count wait for one
// query instead of each scanning the table. Every write to audit_suspects
// and audit_runs goes through Store.tx, which moves the generation.
func (s *Store) countSuspects(ctx context.Context, where string, args []any) (int, error) {
	key := fmt.Sprint(where, args)
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
	q, err := s.withOverdueRuns(ctx, SuspectQuery{SuspectFilter: SuspectFilter{RunID: runID}, Overdue: true, Now: now})
	if err != nil {
		return nil, err
	}
	conds, args := q.where()
	rows, err := s.db.QueryContext(ctx, `SELECT x.town, COUNT(*), COALESCE(SUM(x.overpaid), 0) FROM audit_suspects x`+whereSQL(conds)+` GROUP BY x.town ORDER BY x.town`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: overdue by town: %w", err)
	}
	return scanAuditCounts(rows)
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

// TownStopList is a run whose stop list holds suspects of a town.
type TownStopList struct {
	RunID int64
	AsOf  string
	N     int // the town's suspects on it (issued or stopped)
}

// TownStopLists lists the runs whose stop list (停发名单) holds suspects
// of town, newest first: the town clerk's links to print their own.
func (s *Store) TownStopLists(ctx context.Context, town string) ([]TownStopList, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT x.run_id, r.as_of, COUNT(*) FROM audit_suspects x JOIN audit_runs r ON r.id = x.run_id
		WHERE x.town = $1 AND x.state IN ('suspension_issued', 'stopped') GROUP BY x.run_id, r.as_of ORDER BY x.run_id DESC`, town)
	if err != nil {
		return nil, fmt.Errorf("store: town stop lists: %w", err)
	}
	defer rows.Close()
	var out []TownStopList
	for rows.Next() {
		var l TownStopList
		if err := rows.Scan(&l.RunID, &l.AsOf, &l.N); err != nil {
			return nil, fmt.Errorf("store: town stop lists: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
