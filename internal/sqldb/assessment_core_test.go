package sqldb_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nscl/internal/assessment"
	"nscl/internal/fault"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// TestAssessmentStore_Core pins the round trip of a scheme and its first
// version (the body as JSON, the published version's id and number), the
// lookups that answer NotFound, and that a duplicate code is a Conflict,
// on both databases.
func TestAssessmentStore_Core(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Assessment()
		body := assessment.Body{Scale: assessment.Scale{Min: 0, Max: 4, Labels: []assessment.ScaleLabel{{Value: 0, Label: fault.Text{Vi: "Không", En: "None"}}}},
			Sections: []assessment.Section{{Key: "s1", Name: fault.Text{Vi: "Sàng lọc", En: "Sort"}, Items: []assessment.Item{
				{Key: "s1.1", Text: fault.Text{Vi: "Không có vật dụng thừa", En: "No unneeded items"}, AllowNA: true, Weight: 2}}}},
			Levels: []assessment.Level{{Code: "good", Name: fault.Text{Vi: "Tốt", En: "Good"}, MinPct: 80}}}
		sc := &assessment.Scheme{Code: "5s-test", Name: fault.Text{Vi: "Thực hành tốt 5S", En: "5S"}, Kind: assessment.Kind5S,
			Tools: []string{"5s"}, ValidityMonths: 36}
		v := &assessment.Version{Status: assessment.VersionPublished, Body: body, Note: "Ban hành lần đầu"}
		if err := st.CreateScheme(ctx, sc, v); err != nil {
			t.Fatal(err)
		}
		if sc.ID == 0 || v.ID == 0 || v.No != 1 || sc.Published != v.ID {
			t.Fatalf("created %+v %+v", sc, v)
		}
		got, err := st.FindScheme(ctx, sc.ID)
		if err != nil || got.Code != "5s-test" || got.Published != v.ID || got.PublishedNo != 1 || got.DraftID != 0 ||
			len(got.Tools) != 1 || got.Kind != assessment.Kind5S || got.ValidityMonths != 36 {
			t.Fatalf("scheme = %+v, %v", got, err)
		}
		if byCode, err := st.FindSchemeByCode(ctx, "5s-test"); err != nil || byCode.ID != sc.ID {
			t.Fatalf("by code = %+v, %v", byCode, err)
		}
		gv, err := st.FindVersion(ctx, v.ID)
		if err != nil || gv.Status != assessment.VersionPublished || gv.PublishedAt == nil {
			t.Fatalf("version = %+v, %v", gv, err)
		}
		if d := cmp.Diff(body, gv.Body); d != "" {
			t.Errorf("body (-want +got):\n%s", d)
		}
		all, err := st.FindSchemes(ctx)
		if err != nil || len(all) == 0 {
			t.Fatalf("schemes = %d, %v", len(all), err)
		}
		if err := st.CreateScheme(ctx, &assessment.Scheme{Code: "5s-test", Kind: assessment.Kind5S}, &assessment.Version{Status: assessment.VersionDraft}); !fault.Is(err, fault.Conflict) {
			t.Fatalf("duplicate code: %v", err)
		}
		for name, err := range map[string]error{
			"scheme":        func() error { _, err := st.FindScheme(ctx, 9999); return err }(),
			"version":       func() error { _, err := st.FindVersion(ctx, 9999); return err }(),
			"assessment":    func() error { _, err := st.FindAssessment(ctx, 9999); return err }(),
			"certificate":   func() error { _, err := st.FindCertificate(ctx, 9999); return err }(),
			"number":        func() error { _, err := st.FindCertificateByNumber(ctx, "5S-0000"); return err }(),
			"accreditation": func() error { _, err := st.FindAccreditationFor(ctx, 1, sc.ID); return err }(),
		} {
			if !fault.Is(err, fault.NotFound) {
				t.Errorf("%s: %v, want NotFound", name, err)
			}
		}
		ties, err := st.FindConsultingTies(ctx, 1, 1, time.Now().AddDate(-2, 0, 0))
		if err != nil || len(ties) != 0 {
			t.Fatalf("ties = %v, %v", ties, err)
		}
		ans, err := st.FindAnswers(ctx, 9999)
		if err != nil || len(ans) != 0 {
			t.Fatalf("answers = %v, %v", ans, err)
		}
	})
}
