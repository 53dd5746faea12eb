package assessment

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"nscl/internal/auth"
	"nscl/internal/fault"
	"nscl/internal/photo"
	"nscl/internal/vn"
)

// Photo evidence: the party who answers an assessment adds photos to its
// items from the phone's camera; anyone who may see the assessment sees
// them; the uploader removes theirs while the assessment is open. What is
// kept is package photo's output: upright, at most 2048 px, re-encoded as
// a JPEG without the original's metadata (the GPS location above all).

// The limits of photo evidence.
const (
	MaxPhotoBytes          = photo.DefaultMaxBytes // one uploaded file
	MaxPhotosPerItem       = 10
	MaxPhotosPerAssessment = 300
)

// evidenceParty reports whether a is the party who answers x: the
// enterprise's users for a self-assessment, the assigned assessor for an
// independent one.
func evidenceParty(a *auth.Actor, x *Assessment) bool {
	if x.Mode == ModeSelf {
		return auth.Allowed(a, auth.ActSelfAssess, auth.Scope{EnterpriseID: int64(x.EnterpriseID)})
	}
	return x.AssessorID != 0 && a.UserID == x.AssessorID && auth.Allowed(a, auth.ActAssessIndependent, auth.Scope{OwnerID: x.AssessorID})
}

// mayAddPhoto: the answering party, while the assessment is open (once
// submitted, recognised or cancelled its record is frozen).
func mayAddPhoto(a *auth.Actor, x *Assessment) bool {
	return x.Status.Open() && evidenceParty(a, x)
}

// mayDeletePhoto: the uploader, while the assessment is open.
func mayDeletePhoto(a *auth.Actor, x *Assessment, p *Photo) bool {
	return x.Status.Open() && p.UploadedBy != 0 && p.UploadedBy == a.UserID && evidenceParty(a, x)
}

var (
	errPhotoNotFound = fault.New(fault.NotFound, "Không tìm thấy ảnh.", "Photo not found.")
	errPhotoDenied   = fault.New(fault.Forbidden,
		"Chỉ bên thực hiện đánh giá (doanh nghiệp với bản tự đánh giá, đánh giá viên được phân công với đánh giá độc lập) được thêm ảnh minh chứng, khi cuộc đánh giá đang thực hiện (chưa nộp kết quả, chưa bị hủy).",
		"Only the party who answers the assessment (the enterprise for a self-assessment, the assigned assessor for an independent one) adds photo evidence, while the assessment is open (not submitted, not cancelled).")
	errPhotoDeleteDenied = fault.New(fault.Forbidden, "Chỉ người đã tải ảnh lên được xóa ảnh, khi cuộc đánh giá còn đang mở.",
		"Only the person who uploaded a photo removes it, while the assessment is open.")
)

// evidenceAssessment returns assessment id if the actor may see it
// (NotFound otherwise, as for one that does not exist).
func (s *Service) evidenceAssessment(ctx context.Context, st Store, id AssessmentID) (*auth.Actor, *Assessment, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, nil, err
	}
	x, err := st.FindAssessment(ctx, id)
	if fault.Is(err, fault.NotFound) || err == nil && !mayView(a, x) {
		return nil, nil, notFound("cuộc đánh giá")
	}
	if err != nil {
		return nil, nil, err
	}
	return a, x, nil
}

// evidenceItem returns the item key of x's scheme version (trimmed), or
// NotFound when its body has no such item.
func (s *Service) evidenceItem(ctx context.Context, st Store, x *Assessment, key string) (string, *Item, error) {
	key = strings.TrimSpace(key)
	v, err := st.FindVersion(ctx, x.VersionID)
	if err != nil {
		return "", nil, err
	}
	it, _, ok := v.Body.Item(key)
	if !ok {
		return "", nil, fault.New(fault.NotFound, "Bộ tiêu chí của cuộc đánh giá không có mục "+key+".",
			"The assessment's scheme has no item "+key+".")
	}
	return key, it, nil
}

// EvidencePerms is what the actor may do with an assessment's evidence and
// findings now, for the pages' buttons (the service checks again on each
// call).
type EvidencePerms struct {
	AddPhoto   bool        `json:"add_photo"`
	AddFinding bool        `json:"add_finding"`
	User       auth.UserID `json:"-"` // whose photos they may remove while open
	Open       bool        `json:"-"`
}

// EvidencePermsFor returns what the actor in ctx may do with x's photos
// and findings.
func (s *Service) EvidencePermsFor(ctx context.Context, x *Assessment) EvidencePerms {
	a := auth.ActorFrom(ctx)
	if a.IsAnonymous() {
		return EvidencePerms{}
	}
	p := EvidencePerms{AddPhoto: mayAddPhoto(a, x), AddFinding: mayAddFinding(a, x), User: a.UserID, Open: x.Status.Open() && evidenceParty(a, x)}
	if (p.AddPhoto || p.AddFinding) && s.auditLapse(ctx, s.store, a, x) != (fault.Text{}) {
		// The assigned assessor whose accreditation lapsed (an officer is
		// never the assessor).
		p.AddPhoto, p.AddFinding = false, false
	}
	return p
}

// MayDelete reports whether these permissions let the actor remove p.
func (p EvidencePerms) MayDelete(ph *Photo) bool {
	return p.Open && ph.UploadedBy != 0 && ph.UploadedBy == p.User
}

// photoError turns a refusal of package photo into the answer in both
// languages, on the form field "photo". The refusal stays in the chain
// (photo.CodeOf), so that the web answers 413 to a file too large.
func photoError(err error) error {
	var vi, en string
	var pe *photo.Error
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case photo.CodeEmpty:
		vi, en = "Chưa chọn ảnh, hoặc tệp rỗng.", "No photo was chosen, or the file is empty."
	case photo.CodeTooLarge:
		vi = fmt.Sprintf("Ảnh quá lớn: tối đa %s MB mỗi ảnh. Hãy chụp lại hoặc giảm kích thước ảnh.", vn.Int(MaxPhotoBytes>>20))
		en = fmt.Sprintf("The photo is too large: at most %d MB per photo. Take it again or reduce its size.", MaxPhotoBytes>>20)
	case photo.CodeNotImage:
		vi, en = "Tệp không phải là ảnh. Chỉ nhận ảnh JPEG, PNG hoặc WebP.", "The file is not an image. Only JPEG, PNG or WebP photos are accepted."
	case photo.CodeUnsupported:
		f := strings.ToUpper(pe.Format)
		vi = "Chưa nhận ảnh định dạng " + f + ": hãy chọn ảnh JPEG, PNG hoặc WebP (iPhone: Cài đặt → Camera → Định dạng → Tương thích nhất)."
		en = "Photos in " + f + " are not accepted: choose a JPEG, PNG or WebP photo (iPhone: Settings → Camera → Formats → Most Compatible)."
	case photo.CodeTooManyPixels:
		if pe.Decoded > 0 {
			vi = fmt.Sprintf("Ảnh %s × %s điểm ảnh cần khoảng %s MB bộ nhớ để xử lý, vượt giới hạn %s MB (thường là ảnh JPEG lũy tiến, ảnh CMYK hoặc PNG 16 bit, xen kẽ). Hãy lưu lại ảnh ở dạng JPEG thông thường hoặc giảm kích thước ảnh.",
				vn.Int(int64(pe.Width)), vn.Int(int64(pe.Height)), vn.Int(pe.Decoded>>20), vn.Int(pe.Limit>>20))
			en = fmt.Sprintf("The %d × %d image would take about %d MB of memory to process, over the limit of %d MB (usually a progressive or CMYK JPEG, or a 16-bit or interlaced PNG). Save it again as an ordinary JPEG, or reduce its size.",
				pe.Width, pe.Height, pe.Decoded>>20, pe.Limit>>20)
			break
		}
		vi = fmt.Sprintf("Ảnh có kích thước %s × %s điểm ảnh, vượt giới hạn (tối đa %s megapixel, mỗi cạnh không quá %s điểm ảnh).",
			vn.Int(int64(pe.Width)), vn.Int(int64(pe.Height)), vn.Int(photo.DefaultMaxPixels/1_000_000), vn.Int(photo.DefaultMaxSide))
		en = fmt.Sprintf("The image is %d × %d pixels, over the limit (at most %d megapixels and %d pixels a side).",
			pe.Width, pe.Height, photo.DefaultMaxPixels/1_000_000, photo.DefaultMaxSide)
	default:
		vi, en = "Không đọc được ảnh: tệp bị hỏng hoặc chưa tải lên hết.", "The photo cannot be read: the file is damaged or incomplete."
	}
	e := fault.New(fault.Invalid, vi, en).Field("photo", vi, en)
	e.Err = err
	return e
}

// AddPhoto adds a photo from r (size bytes as declared, 0 when unknown)
// to item of assessment id. The party who answers the assessment adds
// (while it is open; the independent assessor while accredited), at most MaxPhotosPerItem per item and
// MaxPhotosPerAssessment per assessment; the file is at most
// MaxPhotoBytes, a JPEG, PNG or WebP image (by its content), refused by
// its declared size before it is read and by its header before it is
// decoded. The same photo sent again to the same item (a retried upload)
// is not stored twice: the one stored is returned.
func (s *Service) AddPhoto(ctx context.Context, id AssessmentID, item string, r io.Reader, size int64) (*Photo, error) {
	a, x, err := s.evidenceAssessment(ctx, s.store, id)
	if err != nil {
		return nil, err
	}
	if !mayAddPhoto(a, x) {
		return nil, errPhotoDenied
	}
	if err := s.auditCheckLapse(ctx, s.store, a, x); err != nil {
		return nil, err
	}
	item, _, err = s.evidenceItem(ctx, s.store, x, item)
	if err != nil {
		return nil, err
	}
	// The limits first, so that a photo over them is not even read.
	total, ofItem, err := s.store.CountPhotos(ctx, id, item)
	if err != nil {
		return nil, err
	}
	if err := photoLimits(total, ofItem); err != nil {
		return nil, err
	}
	ph, err := photo.ProcessContext(ctx, r, photo.Options{MaxBytes: MaxPhotoBytes, DeclaredSize: size})
	if err != nil {
		return nil, photoError(err)
	}
	now := s.now()
	p := &Photo{AssessmentID: id, ItemKey: item, ContentType: ph.ContentType, Width: ph.Width, Height: ph.Height,
		Size: int64(len(ph.Content)), ThumbSize: int64(len(ph.Thumb)), SHA256: ph.SHA256, UploadedBy: a.UserID, UploaderName: a.Name,
		UploadedAt: now}
	var out *Photo
	err = s.store.Tx(ctx, func(tx Store) error {
		if err := tx.HoldEvidence(ctx, id); err != nil {
			return err
		}
		// Read again with the row held: a submission or a cancellation
		// that landed while the photo was processed wins.
		_, cur, err := s.evidenceAssessment(ctx, tx, id)
		if err != nil {
			return err
		}
		if !mayAddPhoto(a, cur) {
			return errPhotoDenied
		}
		have, err := tx.FindPhotos(ctx, id, item)
		if err != nil {
			return err
		}
		for _, h := range have {
			if h.SHA256 == p.SHA256 {
				out = h
				return nil
			}
		}
		total, ofItem, err := tx.CountPhotos(ctx, id, item)
		if err != nil {
			return err
		}
		if err := photoLimits(total, ofItem); err != nil {
			return err
		}
		if err := tx.CreatePhoto(ctx, p, ph.Content, ph.Thumb); err != nil {
			return err
		}
		out = p
		return s.record(ctx, tx, "assessment.photo.add", "assessment_photo", int64(p.ID), nil, p)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func photoLimits(total, ofItem int) error {
	switch {
	case ofItem >= MaxPhotosPerItem:
		return fault.New(fault.Invalid, fmt.Sprintf("Mục này đã có %d ảnh, là số ảnh tối đa của một mục.", ofItem),
			fmt.Sprintf("This item already has %d photos, the most an item may have.", ofItem)).
			Field("photo", fmt.Sprintf("Tối đa %d ảnh mỗi mục: hãy xóa bớt ảnh trước khi thêm.", MaxPhotosPerItem),
				fmt.Sprintf("At most %d photos per item: remove one before adding another.", MaxPhotosPerItem))
	case total >= MaxPhotosPerAssessment:
		return fault.New(fault.Invalid, fmt.Sprintf("Cuộc đánh giá đã có %d ảnh, là số ảnh tối đa.", total),
			fmt.Sprintf("The assessment already has %d photos, the most it may have.", total)).
			Field("photo", fmt.Sprintf("Tối đa %d ảnh mỗi cuộc đánh giá.", MaxPhotosPerAssessment),
				fmt.Sprintf("At most %d photos per assessment.", MaxPhotosPerAssessment))
	}
	return nil
}

// Photos returns the photos of assessment id (of one item unless item is
// ""), by item and upload order, with the assessment. Anyone who may see
// the assessment.
func (s *Service) Photos(ctx context.Context, id AssessmentID, item string) (*Assessment, []*Photo, error) {
	_, x, err := s.evidenceAssessment(ctx, s.store, id)
	if err != nil {
		return nil, nil, err
	}
	ps, err := s.store.FindPhotos(ctx, id, strings.TrimSpace(item))
	if err != nil {
		return nil, nil, err
	}
	return x, ps, nil
}

// ItemPhotos is Photos of one item, which must be in the assessment's
// scheme version (NotFound otherwise), with the item.
func (s *Service) ItemPhotos(ctx context.Context, id AssessmentID, item string) (*Assessment, *Item, []*Photo, error) {
	_, x, err := s.evidenceAssessment(ctx, s.store, id)
	if err != nil {
		return nil, nil, nil, err
	}
	key, it, err := s.evidenceItem(ctx, s.store, x, item)
	if err != nil {
		return nil, nil, nil, err
	}
	ps, err := s.store.FindPhotos(ctx, id, key)
	if err != nil {
		return nil, nil, nil, err
	}
	return x, it, ps, nil
}

// PhotoFile returns photo pid of assessment id with its bytes (the
// thumbnail's when thumb), for anyone who may see the assessment; a photo
// of another assessment, or of one the actor may not see, is NotFound.
func (s *Service) PhotoFile(ctx context.Context, id AssessmentID, pid PhotoID, thumb bool) (*Photo, []byte, error) {
	_, _, err := s.evidenceAssessment(ctx, s.store, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.store.FindPhoto(ctx, pid)
	if fault.Is(err, fault.NotFound) || err == nil && p.AssessmentID != id {
		return nil, nil, errPhotoNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	b, err := s.store.FindPhotoBytes(ctx, pid, thumb)
	if err != nil {
		return nil, nil, err
	}
	return p, b, nil
}

// DeletePhoto removes photo pid of assessment id: its uploader, while the
// assessment is open.
func (s *Service) DeletePhoto(ctx context.Context, id AssessmentID, pid PhotoID) (*Photo, error) {
	var out *Photo
	err := s.store.Tx(ctx, func(tx Store) error {
		a, x, err := s.evidenceAssessment(ctx, tx, id)
		if err != nil {
			return err
		}
		p, err := tx.FindPhoto(ctx, pid)
		if fault.Is(err, fault.NotFound) || err == nil && p.AssessmentID != id {
			return errPhotoNotFound
		}
		if err != nil {
			return err
		}
		if !mayDeletePhoto(a, x, p) {
			return errPhotoDeleteDenied
		}
		if err := tx.DeletePhoto(ctx, pid); err != nil {
			return err
		}
		out = p
		return s.record(ctx, tx, "assessment.photo.delete", "assessment_photo", int64(p.ID), p, nil)
	})
	return out, err
}
