package auth_test

import (
	"context"
	"strings"
	"testing"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

func TestService_CreateUser_EnterpriseWithoutFirm(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		u, err := e.svc.CreateUser(e.adminCtx, auth.UserInput{Email: e.email(), Name: "Chưa Có Doanh Nghiệp", Password: password, Role: auth.RoleEnterprise})
		if err != nil {
			t.Fatal(err)
		}
		if u.EnterpriseID != 0 || u.Role != auth.RoleEnterprise {
			t.Fatalf("created %+v", u)
		}
		a := u.Actor()
		// Nothing of any firm, but they may claim one.
		for _, act := range []auth.Action{auth.ActEnterpriseView, auth.ActEnterpriseEdit, auth.ActQualityManage} {
			for _, sc := range []auth.Scope{{}, {EnterpriseID: int64(e.ent.ID)}, {ProvinceCode: "01"}} {
				if auth.Allowed(a, act, sc) {
					t.Errorf("Allowed(no firm, %s, %+v) = true", act, sc)
				}
			}
		}
		if !auth.Can(a, auth.ActEnterpriseClaim) {
			t.Error("an enterprise user without a firm cannot claim one")
		}
		t.Run("UpdateKeepsNoFirm", func(t *testing.T) {
			got, err := e.svc.UpdateUser(e.adminCtx, u.ID, auth.UserInput{Email: u.Email, Name: "Tên Mới", Role: auth.RoleEnterprise})
			if err != nil {
				t.Fatal(err)
			}
			if got.EnterpriseID != 0 {
				t.Fatalf("EnterpriseID = %d", got.EnterpriseID)
			}
		})
	})
}

func TestService_LinkEnterprise(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		officer := e.mustCreateUser(t, auth.UserInput{Role: auth.RoleProvince, ProvinceCode: "01"})
		otherOfficer := e.mustCreateUser(t, auth.UserInput{Role: auth.RoleProvince, ProvinceCode: "79"})
		ministry := e.mustCreateUser(t, auth.UserInput{Role: auth.RoleMinistry})
		ent := int64(e.ent.ID)

		t.Run("OK", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{Role: auth.RoleEnterprise})
			if err := e.svc.LinkEnterprise(e.as(officer), u.ID, ent); err != nil {
				t.Fatal(err)
			}
			got, err := db.Auth().FindUserByID(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.EnterpriseID != ent {
				t.Fatalf("EnterpriseID = %d, want %d", got.EnterpriseID, ent)
			}
			a := e.wantAudit(t, "user.link_enterprise", idOf(u))
			if a.ActorID != int64(officer.ID) || !strings.Contains(a.After, `"enterprise_id":`) || strings.Contains(a.Before, `"enterprise_id":`) {
				t.Errorf("audit = %+v", a)
			}
			// The next request of the user acts for the enterprise.
			act, err := e.svc.ActorForSession(ctx, u.ID, e.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			if !auth.Allowed(act, auth.ActEnterpriseView, auth.Scope{ProvinceCode: "01", EnterpriseID: ent}) {
				t.Error("the linked user cannot see their enterprise")
			}
			// Linking again changes nothing.
			if err := e.svc.LinkEnterprise(e.as(ministry), u.ID, ent); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("ErrOtherProvince", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{Role: auth.RoleEnterprise})
			wantKind(t, e.svc.LinkEnterprise(e.as(otherOfficer), u.ID, ent), fault.Forbidden)
		})
		t.Run("ErrNotOfficer", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{Role: auth.RoleEnterprise})
			wantKind(t, e.svc.LinkEnterprise(e.as(u), u.ID, ent), fault.Forbidden)
			wantKind(t, e.svc.LinkEnterprise(ctx, u.ID, ent), fault.Unauthenticated)
		})
		t.Run("ErrNotEnterpriseUser", func(t *testing.T) {
			expert := e.mustCreateUser(t, auth.UserInput{})
			wantKind(t, e.svc.LinkEnterprise(e.as(officer), expert.ID, ent), fault.Invalid)
		})
		t.Run("ErrUnknown", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{Role: auth.RoleEnterprise})
			wantKind(t, e.svc.LinkEnterprise(e.as(ministry), u.ID, 987654), fault.NotFound)
			wantKind(t, e.svc.LinkEnterprise(e.as(ministry), 987654, ent), fault.NotFound)
		})
		t.Run("ThroughApprovedClaim", func(t *testing.T) {
			reg := registry.NewService(db.Registry(), registry.WithAccountLinker(e.svc))
			u := e.mustCreateUser(t, auth.UserInput{Role: auth.RoleEnterprise})
			c, err := reg.ClaimEnterprise(e.as(u), e.ent.TaxCode, "Tôi là giám đốc")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := reg.DecideClaim(e.as(officer), c.ID, true, ""); err != nil {
				t.Fatal(err)
			}
			got, err := db.Auth().FindUserByID(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.EnterpriseID != ent {
				t.Fatalf("EnterpriseID = %d after approval, want %d", got.EnterpriseID, ent)
			}
		})
	})
}
