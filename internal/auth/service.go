package auth

import (
	"bytes"
	"context"
	"crypto/subtle"
	"fmt"
	"image/png"
	"log/slog"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"nscl/internal/audit"
	"nscl/internal/fault"
)

// Sign-in limits.
const (
	MaxFailedLogins  = 5                // wrong passwords before the account locks
	LockoutDuration  = 15 * time.Minute // how long it stays locked
	ipAttemptsPerMin = 30               // sign-in attempts per client address per minute
	resetValidFor    = time.Hour
	recoveryCodes    = 10
)

// Options configures a Service.
type Options struct {
	Store       Store
	Mailer      Mailer
	Enterprises EnterpriseChecker
	// ProvinceExists tells whether a province code is one of the 34 units.
	ProvinceExists func(code string) bool
	Clock          func() time.Time
	Argon2         Argon2Params
	BaseURL        string // e.g. "https://nscl.moit.gov.vn", for links in mail
	Logger         *slog.Logger
}

// Service is the accounts use cases.
type Service struct {
	store   Store
	mail    Mailer
	ents    EnterpriseChecker
	provOK  func(string) bool
	now     func() time.Time
	argon   Argon2Params
	baseURL string
	log     *slog.Logger
	ipLimit *limiter
	dummy   string // a hash to check against when the email is unknown
}

// NewService returns a Service.
func NewService(o Options) *Service {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Argon2 == (Argon2Params{}) {
		o.Argon2 = DefaultArgon2
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.ProvinceExists == nil {
		o.ProvinceExists = func(string) bool { return false }
	}
	dummy, _ := HashPassword("not a real password 1", o.Argon2)
	return &Service{store: o.Store, mail: o.Mailer, ents: o.Enterprises, provOK: o.ProvinceExists, now: o.Clock,
		argon: o.Argon2, baseURL: strings.TrimRight(o.BaseURL, "/"), log: o.Logger,
		ipLimit: newLimiter(ipAttemptsPerMin, time.Minute), dummy: dummy}
}

// SystemContext returns ctx acting as the system (command-line tools, demo
// data, scheduled jobs): allowed everything, audited with no actor.
func SystemContext(ctx context.Context) context.Context {
	return WithActor(ctx, &Actor{Role: RoleAdmin, System: true, Email: "system"})
}

var (
	errBadCredentials = fault.New(fault.Unauthenticated,
		"Email hoặc mật khẩu không đúng.", "Wrong email or password.")
	errBadCode = fault.New(fault.Unauthenticated,
		"Mã xác thực không đúng hoặc đã hết hạn.", "The code is wrong or has expired.")
)

func forbidden() error {
	return fault.New(fault.Forbidden, "Bạn không có quyền thực hiện thao tác này.", "You are not allowed to do this.")
}

func (s *Service) require(ctx context.Context, act Action, sc Scope) (*Actor, error) {
	a := ActorFrom(ctx)
	if a.IsAnonymous() {
		return nil, fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
	}
	if !Allowed(a, act, sc) {
		return nil, forbidden()
	}
	return a, nil
}

// LoginResult is the outcome of a correct password.
type LoginResult struct {
	User *User
	// NeedTOTP: the user must still enter a two-factor code (CompleteTOTP).
	NeedTOTP bool
	// MustEnrolTOTP: the role requires two-factor and the user has none yet;
	// the session may only reach the enrolment page until it is done.
	MustEnrolTOTP bool
}

// Login checks an email and password. It returns Unauthenticated for a
// wrong pair (the same message whether or not the email exists), TooMany when
// the client address is rate limited or the account is locked, and Forbidden
// when the account is disabled.
func (s *Service) Login(ctx context.Context, email, password, ip string) (*LoginResult, error) {
	now := s.now()
	if !s.ipLimit.allow(ip, now) {
		return nil, fault.New(fault.TooMany, "Quá nhiều lần đăng nhập từ địa chỉ này, vui lòng thử lại sau một phút.",
			"Too many sign-in attempts from this address; please try again in a minute.")
	}
	u, err := s.store.FindUserByEmail(ctx, NormalizeEmail(email))
	if fault.Is(err, fault.NotFound) {
		CheckPassword(s.dummy, password) // same time as a real check
		return nil, errBadCredentials
	}
	if err != nil {
		return nil, err
	}
	if u.IsLocked(now) {
		return nil, lockedError(*u.LockedUntil)
	}
	if !CheckPassword(u.PasswordHash, password) {
		return nil, s.recordFailure(ctx, u, now, errBadCredentials)
	}
	if u.Disabled {
		return nil, fault.New(fault.Forbidden, "Tài khoản đã bị vô hiệu hóa. Liên hệ quản trị hệ thống.",
			"This account is disabled. Please contact the administrator.")
	}
	res := &LoginResult{User: u, NeedTOTP: u.TOTPEnabled, MustEnrolTOTP: u.Role.RequiresTOTP() && !u.TOTPEnabled}
	if res.NeedTOTP {
		return res, nil // the sign-in completes in CompleteTOTP
	}
	return res, s.recordSuccess(ctx, u, now, "auth.login")
}

func lockedError(until time.Time) error {
	loc, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	if loc == nil {
		loc = time.FixedZone("ICT", 7*3600)
	}
	t := until.In(loc).Format("15:04")
	return fault.New(fault.TooMany,
		"Tài khoản tạm khóa do đăng nhập sai nhiều lần; vui lòng thử lại sau "+t+".",
		"The account is locked after repeated failed sign-ins; please try again after "+t+".")
}

func (s *Service) recordFailure(ctx context.Context, u *User, now time.Time, cause error) error {
	err := s.store.Tx(ctx, func(tx Store) error {
		u.FailedLogins++
		action := "auth.login_failed"
		if u.FailedLogins >= MaxFailedLogins {
			until := now.Add(LockoutDuration)
			u.LockedUntil = &until
			u.FailedLogins = 0
			action = "auth.lockout"
		}
		u.UpdatedAt = now
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return tx.AddAudit(withUserMeta(ctx, u), audit.New(withUserMeta(ctx, u), now, action, "user", idString(u.ID), nil, nil))
	})
	if err != nil {
		return err
	}
	if u.LockedUntil != nil && u.LockedUntil.After(now) {
		return lockedError(*u.LockedUntil)
	}
	return cause
}

func (s *Service) recordSuccess(ctx context.Context, u *User, now time.Time, action string) error {
	return s.store.Tx(ctx, func(tx Store) error {
		u.FailedLogins = 0
		u.LockedUntil = nil
		u.LastLoginAt = &now
		u.UpdatedAt = now
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		mctx := withUserMeta(ctx, u)
		return tx.AddAudit(mctx, audit.New(mctx, now, action, "user", idString(u.ID), nil, nil))
	})
}

// withUserMeta fills the audit actor with u where the request has none yet
// (during sign-in).
func withUserMeta(ctx context.Context, u *User) context.Context {
	m := audit.MetaFrom(ctx)
	if m.ActorID == 0 {
		m.ActorID, m.ActorEmail = int64(u.ID), u.Email
	}
	return audit.WithMeta(ctx, m)
}

func idString(id UserID) string { return fmt.Sprint(int64(id)) }

// CompleteTOTP finishes a sign-in that needs a second factor: code is a
// 6-digit TOTP code or one of the user's recovery codes (used once).
func (s *Service) CompleteTOTP(ctx context.Context, id UserID, code, ip string) (*User, error) {
	now := s.now()
	if !s.ipLimit.allow(ip, now) {
		return nil, fault.New(fault.TooMany, "Quá nhiều lần thử, vui lòng thử lại sau một phút.",
			"Too many attempts; please try again in a minute.")
	}
	u, err := s.store.FindUserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if u.Disabled || !u.TOTPEnabled {
		return nil, errBadCode
	}
	if u.IsLocked(now) {
		return nil, lockedError(*u.LockedUntil)
	}
	code = strings.TrimSpace(code)
	step, ok := s.checkTOTP(u, code, now)
	if ok {
		u.TOTPLastStep = step
	}
	action := "auth.login_totp"
	if !ok && len(code) > 6 {
		ok, err = s.store.UseRecoveryCode(ctx, u.ID, hashSecret(normalizeCode(code)), now)
		if err != nil {
			return nil, err
		}
		action = "auth.login_recovery_code"
	}
	if !ok {
		return nil, s.recordFailure(ctx, u, now, errBadCode)
	}
	return u, s.recordSuccess(ctx, u, now, action)
}

// checkTOTP checks a 6-digit code against u's secret at now, allowing one
// 30-second step of clock drift either way. A code of a step already used
// (or older) is refused, so an overheard code cannot be replayed. It returns
// the step the code belongs to.
func (s *Service) checkTOTP(u *User, code string, now time.Time) (int64, bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if u.TOTPSecret == "" || len(code) != 6 {
		return 0, false
	}
	for _, skew := range []int{0, -1, 1} {
		t := now.Add(time.Duration(skew) * 30 * time.Second)
		want, err := totp.GenerateCode(u.TOTPSecret, t)
		if err != nil {
			return 0, false
		}
		step := t.Unix() / 30
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && step > u.TOTPLastStep {
			return step, true
		}
	}
	return 0, false
}

// ActorForSession returns the actor of a session that signed in as id at
// signedIn. A disabled user, or one whose password changed after signedIn,
// is Unauthenticated: changing a password or disabling an account ends every
// session at once.
func (s *Service) ActorForSession(ctx context.Context, id UserID, signedIn time.Time) (*Actor, error) {
	u, err := s.store.FindUserByID(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, fault.New(fault.Unauthenticated, "Phiên đăng nhập đã hết hạn.", "The session has ended.")
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled || u.PasswordChangedAt.After(signedIn) {
		return nil, fault.New(fault.Unauthenticated, "Phiên đăng nhập đã hết hạn.", "The session has ended.")
	}
	return u.Actor(), nil
}

// AuthenticateToken returns the actor of a personal API token secret.
func (s *Service) AuthenticateToken(ctx context.Context, secret string) (*Actor, error) {
	bad := fault.New(fault.Unauthenticated, "Mã truy cập API không hợp lệ hoặc đã bị thu hồi.", "The API token is invalid or revoked.")
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, bad
	}
	t, err := s.store.FindTokenByHash(ctx, hashSecret(secret))
	if fault.Is(err, fault.NotFound) {
		return nil, bad
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	if !t.IsActive(now) {
		return nil, bad
	}
	u, err := s.store.FindUserByID(ctx, t.UserID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, bad
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		if err := s.store.TouchToken(ctx, t.ID, now); err != nil {
			return nil, err
		}
	}
	a := u.Actor()
	a.ViaToken = true
	return a, nil
}

// RequestPasswordReset mails a one-time reset link to email if an active
// account has it. It answers the same whether or not the account exists.
func (s *Service) RequestPasswordReset(ctx context.Context, email, ip string) error {
	now := s.now()
	if !s.ipLimit.allow("reset:"+ip, now) {
		return fault.New(fault.TooMany, "Quá nhiều yêu cầu, vui lòng thử lại sau một phút.",
			"Too many requests; please try again in a minute.")
	}
	u, err := s.store.FindUserByEmail(ctx, NormalizeEmail(email))
	if fault.Is(err, fault.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if u.Disabled {
		return nil
	}
	token := randomToken(32)
	r := &PasswordReset{TokenHash: hashSecret(token), UserID: u.ID, ExpiresAt: now.Add(resetValidFor), CreatedAt: now}
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreatePasswordReset(ctx, r); err != nil {
			return err
		}
		mctx := withUserMeta(ctx, u)
		return tx.AddAudit(mctx, audit.New(mctx, now, "auth.reset_requested", "user", idString(u.ID), nil, nil))
	})
	if err != nil {
		return err
	}
	link := s.baseURL + "/reset/" + token
	subject, body := resetMail(u, link)
	if err := s.mail.SendMail(ctx, u.Email, subject, body); err != nil {
		return fmt.Errorf("auth: send reset mail: %w", err)
	}
	return nil
}

func resetMail(u *User, link string) (subject, body string) {
	if u.Lang == "en" {
		return "NSCL: reset your password",
			"Hello " + u.Name + ",\n\nSomeone (hopefully you) asked to reset the password of your NSCL account.\n" +
				"Open this link within one hour to choose a new password:\n\n" + link +
				"\n\nIf you did not ask for this, ignore this message; your password stays as it is.\n\nNSCL — Ministry of Industry and Trade"
	}
	return "NSCL: đặt lại mật khẩu",
		"Kính gửi " + u.Name + ",\n\nHệ thống NSCL nhận được yêu cầu đặt lại mật khẩu cho tài khoản của bạn.\n" +
			"Vui lòng mở liên kết sau trong vòng một giờ để đặt mật khẩu mới:\n\n" + link +
			"\n\nNếu bạn không yêu cầu, hãy bỏ qua thư này; mật khẩu của bạn không thay đổi.\n\nNSCL — Bộ Công Thương"
}

// ResetPassword sets a new password with a reset link's token. The link works
// once, within an hour; using it also lifts a lockout.
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	now := s.now()
	expired := fault.New(fault.Invalid, "Liên kết đặt lại mật khẩu không hợp lệ hoặc đã hết hạn. Vui lòng yêu cầu liên kết mới.",
		"The reset link is invalid or has expired. Please ask for a new one.")
	r, err := s.store.FindPasswordReset(ctx, hashSecret(token))
	if fault.Is(err, fault.NotFound) {
		return expired
	}
	if err != nil {
		return err
	}
	if r.UsedAt != nil || !now.Before(r.ExpiresAt) {
		return expired
	}
	if msg, ok := checkPassword(password); !ok {
		return (&fault.Error{Kind: fault.Invalid, Message: msg}).Field("password", msg.Vi, msg.En)
	}
	hash, err := HashPassword(password, s.argon)
	if err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx Store) error {
		u, err := tx.FindUserByID(ctx, r.UserID)
		if err != nil {
			return err
		}
		u.PasswordHash, u.PasswordChangedAt, u.UpdatedAt = hash, now, now
		u.FailedLogins, u.LockedUntil = 0, nil
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		if err := tx.MarkPasswordResetUsed(ctx, r.TokenHash, now); err != nil {
			return err
		}
		mctx := withUserMeta(ctx, u)
		return tx.AddAudit(mctx, audit.New(mctx, now, "auth.password_reset", "user", idString(u.ID), nil, nil))
	})
}

// ChangePassword changes the actor's own password, given the current one.
// Every other session of the user ends.
func (s *Service) ChangePassword(ctx context.Context, current, next string) error {
	a, err := s.require(ctx, ActSignedIn, Scope{})
	if err != nil {
		return err
	}
	u, err := s.store.FindUserByID(ctx, a.UserID)
	if err != nil {
		return err
	}
	f := fault.Fields{}
	if !CheckPassword(u.PasswordHash, current) {
		f.Add("current", "Mật khẩu hiện tại không đúng.", "The current password is wrong.")
	}
	if msg, ok := checkPassword(next); !ok {
		f["password"] = msg
	} else if next == current {
		f.Add("password", "Mật khẩu mới phải khác mật khẩu hiện tại.", "The new password must differ from the current one.")
	}
	if err := f.Err(); err != nil {
		return err
	}
	hash, err := HashPassword(next, s.argon)
	if err != nil {
		return err
	}
	now := s.now()
	return s.store.Tx(ctx, func(tx Store) error {
		u.PasswordHash, u.PasswordChangedAt, u.UpdatedAt = hash, now, now
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, "auth.password_change", "user", idString(u.ID), nil, nil))
	})
}

// SetLanguage remembers the actor's language ("vi" or "en").
func (s *Service) SetLanguage(ctx context.Context, lang string) error {
	a, err := s.require(ctx, ActSignedIn, Scope{})
	if err != nil {
		return err
	}
	if lang != "en" && lang != "vi" {
		return fault.New(fault.Invalid, "Ngôn ngữ không được hỗ trợ.", "Unsupported language.").Field("lang", "Chọn vi hoặc en.", "Choose vi or en.")
	}
	u, err := s.store.FindUserByID(ctx, a.UserID)
	if err != nil {
		return err
	}
	if u.Lang == lang {
		return nil
	}
	before := u.View()
	u.Lang, u.UpdatedAt = lang, s.now()
	return s.store.Tx(ctx, func(tx Store) error {
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return tx.AddAudit(ctx, audit.New(ctx, u.UpdatedAt, "user.language", "user", idString(u.ID), before, u.View()))
	})
}

// Enrolment is a started two-factor enrolment.
type Enrolment struct {
	Secret string // base32, for typing into an app by hand
	URL    string // otpauth:// URL
	QRPNG  []byte // the URL as a QR code
}

// BeginTOTP starts (or restarts) two-factor enrolment for the actor: a new
// secret is kept, not yet enabled, until ConfirmTOTP.
func (s *Service) BeginTOTP(ctx context.Context) (*Enrolment, error) {
	a, err := s.require(ctx, ActSignedIn, Scope{})
	if err != nil {
		return nil, err
	}
	u, err := s.store.FindUserByID(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	if u.TOTPEnabled {
		return nil, fault.New(fault.Conflict, "Xác thực hai bước đã được bật.", "Two-factor sign-in is already on.")
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "NSCL Bộ Công Thương", AccountName: u.Email})
	if err != nil {
		return nil, fmt.Errorf("auth: generate totp: %w", err)
	}
	u.TOTPSecret, u.UpdatedAt = key.Secret(), s.now()
	if err := s.store.UpdateUser(ctx, u); err != nil {
		return nil, err
	}
	return enrolment(key)
}

// PendingTOTP returns the enrolment the actor started and has not confirmed.
func (s *Service) PendingTOTP(ctx context.Context) (*Enrolment, error) {
	a, err := s.require(ctx, ActSignedIn, Scope{})
	if err != nil {
		return nil, err
	}
	u, err := s.store.FindUserByID(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	if u.TOTPEnabled || u.TOTPSecret == "" {
		return nil, fault.New(fault.NotFound, "Chưa bắt đầu đăng ký xác thực hai bước.", "No two-factor enrolment in progress.")
	}
	key, err := otp.NewKeyFromURL(fmt.Sprintf("otpauth://totp/%s?secret=%s&issuer=%s", "NSCL:"+u.Email, u.TOTPSecret, "NSCL"))
	if err != nil {
		return nil, fmt.Errorf("auth: totp key: %w", err)
	}
	return enrolment(key)
}

func enrolment(key *otp.Key) (*Enrolment, error) {
	img, err := key.Image(240, 240)
	if err != nil {
		return nil, fmt.Errorf("auth: qr: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("auth: qr png: %w", err)
	}
	return &Enrolment{Secret: key.Secret(), URL: key.URL(), QRPNG: buf.Bytes()}, nil
}

// ConfirmTOTP enables two-factor sign-in once the actor types a valid code
// from the enrolled app, and returns fresh recovery codes (shown once).
func (s *Service) ConfirmTOTP(ctx context.Context, code string) ([]string, error) {
	a, err := s.require(ctx, ActSignedIn, Scope{})
	if err != nil {
		return nil, err
	}
	u, err := s.store.FindUserByID(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	if u.TOTPEnabled {
		return nil, fault.New(fault.Conflict, "Xác thực hai bước đã được bật.", "Two-factor sign-in is already on.")
	}
	step, ok := s.checkTOTP(u, code, s.now())
	if u.TOTPSecret == "" || !ok {
		return nil, fault.New(fault.Invalid, "Mã xác thực không đúng. Kiểm tra giờ trên điện thoại và thử lại.",
			"The code is wrong. Check the phone's clock and try again.").Field("code", "Mã không đúng.", "Wrong code.")
	}
	codes := make([]string, recoveryCodes)
	hashes := make([]string, recoveryCodes)
	for i := range codes {
		codes[i] = randomCode()
		hashes[i] = hashSecret(codes[i])
	}
	now := s.now()
	err = s.store.Tx(ctx, func(tx Store) error {
		u.TOTPEnabled, u.TOTPLastStep, u.UpdatedAt = true, step, now
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		if err := tx.ReplaceRecoveryCodes(ctx, u.ID, hashes); err != nil {
			return err
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, "auth.totp_enable", "user", idString(u.ID), nil, nil))
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// RecoveryCodesLeft returns how many unused recovery codes the actor has.
func (s *Service) RecoveryCodesLeft(ctx context.Context) (int, error) {
	a, err := s.require(ctx, ActSignedIn, Scope{})
	if err != nil {
		return 0, err
	}
	return s.store.CountRecoveryCodes(ctx, a.UserID)
}

// ResetTOTP turns a user's two-factor sign-in off (an admin helping a user
// who lost the phone and the codes). Roles that require it enrol again at the
// next sign-in.
func (s *Service) ResetTOTP(ctx context.Context, id UserID) error {
	if _, err := s.require(ctx, ActUsersManage, Scope{}); err != nil {
		return err
	}
	now := s.now()
	return s.store.Tx(ctx, func(tx Store) error {
		u, err := tx.FindUserByID(ctx, id)
		if err != nil {
			return err
		}
		u.TOTPEnabled, u.TOTPSecret, u.UpdatedAt = false, "", now
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		if err := tx.ReplaceRecoveryCodes(ctx, id, nil); err != nil {
			return err
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, "auth.totp_reset", "user", idString(id), nil, nil))
	})
}

// CountUsers returns how many accounts exist (no authorization: it only says
// whether the first admin must still be created).
func (s *Service) CountUsers(ctx context.Context) (int, error) { return s.store.CountUsers(ctx) }

// CreateUser creates an account (admins; the system for the command line).
func (s *Service) CreateUser(ctx context.Context, in UserInput) (*User, error) {
	if _, err := s.require(ctx, ActUsersManage, Scope{}); err != nil {
		return nil, err
	}
	if err := in.normalize(s.provOK, true); err != nil {
		return nil, err
	}
	if err := s.checkEnterprise(ctx, in); err != nil {
		return nil, err
	}
	hash, err := HashPassword(in.Password, s.argon)
	if err != nil {
		return nil, err
	}
	now := s.now()
	u := &User{Email: in.Email, Name: in.Name, PasswordHash: hash, Role: in.Role, ProvinceCode: in.ProvinceCode,
		EnterpriseID: in.EnterpriseID, Lang: in.Lang, Disabled: in.Disabled, PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return emailTaken(err)
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, "user.create", "user", idString(u.ID), nil, u.View()))
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// emailTaken turns a store Conflict on the email into a message on the
// email field; other errors pass unchanged.
func emailTaken(err error) error {
	if !fault.Is(err, fault.Conflict) {
		return err
	}
	const vi, en = "Email đã được dùng cho tài khoản khác.", "The email is already used by another account."
	return (&fault.Error{Kind: fault.Conflict, Message: fault.Text{Vi: vi, En: en}, Err: err}).Field("email", vi, en)
}

func (s *Service) checkEnterprise(ctx context.Context, in UserInput) error {
	if !in.Role.NeedsEnterprise() || in.EnterpriseID == 0 {
		return nil
	}
	if s.ents == nil {
		return fault.Internalf("auth: no enterprise checker")
	}
	_, err := s.ents.EnterpriseProvince(ctx, in.EnterpriseID)
	if fault.Is(err, fault.NotFound) {
		return (&fault.Error{Kind: fault.Invalid, Message: fault.Text{Vi: "Doanh nghiệp không tồn tại.", En: "The enterprise does not exist."}}).
			Field("enterprise_id", "Doanh nghiệp không tồn tại.", "The enterprise does not exist.")
	}
	return err
}

// UpdateUser changes an account (admins). An empty Password keeps the
// password; a new one ends the user's sessions. Admins cannot disable
// themselves or take away their own admin role.
func (s *Service) UpdateUser(ctx context.Context, id UserID, in UserInput) (*User, error) {
	a, err := s.require(ctx, ActUsersManage, Scope{})
	if err != nil {
		return nil, err
	}
	if err := in.normalize(s.provOK, false); err != nil {
		return nil, err
	}
	if a.UserID == id && (in.Disabled || in.Role != RoleAdmin) {
		return nil, fault.New(fault.Invalid, "Bạn không thể tự vô hiệu hóa hoặc bỏ quyền quản trị của chính mình.",
			"You cannot disable yourself or remove your own admin role.")
	}
	if err := s.checkEnterprise(ctx, in); err != nil {
		return nil, err
	}
	var hash string
	if in.Password != "" {
		if hash, err = HashPassword(in.Password, s.argon); err != nil {
			return nil, err
		}
	}
	now := s.now()
	var u *User
	err = s.store.Tx(ctx, func(tx Store) error {
		if u, err = tx.FindUserByID(ctx, id); err != nil {
			return err
		}
		before := u.View()
		u.Email, u.Name, u.Role, u.ProvinceCode, u.EnterpriseID, u.Lang, u.Disabled =
			in.Email, in.Name, in.Role, in.ProvinceCode, in.EnterpriseID, in.Lang, in.Disabled
		if hash != "" {
			u.PasswordHash, u.PasswordChangedAt = hash, now
		}
		u.UpdatedAt = now
		if err := tx.UpdateUser(ctx, u); err != nil {
			return emailTaken(err)
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, "user.update", "user", idString(id), before, u.View()))
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// FindUserByID returns a user to an admin, or the actor's own account.
func (s *Service) FindUserByID(ctx context.Context, id UserID) (*User, error) {
	a := ActorFrom(ctx)
	if !Allowed(a, ActUsersManage, Scope{}) {
		if _, err := s.require(ctx, ActSignedIn, Scope{OwnerID: id}); err != nil {
			return nil, err
		}
	}
	return s.store.FindUserByID(ctx, id)
}

// FindUsers lists users (admins).
func (s *Service) FindUsers(ctx context.Context, f UserFilter) ([]*User, int, error) {
	if _, err := s.require(ctx, ActUsersManage, Scope{}); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	return s.store.FindUsers(ctx, f)
}

// CreateToken creates a personal API token for the actor and returns its
// secret, which is shown once. name is required; expires may be nil.
func (s *Service) CreateToken(ctx context.Context, name string, expires *time.Time) (string, *Token, error) {
	a, err := s.require(ctx, ActSignedIn, Scope{})
	if err != nil {
		return "", nil, err
	}
	if a.ViaToken {
		return "", nil, fault.New(fault.Forbidden, "Không thể tạo mã truy cập bằng một mã truy cập khác.", "A token cannot create tokens.")
	}
	name = strings.TrimSpace(name)
	now := s.now()
	f := fault.Fields{}
	if name == "" || len(name) > 100 {
		f.Add("name", "Vui lòng đặt tên cho mã truy cập (tối đa 100 ký tự).", "Please name the token (at most 100 characters).")
	}
	if expires != nil && !expires.After(now) {
		f.Add("expires", "Ngày hết hạn phải ở tương lai.", "The expiry date must be in the future.")
	}
	if err := f.Err(); err != nil {
		return "", nil, err
	}
	secret := TokenPrefix + randomToken(30)
	t := &Token{UserID: a.UserID, Name: name, Prefix: secret[:len(TokenPrefix)+6], Hash: hashSecret(secret), CreatedAt: now, ExpiresAt: expires}
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreateToken(ctx, t); err != nil {
			return err
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, "token.create", "api_token", fmt.Sprint(int64(t.ID)), nil, t))
	})
	if err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// FindTokens lists the actor's tokens.
func (s *Service) FindTokens(ctx context.Context) ([]*Token, error) {
	a, err := s.require(ctx, ActSignedIn, Scope{})
	if err != nil {
		return nil, err
	}
	return s.store.FindTokens(ctx, a.UserID)
}

// RevokeToken revokes one of the actor's tokens.
func (s *Service) RevokeToken(ctx context.Context, id TokenID) error {
	a, err := s.require(ctx, ActSignedIn, Scope{})
	if err != nil {
		return err
	}
	now := s.now()
	return s.store.Tx(ctx, func(tx Store) error {
		if err := tx.RevokeToken(ctx, a.UserID, id, now); err != nil {
			return err
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, "token.revoke", "api_token", fmt.Sprint(int64(id)), nil, nil))
	})
}

// SeedTOTP enrols a user in two-factor sign-in with a given secret and
// recovery codes. Only the system may call it (demo data, migrations of
// accounts from another system).
func (s *Service) SeedTOTP(ctx context.Context, id UserID, secret string, codes []string) error {
	if a := ActorFrom(ctx); a == nil || !a.System {
		return forbidden()
	}
	hashes := make([]string, len(codes))
	for i, c := range codes {
		hashes[i] = hashSecret(normalizeCode(c))
	}
	now := s.now()
	return s.store.Tx(ctx, func(tx Store) error {
		u, err := tx.FindUserByID(ctx, id)
		if err != nil {
			return err
		}
		u.TOTPSecret, u.TOTPEnabled, u.UpdatedAt = secret, true, now
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		if err := tx.ReplaceRecoveryCodes(ctx, id, hashes); err != nil {
			return err
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, "auth.totp_enable", "user", idString(id), nil, nil))
	})
}

// ImportUsers creates many users in one transaction with an already hashed
// password (demo data at national scale, where hashing each would take
// minutes). Only the system may call it. It fills IDs.
func (s *Service) ImportUsers(ctx context.Context, users []*User) error {
	if a := ActorFrom(ctx); a == nil || !a.System {
		return forbidden()
	}
	now := s.now()
	return s.store.Tx(ctx, func(tx Store) error {
		for _, u := range users {
			u.Email = NormalizeEmail(u.Email)
			if u.Lang == "" {
				u.Lang = "vi"
			}
			u.PasswordChangedAt, u.CreatedAt, u.UpdatedAt = now, now, now
			if err := tx.CreateUser(ctx, u); err != nil {
				return fmt.Errorf("auth: import %s: %w", u.Email, err)
			}
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, "user.import", "user", "", nil, map[string]int{"count": len(users)}))
	})
}

// LinkEnterprise makes user the representative of enterprise (sets the
// account's enterprise), once an officer has approved the user's claim. The
// registry calls it, in the deciding officer's context, after recording the
// approval (registry.AccountLinker). The caller must be allowed to decide
// claims on the enterprise's province (Forbidden otherwise); the user must
// be an enterprise-role account (Invalid otherwise); an unknown user or
// enterprise is NotFound. Linking to the enterprise the user already
// represents changes nothing. The change is audited as "user.link_enterprise"
// and takes effect on the user's next request.
func (s *Service) LinkEnterprise(ctx context.Context, user UserID, enterprise int64) error {
	a := ActorFrom(ctx)
	if a.IsAnonymous() {
		return fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
	}
	if !Can(a, ActClaimDecide) {
		return forbidden()
	}
	if s.ents == nil {
		return fault.Internalf("auth: no enterprise checker")
	}
	if enterprise <= 0 {
		return fault.New(fault.NotFound, "Doanh nghiệp không tồn tại.", "The enterprise does not exist.")
	}
	prov, err := s.ents.EnterpriseProvince(ctx, enterprise)
	if err != nil {
		return err
	}
	if !Allowed(a, ActClaimDecide, Scope{ProvinceCode: prov}) {
		return forbidden()
	}
	now := s.now()
	return s.store.Tx(ctx, func(tx Store) error {
		u, err := tx.FindUserByID(ctx, user)
		if err != nil {
			return err
		}
		if u.Role != RoleEnterprise {
			return fault.New(fault.Invalid, "Chỉ tài khoản đại diện doanh nghiệp mới được gắn với doanh nghiệp.",
				"Only enterprise accounts can be linked to an enterprise.")
		}
		if u.EnterpriseID == enterprise {
			return nil
		}
		before := u.View()
		u.EnterpriseID, u.UpdatedAt = enterprise, now
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return tx.AddAudit(ctx, audit.New(ctx, now, "user.link_enterprise", "user", idString(u.ID), before, u.View()))
	})
}
