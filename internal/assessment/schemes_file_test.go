package assessment_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"nscl/internal/assessment"
	"nscl/internal/fault"
)

func shippedFile(t *testing.T, code string) *assessment.SchemeFile {
	t.Helper()
	for _, sh := range assessment.ShippedSchemes() {
		if sh.Scheme.Code == code {
			at := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
			return assessment.FileOf(&sh.Scheme, &assessment.Version{No: 1, Status: assessment.VersionPublished, Note: sh.Note, PublishedAt: &at, Body: sh.Body})
		}
	}
	t.Fatalf("no shipped scheme %s", code)
	return nil
}

// TestSchemeFile_RoundTrip exports each shipped scheme as JSON and as XLSX
// and reads it back to the same scheme and body.
func TestSchemeFile_RoundTrip(t *testing.T) {
	for _, code := range []string{"5s", "kaizen-lean-tpm", "gtclqg-1000"} {
		f := shippedFile(t, code)
		// An item with its own scale and labels travels too.
		f.Body.Sections[0].Items[0].Scale = &assessment.Scale{Min: 0, Max: 2, Labels: []assessment.ScaleLabel{{Value: 2, Label: fault.Text{Vi: "Có", En: "Yes"}}}}
		for _, format := range []string{"json", "xlsx"} {
			var buf bytes.Buffer
			var err error
			if format == "json" {
				err = assessment.EncodeJSON(&buf, f)
			} else {
				err = assessment.EncodeXLSX(&buf, f)
			}
			if err != nil {
				t.Fatalf("%s %s: %v", code, format, err)
			}
			got, err := assessment.ParseFile(buf.Bytes())
			if err != nil {
				t.Fatalf("%s %s: %v %v", code, format, err, fault.FieldsOf(err))
			}
			if d := cmp.Diff(f.Body, got.Body); d != "" {
				t.Errorf("%s %s body (-want +got):\n%s", code, format, d)
			}
			if d := cmp.Diff(f.Scheme, got.Scheme); d != "" {
				t.Errorf("%s %s scheme (-want +got):\n%s", code, format, d)
			}
			if got.Version.Note != f.Version.Note || got.Version.No != 1 {
				t.Errorf("%s %s version = %+v", code, format, got.Version)
			}
		}
	}
}

// TestSchemeFile_XLSXTextNeverFormula: a text starting with "=" is written
// as an inline string, not a formula.
func TestSchemeFile_XLSXTextNeverFormula(t *testing.T) {
	f := shippedFile(t, "5s")
	f.Body.Sections[0].Items[0].Text.Vi = "=HYPERLINK(\"http://x\")"
	var buf bytes.Buffer
	if err := assessment.EncodeXLSX(&buf, f); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if strings.Join(sheets, "|") != "Bộ tiêu chí|Phần|Tiêu chí|Mức|Thang điểm" {
		t.Fatalf("sheets = %v", sheets)
	}
	rows, _ := x.GetRows("Tiêu chí")
	for r := range rows {
		for c := range rows[r] {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if fm, _ := x.GetCellFormula("Tiêu chí", cell); fm != "" {
				t.Fatalf("formula in %s: %q", cell, fm)
			}
		}
	}
	if v, _ := x.GetCellValue("Tiêu chí", "C2"); v != f.Body.Sections[0].Items[0].Text.Vi {
		t.Fatalf("C2 = %q", v)
	}
}

// TestSchemeFile_Broken: broken files are refused with every error listed
// by path.
func TestSchemeFile_Broken(t *testing.T) {
	good := shippedFile(t, "5s")
	var raw bytes.Buffer
	if err := assessment.EncodeJSON(&raw, good); err != nil {
		t.Fatal(err)
	}
	// A JSON file with several problems: all of them are listed.
	var m map[string]any
	if err := json.Unmarshal(raw.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	body := m["body"].(map[string]any)
	body["scale"] = map[string]any{"min": 4, "max": 0}
	secs := body["sections"].([]any)
	secs[1].(map[string]any)["items"].([]any)[0].(map[string]any)["key"] = "s1.1"
	m["scheme"].(map[string]any)["code"] = "Bad Code"
	m["scheme"].(map[string]any)["kind"] = "other"
	broken, _ := json.Marshal(m)
	_, err := assessment.ParseFile(broken)
	fs := fault.FieldsOf(err)
	for _, p := range []string{"scale.max", "sections[1].items[0].key", "scheme.code", "scheme.kind"} {
		if _, ok := fs[p]; !ok {
			t.Errorf("missing %s in %v", p, fs)
		}
	}
	if !strings.Contains(fault.MessageOf(err).Vi, "4 lỗi") {
		t.Errorf("message = %q", fault.MessageOf(err).Vi)
	}

	for name, c := range map[string]struct {
		data []byte
		path string
		vi   string
	}{
		"empty":      {nil, "file", "rỗng"},
		"not a file": {[]byte("hello"), "file", "JSON hoặc XLSX"},
		"syntax":     {[]byte("{\n  \"format\": \"nscl.assessment-scheme\",\n  \"body\": {,}\n}"), "file", "dòng 3"},
		"truncated":  {raw.Bytes()[:200], "file", "cắt cụt"},
		"wrong type": {[]byte(`{"format":"nscl.assessment-scheme","format_version":1,"body":{"scale":{"min":"zero"}}}`), "body.scale.min", "kiểu dữ liệu sai"},
		"unknown":    {[]byte(`{"format":"nscl.assessment-scheme","formatversion":1}`), "file", "formatversion"},
		"too large":  {append([]byte("{"), bytes.Repeat([]byte(" "), assessment.MaxImportSize)...), "file", "lớn quá"},
		"bad zip":    {[]byte("PK\x03\x04garbage"), "file", "XLSX"},
		"format":     {[]byte(`{"format":"other","format_version":1}`), "format", "định dạng"},
	} {
		_, err := assessment.ParseFile(c.data)
		msg, ok := fault.FieldsOf(err)[c.path]
		if !fault.Is(err, fault.Invalid) || !ok || !strings.Contains(msg.Vi, c.vi) {
			t.Errorf("%s: %v %v", name, err, fault.FieldsOf(err))
		}
	}

	// An XLSX file with a number cell that is not a number and a missing
	// section: both listed, with the validator's problems.
	f := shippedFile(t, "5s")
	var xb bytes.Buffer
	if err := assessment.EncodeXLSX(&xb, f); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&xb)
	if err != nil {
		t.Fatal(err)
	}
	_ = x.SetCellValue("Tiêu chí", "I2", "nhiều")
	_ = x.SetCellValue("Tiêu chí", "A3", "s9")
	_ = x.SetCellValue("Mức", "D2", "150")
	var out bytes.Buffer
	if err := x.Write(&out); err != nil {
		t.Fatal(err)
	}
	x.Close()
	_, err = assessment.ParseFile(out.Bytes())
	fs = fault.FieldsOf(err)
	for _, p := range []string{"Tiêu chí!I2", "Tiêu chí!A3", "levels[0].min_pct"} {
		if _, ok := fs[p]; !ok {
			t.Errorf("xlsx: missing %s in %v", p, fs)
		}
	}
}
