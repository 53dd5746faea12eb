package sqldb_test

import (
	"context"
	"testing"
	"time"

	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/matching"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

func TestCatalogStore_Tools(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Catalog()
		at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		b := catalog.Builtin()
		t1 := b[8] // TPM, with prerequisites and sectors
		t1.UpdatedAt = at
		if ok, err := s.InsertMissingTool(ctx, &t1); err != nil || !ok {
			t.Fatalf("InsertMissingTool = %v, %v", ok, err)
		}
		again := t1
		again.Name.Vi = "khác"
		if ok, err := s.InsertMissingTool(ctx, &again); err != nil || ok {
			t.Fatalf("InsertMissingTool of an existing code = %v, %v", ok, err)
		}
		if err := s.InsertTool(ctx, &again); !fault.Is(err, fault.Conflict) {
			t.Fatalf("InsertTool of an existing code: %v", err)
		}
		got, err := s.FindTool(ctx, t1.Code)
		if err != nil || got.Name != t1.Name || len(got.Prerequisites) != len(t1.Prerequisites) || len(got.Sectors) != len(t1.Sectors) ||
			!got.Builtin || !got.UpdatedAt.Equal(at) {
			t.Fatalf("FindTool = %+v, %v", got, err)
		}
		got.Hidden, got.Position, got.Sectors = true, 5, nil
		if err := s.UpdateTool(ctx, got); err != nil {
			t.Fatal(err)
		}
		ts, err := s.ListTools(ctx)
		if err != nil || len(ts) != 1 || !ts[0].Hidden || ts[0].Position != 5 || ts[0].Sectors != nil || !ts[0].Builtin {
			t.Fatalf("ListTools = %+v, %v", ts, err)
		}
		if _, err := s.FindTool(ctx, "khong_co"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("FindTool of a missing code: %v", err)
		}
		if err := s.UpdateTool(ctx, &catalog.Tool{Code: "khong_co", Kind: catalog.KindMethod}); !fault.Is(err, fault.NotFound) {
			t.Fatalf("UpdateTool of a missing code: %v", err)
		}
	})
}

func TestCatalogStore_Standards(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Catalog()
		ss := catalog.DemoStandards(400, 3)
		if err := s.CreateStandards(ctx, ss); err != nil {
			t.Fatal(err)
		}
		for _, st := range ss {
			if st.ID == 0 {
				t.Fatalf("%s has no ID", st.Code)
			}
		}
		pg, err := s.SearchStandards(ctx, catalog.StandardFilter{Limit: 1000})
		if err != nil || pg.Total != len(ss) || len(pg.Items) != len(ss) {
			t.Fatalf("all = %d (%d items), %v", pg.Total, len(pg.Items), err)
		}
		for i := 1; i < len(pg.Items); i++ {
			if pg.Items[i-1].Notation().SortKey() > pg.Items[i].Notation().SortKey() {
				t.Fatalf("out of order: %s before %s", pg.Items[i-1].Code, pg.Items[i].Code)
			}
		}
		// A page past the end still has the total, with words or without.
		for _, q := range []string{"", "yeu cau"} {
			all, _ := s.SearchStandards(ctx, catalog.StandardFilter{Query: q, Limit: 1})
			far, err := s.SearchStandards(ctx, catalog.StandardFilter{Query: q, Limit: 10, Offset: 100000})
			if err != nil || far.Total != all.Total || len(far.Items) != 0 || all.Total == 0 {
				t.Fatalf("%q past the end: %d of %d, %v", q, len(far.Items), all.Total, err)
			}
		}
		// Words follow an update; the replacement is read back with its code.
		st, err := s.FindStandardByCode(ctx, "QCVN 01:2020/BCT")
		if err != nil {
			t.Fatal(err)
		}
		st.Title.Vi = "Quy chuẩn kỹ thuật quốc gia về an toàn điện – bản sửa đổi thử nghiệm"
		if err := s.UpdateStandard(ctx, st); err != nil {
			t.Fatal(err)
		}
		if pg, _ := s.SearchStandards(ctx, catalog.StandardFilter{Query: "ban sua doi thu nghiem"}); pg.Total != 1 || pg.Items[0].ID != st.ID {
			t.Fatalf("search after update: %+v", pg)
		}
		old, err := s.FindStandardByCode(ctx, "QCVN 01:2008/BCT")
		if err != nil {
			t.Fatal(err)
		}
		old.ReplacedBy = st.ID
		if err := s.UpdateStandard(ctx, old); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindStandard(ctx, old.ID)
		if err != nil || got.ReplacedByCode != "QCVN 01:2020/BCT" {
			t.Fatalf("replaced by = %q, %v", got.ReplacedByCode, err)
		}
		if rs, err := s.ReplacedBy(ctx, st.ID); err != nil || len(rs) != 1 || rs[0].ID != old.ID {
			t.Fatalf("ReplacedBy = %v, %v", rs, err)
		}
		if err := s.CreateStandard(ctx, &catalog.Standard{Code: st.Code, Kind: st.Kind, Number: st.Number, Year: st.Year, Body: st.Body,
			Title: st.Title, Status: catalog.StatusInForce}); !fault.Is(err, fault.Conflict) {
			t.Fatalf("duplicate code: %v", err)
		}
		// ICS prefixes and kinds.
		pg, _ = s.SearchStandards(ctx, catalog.StandardFilter{ICSPrefix: "29.02", Kind: catalog.KindQCVN})
		if pg.Total < 2 {
			t.Fatalf("QCVN in ICS 29.02…: %d", pg.Total)
		}
		for _, x := range pg.Items {
			if x.Kind != catalog.KindQCVN {
				t.Fatalf("kind filter let %s through", x.Code)
			}
		}
		// Kept imports.
		im := &catalog.Import{FileName: "a.xlsx", CreatedAt: time.Now(), Rows: []catalog.ImportRow{{Line: 2, Code: "TCVN 1:2000"}}}
		if err := s.SaveImport(ctx, im); err != nil {
			t.Fatal(err)
		}
		back, err := s.FindImport(ctx, im.ID)
		if err != nil || len(back.Rows) != 1 || back.Rows[0].Code != "TCVN 1:2000" || back.AppliedAt != nil {
			t.Fatalf("FindImport = %+v, %v", back, err)
		}
		if err := s.MarkImportApplied(ctx, im.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkImportApplied(ctx, im.ID, time.Now()); !fault.Is(err, fault.NotFound) {
			t.Fatalf("second MarkImportApplied: %v", err)
		}
	})
}

// TestCatalogStore_ToolInUse checks that a tool is in use when an expert
// declares it or a published need asks for it.
func TestCatalogStore_ToolInUse(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Catalog()
		for _, c := range []catalog.ToolCode{"lean", "5s"} {
			if used, err := s.ToolInUse(ctx, c); err != nil || used {
				t.Fatalf("ToolInUse(%s) on an empty database = %v, %v", c, used, err)
			}
		}
		es := makeEnterprises(1_400_000_000, 1, time.Now())
		if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		n := &matching.Need{EnterpriseID: int64(es[0].ID), Status: matching.NeedOpen, Description: "d", ProvinceCode: "79",
			Levels: []matching.Level{}, Tools: []catalog.ToolCode{"lean"}, PublishedAt: now, UpdatedAt: now}
		if err := db.Matching().CreateNeed(ctx, n); err != nil {
			t.Fatal(err)
		}
		if used, err := s.ToolInUse(ctx, "lean"); err != nil || !used {
			t.Fatalf("ToolInUse(lean) with a published need = %v, %v; want true", used, err)
		}
		if used, err := s.ToolInUse(ctx, "5s"); err != nil || used {
			t.Fatalf("ToolInUse(5s) = %v, %v; want false", used, err)
		}
		insertExperts(t, db, []testExpert{{ID: 1, Name: "A", Capacity: 1, Tools: map[string]int{"5s": 1}}})
		if used, err := s.ToolInUse(ctx, "5s"); err != nil || !used {
			t.Fatalf("ToolInUse(5s) with an expert = %v, %v; want true", used, err)
		}
	})
}
