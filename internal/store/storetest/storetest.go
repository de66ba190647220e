// Package storetest opens throw-away stores for tests: a SQLite file in a
// temporary directory, and — when JIXIAO_TEST_POSTGRES names a database —
// a fresh PostgreSQL schema that is dropped afterwards.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"path/filepath"
	"testing"

	"jixiao/internal/project"
	"jixiao/internal/store"
	"jixiao/internal/testenv"
)

// Dialects lists the dialects to test: sqlite always, postgres when
// configured. When JIXIAO_REQUIRE_ALL=1 and PostgreSQL is not configured,
// the test fails.
func Dialects(t testing.TB) []string {
	t.Helper()
	if _, ok := testenv.PostgresDSN(); ok {
		return []string{"sqlite", "postgres"}
	}
	if testenv.RequireAll() {
		testenv.Postgres(t) // fails, naming what is missing
	}
	t.Logf("PostgreSQL part skipped: set %s=%s to run it", testenv.EnvPostgres, testenv.PostgresExample)
	return []string{"sqlite"}
}

// Open opens an empty, migrated store of the dialect and closes it (and
// drops its schema) when the test ends.
func Open(t testing.TB, dialect string) *store.Store {
	t.Helper()
	dsn := DSN(t, dialect)
	s, err := project.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s store: %v", dialect, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// DSN returns a fresh database name of the dialect: a file path, or a
// PostgreSQL URL whose search_path is a new schema dropped at cleanup.
func DSN(t testing.TB, dialect string) string {
	t.Helper()
	if dialect != "postgres" {
		return filepath.Join(t.TempDir(), "jixiao.db")
	}
	base := testenv.Postgres(t)
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("postgres: create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("postgres DSN: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
