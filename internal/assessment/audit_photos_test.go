package assessment_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"strings"
	"testing"

	"nscl/internal/assessment"
	"nscl/internal/fault"
	"nscl/internal/photo"
	"nscl/internal/sqldb"
	"nscl/internal/sqldb/sqldbtest"
)

// gpsMark is in the test photo's EXIF GPS block; no byte of it may be
// stored.
const gpsMark = "GPS-10.7769N-106.7009E-NSCL"

// phonePhoto is a w×h JPEG as a phone writes it: an APP1 Exif segment
// with a GPS IFD (little-endian) before the picture.
func phonePhoto(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var pic bytes.Buffer
	if err := jpeg.Encode(&pic, m, nil); err != nil {
		t.Fatal(err)
	}
	le := binary.LittleEndian
	var tf bytes.Buffer
	put := func(v ...any) {
		for _, x := range v {
			binary.Write(&tf, le, x)
		}
	}
	put([]byte("II"), uint16(42), uint32(8))
	put(uint16(1), uint16(0x8825), uint16(4), uint32(1), uint32(26), uint32(0)) // IFD0: GPSInfo → 26
	put(uint16(1), uint16(0x001B), uint16(7), uint32(len(gpsMark)), uint32(44), uint32(0))
	tf.WriteString(gpsMark)
	seg := append([]byte("Exif\x00\x00"), tf.Bytes()...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1, byte((len(seg) + 2) >> 8), byte(len(seg) + 2)}
	out = append(out, seg...)
	return append(out, pic.Bytes()[2:]...)
}

// endlessReader yields zeros forever and counts them.
type endlessReader struct{ n int64 }

func (e *endlessReader) Read(p []byte) (int, error) {
	clear(p)
	e.n += int64(len(p))
	return len(p), nil
}

// TestPhotos_Add: the enterprise adds a phone photo to an item of its
// self-assessment: it is kept upright, reduced, without its EXIF GPS
// block, with a thumbnail, audited; sent again it is not stored twice.
func TestPhotos_Add(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db)
		src := phonePhoto(t, 2600, 1200)
		if !bytes.Contains(src, []byte(gpsMark)) {
			t.Fatal("no GPS block in the test photo")
		}
		p, err := w.svc.AddPhoto(w.owner, w.self.ID, "s1.2", bytes.NewReader(src), int64(len(src)))
		if err != nil {
			t.Fatal(err)
		}
		if p.ID == 0 || p.ItemKey != "s1.2" || p.Width != 2048 || p.ContentType != "image/jpeg" || p.UploadedBy != w.users["owner"] {
			t.Fatalf("photo %+v", p)
		}
		got, b, err := w.svc.PhotoFile(w.hcm, w.self.ID, p.ID, false)
		if err != nil || got.SHA256 != p.SHA256 || int64(len(b)) != p.Size {
			t.Fatalf("read: %+v, %d bytes, %v", got, len(b), err)
		}
		if bytes.Contains(b, []byte(gpsMark)) || bytes.Contains(b, []byte("Exif\x00\x00")) {
			t.Error("the stored photo keeps the EXIF GPS block")
		}
		if _, err := jpeg.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("the stored photo is not a JPEG: %v", err)
		}
		_, th, err := w.svc.PhotoFile(w.owner, w.self.ID, p.ID, true)
		if err != nil || len(th) == 0 || len(th) >= len(b) {
			t.Fatalf("thumbnail: %d bytes, %v", len(th), err)
		}
		again, err := w.svc.AddPhoto(w.owner2, w.self.ID, "s1.2", bytes.NewReader(src), 0)
		if err != nil || again.ID != p.ID {
			t.Fatalf("the same photo again: %+v, %v", again, err)
		}
		_, ps, err := w.svc.Photos(w.owner, w.self.ID, "")
		if err != nil || len(ps) != 1 || ps[0].UploaderName == "" {
			t.Fatalf("photos: %v, %v", ps, err)
		}
		if n := auditCount(t, db, "assessment.photo.add"); n != 1 {
			t.Errorf("%d audit entries", n)
		}
		// The assigned assessor adds to the independent assessment while
		// in progress (the request of the same scheme withdrawn: one open
		// at a time).
		setStatus(t, db, w.requested, assessment.StatusCancelled)
		setStatus(t, db, w.indep, assessment.StatusInProgress)
		if _, err := w.svc.AddPhoto(w.assessor, w.indep.ID, "s1.1", bytes.NewReader(src), 0); err != nil {
			t.Fatalf("the assessor's photo: %v", err)
		}
		x, it, ps, err := w.svc.ItemPhotos(w.hcm, w.indep.ID, "s1.1")
		if err != nil || x.ID != w.indep.ID || it.Key != "s1.1" || len(ps) != 1 {
			t.Fatalf("item photos: %v, %v", ps, err)
		}
	})
}

// TestPhotos_BadInput: a text file named .jpg, a 50 MB upload (refused by
// its declared size, nothing read; undeclared, after 10 MB), a
// decompression bomb, an unknown item: refused with a message in both
// languages on the field "photo", nothing stored.
func TestPhotos_BadInput(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db)
		add := func(r io.Reader, size int64) error {
			_, err := w.svc.AddPhoto(w.owner, w.self.ID, "s1.1", r, size)
			return err
		}
		text := []byte("BIÊN BẢN KIỂM TRA 5S\nKhu vực: xưởng cắt\n")
		err := add(bytes.NewReader(text), int64(len(text)))
		wantKind(t, "text file", err, fault.Invalid)
		if photo.CodeOf(err) != photo.CodeNotImage || !strings.Contains(fault.FieldsOf(err)["photo"].Vi, "không phải là ảnh") ||
			!strings.Contains(fault.MessageOf(err).En, "not an image") {
			t.Errorf("text file: %v %v", err, fault.FieldsOf(err))
		}
		r := &endlessReader{}
		err = add(r, 50<<20)
		wantKind(t, "50 MB declared", err, fault.Invalid)
		if photo.CodeOf(err) != photo.CodeTooLarge || r.n != 0 || !strings.Contains(fault.MessageOf(err).Vi, "tối đa 10 MB") {
			t.Errorf("50 MB declared: %v, %d bytes read", err, r.n)
		}
		r = &endlessReader{}
		err = add(io.LimitReader(r, 50<<20), 0)
		if photo.CodeOf(err) != photo.CodeTooLarge || r.n > assessment.MaxPhotoBytes+1<<20 {
			t.Errorf("50 MB undeclared: %v, %d bytes read", err, r.n)
		}
		bomb := pngBomb(60000, 60000)
		err = add(bytes.NewReader(bomb), int64(len(bomb)))
		if photo.CodeOf(err) != photo.CodeTooManyPixels || !strings.Contains(fault.MessageOf(err).Vi, "60.000 × 60.000") {
			t.Errorf("bomb: %v", err)
		}
		_, err = w.svc.AddPhoto(w.owner, w.self.ID, "s9.9", bytes.NewReader(phonePhoto(t, 64, 64)), 0)
		wantKind(t, "unknown item", err, fault.NotFound)
		if _, ps, _ := w.svc.Photos(w.owner, w.self.ID, ""); len(ps) != 0 {
			t.Errorf("%d photos stored", len(ps))
		}
	})
}

// pngBomb is a PNG header declaring w×h pixels, and nothing to decode.
func pngBomb(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	binary.Write(&b, binary.BigEndian, uint32(13))
	b.WriteString("IHDR")
	b.Write(ihdr)
	binary.Write(&b, binary.BigEndian, crc([]byte("IHDR"), ihdr))
	return b.Bytes()
}

func crc(parts ...[]byte) uint32 {
	// CRC-32 (IEEE), as PNG chunks carry it.
	c := ^uint32(0)
	for _, p := range parts {
		for _, x := range p {
			c ^= uint32(x)
			for range 8 {
				if c&1 == 1 {
					c = c>>1 ^ 0xEDB88320
				} else {
					c >>= 1
				}
			}
		}
	}
	return ^c
}

// TestPhotos_Access: one enterprise never sees another's photos, a
// provincial officer only the province's, an assessor only those of the
// assessments assigned; only the answering party adds (not an officer,
// not on a cancelled assessment); the uploader removes theirs while the
// assessment is open, no one else.
func TestPhotos_Access(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db)
		src := phonePhoto(t, 320, 240)
		p, err := w.svc.AddPhoto(w.owner, w.self.ID, "s1.1", bytes.NewReader(src), 0)
		if err != nil {
			t.Fatal(err)
		}
		for name, ctx := range map[string]context.Context{"other enterprise": w.otherOwner, "other province": w.hanoi,
			"assessor not assigned": w.stranger, "expert": w.expert} {
			_, _, err := w.svc.PhotoFile(ctx, w.self.ID, p.ID, true)
			wantKind(t, name+" reads", err, fault.NotFound)
			_, _, err = w.svc.Photos(ctx, w.self.ID, "")
			wantKind(t, name+" lists", err, fault.NotFound)
			_, err = w.svc.AddPhoto(ctx, w.self.ID, "s1.1", bytes.NewReader(src), 0)
			wantKind(t, name+" adds", err, fault.NotFound)
		}
		_, _, err = w.svc.PhotoFile(context.Background(), w.self.ID, p.ID, false)
		wantKind(t, "anonymous", err, fault.Unauthenticated)
		// A photo id of another assessment.
		_, _, err = w.svc.PhotoFile(w.otherOwner, w.theirs.ID, p.ID, false)
		wantKind(t, "photo of another assessment", err, fault.NotFound)
		for name, c := range map[string]struct {
			ctx context.Context
			x   *assessment.Assessment
		}{
			"officer":                  {w.hcm, w.self},
			"ministry":                 {w.ministry, w.self},
			"enterprise (independent)": {w.owner, w.indep},
			"cancelled":                {w.owner, w.cancelled},
		} {
			_, err := w.svc.AddPhoto(c.ctx, c.x.ID, "s1.1", bytes.NewReader(src), 0)
			wantKind(t, name+" adds", err, fault.Forbidden)
		}
		if _, _, err := w.svc.PhotoFile(w.ministry, w.self.ID, p.ID, false); err != nil {
			t.Errorf("the ministry reads: %v", err)
		}
		_, err = w.svc.DeletePhoto(w.owner2, w.self.ID, p.ID)
		wantKind(t, "another user deletes", err, fault.Forbidden)
		_, err = w.svc.DeletePhoto(w.otherOwner, w.self.ID, p.ID)
		wantKind(t, "another enterprise deletes", err, fault.NotFound)
		if _, err := w.svc.DeletePhoto(w.owner, w.self.ID, p.ID); err != nil {
			t.Fatalf("the uploader deletes: %v", err)
		}
		_, err = w.svc.DeletePhoto(w.owner, w.self.ID, p.ID)
		wantKind(t, "deleted twice", err, fault.NotFound)
		// Once submitted, the assessor's photos stay.
		setStatus(t, db, w.requested, assessment.StatusCancelled)
		setStatus(t, db, w.indep, assessment.StatusInProgress)
		q, err := w.svc.AddPhoto(w.assessor, w.indep.ID, "s1.1", bytes.NewReader(src), 0)
		if err != nil {
			t.Fatal(err)
		}
		setStatus(t, db, w.indep, assessment.StatusSubmitted)
		_, err = w.svc.DeletePhoto(w.assessor, w.indep.ID, q.ID)
		wantKind(t, "delete after submission", err, fault.Forbidden)
		x, _ := w.svc.Assessment(w.owner, w.self.ID)
		if perms := w.svc.EvidencePermsFor(w.owner, x); !perms.AddPhoto || !perms.AddFinding {
			t.Errorf("the enterprise's permissions: %+v", perms)
		}
		if perms := w.svc.EvidencePermsFor(w.hcm, x); perms.AddPhoto || !perms.AddFinding {
			t.Errorf("the officer's permissions: %+v", perms)
		}
		if n := auditCount(t, db, "assessment.photo.delete"); n != 1 {
			t.Errorf("%d delete entries", n)
		}
	})
}

// TestPhotos_Limits: at most 10 photos per item and 300 per assessment;
// the limits hold before the upload is read.
func TestPhotos_Limits(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newEvidenceWorld(t, db)
		st := db.Assessment()
		ctx := context.Background()
		fill := func(item string, n int) {
			for i := range n {
				p := &assessment.Photo{AssessmentID: w.self.ID, ItemKey: item, ContentType: "image/jpeg", Width: 1, Height: 1,
					SHA256: fmt.Sprintf("%s-%d", item, i), UploadedBy: w.users["owner"]}
				if err := st.CreatePhoto(ctx, p, []byte{1}, []byte{1}); err != nil {
					t.Fatal(err)
				}
			}
		}
		fill("s1.1", assessment.MaxPhotosPerItem)
		r := &endlessReader{}
		_, err := w.svc.AddPhoto(w.owner, w.self.ID, "s1.1", r, 0)
		wantKind(t, "11th photo of an item", err, fault.Invalid)
		if r.n != 0 || !strings.Contains(fault.FieldsOf(err)["photo"].Vi, "Tối đa 10 ảnh mỗi mục") {
			t.Errorf("11th photo: %v (%d bytes read)", err, r.n)
		}
		fill("s1.2", assessment.MaxPhotosPerItem-1)
		fill("s0", assessment.MaxPhotosPerAssessment-2*assessment.MaxPhotosPerItem+1)
		_, err = w.svc.AddPhoto(w.owner, w.self.ID, "s1.2", bytes.NewReader(phonePhoto(t, 32, 32)), 0)
		wantKind(t, "301st photo", err, fault.Invalid)
		if !strings.Contains(fault.FieldsOf(err)["photo"].En, "300 photos per assessment") {
			t.Errorf("301st photo: %v", fault.FieldsOf(err))
		}
	})
}
