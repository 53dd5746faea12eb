package assessment_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"nscl/internal/assessment"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
	"nscl/internal/vn"
)

func accreditationKind(t *testing.T, what string, err error, k fault.Kind) {
	t.Helper()
	if !fault.Is(err, k) {
		t.Errorf("%s: %v (kind %v), want %v", what, err, fault.KindOf(err), k)
	}
}

// TestService_Accreditations pins the accreditation of assessors per
// scheme: only an account of role assessor (bad input: another role), a
// default of three years, one per assessor and scheme; renewal to a date
// after the current expiry only (bad input: before it), keeping the old
// expiry in the history; suspension, reinstatement and withdrawal with
// reasons; stale versions refused; who sees which.
func TestService_Accreditations(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 10, 3, 0, 0, 0, time.UTC)
		svc := assessment.NewService(assessment.Options{Store: db.Assessment(), Registry: registry.NewService(db.Registry()),
			Clock: func() time.Time { return now }})
		user := func(email string, role auth.Role, prov string) (context.Context, auth.UserID) {
			u := &auth.User{Email: email, Name: "Tên " + email, PasswordHash: "x", Role: role, ProvinceCode: prov, Lang: "vi", CreatedAt: now, UpdatedAt: now}
			if err := db.Auth().CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			return auth.WithActor(ctx, &auth.Actor{UserID: u.ID, Email: email, Role: role, ProvinceCode: prov}), u.ID
		}
		ministry, _ := user("bo@example.vn", auth.RoleMinistry, "")
		prov, _ := user("hn@example.vn", auth.RoleProvince, "01")
		lan, lanID := user("lan@example.vn", auth.RoleAssessor, "")
		other, _ := user("hoa@example.vn", auth.RoleAssessor, "")
		expert, expertID := user("cg@example.vn", auth.RoleExpert, "")
		sc := &assessment.Scheme{Code: "5s", Name: fault.Text{Vi: "Thực hành tốt 5S", En: "5S good practice"}, Kind: assessment.Kind5S}
		if err := db.Assessment().CreateScheme(ctx, sc, &assessment.Version{Status: assessment.VersionPublished}); err != nil {
			t.Fatal(err)
		}

		_, err := svc.GrantAccreditation(ministry, assessment.AccreditationInput{UserID: expertID, SchemeID: sc.ID})
		accreditationKind(t, "accredit an expert's account", err, fault.Invalid)
		if msg := fault.FieldsOf(err)["user_id"].Vi; !strings.Contains(msg, "không có vai trò đánh giá viên") {
			t.Errorf("non-assessor message = %q", msg)
		}
		_, err = svc.GrantAccreditation(prov, assessment.AccreditationInput{UserID: lanID, SchemeID: sc.ID})
		accreditationKind(t, "a provincial officer accredits", err, fault.Forbidden)
		_, err = svc.GrantAccreditation(ministry, assessment.AccreditationInput{UserID: lanID, SchemeID: sc.ID, GrantedOn: now.AddDate(0, 0, 3)})
		accreditationKind(t, "granted in the future", err, fault.Invalid)

		x, err := svc.GrantAccreditation(ministry, assessment.AccreditationInput{UserID: lanID, SchemeID: sc.ID, Note: "Đạt khóa chuyên gia đánh giá 5S"})
		if err != nil {
			t.Fatal(err)
		}
		if x.Number != "DGV-5S-2026-0001" || vn.Date(x.GrantedOn) != "10/03/2026" || vn.Date(x.ExpiresOn) != "09/03/2029" ||
			x.Status != assessment.AccreditationActive || x.UserName != "Tên lan@example.vn" || !x.ActiveOn(now) {
			t.Fatalf("granted = %+v", x)
		}
		_, err = svc.GrantAccreditation(ministry, assessment.AccreditationInput{UserID: lanID, SchemeID: sc.ID})
		accreditationKind(t, "a second accreditation on the scheme", err, fault.Conflict)
		got, err := db.Assessment().FindAccreditationFor(ctx, lanID, sc.ID)
		if err != nil || got.ID != x.ID {
			t.Fatalf("FindAccreditationFor = %+v, %v", got, err)
		}

		// Renewal: not before (or on) the current expiry; then it moves.
		_, err = svc.RenewAccreditation(ministry, x.ID, x.Version, x.ExpiresOn.AddDate(0, 0, -1), "")
		accreditationKind(t, "renew to before the current expiry", err, fault.Invalid)
		_, err = svc.RenewAccreditation(ministry, x.ID, x.Version, x.ExpiresOn, "")
		accreditationKind(t, "renew to the current expiry", err, fault.Invalid)
		_, err = svc.RenewAccreditation(ministry, x.ID, x.Version+1, x.ExpiresOn.AddDate(3, 0, 0), "")
		accreditationKind(t, "stale renewal", err, fault.Conflict)
		_, err = svc.RenewAccreditation(lan, x.ID, x.Version, x.ExpiresOn.AddDate(3, 0, 0), "")
		accreditationKind(t, "the assessor renews their own", err, fault.Forbidden)
		r, err := svc.RenewAccreditation(ministry, x.ID, x.Version, x.ExpiresOn.AddDate(3, 0, 0), "Tái đánh giá năng lực đạt")
		if err != nil || vn.Date(r.ExpiresOn) != "09/03/2032" || r.Version != x.Version+1 {
			t.Fatalf("renewed = %+v, %v", r, err)
		}

		// Suspension needs a reason; a suspended assessor is not active.
		_, err = svc.SuspendAccreditation(ministry, r.ID, r.Version, "")
		accreditationKind(t, "suspend without reason", err, fault.Invalid)
		sp, err := svc.SuspendAccreditation(ministry, r.ID, r.Version, "Khiếu nại về xung đột lợi ích đang xác minh")
		if err != nil || sp.Status != assessment.AccreditationSuspended || sp.ActiveOn(now) {
			t.Fatalf("suspended = %+v, %v", sp, err)
		}
		_, err = svc.SuspendAccreditation(ministry, sp.ID, sp.Version, "Lần nữa")
		accreditationKind(t, "suspend twice", err, fault.Conflict)
		rs, err := svc.ReinstateAccreditation(ministry, sp.ID, sp.Version, "Đã xác minh, không có xung đột")
		if err != nil || rs.Status != assessment.AccreditationActive {
			t.Fatalf("reinstated = %+v, %v", rs, err)
		}
		wd, err := svc.WithdrawAccreditation(ministry, rs.ID, rs.Version, "Vi phạm quy tắc đánh giá")
		if err != nil || wd.Status != assessment.AccreditationWithdrawn {
			t.Fatalf("withdrawn = %+v, %v", wd, err)
		}
		_, err = svc.RenewAccreditation(ministry, wd.ID, wd.Version, wd.ExpiresOn.AddDate(1, 0, 0), "")
		accreditationKind(t, "renew a withdrawn accreditation", err, fault.Conflict)

		// The history: grant, renew (with both expiries), suspend, reinstate, withdraw.
		_, evs, err := svc.Accreditation(ministry, x.ID)
		if err != nil || len(evs) != 5 {
			t.Fatalf("history = %d, %v", len(evs), err)
		}
		if evs[1].Action != "renew" || evs[1].ExpiresBefore == nil || vn.Date(*evs[1].ExpiresBefore) != "09/03/2029" ||
			vn.Date(*evs[1].ExpiresAfter) != "09/03/2032" || evs[2].Reason != "Khiếu nại về xung đột lợi ích đang xác minh" {
			t.Errorf("history = %+v %+v %+v", evs[0], evs[1], evs[2])
		}

		// Who sees which: the assessor their own, officers all, others none.
		if _, _, err := svc.Accreditation(lan, x.ID); err != nil {
			t.Errorf("the assessor reads their own: %v", err)
		}
		_, _, err = svc.Accreditation(other, x.ID)
		accreditationKind(t, "another assessor reads it", err, fault.NotFound)
		if l, _, err := svc.Accreditations(other, assessment.AccreditationQuery{}); err != nil || len(l) != 0 {
			t.Errorf("another assessor's list = %d, %v", len(l), err)
		}
		if l, _, err := svc.Accreditations(prov, assessment.AccreditationQuery{}); err != nil || len(l) != 1 {
			t.Errorf("provincial officer's list = %d, %v", len(l), err)
		}
		_, _, err = svc.Accreditations(expert, assessment.AccreditationQuery{})
		accreditationKind(t, "an expert lists accreditations", err, fault.Forbidden)
		if l, _, _ := svc.Accreditations(ministry, assessment.AccreditationQuery{Status: "withdrawn"}); len(l) != 1 {
			t.Errorf("withdrawn = %d", len(l))
		}
		if l, _, _ := svc.Accreditations(ministry, assessment.AccreditationQuery{Status: "active"}); len(l) != 0 {
			t.Errorf("active = %d", len(l))
		}
	})
}
