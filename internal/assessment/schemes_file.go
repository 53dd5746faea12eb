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
	"reflect"
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
	var e BodyErrors
	f := decodeInto(&e, data)
	return f, e.fileErr()
}

// decodeInto reads a file as DecodeFile does, adding its problems to e; nil
// when nothing could be read.
func decodeInto(e *BodyErrors, data []byte) *SchemeFile {
	if len(data) > MaxImportSize {
		e.add("file", fmt.Sprintf("Tệp lớn quá %d MB.", MaxImportSize>>20), fmt.Sprintf("The file is larger than %d MB.", MaxImportSize>>20))
		return nil
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	switch {
	case len(data) == 0:
		e.add("file", "Tệp rỗng.", "The file is empty.")
		return nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return decodeXLSX(e, data)
	case bytes.HasPrefix(trimmed, []byte("{")):
		f, err := decodeJSON(e, trimmed)
		e.addErr(err)
		return f
	}
	e.add("file", "Chỉ nhập được tệp JSON hoặc XLSX xuất từ hệ thống.", "Only JSON or XLSX files exported from the platform can be imported.")
	return nil
}

// fileJSON is SchemeFile as a JSON file is read: the lists of the body
// keep one element past their bound and count the others (a 2 MB file of
// 700,000 empty sections must not make 700,000 sections).
type fileJSON struct {
	Format        string      `json:"format"`
	FormatVersion int         `json:"format_version"`
	Scheme        SchemeInput `json:"scheme"`
	Version       FileVersion `json:"version"`
	Body          struct {
		Scale     Scale                   `json:"scale"`
		MaxPoints float64                 `json:"max_points,omitempty"`
		Sections  cappedList[sectionJSON] `json:"sections"`
		Levels    cappedList[Level]       `json:"levels"`
	} `json:"body"`
}

// sectionJSON is a Section as read, its items capped.
type sectionJSON struct {
	Key    string           `json:"key"`
	Name   fault.Text       `json:"name"`
	Weight float64          `json:"weight"`
	Items  cappedList[Item] `json:"items"`
}

// cappedList is a JSON list read up to listCap elements; N counts them all.
type cappedList[T any] struct {
	List []T
	N    int
}

// listCap bounds every list of a body as read: past MaxItems (the largest
// bound) a list is refused whatever it holds.
const listCap = MaxItems + 1

// UnmarshalJSON reads the first listCap elements and skips the others,
// counting them.
func (c *cappedList[T]) UnmarshalJSON(data []byte) error {
	if bytes.Equal(data, []byte("null")) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if t, err := dec.Token(); err != nil {
		return err
	} else if d, ok := t.(json.Delim); !ok || d != '[' {
		return &json.UnmarshalTypeError{Value: "value", Type: reflect.TypeFor[[]T]()}
	}
	c.List, c.N = nil, 0
	for dec.More() {
		c.N++
		if len(c.List) < listCap {
			var v T
			if err := dec.Decode(&v); err != nil {
				return err
			}
			c.List = append(c.List, v)
			continue
		}
		if err := skipJSON(dec); err != nil {
			return err
		}
	}
	return nil
}

// skipJSON reads past one value.
func skipJSON(dec *json.Decoder) error {
	depth := 0
	for {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := t.(json.Delim); ok {
			if d == '[' || d == '{' {
				depth++
			} else {
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}

// decodeJSON reads a JSON file; the lists longer than their bound are
// problems added to e (with their length: the file keeps only a few of
// their elements).
func decodeJSON(e *BodyErrors, data []byte) (*SchemeFile, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var fj fileJSON
	if err := dec.Decode(&fj); err != nil {
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
	f := &SchemeFile{Format: fj.Format, FormatVersion: fj.FormatVersion, Scheme: fj.Scheme, Version: fj.Version,
		Body: Body{Scale: fj.Body.Scale, MaxPoints: fj.Body.MaxPoints, Levels: fj.Body.Levels.List}}
	if n := fj.Body.Sections.N; n > MaxSections {
		e.add("sections", fmt.Sprintf("Tối đa %d phần (tệp có %s).", MaxSections, thousands(n)),
			fmt.Sprintf("At most %d sections (the file has %s).", MaxSections, thousands(n)))
	}
	if n := fj.Body.Levels.N; n > MaxLevels {
		e.add("levels", fmt.Sprintf("Tối đa %d mức (tệp có %s).", MaxLevels, thousands(n)),
			fmt.Sprintf("At most %d levels (the file has %s).", MaxLevels, thousands(n)))
	}
	items := 0
	for _, sj := range fj.Body.Sections.List {
		items += sj.Items.N
		f.Body.Sections = append(f.Body.Sections, Section{Key: sj.Key, Name: sj.Name, Weight: sj.Weight, Items: sj.Items.List})
	}
	if items > MaxItems {
		e.add("items", fmt.Sprintf("Tối đa %d tiêu chí trong bộ tiêu chí (tệp có %s).", MaxItems, thousands(items)),
			fmt.Sprintf("At most %d items in a scheme (the file has %s).", MaxItems, thousands(items)))
	}
	return f, nil
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
// properties ("scheme.code", …), the version's note and the body
// (complete, as for publishing). Every problem is listed, up to
// MaxFieldErrors.
func CheckFile(f *SchemeFile) error {
	var e BodyErrors
	checkFileInto(&e, f)
	return e.fileErr()
}

// checkFileInto adds the problems of what f says to e.
func checkFileInto(e *BodyErrors, f *SchemeFile) {
	if f.Format != FileFormat || f.FormatVersion != FileFormatVersion {
		e.add("format", fmt.Sprintf("Tệp không đúng định dạng %s phiên bản %d.", FileFormat, FileFormatVersion),
			fmt.Sprintf("The file is not in the %s format, version %d.", FileFormat, FileFormatVersion))
	}
	f.Scheme.normalize()
	fs := fault.FieldsOf(f.Scheme.Check(true))
	for _, k := range []string{"code", "name_vi", "name_en", "kind", "tools", "validity_months"} {
		if t, ok := fs[k]; ok {
			e.add("scheme."+k, t.Vi, t.En)
		}
	}
	if badText(f.Version.Note) {
		e.add("version.note", "Ghi chú chứa ký tự không hợp lệ (ký tự điều khiển hoặc không phải UTF-8).",
			"The note contains invalid characters (control characters or bytes that are not UTF-8).")
	}
	checkBodyInto(e, &f.Body, bodyComplete)
}

// ParseFile decodes and checks a file: every problem of either step is
// listed in one Invalid error (up to MaxFieldErrors).
func ParseFile(data []byte) (*SchemeFile, error) {
	var e BodyErrors
	f := decodeInto(&e, data)
	if f == nil {
		return nil, e.fileErr()
	}
	decoded := e.count() == 0
	checkFileInto(&e, f)
	if e.count() == 0 {
		return f, nil
	}
	if decoded {
		return f, e.fileErr()
	}
	return nil, e.fileErr()
}

// ImportResult says what an import did.
type ImportResult struct {
	Scheme  *Scheme  `json:"scheme"`
	Version *Version `json:"version"`
	Created bool     `json:"created" doc:"Bộ tiêu chí mới (a new scheme) hay bản nháp của bộ có sẵn (or the draft of an existing one)"`
	// Properties says that the file changed an existing scheme's name,
	// kind, tools or validity: they are the scheme's own and took effect at
	// once (the body waits in the draft for publication).
	Properties bool `json:"properties_changed,omitempty" doc:"Tên, loại, công cụ, thời hạn của bộ có sẵn đã đổi theo tệp, có hiệu lực ngay (the existing scheme's properties changed, in force at once)"`
}

// Import reads a JSON or XLSX file and saves it as a new scheme (its
// draft version 1) or, when its code exists, as the draft of that scheme;
// the file's properties (name, kind, tools, validity) then become the
// scheme's at once, as SetProperties does. An existing draft is replaced
// only when replace is set. Nothing is saved on any error. Managers.
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
	id := sc.ID
	res := &ImportResult{}
	err = s.store.Tx(ctx, func(tx Store) error {
		cur, err := lockScheme(ctx, tx, id)
		if err != nil {
			return err
		}
		if sc, err = tx.FindScheme(ctx, id); err != nil {
			return err
		}
		var v *Version
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
				if fault.Is(err, fault.Conflict) {
					return errDraftStale
				}
				return err
			}
		} else {
			v = &Version{SchemeID: sc.ID, Status: VersionDraft, Body: f.Body, Note: note, CreatedBy: a.UserID, CreatedAt: s.now()}
			if err := tx.CreateDraft(ctx, v); err != nil {
				if fault.Is(err, fault.Conflict) {
					return errDraftStale
				}
				return err
			}
			sc.DraftID = v.ID
		}
		after := map[string]any{"version_id": v.ID, "version": v.No, "items": f.Body.ItemCount()}
		props := SchemeInput{Name: f.Scheme.Name, Kind: f.Scheme.Kind, Tools: f.Scheme.Tools, ValidityMonths: f.Scheme.ValidityMonths}
		if propsOf(sc) != propsOf(&Scheme{Name: props.Name, Kind: props.Kind, Tools: props.Tools, ValidityMonths: props.ValidityMonths}) {
			before["properties"] = SchemeInput{Name: sc.Name, Kind: sc.Kind, Tools: sc.Tools, ValidityMonths: sc.ValidityMonths}
			sc.Name, sc.Kind, sc.Tools, sc.ValidityMonths, sc.UpdatedAt = props.Name, props.Kind, props.Tools, props.ValidityMonths, s.now()
			next, err := tx.UpdateScheme(ctx, sc, cur)
			if err != nil {
				return err
			}
			after["properties"], after["scheme_version"], after["effective"] = props, next, propertiesEffective
			res.Properties = true
		}
		res.Scheme, res.Version = sc, v
		return s.record(ctx, tx, "assessment.scheme.import", "assessment_scheme", int64(sc.ID), before, after)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
