package enterprisefile

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/registry"
	"nscl/internal/vn"
)

// Format is an export file format.
type Format string

// The export formats.
const (
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
	FormatJSON Format = "json"
)

// ParseFormat reads a format name. Errors: Invalid.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case FormatCSV, FormatXLSX, FormatJSON:
		return f, nil
	}
	return "", fault.New(fault.Invalid, "Định dạng xuất phải là csv, xlsx hoặc json.", "The export format must be csv, xlsx or json.").
		Field("format", "Chọn csv, xlsx hoặc json.", "Choose csv, xlsx or json.")
}

// MIME returns the format's media type.
func (f Format) MIME() string {
	switch f {
	case FormatCSV:
		return "text/csv; charset=utf-8"
	case FormatXLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/json"
}

// FileName returns the name of an export made at t.
func (f Format) FileName(t time.Time) string {
	return "doanh-nghiep-" + t.In(vn.Zone).Format("20060102-1504") + "." + string(f)
}

// Record is one enterprise of a JSON export.
type Record struct {
	TaxCode       string  `json:"tax_code"` // 10 or 13 digits, no dash
	ParentTaxCode string  `json:"parent_tax_code,omitempty"`
	Name          string  `json:"name"`
	NameEN        string  `json:"name_en"`
	ShortName     string  `json:"short_name"`
	ProvinceCode  string  `json:"province_code"` // statistics office code of the 2025 unit
	Province      string  `json:"province"`
	Commune       string  `json:"commune"`
	Address       string  `json:"address"`
	VSIC          string  `json:"vsic"`
	VSICEdition   int     `json:"vsic_edition"`
	Industry      string  `json:"industry"` // priority industry, "" for none
	Ownership     string  `json:"ownership"`
	Founded       *string `json:"founded"` // YYYY-MM-DD
	Email         string  `json:"email"`
	Phone         string  `json:"phone"`
	Website       string  `json:"website"`
	ContactPerson string  `json:"contact_person"`
	Status        string  `json:"status"`
	Year          *int    `json:"year"` // of the figures below (the latest)
	Employees     *int64  `json:"employees"`
	RevenueVND    *int64  `json:"revenue_vnd"`
	CapitalVND    *int64  `json:"capital_vnd"`
	ValueAddedVND *int64  `json:"value_added_vnd"`
	EnergyKWh     *int64  `json:"energy_kwh"`
	ExportsVND    *int64  `json:"exports_vnd"`
	SizeClass     *string `json:"size_class"` // micro|small|medium|large, of the latest year
}

// record builds the JSON record of e.
func (s *Service) record(e *registry.Enterprise, f *registry.Figures) Record {
	r := Record{TaxCode: strings.ReplaceAll(e.TaxCode, "-", ""), ParentTaxCode: registry.ParentTaxCode(e.TaxCode),
		Name: e.Name, NameEN: e.NameEN, ShortName: e.ShortName, ProvinceCode: e.ProvinceCode, Province: s.geo.Name(e.ProvinceCode),
		Commune: e.Commune, Address: e.Address, VSIC: e.VSIC, VSICEdition: int(e.VSICEdition), Industry: string(e.Industry),
		Ownership: string(e.Ownership), Email: e.Contact.Email, Phone: e.Contact.Phone, Website: e.Contact.Website,
		ContactPerson: e.Contact.Person, Status: string(e.Status)}
	if e.FoundedOn != "" {
		v := e.FoundedOn
		r.Founded = &v
	}
	if f != nil {
		y := f.Year
		r.Year = &y
		r.Employees, r.RevenueVND, r.CapitalVND, r.ValueAddedVND, r.EnergyKWh, r.ExportsVND =
			f.Employees, f.Revenue, f.Capital, f.ValueAdded, f.EnergyKWh, f.Exports
	}
	if e.SizeClass != registry.SizeUnknown {
		v := string(e.SizeClass)
		r.SizeClass = &v
	}
	return r
}

// exportColumns are the CSV and XLSX columns: the field keys, in order,
// then the size class (not imported).
var exportColumns = []string{FieldTaxCode, FieldName, FieldNameEN, FieldShortName, FieldProvince, FieldCommune, FieldAddress,
	FieldVSIC, FieldEdition, FieldOwnership, FieldFounded, FieldEmail, FieldPhone, FieldWebsite, FieldPerson, FieldStatus,
	FieldYear, FieldEmployees, FieldRevenue, FieldCapital, FieldValueAdded, FieldEnergy, FieldExports, "size_class"}

// exportHeader is the header of a column: a Vietnamese alias of the field,
// so that the file imports again.
func exportHeader(key string) string {
	if key == "size_class" {
		return "Quy mô (Nghị định 80/2021)"
	}
	return FieldLabel(key).Vi
}

// cell is one exported value: text, or a number (nil pointer: empty).
type cell struct {
	text string
	num  *int64
}

func (s *Service) cells(e *registry.Enterprise, f *registry.Figures) []cell {
	out := make([]cell, 0, len(exportColumns))
	t := func(v string) { out = append(out, cell{text: v}) }
	n := func(v *int64) { out = append(out, cell{num: v}) }
	t(e.TaxCode)
	t(e.Name)
	t(e.NameEN)
	t(e.ShortName)
	t(s.geo.Name(e.ProvinceCode))
	t(e.Commune)
	t(e.Address)
	t(e.VSIC)
	if e.VSIC != "" {
		t(fmt.Sprint(int(e.VSICEdition)))
	} else {
		t("")
	}
	if e.Ownership != registry.OwnershipUnknown {
		t(e.Ownership.Label().Vi)
	} else {
		t("")
	}
	if d, err := time.Parse("2006-01-02", e.FoundedOn); err == nil {
		t(d.Format("02/01/2006"))
	} else {
		t("")
	}
	t(e.Contact.Email)
	t(e.Contact.Phone)
	t(e.Contact.Website)
	t(e.Contact.Person)
	t(statusLabel(e.Status))
	if f != nil {
		y := int64(f.Year)
		n(&y)
		n(f.Employees)
		n(f.Revenue)
		n(f.Capital)
		n(f.ValueAdded)
		n(f.EnergyKWh)
		n(f.Exports)
	} else {
		for range 7 {
			n(nil)
		}
	}
	if e.SizeClass != registry.SizeUnknown {
		t(e.SizeClass.Label().Vi)
	} else {
		t("")
	}
	return out
}

// Neutralize returns s with a leading apostrophe when it begins with = + -
// or @, so that a spreadsheet shows it as text instead of running it as a
// formula. The importer removes the apostrophe.
func Neutralize(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// exportScope narrows f to what the actor may see, as registry.Service's
// lists do. Errors: Unauthenticated, Forbidden.
func exportScope(a *auth.Actor, f *registry.Filter) error {
	if a.IsAnonymous() {
		return fault.New(fault.Unauthenticated, "Vui lòng đăng nhập.", "Please sign in.")
	}
	if !auth.Can(a, auth.ActEnterpriseView) {
		return fault.New(fault.Forbidden, "Bạn không có quyền xuất danh sách doanh nghiệp.", "You may not export the enterprise list.")
	}
	if auth.Allowed(a, auth.ActEnterpriseView, everywhere) {
		return nil
	}
	switch a.Role {
	case auth.RoleProvince:
		f.ProvinceCode = a.ProvinceCode
	case auth.RoleEnterprise:
		f.EnterpriseID = registry.EnterpriseID(a.EnterpriseID)
	default:
		return fault.New(fault.Forbidden, "Bạn không có quyền xuất danh sách doanh nghiệp.", "You may not export the enterprise list.")
	}
	return nil
}

// CheckExport returns the filter an export by the actor in ctx would use
// (scoped), or why it may not export. Errors: Unauthenticated, Forbidden.
func (s *Service) CheckExport(ctx context.Context, f registry.Filter) (registry.Filter, error) {
	if err := exportScope(auth.ActorFrom(ctx), &f); err != nil {
		return f, err
	}
	f.Query = vn.Fold(f.Query)
	f.Offset, f.Limit, f.Facets = 0, 0, false
	if f.TaxCode != "" {
		if code, p := registry.ParseTaxCode(f.TaxCode); p == nil {
			f.TaxCode = code
		}
	}
	return f, nil
}

// Export writes the enterprises matching f that the actor may see
// (provincial officers: their province; enterprise users: their own firm)
// to w in format, with the figures of each one's latest year. Errors:
// Unauthenticated, Forbidden, and store or write errors.
func (s *Service) Export(ctx context.Context, f registry.Filter, format Format, w io.Writer) (int, error) {
	f, err := s.CheckExport(ctx, f)
	if err != nil {
		return 0, err
	}
	switch format {
	case FormatCSV:
		return s.exportCSV(ctx, f, w)
	case FormatXLSX:
		return s.exportXLSX(ctx, f, w)
	case FormatJSON:
		return s.exportJSON(ctx, f, w)
	}
	_, err = ParseFormat(string(format))
	return 0, err
}

func (s *Service) exportCSV(ctx context.Context, f registry.Filter, w io.Writer) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	// A byte-order mark, so that Excel reads the file as UTF-8.
	if _, err := bw.WriteString("\uFEFF"); err != nil {
		return 0, err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	head := make([]string, len(exportColumns))
	for i, k := range exportColumns {
		head[i] = exportHeader(k)
	}
	if err := cw.Write(head); err != nil {
		return 0, err
	}
	rec := make([]string, len(exportColumns))
	n := 0
	err := s.store.EachEnterprise(ctx, f, func(e *registry.Enterprise, fig *registry.Figures) error {
		for i, c := range s.cells(e, fig) {
			switch {
			case c.num != nil:
				rec[i] = fmt.Sprint(*c.num)
			default:
				rec[i] = Neutralize(c.text)
			}
		}
		n++
		return cw.Write(rec)
	})
	if err != nil {
		return n, err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, err
	}
	return n, bw.Flush()
}

func (s *Service) exportXLSX(ctx context.Context, f registry.Filter, w io.Writer) (int, error) {
	x := excelize.NewFile()
	defer x.Close()
	const sheetName = "Doanh nghiệp"
	if err := x.SetSheetName("Sheet1", sheetName); err != nil {
		return 0, fault.Internalf("enterprisefile: sheet name: %w", err)
	}
	sw, err := x.NewStreamWriter(sheetName)
	if err != nil {
		return 0, fault.Internalf("enterprisefile: stream writer: %w", err)
	}
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return 0, fault.Internalf("enterprisefile: style: %w", err)
	}
	money, err := x.NewStyle(&excelize.Style{NumFmt: 3}) // #,##0
	if err != nil {
		return 0, fault.Internalf("enterprisefile: style: %w", err)
	}
	textStyle, err := x.NewStyle(&excelize.Style{NumFmt: 49}) // @: text, keeps leading zeros
	if err != nil {
		return 0, fault.Internalf("enterprisefile: style: %w", err)
	}
	widths := map[string]float64{FieldTaxCode: 16, FieldName: 40, FieldAddress: 40, FieldProvince: 18, FieldEmail: 24}
	for i, k := range exportColumns {
		wd := 14.0
		if v, ok := widths[k]; ok {
			wd = v
		}
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return 0, fault.Internalf("enterprisefile: width: %w", err)
		}
	}
	head := make([]any, len(exportColumns))
	for i, k := range exportColumns {
		head[i] = excelize.Cell{StyleID: bold, Value: exportHeader(k)}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return 0, fault.Internalf("enterprisefile: panes: %w", err)
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: 30}); err != nil {
		return 0, fault.Internalf("enterprisefile: header: %w", err)
	}
	row := make([]any, len(exportColumns))
	n := 0
	err = s.store.EachEnterprise(ctx, f, func(e *registry.Enterprise, fig *registry.Figures) error {
		for i, c := range s.cells(e, fig) {
			switch {
			case c.num != nil:
				row[i] = excelize.Cell{StyleID: money, Value: *c.num}
			case i < len(exportColumns)-8: // the text columns
				row[i] = excelize.Cell{StyleID: textStyle, Value: Neutralize(c.text)}
			case c.text != "":
				row[i] = Neutralize(c.text)
			default:
				row[i] = nil
			}
		}
		n++
		ref, err := excelize.CoordinatesToCellName(1, n+1)
		if err != nil {
			return err
		}
		return sw.SetRow(ref, row)
	})
	if err != nil {
		return n, err
	}
	if err := sw.Flush(); err != nil {
		return n, fault.Internalf("enterprisefile: flush: %w", err)
	}
	if _, err := x.WriteTo(w); err != nil {
		return n, err
	}
	return n, nil
}

func (s *Service) exportJSON(ctx context.Context, f registry.Filter, w io.Writer) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString(`{"records":[`); err != nil {
		return 0, err
	}
	n := 0
	err := s.store.EachEnterprise(ctx, f, func(e *registry.Enterprise, fig *registry.Figures) error {
		b, err := json.Marshal(s.record(e, fig))
		if err != nil {
			return err
		}
		if n > 0 {
			if err := bw.WriteByte(','); err != nil {
				return err
			}
		}
		if _, err := bw.WriteString("\n"); err != nil {
			return err
		}
		n++
		_, err = bw.Write(b)
		return err
	})
	if err != nil {
		return n, err
	}
	if _, err := bw.WriteString("\n]}\n"); err != nil {
		return n, err
	}
	return n, bw.Flush()
}
