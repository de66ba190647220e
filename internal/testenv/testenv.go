// Package testenv is the one place where tests ask for what a fresh
// machine may lack: PostgreSQL, Chromium, a command-line tool
// (poppler-utils), the Chinese PDF font, or the shared seed file.
//
// Each helper returns what was asked for, or skips the test with one
// message naming what is missing and how to get it. Under
// JIXIAO_REQUIRE_ALL=1 (set by .ci/run) the same message fails the test
// instead, so nothing is skipped in CI.
package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Environment variables the tests read.
const (
	// EnvRequireAll=1 turns every skip below into a failure.
	EnvRequireAll = "JIXIAO_REQUIRE_ALL"
	// EnvPostgres is the PostgreSQL URL the store tests use.
	EnvPostgres = "JIXIAO_TEST_POSTGRES"
	// EnvChromium overrides the path of Chromium for the browser test.
	EnvChromium = "JIXIAO_CHROMIUM"
)

// PostgresExample is the DSN .ci/run uses.
const PostgresExample = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// SeedPath is the seed file relative to the repository root.
const SeedPath = "../shared/seeds/000_ccfd0d412f873730.txt"

// RequireAll reports whether JIXIAO_REQUIRE_ALL=1.
func RequireAll() bool { return os.Getenv(EnvRequireAll) == "1" }

// Missing skips the test saying what is missing and how to get it, or
// fails it under JIXIAO_REQUIRE_ALL=1.
func Missing(t testing.TB, what, howto string) {
	t.Helper()
	if RequireAll() {
		t.Fatalf("%s=1 but %s is missing (%s)", EnvRequireAll, what, howto)
	}
	t.Skipf("skipped: %s is missing (%s); set %s=1 to make this a failure", what, howto, EnvRequireAll)
}

// Need skips (or fails) with err's message when err is not nil; the error
// is expected to say what is missing and how to get it, as
// pdf.ErrNoFont does.
func Need(t testing.TB, what string, err error) {
	t.Helper()
	if err != nil {
		Missing(t, what, err.Error())
	}
}

// Has is for a test that runs either way and checks what happens without
// the thing: it reports whether err is nil; otherwise it logs what is
// missing and how to get it, or fails the test under JIXIAO_REQUIRE_ALL=1.
func Has(t testing.TB, what string, err error) bool {
	t.Helper()
	if err == nil {
		return true
	}
	if RequireAll() {
		t.Fatalf("%s=1 but %s is missing (%v)", EnvRequireAll, what, err)
	}
	t.Logf("%s is missing (%v): checking the behaviour without it", what, err)
	return false
}

// PostgresDSN returns the PostgreSQL URL for tests and whether one is
// configured. It never skips: callers that can run on SQLite alone use it.
func PostgresDSN() (string, bool) {
	d := os.Getenv(EnvPostgres)
	return d, d != ""
}

// Postgres returns the PostgreSQL URL for tests, or skips.
func Postgres(t testing.TB) string {
	t.Helper()
	d, ok := PostgresDSN()
	if !ok {
		Missing(t, "PostgreSQL", "set "+EnvPostgres+"="+PostgresExample)
	}
	return d
}

// Chromium returns the path of Chromium (Debian's /usr/bin/chromium, or
// JIXIAO_CHROMIUM), or skips.
func Chromium(t testing.TB) string {
	t.Helper()
	p := os.Getenv(EnvChromium)
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := os.Stat(p); err != nil {
		Missing(t, "Chromium at "+p, "apt-get install chromium, or set "+EnvChromium)
	}
	return p
}

// Tool returns the path of a program, or skips naming the Debian package
// that provides it.
func Tool(t testing.TB, name, debPackage string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, "the program "+name, "apt-get install "+debPackage)
	}
	return p
}

// RepoRoot is the module's root directory, found from this source file.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Seed returns the path of the shared seed file (the center's eight 2023
// reports, in ../shared beside the checkout), or skips.
func Seed(t testing.TB) string {
	t.Helper()
	p := filepath.Join(RepoRoot(), SeedPath)
	if _, err := os.Stat(p); err != nil {
		Missing(t, fmt.Sprintf("the seed file %s", SeedPath), "it lives in ../shared beside the checkout")
	}
	return p
}

// HasSeed reports whether the seed file is present, for tests that use it
// when they can and a hand-made report otherwise.
func HasSeed() bool {
	_, err := os.Stat(filepath.Join(RepoRoot(), SeedPath))
	return err == nil
}
