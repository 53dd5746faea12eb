package contest

import (
	"context"
	"unicode/utf8"

	"nscl/internal/fault"
	"nscl/internal/filetype"
	"nscl/internal/vn"
)

// Content types of an entry's attachments.
const (
	TypePDF  = filetype.PDF
	TypeDOCX = filetype.DOCX
	TypeXLSX = filetype.XLSX
	TypeJPEG = filetype.JPEG
	TypePNG  = filetype.PNG
)

// SniffFile returns the content type of data when it is a PDF, DOCX, XLSX,
// JPEG or PNG file, judged by its content, never by its name.
func SniffFile(data []byte) (string, bool) {
	return filetype.SniffOf(data, TypePDF, TypeDOCX, TypeXLSX, TypeJPEG, TypePNG)
}

// AddEntryFile attaches a file to the actor's entry while it can be edited.
func (s *Service) AddEntryFile(ctx context.Context, id EntryID, name string, data []byte) (*EntryFile, error) {
	a, err := entrant(ctx)
	if err != nil {
		return nil, err
	}
	name = filetype.BaseName(name)
	var out *EntryFile
	err = s.store.Tx(ctx, func(tx Store) error {
		e, c, err := s.ownEntry(ctx, tx, a, id, 0)
		if err != nil {
			return err
		}
		if e.Status != EntryDraft && e.Status != EntryIncomplete {
			return fault.New(fault.Conflict, "Bài dự thi đã nộp, không đính kèm thêm được.", "The entry was submitted; no more files may be attached.")
		}
		if err := periodError(c, s.now()); err != nil {
			return err
		}
		fs, err := tx.FindEntryFiles(ctx, id)
		if err != nil {
			return err
		}
		bad := fault.Fields{}
		ct, ok := SniffFile(data)
		switch {
		case len(fs) >= MaxEntryFiles:
			bad.Add("file", "Mỗi bài dự thi tối đa 8 tệp đính kèm.", "An entry has at most 8 attachments.")
		case len(data) == 0:
			bad.Add("file", "Vui lòng chọn tệp.", "Please choose a file.")
		case len(data) > MaxEntryFileSize:
			bad.Add("file", "Tệp tối đa 10 MB.", "A file may be at most 10 MB.")
		case !ok:
			bad.Add("file", "Chỉ nhận tệp PDF, DOCX, XLSX, JPG, PNG (theo nội dung tệp, không theo tên).",
				"Only PDF, DOCX, XLSX, JPG and PNG files are taken (judged by their content, not their name).")
		case name == "" || name == "." || name == "/" || !vn.IsText(name) || utf8.RuneCountInString(name) > 200:
			bad.Add("file", "Tên tệp không hợp lệ.", "Not a valid file name.")
		}
		if err := bad.Err(); err != nil {
			return err
		}
		f := &EntryFile{EntryID: id, Name: name, ContentType: ct, Size: int64(len(data)), Data: data, UploadedBy: int64(a.UserID), UploadedAt: s.now()}
		if err := tx.CreateEntryFile(ctx, f); err != nil {
			return err
		}
		out = f
		return s.record(ctx, tx, "contest.entry_file_add", "contest_entry", int64(id), nil, f)
	})
	return out, err
}

// EntryFile returns an attachment to those who may see the entry.
func (s *Service) EntryFile(ctx context.Context, id EntryID, fid EntryFileID) (*EntryFile, error) {
	if _, err := s.Entry(ctx, id); err != nil {
		return nil, err
	}
	f, err := s.store.FindEntryFile(ctx, fid)
	if fault.Is(err, fault.NotFound) || err == nil && f.EntryID != id {
		return nil, fault.New(fault.NotFound, "Không tìm thấy tệp.", "File not found.")
	}
	return f, err
}

// RemoveEntryFile removes an attachment of the actor's editable entry.
func (s *Service) RemoveEntryFile(ctx context.Context, id EntryID, fid EntryFileID) error {
	a, err := entrant(ctx)
	if err != nil {
		return err
	}
	return s.store.Tx(ctx, func(tx Store) error {
		e, _, err := s.ownEntry(ctx, tx, a, id, 0)
		if err != nil {
			return err
		}
		if e.Status != EntryDraft && e.Status != EntryIncomplete {
			return fault.New(fault.Conflict, "Bài dự thi đã nộp, không gỡ tệp được.", "The entry was submitted; its files stay.")
		}
		f, err := tx.FindEntryFile(ctx, fid)
		if fault.Is(err, fault.NotFound) || err == nil && f.EntryID != id {
			return fault.New(fault.NotFound, "Không tìm thấy tệp.", "File not found.")
		}
		if err != nil {
			return err
		}
		if err := tx.DeleteEntryFile(ctx, fid); err != nil {
			return err
		}
		f.Data = nil
		return s.record(ctx, tx, "contest.entry_file_remove", "contest_entry", int64(id), f, nil)
	})
}
