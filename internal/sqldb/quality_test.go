package sqldb_test

import (
	"context"
	"testing"
	"time"

	"nscl/internal/fault"
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

// Updates write the editable fields (a limit set to nil is removed), keep
// the measurement counter, and are NotFound for a missing row.
func TestQualityStore_Updates(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		es := []*registry.Enterprise{{TaxCode: "0100109106", Name: "Nhựa", ProvinceCode: "01"}}
		if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
			t.Fatal(err)
		}
		st := db.Quality()
		now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		p := &quality.Process{EnterpriseID: int64(es[0].ID), Name: "Ép", Active: true, CreatedAt: now, UpdatedAt: now}
		if err := st.CreateProcess(ctx, p); err != nil {
			t.Fatal(err)
		}
		lsl, usl := 1.0, 2.0
		c := &quality.Characteristic{ProcessID: p.ID, EnterpriseID: p.EnterpriseID, Name: "Dày", Chart: "imr", Rules: "we",
			SubgroupSize: 1, LSL: &lsl, USL: &usl, Active: true, CreatedAt: now, UpdatedAt: now}
		if err := st.CreateCharacteristic(ctx, c); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ReserveSeqs(ctx, c.ID, 3, now); err != nil {
			t.Fatal(err)
		}
		later := now.Add(time.Hour)
		p.Name, p.Line, p.Active, p.UpdatedAt = "Ép phun", "Máy 2", false, later
		if err := st.UpdateProcess(ctx, p); err != nil {
			t.Fatal(err)
		}
		gp, err := st.FindProcessByID(ctx, p.ID)
		if err != nil || gp.Name != "Ép phun" || gp.Line != "Máy 2" || gp.Active || !gp.UpdatedAt.Equal(later) || !gp.CreatedAt.Equal(now) {
			t.Fatalf("process read back as %+v, %v", gp, err)
		}
		c.Name, c.LSL, c.Chart, c.Rules, c.Active, c.UpdatedAt = "Độ dày", nil, "ewma", "nelson", false, later
		if err := st.UpdateCharacteristic(ctx, c); err != nil {
			t.Fatal(err)
		}
		gc, err := st.FindCharacteristicByID(ctx, c.ID)
		if err != nil || gc.Name != "Độ dày" || gc.LSL != nil || *gc.USL != 2 || gc.Chart != "ewma" || gc.Rules != "nelson" ||
			gc.Active || gc.LastSeq != 3 || !gc.UpdatedAt.Equal(later) {
			t.Fatalf("characteristic read back as %+v, %v", gc, err)
		}
		missingP := *p
		missingP.ID = 999999
		if err := st.UpdateProcess(ctx, &missingP); !fault.Is(err, fault.NotFound) {
			t.Errorf("missing process: err = %v, want NotFound", err)
		}
		missingC := *c
		missingC.ID = 999999
		if err := st.UpdateCharacteristic(ctx, &missingC); !fault.Is(err, fault.NotFound) {
			t.Errorf("missing characteristic: err = %v, want NotFound", err)
		}
	})
}
