package directory

import (
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/catalog"
	"nscl/internal/fault"
	"nscl/internal/geo"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// ExpertID identifies an expert or practitioner.
type ExpertID int64

// OrganisationID identifies an organisation.
type OrganisationID int64

// Kind says whether a person is a consultant or an improvement practitioner.
type Kind string

// The kinds of people in the directory.
const (
	KindExpert       Kind = "expert"       // chuyên gia tư vấn
	KindPractitioner Kind = "practitioner" // cán bộ thực hành cải tiến
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{KindExpert, KindPractitioner}

// Label names the kind.
func (k Kind) Label() fault.Text {
	if k == KindPractitioner {
		return fault.Text{Vi: "Cán bộ thực hành cải tiến", En: "Improvement practitioner"}
	}
	return fault.Text{Vi: "Chuyên gia tư vấn", En: "Consultant"}
}

// Level is the depth of expertise in one tool.
type Level int

// The levels (stored as 1, 2, 3; matching reads them).
const (
	LevelPractitioner   Level = 1 // thực hành
	LevelConsultant     Level = 2 // tư vấn
	LevelLeadConsultant Level = 3 // tư vấn trưởng
)

// Levels lists the levels in order.
var Levels = []Level{LevelPractitioner, LevelConsultant, LevelLeadConsultant}

// Label names the level.
func (l Level) Label() fault.Text {
	switch l {
	case LevelPractitioner:
		return fault.Text{Vi: "Thực hành", En: "Practitioner"}
	case LevelConsultant:
		return fault.Text{Vi: "Tư vấn", En: "Consultant"}
	case LevelLeadConsultant:
		return fault.Text{Vi: "Tư vấn trưởng", En: "Lead consultant"}
	}
	return fault.Text{Vi: "—", En: "—"}
}

// Expertise is one tool the expert knows, at a level.
type Expertise struct {
	Tool  catalog.ToolCode `json:"tool"`
	Level Level            `json:"level" doc:"1 thực hành, 2 tư vấn, 3 tư vấn trưởng (1 practitioner, 2 consultant, 3 lead consultant)"`
}

// Credential is a certificate or qualification, with its validity.
type Credential struct {
	Title     string `json:"title"`
	Issuer    string `json:"issuer"`
	IssuedOn  string `json:"issued_on" doc:"yyyy-mm-dd"`
	ExpiresOn string `json:"expires_on,omitempty" doc:"yyyy-mm-dd; trống = không hết hạn (empty = does not expire)"`
}

// Expired reports whether the credential has expired on today (yyyy-mm-dd).
func (c Credential) Expired(today string) bool { return c.ExpiresOn != "" && c.ExpiresOn < today }

// Purpose is what a consent is given for.
type Purpose string

// The purposes of processing the directory asks consent for, separately
// (facts.md item 10: consent per purpose).
const (
	PurposeListing     Purpose = "listing"     // appear in the public directory search
	PurposeMatching    Purpose = "matching"    // be proposed to enterprises by matching
	PurposePublication Purpose = "publication" // the profile page is public
	PurposeContact     Purpose = "contact"     // contact details may be shared
)

// Purposes lists the purposes in display order.
var Purposes = []Purpose{PurposeListing, PurposeMatching, PurposePublication, PurposeContact}

// Label names the purpose as the consent form states it.
func (p Purpose) Label() fault.Text {
	switch p {
	case PurposeListing:
		return fault.Text{Vi: "Hiển thị tên và chuyên môn trong danh bạ chuyên gia công khai", En: "List my name and expertise in the public expert directory"}
	case PurposeMatching:
		return fault.Text{Vi: "Giới thiệu tôi cho doanh nghiệp có nhu cầu (kết nối chuyên gia)", En: "Propose me to enterprises with matching needs"}
	case PurposePublication:
		return fault.Text{Vi: "Công khai trang hồ sơ của tôi (chỉ các trường tôi chọn)", En: "Publish my profile page (only the fields I choose)"}
	case PurposeContact:
		return fault.Text{Vi: "Chia sẻ thông tin liên hệ (email, điện thoại) đã chọn công khai", En: "Share the contact details I make public (email, phone)"}
	}
	return fault.Text{Vi: string(p), En: string(p)}
}

// ConsentFormVersion is the version of the consent form text in force;
// every recorded consent or withdrawal carries it.
const ConsentFormVersion = "2026-01"

// PublicField is a field of a profile the person may make public.
type PublicField string

// The fields a person may choose to publish. Name, kind, expertise,
// sectors, provinces served and track record are what the directory is for
// and are shown whenever the profile is listed or published; the ID number
// is never public.
const (
	FieldTitle        PublicField = "title"
	FieldOrganisation PublicField = "organisation"
	FieldEmail        PublicField = "email"
	FieldPhone        PublicField = "phone"
	FieldBio          PublicField = "bio"
	FieldCredentials  PublicField = "credentials"
	FieldLanguages    PublicField = "languages"
	FieldProvince     PublicField = "province"
)

// PublicFields lists the choosable fields in display order.
var PublicFields = []PublicField{FieldTitle, FieldOrganisation, FieldProvince, FieldLanguages, FieldBio, FieldCredentials, FieldEmail, FieldPhone}

// Label names the field.
func (f PublicField) Label() fault.Text {
	switch f {
	case FieldTitle:
		return fault.Text{Vi: "Học hàm, học vị", En: "Title"}
	case FieldOrganisation:
		return fault.Text{Vi: "Tổ chức", En: "Organisation"}
	case FieldEmail:
		return fault.Text{Vi: "Email", En: "Email"}
	case FieldPhone:
		return fault.Text{Vi: "Điện thoại", En: "Phone"}
	case FieldBio:
		return fault.Text{Vi: "Giới thiệu", En: "Biography"}
	case FieldCredentials:
		return fault.Text{Vi: "Chứng chỉ", En: "Credentials"}
	case FieldLanguages:
		return fault.Text{Vi: "Ngôn ngữ", En: "Languages"}
	case FieldProvince:
		return fault.Text{Vi: "Nơi làm việc", En: "Based in"}
	}
	return fault.Text{Vi: string(f), En: string(f)}
}

// Status is the state of a profile.
type Status string

// The statuses.
const (
	StatusActive     Status = "active"
	StatusInactive   Status = "inactive"
	StatusAnonymised Status = "anonymised"
)

// OtherSector is the sector of experts outside the 8 priority industries.
const OtherSector = "other"

// Expert is an expert or practitioner of the directory.
type Expert struct {
	ID             ExpertID       `json:"id"`
	UserID         auth.UserID    `json:"user_id,omitempty"`
	OrganisationID OrganisationID `json:"organisation_id,omitempty"`
	Kind           Kind           `json:"kind"`
	Name           string         `json:"name"`
	Title          string         `json:"title,omitempty"`
	Email          string         `json:"email,omitempty"`
	IDNumber       string         `json:"id_number,omitempty"`
	Phone          string         `json:"phone,omitempty"`
	ProvinceCode   string         `json:"province_code,omitempty"`
	Languages      []string       `json:"languages"`
	Bio            string         `json:"bio,omitempty"`
	Capacity       int            `json:"capacity"`
	// The track record, kept by matching.
	ActiveEngagements    int `json:"active_engagements"`
	EngagementsCompleted int `json:"engagements_completed"`
	RatingSum            int `json:"rating_sum"`
	RatingCount          int `json:"rating_count"`

	Public      []PublicField `json:"public_fields"`
	Consents    []Purpose     `json:"consents"`
	Status      Status        `json:"status"`
	Tools       []Expertise   `json:"tools"`
	Sectors     []string      `json:"sectors"`
	Provinces   []string      `json:"provinces"`
	Credentials []Credential  `json:"credentials"`
	CreatedAt   time.Time     `json:"created_at"`
	UpdatedAt   time.Time     `json:"updated_at"`

	OrganisationName string `json:"organisation_name,omitempty"` // read only
}

// Has reports whether the expert currently consents to p.
func (e *Expert) Has(p Purpose) bool { return slices.Contains(e.Consents, p) }

// IsPublic reports whether the person made f public.
func (e *Expert) IsPublic(f PublicField) bool { return slices.Contains(e.Public, f) }

// Listed reports whether the expert appears in the public directory.
func (e *Expert) Listed() bool { return e.Status == StatusActive && e.Has(PurposeListing) }

// Published reports whether the expert's profile page is public.
func (e *Expert) Published() bool {
	return e.Status == StatusActive && (e.Has(PurposePublication) || e.Has(PurposeListing))
}

// AverageRating is the mean rating, 0 without ratings.
func (e *Expert) AverageRating() float64 {
	if e.RatingCount == 0 {
		return 0
	}
	return float64(e.RatingSum) / float64(e.RatingCount)
}

// Level returns the expert's level in tool, 0 if none.
func (e *Expert) Level(tool catalog.ToolCode) Level {
	for _, x := range e.Tools {
		if x.Tool == tool {
			return x.Level
		}
	}
	return 0
}

// PublicView is what anyone sees of a published profile: the fields the
// person chose, the contact details only with the contact consent; never
// the consents themselves.
func (e *Expert) PublicView() *Expert {
	v := &Expert{ID: e.ID, Kind: e.Kind, Name: e.Name, Status: e.Status, Tools: e.Tools, Sectors: e.Sectors,
		Provinces: e.Provinces, Capacity: e.Capacity, EngagementsCompleted: e.EngagementsCompleted,
		RatingSum: e.RatingSum, RatingCount: e.RatingCount, Public: e.Public,
		CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt}
	if e.IsPublic(FieldTitle) {
		v.Title = e.Title
	}
	if e.IsPublic(FieldOrganisation) {
		v.OrganisationID, v.OrganisationName = e.OrganisationID, e.OrganisationName
	}
	if e.IsPublic(FieldProvince) {
		v.ProvinceCode = e.ProvinceCode
	}
	if e.IsPublic(FieldLanguages) {
		v.Languages = e.Languages
	}
	if e.IsPublic(FieldBio) {
		v.Bio = e.Bio
	}
	if e.IsPublic(FieldCredentials) {
		v.Credentials = e.Credentials
	}
	if e.Has(PurposeContact) {
		if e.IsPublic(FieldEmail) {
			v.Email = e.Email
		}
		if e.IsPublic(FieldPhone) {
			v.Phone = e.Phone
		}
	}
	return v
}

// Limits of the text fields.
const (
	maxName  = 200
	maxText  = 4000
	maxShort = 300
)

// SectorValid reports whether s is a priority industry code or "other".
func SectorValid(s string) bool {
	return s == OtherSector || (s != "" && slices.Contains(registry.Industries, registry.Industry(s)))
}

// ProvinceChecker tells the 34 province codes (*geo.Table has it).
type ProvinceChecker interface {
	Province(code string) (geo.Province, bool)
}

func knownProvince(p ProvinceChecker, code string) bool {
	_, ok := p.Province(code)
	return ok
}

// Normalize cleans the typed fields in place: NFC, trimmed, lower-case
// email, ID number without spaces, sorted and deduplicated sets.
func (e *Expert) Normalize() {
	e.Name = collapse(vn.NFC(e.Name))
	e.Title = vn.NFC(e.Title)
	e.Email = auth.NormalizeEmail(e.Email)
	e.IDNumber = strings.Join(strings.Fields(e.IDNumber), "")
	e.Phone = strings.TrimSpace(e.Phone)
	e.Bio = strings.TrimSpace(vn.NFC(e.Bio))
	if e.Kind == "" {
		e.Kind = KindExpert
	}
	if e.Status == "" {
		e.Status = StatusActive
	}
	var langs []string
	for _, l := range e.Languages {
		for _, p := range strings.FieldsFunc(l, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
			langs = append(langs, strings.ToLower(p))
		}
	}
	slices.Sort(langs)
	e.Languages = slices.Compact(langs)
	slices.Sort(e.Sectors)
	e.Sectors = slices.Compact(e.Sectors)
	slices.Sort(e.Provinces)
	e.Provinces = slices.Compact(e.Provinces)
	slices.SortFunc(e.Tools, func(a, b Expertise) int { return strings.Compare(string(a.Tool), string(b.Tool)) })
	e.Tools = slices.CompactFunc(e.Tools, func(a, b Expertise) bool { return a.Tool == b.Tool })
	for i := range e.Credentials {
		c := &e.Credentials[i]
		c.Title, c.Issuer = vn.NFC(c.Title), vn.NFC(c.Issuer)
		c.IssuedOn, c.ExpiresOn = isoDate(c.IssuedOn), isoDate(c.ExpiresOn)
	}
	e.Public = sortedPublic(e.Public)
	e.Consents = sortedPurposes(e.Consents)
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// isoDate turns dd/mm/yyyy into yyyy-mm-dd; other input is kept for the
// validation to refuse.
func isoDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if t, err := vn.ParseDate(s); err == nil {
		return t.Format("2006-01-02")
	}
	return s
}

func validISODate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func sortedPublic(fs []PublicField) []PublicField {
	var out []PublicField
	for _, f := range PublicFields {
		if slices.Contains(fs, f) {
			out = append(out, f)
		}
	}
	return out
}

func sortedPurposes(ps []Purpose) []Purpose {
	var out []Purpose
	for _, p := range Purposes {
		if slices.Contains(ps, p) {
			out = append(out, p)
		}
	}
	return out
}

// ValidIDNumber reports whether s is a citizen identity card (CCCD) number:
// 12 digits.
func ValidIDNumber(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ValidEmail reports whether s is one plain address.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 254
}

// Validate checks a normalised expert. tools are the catalogue's codes.
func (e *Expert) Validate(tools []catalog.ToolCode, provinces ProvinceChecker) error {
	var ps Problems
	switch n := utf8.RuneCountInString(e.Name); {
	case n == 0:
		ps.Add("name", CodeNameEmpty, "Vui lòng nhập họ tên.", "Please enter the name.")
	case n > maxName:
		ps.Add("name", CodeTooLong, "Họ tên quá dài (tối đa 200 ký tự).", "The name is too long (200 characters at most).")
	}
	if e.Kind != KindExpert && e.Kind != KindPractitioner {
		ps.Add("kind", CodeKindUnknown, "Loại chuyên gia không hợp lệ.", "Unknown kind of expert.")
	}
	if e.Email != "" && !ValidEmail(e.Email) {
		ps.Add("email", CodeEmailInvalid, "Email không hợp lệ.", "The email address is not valid.")
	}
	if e.IDNumber != "" && !ValidIDNumber(e.IDNumber) {
		ps.Add("id_number", CodeIDNumberInvalid, "Số CCCD phải gồm đúng 12 chữ số.", "The citizen ID (CCCD) number must be exactly 12 digits.")
	}
	if utf8.RuneCountInString(e.Title) > maxShort || utf8.RuneCountInString(e.Phone) > 40 {
		ps.Add("title", CodeTooLong, "Học hàm/học vị hoặc điện thoại quá dài.", "The title or phone is too long.")
	}
	if utf8.RuneCountInString(e.Bio) > maxText {
		ps.Add("bio", CodeTooLong, "Phần giới thiệu quá dài (tối đa 4000 ký tự).", "The biography is too long (4000 characters at most).")
	}
	if e.ProvinceCode != "" && !knownProvince(provinces, e.ProvinceCode) {
		ps.Add("province_code", CodeProvinceUnknown, "Tỉnh/thành không hợp lệ.", "Unknown province.")
	}
	for _, p := range e.Provinces {
		if !knownProvince(provinces, p) {
			ps.Add("provinces", CodeProvinceUnknown, "Địa bàn phục vụ có tỉnh/thành không hợp lệ: "+p+".", "Unknown province served: "+p+".")
			break
		}
	}
	for _, s := range e.Sectors {
		if !SectorValid(s) {
			ps.Add("sectors", CodeSectorUnknown, "Ngành không hợp lệ: "+s+".", "Unknown sector: "+s+".")
			break
		}
	}
	for _, x := range e.Tools {
		if !slices.Contains(tools, x.Tool) {
			ps.Add("tools", CodeToolUnknown, "Công cụ không có trong danh mục: "+string(x.Tool)+".", "Tool not in the catalogue: "+string(x.Tool)+".")
			break
		}
		if x.Level < LevelPractitioner || x.Level > LevelLeadConsultant {
			ps.Add("tools", CodeLevelInvalid, "Mức độ chuyên môn phải là thực hành, tư vấn hoặc tư vấn trưởng.", "The level must be practitioner, consultant or lead consultant.")
			break
		}
	}
	for _, l := range e.Languages {
		if len(l) != 2 || l[0] < 'a' || l[0] > 'z' || l[1] < 'a' || l[1] > 'z' {
			ps.Add("languages", CodeLanguageInvalid, "Ngôn ngữ ghi bằng mã 2 chữ cái (vi, en, ja…).", "Languages are two-letter codes (vi, en, ja…).")
			break
		}
	}
	if e.Capacity < 0 || e.Capacity > 50 {
		ps.Add("capacity", CodeCapacityInvalid, "Số việc nhận cùng lúc phải từ 0 đến 50.", "Capacity must be between 0 and 50.")
	}
	for i, c := range e.Credentials {
		f := "credentials"
		switch {
		case c.Title == "":
			ps.Add(f, CodeCredentialTitle, "Chứng chỉ thứ "+itoa(i+1)+" chưa có tên.", "Credential "+itoa(i+1)+" has no title.")
		case utf8.RuneCountInString(c.Title) > maxShort || utf8.RuneCountInString(c.Issuer) > maxShort:
			ps.Add(f, CodeTooLong, "Tên hoặc nơi cấp chứng chỉ quá dài.", "A credential's title or issuer is too long.")
		case c.IssuedOn == "" || !validISODate(c.IssuedOn):
			ps.Add(f, CodeDateInvalid, "Ngày cấp của chứng chỉ «"+c.Title+"» không hợp lệ (dd/mm/yyyy).", "The issue date of «"+c.Title+"» is not a valid date (dd/mm/yyyy).")
		case c.ExpiresOn != "" && !validISODate(c.ExpiresOn):
			ps.Add(f, CodeDateInvalid, "Ngày hết hạn của chứng chỉ «"+c.Title+"» không hợp lệ (dd/mm/yyyy).", "The expiry date of «"+c.Title+"» is not a valid date (dd/mm/yyyy).")
		case c.ExpiresOn != "" && c.ExpiresOn <= c.IssuedOn:
			ps.Add(f, CodeExpiryBeforeIssue, "Chứng chỉ «"+c.Title+"»: ngày hết hạn phải sau ngày cấp.", "Credential «"+c.Title+"»: the expiry date must be after the issue date.")
		}
	}
	if len(e.Credentials) > 50 || len(e.Tools) > 100 {
		ps.Add("credentials", CodeTooLong, "Quá nhiều chứng chỉ hoặc công cụ.", "Too many credentials or tools.")
	}
	return ps.Err()
}

func itoa(n int) string { return vn.Int(int64(n)) }
