package sqldb

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/fault"
	"nscl/internal/registry"
)

// TestAssessmentAudit_MigrateDuplicates: a database that already holds two
// open independent assessments of one enterprise on one scheme (possible
// before 0028) migrates: the newer is cancelled with the reason, the
// older stays open, and the unique index is built; down and up again
// work.
func TestAssessmentAudit_MigrateDuplicates(t *testing.T) {
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			var db *DB
			var err error
			if name == "sqlite" {
				db, err = Open(ctx, Config{URL: "sqlite:" + filepath.Join(t.TempDir(), "x.db"), Migrate: true})
			} else {
				url := os.Getenv("NSCL_TEST_POSTGRES")
				if url == "" {
					if os.Getenv("NSCL_REQUIRE_POSTGRES") != "" {
						t.Fatal("NSCL_TEST_POSTGRES is not set")
					}
					t.Skip("NSCL_TEST_POSTGRES is not set")
				}
				db, err = Open(ctx, Config{URL: url, Schema: "t_asm_migrate_" + time.Now().Format("150405_000000"), Migrate: true, MaxConns: 4})
				if err == nil {
					defer db.DropSchema(ctx)
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			es := []*registry.Enterprise{{TaxCode: "0312345678", Name: "Công ty TNHH Thử", ProvinceCode: "79"}}
			if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
				t.Fatal(err)
			}
			sc := &assessment.Scheme{Code: "5s-migrate", Name: fault.Text{Vi: "5S", En: "5S"}, Kind: assessment.Kind5S}
			v := &assessment.Version{Status: assessment.VersionPublished, Body: assessment.Body{Scale: assessment.Scale{Max: 4}}}
			if err := db.Assessment().CreateScheme(ctx, sc, v); err != nil {
				t.Fatal(err)
			}
			p, err := db.goose()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.DownTo(ctx, 27); err != nil {
				t.Fatalf("down to 27: %v", err)
			}
			now := time.Now().UTC()
			for _, status := range []string{"assigned", "requested", "submitted"} {
				if _, err := db.write.ExecContext(ctx, `INSERT INTO assessments (enterprise_id, province_code, scheme_id, version_id, mode, status,
					created_at, updated_at) VALUES ($1, '79', $2, $3, 'independent', $4, $5, $5)`, int64(es[0].ID), int64(sc.ID), int64(v.ID), status, now); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := p.Up(ctx); err != nil {
				t.Fatalf("up: %v", err)
			}
			xs, _, err := db.Assessment().FindAssessments(ctx, assessment.AssessmentFilter{EnterpriseID: es[0].ID})
			if err != nil || len(xs) != 3 {
				t.Fatalf("%d assessments, %v", len(xs), err)
			}
			got := map[assessment.Status]int{}
			for _, x := range xs {
				got[x.Status]++
				if x.Status == assessment.StatusCancelled && !strings.Contains(x.CancelReason, "trùng") {
					t.Errorf("cancelled without its reason: %q", x.CancelReason)
				}
			}
			if got[assessment.StatusAssigned] != 1 || got[assessment.StatusCancelled] != 1 || got[assessment.StatusSubmitted] != 1 {
				t.Errorf("after the migration: %v", got)
			}
			if _, err := p.DownTo(ctx, 27); err != nil {
				t.Fatalf("down again: %v", err)
			}
			if _, err := p.Up(ctx); err != nil {
				t.Fatalf("up again: %v", err)
			}
		})
	}
}
