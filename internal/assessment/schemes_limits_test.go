package assessment_test

import (
	"bytes"
	"context"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nscl/internal/assessment"
	"nscl/internal/fault"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// allocated runs fn and returns the bytes it allocated (all goroutines).
func allocated(fn func()) uint64 {
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	fn()
	runtime.ReadMemStats(&m1)
	return m1.TotalAlloc - m0.TotalAlloc
}

// TestSchemes_ImportWideXLSX: a 27 KB workbook whose 4,000 rows each hold
// one cell in the last column (XFD) is refused, reading little: the sheet is
// streamed, a cell beyond the sheet's columns stops it (GetRows made 16,384
// cells a row: 4.5 GB). The reviewers' TestReviewWideXLSX.
func TestSchemes_ImportWideXLSX(t *testing.T) {
	x := excelize.NewFile()
	if err := x.SetSheetName("Sheet1", "Phần"); err != nil {
		t.Fatal(err)
	}
	sw, err := x.NewStreamWriter("Phần")
	if err != nil {
		t.Fatal(err)
	}
	for r := 1; r <= 4000; r++ {
		if err := sw.SetRow("XFD"+strconv.Itoa(r), []any{"x"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		t.Fatal(err)
	}
	var derr error
	n := allocated(func() { _, derr = assessment.DecodeFile(b.Bytes()) })
	if !fault.Is(derr, fault.Invalid) {
		t.Fatalf("a wide workbook: %v", derr)
	}
	if n > 100<<20 {
		t.Errorf("reading a %d-byte workbook allocated %d MB", b.Len(), n>>20)
	}
	fs := fault.FieldsOf(derr)
	if !strings.Contains(fs["sheet.Phần"].Vi, "XFD1") || !strings.Contains(fs["sheet.Phần"].En, "beyond") {
		t.Errorf("fields = %v", fs)
	}
}

// TestSchemes_ImportWideCellInExport: an exported workbook with one stray
// cell right of the items' columns is refused with the cell named; the same
// workbook without it imports.
func TestSchemes_ImportWideCellInExport(t *testing.T) {
	f := shippedFile(t, "5s")
	var b bytes.Buffer
	if err := assessment.EncodeXLSX(&b, f); err != nil {
		t.Fatal(err)
	}
	if _, err := assessment.ParseFile(b.Bytes()); err != nil {
		t.Fatalf("the export itself: %v", err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := x.SetCellValue("Tiêu chí", "AA7", "ghi chú"); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := x.Write(&out); err != nil {
		t.Fatal(err)
	}
	_, err = assessment.ParseFile(out.Bytes())
	if got := fault.FieldsOf(err)["sheet.Tiêu chí"].Vi; !strings.Contains(got, "AA7") {
		t.Errorf("a stray cell: %v", fault.FieldsOf(err))
	}
}

// TestSchemes_ImportTallXLSX: a sheet with more rows than a scheme may have
// stops at the cap with an error, without reading the rest.
func TestSchemes_ImportTallXLSX(t *testing.T) {
	f := shippedFile(t, "5s")
	var b bytes.Buffer
	if err := assessment.EncodeXLSX(&b, f); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for r := 2; r <= 3000; r++ {
		_ = x.SetSheetRow("Mức", "A"+strconv.Itoa(r), &[]any{"m" + strconv.Itoa(r), "Mức", "", 50})
	}
	var out bytes.Buffer
	if err := x.Write(&out); err != nil {
		t.Fatal(err)
	}
	_, err = assessment.DecodeFile(out.Bytes())
	if got := fault.FieldsOf(err)["sheet.Mức"].Vi; !strings.Contains(got, "quá nhiều dòng") {
		t.Errorf("a tall sheet: %v", fault.FieldsOf(err))
	}
}

// TestSchemes_ValidateManySections: a 2 MB file of empty sections (700,000
// of them) is refused with a bounded list of problems — the sections past
// MaxSections are not checked, and at most MaxFieldErrors problems are
// listed, the last saying how many more there are — in little memory (it
// made 2 million fields and 1.7 GB). The reviewers' TestReviewManySections.
func TestSchemes_ValidateManySections(t *testing.T) {
	var b bytes.Buffer
	b.WriteString(`{"format":"nscl.assessment-scheme","format_version":1,"scheme":{},"body":{"sections":[`)
	for b.Len() < assessment.MaxImportSize-100 {
		b.WriteString(`{},`)
	}
	b.WriteString(`{}],"levels":[`)
	b.WriteString(`{}]}}`)
	var err error
	n := allocated(func() { _, err = assessment.ParseFile(b.Bytes()) })
	fs := fault.FieldsOf(err)
	if len(fs) == 0 || len(fs) > assessment.MaxFieldErrors {
		t.Fatalf("%d fields, want 1 to %d", len(fs), assessment.MaxFieldErrors)
	}
	if more := fs["more"]; !strings.Contains(more.Vi, "và") || !strings.Contains(more.En, "more") {
		t.Errorf("no “… and N more” entry: %q", more)
	}
	if fs["sections"].Vi == "" {
		t.Errorf("no error on the number of sections: %v", fs)
	}
	if n > 100<<20 {
		t.Errorf("allocated %d MB", n>>20)
	}
	t.Logf("%d-byte file: %d fields, %d MB allocated", b.Len(), len(fs), n>>20)

	// One section of 700,000 empty items.
	b.Reset()
	b.WriteString(`{"format":"nscl.assessment-scheme","format_version":1,"scheme":{},"body":{"sections":[{"key":"s1","items":[`)
	for b.Len() < assessment.MaxImportSize-100 {
		b.WriteString(`{},`)
	}
	b.WriteString(`{}]}],"levels":[]}}`)
	n = allocated(func() { _, err = assessment.ParseFile(b.Bytes()) })
	if fs := fault.FieldsOf(err); len(fs) == 0 || len(fs) > assessment.MaxFieldErrors || !strings.Contains(fs["items"].En, "At most 500 items") {
		t.Errorf("many items: %d fields, items %q", len(fs), fs["items"])
	}
	if n > 100<<20 {
		t.Errorf("many items: allocated %d MB", n>>20)
	}

	// The same with levels, through the validator alone.
	body := assessment.Body{Scale: assessment.Scale{Min: 0, Max: 4}, Levels: make([]assessment.Level, 200000)}
	err = assessment.ValidateBody(&body)
	if fs := fault.FieldsOf(err); len(fs) > assessment.MaxFieldErrors || fs["levels"].Vi == "" || fs["levels[20].code"].Vi != "" {
		t.Errorf("many levels: %d fields", len(fs))
	}
	if msg := fault.MessageOf(err).En; !strings.Contains(msg, "errors") {
		t.Errorf("message = %q", msg)
	}
}

// TestSchemes_RefuseControlCharacters: a NUL, another control character or
// bytes that are not UTF-8 in a scheme's texts are refused as field errors
// in Vietnamese and English (PostgreSQL refused them with a 500); tab, line
// feed and carriage return are text.
func TestSchemes_RefuseControlCharacters(t *testing.T) {
	good := validBody()
	good.Sections[0].Items[0].Guidance.Vi = "Dòng 1\r\nDòng 2\tcột"
	if err := assessment.ValidateBody(&good); err != nil {
		t.Fatalf("tab and new lines: %v", err)
	}
	for _, c := range []struct {
		path string
		set  func(b *assessment.Body)
	}{
		{"sections[0].items[0].text", func(b *assessment.Body) { b.Sections[0].Items[0].Text.Vi = "ghi\x00chú" }},
		{"sections[0].items[0].guidance", func(b *assessment.Body) { b.Sections[0].Items[0].Guidance.En = "bell\x07" }},
		{"sections[0].items[0].evidence", func(b *assessment.Body) { b.Sections[0].Items[0].Evidence.Vi = "sổ \x9b" }},
		{"sections[1].name", func(b *assessment.Body) { b.Sections[1].Name.Vi = "Sắp\xffxếp" }},
		{"levels[0].name", func(b *assessment.Body) { b.Levels[0].Name.En = "Pass\x1b" }},
		{"scale.labels[0].label", func(b *assessment.Body) { b.Scale.Labels[0].Label.Vi = "Không\x00" }},
	} {
		b := validBody()
		c.set(&b)
		fs := fault.FieldsOf(assessment.ValidateDraft(&b))
		if !strings.Contains(fs[c.path].Vi, "ký tự không hợp lệ") || !strings.Contains(fs[c.path].En, "invalid characters") {
			t.Errorf("%s: %v", c.path, fs)
		}
	}
	in := assessment.SchemeInput{Code: "x", Name: fault.Text{Vi: "Tên\x00", En: "\xc3\x28"}, Kind: assessment.Kind5S}
	fs := fault.FieldsOf(in.Check(true))
	if fs["name_vi"].Vi == "" || fs["name_en"].En == "" {
		t.Errorf("scheme name: %v", fs)
	}
}

// TestSchemes_ControlCharactersStored: on both databases, a NUL or bytes
// that are not UTF-8 in a scheme's name, an item's text or a version's
// note are refused as field errors (422), never a database error (500).
func TestSchemes_ControlCharactersStored(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newSchemeFixture(t, db)
		sc := f.scheme(t, "5s")
		_, ver, _ := f.svc.SchemeVersioned(f.ministry, sc.ID)
		_, _, err := f.svc.SetProperties(f.ministry, sc.ID, ver, assessment.SchemeInput{Name: fault.Text{Vi: "5S\x00"}, Kind: sc.Kind})
		if fault.FieldsOf(err)["name_vi"].Vi == "" {
			t.Errorf("NUL in a name: %v (kind %v)", err, fault.KindOf(err))
		}
		_, _, err = f.svc.CreateScheme(f.ministry, assessment.SchemeInput{Code: "nul", Name: fault.Text{Vi: "Tên \xff"}, Kind: sc.Kind})
		if fault.FieldsOf(err)["name_vi"].Vi == "" {
			t.Errorf("invalid UTF-8 in a new scheme's name: %v (kind %v)", err, fault.KindOf(err))
		}
		_, d, err := f.svc.OpenDraft(f.ministry, sc.ID)
		if err != nil {
			t.Fatal(err)
		}
		it, _, _ := d.Body.Item("s1.1")
		bad := *it
		bad.Text.Vi = "ghi\x00chú"
		_, _, err = f.svc.UpdateItem(f.ministry, sc.ID, d.Rev, "s1.1", bad)
		if fault.FieldsOf(err)["text_vi"].Vi == "" {
			t.Errorf("NUL in an item: %v (kind %v)", err, fault.KindOf(err))
		}
		_, _, err = f.svc.AddSection(f.ministry, sc.ID, d.Rev, assessment.SectionInput{Key: "s9", Name: fault.Text{Vi: "An toàn\xc3"}})
		if fault.FieldsOf(err)["name_vi"].Vi == "" {
			t.Errorf("invalid UTF-8 in a section: %v (kind %v)", err, fault.KindOf(err))
		}
		_, _, err = f.svc.PublishDraft(f.ministry, sc.ID, d.Rev, "Sửa\x00")
		if fault.FieldsOf(err)["note"].Vi == "" {
			t.Errorf("NUL in a note: %v (kind %v)", err, fault.KindOf(err))
		}
		file, _ := f.svc.Export(f.anon, sc.ID, sc.Published)
		file.Scheme.Code, file.Version.Note = "5s-nul", "ghi chú\x00"
		var buf bytes.Buffer
		_ = assessment.EncodeJSON(&buf, file)
		_, err = f.svc.Import(f.ministry, buf.Bytes(), false)
		if fault.FieldsOf(err)["version.note"].Vi == "" {
			t.Errorf("NUL in an imported note: %v (kind %v)", err, fault.KindOf(err))
		}
		if _, err := db.Assessment().FindSchemeByCode(context.Background(), "5s-nul"); !fault.Is(err, fault.NotFound) {
			t.Errorf("a refused import saved a scheme: %v", err)
		}
		if now, _ := db.Assessment().FindVersion(context.Background(), d.ID); now.Rev != d.Rev {
			t.Errorf("a refused edit moved the draft: rev %d → %d", d.Rev, now.Rev)
		}
	})
}
