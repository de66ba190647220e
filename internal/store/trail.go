package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// The trail is every row of events (projects, admin actions) and
// audit_events (survival audit and recovery), chained in insertion order
// across both tables: each row carries seq (1, 2, 3 … per database) and
// hash = SHA-256(previous row's hash, seq, table, every column of the
// row). trail_head holds the last seq and hash. A row is appended in the
// transaction of the change it records, after taking the head's row lock.
//
// Anyone who can write to the database could rebuild the whole chain; the
// head hash that `jixiao trail verify` prints, kept outside the database
// (in the backup manifests, or written down), anchors it.

// Trail actions of the admin pages, the logins and the downloads (the
// project actions are named where they happen).
const (
	ActionUserCreate   = "admin.user.create"
	ActionUserPassword = "admin.user.password"
	ActionUserActive   = "admin.user.active"
	ActionUnitCreate   = "admin.unit.create"
	ActionSetting      = "admin.setting"
	ActionOwnPassword  = "user.password"
	ActionDownload     = "download"
	// ActionAuditRun records a survival-audit month stored (who, which
	// month, which files, how many rows and suspects).
	ActionAuditRun = "audit.run"
	// ActionBudgetDecision records the bureau's 结果应用 decision, old → new.
	ActionBudgetDecision = "budget.decision"
)

type actorKey struct{}

// WithActor returns a context whose store writes name userID as the one
// who made the change (the web session sets it).
func WithActor(ctx context.Context, userID int64) context.Context {
	return context.WithValue(ctx, actorKey{}, userID)
}

// Actor is the user WithActor put in ctx, or 0.
func Actor(ctx context.Context) int64 {
	id, _ := ctx.Value(actorKey{}).(int64)
	return id
}

// adminEvent records an action outside any project (users, units,
// settings) by the context's actor.
func (s *Store) adminEvent(ctx context.Context, q querier, action, field, old, new string) error {
	return addEvent(ctx, q, Event{UserID: Actor(ctx), At: s.Now().Unix(), Action: action, Field: field, Old: old, New: new})
}

// RecordEvent adds one trail row outside a project's edit (a download of
// a list, for instance), by the context's actor when e.UserID is 0.
func (s *Store) RecordEvent(ctx context.Context, e Event) error {
	if e.UserID == 0 {
		e.UserID = Actor(ctx)
	}
	if e.At == 0 {
		e.At = s.Now().Unix()
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return addEvent(ctx, tx, e) })
}

// trailRow is a row of either trail table as the chain hashes it.
type trailRow struct {
	table  string // "events" or "audit_events"
	id     int64
	seq    sql.NullInt64
	hash   string
	fields []string // every content column, in a fixed order
}

// chainHash is the hash of a row given the previous row's hash.
func chainHash(prev string, seq int64, table string, fields []string) string {
	h := sha256.New()
	b := make([]sql.RawBytes, len(fields))
	for i, f := range fields {
		b[i] = sql.RawBytes(f)
	}
	writeLink(h, []byte(prev), seq, table, b)
	return hex.EncodeToString(h.Sum(nil))
}

// writeLink feeds a row's link to the hash: each part length-prefixed.
func writeLink(h io.Writer, prev []byte, seq int64, table string, fields []sql.RawBytes) {
	var buf [binary.MaxVarintLen64 + 20]byte
	put := func(p []byte) {
		n := binary.PutUvarint(buf[:], uint64(len(p)))
		h.Write(buf[:n])
		h.Write(p)
	}
	put(prev)
	put(strconv.AppendInt(buf[binary.MaxVarintLen64:binary.MaxVarintLen64], seq, 10))
	put([]byte(table))
	for _, f := range fields {
		put(f)
	}
}

// links reserves the next len(fields) places of the chain for rows of
// table about to be appended in the caller's transaction, and returns
// their seq and hash. One UPDATE takes the head's row lock and moves seq
// past them all, the hashes are computed here, one UPDATE stores the last:
// two statements however many rows a change writes. The lock serialises
// appends on PostgreSQL too (SQLite's write transactions are serial
// already); callers append last in their transaction, so it is held for
// the shortest time. A measurement build without the chain
// (TrailChained) gives no places.
func links(ctx context.Context, q querier, table string, fields [][]string) ([]any, []string, error) {
	seqs, hashes := make([]any, len(fields)), make([]string, len(fields))
	if !TrailChained || len(fields) == 0 {
		return seqs, hashes, nil
	}
	var last int64
	var prev string
	if err := q.QueryRowContext(ctx, `UPDATE trail_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash`, len(fields)).Scan(&last, &prev); err != nil {
		return nil, nil, fmt.Errorf("store: trail head: %w", err)
	}
	for i, f := range fields {
		seq := last - int64(len(fields)-1-i)
		prev = chainHash(prev, seq, table, f)
		seqs[i], hashes[i] = seq, prev
	}
	if _, err := q.ExecContext(ctx, `UPDATE trail_head SET hash = $1 WHERE id = 1`, prev); err != nil {
		return nil, nil, fmt.Errorf("store: trail head: %w", err)
	}
	return seqs, hashes, nil
}

// insertTrail appends n rows to a trail table with their chain places, a
// hundred rows per statement. cols are the content columns; fields
// gives a row as the chain hashes it, values its values for cols.
func insertTrail(ctx context.Context, q querier, table, cols string, n int, fields func(i int) []string, values func(i int) []any) error {
	all := make([][]string, n)
	for i := range all {
		all[i] = fields(i)
	}
	seqs, hashes, err := links(ctx, q, table, all)
	if err != nil {
		return err
	}
	// A hundred rows a statement: SQLite's cost per row grows with the
	// statement's parameters, PostgreSQL's with the statements (50,000
	// suspects sent: BenchmarkSendSuspects).
	const perStatement = 100
	for a := 0; a < n; a += perStatement {
		var sb strings.Builder
		var args []any
		sb.WriteString("INSERT INTO " + table + " (" + cols + ", seq, hash) VALUES ")
		for i := a; i < min(a+perStatement, n); i++ {
			if i > a {
				sb.WriteString(", ")
			}
			sb.WriteByte('(')
			for k, v := range append(values(i), seqs[i], hashes[i]) {
				if k > 0 {
					sb.WriteString(", ")
				}
				// Numbers and NULLs are written into the statement, text
				// is bound: SQLite finds each parameter by name, a cost
				// that grows with the square of their number.
				switch v := v.(type) {
				case nil:
					sb.WriteString("NULL")
				case int64:
					sb.WriteString(strconv.FormatInt(v, 10))
				default:
					args = append(args, v)
					sb.WriteString("$" + strconv.Itoa(len(args)))
				}
			}
			sb.WriteByte(')')
		}
		if _, err := q.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("store: %s: %w", table, err)
		}
	}
	return nil
}

func i64(n int64) string { return strconv.FormatInt(n, 10) }

func eventFields(e Event) []string {
	return []string{i64(e.ProjectID), i64(e.UserID), i64(e.At), e.Action, e.Field, e.Old, e.New, e.Note}
}

func auditEventFields(e AuditEvent) []string {
	return []string{i64(e.SuspectID), i64(e.CaseID), i64(e.At), i64(e.UserID), e.Actor, e.ActorRole, e.ActorTown, e.From, e.To, e.Note, e.Evidence}
}

// sealLegacy chains the rows written before the chain existed (migration
// 0170 recorded how many), once, in id order: events first, then
// audit_events.
func (s *Store) sealLegacy(ctx context.Context) error {
	var le, la int64
	if err := s.db.QueryRowContext(ctx, `SELECT legacy_events, legacy_audit FROM trail_head WHERE id = 1`).Scan(&le, &la); err != nil {
		return fmt.Errorf("store: trail head: %w", err)
	}
	if le == 0 && la == 0 {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, t := range []struct {
			table string
			upto  int64
		}{{"events", le}, {"audit_events", la}} {
			rows, err := tx.QueryContext(ctx, trailSelect[t.table]+` WHERE seq IS NULL AND id <= $1 ORDER BY id`, t.upto)
			if err != nil {
				return fmt.Errorf("store: seal trail: %w", err)
			}
			var legacy []trailRow
			for rows.Next() {
				r, err := scanTrail(rows, t.table)
				if err != nil {
					rows.Close()
					return err
				}
				legacy = append(legacy, r)
			}
			rows.Close()
			fields := make([][]string, len(legacy))
			for i, r := range legacy {
				fields[i] = r.fields
			}
			seqs, hashes, err := links(ctx, tx, t.table, fields)
			if err != nil {
				return err
			}
			for i, r := range legacy {
				if _, err := tx.ExecContext(ctx, `UPDATE `+r.table+` SET seq = $1, hash = $2 WHERE id = $3`, seqs[i], hashes[i], r.id); err != nil {
					return fmt.Errorf("store: seal trail: %w", err)
				}
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE trail_head SET legacy_events = 0, legacy_audit = 0 WHERE id = 1`)
		return err
	})
}

var trailSelect = map[string]string{
	"events": `SELECT id, seq, hash, COALESCE(project_id, 0), COALESCE(user_id, 0), at, action, field, old_value, new_value, note FROM events`,
	"audit_events": `SELECT id, seq, hash, COALESCE(suspect_id, 0), COALESCE(case_id, 0), at, COALESCE(user_id, 0), actor, actor_role, actor_town,
		from_state, to_state, note, evidence FROM audit_events`,
}

func scanTrail(rows *sql.Rows, table string) (trailRow, error) {
	r := trailRow{table: table}
	var err error
	if table == "events" {
		var e Event
		err = rows.Scan(&r.id, &r.seq, &r.hash, &e.ProjectID, &e.UserID, &e.At, &e.Action, &e.Field, &e.Old, &e.New, &e.Note)
		r.fields = eventFields(e)
	} else {
		var e AuditEvent
		err = rows.Scan(&r.id, &r.seq, &r.hash, &e.SuspectID, &e.CaseID, &e.At, &e.UserID, &e.Actor, &e.ActorRole, &e.ActorTown, &e.From, &e.To, &e.Note, &e.Evidence)
		r.fields = auditEventFields(e)
	}
	if err != nil {
		return r, fmt.Errorf("store: scan %s: %w", table, err)
	}
	return r, nil
}

// TrailCheck is the result of verifying the chain.
type TrailCheck struct {
	Rows int64  // rows checked
	Head string // the last row's hash: note it outside the database
	OK   bool
	// Problem names the first row that was altered, removed or inserted
	// out of order (empty when OK).
	Problem string
	Table   string // where the first bad row is
	RowID   int64
	Seq     int64
}

// VerifyTrail walks the whole chain and reports the first row whose
// content or place does not match its hash: an altered row (its hash no
// longer matches), a removed one (a gap in seq, or a head past the last
// row), or one inserted out of order (no seq, a seq out of place, or a
// hash that does not follow its predecessor).
//
// A row's link needs only its predecessor's stored hash, so the chain is
// checked in windows of seq in parallel (one connection each); the first
// problem of the lowest window is the first of the chain.
func (s *Store) VerifyTrail(ctx context.Context) (TrailCheck, error) {
	var c TrailCheck
	var headSeq int64
	var headHash string
	if err := s.db.QueryRowContext(ctx, `SELECT seq, hash FROM trail_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
		return c, fmt.Errorf("store: trail head: %w", err)
	}
	// Rows outside the chain: inserted without a place in it.
	for _, t := range []string{"events", "audit_events"} {
		var id int64
		err := s.db.QueryRowContext(ctx, `SELECT id FROM `+t+` WHERE seq IS NULL ORDER BY id LIMIT 1`).Scan(&id)
		if err == nil {
			c.Problem, c.Table, c.RowID = fmt.Sprintf("%s 第 %d 行不在链中（绕过程序插入） (%s row id %d is not in the chain: inserted outside the application)", t, id, t, id), t, id
			return c, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return c, fmt.Errorf("store: verify trail: %w", err)
		}
	}
	// Rows up to the head read above; rows appended meanwhile come after.
	const window = 200000
	n := int((headSeq + window - 1) / window)
	results := make([]windowResult, n)
	workers := min(max(runtime.GOMAXPROCS(0), 1), 4, max(n, 1))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				a := int64(k)*window + 1
				results[k] = s.verifyWindow(ctx, a, min(a+window, headSeq+1))
			}
		}()
	}
	for k := 0; k < n; k++ {
		next <- k
	}
	close(next)
	wg.Wait()
	last := ""
	for _, r := range results {
		if r.err != nil {
			return c, r.err
		}
		c.Rows += r.rows
		if r.problem != nil {
			p := *r.problem
			p.Rows = c.Rows
			return p, nil
		}
		last = r.last
	}
	// A row past the head that the head does not reach even now was
	// inserted outside the chain (appends made meanwhile move the head).
	var tag string
	var id, seq int64
	err := s.db.QueryRowContext(ctx, `SELECT t, id, seq FROM (SELECT 'events' AS t, id, seq FROM events WHERE seq > $1
		UNION ALL SELECT 'audit_events', id, seq FROM audit_events WHERE seq > $1) x ORDER BY seq LIMIT 1`, headSeq).Scan(&tag, &id, &seq)
	if err == nil {
		var now int64
		if err := s.db.QueryRowContext(ctx, `SELECT seq FROM trail_head WHERE id = 1`).Scan(&now); err != nil {
			return c, fmt.Errorf("store: trail head: %w", err)
		}
		if seq > now {
			c.Problem = fmt.Sprintf("trail seq %d (%s id %d): 链头之后插入的行 (inserted after the head, outside the chain)", seq, tag, id)
			c.Table, c.RowID, c.Seq = tag, id, seq
			return c, nil
		}
	} else if !errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("store: verify trail: %w", err)
	}
	if c.Rows != headSeq || last != headHash {
		c.Problem, c.Seq = fmt.Sprintf("最后 %d 条被删除，或链头被改 (the chain ends at seq %d but its head says %d: the last rows were removed)", headSeq-c.Rows, c.Rows, headSeq), c.Rows+1
		return c, nil
	}
	c.OK, c.Head = true, last
	return c, nil
}

type windowResult struct {
	rows    int64
	last    string // the stored hash of the window's last row
	problem *TrailCheck
	err     error
}

// verifyWindow checks the rows with seq in [a, b): each table's rows are
// read in id order over the id range those seqs span (appends take ids in
// seq order: the head's lock is held from seq to commit) and merged by
// seq; the first row's predecessor is the stored hash of seq a-1.
func (s *Store) verifyWindow(ctx context.Context, a, b int64) (res windowResult) {
	var prev []byte
	if a > 1 {
		var h string
		err := s.db.QueryRowContext(ctx, `SELECT hash FROM events WHERE seq = $1 UNION ALL SELECT hash FROM audit_events WHERE seq = $1`, a-1).Scan(&h)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			res.err = fmt.Errorf("store: verify trail: %w", err)
			return res
		}
		prev = []byte(h) // a missing predecessor is the previous window's problem
	}
	var streams []*trailStream
	defer func() {
		for _, x := range streams {
			x.rows.Close()
		}
	}()
	for _, t := range []string{"events", "audit_events"} {
		st, err := s.openStream(ctx, t, a, b)
		if err != nil {
			res.err = err
			return res
		}
		if st != nil {
			streams = append(streams, st)
		}
	}
	want := a
	h := sha256.New()
	sum := make([]byte, 0, sha256.Size)
	hexSum := make([]byte, 2*sha256.Size)
	for {
		var next *trailStream
		for _, st := range streams {
			if st.ok && (next == nil || st.seq < next.seq) {
				next = st
			}
		}
		if next == nil {
			break
		}
		bad := func(what string) {
			res.problem = &TrailCheck{Problem: fmt.Sprintf("trail seq %d (%s id %d): %s", next.seq, next.table, next.id, what), Table: next.table, RowID: next.id, Seq: next.seq}
		}
		switch {
		case next.seq > want && next.seq < b:
			bad(fmt.Sprintf("此前第 %d 至 %d 条被删除 (rows seq %d–%d were removed)", want, next.seq-1, want, next.seq-1))
			return res
		case next.seq < want || next.seq >= b:
			bad("序号重复或错位，行被插入 (a repeated or misplaced seq: a row was inserted out of order)")
			return res
		}
		h.Reset()
		writeLink(h, prev, next.seq, next.table, next.fields)
		hex.Encode(hexSum, h.Sum(sum[:0]))
		if string(hexSum) != string(next.hash) {
			bad("内容被修改或次序被打乱 (altered, or inserted out of order: its hash does not match its content and predecessor)")
			return res
		}
		prev = append(prev[:0], hexSum...)
		want++
		res.rows++
		if err := next.advance(); err != nil {
			res.err = err
			return res
		}
	}
	if want < b {
		res.problem = &TrailCheck{Problem: fmt.Sprintf("trail seq %d: 第 %d 至 %d 条被删除 (rows seq %d–%d were removed)", want, want, b-1, want, b-1), Seq: want}
	}
	res.last = string(prev)
	return res
}

// trailStream reads one trail table in id order; the current row's
// columns are raw bytes, valid until the stream advances.
type trailStream struct {
	rows   *sql.Rows
	table  string
	ok     bool
	id     int64
	seq    int64
	hash   sql.RawBytes
	fields []sql.RawBytes
	dest   []any
}

// openStream reads a table's rows over the id range of the seqs [a, b),
// in id order; nil when the table has none of them.
func (s *Store) openStream(ctx context.Context, table string, a, b int64) (*trailStream, error) {
	var lo, hi sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT min(id), max(id) FROM `+table+` WHERE seq >= $1 AND seq < $2`, a, b).Scan(&lo, &hi); err != nil {
		return nil, fmt.Errorf("store: verify trail: %w", err)
	}
	if !lo.Valid {
		return nil, nil
	}
	q := `SELECT id, seq, hash, COALESCE(project_id, 0), COALESCE(user_id, 0), at, action, field, old_value, new_value, note FROM events`
	nf := 8
	if table == "audit_events" {
		q = `SELECT id, seq, hash, COALESCE(suspect_id, 0), COALESCE(case_id, 0), at, COALESCE(user_id, 0), actor, actor_role, actor_town,
		from_state, to_state, note, evidence FROM audit_events`
		nf = 11
	}
	rows, err := s.db.QueryContext(ctx, q+` WHERE id >= $1 AND id <= $2 AND seq IS NOT NULL ORDER BY id`, lo.Int64, hi.Int64)
	if err != nil {
		return nil, fmt.Errorf("store: verify trail: %w", err)
	}
	st := &trailStream{rows: rows, table: table, fields: make([]sql.RawBytes, nf)}
	st.dest = []any{&st.id, &st.seq, &st.hash}
	for i := range st.fields {
		st.dest = append(st.dest, &st.fields[i])
	}
	return st, st.advance()
}

func (st *trailStream) advance() error {
	st.ok = st.rows.Next()
	if !st.ok {
		return st.rows.Err()
	}
	if err := st.rows.Scan(st.dest...); err != nil {
		return fmt.Errorf("store: verify trail: %w", err)
	}
	// A seq lower than the previous row's (out of id order) is the lowest
	// of the merge next, and reported there.
	return nil
}

// TrailFilter selects trail rows for the search page and the export.
type TrailFilter struct {
	UserID    int64
	ProjectID int64
	Action    string // exact action; "audit" selects the survival-audit rows
	From, To  int64  // unix seconds, inclusive; 0: open
	Limit     int    // 0: no limit
	Offset    int
}

// TrailEntry is one trail row as the search lists it.
type TrailEntry struct {
	Event
	Seq         int64
	ProjectName string
}

// trailArms are the two trail tables as one list of events, each with
// the filter pushed into it (so that each reads its own indexes, ordered
// by seq): an audit row is action "audit", field "case:N" or
// "suspect:N", old → new state. cols "seq" selects the place only.
func (f TrailFilter) trailArms(cols string) (string, []any) {
	ev, au, args := f.armConds()
	return trailUnion(cols, ev, au), args
}

// trailUnion is the two tables' rows (cols "seq": their places) that
// the conditions of each keep.
func trailUnion(cols string, ev, au []string) string {
	where := func(conds []string) string {
		if len(conds) == 0 {
			return ""
		}
		return " WHERE " + strings.Join(conds, " AND ")
	}
	evCols, auCols := "seq", "seq"
	if cols != "seq" {
		evCols = `seq, id, COALESCE(project_id, 0) AS project_id, COALESCE(user_id, 0) AS user_id, at, action, field, old_value AS old, new_value AS new, note`
		auCols = `seq, id, 0, COALESCE(user_id, 0), at, 'audit', CASE WHEN case_id IS NOT NULL THEN 'case:' || case_id ELSE 'suspect:' || suspect_id END,
		from_state, to_state, CASE WHEN evidence = '' THEN note ELSE note || ' [' || evidence || ']' END`
	}
	return `SELECT ` + evCols + ` FROM events` + where(ev) + ` UNION ALL SELECT ` + auCols + ` FROM audit_events` + where(au)
}

// armConds are the filter's conditions on each trail table.
func (f TrailFilter) armConds() (ev, au []string, args []any) {
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	common := func(conds []string) []string {
		if f.UserID != 0 {
			conds = append(conds, "user_id = "+arg(f.UserID))
		}
		if f.From != 0 {
			conds = append(conds, "at >= "+arg(f.From))
		}
		if f.To != 0 {
			conds = append(conds, "at <= "+arg(f.To))
		}
		return conds
	}
	if f.ProjectID != 0 {
		ev = append(ev, "project_id = "+arg(f.ProjectID))
		au = append(au, "1 = 0") // audit rows have no project
	}
	switch f.Action {
	case "":
	case "audit":
		ev = append(ev, "1 = 0")
	default:
		ev = append(ev, "action = "+arg(f.Action))
		au = append(au, "1 = 0")
	}
	return common(ev), common(au), args
}

// SearchTrail lists trail rows, newest first.
func (s *Store) SearchTrail(ctx context.Context, f TrailFilter) ([]TrailEntry, error) {
	var out []TrailEntry
	err := s.EachTrail(ctx, f, func(e TrailEntry) error {
		out = append(out, e)
		return nil
	})
	return out, err
}

// EachTrail calls fn for each trail row of the filter, newest first,
// without holding them all in memory (the export). A page (Limit) is
// found first by place alone, from the indexes (migration 0146), and only
// its rows are read.
func (s *Store) EachTrail(ctx context.Context, f TrailFilter, fn func(TrailEntry) error) error {
	arms, args := f.trailArms("")
	with := ""
	if f.Limit > 0 {
		places, _ := f.trailArms("seq")
		with = `WITH pg AS (` + places + fmt.Sprintf(` ORDER BY seq DESC LIMIT %d OFFSET %d`, f.Limit, max(f.Offset, 0)) + `) `
		in := []string{"seq IN (SELECT seq FROM pg)"}
		arms = trailUnion("", in, in)
	}
	q := with + `SELECT t.seq, t.id, t.project_id, COALESCE(p.name, ''), t.user_id, COALESCE(u.display_name, ''), t.at, t.action, t.field, t.old, t.new, t.note
		FROM (` + arms + `) t LEFT JOIN users u ON u.id = t.user_id LEFT JOIN projects p ON p.id = t.project_id ORDER BY t.seq DESC`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: search trail: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e TrailEntry
		if err := rows.Scan(&e.Seq, &e.ID, &e.ProjectID, &e.ProjectName, &e.UserID, &e.UserName, &e.At, &e.Action, &e.Field, &e.Old, &e.New, &e.Note); err != nil {
			return fmt.Errorf("store: scan trail: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CountTrail counts the trail rows of a filter.
func (s *Store) CountTrail(ctx context.Context, f TrailFilter) (int64, error) {
	places, args := f.trailArms("seq")
	var n int64
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (`+places+`) t`, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count trail: %w", err)
	}
	return n, nil
}

// TrailUsers lists the users who appear in the trail, by unit and user
// name, for the search form (not every user: a city has thousands).
func (s *Store) TrailUsers(ctx context.Context) ([]User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userCols+` FROM users u JOIN units n ON n.id = u.unit_id
		WHERE u.id IN (SELECT user_id FROM events WHERE user_id IS NOT NULL UNION SELECT user_id FROM audit_events WHERE user_id IS NOT NULL)
		ORDER BY u.unit_id, u.username`)
	if err != nil {
		return nil, fmt.Errorf("store: trail users: %w", err)
	}
	return collectUsers(rows)
}

// TrailActions lists the actions that occur in the trail, for the
// search form.
func (s *Store) TrailActions(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT action FROM events ORDER BY action`)
	if err != nil {
		return nil, fmt.Errorf("store: trail actions: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return append(out, "audit"), rows.Err()
}
