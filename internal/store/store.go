// Package store keeps jixiao's web data in SQL: SQLite by default (one file,
// no setup) or PostgreSQL. Both dialects share every query (placeholders
// $1…, RETURNING, ON CONFLICT); only the migration files differ, in
// migrations/sqlite and migrations/postgres with the same version numbers.
//
// Every query is parameterised. Money is int64 fen, scores int64 1/10000
// point, times unix seconds, so both dialects store the same values.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // driver "pgx"
	_ "modernc.org/sqlite"             // driver "sqlite"
)

//go:embed migrations
var migrationFS embed.FS

// Errors callers test for with errors.Is.
var (
	// ErrNotFound reports a row that does not exist.
	ErrNotFound = errors.New("store: not found")
	// ErrConflict reports an optimistic-locking conflict: someone else
	// saved the same sheet since it was loaded.
	ErrConflict = errors.New("store: changed by someone else")
	// ErrDuplicate reports a unique-key clash (user name, project name).
	ErrDuplicate = errors.New("store: already exists")
)

// Store is the database. It is safe for concurrent use.
type Store struct {
	db *sql.DB
	pg bool
	// stmts caches prepared statements of the hot read paths by query text:
	// parsing SQL costs more than running these small queries.
	stmts sync.Map // string → *sql.Stmt
	// gen counts committed transactions; caches of derived figures are
	// valid while it stays the same.
	gen        atomic.Int64
	statsMu    sync.Mutex
	statsCache map[string]statsEntry
	countMu    sync.Mutex
	countCache map[string]*countEntry // audit_page.go
	years      []int
	yearsGen   int64
	// Now is the clock; tests may replace it.
	Now func() time.Time
	// path is the SQLite file ("" for PostgreSQL); inUse holds the
	// in-use mark taken by MarkInUse (backup.go).
	path  string
	inUse func()
	// summarizer computes a sheet's summary (SetSummarizer).
	summarizer Summarizer
}

// IsPostgres reports whether a DSN names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database named by dsn — a PostgreSQL URL or a SQLite file
// path — and applies any migrations not yet applied.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s, err := openRaw(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	if err := s.sealLegacy(ctx); err != nil { // trail.go
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// openRaw connects without applying migrations.
func openRaw(ctx context.Context, dsn string) (*Store, error) {
	s := &Store{Now: time.Now}
	var err error
	if IsPostgres(dsn) {
		s.pg = true
		s.db, err = sql.Open("pgx", dsn)
		if err == nil {
			s.db.SetMaxOpenConns(20)
			s.db.SetMaxIdleConns(20)
		}
	} else {
		if dsn == "" {
			return nil, fmt.Errorf("store: empty database path")
		}
		// synchronous(FULL): a commit returns only after the WAL is
		// synced, so a power cut loses nothing acknowledged (durability.md).
		s.path = dsn
		s.db, err = sql.Open("sqlite", "file:"+dsn+"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma="+SQLiteSynchronous+"&_txlock=immediate")
		if err == nil {
			s.db.SetMaxOpenConns(8)
			s.db.SetMaxIdleConns(8)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", redact(dsn), err)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("store: connect %s: %w", redact(dsn), err)
	}
	return s, nil
}

// redact hides a password in a URL DSN for error messages.
func redact(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if j := strings.Index(dsn[i+3:], "@"); j >= 0 {
			cred := dsn[i+3 : i+3+j]
			if u, _, ok := strings.Cut(cred, ":"); ok {
				return dsn[:i+3] + u + ":***" + dsn[i+3+j:]
			}
		}
	}
	return dsn
}

// Close closes the database.
func (s *Store) Close() error {
	if s.inUse != nil {
		s.inUse()
	}
	s.stmts.Range(func(_, v any) bool {
		v.(*sql.Stmt).Close()
		return true
	})
	return s.db.Close()
}

// cached is a querier over the database that prepares each query once.
type cached struct{ s *Store }

func (c cached) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := c.s.stmts.Load(q); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := c.s.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if prev, loaded := c.s.stmts.LoadOrStore(q, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

// QueryContext runs a query through its cached prepared statement.
func (c cached) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := c.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs a one-row query through its cached prepared statement.
func (c cached) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := c.stmt(ctx, q)
	if err != nil {
		// A failed prepare reports its error through Scan.
		return c.s.db.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// ExecContext runs a statement through its cached prepared statement.
func (c cached) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := c.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// DB exposes the handle for tests and benchmarks.
func (s *Store) DB() *sql.DB { return s.db }

// Dialect is "postgres" or "sqlite".
func (s *Store) Dialect() string {
	if s.pg {
		return "postgres"
	}
	return "sqlite"
}

// Migrate applies, in order, each migration file whose version is not yet
// recorded in schema_migrations. It is safe to run any number of times.
func (s *Store) Migrate(ctx context.Context) error { return s.migrate(ctx, 1<<31) }

// migrate applies the migrations up to version upTo.
func (s *Store) migrate(ctx context.Context, upTo int) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("store: create schema_migrations: %w", err)
	}
	dir := "migrations/" + s.Dialect()
	names, err := fs.Glob(migrationFS, dir+"/*.sql")
	if err != nil {
		return fmt.Errorf("store: list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := name[len(dir)+1:]
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return fmt.Errorf("store: migration %s: name must start with a number and _", base)
		}
		if v > upTo {
			break
		}
		if err := s.applyMigration(ctx, v, base, name); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) applyMigration(ctx context.Context, v int, base, path string) error {
	body, err := migrationFS.ReadFile(path)
	if err != nil {
		return fmt.Errorf("store: read migration %s: %w", base, err)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, v).Scan(&n); err != nil {
			return fmt.Errorf("store: migration %s: %w", base, err)
		}
		if n > 0 {
			return nil
		}
		for _, stmt := range splitSQL(string(body)) {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("store: migration %s: %w\n%s", base, err, stmt)
			}
		}
		if step := migrationSteps[v]; step != nil {
			if err := step(ctx, tx); err != nil {
				return fmt.Errorf("store: migration %s: %w", base, err)
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, v, base, s.Now().Unix())
		if err != nil {
			return fmt.Errorf("store: record migration %s: %w", base, err)
		}
		return nil
	})
}

// migrationSteps are the Go parts of migrations, run after the version's
// SQL in the same transaction: data that SQL alone cannot derive in both
// dialects (SQLite has no reverse()).
var migrationSteps = map[int]func(context.Context, *sql.Tx) error{
	141: fillSuspectKeys, // audit_page.go
}

// splitSQL splits a migration into statements at semicolons that end a
// line. Comment lines are dropped. Migrations contain no procedural code.
func splitSQL(body string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "--") || t == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, strings.TrimSpace(cur.String()))
	}
	return out
}

// tx runs f in a transaction, committing when f returns nil.
func (s *Store) tx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	err = tx.Commit()
	s.gen.Add(1)
	if err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// isUnique reports a unique-constraint violation in either dialect.
func isUnique(err error) bool {
	if err == nil {
		return false
	}
	m := err.Error()
	return strings.Contains(m, "UNIQUE constraint") || strings.Contains(m, "SQLSTATE 23505") || strings.Contains(m, "duplicate key")
}

// Setting reads a setting, or def when unset.
func (s *Store) Setting(ctx context.Context, key, def string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return def, nil
	}
	if err != nil {
		return def, fmt.Errorf("store: setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting writes a setting.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var old string
		if err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&old); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
			return err
		}
		if old == value {
			return nil
		}
		return s.adminEvent(ctx, tx, ActionSetting, key, old, value)
	})
	if err != nil {
		return fmt.Errorf("store: set setting %s: %w", key, err)
	}
	return nil
}
