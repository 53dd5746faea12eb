package sqldb_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/library"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// TestLibraryStore_Cases pins the case table on both databases: the round
// trip of a case (tools, KPIs, contact, the enterprise's joined name), the
// version check, the filters (tool, industry, size, province, folded text,
// ids, drafts of a province) with the total and the order, and a case's
// photos with their bytes.
func TestLibraryStore_Cases(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Library()
		if _, err := catalog.NewService(db.Catalog()).EnsureBuiltin(ctx); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 5, 4, 2, 0, 0, 0, time.UTC)
		es := []*registry.Enterprise{{TaxCode: "0100000001", Name: "Công ty Dệt Nam Định", ProvinceCode: "01", CreatedAt: now, UpdatedAt: now},
			{TaxCode: "0100000002", Name: "Cơ khí Bình Dương", ProvinceCode: "79", CreatedAt: now, UpdatedAt: now}}
		if err := db.Registry().CreateEnterprises(ctx, es); err != nil {
			t.Fatal(err)
		}
		tools, err := st.FindTools(ctx)
		if err != nil || len(tools) == 0 {
			t.Fatalf("tools: %v, %v", tools, err)
		}
		if e, err := st.FindEnterprise(ctx, int64(es[1].ID)); err != nil || e.Name != "Cơ khí Bình Dương" || e.ProvinceCode != "79" {
			t.Fatalf("enterprise: %+v, %v", e, err)
		}
		pub := now.Add(time.Hour)
		a := &library.Case{Title: "Giảm tồn kho bằng Kanban", EnterpriseID: int64(es[0].ID), ProvinceCode: "01", Industry: registry.IndustryTextiles,
			VSIC: "1410", SizeClass: registry.SizeMedium, Tools: []string{"5s", "kaizen"}, Summary: "Tồn kho giảm một nửa",
			ProblemMD: "Tồn kho **cao**", LessonsMD: "Bắt đầu nhỏ", KPIs: []library.CaseKPI{{Name: "Tồn kho", Unit: "ngày", Before: 30, After: 15, LowerBetter: true}},
			Contact: library.CaseContact{Name: "Chị Lan", Role: "Trưởng phòng", Phone: "0912 345 678", Consent: true},
			Status:  library.StatusPublished, PublishedAt: &pub, CreatedAt: now}
		if err := st.CreateCase(ctx, a); err != nil || a.ID == 0 || a.Version != 1 || a.EnterpriseName != "Công ty Dệt Nam Định" {
			t.Fatalf("create: %+v, %v", a, err)
		}
		b := &library.Case{Title: "TPM cho máy dập", EnterpriseID: int64(es[1].ID), ProvinceCode: "79", Tools: []string{"tpm"},
			ProblemMD: "Dừng máy", Status: library.StatusDraft, CreatedAt: now}
		if err := st.CreateCase(ctx, b); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateCase(ctx, &library.Case{Title: "x", EnterpriseID: 999999, ProvinceCode: "01", Status: library.StatusDraft}); !fault.Is(err, fault.Invalid) {
			t.Errorf("unknown enterprise: %v", err)
		}
		got, err := st.FindCase(ctx, a.ID)
		if err != nil || len(got.Tools) != 2 || got.Tools[1] != "kaizen" || len(got.KPIs) != 1 || !got.KPIs[0].LowerBetter ||
			!got.Contact.Consent || got.Contact.Phone != "0912 345 678" || got.PublishedAt == nil || !got.PublishedAt.Equal(pub) ||
			got.Industry != registry.IndustryTextiles || got.SizeClass != registry.SizeMedium || got.EnterpriseName != "Công ty Dệt Nam Định" {
			t.Fatalf("find = %+v, %v", got, err)
		}
		if _, err := st.FindCase(ctx, 999999); !fault.Is(err, fault.NotFound) {
			t.Errorf("missing case: %v", err)
		}
		up := *got
		up.Title = "Giảm tồn kho bằng Kanban và 5S"
		if err := st.UpdateCase(ctx, &up); err != nil || up.Version != 2 {
			t.Fatalf("update: %v", err)
		}
		stale := *got
		if err := st.UpdateCase(ctx, &stale); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale update: %v", err)
		}
		count := func(f library.CaseFilter) int {
			t.Helper()
			cs, total, err := st.FindCases(ctx, f)
			if err != nil || total != len(cs) && f.Limit == 0 {
				t.Fatalf("find cases %+v: %d/%d, %v", f, len(cs), total, err)
			}
			return total
		}
		for name, c := range map[string]struct {
			f    library.CaseFilter
			want int
		}{
			"all": {library.CaseFilter{}, 2}, "published": {library.CaseFilter{Status: library.StatusPublished}, 1},
			"tool": {library.CaseFilter{Tool: "kaizen"}, 1}, "tool prefix only": {library.CaseFilter{Tool: "kai"}, 0},
			"industry": {library.CaseFilter{Industry: "textiles"}, 1}, "size": {library.CaseFilter{SizeClass: "medium"}, 1},
			"vsic prefix": {library.CaseFilter{VSIC: "14"}, 1}, "vsic other": {library.CaseFilter{VSIC: "15"}, 0},
			"province": {library.CaseFilter{Province: "79"}, 1}, "folded": {library.CaseFilter{Query: vn.Fold("TỒN KHO")}, 1},
			"enterprise name": {library.CaseFilter{Query: vn.Fold("binh duong")}, 1}, "like escaped": {library.CaseFilter{Query: "%"}, 0},
			"ids": {library.CaseFilter{IDs: []library.CaseID{a.ID, 999}}, 1}, "drafts of 01": {library.CaseFilter{DraftsOf: "01"}, 1},
			"drafts of 79": {library.CaseFilter{DraftsOf: "79"}, 2}, "drafts any": {library.CaseFilter{DraftsOf: "*"}, 2},
		} {
			if n := count(c.f); n != c.want {
				t.Errorf("%s: %d cases, want %d", name, n, c.want)
			}
		}
		page, total, err := st.FindCases(ctx, library.CaseFilter{Limit: 1})
		if err != nil || total != 2 || len(page) != 1 || page[0].ID != a.ID {
			t.Errorf("first page: %v, %d, %v (the published case first)", page, total, err)
		}

		p := &library.CasePhoto{CaseID: a.ID, Caption: "Kho sau 5S", Width: 800, Height: 600, Size: 3, UploadedAt: now}
		if err := st.CreatePhoto(ctx, p, []byte{1, 2, 3}, []byte{4}); err != nil || p.ID == 0 {
			t.Fatalf("photo: %v", err)
		}
		if ps, err := st.FindPhotos(ctx, a.ID); err != nil || len(ps) != 1 || ps[0].Caption != "Kho sau 5S" || ps[0].Width != 800 {
			t.Fatalf("photos: %v, %v", ps, err)
		}
		if c, _ := st.FindCase(ctx, a.ID); c.CoverPhotoID != p.ID {
			t.Errorf("cover photo = %d", c.CoverPhotoID)
		}
		if bs, err := st.FindPhotoBytes(ctx, p.ID, true); err != nil || !bytes.Equal(bs, []byte{4}) {
			t.Errorf("thumb: %v, %v", bs, err)
		}
		if err := st.DeletePhoto(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.FindPhoto(ctx, p.ID); !fault.Is(err, fault.NotFound) {
			t.Errorf("deleted photo: %v", err)
		}
	})
}

// TestLibraryStore_Guides pins guides and their templates on both
// databases: the round trip (videos, the tool's joined name, the count of
// templates), the version check, the filters and the files' bytes.
func TestLibraryStore_Guides(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Library()
		if _, err := catalog.NewService(db.Catalog()).EnsureBuiltin(ctx); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 5, 4, 2, 0, 0, 0, time.UTC)
		g := &library.Guide{ToolCode: "5s", Title: "Triển khai 5S trong 30 ngày", Summary: "Các bước", BodyMD: "## Sàng lọc\n\nLoại bỏ",
			Videos: []library.GuideVideo{{URL: "https://www.youtube.com/watch?v=abc", Title: "5S"}}, Status: library.StatusDraft, CreatedAt: now}
		if err := st.CreateGuide(ctx, g); err != nil || g.ID == 0 || g.Version != 1 {
			t.Fatalf("create: %v", err)
		}
		h := &library.Guide{ToolCode: "kaizen", Title: "Kaizen", BodyMD: "x", ProvinceCode: "79", Status: library.StatusPublished, PublishedAt: &now, CreatedAt: now}
		if err := st.CreateGuide(ctx, h); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateGuide(ctx, &library.Guide{ToolCode: "khong-co", Title: "x", BodyMD: "x", Status: library.StatusDraft}); !fault.Is(err, fault.Invalid) {
			t.Errorf("unknown tool: %v", err)
		}
		got, err := st.FindGuide(ctx, g.ID)
		if err != nil || got.ToolName.Vi == "" || len(got.Videos) != 1 || got.Videos[0].Title != "5S" || got.BodyMD != g.BodyMD {
			t.Fatalf("find = %+v, %v", got, err)
		}
		up := *got
		up.Title = "5S trong 30 ngày"
		if err := st.UpdateGuide(ctx, &up); err != nil || up.Version != 2 {
			t.Fatalf("update: %v", err)
		}
		if err := st.UpdateGuide(ctx, got); !fault.Is(err, fault.Conflict) {
			t.Fatalf("stale: %v", err)
		}
		for name, c := range map[string]struct {
			f    library.GuideFilter
			want int
		}{
			"all": {library.GuideFilter{}, 2}, "published": {library.GuideFilter{Status: library.StatusPublished}, 1},
			"tool": {library.GuideFilter{Tool: "5s"}, 1}, "folded": {library.GuideFilter{Query: vn.Fold("SÀNG LỌC")}, 1},
			"drafts of 79": {library.GuideFilter{DraftsOf: "79"}, 1}, "drafts any": {library.GuideFilter{DraftsOf: "*"}, 2},
		} {
			if _, n, err := st.FindGuides(ctx, c.f); err != nil || n != c.want {
				t.Errorf("%s: %d guides, want %d (%v)", name, n, c.want, err)
			}
		}
		f := &library.GuideFile{GuideID: g.ID, Name: "Phiếu 5S.xlsx", ContentType: library.TypeXLSX, Size: 3, Data: []byte("abc"), UploadedAt: now}
		if err := st.CreateFile(ctx, f); err != nil || f.ID == 0 {
			t.Fatalf("file: %v", err)
		}
		if fs, err := st.FindFiles(ctx, g.ID); err != nil || len(fs) != 1 || fs[0].Data != nil || fs[0].Name != "Phiếu 5S.xlsx" {
			t.Fatalf("files: %v, %v", fs, err)
		}
		if x, err := st.FindFile(ctx, f.ID); err != nil || string(x.Data) != "abc" {
			t.Fatalf("file: %v, %v", x, err)
		}
		if x, _ := st.FindGuide(ctx, g.ID); x.Files != 1 {
			t.Errorf("files count = %d", x.Files)
		}
		if err := st.DeleteFile(ctx, f.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.FindFile(ctx, f.ID); !fault.Is(err, fault.NotFound) {
			t.Errorf("deleted: %v", err)
		}
	})
}
