package directory_test

import (
	"strconv"
	"strings"
	"testing"

	"nscl/internal/directory"
	"nscl/internal/fault"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

func TestService_ImportAllOrNothing(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ctx := as(e.admin)
		orgs := "Tên tổ chức,Loại tổ chức,Tỉnh/Thành phố,Số hiệu VILAS,Hiệu lực từ,Hiệu lực đến\n" +
			"Phòng thử nghiệm Hóa lý Sông Hồng,Phòng thử nghiệm,Hà Nội,vilas  357,01/01/2024,31/12/2028\n" +
			"Công ty Tư vấn Năng suất Xanh,consulting,TP.HCM,,,\n"
		bad := orgs + "Phòng thử nghiệm Lỗi,testing_lab,Hà Nội,VILAS 12345,01/01/2024,01/01/2023\n"
		rep, err := e.svc.ImportOrganisationsFile(ctx, strings.NewReader(bad), int64(len(bad)), "to-chuc.csv", true)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Applied || len(rep.Problems) != 2 || rep.Problems[0].Line != 4 {
			t.Fatalf("bad file: applied %v, problems %+v", rep.Applied, rep.Problems)
		}
		if _, n, _ := e.svc.SearchOrganisations(ctx, directory.OrgFilter{}); n != 0 {
			t.Fatalf("a file with a bad row wrote %d organisations", n)
		}
		rep, err = e.svc.ImportOrganisationsFile(ctx, strings.NewReader(orgs), int64(len(orgs)), "to-chuc.csv", true)
		if err != nil || !rep.Applied || rep.Created != 2 {
			t.Fatalf("good file: %+v, %v", rep, err)
		}
		os, _, _ := e.svc.SearchOrganisations(ctx, directory.OrgFilter{Kind: directory.OrgTestingLab})
		if len(os) != 1 || os[0].VILAS != "VILAS 357" || os[0].ProvinceCode != "01" || os[0].ValidTo != "2028-12-31" {
			t.Fatalf("imported lab = %+v", os)
		}

		experts := "Họ tên,Email,Số CCCD,Chuyên môn,Ngành phục vụ,Địa bàn phục vụ,Mã tổ chức\n" +
			"Nguyễn Thị Mai,mai@example.vn,001190000001,5s:3; lean:2,Nhựa; other,Hà Nội; Bắc Ninh," + strconv.FormatInt(int64(os[0].ID), 10) + "\n" +
			"Trần Văn Bảo,bao@example.vn,001190000002,kaizen,plastics,79,\n"
		badExperts := experts + "Lê Văn C,MAI@example.vn,12345,5s:9,banking,Atlantis,999999\n"
		rep, err = e.svc.ImportExpertsFile(ctx, strings.NewReader(badExperts), int64(len(badExperts)), "chuyen-gia.csv", true)
		if err != nil {
			t.Fatal(err)
		}
		codes := map[directory.Code]bool{}
		for _, p := range rep.Problems {
			if p.Line != 4 {
				t.Errorf("a problem on line %d: %+v", p.Line, p)
			}
			codes[p.Code] = true
		}
		for _, c := range []directory.Code{directory.CodeDuplicateEmail, directory.CodeIDNumberInvalid, directory.CodeLevelInvalid,
			directory.CodeSectorUnknown, directory.CodeProvinceUnknown, directory.CodeOrganisationUnknown} {
			if !codes[c] {
				t.Errorf("the report lacks %s: %+v", c, rep.Problems)
			}
		}
		if rep.Applied {
			t.Fatal("a file with a bad row was applied")
		}
		if _, n, _ := e.svc.SearchExperts(ctx, directory.ExpertFilter{}); n != 0 {
			t.Fatalf("a file with a bad row wrote %d experts", n)
		}
		rep, err = e.svc.ImportExpertsFile(ctx, strings.NewReader(experts), int64(len(experts)), "chuyen-gia.csv", true)
		if err != nil || !rep.Applied || rep.Created != 2 {
			t.Fatalf("good experts file: %+v, %v", rep, err)
		}
		es, _, _ := e.svc.SearchExperts(ctx, directory.ExpertFilter{Tool: "5s", MinLevel: 3})
		if len(es) != 1 || es[0].Name != "Nguyễn Thị Mai" || len(es[0].Provinces) != 2 || es[0].OrganisationID != os[0].ID || len(es[0].Consents) != 0 {
			t.Fatalf("imported expert = %+v", es)
		}
		// The same file again: every row is a duplicate.
		rep, err = e.svc.ImportExpertsFile(ctx, strings.NewReader(experts), int64(len(experts)), "chuyen-gia.csv", true)
		if err != nil || rep.Applied || len(rep.Problems) != 4 {
			t.Fatalf("re-import: %+v, %v", rep, err)
		}
		if _, err := e.svc.ImportExpertsFile(as(e.expert), strings.NewReader(experts), int64(len(experts)), "x.csv", false); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("an expert imports: %v", err)
		}
	})
}
