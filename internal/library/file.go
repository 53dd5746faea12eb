package library

import (
	"context"
	"strings"

	"nscl/internal/fault"
	"nscl/internal/filetype"
)

// Template limits: at most MaxFiles per guide, each at most MaxFileSize.
const (
	MaxFiles    = 10
	MaxFileSize = 10 << 20
)

// Content types of the templates a guide offers.
const (
	TypePDF  = filetype.PDF
	TypeDOCX = filetype.DOCX
	TypeXLSX = filetype.XLSX
	TypePPTX = filetype.PPTX
)

var extOf = map[string]string{TypePDF: ".pdf", TypeDOCX: ".docx", TypeXLSX: ".xlsx", TypePPTX: ".pptx"}

var errFileNotFound = fault.New(fault.NotFound, "Không tìm thấy biểu mẫu.", "Template not found.")

// SniffTemplate returns the content type of data when it is a PDF, DOCX,
// XLSX or PPTX file, judged by its content.
func SniffTemplate(data []byte) (string, bool) {
	return filetype.SniffOf(data, TypePDF, TypeDOCX, TypeXLSX, TypePPTX)
}

// AddFile adds a downloadable template to a guide: a PDF, DOCX, XLSX or
// PPTX of at most MaxFileSize whose name's extension matches its content.
func (s *Service) AddFile(ctx context.Context, id GuideID, name string, data []byte) (*GuideFile, error) {
	a, err := editor(ctx)
	if err != nil {
		return nil, err
	}
	name = filetype.BaseName(name)
	bad := fault.Fields{}
	checkText(bad, "file", &name, 200, true, fault.Text{Vi: "tên tệp", En: "the file's name"})
	if err := bad.Err(); err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, fieldErr("file", "Vui lòng chọn một tệp.", "Please choose a file.")
	}
	if len(data) > MaxFileSize {
		return nil, fieldErr("file", "Tệp quá lớn (tối đa 10 MB).", "The file is too large (at most 10 MB).")
	}
	ct, ok := SniffTemplate(data)
	if !ok || !strings.HasSuffix(strings.ToLower(name), extOf[ct]) {
		return nil, fieldErr("file", "Chỉ nhận biểu mẫu DOCX, XLSX, PPTX hoặc PDF (đuôi tệp đúng với nội dung).",
			"Only DOCX, XLSX, PPTX or PDF templates are accepted (the extension matching the content).")
	}
	f := &GuideFile{GuideID: id, Name: name, ContentType: ct, Size: int64(len(data)), Data: data, UploadedBy: a.UserID, UploadedAt: s.now()}
	err = s.store.Tx(ctx, func(tx Store) error {
		if _, err := s.editableGuide(ctx, tx, a, id, -1); err != nil {
			return err
		}
		fs, err := tx.FindFiles(ctx, id)
		if err != nil {
			return err
		}
		if len(fs) >= MaxFiles {
			return fieldErr("file", "Mỗi bài hướng dẫn có tối đa 10 biểu mẫu.", "A guide has at most 10 templates.")
		}
		if err := tx.CreateFile(ctx, f); err != nil {
			return err
		}
		return s.record(ctx, tx, "library.file_add", "library_guide", int64(id), nil, f)
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// GuideFile returns a template with its data to whoever sees its guide.
func (s *Service) File(ctx context.Context, id GuideID, fid FileID) (*GuideFile, error) {
	if _, err := s.Guide(ctx, id); err != nil {
		return nil, err
	}
	f, err := s.store.FindFile(ctx, fid)
	if fault.Is(err, fault.NotFound) || err == nil && f.GuideID != id {
		return nil, errFileNotFound
	}
	return f, err
}

// RemoveFile deletes a guide's template.
func (s *Service) RemoveFile(ctx context.Context, id GuideID, fid FileID) error {
	a, err := editor(ctx)
	if err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx Store) error {
		if _, err := s.editableGuide(ctx, tx, a, id, -1); err != nil {
			return err
		}
		f, err := tx.FindFile(ctx, fid)
		if fault.Is(err, fault.NotFound) || err == nil && f.GuideID != id {
			return errFileNotFound
		}
		if err != nil {
			return err
		}
		if err := tx.DeleteFile(ctx, fid); err != nil {
			return err
		}
		f.Data = nil
		return s.record(ctx, tx, "library.file_remove", "library_guide", int64(id), f, nil)
	})
}
