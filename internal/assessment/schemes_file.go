package assessment

// Import and export of a scheme version as a file: JSON (this file) or
// XLSX (schemes_xlsx.go). A file holds the scheme's properties, the
// version's number, status and note, and the body. An import is checked
// whole — the file's structure, the properties and the body — and every
// problem is listed by path; nothing is saved when there is one.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"nscl/internal/fault"
)

// The file format.
const (
	FileFormat        = "nscl.assessment-scheme"
	FileFormatVersion = 1
	// MaxImportSize bounds an imported file.
	MaxImportSize = 2 << 20
)

// SchemeFile is a scheme version as a file.
type SchemeFile struct {
	Format        string      `json:"format"`
	FormatVersion int         `json:"format_version"`
	Scheme        SchemeInput `json:"scheme"`
	Version       FileVersion `json:"version"`
	Body          Body        `json:"body"`
}

// FileVersion is the version a file was exported from (ignored on import
// but for the note).
type FileVersion struct {
	No          int           `json:"no,omitempty"`
	Status      VersionStatus `json:"status,omitempty"`
	Note        string        `json:"note,omitempty"`
	PublishedAt *time.Time    `json:"published_at,omitempty"`
}

// FileOf is the file of version v of sc.
func FileOf(sc *Scheme, v *Version) *SchemeFile {
	return &SchemeFile{Format: FileFormat, FormatVersion: FileFormatVersion,
		Scheme:  SchemeInput{Code: sc.Code, Name: sc.Name, Kind: sc.Kind, Tools: sc.Tools, ValidityMonths: sc.ValidityMonths},
		Version: FileVersion{No: v.No, Status: v.Status, Note: v.Note, PublishedAt: v.PublishedAt},
		Body:    cloneBody(v.Body)}
}

// Export returns version vid of scheme id as a file, if the actor sees it.
func (s *Service) Export(ctx context.Context, id SchemeID, vid VersionID) (*SchemeFile, error) {
	sc, v, err := s.Version(ctx, id, vid)
	if err != nil {
		return nil, err
	}
	return FileOf(sc, v), nil
}

// EncodeJSON writes f as indented JSON.
func EncodeJSON(w io.Writer, f *SchemeFile) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(f)
}

// importError is an Invalid error of an import with one field.
func importError(path, vi, en string) error {
	return fault.New(fault.Invalid, "Tệp không nhập được.", "The file cannot be imported.").Field(path, vi, en)
}

// DecodeFile reads a file as JSON or XLSX (by its content), without
// checking what it says (CheckFile does). With an error it may still
// return what it could read (an XLSX file's cells that are not numbers).
func DecodeFile(data []byte) (*SchemeFile, error) {
	if len(data) > MaxImportSize {
		return nil, importError("file", fmt.Sprintf("Tệp lớn quá %d MB.", MaxImportSize>>20), fmt.Sprintf("The file is larger than %d MB.", MaxImportSize>>20))
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	switch {
	case len(data) == 0:
		return nil, importError("file", "Tệp rỗng.", "The file is empty.")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return decodeXLSX(data)
	case bytes.HasPrefix(trimmed, []byte("{")):
		return decodeJSON(trimmed)
	}
	return nil, importError("file", "Chỉ nhập được tệp JSON hoặc XLSX xuất từ hệ thống.", "Only JSON or XLSX files exported from the platform can be imported.")
}

func decodeJSON(data []byte) (*SchemeFile, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f SchemeFile
	if err := dec.Decode(&f); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			line, col := lineCol(data, syn.Offset)
			return nil, importError("file", fmt.Sprintf("JSON không hợp lệ ở dòng %d, cột %d.", line, col),
				fmt.Sprintf("Invalid JSON at line %d, column %d.", line, col))
		case errors.As(err, &typ):
			path := typ.Field
			if path == "" {
				path = "file"
			}
			return nil, importError(path, fmt.Sprintf("%s: kiểu dữ liệu sai (cần %s).", path, typ.Type.String()),
				fmt.Sprintf("%s: wrong type (%s expected).", path, typ.Type.String()))
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			name := strings.TrimPrefix(err.Error(), "json: unknown field ")
			return nil, importError("file", "Trường không được hỗ trợ: "+name+".", "Unsupported field: "+name+".")
		case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
			return nil, importError("file", "Tệp JSON bị cắt cụt.", "The JSON file is truncated.")
		}
		return nil, importError("file", "JSON không hợp lệ.", "Invalid JSON.")
	}
	if dec.More() {
		return nil, importError("file", "Tệp chứa nhiều hơn một bộ tiêu chí.", "The file holds more than one scheme.")
	}
	return &f, nil
}

// lineCol is the 1-based line and column of byte offset off in data.
func lineCol(data []byte, off int64) (int, int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// CheckFile validates what a file says: its format, the scheme's
// properties ("scheme.code", …) and the body (complete, as for
// publishing). Every problem is listed.
func CheckFile(f *SchemeFile) error {
	all := map[string]fault.Text{}
	if f.Format != FileFormat || f.FormatVersion != FileFormatVersion {
		all["format"] = fault.Text{Vi: fmt.Sprintf("Tệp không đúng định dạng %s phiên bản %d.", FileFormat, FileFormatVersion),
			En: fmt.Sprintf("The file is not in the %s format, version %d.", FileFormat, FileFormatVersion)}
	}
	f.Scheme.normalize()
	for k, v := range fault.FieldsOf(f.Scheme.Check(true)) {
		all["scheme."+k] = v
	}
	for k, v := range fault.FieldsOf(ValidateBody(&f.Body)) {
		all[k] = v
	}
	if len(all) == 0 {
		return nil
	}
	err := fault.New(fault.Invalid, fmt.Sprintf("Tệp có %d lỗi; không có gì được lưu.", len(all)),
		fmt.Sprintf("The file has %d errors; nothing was saved.", len(all)))
	err.Fields = all
	return err
}

// ParseFile decodes and checks a file: every problem of either step is
// listed in one Invalid error.
func ParseFile(data []byte) (*SchemeFile, error) {
	f, err := DecodeFile(data)
	if f == nil {
		return nil, err
	}
	cerr := CheckFile(f)
	if err == nil {
		return f, cerr
	}
	if cerr == nil {
		return nil, err
	}
	all := map[string]fault.Text{}
	for k, v := range fault.FieldsOf(err) {
		all[k] = v
	}
	for k, v := range fault.FieldsOf(cerr) {
		if _, ok := all[k]; !ok {
			all[k] = v
		}
	}
	fe := fault.New(fault.Invalid, fmt.Sprintf("Tệp có %d lỗi; không có gì được lưu.", len(all)),
		fmt.Sprintf("The file has %d errors; nothing was saved.", len(all)))
	fe.Fields = all
	return nil, fe
}

// ImportResult says what an import did.
type ImportResult struct {
	Scheme  *Scheme  `json:"scheme"`
	Version *Version `json:"version"`
	Created bool     `json:"created" doc:"Bộ tiêu chí mới (a new scheme) hay bản nháp của bộ có sẵn (or the draft of an existing one)"`
}

// Import reads a JSON or XLSX file and saves it as a new scheme (its
// draft version 1) or, when its code exists, as the draft of that scheme
// (its properties too). An existing draft is replaced only when replace is
// set. Nothing is saved on any error. Managers.
func (s *Service) Import(ctx context.Context, data []byte, replace bool) (*ImportResult, error) {
	a, err := manager(ctx)
	if err != nil {
		return nil, err
	}
	f, err := ParseFile(data)
	if err != nil {
		return nil, err
	}
	note := strings.TrimSpace(f.Version.Note)
	if len([]rune(note)) > MaxNoteLen {
		note = string([]rune(note)[:MaxNoteLen])
	}
	sc, err := s.store.FindSchemeByCode(ctx, f.Scheme.Code)
	if fault.Is(err, fault.NotFound) {
		sc, v, err := s.createScheme(ctx, a, f.Scheme, f.Body, note, "assessment.scheme.import")
		if err != nil {
			return nil, err
		}
		return &ImportResult{Scheme: sc, Version: v, Created: true}, nil
	}
	if err != nil {
		return nil, err
	}
	var v *Version
	err = s.store.Tx(ctx, func(tx Store) error {
		var err error
		if sc, err = tx.FindScheme(ctx, sc.ID); err != nil {
			return err
		}
		before := map[string]any{"draft_version_id": sc.DraftID}
		if sc.DraftID != 0 {
			if !replace {
				return fault.New(fault.Conflict, "Bộ tiêu chí "+sc.Code+" đang có bản nháp. Chọn “Thay bản nháp” để thay nó bằng tệp này.",
					"Scheme "+sc.Code+" has a draft. Choose “Replace the draft” to replace it with this file.").
					Field("replace", "Bộ tiêu chí đang có bản nháp.", "The scheme has a draft.")
			}
			if v, err = tx.FindVersion(ctx, sc.DraftID); err != nil {
				return err
			}
			before["items"] = v.Body.ItemCount()
			v.Body, v.Note, v.UpdatedAt = f.Body, note, s.now()
			if err := tx.UpdateDraft(ctx, v); err != nil {
				return err
			}
		} else {
			v = &Version{SchemeID: sc.ID, Status: VersionDraft, Body: f.Body, Note: note, CreatedBy: a.UserID, CreatedAt: s.now()}
			if err := tx.CreateDraft(ctx, v); err != nil {
				return err
			}
			sc.DraftID = v.ID
		}
		sc.Name, sc.Kind, sc.Tools, sc.ValidityMonths, sc.UpdatedAt = f.Scheme.Name, f.Scheme.Kind, f.Scheme.Tools, f.Scheme.ValidityMonths, s.now()
		if err := tx.UpdateScheme(ctx, sc); err != nil {
			return err
		}
		return s.record(ctx, tx, "assessment.scheme.import", "assessment_scheme", int64(sc.ID), before,
			map[string]any{"version_id": v.ID, "version": v.No, "items": f.Body.ItemCount(), "properties": f.Scheme})
	})
	if err != nil {
		return nil, err
	}
	return &ImportResult{Scheme: sc, Version: v}, nil
}
