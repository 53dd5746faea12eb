package sqldb_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/fault"
	"nscl/internal/sqldb/sqldbtest"
)

// BenchmarkSubmit200_SQLite submits a 200-item self-assessment through
// the service on SQLite: the transition, reading the 200 answers and the
// version's body, the score, the frozen result and the audit entry in one
// transaction (the mail notice goes to a fake). Each iteration submits a
// fresh assessment whose answers were saved outside the timer.
//
//	go test ./internal/sqldb -run '^$' -bench Submit200
func BenchmarkSubmit200_SQLite(b *testing.B) {
	db := sqldbtest.MustOpenSQLite(b)
	w := newAuditWorld(b, db)
	ctx, st := context.Background(), db.Assessment()
	body := assessment.Body{Scale: assessment.Scale{Min: 0, Max: 4}, Levels: []assessment.Level{{Code: "dat", MinPct: 50}}}
	for s := range 10 {
		sec := assessment.Section{Key: fmt.Sprintf("s%d", s+1), Name: fault.Text{Vi: "Phần", En: "Section"}}
		for i := range 20 {
			sec.Items = append(sec.Items, assessment.Item{Key: fmt.Sprintf("s%d.%d", s+1, i+1), Text: fault.Text{Vi: "Mục", En: "Item"}, AllowNA: i == 0})
		}
		body.Sections = append(body.Sections, sec)
	}
	sc := &assessment.Scheme{Code: "bench-200", Name: fault.Text{Vi: "200 mục", En: "200 items"}, Kind: assessment.KindTools}
	v := &assessment.Version{Status: assessment.VersionPublished, Body: body}
	if err := st.CreateScheme(ctx, sc, v); err != nil {
		b.Fatal(err)
	}
	owner := as(w.owner)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		x, err := w.svc.StartSelf(owner, assessment.StartInput{SchemeID: sc.ID, Site: "Xưởng"})
		if err != nil {
			b.Fatal(err)
		}
		at := time.Now()
		for _, s := range body.Sections {
			for j, it := range s.Items {
				if _, err := st.UpsertAnswer(ctx, x.ID, assessment.Answer{ItemKey: it.Key, Value: j % 5, NA: j == 0, AnsweredBy: w.owner.UserID, AnsweredAt: at}); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.StartTimer()
		got, err := w.svc.Submit(owner, x.ID, x.Version)
		if err != nil || got.Status != assessment.StatusSubmitted {
			b.Fatalf("submit: %+v, %v", got, err)
		}
	}
}
