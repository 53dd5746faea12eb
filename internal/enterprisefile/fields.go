package enterprisefile

import (
	"strconv"
	"strings"

	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sheet"
)

// Field keys: the columns an import knows.
const (
	FieldTaxCode    = "tax_code"
	FieldName       = "name"
	FieldNameEN     = "name_en"
	FieldShortName  = "short_name"
	FieldProvince   = "province"
	FieldCommune    = "commune"
	FieldAddress    = "address"
	FieldVSIC       = "vsic"
	FieldEdition    = "vsic_edition"
	FieldOwnership  = "ownership"
	FieldFounded    = "founded"
	FieldEmail      = "email"
	FieldPhone      = "phone"
	FieldWebsite    = "website"
	FieldPerson     = "contact_person"
	FieldStatus     = "status"
	FieldYear       = "year"
	FieldEmployees  = "employees"
	FieldRevenue    = "revenue"
	FieldCapital    = "capital"
	FieldValueAdded = "value_added"
	FieldEnergy     = "energy_kwh"
	FieldExports    = "exports"
)

// fieldDef is a field with its label; the first alias is the header an
// export writes.
type fieldDef struct {
	sheet.Field
	label fault.Text
}

var fieldDefs = []fieldDef{
	{sheet.Field{Key: FieldTaxCode, Required: true, Aliases: []string{"Mã số thuế", "MST", "Mã số doanh nghiệp", "Mã số DN", "Mã DN",
		"Tax code", "Tax ID", "Enterprise code"}}, fault.Text{Vi: "Mã số thuế", En: "Tax code"}},
	{sheet.Field{Key: FieldName, Required: true, Aliases: []string{"Tên doanh nghiệp", "Tên đơn vị", "Tên công ty", "Tên DN",
		"Tên", "Company name", "Enterprise name", "Enterprise", "Name"}}, fault.Text{Vi: "Tên doanh nghiệp", En: "Name"}},
	{sheet.Field{Key: FieldNameEN, Aliases: []string{"Tên tiếng Anh", "Tên giao dịch quốc tế", "Tên nước ngoài", "English name"}},
		fault.Text{Vi: "Tên tiếng Anh", En: "English name"}},
	{sheet.Field{Key: FieldShortName, Aliases: []string{"Tên viết tắt", "Tên ngắn", "Short name", "Abbreviation"}},
		fault.Text{Vi: "Tên viết tắt", En: "Short name"}},
	{sheet.Field{Key: FieldProvince, Aliases: []string{"Tỉnh/Thành phố", "Tỉnh, thành phố", "Tỉnh thành", "Tỉnh", "Thành phố",
		"Mã tỉnh", "Địa bàn", "Province", "Province code", "City"}}, fault.Text{Vi: "Tỉnh/Thành phố", En: "Province"}},
	{sheet.Field{Key: FieldCommune, Aliases: []string{"Xã/Phường", "Xã, phường", "Phường/Xã", "Xã", "Phường", "Commune", "Ward"}},
		fault.Text{Vi: "Xã/Phường", En: "Commune"}},
	{sheet.Field{Key: FieldAddress, Aliases: []string{"Địa chỉ", "Địa chỉ trụ sở", "Địa chỉ trụ sở chính", "Trụ sở", "Address",
		"Head office address"}}, fault.Text{Vi: "Địa chỉ", En: "Address"}},
	{sheet.Field{Key: FieldVSIC, Aliases: []string{"Mã ngành VSIC", "Mã ngành", "Ngành nghề kinh doanh chính", "Ngành kinh tế", "VSIC",
		"VSIC code", "Industry code"}}, fault.Text{Vi: "Mã ngành VSIC", En: "VSIC code"}},
	{sheet.Field{Key: FieldEdition, Aliases: []string{"Phiên bản VSIC", "Hệ thống ngành", "VSIC edition"}},
		fault.Text{Vi: "Phiên bản VSIC", En: "VSIC edition"}},
	{sheet.Field{Key: FieldOwnership, Aliases: []string{"Loại hình sở hữu", "Loại hình doanh nghiệp", "Loại hình", "Sở hữu",
		"Ownership", "Ownership type"}}, fault.Text{Vi: "Loại hình sở hữu", En: "Ownership"}},
	{sheet.Field{Key: FieldFounded, Aliases: []string{"Ngày thành lập", "Ngày cấp phép", "Ngày cấp GCN ĐKDN", "Ngày đăng ký",
		"Ngày cấp", "Năm thành lập", "Founded", "Year founded", "Founding date", "Date of establishment"}}, fault.Text{Vi: "Ngày thành lập", En: "Founded"}},
	{sheet.Field{Key: FieldEmail, Aliases: []string{"Email", "E-mail", "Thư điện tử", "Địa chỉ email"}}, fault.Text{Vi: "Email", En: "Email"}},
	{sheet.Field{Key: FieldPhone, Aliases: []string{"Điện thoại", "Số điện thoại", "SĐT", "ĐT", "Phone", "Telephone", "Tel"}},
		fault.Text{Vi: "Điện thoại", En: "Phone"}},
	{sheet.Field{Key: FieldWebsite, Aliases: []string{"Website", "Trang web", "Trang thông tin điện tử", "Web"}},
		fault.Text{Vi: "Website", En: "Website"}},
	{sheet.Field{Key: FieldPerson, Aliases: []string{"Người liên hệ", "Người đại diện", "Người đại diện theo pháp luật",
		"Contact person", "Contact", "Representative"}}, fault.Text{Vi: "Người liên hệ", En: "Contact person"}},
	{sheet.Field{Key: FieldStatus, Aliases: []string{"Trạng thái", "Tình trạng hoạt động", "Tình trạng", "Status"}},
		fault.Text{Vi: "Trạng thái", En: "Status"}},
	{sheet.Field{Key: FieldYear, Aliases: []string{"Năm số liệu", "Năm báo cáo", "Năm tài chính", "Reporting year", "Fiscal year"}},
		fault.Text{Vi: "Năm số liệu", En: "Year of the figures"}},
	{sheet.Field{Key: FieldEmployees, Aliases: []string{"Số lao động", "Lao động", "Số lao động bình quân", "Tổng số lao động",
		"Số người lao động", "Employees", "Number of employees", "Headcount"}}, fault.Text{Vi: "Số lao động", En: "Employees"}},
	{sheet.Field{Key: FieldRevenue, Aliases: []string{"Doanh thu", "Tổng doanh thu", "Doanh thu thuần", "Revenue", "Turnover",
		"Total revenue"}}, fault.Text{Vi: "Doanh thu (đồng)", En: "Revenue (VND)"}},
	{sheet.Field{Key: FieldCapital, Aliases: []string{"Tổng nguồn vốn", "Nguồn vốn", "Vốn", "Vốn điều lệ", "Tổng vốn", "Capital",
		"Total capital"}}, fault.Text{Vi: "Tổng nguồn vốn (đồng)", En: "Total capital (VND)"}},
	{sheet.Field{Key: FieldValueAdded, Aliases: []string{"Giá trị gia tăng", "GTGT", "Value added"}},
		fault.Text{Vi: "Giá trị gia tăng (đồng)", En: "Value added (VND)"}},
	{sheet.Field{Key: FieldEnergy, Aliases: []string{"Năng lượng tiêu thụ (kWh)", "Năng lượng tiêu thụ", "Tiêu thụ điện",
		"Điện năng", "Energy use", "Energy", "Energy kWh"}}, fault.Text{Vi: "Năng lượng tiêu thụ (kWh)", En: "Energy use (kWh)"}},
	{sheet.Field{Key: FieldExports, Aliases: []string{"Kim ngạch xuất khẩu", "Giá trị xuất khẩu", "Xuất khẩu", "Exports",
		"Export value"}}, fault.Text{Vi: "Kim ngạch xuất khẩu (đồng)", En: "Exports (VND)"}},
}

// Fields returns the columns an import looks for, in export order.
func Fields() []sheet.Field {
	out := make([]sheet.Field, len(fieldDefs))
	for i, f := range fieldDefs {
		out[i] = f.Field
	}
	return out
}

// FieldLabel returns the name of field key for people, or the key itself.
func FieldLabel(key string) fault.Text {
	for _, f := range fieldDefs {
		if f.Key == key {
			return f.label
		}
	}
	return fault.Text{Vi: key, En: key}
}

// IsField reports whether key is one of Fields.
func IsField(key string) bool {
	for _, f := range fieldDefs {
		if f.Key == key {
			return true
		}
	}
	return false
}

// bareYearHeaders are headers that name the year column alone. They are
// not aliases, because as aliases they would match any header containing
// the word (a title "… NĂM 2025" joined over the header): adoptYearColumn
// maps a column whose whole header is one of them.
var bareYearHeaders = map[string]bool{"nam": true, "year": true}

// adoptYearColumn maps an unmapped column headed just "Năm" or "Year" to
// the year of the figures, unless another column has it.
func adoptYearColumn(rd *sheet.Reader) error {
	m := rd.Header()
	if _, ok := m.Column(FieldYear); ok {
		return nil
	}
	for i, c := range m.Columns {
		if c.Field == "" && bareYearHeaders[sheet.Fold(c.Header)] {
			cols := append([]sheet.Column(nil), m.Columns...)
			cols[i].Field = FieldYear
			m.Columns = cols
			return rd.SetMapping(m)
		}
	}
	return nil
}

// figureKeys are the fields that make a row carry figures.
var figureKeys = []string{FieldEmployees, FieldRevenue, FieldCapital, FieldValueAdded, FieldEnergy, FieldExports}

// columnUnit returns the multiplier a figures header names ("triệu đồng" →
// 10⁶, "tỷ" → 10⁹, "nghìn"/"ngàn" → 10³) and a year it names (2000–2100),
// 0 when none.
func columnUnit(header string) (mult int64, year int) {
	mult = 1
	words := strings.FieldsFunc(sheet.Fold(header), func(r rune) bool {
		return !(r >= 'a' && r <= 'z') && !(r >= '0' && r <= '9')
	})
	for i, w := range words {
		switch w {
		case "trieu", "tr", "million", "millions":
			mult = 1_000_000
		case "ty", "billion", "billions":
			mult = 1_000_000_000
		case "nghin", "ngan", "thousand", "thousands":
			mult = 1_000
		case "kwh":
		}
		if len(w) == 4 {
			if y, err := strconv.Atoi(w); err == nil && y >= 2000 && y <= 2100 {
				year = y
			}
		}
		// "Doanh thu (1.000 đồng)" is written "1 000 dong" once folded.
		if w == "1" && i+1 < len(words) && words[i+1] == "000" {
			mult = 1_000
		}
	}
	return mult, year
}

// parseOwnership reads an ownership type written in Vietnamese or English.
func parseOwnership(s string) (registry.Ownership, bool) {
	f := sheet.Fold(s)
	if f == "" {
		return registry.OwnershipUnknown, true
	}
	switch {
	case registry.Ownership(f).Valid():
		return registry.Ownership(f), true
	case strings.Contains(f, "fdi") || strings.Contains(f, "nuoc ngoai") || strings.Contains(f, "foreign") || strings.Contains(f, "100 von"):
		return registry.OwnershipForeign, true
	case strings.Contains(f, "hop tac xa") || f == "htx" || strings.Contains(f, "cooperative"):
		return registry.OwnershipCooperative, true
	case strings.Contains(f, "ngoai nha nuoc") || strings.Contains(f, "tu nhan") || strings.Contains(f, "private") ||
		strings.Contains(f, "dan doanh"):
		return registry.OwnershipPrivate, true
	case strings.Contains(f, "nha nuoc") || f == "dnnn" || strings.Contains(f, "state"):
		return registry.OwnershipState, true
	}
	for _, o := range registry.Ownerships {
		if f == sheet.Fold(o.Label().Vi) || f == sheet.Fold(o.Label().En) {
			return o, true
		}
	}
	return registry.OwnershipUnknown, false
}

// parseStatus reads a status written in Vietnamese or English.
func parseStatus(s string) (registry.Status, bool) {
	f := sheet.Fold(s)
	switch {
	case f == "":
		return "", true
	case f == "active" || strings.Contains(f, "dang hoat dong") || f == "hoat dong":
		return registry.StatusActive, true
	case f == "dissolved" || strings.Contains(f, "giai the") || strings.Contains(f, "ngung hoat dong") ||
		strings.Contains(f, "pha san") || strings.Contains(f, "closed"):
		return registry.StatusDissolved, true
	}
	return "", false
}

// statusLabel is how an export writes a status (parseStatus reads it).
func statusLabel(s registry.Status) string {
	if s == registry.StatusDissolved {
		return "Đã giải thể"
	}
	return "Đang hoạt động"
}
