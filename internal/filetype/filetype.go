// Package filetype tells the type of an uploaded document by its content,
// never by its name: the attachments of proposals and contest entries, and
// the templates of the guides.
package filetype

import (
	"archive/zip"
	"bytes"
	"net/http"
	"path"
	"strings"

	"nscl/internal/vn"
)

// The content types the platform takes.
const (
	PDF  = "application/pdf"
	DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	JPEG = "image/jpeg"
	PNG  = "image/png"
)

// Sniff returns the content type of data when it is one of those above,
// judged by its content: a DOCX, XLSX or PPTX is a zip holding
// word/document.xml, xl/workbook.xml or ppt/presentation.xml.
func Sniff(data []byte) (string, bool) {
	switch ct := http.DetectContentType(data); ct {
	case PDF, JPEG, PNG:
		return ct, true
	case "application/zip":
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return "", false
		}
		for _, f := range zr.File {
			switch f.Name {
			case "word/document.xml":
				return DOCX, true
			case "xl/workbook.xml":
				return XLSX, true
			case "ppt/presentation.xml":
				return PPTX, true
			}
		}
	}
	return "", false
}

// SniffOf is Sniff limited to the types in allowed.
func SniffOf(data []byte, allowed ...string) (string, bool) {
	ct, ok := Sniff(data)
	if !ok {
		return "", false
	}
	for _, a := range allowed {
		if a == ct {
			return ct, true
		}
	}
	return "", false
}

// BaseName is the name of an uploaded file as stored and shown: the last
// part of the name the browser sent, whatever its path separators (some
// send C:\…\file.pdf), in NFC, trimmed. The caller checks what is left.
func BaseName(name string) string {
	return strings.TrimSpace(vn.NFC(path.Base(strings.ReplaceAll(name, `\`, "/"))))
}
