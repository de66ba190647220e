package store

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"
)

// SQLiteSynchronous is the synchronous setting every SQLite connection
// uses. FULL with WAL: each commit syncs the write-ahead log before it
// returns, so a power cut or kernel crash loses no acknowledged change.
const SQLiteSynchronous = "synchronous(FULL)"

// BackupFormat names the layout of a backup file: a zip archive (stored,
// not compressed) holding the data files and manifest.json.
const BackupFormat = "jixiao-backup 1"

// Manifest describes a backup: what it holds and how to check it.
type Manifest struct {
	Format        string       `json:"format"`
	Dialect       string       `json:"dialect"`
	SchemaVersion int          `json:"schema_version"`
	CreatedAt     string       `json:"created_at"`
	Tables        []TableCount `json:"tables"`
	Files         []FileSum    `json:"files"`
}

// TableCount is one table of a backup with its row count (and, for
// PostgreSQL, its columns in the order of the data file).
type TableCount struct {
	Name    string   `json:"name"`
	Rows    int64    `json:"rows"`
	Columns []string `json:"columns,omitempty"`
}

// FileSum is one data file of a backup with its size and SHA-256.
type FileSum struct {
	Name   string `json:"name"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Rows returns the row count of a table in the manifest, or -1.
func (m Manifest) Rows(table string) int64 {
	for _, t := range m.Tables {
		if t.Name == table {
			return t.Rows
		}
	}
	return -1
}

// LatestSchema is the highest migration version this program knows for
// the dialect.
func LatestSchema(dialect string) int {
	names, _ := fs.Glob(migrationFS, "migrations/"+dialect+"/*.sql")
	best := 0
	for _, n := range names {
		num, _, _ := strings.Cut(filepath.Base(n), "_")
		if v, err := strconv.Atoi(num); err == nil && v > best {
			best = v
		}
	}
	return best
}

// SchemaVersion is the highest migration applied to the database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	return schemaVersion(ctx, s.db)
}

func schemaVersion(ctx context.Context, db interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var v sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return int(v.Int64), nil
}

// Backup writes a consistent copy of the whole database to w while the
// application keeps running, and returns its manifest. SQLite: VACUUM
// INTO a snapshot file in tmpDir (one read transaction, so writers go on
// and the copy holds exactly the commits before it began), streamed into
// the archive. PostgreSQL: COPY … TO STDOUT of every table inside one
// REPEATABLE READ READ ONLY transaction (one snapshot) through the pgx
// connection; no pg_dump needed.
func (s *Store) Backup(ctx context.Context, w io.Writer, tmpDir string) (Manifest, error) {
	m := Manifest{Format: BackupFormat, Dialect: s.Dialect(), CreatedAt: s.Now().UTC().Format(time.RFC3339)}
	zw := zip.NewWriter(w)
	var err error
	if s.pg {
		err = s.backupPostgres(ctx, zw, &m)
	} else {
		err = s.backupSQLite(ctx, zw, tmpDir, &m)
	}
	if err != nil {
		return m, err
	}
	mw, err := zw.CreateHeader(&zip.FileHeader{Name: "manifest.json", Method: zip.Deflate, Modified: time.Now()})
	if err != nil {
		return m, fmt.Errorf("store: backup manifest: %w", err)
	}
	enc := json.NewEncoder(mw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return m, fmt.Errorf("store: backup manifest: %w", err)
	}
	if err := zw.Close(); err != nil {
		return m, fmt.Errorf("store: backup: %w", err)
	}
	return m, nil
}

// sumWriter counts bytes and lines and hashes what passes through.
type sumWriter struct {
	w     io.Writer
	h     interface{ Write([]byte) (int, error) }
	n     int64
	lines int64
	sum   func() []byte
}

func newSumWriter(w io.Writer) *sumWriter {
	h := sha256.New()
	return &sumWriter{w: w, h: h, sum: func() []byte { return h.Sum(nil) }}
}

func (s *sumWriter) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	s.h.Write(p[:n])
	s.n += int64(n)
	for _, b := range p[:n] {
		if b == '\n' {
			s.lines++
		}
	}
	return n, err
}

func (s *sumWriter) file(name string) FileSum {
	return FileSum{Name: name, Bytes: s.n, SHA256: hex.EncodeToString(s.sum())}
}

const sqliteEntry = "sqlite/jixiao.db"

func (s *Store) backupSQLite(ctx context.Context, zw *zip.Writer, tmpDir string, m *Manifest) error {
	dir, err := os.MkdirTemp(tmpDir, ".jixiao-backup-")
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	defer os.RemoveAll(dir)
	snap := filepath.Join(dir, "snapshot.db")
	if err := s.snapshotSQLite(ctx, snap); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", "file:"+snap+"?mode=ro")
	if err != nil {
		return fmt.Errorf("store: backup snapshot: %w", err)
	}
	defer db.Close()
	if m.SchemaVersion, err = schemaVersion(ctx, db); err != nil {
		return err
	}
	if m.Tables, err = countTables(ctx, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`); err != nil {
		return err
	}
	f, err := os.Open(snap)
	if err != nil {
		return fmt.Errorf("store: backup snapshot: %w", err)
	}
	defer f.Close()
	zf, err := zw.CreateHeader(&zip.FileHeader{Name: sqliteEntry, Method: zip.Store, Modified: time.Now()})
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	sw := newSumWriter(zf)
	if _, err := io.Copy(struct{ io.Writer }{sw}, f); err != nil {
		return fmt.Errorf("store: backup copy: %w", err)
	}
	m.Files = append(m.Files, sw.file(sqliteEntry))
	return nil
}

// snapshotSQLite copies the database page by page with SQLite's online
// backup API in one step: one read transaction, so writers carry on (WAL)
// and the copy holds exactly the commits made before it began, including
// those still in the write-ahead log.
func (s *Store) snapshotSQLite(ctx context.Context, dst string) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		b, ok := dc.(interface {
			NewBackup(string) (*sqlite.Backup, error)
		})
		if !ok {
			return fmt.Errorf("not a modernc.org/sqlite connection")
		}
		bk, err := b.NewBackup(dst)
		if err != nil {
			return err
		}
		if _, err := bk.Step(-1); err != nil {
			bk.Finish()
			return err
		}
		return bk.Finish()
	})
	if err != nil {
		return fmt.Errorf("store: backup snapshot: %w", err)
	}
	return nil
}

// countTables counts the rows of every table the query lists.
func countTables(ctx context.Context, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, list string) ([]TableCount, error) {
	rows, err := db.QueryContext(ctx, list)
	if err != nil {
		return nil, fmt.Errorf("store: list tables: %w", err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: list tables: %w", err)
		}
		names = append(names, n)
	}
	rows.Close()
	var out []TableCount
	for _, n := range names {
		var c int64
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM `+quoteIdent(n)).Scan(&c); err != nil {
			return nil, fmt.Errorf("store: count %s: %w", n, err)
		}
		out = append(out, TableCount{Name: n, Rows: c})
	}
	return out, nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// rawPG runs f on one PostgreSQL connection of the pool.
func (s *Store) rawPG(ctx context.Context, f func(*pgconn.PgConn) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: connection: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: not a pgx connection")
		}
		return f(c.Conn().PgConn())
	})
}

func pgExec(ctx context.Context, c *pgconn.PgConn, q string) ([]*pgconn.Result, error) {
	return c.Exec(ctx, q).ReadAll()
}

// pgStrings runs a query and returns the first column of each row.
func pgStrings(ctx context.Context, c *pgconn.PgConn, q string) ([]string, error) {
	res, err := pgExec(ctx, c, q)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range res {
		for _, row := range r.Rows {
			out = append(out, string(row[0]))
		}
	}
	return out, nil
}

const pgTables = `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`

func (s *Store) backupPostgres(ctx context.Context, zw *zip.Writer, m *Manifest) error {
	return s.rawPG(ctx, func(c *pgconn.PgConn) error {
		if _, err := pgExec(ctx, c, `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`); err != nil {
			return fmt.Errorf("store: backup begin: %w", err)
		}
		defer pgExec(context.Background(), c, `ROLLBACK`)
		v, err := pgStrings(ctx, c, `SELECT COALESCE(max(version), 0) FROM schema_migrations`)
		if err != nil || len(v) != 1 {
			return fmt.Errorf("store: backup schema version: %v", err)
		}
		m.SchemaVersion, _ = strconv.Atoi(v[0])
		tables, err := pgStrings(ctx, c, pgTables)
		if err != nil {
			return fmt.Errorf("store: backup tables: %w", err)
		}
		for _, t := range tables {
			cols, err := pgStrings(ctx, c, `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '`+strings.ReplaceAll(t, "'", "''")+`' ORDER BY ordinal_position`)
			if err != nil {
				return fmt.Errorf("store: backup columns of %s: %w", t, err)
			}
			name := "postgres/" + t + ".copy"
			zf, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Now()})
			if err != nil {
				return fmt.Errorf("store: backup: %w", err)
			}
			sw := newSumWriter(zf)
			// Text format: one line per row, newlines in values escaped.
			if _, err := c.CopyTo(ctx, sw, `COPY `+quoteIdent(t)+` TO STDOUT`); err != nil {
				return fmt.Errorf("store: backup copy %s: %w", t, err)
			}
			m.Tables = append(m.Tables, TableCount{Name: t, Rows: sw.lines, Columns: cols})
			m.Files = append(m.Files, sw.file(name))
		}
		return nil
	})
}

// RestoreOptions tune Restore.
type RestoreOptions struct {
	// Force restores a backup of a newer schema than this program knows,
	// and replaces a database that already holds data. It never replaces
	// a database in use.
	Force bool
}

// ErrInUse reports a database that a running jixiao holds (MarkInUse).
var ErrInUse = errors.New("store: database in use")

// ReadManifest opens a backup file and reads its manifest.
func ReadManifest(zr *zip.Reader) (Manifest, error) {
	var m Manifest
	f, err := zr.Open("manifest.json")
	if err != nil {
		return m, fmt.Errorf("store: backup has no manifest.json: %w", err)
	}
	defer f.Close()
	if err := json.NewDecoder(io.LimitReader(f, 1<<20)).Decode(&m); err != nil {
		return m, fmt.Errorf("store: backup manifest: %w", err)
	}
	if m.Format != BackupFormat {
		return m, fmt.Errorf("store: backup format %q, want %q", m.Format, BackupFormat)
	}
	return m, nil
}

// VerifyBackup checks every data file of a backup against the manifest's
// size and SHA-256.
func VerifyBackup(zr *zip.Reader, m Manifest) error {
	for _, fsum := range m.Files {
		f, err := zr.Open(fsum.Name)
		if err != nil {
			return fmt.Errorf("store: backup file %s missing: %w", fsum.Name, err)
		}
		h := sha256.New()
		n, err := io.Copy(h, f)
		f.Close()
		if err != nil {
			return fmt.Errorf("store: backup file %s: %w", fsum.Name, err)
		}
		if n != fsum.Bytes || hex.EncodeToString(h.Sum(nil)) != fsum.SHA256 {
			return fmt.Errorf("store: backup file %s: checksum mismatch (%d bytes, manifest %d): the backup is damaged", fsum.Name, n, fsum.Bytes)
		}
	}
	return nil
}

// Restore replaces the database named by dsn with the backup in zr. It
// refuses a database in use by a running jixiao (always), a backup of a
// newer schema than this program and a database that already holds data
// (both unless opt.Force), a damaged backup (checksums) and a backup of
// the other dialect. After loading, the newer migrations of this program
// are applied.
func Restore(ctx context.Context, zr *zip.Reader, dsn string, opt RestoreOptions) (Manifest, error) {
	m, err := ReadManifest(zr)
	if err != nil {
		return m, err
	}
	dialect := "sqlite"
	if IsPostgres(dsn) {
		dialect = "postgres"
	}
	if m.Dialect != dialect {
		return m, fmt.Errorf("store: a %s backup cannot be restored into %s", m.Dialect, dialect)
	}
	if latest := LatestSchema(dialect); m.SchemaVersion > latest && !opt.Force {
		return m, fmt.Errorf("store: the backup has schema version %d, newer than this program's %d: use a newer jixiao, or --force", m.SchemaVersion, latest)
	}
	if err := VerifyBackup(zr, m); err != nil {
		return m, err
	}
	if dialect == "postgres" {
		err = restorePostgres(ctx, zr, dsn, m, opt)
	} else {
		err = restoreSQLite(ctx, zr, dsn, m, opt)
	}
	if err != nil {
		return m, err
	}
	st, err := Open(ctx, dsn) // apply this program's newer migrations
	if err != nil {
		return m, err
	}
	return m, st.Close()
}

func restoreSQLite(ctx context.Context, zr *zip.Reader, path string, m Manifest, opt RestoreOptions) error {
	release, err := lockFile(path, true)
	if err != nil {
		return err
	}
	defer release()
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 && !opt.Force {
		return fmt.Errorf("store: %s already exists: restore into a new file, or pass --force to replace it", path)
	}
	tmp := path + ".restoring"
	src, err := zr.Open(sqliteEntry)
	if err != nil {
		return fmt.Errorf("store: backup has no %s: %w", sqliteEntry, err)
	}
	defer src.Close()
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	defer os.Remove(tmp)
	if _, err := io.Copy(out, src); err != nil {
		out.Close()
		return fmt.Errorf("store: restore: %w", err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return fmt.Errorf("store: restore: %w", err)
	}
	out.Close()
	if err := checkSQLiteCopy(ctx, tmp, m); err != nil {
		return err
	}
	for _, ext := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + ext); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("store: restore: %w", err)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	return syncDir(filepath.Dir(path))
}

// checkSQLiteCopy runs SQLite's integrity check on a restored file and
// compares its row counts with the manifest.
func checkSQLiteCopy(ctx context.Context, path string, m Manifest) error {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	defer db.Close()
	var ok string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		return fmt.Errorf("store: restored file fails the integrity check: %s %v", ok, err)
	}
	for _, t := range m.Tables {
		var n int64
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM `+quoteIdent(t.Name)).Scan(&n); err != nil {
			return fmt.Errorf("store: restored table %s: %w", t.Name, err)
		}
		if n != t.Rows {
			return fmt.Errorf("store: restored table %s has %d rows, the manifest says %d", t.Name, n, t.Rows)
		}
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer d.Close()
	d.Sync()
	return nil
}

// pgInUseKey is the advisory-lock key of the database and schema.
const pgInUseKey = `hashtext('jixiao.in-use.' || current_database() || '.' || current_schema())`

func restorePostgres(ctx context.Context, zr *zip.Reader, dsn string, m Manifest, opt RestoreOptions) error {
	s, err := openRaw(ctx, dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.rawPG(ctx, func(c *pgconn.PgConn) error {
		got, err := pgStrings(ctx, c, `SELECT pg_try_advisory_lock(`+pgInUseKey+`)`)
		if err != nil {
			return fmt.Errorf("store: restore: %w", err)
		}
		if len(got) != 1 || got[0] != "t" {
			return fmt.Errorf("%w: stop jixiao serve before restoring", ErrInUse)
		}
		defer pgExec(context.Background(), c, `SELECT pg_advisory_unlock(`+pgInUseKey+`)`)
		existing, err := pgStrings(ctx, c, pgTables)
		if err != nil {
			return fmt.Errorf("store: restore: %w", err)
		}
		if len(existing) > 0 && !opt.Force {
			return fmt.Errorf("store: the database already has %d tables: restore into an empty database, or pass --force to replace them", len(existing))
		}
		if _, err := pgExec(ctx, c, `BEGIN`); err != nil {
			return fmt.Errorf("store: restore: %w", err)
		}
		done := false
		defer func() {
			if !done {
				pgExec(context.Background(), c, `ROLLBACK`)
			}
		}()
		for _, t := range existing {
			if _, err := pgExec(ctx, c, `DROP TABLE IF EXISTS `+quoteIdent(t)+` CASCADE`); err != nil {
				return fmt.Errorf("store: restore: drop %s: %w", t, err)
			}
		}
		if err := migratePG(ctx, c, m.SchemaVersion); err != nil {
			return err
		}
		order, err := pgLoadOrder(ctx, c, m)
		if err != nil {
			return err
		}
		for _, t := range order {
			if _, err := pgExec(ctx, c, `DELETE FROM `+quoteIdent(t.Name)); err != nil {
				return fmt.Errorf("store: restore: empty %s: %w", t.Name, err)
			}
		}
		for _, t := range order {
			f, err := zr.Open("postgres/" + t.Name + ".copy")
			if err != nil {
				return fmt.Errorf("store: backup file of %s: %w", t.Name, err)
			}
			cols := make([]string, len(t.Columns))
			for i, col := range t.Columns {
				cols[i] = quoteIdent(col)
			}
			tag, err := c.CopyFrom(ctx, f, `COPY `+quoteIdent(t.Name)+` (`+strings.Join(cols, ", ")+`) FROM STDIN`)
			f.Close()
			if err != nil {
				return fmt.Errorf("store: restore %s: %w", t.Name, err)
			}
			if tag.RowsAffected() != t.Rows {
				return fmt.Errorf("store: restore %s: %d rows loaded, the manifest says %d", t.Name, tag.RowsAffected(), t.Rows)
			}
			for _, col := range t.Columns {
				if col == "id" {
					q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE(max(id), 0) + 1, false) FROM %s WHERE pg_get_serial_sequence('%s', 'id') IS NOT NULL`,
						strings.ReplaceAll(t.Name, "'", "''"), quoteIdent(t.Name), strings.ReplaceAll(t.Name, "'", "''"))
					if _, err := pgExec(ctx, c, q); err != nil {
						return fmt.Errorf("store: restore %s: identity: %w", t.Name, err)
					}
				}
			}
		}
		if _, err := pgExec(ctx, c, `COMMIT`); err != nil {
			return fmt.Errorf("store: restore commit: %w", err)
		}
		done = true
		return nil
	})
}

// migratePG creates the schema up to version upTo on a raw connection
// inside the caller's transaction.
func migratePG(ctx context.Context, c *pgconn.PgConn, upTo int) error {
	if _, err := pgExec(ctx, c, `CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	names, _ := fs.Glob(migrationFS, "migrations/postgres/*.sql")
	sort.Strings(names)
	for _, n := range names {
		num, _, _ := strings.Cut(filepath.Base(n), "_")
		v, err := strconv.Atoi(num)
		if err != nil || v > upTo {
			continue
		}
		body, err := migrationFS.ReadFile(n)
		if err != nil {
			return err
		}
		for _, stmt := range splitSQL(string(body)) {
			if _, err := pgExec(ctx, c, stmt); err != nil {
				return fmt.Errorf("store: restore: migration %s: %w", filepath.Base(n), err)
			}
		}
	}
	return nil
}

// pgLoadOrder orders the backup's tables so that every table comes after
// the tables its foreign keys reference.
func pgLoadOrder(ctx context.Context, c *pgconn.PgConn, m Manifest) ([]TableCount, error) {
	res, err := pgExec(ctx, c, `SELECT cl.relname, rf.relname FROM pg_constraint co
		JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_class rf ON rf.oid = co.confrelid
		WHERE co.contype = 'f' AND co.connamespace = current_schema()::regnamespace`)
	if err != nil {
		return nil, fmt.Errorf("store: restore: foreign keys: %w", err)
	}
	deps := map[string][]string{}
	for _, r := range res {
		for _, row := range r.Rows {
			if a, b := string(row[0]), string(row[1]); a != b {
				deps[a] = append(deps[a], b)
			}
		}
	}
	byName := map[string]TableCount{}
	for _, t := range m.Tables {
		byName[t.Name] = t
	}
	var out []TableCount
	state := map[string]int{}
	var visit func(string)
	visit = func(n string) {
		if state[n] != 0 {
			return
		}
		state[n] = 1
		for _, d := range deps[n] {
			visit(d)
		}
		if t, ok := byName[n]; ok {
			out = append(out, t)
		}
	}
	for _, t := range m.Tables {
		visit(t.Name)
	}
	return out, nil
}

// MarkInUse records that this process serves the database until Close, so
// that Restore refuses to replace it: a shared flock on the SQLite file,
// a shared advisory lock held on one connection for PostgreSQL.
func (s *Store) MarkInUse(ctx context.Context) error {
	if !s.pg {
		release, err := lockFile(s.path, false)
		if err != nil {
			return err
		}
		s.inUse = release
		return nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: in-use mark: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock_shared(`+pgInUseKey+`)`); err != nil {
		conn.Close()
		return fmt.Errorf("store: in-use mark: %w", err)
	}
	s.inUse = func() { conn.Close() }
	return nil
}
