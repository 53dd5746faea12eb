package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nscl/internal/diagnosis"
	"nscl/internal/fault"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

func TestDiagnosisStore(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Diagnosis()
		at := time.Date(2026, 4, 5, 6, 7, 8, 0, time.UTC)
		es := makeEnterprises(1_100_000_000, 8, at)
		if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
			t.Fatal(err)
		}

		// Questionnaires: published ones do not change.
		v1 := &diagnosis.Questionnaire{Version: 1, Status: diagnosis.StatusPublished, Content: diagnosis.DefaultContent(), CreatedAt: at, UpdatedAt: at, PublishedAt: &at}
		if err := s.CreateQuestionnaire(ctx, v1); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateQuestionnaire(ctx, v1); !fault.Is(err, fault.Conflict) {
			t.Fatalf("second version 1 = %v, want Conflict", err)
		}
		if err := s.UpdateDraft(ctx, v1); !fault.Is(err, fault.NotFound) {
			t.Fatalf("UpdateDraft(published) = %v, want NotFound", err)
		}
		if err := s.DeleteDraft(ctx, 1); !fault.Is(err, fault.NotFound) {
			t.Fatalf("DeleteDraft(published) = %v, want NotFound", err)
		}
		v2 := &diagnosis.Questionnaire{Version: 2, Status: diagnosis.StatusDraft, Content: diagnosis.DefaultContent(), CreatedAt: at, UpdatedAt: at, CreatedBy: 0}
		if err := s.CreateQuestionnaire(ctx, v2); err != nil {
			t.Fatal(err)
		}
		v2.Dimensions[0].Questions[0].Text.En = "Changed"
		if err := s.UpdateDraft(ctx, v2); err != nil {
			t.Fatal(err)
		}
		cur, err := s.FindCurrentQuestionnaire(ctx)
		if err != nil || cur.Version != 1 {
			t.Fatalf("current before publishing = %+v, %v", cur, err)
		}
		if err := s.PublishDraft(ctx, 2, 0, at); err != nil {
			t.Fatal(err)
		}
		cur, err = s.FindCurrentQuestionnaire(ctx)
		if err != nil || cur.Version != 2 || cur.Dimensions[0].Questions[0].Text.En != "Changed" {
			t.Fatalf("current after publishing = v%d, %v", cur.Version, err)
		}
		old, err := s.FindQuestionnaire(ctx, 1)
		if err != nil || cmp.Diff(diagnosis.DefaultContent(), old.Content) != "" {
			t.Fatalf("version 1 changed: %v", cmp.Diff(diagnosis.DefaultContent(), old.Content))
		}
		if err := s.PublishDraft(ctx, 2, 0, at); !fault.Is(err, fault.NotFound) {
			t.Fatalf("publish twice = %v, want NotFound", err)
		}

		// Diagnoses: one per enterprise and year.
		d := &diagnosis.Diagnosis{EnterpriseID: int64(es[0].ID), Year: 2026, Version: 1, Status: diagnosis.StatusDraft, ProvinceCode: "01",
			Sector: "ind:plastics", SizeClass: "small", CreatedAt: at, UpdatedAt: at}
		if err := s.CreateDiagnosis(ctx, d); err != nil {
			t.Fatal(err)
		}
		dup := *d
		if err := s.CreateDiagnosis(ctx, &dup); !fault.Is(err, fault.Conflict) {
			t.Fatalf("second diagnosis of the year = %v, want Conflict", err)
		}
		if err := s.SaveAnswer(ctx, d.ID, "lead_goals", 2, at); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveAnswer(ctx, d.ID, "lead_goals", 4, at); err != nil { // replaced
			t.Fatal(err)
		}
		got, err := s.FindDiagnosis(ctx, d.ID)
		if err != nil || got.Answers["lead_goals"] != 4 || len(got.Answers) != 1 || got.EnterpriseName != es[0].Name {
			t.Fatalf("FindDiagnosis = %+v, %v", got, err)
		}
		d.Score, d.Level, d.Status, d.SubmittedAt = 3.25, 3, diagnosis.StatusSubmitted, &at
		d.Levels = []diagnosis.DimensionLevel{{Code: "quality", Name: fault.Text{Vi: "Chất lượng", En: "Quality"}, Level: 3, Score: 3.25}}
		d.Path = []diagnosis.PathStep{{Tool: "qc7", Reason: fault.Text{Vi: "a", En: "b"}, Dimension: "quality"}}
		if err := s.SubmitDiagnosis(ctx, d); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveAnswer(ctx, d.ID, "lead_goals", 1, at); !fault.Is(err, fault.NotFound) {
			t.Fatalf("answer a submitted diagnosis = %v, want NotFound", err)
		}
		if err := s.SubmitDiagnosis(ctx, d); !fault.Is(err, fault.NotFound) {
			t.Fatalf("submit twice = %v, want NotFound", err)
		}
		got, err = s.FindDiagnosis(ctx, d.ID)
		if err != nil || cmp.Diff(d.Levels, got.Levels) != "" || cmp.Diff(d.Path, got.Path) != "" || got.Score != 3.25 {
			t.Fatalf("submitted = %+v, %v", got, err)
		}

		// Bulk: peers and a previous year.
		var bulk []*diagnosis.Diagnosis
		for i, sc := range []float64{1.2, 2.5, 3.25, 4, 4.8} {
			bulk = append(bulk, &diagnosis.Diagnosis{EnterpriseID: int64(es[i+1].ID), Year: 2026, Version: 1, Status: diagnosis.StatusSubmitted,
				ProvinceCode: "79", Sector: "ind:plastics", SizeClass: "small", Score: sc, Level: diagnosis.LevelOf(sc), CreatedAt: at, UpdatedAt: at,
				SubmittedAt: &at, Answers: map[string]int{"lead_goals": 3, "lead_plan": 4}})
		}
		bulk = append(bulk, &diagnosis.Diagnosis{EnterpriseID: int64(es[0].ID), Year: 2025, Version: 1, Status: diagnosis.StatusSubmitted,
			ProvinceCode: "01", Sector: "ind:plastics", SizeClass: "small", Score: 2, Level: 2, CreatedAt: at, UpdatedAt: at, SubmittedAt: &at})
		if err := s.CreateDiagnosesBulk(ctx, bulk); err != nil {
			t.Fatal(err)
		}
		for _, b := range bulk {
			if b.ID == 0 {
				t.Fatalf("bulk diagnosis without id: %+v", b)
			}
		}
		if got, err := s.FindDiagnosis(ctx, bulk[0].ID); err != nil || got.Answers["lead_plan"] != 4 {
			t.Fatalf("bulk answers = %+v, %v", got, err)
		}
		p, err := s.FindPeers(ctx, 2026, "ind:plastics", "small", int64(es[0].ID), 3.25)
		if err != nil || p != (diagnosis.Peers{Count: 5, Below: 2, Equal: 1}) {
			t.Fatalf("FindPeers = %+v, %v", p, err)
		}
		prev, err := s.FindSubmittedBefore(ctx, int64(es[0].ID), 2026)
		if err != nil || prev.Year != 2025 {
			t.Fatalf("FindSubmittedBefore = %+v, %v", prev, err)
		}
		latest, err := s.FindSubmittedBefore(ctx, int64(es[0].ID), 0)
		if err != nil || latest.ID != d.ID {
			t.Fatalf("latest = %+v, %v", latest, err)
		}
		list, total, err := s.FindDiagnoses(ctx, diagnosis.Filter{Year: 2026, ProvinceCode: "79", Limit: 3})
		if err != nil || total != 5 || len(list) != 3 {
			t.Fatalf("FindDiagnoses = %d of %d, %v", len(list), total, err)
		}
		dist, err := s.Distribution(ctx, diagnosis.Filter{Year: 2026, Level: 5})
		if err != nil || dist != [5]int{1, 0, 3, 1, 1} {
			t.Fatalf("Distribution = %v, %v", dist, err)
		}
		years, err := s.DiagnosisYears(ctx)
		if err != nil || cmp.Diff([]int{2026, 2025}, years) != "" {
			t.Fatalf("years = %v, %v", years, err)
		}
	})
}
