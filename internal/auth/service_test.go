package auth_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"nscl/internal/audit"
	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// fakeMailer captures mail instead of sending it.
type fakeMailer struct {
	mu   sync.Mutex
	sent []sentMail
}

type sentMail struct{ To, Subject, Body string }

func (m *fakeMailer) SendMail(_ context.Context, to, subject, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, sentMail{to, subject, body})
	return nil
}

func (m *fakeMailer) all() []sentMail {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]sentMail(nil), m.sent...)
}

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is a service over a real database with fake mail and clock, and a
// first admin.
type env struct {
	db       *sqldb.DB
	svc      *auth.Service
	mail     *fakeMailer
	clock    *fakeClock
	ent      *registry.Enterprise // an existing enterprise in province 01
	admin    *auth.User
	adminCtx context.Context
	n        int
}

const (
	password = "correct horse 1"
	baseURL  = "https://nscl.example.vn"
)

func newEnv(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	e := &env{db: db, mail: &fakeMailer{}, clock: &fakeClock{t: time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)}}
	e.svc = auth.NewService(auth.Options{
		Store:          db.Auth(),
		Mailer:         e.mail,
		Enterprises:    registry.NewService(db.Registry()),
		ProvinceExists: func(c string) bool { return c == "01" || c == "79" },
		Clock:          e.clock.Now,
		Argon2:         fastArgon,
		BaseURL:        baseURL + "/",
	})
	ents := []*registry.Enterprise{{TaxCode: "0100109106", Name: "Công ty Thử nghiệm", ProvinceCode: "01"}}
	if err := db.Registry().CreateEnterprises(context.Background(), ents); err != nil {
		t.Fatal(err)
	}
	e.ent = ents[0]
	e.admin = e.mustCreateUser(t, auth.UserInput{Role: auth.RoleAdmin})
	e.adminCtx = e.as(e.admin)
	return e
}

// email returns a new unique address.
func (e *env) email() string {
	e.n++
	return fmt.Sprintf("user%d@example.vn", e.n)
}

// mustCreateUser creates a user as the system, with defaults for what in
// leaves empty (an expert with the password above).
func (e *env) mustCreateUser(t *testing.T, in auth.UserInput) *auth.User {
	t.Helper()
	if in.Email == "" {
		in.Email = e.email()
	}
	if in.Name == "" {
		in.Name = "Nguyễn Văn A"
	}
	if in.Password == "" {
		in.Password = password
	}
	if in.Role == "" {
		in.Role = auth.RoleExpert
	}
	u, err := e.svc.CreateUser(auth.SystemContext(context.Background()), in)
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", in.Email, err)
	}
	return u
}

// as returns a context acting as u, with the audit meta the HTTP layer sets.
func (e *env) as(u *auth.User) context.Context {
	ctx := audit.WithMeta(context.Background(), audit.Meta{ActorID: int64(u.ID), ActorEmail: u.Email, IP: "192.0.2.1"})
	return auth.WithActor(ctx, u.Actor())
}

// wantAudit fails unless the log has an entry with action on user u.
func (e *env) wantAudit(t *testing.T, action, objectID string) *audit.Entry {
	t.Helper()
	es, _, err := e.db.Audit().FindEntries(context.Background(), audit.Filter{Action: action, ObjectID: objectID})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) == 0 {
		t.Fatalf("no audit entry %q for object %q", action, objectID)
	}
	return es[0]
}

func idOf(u *auth.User) string { return fmt.Sprint(int64(u.ID)) }

func fieldsOf(err error) map[string]fault.Text {
	var fe *fault.Error
	if errors.As(err, &fe) {
		return fe.Fields
	}
	return nil
}

func wantKind(t *testing.T, err error, k fault.Kind) {
	t.Helper()
	if got := fault.KindOf(err); got != k || err == nil {
		t.Fatalf("kind=%v (%v), want %v", got, err, k)
	}
}

func TestService_Login(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		e := newEnv(t, db)

		t.Run("OK", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{})
			res, err := e.svc.Login(ctx, "  "+strings.ToUpper(u.Email)+" ", password, "10.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			if res.User.ID != u.ID || res.NeedTOTP || res.MustEnrolTOTP {
				t.Fatalf("result = %+v", res)
			}
			got, err := db.Auth().FindUserByID(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.LastLoginAt == nil || !got.LastLoginAt.Equal(e.clock.Now()) {
				t.Errorf("LastLoginAt=%v, want %v", got.LastLoginAt, e.clock.Now())
			}
			a := e.wantAudit(t, "auth.login", idOf(u))
			if a.ActorID != int64(u.ID) || a.ActorEmail != u.Email {
				t.Errorf("audit actor = %d %q, want the user", a.ActorID, a.ActorEmail)
			}
		})
		t.Run("ErrWrongPassword", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{})
			_, err := e.svc.Login(ctx, u.Email, "wrong password 1", "10.0.0.2")
			wantKind(t, err, fault.Unauthenticated)
			e.wantAudit(t, "auth.login_failed", idOf(u))
		})
		t.Run("ErrUnknownEmail", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{})
			_, errUnknown := e.svc.Login(ctx, "nobody@example.vn", password, "10.0.0.3")
			wantKind(t, errUnknown, fault.Unauthenticated)
			_, errWrong := e.svc.Login(ctx, u.Email, "wrong password 1", "10.0.0.3")
			if a, b := fault.MessageOf(errUnknown), fault.MessageOf(errWrong); a != b {
				t.Fatalf("unknown email says %q, wrong password %q: must be the same", a, b)
			}
		})
		t.Run("ErrLockout", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{})
			for i := 1; i < auth.MaxFailedLogins; i++ {
				_, err := e.svc.Login(ctx, u.Email, "wrong password 1", "10.0.0.4")
				wantKind(t, err, fault.Unauthenticated)
			}
			_, err := e.svc.Login(ctx, u.Email, "wrong password 1", "10.0.0.4")
			wantKind(t, err, fault.TooMany) // the fifth failure locks
			e.wantAudit(t, "auth.lockout", idOf(u))

			_, err = e.svc.Login(ctx, u.Email, password, "10.0.0.4")
			wantKind(t, err, fault.TooMany) // even the right password

			e.clock.Advance(auth.LockoutDuration - time.Second)
			_, err = e.svc.Login(ctx, u.Email, password, "10.0.0.4")
			wantKind(t, err, fault.TooMany)

			e.clock.Advance(time.Second)
			if _, err := e.svc.Login(ctx, u.Email, password, "10.0.0.4"); err != nil {
				t.Fatalf("Login after %v: %v", auth.LockoutDuration, err)
			}
			got, err := db.Auth().FindUserByID(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.FailedLogins != 0 || got.LockedUntil != nil {
				t.Errorf("after sign-in FailedLogins=%d LockedUntil=%v, want reset", got.FailedLogins, got.LockedUntil)
			}
		})
		t.Run("ErrDisabled", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{Disabled: true})
			_, err := e.svc.Login(ctx, u.Email, password, "10.0.0.5")
			wantKind(t, err, fault.Forbidden)
			_, err = e.svc.Login(ctx, u.Email, "wrong password 1", "10.0.0.5")
			wantKind(t, err, fault.Unauthenticated) // says nothing without the password
		})
		t.Run("MustEnrolTOTP", func(t *testing.T) {
			for _, role := range auth.Roles {
				in := auth.UserInput{Role: role}
				switch {
				case role.NeedsProvince():
					in.ProvinceCode = "01"
				case role.NeedsEnterprise():
					in.EnterpriseID = int64(e.ent.ID)
				}
				u := e.mustCreateUser(t, in)
				res, err := e.svc.Login(ctx, u.Email, password, "10.0.0.6")
				if err != nil {
					t.Fatal(err)
				}
				if res.NeedTOTP || res.MustEnrolTOTP != role.RequiresTOTP() {
					t.Errorf("%s: NeedTOTP=%v MustEnrolTOTP=%v, want false %v", role, res.NeedTOTP, res.MustEnrolTOTP, role.RequiresTOTP())
				}
			}
		})
		t.Run("NeedTOTP", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{Role: auth.RoleMinistry})
			key, err := totp.Generate(totp.GenerateOpts{Issuer: "NSCL", AccountName: u.Email})
			if err != nil {
				t.Fatal(err)
			}
			if err := e.svc.SeedTOTP(auth.SystemContext(ctx), u.ID, key.Secret(), []string{"AAAA-BBBB-CCCC"}); err != nil {
				t.Fatal(err)
			}
			res, err := e.svc.Login(ctx, u.Email, password, "10.0.0.7")
			if err != nil {
				t.Fatal(err)
			}
			if !res.NeedTOTP || res.MustEnrolTOTP {
				t.Fatalf("NeedTOTP=%v MustEnrolTOTP=%v, want true false", res.NeedTOTP, res.MustEnrolTOTP)
			}
			if es, _, _ := db.Audit().FindEntries(ctx, audit.Filter{Action: "auth.login", ObjectID: idOf(u)}); len(es) != 0 {
				t.Error("password alone recorded a sign-in; it completes with the code")
			}
		})
		t.Run("ErrRateLimitPerIP", func(t *testing.T) {
			for i := range 30 {
				_, err := e.svc.Login(ctx, "nobody@example.vn", "x", "10.0.0.8")
				if fault.Is(err, fault.TooMany) {
					t.Fatalf("attempt %d rate limited", i+1)
				}
			}
			_, err := e.svc.Login(ctx, e.admin.Email, password, "10.0.0.8")
			wantKind(t, err, fault.TooMany)
			if _, err := e.svc.Login(ctx, e.admin.Email, password, "10.0.0.9"); err != nil {
				t.Fatalf("another address: %v", err)
			}
			e.clock.Advance(time.Minute)
			if _, err := e.svc.Login(ctx, e.admin.Email, password, "10.0.0.8"); err != nil {
				t.Fatalf("a minute later: %v", err)
			}
		})
	})
}

func TestService_TOTP(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		u := e.mustCreateUser(t, auth.UserInput{Role: auth.RoleProvince, ProvinceCode: "79"})
		uctx := e.as(u)

		if _, err := e.svc.BeginTOTP(ctx); !fault.Is(err, fault.Unauthenticated) {
			t.Fatalf("BeginTOTP(anonymous) = %v, want unauthenticated", err)
		}
		enr, err := e.svc.BeginTOTP(uctx)
		if err != nil {
			t.Fatal(err)
		}
		if enr.Secret == "" || !strings.HasPrefix(enr.URL, "otpauth://totp/") || len(enr.QRPNG) == 0 {
			t.Fatalf("enrolment = %+v", enr)
		}
		pending, err := e.svc.PendingTOTP(uctx)
		if err != nil || pending.Secret != enr.Secret {
			t.Fatalf("PendingTOTP = %+v, %v", pending, err)
		}

		t.Run("ErrConfirmWrongCode", func(t *testing.T) {
			_, err := e.svc.ConfirmTOTP(uctx, "000000")
			wantKind(t, err, fault.Invalid)
			if _, ok := fieldsOf(err)["code"]; !ok {
				t.Errorf("no message for field code")
			}
		})
		code, err := totp.GenerateCode(enr.Secret, e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		codes, err := e.svc.ConfirmTOTP(uctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if len(codes) != 10 {
			t.Fatalf("%d recovery codes, want 10", len(codes))
		}
		e.wantAudit(t, "auth.totp_enable", idOf(u))
		if _, err := e.svc.BeginTOTP(uctx); !fault.Is(err, fault.Conflict) {
			t.Errorf("BeginTOTP once enabled = %v, want conflict", err)
		}

		res, err := e.svc.Login(ctx, u.Email, password, "10.1.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if !res.NeedTOTP || res.MustEnrolTOTP {
			t.Fatalf("after enrolment NeedTOTP=%v MustEnrolTOTP=%v", res.NeedTOTP, res.MustEnrolTOTP)
		}

		t.Run("ErrReplayedCode", func(t *testing.T) {
			// The code that confirmed the enrolment cannot sign in: each
			// 30-second code works once.
			_, err := e.svc.CompleteTOTP(ctx, u.ID, code, "10.1.0.1")
			wantKind(t, err, fault.Unauthenticated)
		})
		t.Run("CompleteWithCode", func(t *testing.T) {
			e.clock.Advance(30 * time.Second)
			code, err := totp.GenerateCode(enr.Secret, e.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.svc.CompleteTOTP(ctx, u.ID, code, "10.1.0.1")
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != u.ID {
				t.Fatalf("user %d, want %d", got.ID, u.ID)
			}
			e.wantAudit(t, "auth.login_totp", idOf(u))
			if _, err := e.svc.CompleteTOTP(ctx, u.ID, code, "10.1.0.1"); !fault.Is(err, fault.Unauthenticated) {
				t.Fatalf("the same code twice = %v, want unauthenticated", err)
			}
			// One step of clock drift is allowed.
			late, _ := totp.GenerateCode(enr.Secret, e.clock.Now().Add(30*time.Second))
			if _, err := e.svc.CompleteTOTP(ctx, u.ID, late, "10.1.0.1"); err != nil {
				t.Fatalf("code of the next step: %v", err)
			}
		})
		t.Run("CompleteWithRecoveryCodeOnce", func(t *testing.T) {
			typed := strings.ToLower(strings.ReplaceAll(codes[3], "-", " ")) // as a user might type it
			if _, err := e.svc.CompleteTOTP(ctx, u.ID, typed, "10.1.0.1"); err != nil {
				t.Fatalf("first use: %v", err)
			}
			e.wantAudit(t, "auth.login_recovery_code", idOf(u))
			_, err := e.svc.CompleteTOTP(ctx, u.ID, codes[3], "10.1.0.1")
			wantKind(t, err, fault.Unauthenticated)
			if n, err := e.svc.RecoveryCodesLeft(uctx); err != nil || n != 9 {
				t.Errorf("RecoveryCodesLeft = %d, %v; want 9", n, err)
			}
		})
		t.Run("ErrWrongCode", func(t *testing.T) {
			_, err := e.svc.CompleteTOTP(ctx, u.ID, "12345", "10.1.0.1")
			wantKind(t, err, fault.Unauthenticated)
			_, err = e.svc.CompleteTOTP(ctx, u.ID, "ZZZZ-ZZZZ-ZZZZ", "10.1.0.1")
			wantKind(t, err, fault.Unauthenticated)
		})
		t.Run("ErrNotEnrolled", func(t *testing.T) {
			other := e.mustCreateUser(t, auth.UserInput{})
			_, err := e.svc.CompleteTOTP(ctx, other.ID, "123456", "10.1.0.2")
			wantKind(t, err, fault.Unauthenticated)
		})
		t.Run("ResetTOTP", func(t *testing.T) {
			if err := e.svc.ResetTOTP(uctx, u.ID); !fault.Is(err, fault.Forbidden) {
				t.Fatalf("ResetTOTP by the user = %v, want forbidden", err)
			}
			if err := e.svc.ResetTOTP(e.adminCtx, u.ID); err != nil {
				t.Fatal(err)
			}
			e.wantAudit(t, "auth.totp_reset", idOf(u))
			res, err := e.svc.Login(ctx, u.Email, password, "10.1.0.3")
			if err != nil {
				t.Fatal(err)
			}
			if res.NeedTOTP || !res.MustEnrolTOTP {
				t.Errorf("after reset NeedTOTP=%v MustEnrolTOTP=%v, want false true", res.NeedTOTP, res.MustEnrolTOTP)
			}
			if n, err := e.svc.RecoveryCodesLeft(uctx); err != nil || n != 0 {
				t.Errorf("RecoveryCodesLeft = %d, %v; want 0", n, err)
			}
		})
	})
}

var resetLink = regexp.MustCompile(regexp.QuoteMeta(baseURL) + `/reset/([A-Za-z0-9_-]+)`)

func TestService_PasswordReset(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		request := func(t *testing.T, u *auth.User) string {
			t.Helper()
			before := len(e.mail.all())
			if err := e.svc.RequestPasswordReset(ctx, u.Email, "10.2.0.1"); err != nil {
				t.Fatal(err)
			}
			sent := e.mail.all()
			if len(sent) != before+1 {
				t.Fatalf("%d mails sent, want 1", len(sent)-before)
			}
			m := sent[len(sent)-1]
			if m.To != u.Email {
				t.Fatalf("mail to %q, want %q", m.To, u.Email)
			}
			match := resetLink.FindStringSubmatch(m.Body)
			if match == nil {
				t.Fatalf("no %s/reset/<token> link in:\n%s", baseURL, m.Body)
			}
			return match[1]
		}

		t.Run("UnknownEmailSendsNothing", func(t *testing.T) {
			if err := e.svc.RequestPasswordReset(ctx, "nobody@example.vn", "10.2.0.2"); err != nil {
				t.Fatalf("RequestPasswordReset(unknown) = %v, want nil", err)
			}
			if n := len(e.mail.all()); n != 0 {
				t.Fatalf("%d mails sent, want 0", n)
			}
		})
		t.Run("DisabledSendsNothing", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{Disabled: true})
			if err := e.svc.RequestPasswordReset(ctx, u.Email, "10.2.0.2"); err != nil {
				t.Fatal(err)
			}
			if n := len(e.mail.all()); n != 0 {
				t.Fatalf("%d mails sent, want 0", n)
			}
		})
		t.Run("OKOnce", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{})
			// A lockout is lifted by the reset.
			for range auth.MaxFailedLogins {
				_, _ = e.svc.Login(ctx, u.Email, "wrong password 1", "10.2.0.3")
			}
			token := request(t, u)
			e.wantAudit(t, "auth.reset_requested", idOf(u))
			e.clock.Advance(time.Minute)
			if err := e.svc.ResetPassword(ctx, token, "brand new pass 2"); err != nil {
				t.Fatal(err)
			}
			e.wantAudit(t, "auth.password_reset", idOf(u))
			if _, err := e.svc.Login(ctx, u.Email, "brand new pass 2", "10.2.0.3"); err != nil {
				t.Fatalf("Login with the new password: %v", err)
			}
			err := e.svc.ResetPassword(ctx, token, "another pass 3")
			wantKind(t, err, fault.Invalid)
		})
		t.Run("ErrWeakPassword", func(t *testing.T) {
			token := request(t, e.mustCreateUser(t, auth.UserInput{}))
			err := e.svc.ResetPassword(ctx, token, "short")
			wantKind(t, err, fault.Invalid)
			if _, ok := fieldsOf(err)["password"]; !ok {
				t.Errorf("no message for field password")
			}
			if err := e.svc.ResetPassword(ctx, token, "long enough 123"); err != nil {
				t.Fatalf("the link still works after a weak password: %v", err)
			}
		})
		t.Run("ErrExpired", func(t *testing.T) {
			token := request(t, e.mustCreateUser(t, auth.UserInput{}))
			e.clock.Advance(time.Hour)
			wantKind(t, e.svc.ResetPassword(ctx, token, "brand new pass 2"), fault.Invalid)
		})
		t.Run("ErrUnknownToken", func(t *testing.T) {
			wantKind(t, e.svc.ResetPassword(ctx, "not-a-token", "brand new pass 2"), fault.Invalid)
		})
	})
}

func TestService_ChangePassword(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		e := newEnv(t, db)

		t.Run("ErrWrongCurrent", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{})
			err := e.svc.ChangePassword(e.as(u), "not my password 1", "brand new pass 2")
			wantKind(t, err, fault.Invalid)
			if _, ok := fieldsOf(err)["current"]; !ok {
				t.Fatalf("no message for field current: %v", fieldsOf(err))
			}
		})
		t.Run("ErrSamePassword", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{})
			err := e.svc.ChangePassword(e.as(u), password, password)
			wantKind(t, err, fault.Invalid)
			if _, ok := fieldsOf(err)["password"]; !ok {
				t.Fatalf("no message for field password: %v", fieldsOf(err))
			}
		})
		t.Run("ErrAnonymous", func(t *testing.T) {
			wantKind(t, e.svc.ChangePassword(ctx, password, "brand new pass 2"), fault.Unauthenticated)
		})
		t.Run("OKEndsOlderSessions", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{})
			signedIn := e.clock.Now()
			if a, err := e.svc.ActorForSession(ctx, u.ID, signedIn); err != nil || a.UserID != u.ID {
				t.Fatalf("ActorForSession = %+v, %v", a, err)
			}
			e.clock.Advance(time.Minute)
			if err := e.svc.ChangePassword(e.as(u), password, "brand new pass 2"); err != nil {
				t.Fatal(err)
			}
			e.wantAudit(t, "auth.password_change", idOf(u))
			_, err := e.svc.ActorForSession(ctx, u.ID, signedIn)
			wantKind(t, err, fault.Unauthenticated)
			if _, err := e.svc.ActorForSession(ctx, u.ID, e.clock.Now()); err != nil {
				t.Fatalf("a session after the change: %v", err)
			}
			if _, err := e.svc.Login(ctx, u.Email, "brand new pass 2", "10.3.0.1"); err != nil {
				t.Fatalf("Login with the new password: %v", err)
			}
		})
	})
}

func TestService_ActorForSession(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		e := newEnv(t, db)

		t.Run("OK", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{Role: auth.RoleProvince, ProvinceCode: "79", Lang: "en"})
			a, err := e.svc.ActorForSession(ctx, u.ID, e.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			if a.UserID != u.ID || a.Role != auth.RoleProvince || a.ProvinceCode != "79" || a.Lang != "en" || a.ViaToken {
				t.Fatalf("actor = %+v", a)
			}
		})
		t.Run("ErrDisabled", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{})
			signedIn := e.clock.Now()
			if _, err := e.svc.UpdateUser(e.adminCtx, u.ID, auth.UserInput{Email: u.Email, Name: u.Name, Role: u.Role, Disabled: true}); err != nil {
				t.Fatal(err)
			}
			_, err := e.svc.ActorForSession(ctx, u.ID, signedIn)
			wantKind(t, err, fault.Unauthenticated)
		})
		t.Run("ErrDeleted", func(t *testing.T) {
			_, err := e.svc.ActorForSession(ctx, 987654, e.clock.Now())
			wantKind(t, err, fault.Unauthenticated)
		})
	})
}

func TestService_CreateUser(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		e := newEnv(t, db)

		t.Run("OK", func(t *testing.T) {
			u, err := e.svc.CreateUser(e.adminCtx, auth.UserInput{Email: " Lan.Nguyen@Example.VN ", Name: " Nguyễn Thị Lan ",
				Password: password, Role: auth.RoleEnterprise, EnterpriseID: int64(e.ent.ID), ProvinceCode: "01", Lang: "fr"})
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.Auth().FindUserByID(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Email != "lan.nguyen@example.vn" || got.Name != "Nguyễn Thị Lan" || got.Lang != "vi" ||
				got.ProvinceCode != "" || got.EnterpriseID != int64(e.ent.ID) || !auth.CheckPassword(got.PasswordHash, password) {
				t.Fatalf("stored user = %+v", got)
			}
			a := e.wantAudit(t, "user.create", idOf(u))
			if a.ActorID != int64(e.admin.ID) || strings.Contains(a.After, got.PasswordHash) || !strings.Contains(a.After, `"email":"lan.nguyen@example.vn"`) {
				t.Errorf("audit entry = %+v", a)
			}
		})
		t.Run("ErrAnonymous", func(t *testing.T) {
			_, err := e.svc.CreateUser(ctx, auth.UserInput{Email: e.email(), Name: "X", Password: password, Role: auth.RoleExpert})
			wantKind(t, err, fault.Unauthenticated)
		})
		t.Run("ErrNotAdmin", func(t *testing.T) {
			for _, in := range []auth.UserInput{
				{Role: auth.RoleEnterprise, EnterpriseID: int64(e.ent.ID)},
				{Role: auth.RoleMinistry},
				{Role: auth.RoleProvince, ProvinceCode: "01"},
			} {
				actor := e.mustCreateUser(t, in)
				_, err := e.svc.CreateUser(e.as(actor), auth.UserInput{Email: e.email(), Name: "X", Password: password, Role: auth.RoleExpert})
				wantKind(t, err, fault.Forbidden)
			}
		})
		t.Run("ErrDuplicateEmail", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{})
			_, err := e.svc.CreateUser(e.adminCtx, auth.UserInput{Email: strings.ToUpper(u.Email), Name: "X", Password: password, Role: auth.RoleExpert})
			wantKind(t, err, fault.Conflict)
			if _, ok := fieldsOf(err)["email"]; !ok {
				t.Fatalf("no message for field email: %v", fieldsOf(err))
			}
		})
		for _, tc := range []struct {
			name, field string
			in          auth.UserInput
		}{
			{"ErrProvinceOfficerWithoutProvince", "province_code", auth.UserInput{Role: auth.RoleProvince}},
			{"ErrProvinceOfficerUnknownProvince", "province_code", auth.UserInput{Role: auth.RoleProvince, ProvinceCode: "99"}},
			{"ErrEnterpriseUserNegativeEnterprise", "enterprise_id", auth.UserInput{Role: auth.RoleEnterprise, EnterpriseID: -1}},
			{"ErrEnterpriseUserUnknownEnterprise", "enterprise_id", auth.UserInput{Role: auth.RoleEnterprise, EnterpriseID: 987654}},
			{"ErrNoRole", "role", auth.UserInput{}},
			{"ErrPublicRole", "role", auth.UserInput{Role: auth.RolePublic}},
			{"ErrBadEmail", "email", auth.UserInput{Role: auth.RoleExpert, Email: "Lan <lan@example.vn>"}},
			{"ErrNoName", "name", auth.UserInput{Role: auth.RoleExpert, Name: "   "}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				in := tc.in
				if in.Email == "" {
					in.Email = e.email()
				}
				if in.Name == "" {
					in.Name = "Người dùng"
				}
				in.Password = password
				_, err := e.svc.CreateUser(e.adminCtx, in)
				wantKind(t, err, fault.Invalid)
				if _, ok := fieldsOf(err)[tc.field]; !ok {
					t.Fatalf("no message for field %s: %v", tc.field, fieldsOf(err))
				}
			})
		}
	})
}

func TestService_UpdateUser(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		e := newEnv(t, db)

		t.Run("OK", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{})
			got, err := e.svc.UpdateUser(e.adminCtx, u.ID, auth.UserInput{Email: u.Email, Name: "Tên mới", Role: auth.RoleProvince, ProvinceCode: "79"})
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != "Tên mới" || got.Role != auth.RoleProvince || got.ProvinceCode != "79" || got.PasswordHash != u.PasswordHash {
				t.Fatalf("updated = %+v", got)
			}
			a := e.wantAudit(t, "user.update", idOf(u))
			if !strings.Contains(a.Before, `"role":"expert"`) || !strings.Contains(a.After, `"role":"province"`) {
				t.Errorf("audit before/after = %s / %s", a.Before, a.After)
			}
		})
		t.Run("OKNewPasswordEndsSessions", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{})
			signedIn := e.clock.Now()
			e.clock.Advance(time.Second)
			if _, err := e.svc.UpdateUser(e.adminCtx, u.ID, auth.UserInput{Email: u.Email, Name: u.Name, Role: u.Role, Password: "set by admin 9"}); err != nil {
				t.Fatal(err)
			}
			_, err := e.svc.ActorForSession(ctx, u.ID, signedIn)
			wantKind(t, err, fault.Unauthenticated)
			if _, err := e.svc.Login(ctx, u.Email, "set by admin 9", "10.4.0.1"); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("ErrNotAdmin", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{Role: auth.RoleEnterprise, EnterpriseID: int64(e.ent.ID)})
			_, err := e.svc.UpdateUser(e.as(u), u.ID, auth.UserInput{Email: u.Email, Name: u.Name, Role: auth.RoleAdmin})
			wantKind(t, err, fault.Forbidden)
		})
		t.Run("ErrDisableSelf", func(t *testing.T) {
			_, err := e.svc.UpdateUser(e.adminCtx, e.admin.ID, auth.UserInput{Email: e.admin.Email, Name: e.admin.Name, Role: auth.RoleAdmin, Disabled: true})
			wantKind(t, err, fault.Invalid)
			_, err = e.svc.UpdateUser(e.adminCtx, e.admin.ID, auth.UserInput{Email: e.admin.Email, Name: e.admin.Name, Role: auth.RoleExpert})
			wantKind(t, err, fault.Invalid)
		})
		t.Run("ErrDuplicateEmail", func(t *testing.T) {
			u := e.mustCreateUser(t, auth.UserInput{})
			other := e.mustCreateUser(t, auth.UserInput{})
			_, err := e.svc.UpdateUser(e.adminCtx, u.ID, auth.UserInput{Email: other.Email, Name: u.Name, Role: u.Role})
			wantKind(t, err, fault.Conflict)
			if _, ok := fieldsOf(err)["email"]; !ok {
				t.Fatalf("no message for field email: %v", fieldsOf(err))
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			_, err := e.svc.UpdateUser(e.adminCtx, 987654, auth.UserInput{Email: e.email(), Name: "X", Role: auth.RoleExpert})
			wantKind(t, err, fault.NotFound)
		})
		t.Run("FindUsers", func(t *testing.T) {
			users, total, err := e.svc.FindUsers(e.adminCtx, auth.UserFilter{Role: auth.RoleAdmin})
			if err != nil {
				t.Fatal(err)
			}
			if total != 1 || len(users) != 1 || users[0].ID != e.admin.ID {
				t.Fatalf("FindUsers(admins) = %d users, total %d", len(users), total)
			}
			u := e.mustCreateUser(t, auth.UserInput{})
			_, _, err = e.svc.FindUsers(e.as(u), auth.UserFilter{})
			wantKind(t, err, fault.Forbidden)
		})
	})
}

func TestService_Tokens(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		u := e.mustCreateUser(t, auth.UserInput{Role: auth.RoleProvince, ProvinceCode: "01"})
		uctx := e.as(u)

		t.Run("OK", func(t *testing.T) {
			secret, tok, err := e.svc.CreateToken(uctx, "  CI  ", nil)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(secret, auth.TokenPrefix) || !strings.HasPrefix(secret, tok.Prefix) || tok.Name != "CI" {
				t.Fatalf("secret %q, token %+v", secret, tok)
			}
			a := e.wantAudit(t, "token.create", fmt.Sprint(int64(tok.ID)))
			if strings.Contains(a.After, secret) || strings.Contains(a.After, tok.Hash) {
				t.Errorf("audit entry shows the secret or its hash: %s", a.After)
			}
			actor, err := e.svc.AuthenticateToken(ctx, secret)
			if err != nil {
				t.Fatal(err)
			}
			if actor.UserID != u.ID || !actor.ViaToken || actor.ProvinceCode != "01" {
				t.Fatalf("actor = %+v", actor)
			}
			list, err := e.svc.FindTokens(uctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 1 || list[0].LastUsedAt == nil {
				t.Fatalf("FindTokens = %+v, want one token, used", list)
			}
			_, _, err = e.svc.CreateToken(auth.WithActor(ctx, actor), "from a token", nil)
			wantKind(t, err, fault.Forbidden)

			if err := e.svc.RevokeToken(uctx, tok.ID); err != nil {
				t.Fatal(err)
			}
			e.wantAudit(t, "token.revoke", fmt.Sprint(int64(tok.ID)))
			_, err = e.svc.AuthenticateToken(ctx, secret)
			wantKind(t, err, fault.Unauthenticated)
		})
		t.Run("ErrOtherUsersToken", func(t *testing.T) {
			_, tok, err := e.svc.CreateToken(uctx, "mine", nil)
			if err != nil {
				t.Fatal(err)
			}
			other := e.mustCreateUser(t, auth.UserInput{})
			wantKind(t, e.svc.RevokeToken(e.as(other), tok.ID), fault.NotFound)
			wantKind(t, e.svc.RevokeToken(e.adminCtx, tok.ID), fault.NotFound)
		})
		t.Run("ErrExpired", func(t *testing.T) {
			exp := e.clock.Now().Add(time.Hour)
			secret, _, err := e.svc.CreateToken(uctx, "short-lived", &exp)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.AuthenticateToken(ctx, secret); err != nil {
				t.Fatalf("before expiry: %v", err)
			}
			e.clock.Advance(time.Hour)
			_, err = e.svc.AuthenticateToken(ctx, secret)
			wantKind(t, err, fault.Unauthenticated)
		})
		t.Run("ErrDisabledOwner", func(t *testing.T) {
			v := e.mustCreateUser(t, auth.UserInput{})
			secret, _, err := e.svc.CreateToken(e.as(v), "t", nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.UpdateUser(e.adminCtx, v.ID, auth.UserInput{Email: v.Email, Name: v.Name, Role: v.Role, Disabled: true}); err != nil {
				t.Fatal(err)
			}
			_, err = e.svc.AuthenticateToken(ctx, secret)
			wantKind(t, err, fault.Unauthenticated)
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			for _, s := range []string{"", "nscl_", "nscl_doesnotexist", "ghp_abc"} {
				_, err := e.svc.AuthenticateToken(ctx, s)
				wantKind(t, err, fault.Unauthenticated)
			}
			past := e.clock.Now().Add(-time.Minute)
			_, _, err := e.svc.CreateToken(uctx, "", &past)
			wantKind(t, err, fault.Invalid)
			if f := fieldsOf(err); f["name"] == (fault.Text{}) || f["expires"] == (fault.Text{}) {
				t.Errorf("fields = %v, want name and expires", f)
			}
			_, _, err = e.svc.CreateToken(ctx, "anonymous", nil)
			wantKind(t, err, fault.Unauthenticated)
		})
	})
}
