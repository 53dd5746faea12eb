package enterprisefile

import (
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/sheet"
)

// Rejection is a row that was not imported: its line, the first problem's
// code and message, and the row's original values by field key.
type Rejection struct {
	Line    int               `json:"line"`
	Reason  registry.Code     `json:"reason"`
	Message fault.Text        `json:"message"`
	Values  map[string]string `json:"values,omitempty"`
}

// rowData is a converted row: the enterprise and its figures, or the
// problems.
type rowData struct {
	line     int
	e        registry.Enterprise
	figs     *registry.Figures
	problems registry.Problems
	values   map[string]string // original cell values, for the report
	provided fieldSet          // the fields with a value in the row
}

// fieldSet is a set of fields by their index in fieldDefs.
type fieldSet uint32

var fieldIndex = func() map[string]uint {
	m := map[string]uint{}
	for i, f := range fieldDefs {
		m[f.Key] = uint(i)
	}
	return m
}()

func (s fieldSet) has(key string) bool { return s&(1<<fieldIndex[key]) != 0 }

// converter turns rows into enterprises.
type converter struct {
	geo      registry.ProvinceResolver
	today    string // YYYY-MM-DD in Viet Nam
	thisYear int
	year     int              // the figures year when the row has none
	mult     map[string]int64 // column multipliers by field key
	// defaultProvince is the code for rows without a province.
	defaultProvince string

	// Caches of one worker (nil: none). Files repeat a few dozen province
	// spellings and VSIC codes over thousands of rows.
	provinces map[string]string // province text → code ("" when unknown)
	vsic2025  map[string]bool   // VSIC code → valid in the 2025 edition
}

// cleanText is sheet.CleanText with a shortcut for the text it leaves
// unchanged, which is most of a file: NFC, plain single spaces, no leading
// or trailing space, no control or format characters, and no pair of
// vowels whose tone mark CleanText moves (o + à/á/ả/ã/ạ or è/é/ẻ/ẽ/ẹ, u +
// ỳ/ý/ỷ/ỹ/ỵ). Anything else goes through sheet.CleanText.
func cleanText(s string) string {
	if s == "" {
		return ""
	}
	ascii := true
	space := true // no leading space
	prev := rune(0)
	for _, r := range s {
		switch {
		case r == ' ':
			if space {
				return sheet.CleanText(s)
			}
			space = true
			prev = r
			continue
		case r < 0x20 || r == 0x7F:
			return sheet.CleanText(s)
		case r >= 0x80:
			ascii = false
			if r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u200B' {
				return sheet.CleanText(s)
			}
			if (prev == 'o' || prev == 'O') && strings.ContainsRune("àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ", r) ||
				(prev == 'u' || prev == 'U') && strings.ContainsRune("ỳýỷỹỵỲÝỶỸỴ", r) {
				return sheet.CleanText(s)
			}
		}
		space = false
		prev = r
	}
	if space || (!ascii && !norm.NFC.IsNormalString(s)) {
		return sheet.CleanText(s)
	}
	return s
}

// province resolves the province text of a row through the cache; it
// returns the text itself when unknown, for Normalize to report.
func (cv *converter) province(s string) string {
	if cv.provinces == nil {
		if code, ok := cv.geo.Resolve(s); ok {
			return code
		}
		return s
	}
	code, ok := cv.provinces[s]
	if !ok {
		code, _ = cv.geo.Resolve(s)
		if len(cv.provinces) < 10_000 {
			cv.provinces[s] = code
		}
	}
	if code == "" {
		return s
	}
	return code
}

// valid2025 reports whether a VSIC code is in the 2025 edition.
func (cv *converter) valid2025(code string) bool {
	if v, ok := cv.vsic2025[code]; ok {
		return v
	}
	_, p := registry.ParseVSIC(registry.VSIC2025, code)
	if cv.vsic2025 != nil && len(cv.vsic2025) < 10_000 {
		cv.vsic2025[code] = p == nil
	}
	return p == nil
}

// original returns the row's cells as written: text as is, XLSX dates as
// dd/mm/yyyy, numbers as stored.
func original(r sheet.Row) map[string]string {
	m := make(map[string]string, len(r.Values))
	for k, c := range r.Values {
		if c.IsEmpty() {
			continue
		}
		if c.Kind == sheet.Date {
			if d, err := c.Date(); err == nil {
				m[k] = d.Format("02/01/2006")
				continue
			}
		}
		m[k] = c.Raw
	}
	return m
}

// text returns the cleaned text of a cell, without the apostrophe an export
// puts before = + - @.
func text(r sheet.Row, key string) string {
	c, ok := r.Values[key]
	if !ok {
		return ""
	}
	s := cleanText(c.Raw)
	if isDash(s) {
		return ""
	}
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@", rune(s[1])) {
		s = s[1:]
	}
	return s
}

// taxCode reads the tax code cell, restoring a leading zero that Excel
// dropped when the check digit then holds.
func taxCode(c sheet.Cell) (string, *registry.Problem) {
	if c.IsEmpty() {
		return "", &registry.Problem{Field: "tax_code", Code: registry.CodeTaxCodeEmpty,
			Message: fault.Text{Vi: "Thiếu mã số thuế.", En: "The tax code is missing."}}
	}
	raw := cleanText(c.Raw)
	if c.IsNumeric() {
		raw = c.Digits()
		if raw == "" {
			raw = c.Raw
		}
	}
	code, p := registry.ParseTaxCode(raw)
	if p == nil {
		return code, nil
	}
	if d := sheet.DigitsOnly(raw); len(d) == 9 || len(d) == 12 {
		if fixed, q := registry.ParseTaxCode("0" + d); q == nil {
			return fixed, nil
		}
	}
	return "", p
}

// convert turns a row into an enterprise (normalised) and its figures.
func (cv *converter) convert(r sheet.Row) rowData {
	d := rowData{line: r.Line}
	for k, c := range r.Values {
		if !c.IsEmpty() && !isDash(c.Raw) {
			d.provided |= 1 << fieldIndex[k]
		}
	}
	var ps registry.Problems
	e := &d.e
	code, p := taxCode(r.Values[FieldTaxCode])
	if p != nil {
		ps = append(ps, *p)
	}
	e.TaxCode = code
	e.Name = text(r, FieldName)
	e.NameEN = text(r, FieldNameEN)
	e.ShortName = text(r, FieldShortName)
	if p := text(r, FieldProvince); p != "" {
		e.ProvinceCode = cv.province(p)
	} else {
		e.ProvinceCode = cv.defaultProvince
	}
	e.Commune = text(r, FieldCommune)
	e.Address = text(r, FieldAddress)
	if c, ok := r.Values[FieldVSIC]; ok && !c.IsEmpty() {
		e.VSIC = c.Digits()
		if e.VSIC == "" {
			e.VSIC = text(r, FieldVSIC)
		}
		// "C10 - Sản xuất chế biến thực phẩm": the code comes first.
		if e.VSIC == "" {
			e.VSIC = leadingCode(text(r, FieldVSIC))
		}
	}
	edition := 0
	if c, ok := r.Values[FieldEdition]; ok && d.provided.has(FieldEdition) {
		if y, err := c.Int(); err == nil && registry.VSICEdition(y).Valid() {
			edition = int(y)
			e.VSICEdition = registry.VSICEdition(y)
		} else {
			ps.Add("vsic_edition", registry.CodeVSICEdition, "Phiên bản VSIC phải là 2018 hoặc 2025.", "The VSIC edition must be 2018 or 2025.")
		}
	}
	if o, ok := parseOwnership(text(r, FieldOwnership)); ok {
		e.Ownership = o
	} else {
		ps.Add("ownership", registry.CodeOwnershipUnknown, "Loại hình sở hữu không rõ (nhà nước, ngoài nhà nước, FDI, hợp tác xã).",
			"Unknown ownership type (state, private, foreign-invested, cooperative).")
	}
	if s, ok := parseStatus(text(r, FieldStatus)); ok {
		e.Status = s
	} else {
		ps.Add("status", registry.CodeStatusUnknown, "Trạng thái không rõ (đang hoạt động, đã giải thể).", "Unknown status (active, dissolved).")
	}
	if c, ok := r.Values[FieldFounded]; ok && d.provided.has(FieldFounded) {
		if t, err := cellDate(c); err == nil {
			e.FoundedOn = t.Format("2006-01-02")
		} else {
			ps.Add("founded_on", registry.CodeDateInvalid, "Ngày thành lập không hợp lệ (dd/mm/yyyy): "+cellMessage(err).Vi,
				"The founding date is not valid (dd/mm/yyyy): "+cellMessage(err).En)
		}
	}
	if c, ok := r.Values[FieldEmail]; ok && d.provided.has(FieldEmail) {
		if plainEmail(c.Raw) {
			e.Contact.Email = c.Raw // registry's rules check it
		} else if m, err := sheet.ParseEmail(c.Raw); err == nil {
			e.Contact.Email = m
		} else {
			ps.Add("email", registry.CodeEmailInvalid, "Địa chỉ email không hợp lệ.", "The email address is not valid.")
		}
	}
	if c, ok := r.Values[FieldPhone]; ok && d.provided.has(FieldPhone) {
		raw := text(r, FieldPhone)
		if c.IsNumeric() {
			raw = c.Digits()
		}
		if len(raw) == 10 && raw[0] == '0' && strings.ContainsRune("35789", rune(raw[1])) && sheet.DigitsOnly(raw) == raw {
			e.Contact.Phone = raw // a mobile number as ParsePhone returns it
		} else if ph, err := sheet.ParsePhone(raw); err == nil {
			e.Contact.Phone = ph
		} else {
			e.Contact.Phone = raw // registry decides (foreign numbers, extensions)
		}
	}
	e.Contact.Website = text(r, FieldWebsite)
	e.Contact.Person = text(r, FieldPerson)
	ps = append(ps, cv.normalize(e, edition == 0)...)
	d.figs, p = cv.figures(r)
	if p != nil {
		ps = append(ps, *p)
	}
	d.problems = ps
	if len(ps) > 0 {
		d.values = original(r)
	}
	return d
}

// normalize runs the registry's rules on e (with a valid stand-in for a
// tax code that convert already reported). A VSIC code without an edition
// is read as VSIC 2025, else as VSIC 2018 (files made before the 2025
// edition).
func (cv *converter) normalize(e *registry.Enterprise, guessEdition bool) registry.Problems {
	tax := e.TaxCode
	if tax == "" {
		e.TaxCode = "0100233488"
	}
	defer func() { e.TaxCode = tax }()
	vsic := e.VSIC
	if guessEdition && vsic != "" {
		if !cv.valid2025(vsic) {
			if _, q := registry.ParseVSIC(registry.VSIC2018, vsic); q == nil {
				e.VSICEdition = registry.VSIC2018
			}
		}
	}
	return e.Normalize(cv.geo, cv.today)
}

// plainEmail reports whether s is one bare ASCII address (no name, no
// list, no spaces), which sheet.ParseEmail would return unchanged apart
// from case; the registry lower-cases and checks it.
func plainEmail(s string) bool {
	at := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '@':
			at++
		case c <= ' ' || c >= 0x7F || strings.IndexByte("<>,;:()[]\\\"'", c) >= 0:
			return false
		}
	}
	return at == 1 && !strings.HasPrefix(strings.ToLower(s), "mailto")
}

// cellDate is Cell.Date with a shortcut for text written dd/mm/yyyy, the
// usual form, giving the same date (or leaving the error to Cell.Date).
func cellDate(c sheet.Cell) (time.Time, error) {
	s := c.Raw
	if c.Kind == sheet.Text && len(s) == 10 && s[2] == '/' && s[5] == '/' {
		d, m, y, ok := 0, 0, 0, true
		for i, ch := range []byte(s) {
			switch {
			case i == 2 || i == 5:
			case ch < '0' || ch > '9':
				ok = false
			case i < 2:
				d = d*10 + int(ch-'0')
			case i < 5:
				m = m*10 + int(ch-'0')
			default:
				y = y*10 + int(ch-'0')
			}
		}
		if ok && y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 {
			t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
			if t.Day() == d {
				return t, nil
			}
		}
	}
	return c.Date()
}

// leadingCode returns the code at the start of "C10 - Sản xuất …" or "1071
// Sản xuất bánh": its digits, or "".
func leadingCode(s string) string {
	s = strings.TrimLeft(s, "ABCDEFGHIJKLMNOPQRSTU ")
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end < 2 {
		return ""
	}
	return s[:end]
}

// figures reads the row's figures: nil when the row has none.
func (cv *converter) figures(r sheet.Row) (*registry.Figures, *registry.Problem) {
	has := false
	for _, k := range figureKeys {
		if c, ok := r.Values[k]; ok && !c.IsEmpty() && !isDash(c.Raw) {
			has = true
		}
	}
	if !has {
		return nil, nil
	}
	f := &registry.Figures{Year: cv.year}
	if c, ok := r.Values[FieldYear]; ok && !c.IsEmpty() {
		y, err := c.Int()
		if err != nil || y < registry.MinYear || y > int64(cv.thisYear) {
			return nil, &registry.Problem{Field: "year", Code: registry.CodeYearInvalid,
				Message: fault.Text{Vi: "Năm số liệu phải từ 1990 đến năm hiện tại.", En: "The year of the figures must be between 1990 and this year."}}
		}
		f.Year = int(y)
	}
	type target struct {
		key  string
		dst  **int64
		code registry.Code
		vi   string
		en   string
	}
	for _, t := range []target{
		{FieldEmployees, &f.Employees, registry.CodeEmployeesNotANumber, "Số lao động phải là số nguyên không âm", "Employees must be a non-negative whole number"},
		{FieldRevenue, &f.Revenue, registry.CodeRevenueNotANumber, "Doanh thu phải là số đồng không âm", "Revenue must be a non-negative amount of đồng"},
		{FieldCapital, &f.Capital, registry.CodeCapitalNotANumber, "Tổng nguồn vốn phải là số đồng không âm", "Total capital must be a non-negative amount of đồng"},
		{FieldValueAdded, &f.ValueAdded, registry.CodeAmountNotANumber, "Giá trị gia tăng phải là số đồng", "Value added must be an amount of đồng"},
		{FieldEnergy, &f.EnergyKWh, registry.CodeAmountNotANumber, "Năng lượng tiêu thụ phải là số kWh", "Energy use must be a number of kWh"},
		{FieldExports, &f.Exports, registry.CodeAmountNotANumber, "Kim ngạch xuất khẩu phải là số đồng", "Exports must be an amount of đồng"},
	} {
		c, ok := r.Values[t.key]
		if !ok || c.IsEmpty() || isDash(c.Raw) {
			continue
		}
		var v int64
		var err error
		if t.key == FieldEmployees {
			v, err = c.Int()
		} else {
			v, err = c.Money()
			if err == nil && cv.mult[t.key] > 1 {
				m := cv.mult[t.key]
				if v > (1<<62)/m || v < -(1<<62)/m {
					err = sheet.ErrInvalidNumber
				} else {
					v *= m
				}
			} else if err != nil && cv.mult[t.key] > 1 {
				// "12,5" in a "triệu đồng" column: a fraction of the unit.
				if n, nerr := c.Number(); nerr == nil && n*float64(cv.mult[t.key]) < 9e18 && n*float64(cv.mult[t.key]) > -9e18 {
					v, err = int64(n*float64(cv.mult[t.key])+0.5*sign(n)), nil
				}
			}
		}
		if err != nil {
			msg := cellMessage(err)
			return nil, &registry.Problem{Field: t.key, Code: t.code,
				Message: fault.Text{Vi: t.vi + ": " + msg.Vi, En: t.en + ": " + msg.En}}
		}
		*t.dst = &v
	}
	if ps := f.Validate(cv.thisYear); len(ps) > 0 {
		return nil, &ps[0]
	}
	return f, nil
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

// isDash reports whether a cell holds only a dash, which tables use for "no
// figure".
func isDash(s string) bool {
	t := strings.TrimSpace(s)
	return t == "-" || t == "–" || t == "—" || t == "x"
}

// cellMessage is the message of a value parser's error.
func cellMessage(err error) fault.Text {
	var se *sheet.Error
	if errors.As(err, &se) && se.Message.Vi != "" {
		return se.Message
	}
	return fault.Text{Vi: "giá trị không đọc được", En: "unreadable value"}
}
