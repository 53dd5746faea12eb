package filetype

import (
	"archive/zip"
	"bytes"
	"testing"
)

func zipOf(t *testing.T, name string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("<x/>")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestSniff: the content decides, not the name; a zip that is not an
// Office document and plain text are refused; SniffOf keeps to its list.
func TestSniff(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		data []byte
		want string
		ok   bool
	}{
		{"pdf", []byte("%PDF-1.7\n1 0 obj"), PDF, true},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), PNG, true},
		{"jpeg", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), JPEG, true},
		{"docx", zipOf(t, "word/document.xml"), DOCX, true},
		{"xlsx", zipOf(t, "xl/workbook.xml"), XLSX, true},
		{"pptx", zipOf(t, "ppt/presentation.xml"), PPTX, true},
		{"other zip", zipOf(t, "readme.txt"), "", false},
		{"text", []byte("<html><script>alert(1)</script>"), "", false},
		{"broken zip", []byte("PK\x03\x04garbage"), "", false},
	} {
		got, ok := Sniff(tc.data)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: Sniff = %q, %v; want %q, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
	if _, ok := SniffOf(zipOf(t, "ppt/presentation.xml"), PDF, DOCX, XLSX, JPEG, PNG); ok {
		t.Error("SniffOf took a PPTX outside its list")
	}
	if ct, ok := SniffOf([]byte("%PDF-1.4"), PDF); !ok || ct != PDF {
		t.Errorf("SniffOf(pdf) = %q, %v", ct, ok)
	}
}

// TestBaseName: the last part of any path, in NFC, trimmed.
func TestBaseName(t *testing.T) {
	for in, want := range map[string]string{
		`C:\Users\an\Báo cáo.pdf`: "Báo cáo.pdf",
		"/tmp/x/bang-tinh.xlsx":   "bang-tinh.xlsx",
		"  ke-hoach.docx ":        "ke-hoach.docx",
		"Ba\u0301o ca\u0301o.pdf": "Báo cáo.pdf",
		"":                        ".",
	} {
		if got := BaseName(in); got != want {
			t.Errorf("BaseName(%q) = %q, want %q", in, got, want)
		}
	}
}
