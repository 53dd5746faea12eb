package sqldb_test

import (
	"context"
	"testing"

	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// The tuning of a bulk load is undone by its finish: the connection's
// settings and the full-text tables' stored configuration are as before.
func TestDB_TuneForBulkLoad(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		before := bulkSettings(t, db)
		finish, err := db.TuneForBulkLoad(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if db.DriverName() == "sqlite" {
			if got := bulkSettings(t, db); got == before {
				t.Fatalf("settings during the load = %v, want tuned", got)
			}
		}
		if err := finish(ctx); err != nil {
			t.Fatal(err)
		}
		if got := bulkSettings(t, db); got != before {
			t.Fatalf("settings after the load = %v, want %v", got, before)
		}
	})
}

type tuning struct {
	synchronous, threads int
	ftsConfig            string
}

func bulkSettings(t *testing.T, db *sqldb.DB) tuning {
	t.Helper()
	var s tuning
	if db.DriverName() != "sqlite" {
		return s
	}
	w := db.WriteDB()
	ctx := context.Background()
	if err := w.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&s.synchronous); err != nil {
		t.Fatal(err)
	}
	if err := w.QueryRowContext(ctx, `PRAGMA threads`).Scan(&s.threads); err != nil {
		t.Fatal(err)
	}
	if err := w.QueryRowContext(ctx, `SELECT group_concat(k || '=' || v, ',') FROM (SELECT k, v FROM enterprises_fts_config
		UNION ALL SELECT k, v FROM experts_fts_config ORDER BY 1)`).Scan(&s.ftsConfig); err != nil {
		t.Fatal(err)
	}
	return s
}
