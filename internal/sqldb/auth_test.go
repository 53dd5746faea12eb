package sqldb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// mustCreateUser stores u with defaults for the required fields.
func mustCreateUser(t *testing.T, db *sqldb.DB, u auth.User) *auth.User {
	t.Helper()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if u.Name == "" {
		u.Name = "Người dùng"
	}
	if u.PasswordHash == "" {
		u.PasswordHash = "$argon2id$x"
	}
	if u.Role == "" {
		u.Role = auth.RoleExpert
	}
	if u.Lang == "" {
		u.Lang = "vi"
	}
	if u.PasswordChangedAt.IsZero() {
		u.PasswordChangedAt, u.CreatedAt, u.UpdatedAt = now, now, now
	}
	if err := db.Auth().CreateUser(context.Background(), &u); err != nil {
		t.Fatalf("CreateUser(%s): %v", u.Email, err)
	}
	return &u
}

func TestAuthStore_Users(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Auth()
		ent := []*registry.Enterprise{{TaxCode: "0100000001", Name: "Công ty A", ProvinceCode: "01"}}
		if err := db.Registry().CreateEnterprises(ctx, ent); err != nil {
			t.Fatal(err)
		}
		locked := time.Date(2026, 1, 2, 3, 4, 5, 678000, time.UTC)
		full := mustCreateUser(t, db, auth.User{Email: "lan@a.vn", Name: "Nguyễn Thị Lan", Role: auth.RoleEnterprise,
			EnterpriseID: int64(ent[0].ID), Lang: "en", TOTPSecret: "ABC", TOTPEnabled: true, FailedLogins: 3, LockedUntil: &locked,
			LastLoginAt: &locked})
		mustCreateUser(t, db, auth.User{Email: "hung@so.vn", Name: "Trần Văn Hùng", Role: auth.RoleProvince, ProvinceCode: "79"})
		mustCreateUser(t, db, auth.User{Email: "admin@moit.vn", Name: "Quản trị", Role: auth.RoleAdmin, Disabled: true})

		t.Run("RoundTrip", func(t *testing.T) {
			got, err := s.FindUserByID(ctx, full.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(full, got); diff != "" {
				t.Errorf("user (-want +got):\n%s", diff)
			}
			byEmail, err := s.FindUserByEmail(ctx, "lan@a.vn")
			if err != nil || byEmail.ID != full.ID {
				t.Fatalf("FindUserByEmail = %v, %v", byEmail, err)
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			if _, err := s.FindUserByID(ctx, 424242); !fault.Is(err, fault.NotFound) {
				t.Errorf("FindUserByID = %v, want not_found", err)
			}
			if _, err := s.FindUserByEmail(ctx, "nobody@x.vn"); !fault.Is(err, fault.NotFound) {
				t.Errorf("FindUserByEmail = %v, want not_found", err)
			}
			if err := s.UpdateUser(ctx, &auth.User{ID: 424242, Email: "x@x.vn", Role: auth.RoleAdmin}); !fault.Is(err, fault.NotFound) {
				t.Errorf("UpdateUser = %v, want not_found", err)
			}
		})
		t.Run("ErrDuplicateEmail", func(t *testing.T) {
			u := *full
			u.ID = 0
			if err := s.CreateUser(ctx, &u); !fault.Is(err, fault.Conflict) {
				t.Fatalf("CreateUser(dup) = %v, want conflict", err)
			}
		})
		t.Run("ErrMissingEnterprise", func(t *testing.T) {
			u := auth.User{Email: "x@y.vn", Name: "X", PasswordHash: "h", Role: auth.RoleEnterprise, EnterpriseID: 999999, Lang: "vi",
				PasswordChangedAt: time.Now(), CreatedAt: time.Now(), UpdatedAt: time.Now()}
			if err := s.CreateUser(ctx, &u); !fault.Is(err, fault.Invalid) {
				t.Fatalf("CreateUser = %v, want invalid", err)
			}
		})
		t.Run("Update", func(t *testing.T) {
			u, err := s.FindUserByEmail(ctx, "hung@so.vn")
			if err != nil {
				t.Fatal(err)
			}
			u.Name, u.ProvinceCode, u.LockedUntil, u.FailedLogins, u.Disabled = "Hùng", "01", nil, 0, true
			u.UpdatedAt = u.UpdatedAt.Add(time.Hour)
			if err := s.UpdateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			got, err := s.FindUserByID(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(u, got); diff != "" {
				t.Errorf("user (-want +got):\n%s", diff)
			}
			u.Disabled, u.ProvinceCode = false, "79" // back, for FindUsers
			if err := s.UpdateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("FindUsers", func(t *testing.T) {
			yes, no := true, false
			for _, tc := range []struct {
				name      string
				f         auth.UserFilter
				want      []string
				wantTotal int
			}{
				{"All", auth.UserFilter{}, []string{"admin@moit.vn", "hung@so.vn", "lan@a.vn"}, 3},
				{"QueryEmail", auth.UserFilter{Query: "SO.VN"}, []string{"hung@so.vn"}, 1},
				{"QueryName", auth.UserFilter{Query: "thị lan"}, []string{"lan@a.vn"}, 1},
				// SQLite's lower() folds ASCII letters only, so the test changes only those.
				{"QueryNameAnyCase", auth.UserFilter{Query: "THị LAN"}, []string{"lan@a.vn"}, 1},
				{"Role", auth.UserFilter{Role: auth.RoleProvince}, []string{"hung@so.vn"}, 1},
				{"Province", auth.UserFilter{ProvinceCode: "79"}, []string{"hung@so.vn"}, 1},
				{"Disabled", auth.UserFilter{Disabled: &yes}, []string{"admin@moit.vn"}, 1},
				{"Enabled", auth.UserFilter{Disabled: &no}, []string{"hung@so.vn", "lan@a.vn"}, 2},
				{"Page", auth.UserFilter{Offset: 1, Limit: 1}, []string{"hung@so.vn"}, 3},
				{"PastLastPage", auth.UserFilter{Offset: 9, Limit: 1}, []string{}, 3},
			} {
				t.Run(tc.name, func(t *testing.T) {
					got, total, err := s.FindUsers(ctx, tc.f)
					if err != nil {
						t.Fatal(err)
					}
					emails := []string{}
					for _, u := range got {
						emails = append(emails, u.Email)
					}
					if diff := cmp.Diff(tc.want, emails); diff != "" {
						t.Errorf("emails (-want +got):\n%s", diff)
					}
					if total != tc.wantTotal {
						t.Errorf("total=%d, want %d", total, tc.wantTotal)
					}
				})
			}
		})
		t.Run("Count", func(t *testing.T) {
			if n, err := s.CountUsers(ctx); err != nil || n != 3 {
				t.Fatalf("CountUsers = %d, %v; want 3", n, err)
			}
		})
	})
}

func TestAuthStore_Tx(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Auth()
		u := mustCreateUser(t, db, auth.User{Email: "tx@a.vn"})

		t.Run("RollbackOnError", func(t *testing.T) {
			boom := errors.New("boom")
			err := s.Tx(ctx, func(tx auth.Store) error {
				v, err := tx.FindUserByID(ctx, u.ID)
				if err != nil {
					return err
				}
				v.Name = "Changed"
				if err := tx.UpdateUser(ctx, v); err != nil {
					return err
				}
				// The transaction reads its own write.
				if again, err := tx.FindUserByID(ctx, u.ID); err != nil || again.Name != "Changed" {
					t.Errorf("read in tx = %v, %v", again, err)
				}
				if err := tx.AddAudit(ctx, audit.Entry{At: time.Now(), Action: "tx.test", ObjectType: "user"}); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("Tx = %v, want boom", err)
			}
			got, err := s.FindUserByID(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != u.Name {
				t.Errorf("Name=%q after rollback, want %q", got.Name, u.Name)
			}
			if _, n, err := db.Audit().FindEntries(ctx, audit.Filter{Action: "tx.test"}); err != nil || n != 0 {
				t.Errorf("audit entries after rollback: %d, %v", n, err)
			}
		})
		t.Run("Commit", func(t *testing.T) {
			err := s.Tx(ctx, func(tx auth.Store) error {
				// Nested Tx joins the outer transaction.
				return tx.Tx(ctx, func(tx auth.Store) error {
					return tx.AddAudit(ctx, audit.Entry{At: time.Now(), Action: "tx.commit", ObjectType: "user"})
				})
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, n, err := db.Audit().FindEntries(ctx, audit.Filter{Action: "tx.commit"}); err != nil || n != 1 {
				t.Errorf("audit entries after commit: %d, %v", n, err)
			}
		})
	})
}

func TestAuthStore_RecoveryCodes(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Auth()
		u := mustCreateUser(t, db, auth.User{Email: "rc@a.vn"})
		other := mustCreateUser(t, db, auth.User{Email: "other@a.vn"})
		if err := s.ReplaceRecoveryCodes(ctx, u.ID, []string{"h1", "h2", "h3"}); err != nil {
			t.Fatal(err)
		}
		if n, err := s.CountRecoveryCodes(ctx, u.ID); err != nil || n != 3 {
			t.Fatalf("CountRecoveryCodes = %d, %v; want 3", n, err)
		}
		now := time.Now()
		if ok, err := s.UseRecoveryCode(ctx, other.ID, "h1", now); err != nil || ok {
			t.Fatalf("UseRecoveryCode(other user) = %v, %v; want false", ok, err)
		}
		if ok, err := s.UseRecoveryCode(ctx, u.ID, "h1", now); err != nil || !ok {
			t.Fatalf("UseRecoveryCode = %v, %v; want true", ok, err)
		}
		if ok, err := s.UseRecoveryCode(ctx, u.ID, "h1", now); err != nil || ok {
			t.Fatalf("UseRecoveryCode(again) = %v, %v; want false", ok, err)
		}
		if n, err := s.CountRecoveryCodes(ctx, u.ID); err != nil || n != 2 {
			t.Fatalf("CountRecoveryCodes = %d, %v; want 2", n, err)
		}
		if err := s.ReplaceRecoveryCodes(ctx, u.ID, nil); err != nil {
			t.Fatal(err)
		}
		if n, err := s.CountRecoveryCodes(ctx, u.ID); err != nil || n != 0 {
			t.Fatalf("CountRecoveryCodes after replace = %d, %v; want 0", n, err)
		}
	})
}

func TestAuthStore_PasswordResets(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Auth()
		u := mustCreateUser(t, db, auth.User{Email: "pr@a.vn"})
		now := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
		r := &auth.PasswordReset{TokenHash: "th", UserID: u.ID, ExpiresAt: now.Add(time.Hour), CreatedAt: now}
		if err := s.CreatePasswordReset(ctx, r); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindPasswordReset(ctx, "th")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(r, got); diff != "" {
			t.Errorf("reset (-want +got):\n%s", diff)
		}
		if err := s.MarkPasswordResetUsed(ctx, "th", now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if got, err := s.FindPasswordReset(ctx, "th"); err != nil || got.UsedAt == nil || !got.UsedAt.Equal(now.Add(time.Minute)) {
			t.Fatalf("after use: %+v, %v", got, err)
		}
		if err := s.MarkPasswordResetUsed(ctx, "th", now); !fault.Is(err, fault.NotFound) {
			t.Errorf("MarkPasswordResetUsed(twice) = %v, want not_found", err)
		}
		if _, err := s.FindPasswordReset(ctx, "nope"); !fault.Is(err, fault.NotFound) {
			t.Errorf("FindPasswordReset(missing) = %v, want not_found", err)
		}
	})
}

func TestAuthStore_Tokens(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := db.Auth()
		u := mustCreateUser(t, db, auth.User{Email: "tok@a.vn"})
		other := mustCreateUser(t, db, auth.User{Email: "other@a.vn"})
		now := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
		exp := now.Add(24 * time.Hour)
		t1 := &auth.Token{UserID: u.ID, Name: "CI", Prefix: "nscl_abcdef", Hash: "hash1", CreatedAt: now, ExpiresAt: &exp}
		t2 := &auth.Token{UserID: u.ID, Name: "Script", Prefix: "nscl_ghijkl", Hash: "hash2", CreatedAt: now.Add(time.Minute)}
		for _, tk := range []*auth.Token{t1, t2} {
			if err := s.CreateToken(ctx, tk); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.CreateToken(ctx, &auth.Token{UserID: other.ID, Name: "dup", Hash: "hash1", CreatedAt: now}); !fault.Is(err, fault.Conflict) {
			t.Errorf("CreateToken(dup hash) = %v, want conflict", err)
		}
		got, err := s.FindTokenByHash(ctx, "hash1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(t1, got); diff != "" {
			t.Errorf("token (-want +got):\n%s", diff)
		}
		list, err := s.FindTokens(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != t2.ID || list[1].ID != t1.ID {
			t.Errorf("FindTokens = %+v, want t2, t1", list)
		}
		if list, err := s.FindTokens(ctx, other.ID); err != nil || len(list) != 0 || list == nil {
			t.Errorf("FindTokens(other) = %#v, %v; want empty, non-nil", list, err)
		}
		if err := s.TouchToken(ctx, t1.ID, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeToken(ctx, other.ID, t1.ID, now); !fault.Is(err, fault.NotFound) {
			t.Errorf("RevokeToken(other's) = %v, want not_found", err)
		}
		if err := s.RevokeToken(ctx, u.ID, t1.ID, now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeToken(ctx, u.ID, t1.ID, now.Add(3*time.Hour)); !fault.Is(err, fault.NotFound) {
			t.Errorf("RevokeToken(twice) = %v, want not_found", err)
		}
		got, err = s.FindTokenByHash(ctx, "hash1")
		if err != nil {
			t.Fatal(err)
		}
		if got.LastUsedAt == nil || !got.LastUsedAt.Equal(now.Add(time.Hour)) || got.RevokedAt == nil || !got.RevokedAt.Equal(now.Add(2*time.Hour)) {
			t.Errorf("after touch and revoke: %+v", got)
		}
		if _, err := s.FindTokenByHash(ctx, "nope"); !fault.Is(err, fault.NotFound) {
			t.Errorf("FindTokenByHash(missing) = %v, want not_found", err)
		}
	})
}
