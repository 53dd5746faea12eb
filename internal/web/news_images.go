package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"nscl/internal/fault"
	"nscl/internal/news"
)

// Article images: uploaded by editors (processed by internal/photo),
// served to whoever may read the article.

func (h *Handler) handleNewsImageUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := signedInID(r)
	if err != nil {
		return err
	}
	if err := h.newsEditor(r); err != nil {
		return err
	}
	back := "/news/articles/" + strconv.FormatInt(id, 10) + "/edit"
	fail := func(t fault.Text) error {
		h.flash(r.Context(), "error", t)
		redirect(w, r, back)
		return nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, news.MaxImageBytes+64<<10)
	mr, err := r.MultipartReader()
	if err != nil {
		return fail(text("news.choose_image"))
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return fail(text("news.choose_image"))
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return fail(text("news.image_too_large"))
			}
			return fail(text("news.choose_image"))
		}
		if part.FormName() != "image" || part.FileName() == "" {
			continue
		}
		_, err = h.news.SetImage(r.Context(), news.ArticleID(id), part, 0)
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return fail(text("news.image_too_large"))
		case fault.Is(err, fault.Invalid):
			_, msg := statusOf(err)
			for _, f := range fault.FieldsOf(err) {
				msg = f
			}
			return fail(msg)
		case err != nil:
			return err
		}
		h.flash(r.Context(), "success", text("news.image_saved"))
		redirect(w, r, back)
		return nil
	}
}

func (h *Handler) newsImage(thumb bool) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		b, err := h.news.Image(r.Context(), news.ArticleID(id), thumb)
		if err != nil {
			return err
		}
		hd := w.Header()
		hd.Set("Content-Type", "image/jpeg")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Cache-Control", "public, max-age=86400")
		hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		hd.Set("Content-Length", strconv.Itoa(len(b)))
		_, err = w.Write(b)
		return err
	}
}

// thumbOf is the thumbnail of a stored image, or the image itself.
func thumbOf(img string) string {
	if rest, ok := strings.CutPrefix(img, "/news/images/"); ok {
		id, v, _ := strings.Cut(rest, "?")
		return "/news/images/" + id + "/thumb?" + v
	}
	return img
}
