package sqldb_test

import (
	"context"
	"testing"
	"time"

	"nscl/internal/quality"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// The multi-row measurement insert binds the shared $1–$3 and four
// parameters per row correctly on both databases (full statements and the
// tail), LastMeasurements reads the newest rows back in seq order, and an
// alert is stored once per characteristic, rule and point.
func TestQualityStore_MeasurementsAndAlerts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		es := []*registry.Enterprise{{TaxCode: "0100109106", Name: "Nhựa", ProvinceCode: "01"}}
		if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
			t.Fatal(err)
		}
		st := db.Quality()
		now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		p := &quality.Process{EnterpriseID: int64(es[0].ID), Name: "Ép", CreatedAt: now, UpdatedAt: now}
		if err := st.CreateProcess(ctx, p); err != nil {
			t.Fatal(err)
		}
		c := &quality.Characteristic{ProcessID: p.ID, EnterpriseID: p.EnterpriseID, Name: "Khối lượng", Chart: "p", Rules: "we",
			SubgroupSize: 50, Active: true, CreatedAt: now, UpdatedAt: now}
		if err := st.CreateCharacteristic(ctx, c); err != nil {
			t.Fatal(err)
		}
		const n = 123
		ms := make([]quality.MeasurementInput, n)
		for i := range ms {
			ms[i] = quality.MeasurementInput{TakenAt: now.Add(time.Duration(i) * time.Minute), Subgroup: "g", Value: float64(i), Size: float64(i % 2 * 50)}
		}
		err := st.Tx(ctx, func(tx quality.Store) error {
			last, err := tx.ReserveSeqs(ctx, c.ID, n, now)
			if err != nil {
				return err
			}
			if last != n {
				t.Errorf("last seq %d, want %d", last, n)
			}
			_, err = tx.InsertMeasurements(ctx, c.ID, quality.SourceAPI, 0, 1, ms, now)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.LastMeasurements(ctx, c.ID, 100, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 10 || got[0].Seq != 91 || got[9].Seq != 100 {
			t.Fatalf("got %d rows from %d", len(got), got[0].Seq)
		}
		for _, m := range got {
			if m.Value != float64(m.Seq-1) || m.Size != float64((m.Seq-1)%2*50) || !m.TakenAt.Equal(now.Add(time.Duration(m.Seq-1)*time.Minute)) {
				t.Errorf("row %d read back as %+v", m.Seq, m)
			}
		}
		a := func() *quality.Alert {
			return &quality.Alert{CharacteristicID: c.ID, EnterpriseID: c.EnterpriseID, Rule: "we1", PointSeq: 7, Value: 6, CreatedAt: now}
		}
		first, err := st.CreateAlerts(ctx, []*quality.Alert{a()})
		if err != nil || len(first) != 1 || first[0].ID == 0 {
			t.Fatalf("first alert: %v, %v", first, err)
		}
		again, err := st.CreateAlerts(ctx, []*quality.Alert{a()})
		if err != nil || len(again) != 0 {
			t.Fatalf("duplicate alert stored: %v, %v", again, err)
		}
		sums, err := st.Summaries(ctx, "01", now.Add(-time.Hour))
		if err != nil || len(sums) != 1 || sums[0].Alerts30 != 1 || sums[0].Characteristics != 1 {
			t.Fatalf("summaries %+v, %v", sums, err)
		}
	})
}
