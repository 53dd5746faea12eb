package auth_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"nscl/internal/auth"
)

func TestNormalizeEmail(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"lan@example.vn", "lan@example.vn"},
		{"  Lan.Nguyen@Example.VN\t", "lan.nguyen@example.vn"},
		{"", ""},
	} {
		if got := auth.NormalizeEmail(tc.in); got != tc.want {
			t.Errorf("NormalizeEmail(%q)=%q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestUser_IsLocked(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	later, earlier := now.Add(time.Minute), now.Add(-time.Minute)
	for _, tc := range []struct {
		name  string
		until *time.Time
		want  bool
	}{
		{"NeverLocked", nil, false},
		{"LockedUntilLater", &later, true},
		{"LockExpired", &earlier, false},
		{"LockEndsNow", &now, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := &auth.User{LockedUntil: tc.until}
			if got := u.IsLocked(now); got != tc.want {
				t.Fatalf("IsLocked=%v, want %v", got, tc.want)
			}
		})
	}
}

func TestUser_ViewHidesSecrets(t *testing.T) {
	t.Parallel()
	u := &auth.User{ID: 3, Email: "a@b.vn", Name: "A", PasswordHash: "$argon2id$SECRETHASH", TOTPSecret: "TOTPSECRET",
		Role: auth.RoleEnterprise, EnterpriseID: 9, TOTPEnabled: true}
	b, err := json.Marshal(u.View())
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); strings.Contains(s, "SECRETHASH") || strings.Contains(s, "TOTPSECRET") {
		t.Fatalf("View shows a secret: %s", s)
	}
	a := u.Actor()
	if a.UserID != 3 || a.Role != auth.RoleEnterprise || a.EnterpriseID != 9 || !a.TOTPEnabled || a.System || a.ViaToken {
		t.Fatalf("Actor = %+v", a)
	}
}

func TestRole(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		role                                        auth.Role
		valid, totp, needsProvince, needsEnterprise bool
	}{
		{auth.RolePublic, false, false, false, false},
		{auth.RoleAdmin, true, true, false, false},
		{auth.RoleMinistry, true, true, false, false},
		{auth.RoleProvince, true, true, true, false},
		{auth.RoleEnterprise, true, false, false, true},
		{auth.RoleExpert, true, false, false, false},
		{auth.RoleAssessor, true, false, false, false},
		{auth.RoleJudge, true, false, false, false},
		{auth.Role("root"), false, false, false, false},
	} {
		t.Run(string(tc.role), func(t *testing.T) {
			r := tc.role
			if r.Valid() != tc.valid || r.RequiresTOTP() != tc.totp || r.NeedsProvince() != tc.needsProvince || r.NeedsEnterprise() != tc.needsEnterprise {
				t.Fatalf("Valid=%v RequiresTOTP=%v NeedsProvince=%v NeedsEnterprise=%v, want %v %v %v %v",
					r.Valid(), r.RequiresTOTP(), r.NeedsProvince(), r.NeedsEnterprise(), tc.valid, tc.totp, tc.needsProvince, tc.needsEnterprise)
			}
		})
	}
	for _, r := range append([]auth.Role{auth.RolePublic}, auth.Roles...) {
		if l := r.Label(); l.Vi == "" || l.En == "" {
			t.Errorf("role %q has no label in both languages: %+v", r, l)
		}
	}
}

func TestToken_IsActive(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	later, earlier := now.Add(time.Minute), now.Add(-time.Minute)
	for _, tc := range []struct {
		name string
		tok  auth.Token
		want bool
	}{
		{"NoExpiry", auth.Token{}, true},
		{"NotYetExpired", auth.Token{ExpiresAt: &later}, true},
		{"Expired", auth.Token{ExpiresAt: &earlier}, false},
		{"ExpiresNow", auth.Token{ExpiresAt: &now}, false},
		{"Revoked", auth.Token{RevokedAt: &earlier, ExpiresAt: &later}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.tok.IsActive(now); got != tc.want {
				t.Fatalf("IsActive=%v, want %v", got, tc.want)
			}
		})
	}
}
