package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"nscl/internal/assessment"
	"nscl/internal/fault"
	"nscl/internal/photo"
)

// Photo evidence: the fragment the audit form loads into each item's slot
// (thumbnails and, for the party who answers, the upload form from the
// phone's camera), the upload itself, and the photos, served only to those
// who may see the assessment.

// photoThumb is a photo in a list.
type photoThumb struct {
	ID        assessment.PhotoID
	Href      string // the photo
	Thumb     string // its thumbnail
	Delete    string // POST target of its removal
	Width     int    // of the thumbnail
	Height    int
	Alt       string
	By        string
	CanDelete bool
}

func photoHref(id assessment.AssessmentID, pid assessment.PhotoID) string {
	return "/assessments/" + strconv.FormatInt(int64(id), 10) + "/photos/" + strconv.FormatInt(int64(pid), 10)
}

func itemPhotosHref(id assessment.AssessmentID, key string) string {
	return "/assessments/" + strconv.FormatInt(int64(id), 10) + "/items/" + url.PathEscape(key) + "/photos"
}

// photoThumbOf describes a photo; canDelete shows its remove button.
func photoThumbOf(lang string, p *assessment.Photo, canDelete bool) photoThumb {
	href := photoHref(p.AssessmentID, p.ID)
	w, h := p.Width, p.Height
	if w > 0 && h > 0 {
		// The thumbnail's size (photo.DefaultThumbSide on the long side).
		long := max(w, h)
		side := min(long, photo.DefaultThumbSide)
		w, h = max(1, (w*side+long/2)/long), max(1, (h*side+long/2)/long)
	}
	return photoThumb{ID: p.ID, Href: href, Thumb: href + "/thumb", Delete: href + "/delete", Width: w, Height: h,
		Alt: fmtText(text("finding.photo_alt"), "{item}", p.ItemKey, "{n}", strconv.FormatInt(int64(p.ID), 10)).In(lang),
		By:  p.UploaderName, CanDelete: canDelete}
}

// photoFragment is the photo slot of one item of the audit form.
type photoFragment struct {
	ID      assessment.AssessmentID
	Key     string
	Anchor  string // unique in the page, for the file field's id
	Action  string
	Photos  []photoThumb
	Max     int
	CanAdd  bool
	Full    bool // the item has the most photos it may have
	Error   string
	Notice  string
	CSS, JS string // the area's style and script, linked from the fragment
}

// photoAnchor makes an HTML id out of an item key ("s1.2" → "s1-2").
func photoAnchor(key string) string {
	var b strings.Builder
	for _, r := range key {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

// renderPhotos writes the fragment of item key of assessment id.
func (h *Handler) renderPhotos(w http.ResponseWriter, r *http.Request, status int, id assessment.AssessmentID, key, errMsg, notice string) error {
	ctx := r.Context()
	x, it, ps, err := h.assess.ItemPhotos(ctx, id, key)
	if err != nil {
		return err
	}
	lang := h.lang(r)
	perms := h.assess.EvidencePermsFor(ctx, x)
	css, _ := h.asset("finding.css")
	js, _ := h.asset("finding.js")
	f := &photoFragment{ID: x.ID, Key: it.Key, Anchor: "photo-" + photoAnchor(it.Key), Action: itemPhotosHref(x.ID, it.Key),
		Max: assessment.MaxPhotosPerItem, CanAdd: perms.AddPhoto, Error: errMsg, Notice: notice, CSS: css, JS: js}
	for _, p := range ps {
		f.Photos = append(f.Photos, photoThumbOf(lang, p, perms.MayDelete(p)))
	}
	f.Full = len(ps) >= assessment.MaxPhotosPerItem
	return h.renderFragment(w, status, lang, "finding-photos", f)
}

func (h *Handler) handlePhotoFragment(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	return h.renderPhotos(w, r, http.StatusOK, assessment.AssessmentID(id), r.PathValue("key"), "", "")
}

// photoUploadMax caps an upload's body: the photo and the multipart
// framing around it.
const photoUploadMax = assessment.MaxPhotoBytes + 64<<10

func (h *Handler) handlePhotoUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	aid, key := assessment.AssessmentID(id), r.PathValue("key")
	lang := h.lang(r)
	x, err := h.assess.Assessment(r.Context(), aid)
	if err != nil {
		return err
	}
	if !h.assess.EvidencePermsFor(r.Context(), x).AddPhoto {
		return &fault.Error{Kind: fault.Forbidden, Message: text("finding.photo_denied")}
	}
	fail := func(status int, err error) error {
		if status == 0 {
			status = http.StatusUnprocessableEntity
			if photo.CodeOf(err) == photo.CodeTooLarge {
				status = http.StatusRequestEntityTooLarge
			}
		}
		msg := fault.MessageOf(err).In(lang)
		if m := fault.FieldsOf(err)["photo"]; m.Vi != "" {
			msg = m.In(lang)
		}
		return h.renderPhotos(w, r, status, aid, key, msg, "")
	}
	// A body announced over the limit is refused before a byte of it is
	// read (the service would refuse the photo anyway).
	if r.ContentLength > photoUploadMax {
		return fail(http.StatusRequestEntityTooLarge, fault.New(fault.Invalid, "", "").
			Field("photo", text("finding.photo_too_large").Vi, text("finding.photo_too_large").En))
	}
	r.Body = http.MaxBytesReader(w, r.Body, photoUploadMax)
	mr, err := r.MultipartReader()
	if err != nil {
		return fail(0, fault.New(fault.Invalid, "", "").Field("photo", text("finding.photo_choose").Vi, text("finding.photo_choose").En))
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return fail(0, fault.New(fault.Invalid, "", "").Field("photo", text("finding.photo_choose").Vi, text("finding.photo_choose").En))
		}
		if err != nil {
			return fail(uploadStatus(err), fault.New(fault.Invalid, "", "").Field("photo", text("finding.photo_broken").Vi, text("finding.photo_broken").En))
		}
		if part.FormName() != "photo" {
			part.Close()
			continue
		}
		if part.FileName() == "" {
			return fail(0, fault.New(fault.Invalid, "", "").Field("photo", text("finding.photo_choose").Vi, text("finding.photo_choose").En))
		}
		_, err = h.assess.AddPhoto(r.Context(), aid, key, part, 0)
		part.Close()
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return fail(http.StatusRequestEntityTooLarge, fault.New(fault.Invalid, "", "").
				Field("photo", text("finding.photo_too_large").Vi, text("finding.photo_too_large").En))
		case fault.Is(err, fault.Invalid):
			return fail(0, err)
		case err != nil:
			return err
		}
		return h.renderPhotos(w, r, http.StatusOK, aid, key, "", text("finding.photo_added").In(lang))
	}
}

// uploadStatus is 413 for a body over the cap, 422 otherwise.
func uploadStatus(err error) int {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusUnprocessableEntity
}

// photoIDs reads the assessment's and the photo's ids of the path.
func photoIDs(r *http.Request) (assessment.AssessmentID, assessment.PhotoID, error) {
	id, err := signedInID(r)
	if err != nil {
		return 0, 0, err
	}
	pid, err := pathID(r, "pid")
	if err != nil {
		return 0, 0, err
	}
	return assessment.AssessmentID(id), assessment.PhotoID(pid), nil
}

func (h *Handler) handlePhotoFile(w http.ResponseWriter, r *http.Request) error {
	return h.servePhoto(w, r, false)
}

func (h *Handler) handlePhotoThumb(w http.ResponseWriter, r *http.Request) error {
	return h.servePhoto(w, r, true)
}

// servePhoto writes a photo (or its thumbnail) with its type, never
// sniffed, cached by the browser only (a photo never changes: a new one
// has a new id).
func (h *Handler) servePhoto(w http.ResponseWriter, r *http.Request, thumb bool) error {
	id, pid, err := photoIDs(r)
	if err != nil {
		return err
	}
	p, b, err := h.assess.PhotoFile(r.Context(), id, pid, thumb)
	if err != nil {
		return err
	}
	etag := `"` + p.SHA256[:min(len(p.SHA256), 32)]
	if thumb {
		etag += `-t`
	}
	etag += `"`
	hd := w.Header()
	hd.Set("Content-Type", p.ContentType)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, max-age=86400")
	hd.Set("ETag", etag)
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	name := "anh-" + strconv.FormatInt(int64(pid), 10)
	if thumb {
		name += "-nho"
	}
	hd.Set("Content-Disposition", `inline; filename="`+name+`.jpg"`)
	if match := r.Header.Get("If-None-Match"); match != "" && match == etag {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	hd.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
	return nil
}

func (h *Handler) handlePhotoDelete(w http.ResponseWriter, r *http.Request) error {
	id, pid, err := photoIDs(r)
	if err != nil {
		return err
	}
	p, err := h.assess.DeletePhoto(r.Context(), id, pid)
	if err != nil {
		return err
	}
	if r.Header.Get("HX-Request") == "true" {
		return h.renderPhotos(w, r, http.StatusOK, id, p.ItemKey, "", text("finding.photo_deleted").In(h.lang(r)))
	}
	h.flash(r.Context(), "success", text("finding.photo_deleted"))
	redirect(w, r, findingsHref(id)+"#photos")
	return nil
}
