package sqldb_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// TestAssessmentAudit_RequestIndependentRace: four requests at once for
// an independent assessment of the same enterprise and scheme open one;
// the others are told, as a Conflict, that one is open (0028's partial
// unique index; the check before the insert does not see a request not
// yet committed).
func TestAssessmentAudit_RequestIndependentRace(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		owner := as(w.owner)
		dups := 0
		for round := 0; round < 20; round++ {
			var wg sync.WaitGroup
			var mu sync.Mutex
			var made []*assessment.Assessment
			var errs []error
			for range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					x, err := w.svc.RequestIndependent(owner, assessment.RequestInput{SchemeID: w.scheme.ID, Site: "Xưởng"})
					mu.Lock()
					defer mu.Unlock()
					if err == nil {
						made = append(made, x)
					} else {
						errs = append(errs, err)
					}
				}()
			}
			wg.Wait()
			if len(made) > 1 {
				dups++
			}
			for _, err := range errs {
				if !fault.Is(err, fault.Conflict) || !strings.Contains(fault.MessageOf(err).Vi, "đang thực hiện") {
					t.Errorf("round %d: %v (kind %v)", round, err, fault.KindOf(err))
				}
			}
			for _, x := range made {
				if _, err := w.svc.Cancel(owner, x.ID, x.Version, "Gửi nhầm"); err != nil {
					t.Fatal(err)
				}
			}
		}
		if dups > 0 {
			t.Errorf("%d of 20 rounds opened more than one independent assessment", dups)
		}
		// The store itself refuses a second open one.
		x := &assessment.Assessment{EnterpriseID: w.firm.ID, ProvinceCode: "79", SchemeID: w.scheme.ID, VersionID: w.v1.ID,
			Mode: assessment.ModeIndependent, Status: assessment.StatusRequested, Site: "Kho"}
		if err := db.Assessment().CreateAssessment(context.Background(), x, ""); err != nil {
			t.Fatal(err)
		}
		y := *x
		y.ID, y.Status = 0, assessment.StatusAssigned
		err := db.Assessment().CreateAssessment(context.Background(), &y, "")
		wantKind(t, "a second open independent assessment", err, fault.Conflict)
		// A self-assessment and a closed independent one are not counted.
		y.Mode, y.Status = assessment.ModeSelf, assessment.StatusInProgress
		if err := db.Assessment().CreateAssessment(context.Background(), &y, ""); err != nil {
			t.Errorf("a self-assessment beside it: %v", err)
		}
		z := *x
		z.ID, z.Status = 0, assessment.StatusSubmitted
		if err := db.Assessment().CreateAssessment(context.Background(), &z, ""); err != nil {
			t.Errorf("a submitted one beside it: %v", err)
		}
	})
}

// TestAssessmentAudit_Indexes: 0028's index of a provincial officer's
// list (province, newest first) and the partial unique index of open
// independent assessments.
func TestAssessmentAudit_Indexes(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		for _, c := range []struct{ name, first string }{
			{"assessments_province_created", "province_code"},
			{"assessments_one_open_independent", "enterprise_id"},
		} {
			q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = $1 AND tbl_name = 'assessments' AND $2 <> ''`
			if db.IsPostgres() {
				q = `SELECT COUNT(*) FROM pg_class i JOIN pg_namespace n ON n.oid = i.relnamespace
					JOIN pg_index x ON x.indexrelid = i.oid JOIN pg_class t ON t.oid = x.indrelid
					JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
					WHERE i.relname = $1 AND n.nspname = current_schema() AND t.relname = 'assessments' AND a.attname = $2`
			}
			var n int
			if err := db.WriteDB().QueryRow(q, c.name, c.first).Scan(&n); err != nil || n != 1 {
				t.Errorf("index %s: %d, %v", c.name, n, err)
			}
		}
	})
}

// TestAssessmentAudit_CandidatesBounded: the assessors who may be
// assigned are read in a bounded page, those whose accreditation is in
// force today first.
func TestAssessmentAudit_CandidatesBounded(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newAuditWorld(t, db)
		ctx := context.Background()
		today := vnDay(w.clock.now())
		cs, err := db.Assessment().FindAuditCandidates(ctx, w.scheme.ID, today, 3)
		if err != nil || len(cs) != 3 {
			t.Fatalf("%d candidates, %v", len(cs), err)
		}
		for _, c := range cs {
			if !c.Accreditation.ActiveOn(today) {
				t.Errorf("%s (%s) comes before an assessor in force", c.Name, c.Accreditation.Status)
			}
		}
		all, err := db.Assessment().FindAuditCandidates(ctx, w.scheme.ID, today, 100)
		if err != nil || len(all) != 6 {
			t.Fatalf("%d candidates, %v", len(all), err)
		}
		if !all[0].Accreditation.ActiveOn(today) || all[5].Accreditation.ActiveOn(today) {
			t.Errorf("order: %v", names(all))
		}
		_ = auth.RoleAssessor
		_ = time.Second
		_ = fmt.Sprint
	})
}

func names(cs []assessment.Candidate) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name+" "+string(c.Accreditation.Status))
	}
	return out
}
