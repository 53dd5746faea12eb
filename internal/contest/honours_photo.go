package contest

import (
	"context"
	"io"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/photo"
)

// MaxHonourPhotoBytes is the largest photo file an honour takes.
const MaxHonourPhotoBytes = 10 << 20

// SetHonourPhoto replaces an honour's photo with the one read from r (size
// bytes as declared, 0 when unknown): a JPEG, PNG or WebP image, re-encoded
// upright without metadata, with a thumbnail. The ministry only, if
// version is current.
func (s *Service) SetHonourPhoto(ctx context.Context, id HonourID, version int, r io.Reader, size int64) (*HonourRecord, error) {
	if err := s.honourManager(ctx); err != nil {
		return nil, err
	}
	ph, err := photo.ProcessContext(ctx, r, photo.Options{MaxBytes: MaxHonourPhotoBytes, DeclaredSize: size, LongSide: 1600, ThumbSide: 480})
	if err != nil {
		return nil, honourPhotoError(err)
	}
	var out *HonourRecord
	err = s.store.Tx(ctx, func(tx Store) error {
		cur, err := tx.FindHonourRecord(ctx, id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return fault.New(fault.Conflict, "Trang vinh danh này vừa được người khác thay đổi; hãy tải lại trang rồi làm lại.",
				"Someone else changed this honour meanwhile; reload the page and try again.")
		}
		p := &HonourPhoto{SHA256: ph.SHA256, Width: ph.Width, Height: ph.Height, UploadedAt: s.now()}
		if a := auth.ActorFrom(ctx); !a.IsAnonymous() {
			p.UploadedBy = int64(a.UserID)
		}
		if err := tx.PutHonourPhoto(ctx, id, p, ph.Content, ph.Thumb); err != nil {
			return err
		}
		if out, err = tx.FindHonourRecord(ctx, id); err != nil {
			return err
		}
		return s.record(ctx, tx, "honour.photo", "honour", int64(id), cur.Photo, p)
	})
	if err != nil {
		return nil, err
	}
	s.honoursChanged()
	return out, nil
}

// honourPhotoError explains a refused photo on the form's photo field.
func honourPhotoError(err error) error {
	var vi, en string
	switch photo.CodeOf(err) {
	case photo.CodeTooLarge:
		vi, en = "Tệp ảnh quá lớn (tối đa 10 MB).", "The photo file is too large (at most 10 MB)."
	case photo.CodeNotImage, photo.CodeUnsupported, photo.CodeEmpty:
		vi, en = "Tệp không phải ảnh JPEG, PNG hoặc WebP.", "The file is not a JPEG, PNG or WebP image."
	default:
		vi, en = "Không đọc được ảnh: tệp bị hỏng, quá lớn hoặc chưa tải lên hết.", "The photo cannot be read: the file is damaged, too large or incomplete."
	}
	e := fault.New(fault.Invalid, vi, en).Field("photo", vi, en)
	e.Err = err
	return e
}
