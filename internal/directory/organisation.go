package directory

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// OrgKind is the kind of an organisation.
type OrgKind string

// The kinds of organisation.
const (
	OrgConsulting    OrgKind = "consulting"
	OrgResearch      OrgKind = "research"
	OrgCertification OrgKind = "certification"
	OrgTestingLab    OrgKind = "testing_lab"
	OrgTraining      OrgKind = "training"
	OrgUniversity    OrgKind = "university"
)

// OrgKinds lists the kinds in display order.
var OrgKinds = []OrgKind{OrgConsulting, OrgResearch, OrgCertification, OrgTestingLab, OrgTraining, OrgUniversity}

// Label names the kind.
func (k OrgKind) Label() fault.Text {
	switch k {
	case OrgConsulting:
		return fault.Text{Vi: "Công ty tư vấn", En: "Consulting firm"}
	case OrgResearch:
		return fault.Text{Vi: "Viện nghiên cứu", En: "Research institute"}
	case OrgCertification:
		return fault.Text{Vi: "Tổ chức chứng nhận", En: "Certification body"}
	case OrgTestingLab:
		return fault.Text{Vi: "Phòng thử nghiệm", En: "Testing laboratory"}
	case OrgTraining:
		return fault.Text{Vi: "Cơ sở đào tạo", En: "Training institution"}
	case OrgUniversity:
		return fault.Text{Vi: "Trường đại học", En: "University"}
	}
	return fault.Text{Vi: string(k), En: string(k)}
}

// Organisation is a consulting firm, institute, certification body, testing
// laboratory, training institution or university.
type Organisation struct {
	ID           OrganisationID `json:"id"`
	Kind         OrgKind        `json:"kind"`
	Name         string         `json:"name"`
	ShortName    string         `json:"short_name,omitempty"`
	TaxCode      string         `json:"tax_code,omitempty"`
	EnterpriseID int64          `json:"enterprise_id,omitempty" doc:"Doanh nghiệp cùng mã số thuế trong sổ đăng ký (the registry's enterprise with the same tax code)"`
	ProvinceCode string         `json:"province_code,omitempty"`
	Address      string         `json:"address,omitempty"`
	Website      string         `json:"website,omitempty"`
	Email        string         `json:"email,omitempty"`
	Phone        string         `json:"phone,omitempty"`
	Description  string         `json:"description,omitempty"`
	VILAS        string         `json:"vilas_number,omitempty" doc:"VILAS 357 hoặc VILAS Med 012; phòng thử nghiệm (testing labs)"`
	ValidFrom    string         `json:"vilas_valid_from,omitempty" doc:"Hiệu lực công nhận ISO/IEC 17025 từ, yyyy-mm-dd"`
	ValidTo      string         `json:"vilas_valid_to,omitempty" doc:"Hiệu lực công nhận ISO/IEC 17025 đến, yyyy-mm-dd"`
	TestScope    string         `json:"test_scope,omitempty"`
	Equipment    string         `json:"equipment,omitempty"`
	Status       string         `json:"status"`
	Members      int            `json:"members" doc:"Số chuyên gia thuộc tổ chức (experts of the organisation)"`
	// PublicMembers counts the listed experts who made their organisation
	// public: the Members everyone but directory managers sees.
	PublicMembers int       `json:"-"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// AccreditationValid reports whether the ISO/IEC 17025 accreditation is in
// force on today (yyyy-mm-dd).
func (o *Organisation) AccreditationValid(today string) bool {
	return o.VILAS != "" && o.ValidFrom <= today && (o.ValidTo == "" || today <= o.ValidTo)
}

var vilasRe = regexp.MustCompile(`^VILAS( Med)? \d{1,4}$`)

// ParseVILAS normalises a VILAS accreditation number (facts.md item 11):
// spaces collapsed, "VILAS" upper case, "Med" capitalised; "vilas357" and
// "VILAS  357" become "VILAS 357". ok is false when it does not match
// ^VILAS( Med)? \d{1,4}$ then.
func ParseVILAS(s string) (string, bool) {
	f := strings.Fields(strings.TrimSpace(s))
	if len(f) == 0 {
		return "", false
	}
	head := strings.ToUpper(f[0])
	if strings.HasPrefix(head, "VILAS") && len(head) > 5 { // "VILAS357"
		f = append([]string{"VILAS", head[5:]}, f[1:]...)
	} else {
		f[0] = head
	}
	if len(f) > 1 && strings.EqualFold(f[1], "med") {
		f[1] = "Med"
	}
	n := strings.Join(f, " ")
	return n, vilasRe.MatchString(n)
}

// Normalize cleans the typed fields in place.
func (o *Organisation) Normalize() {
	o.Name = collapse(vn.NFC(o.Name))
	o.ShortName = collapse(vn.NFC(o.ShortName))
	o.Address = vn.NFC(o.Address)
	o.Website = strings.TrimSpace(o.Website)
	o.Email = strings.ToLower(strings.TrimSpace(o.Email))
	o.Phone = strings.TrimSpace(o.Phone)
	o.Description = strings.TrimSpace(vn.NFC(o.Description))
	o.TestScope = strings.TrimSpace(vn.NFC(o.TestScope))
	o.Equipment = strings.TrimSpace(vn.NFC(o.Equipment))
	o.ValidFrom, o.ValidTo = isoDate(o.ValidFrom), isoDate(o.ValidTo)
	if o.Status == "" {
		o.Status = "active"
	}
	if v := strings.TrimSpace(o.VILAS); v != "" {
		if n, ok := ParseVILAS(v); ok {
			o.VILAS = n
		} else {
			o.VILAS = v
		}
	}
}

// Validate checks a normalised organisation; it also puts the tax code in
// the registry's form.
func (o *Organisation) Validate(provinces ProvinceChecker) error {
	var ps Problems
	switch n := utf8.RuneCountInString(o.Name); {
	case n == 0:
		ps.Add("name", CodeNameEmpty, "Vui lòng nhập tên tổ chức.", "Please enter the organisation's name.")
	case n > 500:
		ps.Add("name", CodeTooLong, "Tên quá dài (tối đa 500 ký tự).", "The name is too long (500 characters at most).")
	}
	known := false
	for _, k := range OrgKinds {
		known = known || k == o.Kind
	}
	if !known {
		ps.Add("kind", CodeOrgKindUnknown, "Loại tổ chức không hợp lệ.", "Unknown kind of organisation.")
	}
	if o.TaxCode != "" {
		if code, p := registry.ParseTaxCode(o.TaxCode); p != nil {
			ps.Add("tax_code", CodeTaxCodeInvalid, p.Message.Vi, p.Message.En)
		} else {
			o.TaxCode = code
		}
	}
	if o.ProvinceCode != "" && !knownProvince(provinces, o.ProvinceCode) {
		ps.Add("province_code", CodeProvinceUnknown, "Tỉnh/thành không hợp lệ.", "Unknown province.")
	}
	if o.Email != "" && !ValidEmail(o.Email) {
		ps.Add("email", CodeEmailInvalid, "Email không hợp lệ.", "The email address is not valid.")
	}
	if o.Website != "" && !strings.HasPrefix(o.Website, "http://") && !strings.HasPrefix(o.Website, "https://") {
		ps.Add("website", CodeWebsiteInvalid, "Website phải bắt đầu bằng http:// hoặc https://.", "The website must start with http:// or https://.")
	}
	for _, s := range []string{o.Description, o.TestScope, o.Equipment, o.Address} {
		if utf8.RuneCountInString(s) > maxText {
			ps.Add("description", CodeTooLong, "Nội dung quá dài (tối đa 4000 ký tự).", "A text is too long (4000 characters at most).")
			break
		}
	}
	if o.VILAS != "" {
		if _, ok := ParseVILAS(o.VILAS); !ok {
			ps.Add("vilas_number", CodeVILASInvalid, "Số hiệu VILAS không hợp lệ (ví dụ: VILAS 357, VILAS Med 012).",
				"The VILAS number is not valid (e.g. VILAS 357, VILAS Med 012).")
		}
	} else if o.Kind == OrgTestingLab {
		ps.Add("vilas_number", CodeVILASMissing, "Phòng thử nghiệm cần số hiệu công nhận VILAS.", "A testing laboratory needs its VILAS accreditation number.")
	}
	if o.ValidFrom != "" && !validISODate(o.ValidFrom) {
		ps.Add("vilas_valid_from", CodeDateInvalid, "Ngày hiệu lực không hợp lệ (dd/mm/yyyy).", "The start date is not valid (dd/mm/yyyy).")
	}
	if o.ValidTo != "" && !validISODate(o.ValidTo) {
		ps.Add("vilas_valid_to", CodeDateInvalid, "Ngày hết hiệu lực không hợp lệ (dd/mm/yyyy).", "The end date is not valid (dd/mm/yyyy).")
	}
	if o.ValidFrom != "" && o.ValidTo != "" && validISODate(o.ValidFrom) && validISODate(o.ValidTo) && o.ValidTo <= o.ValidFrom {
		ps.Add("vilas_valid_to", CodeValidityOrder, "Hiệu lực ISO/IEC 17025: ngày kết thúc phải sau ngày bắt đầu.",
			"ISO/IEC 17025 validity: the end date must be after the start date.")
	}
	return ps.Err()
}
