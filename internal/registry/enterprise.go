package registry

import (
	"net/mail"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/vn"
)

// EnterpriseID identifies an enterprise.
type EnterpriseID int64

// Ownership is the ownership type of an enterprise.
type Ownership string

// The ownership types.
const (
	OwnershipUnknown     Ownership = ""
	OwnershipState       Ownership = "state"       // doanh nghiệp nhà nước
	OwnershipPrivate     Ownership = "private"     // doanh nghiệp ngoài nhà nước
	OwnershipForeign     Ownership = "foreign"     // doanh nghiệp có vốn đầu tư nước ngoài (FDI)
	OwnershipCooperative Ownership = "cooperative" // hợp tác xã
)

// Ownerships lists the ownership types in display order.
var Ownerships = []Ownership{OwnershipState, OwnershipPrivate, OwnershipForeign, OwnershipCooperative}

// Label names the ownership type.
func (o Ownership) Label() fault.Text {
	switch o {
	case OwnershipState:
		return text("Nhà nước", "State-owned")
	case OwnershipPrivate:
		return text("Tư nhân", "Private")
	case OwnershipForeign:
		return text("Có vốn đầu tư nước ngoài", "Foreign-invested")
	case OwnershipCooperative:
		return text("Hợp tác xã", "Cooperative")
	}
	return text("Chưa rõ", "Unknown")
}

// Valid reports whether o is a known type or unknown.
func (o Ownership) Valid() bool {
	return o == OwnershipUnknown || o == OwnershipState || o == OwnershipPrivate || o == OwnershipForeign || o == OwnershipCooperative
}

// Status is whether an enterprise still operates.
type Status string

// The statuses.
const (
	StatusActive    Status = "active"
	StatusDissolved Status = "dissolved"
)

// PublicField names a field the enterprise may show to the public.
type PublicField string

// The fields that can be made public. Name, tax code, province and sector
// are always public (they are public in the national business register).
const (
	PublicAddress   PublicField = "address"
	PublicContact   PublicField = "contact" // email, phone, contact person
	PublicWebsite   PublicField = "website"
	PublicEmployees PublicField = "employees"
	PublicRevenue   PublicField = "revenue"
	PublicFounded   PublicField = "founded"
)

// PublicFields lists them.
var PublicFields = []PublicField{PublicAddress, PublicContact, PublicWebsite, PublicEmployees, PublicRevenue, PublicFounded}

// Contact is how to reach an enterprise.
type Contact struct {
	Email   string `json:"email"`
	Phone   string `json:"phone"`
	Website string `json:"website"`
	Person  string `json:"person"`
}

// OfficerJudgement holds the officer-only assessments of an enterprise that
// feed the depth track. Nil means "not judged". Enterprise users cannot
// change them.
type OfficerJudgement struct {
	SectorSpecific *bool       `json:"sector_specific"`
	Replicable     *bool       `json:"replicable"`
	Note           string      `json:"note"`
	By             auth.UserID `json:"by"`
	At             *time.Time  `json:"at"`
}

// Enterprise is a firm (or a branch) in the registry.
type Enterprise struct {
	ID           EnterpriseID     `json:"id"`
	TaxCode      string           `json:"tax_code"`  // 10 digits, or 10-3 for a branch
	ParentID     EnterpriseID     `json:"parent_id"` // the head office of a branch, 0 otherwise
	Name         string           `json:"name"`
	NameEN       string           `json:"name_en"`
	ShortName    string           `json:"short_name"`
	ProvinceCode string           `json:"province_code"`
	Commune      string           `json:"commune"` // xã / phường / đặc khu (two-tier government since 1/7/2025)
	Address      string           `json:"address"`
	VSIC         string           `json:"vsic"` // main business line, 2–5 digits
	VSICEdition  VSICEdition      `json:"vsic_edition"`
	Ownership    Ownership        `json:"ownership"`
	FoundedOn    string           `json:"founded_on"` // "2006-01-02", "" if unknown
	Contact      Contact          `json:"contact"`
	Public       []PublicField    `json:"public"`
	Status       Status           `json:"status"`
	Judgement    OfficerJudgement `json:"judgement"`

	// Derived and kept on the row for filters and facets.
	Section    string    `json:"section"`     // VSIC section letter
	Industry   Industry  `json:"industry"`    // priority industry from VSIC
	LatestYear int       `json:"latest_year"` // latest year with figures, 0 if none
	SizeClass  SizeClass `json:"size_class"`  // of LatestYear
	Employees  int64     `json:"employees"`   // of LatestYear (0 if unknown)

	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// SectorGroup is the enterprise's Decree 80 sector group.
func (e *Enterprise) SectorGroup() SectorGroup { return SectorGroupOf(e.Section) }

// IsPublic reports whether the enterprise shows field f to the public.
func (e *Enterprise) IsPublic(f PublicField) bool {
	for _, p := range e.Public {
		if p == f {
			return true
		}
	}
	return false
}

// derive sets the fields derived from VSIC.
func (e *Enterprise) derive() {
	e.Section = VSICSection(e.VSICEdition, e.VSIC)
	e.Industry = PriorityIndustry(e.VSIC)
}

// Derive sets Section and Industry from the VSIC code (for bulk writers).
func (e *Enterprise) Derive() { e.derive() }

// Limits of text fields, in characters.
const (
	MaxNameLen    = 500
	maxShortLen   = 200
	maxAddressLen = 1000
	maxNoteLen    = 4000
)

// ProvinceResolver finds the unit of a province name or code (geo.Table).
type ProvinceResolver interface {
	Resolve(nameOrCode string) (code string, ok bool)
}

// Normalize cleans the enterprise's fields as normalize does and returns the
// problems; bulk writers (the file importer) call it on each row, today
// being the date in Viet Nam as YYYY-MM-DD.
func (e *Enterprise) Normalize(geo ProvinceResolver, today string) Problems {
	return e.normalize(geo, today)
}

// normalize cleans the enterprise's fields (NFC, trimmed, canonical tax
// code, province resolved from any spelling) and returns the problems.
func (e *Enterprise) normalize(geo ProvinceResolver, today string) Problems {
	var ps Problems
	if code, p := ParseTaxCode(e.TaxCode); p != nil {
		ps = append(ps, *p)
	} else {
		e.TaxCode = code
	}
	e.Name, e.NameEN, e.ShortName = vn.NFC(e.Name), vn.NFC(e.NameEN), vn.NFC(e.ShortName)
	switch n := utf8.RuneCountInString(e.Name); {
	case n == 0:
		ps.Add("name", CodeNameEmpty, "Vui lòng nhập tên doanh nghiệp.", "Please enter the enterprise's name.")
	case n > MaxNameLen:
		ps.Add("name", CodeNameTooLong, "Tên doanh nghiệp dài quá 500 ký tự.", "The name is longer than 500 characters.")
	}
	if utf8.RuneCountInString(e.NameEN) > MaxNameLen {
		ps.Add("name_en", CodeNameTooLong, "Tên tiếng Anh dài quá 500 ký tự.", "The English name is longer than 500 characters.")
	}
	if utf8.RuneCountInString(e.ShortName) > maxShortLen {
		ps.Add("short_name", CodeNameTooLong, "Tên viết tắt dài quá 200 ký tự.", "The short name is longer than 200 characters.")
	}
	if code, ok := geo.Resolve(e.ProvinceCode); ok {
		e.ProvinceCode = code
	} else {
		ps.Add("province_code", CodeProvinceUnknown, "Tỉnh/thành phố không có trong danh sách 34 đơn vị hành chính cấp tỉnh.",
			"The province is not one of the 34 provincial-level units.")
	}
	e.Commune, e.Address = vn.NFC(e.Commune), vn.NFC(e.Address)
	if utf8.RuneCountInString(e.Commune) > maxShortLen || utf8.RuneCountInString(e.Address) > maxAddressLen {
		ps.Add("address", CodeTextTooLong, "Địa chỉ quá dài.", "The address is too long.")
	}
	if e.VSICEdition == 0 {
		e.VSICEdition = VSIC2025
	}
	if e.VSIC != "" || e.VSICEdition != VSIC2025 {
		if code, p := ParseVSIC(e.VSICEdition, e.VSIC); p != nil {
			ps = append(ps, *p)
		} else {
			e.VSIC = code
		}
	}
	if !e.Ownership.Valid() {
		ps.Add("ownership", CodeOwnershipUnknown, "Loại hình sở hữu không hợp lệ.", "Unknown ownership type.")
	}
	if e.Status == "" {
		e.Status = StatusActive
	}
	if e.Status != StatusActive && e.Status != StatusDissolved {
		ps.Add("status", CodeStatusUnknown, "Trạng thái không hợp lệ.", "Unknown status.")
	}
	if e.FoundedOn != "" {
		d, err := vn.ParseDate(e.FoundedOn)
		if err != nil || d.Format("2006-01-02") > today || d.Year() < 1900 {
			ps.Add("founded_on", CodeDateInvalid, "Ngày thành lập không hợp lệ (dd/mm/yyyy, không ở tương lai).",
				"The founding date is not valid (dd/mm/yyyy, not in the future).")
		} else {
			e.FoundedOn = d.Format("2006-01-02")
		}
	}
	ps = append(ps, e.Contact.normalize()...)
	seen := map[PublicField]bool{}
	pub := e.Public[:0:0]
	for _, f := range e.Public {
		if !seen[f] && validPublic(f) {
			seen[f] = true
			pub = append(pub, f)
		}
	}
	e.Public = pub
	e.derive()
	return ps
}

func validPublic(f PublicField) bool {
	for _, p := range PublicFields {
		if p == f {
			return true
		}
	}
	return false
}

func (c *Contact) normalize() Problems {
	var ps Problems
	c.Email = strings.ToLower(strings.TrimSpace(c.Email))
	if c.Email != "" {
		a, err := mail.ParseAddress(c.Email)
		if err != nil || a.Address != c.Email || !strings.Contains(c.Email[strings.LastIndexByte(c.Email, '@')+1:], ".") {
			ps.Add("email", CodeEmailInvalid, "Địa chỉ email không hợp lệ.", "The email address is not valid.")
		}
	}
	c.Phone = strings.TrimSpace(c.Phone)
	if c.Phone != "" {
		digits := 0
		for _, r := range c.Phone {
			switch {
			case r >= '0' && r <= '9':
				digits++
			case strings.ContainsRune(" .-+()", r):
			default:
				digits = -100
			}
		}
		if digits < 8 || digits > 15 {
			ps.Add("phone", CodePhoneInvalid, "Số điện thoại không hợp lệ.", "The phone number is not valid.")
		}
	}
	c.Website = strings.TrimSpace(c.Website)
	if c.Website != "" {
		w := c.Website
		if !strings.Contains(w, "://") {
			w = "https://" + w
		}
		u, err := url.Parse(w)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.Contains(u.Host, ".") {
			ps.Add("website", CodeWebsiteInvalid, "Địa chỉ website không hợp lệ.", "The website address is not valid.")
		} else {
			c.Website = w
		}
	}
	c.Person = vn.NFC(c.Person)
	if utf8.RuneCountInString(c.Person) > maxShortLen {
		ps.Add("person", CodeTextTooLong, "Tên người liên hệ quá dài.", "The contact person's name is too long.")
	}
	return ps
}

// PublicView is what the public may see of an enterprise: the always-public
// fields and those the enterprise marked public.
type PublicView struct {
	ID           EnterpriseID `json:"id"`
	TaxCode      string       `json:"tax_code"`
	Name         string       `json:"name"`
	NameEN       string       `json:"name_en"`
	ShortName    string       `json:"short_name"`
	ProvinceCode string       `json:"province_code"`
	VSIC         string       `json:"vsic"`
	VSICEdition  VSICEdition  `json:"vsic_edition"`
	Industry     Industry     `json:"industry"`
	Status       Status       `json:"status"`
	Commune      string       `json:"commune,omitempty"`
	Address      string       `json:"address,omitempty"`
	Email        string       `json:"email,omitempty"`
	Phone        string       `json:"phone,omitempty"`
	Person       string       `json:"person,omitempty"`
	Website      string       `json:"website,omitempty"`
	FoundedOn    string       `json:"founded_on,omitempty"`
	Employees    *int64       `json:"employees,omitempty"`
	Year         int          `json:"year,omitempty"`
	Revenue      *int64       `json:"revenue,omitempty"`
}

// Public returns e's public view; latest are the figures of e.LatestYear
// (nil if none).
func (e *Enterprise) PublicView(latest *Figures) PublicView {
	v := PublicView{ID: e.ID, TaxCode: e.TaxCode, Name: e.Name, NameEN: e.NameEN, ShortName: e.ShortName,
		ProvinceCode: e.ProvinceCode, VSIC: e.VSIC, VSICEdition: e.VSICEdition, Industry: e.Industry, Status: e.Status}
	if e.IsPublic(PublicAddress) {
		v.Commune, v.Address = e.Commune, e.Address
	}
	if e.IsPublic(PublicContact) {
		v.Email, v.Phone, v.Person = e.Contact.Email, e.Contact.Phone, e.Contact.Person
	}
	if e.IsPublic(PublicWebsite) {
		v.Website = e.Contact.Website
	}
	if e.IsPublic(PublicFounded) {
		v.FoundedOn = e.FoundedOn
	}
	if latest != nil {
		if e.IsPublic(PublicEmployees) && latest.Employees != nil {
			v.Employees, v.Year = latest.Employees, latest.Year
		}
		if e.IsPublic(PublicRevenue) && latest.Revenue != nil {
			v.Revenue, v.Year = latest.Revenue, latest.Year
		}
	}
	return v
}

// Activity is an improvement activity an enterprise carried out (5S, Kaizen,
// Lean, ISO 50001 …). The depth track counts the years with one. The
// programme issue extends it (evidence, links to supported activities).
type Activity struct {
	ID           int64        `json:"id"`
	EnterpriseID EnterpriseID `json:"enterprise_id"`
	Year         int          `json:"year"`
	Title        string       `json:"title"`
	Tool         string       `json:"tool"` // e.g. "5S", "Kaizen", "ISO 9001"
	CreatedBy    auth.UserID  `json:"created_by"`
	CreatedAt    time.Time    `json:"created_at"`
}

// ClaimStatus is where a claim stands.
type ClaimStatus string

// The claim statuses.
const (
	ClaimPending  ClaimStatus = "pending"
	ClaimApproved ClaimStatus = "approved"
	ClaimRejected ClaimStatus = "rejected"
)

// ClaimID identifies a claim.
type ClaimID int64

// Claim is a user's request to represent an enterprise.
type Claim struct {
	ID           ClaimID      `json:"id"`
	EnterpriseID EnterpriseID `json:"enterprise_id"`
	ProvinceCode string       `json:"province_code"` // the enterprise's, for scoping
	UserID       auth.UserID  `json:"user_id"`
	UserEmail    string       `json:"user_email"`
	Note         string       `json:"note"`
	Status       ClaimStatus  `json:"status"`
	Reason       string       `json:"reason"` // of a rejection
	DecidedBy    auth.UserID  `json:"decided_by"`
	DecidedAt    *time.Time   `json:"decided_at"`
	CreatedAt    time.Time    `json:"created_at"`
}

// HistoryEntry is one change of an enterprise: its profile, figures,
// judgement or activities, before and after as JSON.
type HistoryEntry struct {
	ID           int64        `json:"id"`
	EnterpriseID EnterpriseID `json:"enterprise_id"`
	Action       string       `json:"action"` // as in the audit log, e.g. "enterprise.update"
	Before       string       `json:"before"`
	After        string       `json:"after"`
	ActorID      auth.UserID  `json:"actor_id"`
	ActorEmail   string       `json:"actor_email"`
	At           time.Time    `json:"at"`
}
