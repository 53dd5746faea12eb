package sqldb_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nscl/internal/fault"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

func TestMigrationFolders_SameNames(t *testing.T) {
	list := func(dir string) []string {
		entries, err := os.ReadDir(filepath.Join("migrations", dir))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		sort.Strings(names)
		return names
	}
	sqlite, pg := list("sqlite"), list("postgres")
	if len(sqlite) == 0 {
		t.Fatal("no migrations")
	}
	if diff := cmp.Diff(sqlite, pg); diff != "" {
		t.Fatalf("migration folders differ (-sqlite +postgres):\n%s", diff)
	}
}

func TestConformance(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		t.Run("PlaceholdersByNumber", func(t *testing.T) {
			a, b, c, err := sqldb.ProbePlaceholders(ctx, db, "first", "second")
			if err != nil {
				t.Fatal(err)
			}
			if a != "second" || b != "first" || c != "second" {
				t.Fatalf("SELECT $2,$1,$2 = %q %q %q, want second first second", a, b, c)
			}
		})
		t.Run("UniqueIsConflict", func(t *testing.T) {
			err := sqldb.ProbeUniqueViolation(ctx, db)
			if got := fault.KindOf(err); got != fault.Conflict {
				t.Fatalf("kind=%v (%v), want conflict", got, err)
			}
		})
		t.Run("ForeignKeyIsInvalid", func(t *testing.T) {
			err := sqldb.ProbeForeignKeyViolation(ctx, db)
			if got := fault.KindOf(err); got != fault.Invalid {
				t.Fatalf("kind=%v (%v), want invalid", got, err)
			}
		})
		t.Run("NoRowsIsNotFound", func(t *testing.T) {
			err := sqldb.ProbeNoRows(ctx, db)
			if got := fault.KindOf(err); got != fault.NotFound {
				t.Fatalf("kind=%v (%v), want not_found", got, err)
			}
		})
		t.Run("TimeRoundTrip", func(t *testing.T) {
			in := time.Date(2026, 11, 26, 23, 59, 58, 123456789, time.FixedZone("ICT", 7*3600))
			out, err := sqldb.ProbeTime(ctx, db, in)
			if err != nil {
				t.Fatal(err)
			}
			want := in.UTC().Truncate(time.Microsecond)
			if !out.Equal(want) || out.Location() != time.UTC {
				t.Fatalf("time round trip: %v, want %v UTC", out, want)
			}
		})
		t.Run("MigrationsCurrent", func(t *testing.T) {
			cur, target, err := db.MigrationStatus(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if cur != target || cur == 0 {
				t.Fatalf("migration version %d, target %d", cur, target)
			}
		})
	})
}
