package auth

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"nscl/internal/fault"
)

// UserID identifies a user.
type UserID int64

// User is an account.
type User struct {
	ID                UserID
	Email             string // lower case, unique
	Name              string // NFC
	PasswordHash      string // argon2id, PHC string format; never shown
	Role              Role
	ProvinceCode      string // RoleProvince only
	EnterpriseID      int64  // RoleEnterprise only; 0 until a claim is approved
	Lang              string // "vi" or "en"
	Disabled          bool
	TOTPSecret        string // base32; set while enrolling and once enabled
	TOTPEnabled       bool
	TOTPLastStep      int64 // the 30-second step of the last code accepted; older or equal steps are refused
	FailedLogins      int
	LockedUntil       *time.Time
	PasswordChangedAt time.Time
	LastLoginAt       *time.Time
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// View is what the audit log and the API may show of a user.
type View struct {
	ID           UserID `json:"id"`
	Email        string `json:"email"`
	Name         string `json:"name"`
	Role         Role   `json:"role"`
	ProvinceCode string `json:"province_code,omitempty"`
	EnterpriseID int64  `json:"enterprise_id,omitempty"`
	Lang         string `json:"lang"`
	Disabled     bool   `json:"disabled"`
	TOTPEnabled  bool   `json:"totp_enabled"`
}

// View returns the shareable part of u.
func (u *User) View() View {
	return View{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, ProvinceCode: u.ProvinceCode,
		EnterpriseID: u.EnterpriseID, Lang: u.Lang, Disabled: u.Disabled, TOTPEnabled: u.TOTPEnabled}
}

// Actor returns the actor for u.
func (u *User) Actor() *Actor {
	return &Actor{UserID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, ProvinceCode: u.ProvinceCode,
		EnterpriseID: u.EnterpriseID, Lang: u.Lang, TOTPEnabled: u.TOTPEnabled}
}

// IsLocked reports whether sign-in is locked at now.
func (u *User) IsLocked(now time.Time) bool {
	return u.LockedUntil != nil && now.Before(*u.LockedUntil)
}

// UserInput is what an admin gives to create a user or change one.
type UserInput struct {
	Email        string
	Name         string
	Password     string // on create; "" keeps the password on update
	Role         Role
	ProvinceCode string
	EnterpriseID int64
	Lang         string
	Disabled     bool
}

// NormalizeEmail lower-cases and trims an email address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// normalize cleans in (NFC, trimmed) and validates it. provinceOK tells
// whether a province code exists. passwordRequired is true on create.
func (in *UserInput) normalize(provinceOK func(string) bool, passwordRequired bool) error {
	in.Email = NormalizeEmail(in.Email)
	in.Name = norm.NFC.String(strings.TrimSpace(in.Name))
	in.ProvinceCode = strings.TrimSpace(in.ProvinceCode)
	if in.Lang != "en" {
		in.Lang = "vi"
	}
	f := fault.Fields{}
	if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > 254 {
		f.Add("email", "Địa chỉ email không hợp lệ.", "The email address is not valid.")
	}
	if in.Name == "" {
		f.Add("name", "Vui lòng nhập họ tên.", "Please enter the full name.")
	} else if utf8.RuneCountInString(in.Name) > 200 {
		f.Add("name", "Họ tên dài quá 200 ký tự.", "The name is longer than 200 characters.")
	}
	if !in.Role.Valid() {
		f.Add("role", "Vui lòng chọn vai trò.", "Please choose a role.")
	}
	if in.Role.NeedsProvince() {
		if in.ProvinceCode == "" || !provinceOK(in.ProvinceCode) {
			f.Add("province_code", "Cán bộ Sở cần được gán một tỉnh/thành phố.", "A provincial officer needs a province.")
		}
	} else {
		in.ProvinceCode = ""
	}
	if in.Role.NeedsEnterprise() {
		// 0 is an enterprise user who has not claimed a firm yet: the
		// policy gives them nothing of any firm until a claim is approved.
		if in.EnterpriseID < 0 {
			f.Add("enterprise_id", "Doanh nghiệp không tồn tại.", "The enterprise does not exist.")
		}
	} else {
		in.EnterpriseID = 0
	}
	if in.Password != "" || passwordRequired {
		if msg, ok := checkPassword(in.Password); !ok {
			f["password"] = msg
		}
	}
	return f.Err()
}

// checkPassword applies the password rules: 10 to 128 characters, not all
// one character class. It returns the message when the password fails.
func checkPassword(p string) (fault.Text, bool) {
	n := utf8.RuneCountInString(p)
	if n < 10 {
		return fault.Text{Vi: "Mật khẩu cần ít nhất 10 ký tự.", En: "The password needs at least 10 characters."}, false
	}
	if n > 128 {
		return fault.Text{Vi: "Mật khẩu dài tối đa 128 ký tự.", En: "The password may have at most 128 characters."}, false
	}
	var letter, other bool
	for _, r := range p {
		if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
			letter = true
		} else {
			other = true
		}
	}
	if !letter || !other {
		return fault.Text{Vi: "Mật khẩu cần có cả chữ cái và chữ số hoặc ký hiệu.", En: "The password needs letters and digits or symbols."}, false
	}
	return fault.Text{}, true
}

// UserFilter selects users. Empty fields do not filter.
type UserFilter struct {
	Query        string // matches email or name, case-insensitive
	Role         Role
	ProvinceCode string
	Disabled     *bool
	Offset       int
	Limit        int // 0 = 50
}
