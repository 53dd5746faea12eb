package sqldb_test

import (
	"context"
	"testing"
	"time"

	"nscl/internal/auth"
	"nscl/internal/directory"
	"nscl/internal/fault"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

func TestDirectoryStore_Experts(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Directory()
		at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		u := auth.User{Email: "cg@example.vn", Name: "Chuyên gia", PasswordHash: "x", Role: auth.RoleExpert, Lang: "vi",
			PasswordChangedAt: at, CreatedAt: at, UpdatedAt: at}
		if err := db.Auth().CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		org := &directory.Organisation{Kind: directory.OrgTestingLab, Name: "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 1",
			ShortName: "QUATEST 1", VILAS: "VILAS 001", ValidFrom: "2024-01-01", ValidTo: "2029-01-01", Status: "active", CreatedAt: at, UpdatedAt: at}
		if err := s.CreateOrganisation(ctx, org); err != nil || org.ID == 0 {
			t.Fatalf("CreateOrganisation: %v (id %d)", err, org.ID)
		}
		a := &directory.Expert{UserID: u.ID, OrganisationID: org.ID, Kind: directory.KindExpert, Name: "Nguyễn Văn Đức",
			Email: "duc@example.vn", IDNumber: "001203004005", ProvinceCode: "01", Languages: []string{"en", "vi"}, Capacity: 2,
			Consents: []directory.Purpose{directory.PurposeListing, directory.PurposeMatching}, Public: []directory.PublicField{directory.FieldBio},
			Status: directory.StatusActive, Tools: []directory.Expertise{{Tool: "5s", Level: 3}, {Tool: "lean", Level: 2}},
			Sectors: []string{"plastics"}, Provinces: []string{"01", "24"},
			Credentials: []directory.Credential{{Title: "Lead Auditor ISO 9001", Issuer: "IRCA", IssuedOn: "2020-01-01", ExpiresOn: "2023-01-01"}},
			CreatedAt:   at, UpdatedAt: at}
		b := &directory.Expert{Kind: directory.KindPractitioner, Name: "Trần Thị Bình", Email: "binh@example.vn", Languages: []string{"vi"},
			Capacity: 1, Status: directory.StatusActive, Tools: []directory.Expertise{{Tool: "5s", Level: 1}}, Provinces: []string{"79"},
			CreatedAt: at, UpdatedAt: at} // no listing consent
		if err := s.CreateExperts(ctx, []*directory.Expert{a, b}); err != nil {
			t.Fatal(err)
		}
		if a.ID == 0 || b.ID == 0 || a.ID == b.ID {
			t.Fatalf("ids %d %d", a.ID, b.ID)
		}
		got, err := s.FindExpert(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != a.Name || got.OrganisationName != org.Name || len(got.Tools) != 2 || got.Tools[0].Level != 3 ||
			len(got.Credentials) != 1 || got.Credentials[0].ExpiresOn != "2023-01-01" || len(got.Provinces) != 2 || !got.Has(directory.PurposeMatching) {
			t.Fatalf("FindExpert = %+v", got)
		}
		if mine, err := s.FindExpertByUser(ctx, u.ID); err != nil || mine.ID != a.ID {
			t.Fatalf("FindExpertByUser = %v, %v", mine, err)
		}
		if id, err := s.FindExpertIDByEmail(ctx, "duc@example.vn"); err != nil || id != a.ID {
			t.Fatalf("FindExpertIDByEmail = %d, %v", id, err)
		}
		if id, err := s.FindExpertIDByIDNumber(ctx, "001203004005"); err != nil || id != a.ID {
			t.Fatalf("FindExpertIDByIDNumber = %d, %v", id, err)
		}
		if _, err := s.FindExpertIDByEmail(ctx, "none@example.vn"); !fault.Is(err, fault.NotFound) {
			t.Fatalf("missing email: %v", err)
		}
		// The unique index refuses a second expert with the same email.
		dup := &directory.Expert{Kind: directory.KindExpert, Name: "Khác", Email: "duc@example.vn", Status: directory.StatusActive, CreatedAt: at, UpdatedAt: at}
		if err := s.CreateExpert(ctx, dup); !fault.Is(err, fault.Conflict) {
			t.Fatalf("duplicate email: %v", err)
		}

		search := func(f directory.ExpertFilter) []directory.ExpertID {
			t.Helper()
			if f.Limit == 0 {
				f.Limit = 20
			}
			es, total, err := s.SearchExperts(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if total != len(es) {
				t.Fatalf("total %d, page %d", total, len(es))
			}
			ids := make([]directory.ExpertID, len(es))
			for i, e := range es {
				ids[i] = e.ID
			}
			return ids
		}
		eq := func(name string, got []directory.ExpertID, want ...directory.ExpertID) {
			t.Helper()
			if len(got) != len(want) {
				t.Fatalf("%s: got %v, want %v", name, got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%s: got %v, want %v", name, got, want)
				}
			}
		}
		eq("all", search(directory.ExpertFilter{}), a.ID, b.ID)
		eq("listed", search(directory.ExpertFilter{ListedOnly: true}), a.ID)
		eq("name prefix", search(directory.ExpertFilter{Query: "duc"}), a.ID)
		eq("two words", search(directory.ExpertFilter{Query: "nguyen duc"}), a.ID)
		eq("organisation hidden", search(directory.ExpertFilter{Query: "quatest"})) // not public: not in the index
		eq("not inside a word", search(directory.ExpertFilter{Query: "uc"}))
		eq("tool", search(directory.ExpertFilter{Tool: "5s"}), a.ID, b.ID)
		eq("tool level", search(directory.ExpertFilter{Tool: "5s", MinLevel: 2}), a.ID)
		eq("province served", search(directory.ExpertFilter{Province: "79"}), b.ID)
		eq("sector", search(directory.ExpertFilter{Sector: "plastics"}), a.ID)
		eq("kind", search(directory.ExpertFilter{Kind: directory.KindPractitioner}), b.ID)
		eq("organisation id", search(directory.ExpertFilter{OrganisationID: org.ID}), a.ID)
		eq("tool and province", search(directory.ExpertFilter{Tool: "lean", Province: "24", ListedOnly: true}), a.ID)
		counts, err := s.CountListedByProvince(ctx)
		if err != nil || counts["01"] != 1 || counts["24"] != 1 || counts["79"] != 0 {
			t.Fatalf("CountListedByProvince = %v, %v", counts, err)
		}

		// Update replaces the rows and keeps the track record.
		if _, err := db.WriteDB().ExecContext(ctx, `UPDATE experts SET engagements_completed = 4, rating_sum = 18, rating_count = 4 WHERE id = $1`, int64(a.ID)); err != nil {
			t.Fatal(err)
		}
		got.Tools = []directory.Expertise{{Tool: "tpm", Level: 2}}
		got.Credentials = nil
		got.Consents = nil
		if err := s.UpdateExpert(ctx, got); err != nil {
			t.Fatal(err)
		}
		again, err := s.FindExpert(ctx, a.ID)
		if err != nil || len(again.Tools) != 1 || again.Tools[0].Tool != "tpm" || len(again.Credentials) != 0 ||
			again.EngagementsCompleted != 4 || again.AverageRating() != 4.5 {
			t.Fatalf("after update %+v, %v", again, err)
		}
		eq("unlisted after withdrawal", search(directory.ExpertFilter{ListedOnly: true}))

		// Consent history and privacy requests.
		evs := []directory.ConsentEvent{{ExpertID: a.ID, Purpose: directory.PurposeListing, Given: true, FormVersion: "v1", At: at, ActorID: u.ID},
			{ExpertID: a.ID, Purpose: directory.PurposeListing, Given: false, FormVersion: "v1", At: at.Add(time.Hour), ActorID: u.ID}}
		if err := s.AddConsentEvents(ctx, evs); err != nil {
			t.Fatal(err)
		}
		hist, err := s.FindConsentEvents(ctx, a.ID)
		if err != nil || len(hist) != 2 || !hist[0].Given || hist[1].Given || !hist[1].At.Equal(at.Add(time.Hour)) {
			t.Fatalf("FindConsentEvents = %+v, %v", hist, err)
		}
		r := &directory.PrivacyRequest{ExpertID: a.ID, Kind: directory.RequestDeletion, Status: directory.RequestPending, RequestedAt: at, RequestedBy: u.ID}
		if err := s.CreatePrivacyRequest(ctx, r); err != nil || r.ID == 0 {
			t.Fatalf("CreatePrivacyRequest: %v", err)
		}
		done := at.Add(2 * time.Hour)
		r.Status, r.DoneAt = directory.RequestDone, &done
		if err := s.UpdatePrivacyRequest(ctx, r); err != nil {
			t.Fatal(err)
		}
		rs, n, err := s.FindPrivacyRequests(ctx, 0, 0, 10)
		if err != nil || n != 1 || rs[0].Status != directory.RequestDone || rs[0].DoneAt == nil || rs[0].ExpertName != a.Name {
			t.Fatalf("FindPrivacyRequests = %+v, %d, %v", rs, n, err)
		}
	})
}

func TestDirectoryStore_Organisations(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Directory()
		at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		os := []*directory.Organisation{
			{Kind: directory.OrgResearch, Name: "Viện Năng suất Việt Nam", ShortName: "VNPI", ProvinceCode: "01", Status: "active", CreatedAt: at, UpdatedAt: at},
			{Kind: directory.OrgUniversity, Name: "Trường Đại học Bách khoa Hà Nội", ProvinceCode: "01", Status: "active", CreatedAt: at, UpdatedAt: at},
			{Kind: directory.OrgTestingLab, Name: "Phòng thử nghiệm Hóa lý", VILAS: "VILAS 357", ProvinceCode: "79", Status: "active", CreatedAt: at, UpdatedAt: at},
		}
		if err := s.CreateOrganisations(ctx, os); err != nil {
			t.Fatal(err)
		}
		// A later single insert gets a fresh id (the sequence moved on).
		extra := &directory.Organisation{Kind: directory.OrgConsulting, Name: "Công ty Tư vấn Năng suất Xanh", Status: "active", CreatedAt: at, UpdatedAt: at}
		if err := s.CreateOrganisation(ctx, extra); err != nil || extra.ID <= os[2].ID {
			t.Fatalf("CreateOrganisation: id %d, %v", extra.ID, err)
		}
		find := func(f directory.OrgFilter) int {
			t.Helper()
			f.Limit = 20
			_, n, err := s.SearchOrganisations(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, c := range []struct {
			f    directory.OrgFilter
			want int
		}{{directory.OrgFilter{}, 4}, {directory.OrgFilter{Query: "nang suat"}, 2}, {directory.OrgFilter{Query: "bach khoa"}, 1},
			{directory.OrgFilter{Kind: directory.OrgTestingLab}, 1}, {directory.OrgFilter{Province: "01"}, 2}, {directory.OrgFilter{Query: "vnpi"}, 1}} {
			if n := find(c.f); n != c.want {
				t.Errorf("SearchOrganisations(%+v) = %d, want %d", c.f, n, c.want)
			}
		}
		o := os[0]
		o.Name = "Viện Năng suất Việt Nam (VNPI)"
		if err := s.UpdateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindOrganisation(ctx, o.ID)
		if err != nil || got.Name != o.Name || got.Members != 0 {
			t.Fatalf("FindOrganisation = %+v, %v", got, err)
		}
		if _, err := s.FindOrganisation(ctx, 999999); !fault.Is(err, fault.NotFound) {
			t.Fatalf("missing: %v", err)
		}
	})
}
