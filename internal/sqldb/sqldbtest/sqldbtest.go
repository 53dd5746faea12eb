// Package sqldbtest runs store and service tests on both databases.
//
// Each runs a test body as two subtests: "sqlite", always, on a file in
// t.TempDir() (a file, not :memory:, so that the pools, WAL and busy_timeout
// behave as in production); and "postgres", when NSCL_TEST_POSTGRES holds a
// postgres:// URL, in a fresh schema dropped after the test. Without that
// variable the PostgreSQL half skips with a message, unless
// NSCL_REQUIRE_POSTGRES=1, which turns the skip into a failure (CI sets it).
package sqldbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"nscl/internal/sqldb"
)

// PostgresURL returns the PostgreSQL URL for tests, or "" (after skipping or
// failing t as the environment demands).
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("NSCL_TEST_POSTGRES")
	if u == "" {
		if os.Getenv("NSCL_REQUIRE_POSTGRES") == "1" {
			t.Fatal("NSCL_REQUIRE_POSTGRES=1 but NSCL_TEST_POSTGRES is not set")
		}
		t.Skip("PostgreSQL half skipped: set NSCL_TEST_POSTGRES=postgres://… to run it")
	}
	return u
}

// Each runs fn on SQLite and on PostgreSQL, each with a fresh migrated DB.
func Each(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, MustOpenSQLite(t))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, MustOpenPostgres(t))
	})
}

// MustOpenSQLite opens a migrated SQLite DB in a temporary folder.
func MustOpenSQLite(t testing.TB) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(context.Background(), sqldb.Config{
		URL:     "sqlite:" + filepath.Join(t.TempDir(), "test.db"),
		Migrate: true,
	})
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// MustOpenPostgres opens a migrated PostgreSQL DB in a fresh schema, or skips.
func MustOpenPostgres(t testing.TB) *sqldb.DB {
	t.Helper()
	url := PostgresURL(t)
	schema := "t_" + randomHex(8)
	db, err := sqldb.Open(context.Background(), sqldb.Config{URL: url, Schema: schema, Migrate: true, MaxConns: 8})
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() {
		if err := db.DropSchema(context.Background()); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		db.Close()
	})
	return db
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
