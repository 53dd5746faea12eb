package sqldb_test

import (
	"context"
	"testing"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

// TestAssessmentStore_Accreditations pins the accreditation area of the
// assessment store on both databases: one accreditation per assessor and
// scheme, unique numbers, the version check, the filters by status and
// expiry, the history with the expiries before and after, the accounts
// of a role.
func TestAssessmentStore_Accreditations(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st := db.Assessment()
		now := time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC)
		mk := func(email string, role auth.Role, disabled bool) auth.UserID {
			u := &auth.User{Email: email, Name: "Tên " + email, PasswordHash: "x", Role: role, Lang: "vi", Disabled: disabled, CreatedAt: now, UpdatedAt: now}
			if err := db.Auth().CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			return u.ID
		}
		a1, a2 := mk("a1@example.vn", auth.RoleAssessor, false), mk("a2@example.vn", auth.RoleAssessor, false)
		mk("a3@example.vn", auth.RoleAssessor, true)
		mk("cg@example.vn", auth.RoleExpert, false)
		sc := &assessment.Scheme{Code: "kaizen-lean-tpm", Name: fault.Text{Vi: "Công cụ cải tiến", En: "Improvement tools"}, Kind: assessment.KindTools}
		if err := st.CreateScheme(ctx, sc, &assessment.Version{Status: assessment.VersionPublished}); err != nil {
			t.Fatal(err)
		}
		day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, vn.Zone) }
		x := &assessment.Accreditation{UserID: a1, SchemeID: sc.ID, Number: "DGV-KAIZENLEANTPM-2026-0001", GrantedOn: day(2026, 4, 1),
			ExpiresOn: day(2029, 3, 31), Status: assessment.AccreditationActive, CreatedAt: now}
		if err := st.CreateAccreditation(ctx, x, a2); err != nil || x.ID == 0 || x.Version != 1 {
			t.Fatalf("create: %+v, %v", x, err)
		}
		same := *x
		same.Number = "KHAC-1"
		if err := st.CreateAccreditation(ctx, &same, a2); !fault.Is(err, fault.Conflict) {
			t.Errorf("a second accreditation of the assessor on the scheme: %v", err)
		}
		num := *x
		num.UserID = a2
		if err := st.CreateAccreditation(ctx, &num, a2); !fault.Is(err, fault.Conflict) {
			t.Errorf("a number twice: %v", err)
		}
		old := day(2020, 1, 1)
		y := &assessment.Accreditation{UserID: a2, SchemeID: sc.ID, Number: "DGV-OLD-1", GrantedOn: old, ExpiresOn: day(2023, 1, 1),
			Status: assessment.AccreditationActive, CreatedAt: now}
		if err := st.CreateAccreditation(ctx, y, 0); err != nil {
			t.Fatal(err)
		}
		got, err := st.FindAccreditation(ctx, x.ID)
		if err != nil || got.UserName != "Tên a1@example.vn" || got.SchemeCode != "kaizen-lean-tpm" || !got.ExpiresOn.Equal(day(2029, 3, 31)) {
			t.Fatalf("find = %+v, %v", got, err)
		}
		up := *got
		up.ExpiresOn = day(2032, 3, 31)
		if err := st.UpdateAccreditation(ctx, &up); err != nil || up.Version != 2 {
			t.Fatalf("update: %v", err)
		}
		if err := st.UpdateAccreditation(ctx, got); !fault.Is(err, fault.Conflict) {
			t.Errorf("stale update: %v", err)
		}
		b, e := day(2029, 3, 31), day(2032, 3, 31)
		if err := st.AddAccreditationEvent(ctx, &assessment.AccreditationEvent{AccreditationID: x.ID, Action: "renew", ExpiresBefore: &b,
			ExpiresAfter: &e, Reason: "Tái đánh giá", ActorID: a2, At: now}); err != nil {
			t.Fatal(err)
		}
		evs, err := st.FindAccreditationEvents(ctx, x.ID)
		if err != nil || len(evs) != 1 || !evs[0].ExpiresBefore.Equal(b) || !evs[0].ExpiresAfter.Equal(e) || evs[0].ActorName != "Tên a2@example.vn" {
			t.Fatalf("events = %+v, %v", evs, err)
		}
		today := day(2026, 4, 1)
		for _, tc := range []struct {
			name string
			f    assessment.AccreditationFilter
			want int
		}{
			{"all", assessment.AccreditationFilter{}, 2},
			{"of the scheme", assessment.AccreditationFilter{SchemeID: sc.ID}, 2},
			{"of an assessor", assessment.AccreditationFilter{UserID: a2}, 1},
			{"current", assessment.AccreditationFilter{Statuses: []assessment.AccreditationStatus{assessment.AccreditationActive}, ExpiresFrom: today}, 1},
			{"expired", assessment.AccreditationFilter{Statuses: []assessment.AccreditationStatus{assessment.AccreditationActive}, ExpiresBefore: today}, 1},
			{"suspended", assessment.AccreditationFilter{Statuses: []assessment.AccreditationStatus{assessment.AccreditationSuspended}}, 0},
		} {
			if l, _, err := st.FindAccreditations(ctx, tc.f); err != nil || len(l) != tc.want {
				t.Errorf("%s: %d, %v; want %d", tc.name, len(l), err, tc.want)
			}
		}
		accts, err := st.FindAccounts(ctx, assessment.AccountFilter{Role: auth.RoleAssessor})
		if err != nil || len(accts) != 2 {
			t.Errorf("assessor accounts = %d, %v", len(accts), err)
		}
		if a, err := st.FindAccount(ctx, a1); err != nil || a.Role != auth.RoleAssessor || !a.Active {
			t.Errorf("account = %+v, %v", a, err)
		}
		if _, err := st.FindAccount(ctx, 999999); !fault.Is(err, fault.NotFound) {
			t.Errorf("missing account: %v", err)
		}
		n1, _ := st.NextAccreditationNumber(ctx, "DGV-5S-2026")
		n2, _ := st.NextAccreditationNumber(ctx, "DGV-5S-2026")
		if n1 != 1 || n2 != 2 {
			t.Errorf("numbers %d, %d", n1, n2)
		}
	})
}
