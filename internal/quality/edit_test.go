package quality_test

import (
	"context"
	"testing"

	"nscl/internal/audit"
	"nscl/internal/fault"
	"nscl/internal/quality"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

func updateOf(c *quality.Characteristic) quality.CharacteristicUpdate {
	return quality.CharacteristicUpdate{Name: c.Name, Unit: c.Unit, LSL: c.LSL, USL: c.USL, Target: c.Target,
		SubgroupSize: c.SubgroupSize, Chart: c.Chart, Rules: c.Rules, SamplingPlan: c.SamplingPlan}
}

func auditActions(t *testing.T, db *sqldb.DB) map[string]int {
	t.Helper()
	es, _, err := db.Audit().FindEntries(context.Background(), audit.Filter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, e := range es {
		out[e.Action]++
	}
	return out
}

func TestService_UpdateProcess(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		svc := f.svc
		c := mustCharacteristic(t, f.userA, svc, quality.Characteristic{})
		t.Run("OK", func(t *testing.T) {
			p, err := svc.UpdateProcess(f.userA, c.ProcessID, quality.ProcessUpdate{Name: "  Ép phun nắp  ", Line: "Máy 4", Description: "Mới"})
			if err != nil {
				t.Fatal(err)
			}
			got, err := svc.FindProcessByID(f.userA, c.ProcessID)
			if err != nil || got.Name != "Ép phun nắp" || got.Line != "Máy 4" || got.Description != "Mới" || !got.Active || p.Name != got.Name {
				t.Fatalf("stored %+v, %v", got, err)
			}
		})
		t.Run("ErrNameRequired", func(t *testing.T) {
			_, err := svc.UpdateProcess(f.userA, c.ProcessID, quality.ProcessUpdate{Name: " "})
			if fault.KindOf(err) != fault.Invalid || fault.FieldsOf(err)["name"].Vi == "" {
				t.Fatalf("err = %v, want Invalid on name", err)
			}
		})
		t.Run("ErrOthersNotFound", func(t *testing.T) {
			for name, ctx := range map[string]context.Context{"userB": f.userB, "ministry": f.ministry, "admin": f.admin} {
				if _, err := svc.UpdateProcess(ctx, c.ProcessID, quality.ProcessUpdate{Name: "x"}); !fault.Is(err, fault.NotFound) {
					t.Errorf("%s: err = %v, want NotFound", name, err)
				}
				if _, err := svc.SetProcessActive(ctx, c.ProcessID, false); !fault.Is(err, fault.NotFound) {
					t.Errorf("%s: deactivate err = %v, want NotFound", name, err)
				}
			}
		})
		t.Run("ErrSharedReadOnly", func(t *testing.T) {
			if err := svc.SetSharing(f.userA, true); err != nil {
				t.Fatal(err)
			}
			defer svc.SetSharing(f.userA, false)
			if _, err := svc.UpdateProcess(f.ministry, c.ProcessID, quality.ProcessUpdate{Name: "x"}); !fault.Is(err, fault.Forbidden) {
				t.Errorf("err = %v, want Forbidden", err)
			}
		})
		t.Run("DeactivateStopsItsCharacteristics", func(t *testing.T) {
			if _, err := svc.AddBatch(f.userA, c.ID, stable(5, 1)); err != nil {
				t.Fatal(err)
			}
			p, err := svc.SetProcessActive(f.userA, c.ProcessID, false)
			if err != nil || p.Active {
				t.Fatalf("deactivate: %+v, %v", p, err)
			}
			got, _ := svc.FindCharacteristicByID(f.userA, c.ID)
			if got.Active {
				t.Error("the characteristic stays active")
			}
			if _, err := svc.AddBatch(f.userA, c.ID, stable(2, 2)); !fault.Is(err, fault.Conflict) {
				t.Errorf("measurement on a stopped characteristic: err = %v, want Conflict", err)
			}
			err = svc.CreateCharacteristic(f.userA, &quality.Characteristic{ProcessID: c.ProcessID, Name: "Mới", Chart: "imr", SubgroupSize: 1})
			if !fault.Is(err, fault.Conflict) {
				t.Errorf("new characteristic under a stopped process: err = %v, want Conflict", err)
			}
			if _, err := svc.SetCharacteristicActive(f.userA, c.ID, true); !fault.Is(err, fault.Conflict) {
				t.Errorf("reactivating under a stopped process: err = %v, want Conflict", err)
			}
			// The history stays readable.
			if ch, err := svc.FindChart(f.userA, c.ID, 0); err != nil || len(ch.Points) != 5 {
				t.Errorf("chart after stopping: %v", err)
			}
			if _, err := svc.SetProcessActive(f.userA, c.ProcessID, true); err != nil {
				t.Fatal(err)
			}
			if got, err := svc.SetCharacteristicActive(f.userA, c.ID, true); err != nil || !got.Active {
				t.Fatalf("reactivate: %+v, %v", got, err)
			}
			if _, err := svc.AddBatch(f.userA, c.ID, stable(2, 3)); err != nil {
				t.Errorf("measurement after reactivation: %v", err)
			}
			acts := auditActions(t, db)
			for _, a := range []string{"quality.process.update", "quality.process.deactivate", "quality.process.activate", "quality.characteristic.activate"} {
				if acts[a] == 0 {
					t.Errorf("no audit entry %s (%v)", a, acts)
				}
			}
		})
	})
}

func TestService_UpdateCharacteristic(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		svc := f.svc
		empty := mustCharacteristic(t, f.userA, svc, quality.Characteristic{Name: "Chưa có dữ liệu"})
		full := mustCharacteristic(t, f.userA, svc, quality.Characteristic{Name: "Có dữ liệu", Chart: "xbar-r", SubgroupSize: 4, LSL: f64(9), USL: f64(11)})
		ms := stable(40, 5)
		if _, err := svc.AddBatch(f.userA, full.ID, ms); err != nil {
			t.Fatal(err)
		}
		full, _ = svc.FindCharacteristicByID(f.userA, full.ID)
		if full.LastCpk == nil {
			t.Fatal("no Cpk after the batch")
		}
		t.Run("AnythingWithoutData", func(t *testing.T) {
			u := updateOf(empty)
			u.Chart, u.SubgroupSize, u.LSL, u.USL, u.Unit = "p", 50, nil, nil, "sp"
			c, err := svc.UpdateCharacteristic(f.userA, empty.ID, u)
			if err != nil || c.Chart != "p" || c.SubgroupSize != 50 {
				t.Fatalf("update: %+v, %v", c, err)
			}
		})
		t.Run("SpecLimitsRecomputeCpk", func(t *testing.T) {
			u := updateOf(full)
			u.LSL, u.USL, u.Target, u.Name = f64(9.5), f64(10.5), f64(10), "Khối lượng (g)"
			c, err := svc.UpdateCharacteristic(f.userA, full.ID, u)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := svc.FindCharacteristicByID(f.userA, full.ID)
			if got.Name != "Khối lượng (g)" || *got.LSL != 9.5 || got.LastCpk == nil || *got.LastCpk >= *full.LastCpk || got.LastSeq != 40 {
				t.Errorf("stored %+v (Cpk %v, before %v); returned %+v", got, got.LastCpk, *full.LastCpk, c)
			}
		})
		t.Run("VariablesChartChangeWithData", func(t *testing.T) {
			u := updateOf(full)
			u.Chart, u.Rules = "xbar-s", "nelson"
			if _, err := svc.UpdateCharacteristic(f.userA, full.ID, u); err != nil {
				t.Fatal(err)
			}
			ch, err := svc.FindChart(f.userA, full.ID, 0)
			if err != nil || ch.Result == nil || ch.Result.SigmaMethod != "Sbar/c4" || len(ch.Points) != 10 {
				t.Fatalf("chart after the change: %+v, %v", ch.Result, err)
			}
		})
		for _, tc := range []struct {
			name, field string
			change      func(u *quality.CharacteristicUpdate)
		}{
			{"ErrSubgroupSizeWithData", "subgroup_size", func(u *quality.CharacteristicUpdate) { u.SubgroupSize = 5 }},
			{"ErrAttributeChartWithData", "chart", func(u *quality.CharacteristicUpdate) { u.Chart, u.LSL, u.USL, u.Target = "c", nil, nil, nil }},
			{"ErrIMRWithSubgroups", "chart", func(u *quality.CharacteristicUpdate) { u.Chart = "imr" }},
			{"ErrUSLBelowLSL", "usl", func(u *quality.CharacteristicUpdate) { u.LSL, u.USL = f64(11), f64(10) }},
			{"ErrNameRequired", "name", func(u *quality.CharacteristicUpdate) { u.Name = "" }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				cur, _ := svc.FindCharacteristicByID(f.userA, full.ID)
				u := updateOf(cur)
				tc.change(&u)
				_, err := svc.UpdateCharacteristic(f.userA, full.ID, u)
				if fault.KindOf(err) != fault.Invalid || fault.FieldsOf(err)[tc.field].Vi == "" || fault.FieldsOf(err)[tc.field].En == "" {
					t.Fatalf("err = %v (fields %v), want Invalid on %s", err, fault.FieldsOf(err), tc.field)
				}
			})
		}
		t.Run("ErrOthersNotFound", func(t *testing.T) {
			for name, ctx := range map[string]context.Context{"userB": f.userB, "province01": f.province01} {
				if _, err := svc.UpdateCharacteristic(ctx, full.ID, updateOf(full)); !fault.Is(err, fault.NotFound) {
					t.Errorf("%s: err = %v, want NotFound", name, err)
				}
				if _, err := svc.SetCharacteristicActive(ctx, full.ID, false); !fault.Is(err, fault.NotFound) {
					t.Errorf("%s: deactivate err = %v, want NotFound", name, err)
				}
			}
			if _, err := svc.UpdateCharacteristic(f.anon, full.ID, updateOf(full)); !fault.Is(err, fault.Unauthenticated) {
				t.Errorf("anonymous: err = %v", err)
			}
		})
		t.Run("ActiveWithTheSettingsInOneTransaction", func(t *testing.T) {
			cur, _ := svc.FindCharacteristicByID(f.userA, empty.ID)
			u := updateOf(cur)
			u.Name, u.Active = "Tạm dừng", new(false)
			c, err := svc.UpdateCharacteristic(f.userA, empty.ID, u)
			if err != nil || c.Active || c.Name != "Tạm dừng" {
				t.Fatalf("update: %+v, %v", c, err)
			}
			if _, err := svc.SetProcessActive(f.userA, empty.ProcessID, false); err != nil {
				t.Fatal(err)
			}
			u.Name, u.Active = "Không được lưu", new(true)
			if _, err := svc.UpdateCharacteristic(f.userA, empty.ID, u); !fault.Is(err, fault.Conflict) {
				t.Fatalf("resume under a stopped process: err = %v, want Conflict", err)
			}
			got, _ := svc.FindCharacteristicByID(f.userA, empty.ID)
			if got.Name != "Tạm dừng" || got.Active {
				t.Errorf("a refused update was partly stored: %+v", got)
			}
			if _, err := svc.UpdateProcess(f.userA, empty.ProcessID, quality.ProcessUpdate{Name: "Ép phun", Active: new(true)}); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("Deactivate", func(t *testing.T) {
			c, err := svc.SetCharacteristicActive(f.userA, full.ID, false)
			if err != nil || c.Active {
				t.Fatalf("deactivate: %+v, %v", c, err)
			}
			if _, err := svc.AddSubgroup(f.userA, full.ID, quality.SubgroupInput{Values: []float64{10, 10, 10, 10}}); !fault.Is(err, fault.Conflict) {
				t.Errorf("subgroup on a stopped characteristic: err = %v, want Conflict", err)
			}
			// Settings stay editable while stopped.
			u := updateOf(c)
			u.SamplingPlan = "Ngừng theo dõi từ tháng 11"
			if _, err := svc.UpdateCharacteristic(f.userA, full.ID, u); err != nil {
				t.Errorf("edit while stopped: %v", err)
			}
			got, _ := svc.FindCharacteristicByID(f.userA, full.ID)
			if got.Active || got.SamplingPlan != "Ngừng theo dõi từ tháng 11" {
				t.Errorf("stored %+v", got)
			}
			acts := auditActions(t, db)
			if acts["quality.characteristic.update"] < 3 || acts["quality.characteristic.deactivate"] < 2 {
				t.Errorf("audit actions %v", acts)
			}
		})
	})
}
