package catalog_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

func as(a *auth.Actor) context.Context {
	return audit.WithMeta(auth.WithActor(context.Background(), a), audit.Meta{ActorID: int64(a.UserID), ActorEmail: a.Email})
}

type env struct {
	svc           *catalog.Service
	db            *sqldb.DB
	ministry, ent context.Context
	anon          context.Context
}

func newEnv(t *testing.T, db *sqldb.DB) *env {
	now := time.Date(2026, 3, 1, 3, 0, 0, 0, time.UTC)
	e := &env{db: db, svc: catalog.NewService(db.Catalog(), catalog.WithClock(func() time.Time { return now })), anon: context.Background()}
	mk := func(email string, role auth.Role) context.Context {
		u := &auth.User{Email: email, Name: email, PasswordHash: "x", Role: role, Lang: "vi", PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
		if err := db.Auth().CreateUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		return as(u.Actor())
	}
	e.ministry = mk("bo@x.vn", auth.RoleMinistry)
	e.ent = mk("dn@x.vn", auth.RoleExpert)
	if n, err := e.svc.EnsureBuiltin(context.Background()); err != nil || n != len(catalog.BuiltinTools) {
		t.Fatalf("EnsureBuiltin = %d, %v", n, err)
	}
	return e
}

func wantKind(t *testing.T, err error, k fault.Kind, field string) {
	t.Helper()
	if !fault.Is(err, k) {
		t.Fatalf("err = %v, want %v", err, k)
	}
	if field != "" {
		m := fault.FieldsOf(err)[field]
		if m.Vi == "" || m.En == "" {
			t.Fatalf("no vi/en message for %s: %v", field, err)
		}
	}
}

func TestTools(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		tools, err := e.svc.Tools(e.anon)
		if err != nil || len(tools) != len(catalog.BuiltinTools) {
			t.Fatalf("Tools = %d, %v", len(tools), err)
		}
		for i, tl := range tools {
			if tl.Code != catalog.BuiltinTools[i] || tl.Name.Vi == "" {
				t.Fatalf("tool %d = %s %q", i, tl.Code, tl.Name.Vi)
			}
		}
		// An edit is audited and survives the next start.
		tpm, _ := e.svc.Tool(e.anon, catalog.ToolTPM)
		in := catalog.InputOf(tpm)
		in.PurposeVi = "Mục đích mới của TPM."
		if _, err := e.svc.UpdateTool(e.ent, catalog.ToolTPM, in); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("expert UpdateTool: %v", err)
		}
		if _, err := e.svc.UpdateTool(e.anon, catalog.ToolTPM, in); !fault.Is(err, fault.Unauthenticated) {
			t.Fatalf("anon UpdateTool: %v", err)
		}
		if _, err := e.svc.UpdateTool(e.ministry, catalog.ToolTPM, in); err != nil {
			t.Fatal(err)
		}
		if n, err := e.svc.EnsureBuiltin(context.Background()); err != nil || n != 0 {
			t.Fatalf("EnsureBuiltin again = %d, %v", n, err)
		}
		got, _ := e.svc.Tool(e.anon, catalog.ToolTPM)
		if got.Purpose.Vi != "Mục đích mới của TPM." {
			t.Fatalf("edit lost: %q", got.Purpose.Vi)
		}
		var n int
		if err := db.WriteDB().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'catalog.tool_update'`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("audit entries = %d, %v", n, err)
		}
		// Bad input.
		bad := in
		bad.NameVi, bad.Kind = "", "x"
		_, err = e.svc.UpdateTool(e.ministry, catalog.ToolTPM, bad)
		wantKind(t, err, fault.Invalid, "name_vi")
		cyc := catalog.InputOf(got)
		s5, _ := e.svc.Tool(e.anon, catalog.Tool5S)
		in5 := catalog.InputOf(s5)
		in5.Prerequisites = []string{"tpm"} // TPM needs 5S
		_, err = e.svc.UpdateTool(e.ministry, catalog.Tool5S, in5)
		wantKind(t, err, fault.Invalid, "prerequisites")
		cyc.Prerequisites = []string{"khong_co"}
		_, err = e.svc.UpdateTool(e.ministry, catalog.ToolTPM, cyc)
		wantKind(t, err, fault.Invalid, "prerequisites")
		cyc.Prerequisites, cyc.Standard = nil, "ISO 9001"
		_, err = e.svc.UpdateTool(e.ministry, catalog.ToolTPM, cyc)
		wantKind(t, err, fault.Invalid, "standard")
		// New tools; a duplicate code points to the existing one; shipped
		// tools are not deleted; hidden tools leave the public list.
		nt := catalog.ToolInput{Code: "hoshin_kanri", Kind: "method", NameVi: "Hoshin Kanri", NameEn: "Hoshin Kanri", PurposeVi: "a", PurposeEn: "a",
			ResultsVi: "b", ResultsEn: "b", Hidden: true}
		if _, err := e.svc.CreateTool(e.ministry, nt); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.CreateTool(e.ministry, nt)
		wantKind(t, err, fault.Conflict, "code")
		nt.Code = "new"
		_, err = e.svc.CreateTool(e.ministry, nt)
		wantKind(t, err, fault.Invalid, "code")
		nt.Code = "hoshin_kanri"
		if err := e.svc.DeleteTool(e.ministry, catalog.Tool5S); !fault.Is(err, fault.Conflict) {
			t.Fatalf("DeleteTool of a shipped tool: %v", err)
		}
		nt.Code = "obeya"
		nt.Hidden = false
		if _, err := e.svc.CreateTool(e.ministry, nt); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.DeleteTool(e.ent, "obeya"); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("expert DeleteTool: %v", err)
		}
		hk, _ := e.svc.Tool(e.ministry, "hoshin_kanri")
		hin := catalog.InputOf(hk)
		hin.Prerequisites = []string{"obeya"}
		if _, err := e.svc.UpdateTool(e.ministry, "hoshin_kanri", hin); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.DeleteTool(e.ministry, "obeya"); !fault.Is(err, fault.Conflict) {
			t.Fatalf("DeleteTool of a prerequisite: %v", err)
		}
		hin.Prerequisites = nil
		if _, err := e.svc.UpdateTool(e.ministry, "hoshin_kanri", hin); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.DeleteTool(e.ministry, "obeya"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Tool(e.ministry, "obeya"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("deleted tool: %v", err)
		}
		pub, _ := e.svc.PublicTools(e.anon, "")
		all, _ := e.svc.PublicTools(e.ministry, "")
		if len(pub) != len(catalog.BuiltinTools) || len(all) != len(catalog.BuiltinTools)+1 {
			t.Fatalf("public %d, editor %d", len(pub), len(all))
		}
		if _, err := e.svc.Tool(e.anon, "hoshin_kanri"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("hidden tool for anon: %v", err)
		}
		food, _ := e.svc.PublicTools(e.anon, catalog.SectorFood)
		for _, tl := range food {
			if tl.Code == catalog.ToolJIT {
				t.Fatal("JIT listed for food")
			}
		}
	})
}

func TestStandards(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ctx := e.ministry
		old, err := e.svc.CreateStandard(ctx, catalog.StandardInput{Code: "tcvn iso 9001:2008", TitleVi: "Hệ thống quản lý chất lượng – Các yêu cầu"})
		if err != nil {
			t.Fatal(err)
		}
		cur, err := e.svc.CreateStandard(ctx, catalog.StandardInput{Code: "TCVN ISO 9001 : 2015 (ISO 9001:2015)", TitleVi: "Hệ thống quản lý chất lượng – Các yêu cầu",
			TitleEn: "Quality management systems – Requirements", ICS: "03.120.10", Sector: "management", EffectiveOn: "15/09/2015"})
		if err != nil {
			t.Fatal(err)
		}
		if cur.Code != "TCVN ISO 9001:2015" || cur.Adopted != "ISO 9001:2015" || cur.EffectiveOn != "2015-09-15" {
			t.Fatalf("created %+v", cur)
		}
		// Bad input, each with a vi/en message on its field.
		_, err = e.svc.CreateStandard(ctx, catalog.StandardInput{Code: "TCVN 9001", TitleVi: "x"})
		wantKind(t, err, fault.Invalid, "code")
		_, err = e.svc.CreateStandard(e.ent, catalog.StandardInput{Code: "TCVN 1:2000", TitleVi: "x"})
		wantKind(t, err, fault.Forbidden, "")
		_, err = e.svc.CreateStandard(ctx, catalog.StandardInput{Code: "TCVN ISO 9001:2015", TitleVi: "x"})
		wantKind(t, err, fault.Conflict, "code")
		if m := fault.FieldsOf(err)["code"]; !strings.Contains(m.Vi, "/standards/") {
			t.Fatalf("duplicate without pointer: %v", m)
		}
		_, err = e.svc.CreateStandard(ctx, catalog.StandardInput{Code: "TCVN 1:2000", TitleVi: "x", Status: "replaced"})
		wantKind(t, err, fault.Invalid, "replaced_by")
		_, err = e.svc.CreateStandard(ctx, catalog.StandardInput{Code: "TCVN 1:2000", TitleVi: "x", Status: "bị thay thế", ReplacedBy: "TCVN 1:2000"})
		wantKind(t, err, fault.Invalid, "replaced_by")
		_, err = e.svc.CreateStandard(ctx, catalog.StandardInput{Code: "TCVN 1:2000", TitleVi: "x", ICS: "3.12"})
		wantKind(t, err, fault.Invalid, "ics")
		_, err = e.svc.CreateStandard(ctx, catalog.StandardInput{Code: "TCVN 1:2000", TitleVi: "x", Status: "replaced", ReplacedBy: "TCVN 2:2000"})
		wantKind(t, err, fault.Invalid, "replaced_by")
		// The chain, and a cycle refused.
		in := catalog.InputOfStandard(old)
		in.Status, in.ReplacedBy = "replaced", "TCVN ISO 9001:2015"
		if _, err := e.svc.UpdateStandard(ctx, old.ID, in); err != nil {
			t.Fatal(err)
		}
		chain, err := e.svc.Chain(e.anon, old.ID)
		if err != nil || len(chain) != 1 || chain[0].ID != cur.ID {
			t.Fatalf("Chain = %v, %v", chain, err)
		}
		cin := catalog.InputOfStandard(cur)
		cin.Status, cin.ReplacedBy = "replaced", "TCVN ISO 9001:2008"
		_, err = e.svc.UpdateStandard(ctx, cur.ID, cin)
		wantKind(t, err, fault.Invalid, "replaced_by")
		// Search: diacritics-insensitive, word prefixes, filters.
		for _, q := range []string{"9001", "iso 9001", "quan ly chat luong", "QUẢN LÝ chất", "quality management", "9001:2015"} {
			pg, err := e.svc.SearchStandards(e.anon, catalog.StandardFilter{Query: q, Status: catalog.StatusInForce})
			if err != nil || pg.Total != 1 || pg.Items[0].ID != cur.ID {
				t.Fatalf("search %q = %+v, %v", q, pg, err)
			}
		}
		pg, _ := e.svc.SearchStandards(e.anon, catalog.StandardFilter{Query: "001"})
		if pg.Total != 0 {
			t.Fatalf("001 matched inside a word: %d", pg.Total)
		}
		pg, _ = e.svc.SearchStandards(e.anon, catalog.StandardFilter{ICSPrefix: "03.120"})
		if pg.Total != 1 {
			t.Fatalf("ICS 03.120: %d", pg.Total)
		}
		_, err = e.svc.SearchStandards(e.anon, catalog.StandardFilter{ICSPrefix: "x"})
		wantKind(t, err, fault.Invalid, "ics")
	})
}

func xlsx(t *testing.T, rows [][]string) *bytes.Buffer {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = v
		}
		if err := f.SetSheetRow("Sheet1", cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return &b
}

func TestImport(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		head := []string{"Số hiệu", "Tên tiếng Việt", "Tên tiếng Anh", "Tình trạng", "Thay thế bởi", "Mã ICS"}
		bad := xlsx(t, [][]string{head,
			{"QCVN 01:2008/BCT", "Quy chuẩn kỹ thuật quốc gia về an toàn điện", "", "Bị thay thế", "QCVN 01:2020/BCT", "29.020"},
			{"QCVN 01:2020/BCT", "Quy chuẩn kỹ thuật quốc gia về an toàn điện", "Electrical safety", "Còn hiệu lực", "", "29.020"},
			{"QCVN 01-2020-BCT", "Sai số hiệu", "", "", "", ""},
		})
		if _, err := e.svc.PreviewImport(e.ent, "x.xlsx", int64(bad.Len()), bytes.NewReader(bad.Bytes())); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("expert import: %v", err)
		}
		_, err := e.svc.PreviewImport(e.ministry, "x.xlsx", 11, strings.NewReader("not a sheet"))
		if m := fault.MessageOf(err); !fault.Is(err, fault.Invalid) || m.Vi == "" || m.En == "" {
			t.Fatalf("a file that is no spreadsheet: %v", err)
		}
		_, err = e.svc.PreviewImport(e.ministry, "x.xlsx", 20, bytes.NewReader(xlsx(t, [][]string{{"Tên tiếng Việt"}, {"x"}}).Bytes()))
		if !fault.Is(err, fault.Invalid) {
			t.Fatalf("a file without the code column: %v", err)
		}
		im, err := e.svc.PreviewImport(e.ministry, "x.xlsx", int64(bad.Len()), bytes.NewReader(bad.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if c, u, b := im.Counts(); c != 2 || u != 0 || b != 1 || im.Rows[2].Line != 4 || im.Rows[2].Problems[0].Field != "code" {
			t.Fatalf("counts %d %d %d, rows %+v", c, u, b, im.Rows)
		}
		_, err = e.svc.ApplyImport(e.ministry, im.ID)
		wantKind(t, err, fault.Invalid, "")
		if pg, _ := e.svc.SearchStandards(e.anon, catalog.StandardFilter{}); pg.Total != 0 {
			t.Fatalf("partial import: %d", pg.Total)
		}
		good := xlsx(t, [][]string{head,
			{"QCVN 01:2008/BCT", "Quy chuẩn kỹ thuật quốc gia về an toàn điện", "", "Bị thay thế", "QCVN 01:2020/BCT", "29.020"},
			{"QCVN 01:2020/BCT", "Quy chuẩn kỹ thuật quốc gia về an toàn điện", "Electrical safety", "Còn hiệu lực", "", "29.020"},
		})
		im, err = e.svc.PreviewImport(e.ministry, "x.xlsx", int64(good.Len()), bytes.NewReader(good.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.svc.ApplyImport(e.ministry, im.ID)
		if err != nil || res.Created != 2 {
			t.Fatalf("apply = %+v, %v", res, err)
		}
		if _, err := e.svc.ApplyImport(e.ministry, im.ID); !fault.Is(err, fault.Conflict) {
			t.Fatalf("second apply: %v", err)
		}
		old, err := e.svc.StandardByCode(e.anon, "qcvn 01:2008/bct")
		if err != nil || old.ReplacedByCode != "QCVN 01:2020/BCT" || old.Status != catalog.StatusReplaced {
			t.Fatalf("old = %+v, %v", old, err)
		}
		// Export, then re-import: updates by code.
		var out bytes.Buffer
		if err := e.svc.ExportXLSX(e.ministry, &out); err != nil {
			t.Fatal(err)
		}
		im, err = e.svc.PreviewImport(e.ministry, "export.xlsx", int64(out.Len()), bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if c, u, b := im.Counts(); c != 0 || u != 2 || b != 0 {
			t.Fatalf("re-import counts %d %d %d: %+v", c, u, b, im.Rows)
		}
		if res, err := e.svc.ApplyImport(e.ministry, im.ID); err != nil || res.Updated != 2 {
			t.Fatalf("re-import = %+v, %v", res, err)
		}
		// Demo data loads in bulk with its chains.
		var fresh []*catalog.Standard
		for _, st := range catalog.DemoStandards(300, 1) {
			if !strings.HasPrefix(st.Code, "QCVN 01:20") {
				fresh = append(fresh, st)
			}
		}
		if err := e.svc.SeedStandards(context.Background(), fresh); err != nil {
			t.Fatal(err)
		}
		st, err := e.svc.StandardByCode(e.anon, "TCVN ISO 9001:2008")
		if err != nil || st.ReplacedByCode != "TCVN ISO 9001:2015" {
			t.Fatalf("demo chain: %+v, %v", st, err)
		}
	})
}
