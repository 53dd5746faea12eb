package contest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/contest"
	"nscl/internal/registry"
	"nscl/internal/sqldb/sqldbtest"
)

// BenchmarkEntries_Organiser2000 is the organiser's entries list of a
// contest of 2,000 entries (SQLite), completeness included.
func BenchmarkEntries_Organiser2000(b *testing.B) {
	ctx := context.Background()
	db := sqldbtest.MustOpenSQLite(b)
	now := time.Date(2026, 4, 10, 3, 0, 0, 0, time.UTC)
	const n = 2000
	es := make([]*registry.Enterprise, n)
	for i := range es {
		es[i] = &registry.Enterprise{TaxCode: fmt.Sprintf("09%08d", i), Name: fmt.Sprintf("Công ty %d", i), ProvinceCode: "01", CreatedAt: now, UpdatedAt: now}
	}
	if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
		b.Fatal(err)
	}
	p, _ := contest.PresetByCode("solution")
	c := &contest.Contest{Code: "B-2026", Title: "Bench", Year: 2026, Kind: contest.KindYearly, EntryKind: p.EntryKind, Status: contest.StatusAnnounced,
		EntriesOpen: now, EntriesClose: now.AddDate(0, 2, 0), JudgingEnd: now.AddDate(0, 4, 0), PublishOn: now.AddDate(0, 5, 0), MinJudges: 3,
		Categories: p.Categories, Criteria: p.Criteria}
	st := db.Contest()
	if err := st.CreateContest(ctx, c); err != nil {
		b.Fatal(err)
	}
	err := st.Tx(ctx, func(tx contest.Store) error {
		for i, e := range es {
			en := &contest.Entry{ContestID: c.ID, CategoryID: c.Categories[0].ID, EnterpriseID: e.ID, Code: contest.EntryCode(c.Code, i+1),
				Title: "Giải pháp", SummaryMD: "Mô tả", Form: map[string]string{"1": "a", "2": "b", "3": "c"}, Status: contest.EntrySubmitted,
				KPIs: []contest.EntryKPI{{Name: "Phế phẩm", Unit: "%", Before: 5, After: 2, Evidence: "Báo cáo"}}, CreatedAt: now}
			if err := tx.CreateEntry(ctx, en); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	svc := contest.NewService(contest.Options{Store: st, Registry: &fakeRegistry{}, Clock: func() time.Time { return now }})
	m := auth.WithActor(ctx, &auth.Actor{UserID: 1, Role: auth.RoleMinistry})
	b.ResetTimer()
	for b.Loop() {
		_, rows, err := svc.Entries(m, c.ID, contest.EntryQuery{})
		if err != nil || len(rows) != n {
			b.Fatalf("%d rows, %v", len(rows), err)
		}
	}
}
