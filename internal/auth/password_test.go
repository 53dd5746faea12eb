package auth_test

import (
	"strings"
	"testing"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

var fastArgon = auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1}

func TestHashPassword_RoundTrip(t *testing.T) {
	t.Parallel()
	h, err := auth.HashPassword("mật khẩu đúng 123", fastArgon)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash %q is not PHC argon2id with the given parameters", h)
	}
	if !auth.CheckPassword(h, "mật khẩu đúng 123") {
		t.Error("CheckPassword(right) = false")
	}
	if auth.CheckPassword(h, "mật khẩu sai 123") {
		t.Error("CheckPassword(wrong) = true")
	}
	if auth.CheckPassword(h, "") {
		t.Error("CheckPassword(empty) = true")
	}
	h2, err := auth.HashPassword("mật khẩu đúng 123", fastArgon)
	if err != nil {
		t.Fatal(err)
	}
	if h2 == h {
		t.Error("two hashes of one password are equal: salt not random")
	}
}

func TestCheckPassword_Malformed(t *testing.T) {
	t.Parallel()
	good, err := auth.HashPassword("secret password 1", fastArgon)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, "$")
	for _, tc := range []struct{ name, hash string }{
		{"Empty", ""},
		{"NotPHC", "secret password 1"},
		{"Bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"Argon2i", strings.Replace(good, "argon2id", "argon2i", 1)},
		{"TooFewParts", strings.Join(parts[:5], "$")},
		{"BadParams", strings.Join([]string{"", parts[1], parts[2], "m=x,t=1,p=1", parts[4], parts[5]}, "$")},
		{"BadSalt", strings.Join([]string{"", parts[1], parts[2], parts[3], "!!!", parts[5]}, "$")},
		{"BadKey", strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], "!!!"}, "$")},
		{"EmptyKey", strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], ""}, "$")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if auth.CheckPassword(tc.hash, "secret password 1") {
				t.Fatalf("CheckPassword(%q) = true", tc.hash)
			}
		})
	}
}

func TestService_CreateUser_PasswordRules(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		for _, tc := range []struct {
			name, password string
			ok             bool
		}{
			{"ErrTooShort", "abc123", false},
			{"ErrNineChars", "abcdefg12", false},
			{"ErrLettersOnly", "abcdefghijkl", false},
			{"ErrDigitsOnly", "123456789012", false},
			{"ErrTooLong", strings.Repeat("a1", 65), false},
			{"OK", "abcdefghi1", true},
			{"OKVietnameseAndSymbols", "mật khẩu đủ dài!", true},
			{"OK128", strings.Repeat("a1", 64), true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := e.svc.CreateUser(e.adminCtx, auth.UserInput{Email: e.email(), Name: "P", Password: tc.password, Role: auth.RoleExpert})
				if tc.ok {
					if err != nil {
						t.Fatalf("CreateUser: %v", err)
					}
					return
				}
				if got := fault.KindOf(err); got != fault.Invalid {
					t.Fatalf("kind=%v (%v), want invalid", got, err)
				}
				if _, ok := fieldsOf(err)["password"]; !ok {
					t.Fatalf("no message for field password: %v", fieldsOf(err))
				}
			})
		}
	})
}
