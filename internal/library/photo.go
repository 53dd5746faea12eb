package library

import (
	"context"
	"io"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/photo"
)

// CasePhoto limits: at most MaxPhotos per case, each at most MaxPhotoBytes as
// uploaded.
const (
	MaxPhotos     = 12
	MaxPhotoBytes = 10 << 20
)

var errPhotoNotFound = fault.New(fault.NotFound, "Không tìm thấy ảnh.", "CasePhoto not found.")

// AddPhoto processes an uploaded photo (upright, resized, metadata removed,
// with a thumbnail: internal/photo) and adds it to a case.
func (s *Service) AddPhoto(ctx context.Context, id CaseID, caption string, r io.Reader, size int64) (*CasePhoto, error) {
	a, err := editor(ctx)
	if err != nil {
		return nil, err
	}
	bad := fault.Fields{}
	checkText(bad, "caption", &caption, MaxShort*2, false, fault.Text{})
	if err := bad.Err(); err != nil {
		return nil, err
	}
	c, err := s.store.FindCase(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errCaseNotFound
	}
	if err != nil {
		return nil, err
	}
	if !mayEdit(a, c.ProvinceCode) {
		return nil, denied()
	}
	ps, err := s.store.FindPhotos(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(ps) >= MaxPhotos {
		return nil, fieldErr("photo", "Mỗi điển hình có tối đa 12 ảnh.", "A case has at most 12 photos.")
	}
	ph, err := photo.ProcessContext(ctx, r, photo.Options{MaxBytes: MaxPhotoBytes, DeclaredSize: size, LongSide: 1600})
	if err != nil {
		return nil, photoError(err)
	}
	p := &CasePhoto{CaseID: id, Caption: caption, Width: ph.Width, Height: ph.Height, Size: int64(len(ph.Content)), UploadedBy: a.UserID,
		UploadedAt: s.now()}
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.CreatePhoto(ctx, p, ph.Content, ph.Thumb); err != nil {
			return err
		}
		return s.record(ctx, tx, "library.photo_add", "library_case", int64(id), nil, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func photoError(err error) error {
	switch photo.CodeOf(err) {
	case "":
		return err
	case photo.CodeEmpty:
		return fieldErr("photo", "Vui lòng chọn một ảnh.", "Please choose a photo.")
	case photo.CodeTooLarge, photo.CodeTooManyPixels:
		return fieldErr("photo", "Ảnh quá lớn (tối đa 10 MB, 40 megapixel).", "The photo is too large (at most 10 MB, 40 megapixels).")
	case photo.CodeNotImage, photo.CodeUnsupported:
		return fieldErr("photo", "Chỉ nhận ảnh JPEG, PNG hoặc WebP.", "Only JPEG, PNG or WebP photos are accepted.")
	}
	return fieldErr("photo", "Không đọc được ảnh này.", "This photo could not be read.")
}

// PhotoBytes returns a photo's JPEG (or thumbnail) to whoever sees its
// case.
func (s *Service) PhotoBytes(ctx context.Context, id CaseID, pid PhotoID, thumb bool) ([]byte, error) {
	c, err := s.store.FindCase(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return nil, errPhotoNotFound
	}
	if err != nil {
		return nil, err
	}
	if c.Status != StatusPublished && !mayEdit(auth.ActorFrom(ctx), c.ProvinceCode) {
		return nil, errPhotoNotFound
	}
	p, err := s.store.FindPhoto(ctx, pid)
	if fault.Is(err, fault.NotFound) || err == nil && p.CaseID != id {
		return nil, errPhotoNotFound
	}
	if err != nil {
		return nil, err
	}
	return s.store.FindPhotoBytes(ctx, pid, thumb)
}

// RemovePhoto deletes a case's photo.
func (s *Service) RemovePhoto(ctx context.Context, id CaseID, pid PhotoID) error {
	a, err := editor(ctx)
	if err != nil {
		return err
	}
	c, err := s.store.FindCase(ctx, id)
	if fault.Is(err, fault.NotFound) {
		return errCaseNotFound
	}
	if err != nil {
		return err
	}
	if !mayEdit(a, c.ProvinceCode) {
		return denied()
	}
	return s.store.Tx(ctx, func(tx Store) error {
		p, err := tx.FindPhoto(ctx, pid)
		if fault.Is(err, fault.NotFound) || err == nil && p.CaseID != id {
			return errPhotoNotFound
		}
		if err != nil {
			return err
		}
		if err := tx.DeletePhoto(ctx, pid); err != nil {
			return err
		}
		return s.record(ctx, tx, "library.photo_remove", "library_case", int64(id), p, nil)
	})
}
