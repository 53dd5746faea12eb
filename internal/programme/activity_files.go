package programme

import (
	"context"
	"unicode/utf8"

	"nscl/internal/fault"
	"nscl/internal/filetype"
)

// Attachment limits: at most 5 files of at most 10 MB each.
const (
	MaxAttachments    = 5
	MaxAttachmentSize = 10 << 20
)

// Content types of the attachments a proposal takes.
const (
	TypePDF  = filetype.PDF
	TypeDOCX = filetype.DOCX
	TypeXLSX = filetype.XLSX
	TypeJPEG = filetype.JPEG
	TypePNG  = filetype.PNG
)

// SniffAttachment returns the content type of data when it is a PDF, DOCX,
// XLSX, JPEG or PNG file, judged by its content (never by its name).
func SniffAttachment(data []byte) (string, bool) {
	return filetype.SniffOf(data, TypePDF, TypeDOCX, TypeXLSX, TypeJPEG, TypePNG)
}

// AddAttachment attaches a file to a draft proposal (its proposer only).
func (s *Service) AddAttachment(ctx context.Context, id ActivityID, name string, data []byte) (*File, error) {
	name = filetype.BaseName(name)
	now := s.now()
	var out *File
	err := s.store.Tx(ctx, func(tx Store) error {
		actor, a, _, x, err := s.loadLocked(ctx, tx, id)
		if err != nil {
			return err
		}
		if !x.proposer {
			return actForbidden("Chỉ đơn vị đề xuất được đính kèm tệp.", "Only the proposer may attach files.")
		}
		if !a.Status.Editable() {
			return fault.New(fault.Conflict, "Hồ sơ đã nộp, không đính kèm thêm được.", "The proposal was submitted; no more files may be attached.")
		}
		fs, err := tx.FindActivityFiles(ctx, id)
		if err != nil {
			return err
		}
		bad := fault.Fields{}
		ct, ok := SniffAttachment(data)
		switch {
		case len(fs) >= MaxAttachments:
			bad.Add("file", "Mỗi hồ sơ tối đa 5 tệp đính kèm.", "A proposal has at most 5 attachments.")
		case len(data) == 0:
			bad.Add("file", "Vui lòng chọn tệp.", "Please choose a file.")
		case len(data) > MaxAttachmentSize:
			bad.Add("file", "Tệp tối đa 10 MB.", "A file may be at most 10 MB.")
		case !ok:
			bad.Add("file", "Chỉ nhận tệp PDF, DOCX, XLSX, JPG, PNG (theo nội dung tệp, không theo tên).",
				"Only PDF, DOCX, XLSX, JPG and PNG files are taken (judged by their content, not their name).")
		case name == "" || name == "." || utf8.RuneCountInString(name) > 200:
			bad.Add("file", "Tên tệp không hợp lệ.", "Not a valid file name.")
		}
		if err := bad.Err(); err != nil {
			return err
		}
		f := &File{ActivityID: id, Name: name, ContentType: ct, Size: int64(len(data)), Data: data, UploadedBy: actor.UserID, UploadedAt: now}
		if err := tx.CreateActivityFile(ctx, f); err != nil {
			return err
		}
		out = f
		return s.actAudit(ctx, tx, now, "activity.file_add", id, nil, f)
	})
	return out, err
}

// Attachment returns a file of an activity the actor may see, with its
// data (NotFound otherwise).
func (s *Service) Attachment(ctx context.Context, id ActivityID, fid FileID) (*File, error) {
	if _, _, _, _, err := s.loadActivity(ctx, s.store, id); err != nil {
		return nil, err
	}
	f, err := s.store.FindActivityFile(ctx, fid)
	if fault.Is(err, fault.NotFound) || err == nil && f.ActivityID != id {
		return nil, fault.New(fault.NotFound, "Không tìm thấy tệp.", "File not found.")
	}
	return f, err
}

// RemoveAttachment deletes an attachment of a draft (its proposer only).
func (s *Service) RemoveAttachment(ctx context.Context, id ActivityID, fid FileID) error {
	now := s.now()
	return s.store.Tx(ctx, func(tx Store) error {
		_, a, _, x, err := s.loadLocked(ctx, tx, id)
		if err != nil {
			return err
		}
		f, err := tx.FindActivityFile(ctx, fid)
		if fault.Is(err, fault.NotFound) || err == nil && (f.ActivityID != id || f.MilestoneID != 0) {
			return fault.New(fault.NotFound, "Không tìm thấy tệp.", "File not found.")
		}
		if err != nil {
			return err
		}
		if !x.proposer {
			return actForbidden("Chỉ đơn vị đề xuất được xóa tệp.", "Only the proposer may remove files.")
		}
		if !a.Status.Editable() {
			return fault.New(fault.Conflict, "Hồ sơ đã nộp, không xóa tệp được.", "The proposal was submitted; its files stay.")
		}
		if err := tx.DeleteActivityFile(ctx, fid); err != nil {
			return err
		}
		f.Data = nil
		return s.actAudit(ctx, tx, now, "activity.file_remove", id, f, nil)
	})
}
